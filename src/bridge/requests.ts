import type { IPublishPacket } from 'mqtt';
import { ACTION_NAMES, findAction, toJsonResult } from '../actions/catalogue';
import { ActionError, toActionError } from '../actions/errors';
import type { Station } from '../station/station';
import { BRIDGE_ACTIONS, isActionAllowed, isBridgeAction, type ActionPolicy } from './allow';
import type { Connection } from './connection';
import { QueueFullError, type Limiter } from './limiter';
import type { BridgeLogger } from './log';
import type { Scheduler } from './schedules';
import { RequestJournal, type JournaledRequest } from './request-journal';
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
  /** Deliveries again of a request this bridge (or its previous life) had taken already. */
  redelivered: number;
  /** Requests a previous life took and this one saw through. */
  recovered: number;
}

/** Fields the bridge reads from a request payload itself; they are not part of any action's input. */
const ENVELOPE = ['transaction', 'station'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A topic to answer on must be a plain topic: no wildcards, not empty. */
const usableTopic = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length < 65_536 && !/[#+\0]/.test(t);

type Answer = { status: 'ok'; data: unknown } | { status: 'error'; error: unknown };

/**
 * `<base>/request/<action>` → `<base>/response/<action>` (or the MQTT 5 response topic). Every request
 * is answered exactly once, whatever it holds and whenever the bridge dies (the journal); nothing a
 * client sends can stop the bridge. Actions run through the station's limiter and are never awaited by
 * the MQTT message handler, so a slow NAS only delays its own answers.
 */
export class RequestHandler {
  readonly stats: RequestStats = { received: 0, answered: 0, errors: 0, ignoredRetained: 0, redelivered: 0, recovered: 0 };

  constructor(
    private readonly topics: Topics,
    private readonly connection: Connection,
    private readonly stations: ReadonlyMap<string, StationHandle>,
    private readonly defaultStation: string,
    private readonly policy: ActionPolicy,
    private readonly scheduler: Scheduler,
    private readonly log: BridgeLogger,
    private readonly maxPayloadBytes: number,
    private readonly journal: RequestJournal,
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
    const props = packet.properties;
    const responseTopic = usableTopic(props?.responseTopic) ? props.responseTopic : this.topics.response(action);
    const correlationData = props?.correlationData;
    const key = RequestJournal.key(packet.messageId, topic, payload, responseTopic, correlationData);
    if (packet.dup && this.journal.knows(key)) {
      // Its answer is made, on its way, or owed by the journal: running it again would answer twice.
      this.stats.redelivered++;
      return true;
    }
    this.stats.received++;
    let body: Record<string, unknown> | undefined;
    let invalid: unknown;
    try {
      body = this.parse(payload);
    } catch (err) {
      invalid = err;
    }
    // Only what changes nothing is run again after a crash; its payload is kept for that.
    const rerun = body !== undefined && !isBridgeAction(action) && findAction(action)?.writes === false;
    const entry = this.journal.received({
      key, action, responseTopic,
      ...(correlationData ? { correlationData: correlationData.toString('base64') } : {}),
      ...(body?.transaction !== undefined ? { transaction: body.transaction } : {}),
      ...(rerun ? { rerun: payload.toString('utf8') } : {}),
    });
    if (body === undefined) this.fail(entry, invalid);
    else this.run(entry, action, body);
    return true;
  }

  /**
   * What a previous life of the bridge owed: answers made and perhaps never delivered go out again as
   * they were; requests without an answer run again if they change nothing, and otherwise get an error
   * that says they may or may not have taken effect.
   */
  recover(): void {
    for (const entry of this.journal.owed()) {
      this.stats.recovered++;
      if (entry.answer !== undefined) {
        this.publish(entry, entry.answer);
      } else if (entry.rerun !== undefined) {
        let body: Record<string, unknown>;
        try {
          body = this.parse(Buffer.from(entry.rerun, 'utf8'));
        } catch (err) {
          this.fail(entry, err);
          continue;
        }
        this.run(entry, entry.action, body);
      } else {
        this.fail(entry, new ActionError('unavailable', `the bridge stopped while running ${entry.action.slice(0, 80)}; it may or may not have taken effect: check before sending it again`));
      }
    }
    if (this.stats.recovered) this.log.info(`answering ${this.stats.recovered} request(s) taken before the bridge stopped`);
  }

  private run(entry: JournaledRequest, action: string, body: Record<string, unknown>): void {
    try {
      const handle = this.stationFor(body.station);
      const input = Object.fromEntries(Object.entries(body).filter(([k]) => !(ENVELOPE as readonly string[]).includes(k)));
      const refusal = (name: string): void => {
        const why = isActionAllowed(name, this.policy);
        if (why) throw new ActionError('not_allowed', why);
      };
      if (isBridgeAction(action)) {
        refusal(action);
        void this.bridgeAction(action, input).then((data) => this.reply(entry, { status: 'ok', data }), (err: unknown) => this.fail(entry, err));
        return;
      }
      if (!findAction(action)) {
        throw new ActionError('unknown_action', `unknown action "${action.slice(0, 80)}"; known actions: ${[...ACTION_NAMES, ...BRIDGE_ACTIONS].join(', ')}`);
      }
      refusal(action);
      void handle.limiter
        .run(() => handle.station.run(action, input))
        .then((result) => {
          this.reply(entry, { status: 'ok', data: toJsonResult(result) });
          try {
            handle.afterRun?.(action, input, result);
          } catch (err) {
            this.log.debug(`after ${action}: ${String(err)}`);
          }
        }, (err: unknown) => this.fail(entry, err));
    } catch (err) {
      this.fail(entry, err);
    }
  }

  private fail(entry: JournaledRequest, err: unknown): void {
    const e = err instanceof QueueFullError ? new ActionError('unavailable', err.message) : toActionError(err);
    this.reply(entry, { status: 'error', error: e.toJSON() });
  }

  private reply(entry: JournaledRequest, body: Answer): void {
    this.stats.answered++;
    if (body.status === 'error') this.stats.errors++;
    const message = entry.transaction === undefined ? body : { ...body, transaction: entry.transaction };
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch {
      text = JSON.stringify({ status: 'error', error: { code: 'station_error', message: 'the result could not be written as JSON' } });
    }
    // Written down before it is sent: a crash after the send cannot lead to a second, different answer.
    this.journal.answered(entry, text);
    this.publish(entry, text);
  }

  private publish(entry: JournaledRequest, text: string): void {
    const correlationData = entry.correlationData !== undefined ? Buffer.from(entry.correlationData, 'base64') : undefined;
    this.connection.publish(entry.responseTopic, text, {
      qos: 1, durable: true, ...(correlationData ? { properties: { correlationData } } : {}),
    }, (err) => {
      // Not acknowledged (the bridge is stopping): the journal still owes it to the next start.
      if (!err) this.journal.delivered(entry);
    });
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
