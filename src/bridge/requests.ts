import type { IPublishPacket } from 'mqtt';
import { ACTION_NAMES, findAction, toJsonResult } from '../actions/catalogue';
import { ActionError, toActionError } from '../actions/errors';
import type { Station } from '../station/station';
import { BRIDGE_ACTIONS, isActionAllowed, isBridgeAction, type ActionPolicy } from './allow';
import type { Connection } from './connection';
import { QueueFullError, type Limiter } from './limiter';
import type { BridgeLogger } from './log';
import type { Scheduler } from './schedules';
import type { Topics } from './topics';

export interface StationHandle {
  name: string;
  station: Station;
  limiter: Limiter;
  /** Called after a successful action, so album states follow the bridge's own changes at once. */
  afterRun?(action: string, input: Record<string, unknown>, result: unknown): void;
}

export interface RequestStats {
  received: number;
  answered: number;
  errors: number;
  ignoredRetained: number;
}

/** Fields the bridge reads from a request payload itself; they are not part of any action's input. */
const ENVELOPE = ['transaction', 'station'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A topic to answer on must be a plain topic: no wildcards, not empty. */
const usableTopic = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length < 65_536 && !/[#+\0]/.test(t);

/**
 * `<base>/request/<action>` → `<base>/response/<action>` (or the MQTT 5 response topic). Every request
 * is answered, whatever it holds; nothing a client sends can stop the bridge. Actions run through the
 * station's limiter and are never awaited by the MQTT message handler, so a slow NAS only delays
 * its own answers.
 */
export class RequestHandler {
  readonly stats: RequestStats = { received: 0, answered: 0, errors: 0, ignoredRetained: 0 };

  constructor(
    private readonly topics: Topics,
    private readonly connection: Connection,
    private readonly stations: ReadonlyMap<string, StationHandle>,
    private readonly defaultStation: string,
    private readonly policy: ActionPolicy,
    private readonly scheduler: Scheduler,
    private readonly log: BridgeLogger,
    private readonly maxPayloadBytes: number,
  ) {}

  /** Answers whether the message was a request (handled or deliberately ignored). */
  handle(topic: string, payload: Buffer, packet: IPublishPacket): boolean {
    const action = this.topics.parseRequest(topic);
    if (action === undefined) return false;
    if (packet.retain) {
      // A retained request would run again on every reconnect of every bridge: never act on one.
      this.stats.ignoredRetained++;
      this.log.warn(`ignored a retained request on ${topic}; clear it with an empty retained message`);
      return true;
    }
    this.stats.received++;
    const props = packet.properties;
    const responseTopic = usableTopic(props?.responseTopic) ? props.responseTopic : this.topics.response(action);
    const correlationData = props?.correlationData;
    let transaction: unknown;
    const reply = (body: { status: 'ok'; data: unknown } | { status: 'error'; error: unknown }): void => {
      this.stats.answered++;
      if (body.status === 'error') this.stats.errors++;
      const message = transaction === undefined ? body : { ...body, transaction };
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch {
        text = JSON.stringify({ status: 'error', error: { code: 'station_error', message: 'the result could not be written as JSON' } });
      }
      this.connection.publish(responseTopic, text, {
        qos: 1, durable: true, ...(correlationData ? { properties: { correlationData } } : {}),
      });
    };
    const fail = (err: unknown): void => {
      const e = err instanceof QueueFullError ? new ActionError('unavailable', err.message) : toActionError(err);
      reply({ status: 'error', error: e.toJSON() });
    };
    try {
      const body = this.parse(payload);
      transaction = body.transaction;
      const handle = this.stationFor(body.station);
      const input = Object.fromEntries(Object.entries(body).filter(([k]) => !(ENVELOPE as readonly string[]).includes(k)));
      const refusal = (name: string): void => {
        const why = isActionAllowed(name, this.policy);
        if (why) throw new ActionError('not_allowed', why);
      };
      if (isBridgeAction(action)) {
        refusal(action);
        void this.bridgeAction(action, input).then((data) => reply({ status: 'ok', data }), fail);
        return true;
      }
      if (!findAction(action)) {
        throw new ActionError('unknown_action', `unknown action "${action.slice(0, 80)}"; known actions: ${[...ACTION_NAMES, ...BRIDGE_ACTIONS].join(', ')}`);
      }
      refusal(action);
      void handle.limiter
        .run(() => handle.station.run(action, input))
        .then((result) => {
          reply({ status: 'ok', data: toJsonResult(result) });
          try {
            handle.afterRun?.(action, input, result);
          } catch (err) {
            this.log.debug(`after ${action}: ${String(err)}`);
          }
        }, fail);
    } catch (err) {
      fail(err);
    }
    return true;
  }

  private parse(payload: Buffer): Record<string, unknown> {
    if (payload.length > this.maxPayloadBytes) {
      throw new ActionError('invalid_input', `the payload is ${payload.length} bytes; at most ${this.maxPayloadBytes} are accepted`);
    }
    const text = payload.toString('utf8').trim();
    // An empty message is the natural "no input" from mosquitto_pub -n or a Home Assistant button.
    if (text === '') return {};
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ActionError('invalid_input', 'the payload is not JSON; send a JSON object with the action\'s input, e.g. {"album": "Family"}');
    }
    if (!isObject(body)) {
      throw new ActionError('invalid_input', `the payload must be a JSON object with the action's input, not ${Array.isArray(body) ? 'a list' : body === null ? 'null' : `a ${typeof body}`}`);
    }
    return body;
  }

  private stationFor(name: unknown): StationHandle {
    if (name === undefined || name === null) return this.stations.get(this.defaultStation)!;
    const handle = typeof name === 'string' ? this.stations.get(name) : undefined;
    if (!handle) {
      throw new ActionError('invalid_input', `station: no station named ${JSON.stringify(String(name).slice(0, 40))}; configured: ${[...this.stations.keys()].join(', ')}`, { field: 'station' });
    }
    return handle;
  }

  private async bridgeAction(action: (typeof BRIDGE_ACTIONS)[number], input: Record<string, unknown>): Promise<unknown> {
    switch (action) {
      case 'schedule.list':
        return this.scheduler.list();
      case 'schedule.pause':
        return this.scheduler.pause(input.name);
      case 'schedule.resume':
        return this.scheduler.resume(input.name);
      case 'schedule.run': {
        const result = await this.scheduler.runNow(input.name);
        if (result.status === 'error') throw new ActionError((result.error?.code ?? 'station_error') as never, result.error?.message ?? 'the schedule failed');
        return { ...result, data: toJsonResult(result.data) };
      }
    }
  }
}
