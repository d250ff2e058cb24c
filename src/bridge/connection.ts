import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { BrokerConfig } from './config';
import { describeError, type BridgeLogger } from './log';

export interface Subscription {
  topic: string;
  qos: 0 | 1;
}

export interface PublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
  properties?: IClientPublishOptions['properties'];
  /**
   * Kept until the broker acknowledged it, across disconnects (events, answers, schedule results).
   * Retained state is not durable: it is republished whole after every reconnect instead.
   */
  durable?: boolean;
}

interface Pending {
  topic: string;
  payload: string | Buffer;
  options: PublishOptions;
  /** Connection generation of the send in flight, or 0 when waiting. */
  sentIn: number;
  /** Told when the message leaves the outbox: acknowledged (or refused for good), or abandoned (with an error). */
  done?: (err?: Error) => void;
}

export interface ConnectionEvents {
  /** Connected and subscribed: publish retained state now. */
  online: [];
  offline: [];
  message: [string, Buffer, IPublishPacket];
}

/**
 * The broker connection: Last Will, subscriptions on every connect, reconnect with exponential
 * backoff, and an outbox so that durable messages survive a broker outage and are sent once after it.
 *
 * mqtt.js has its own offline store and fixed-period reconnect; both are switched off (it cannot back
 * off, and its store is thrown away by `reconnect()`), so what is delivered after an outage is decided
 * here, in one place.
 */
export class Connection extends EventEmitter<ConnectionEvents> {
  private client: MqttClient | undefined;
  private readonly outbox = new Set<Pending>();
  private generation = 0;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private dropped = 0;
  connects = 0;

  constructor(
    private readonly config: BrokerConfig,
    private readonly will: { topic: string; payload: string },
    private readonly subscriptions: () => Subscription[],
    private readonly log: BridgeLogger,
    private readonly outboxLimit = 10_000,
  ) {
    super();
  }

  get connected(): boolean {
    return !!this.client?.connected;
  }

  get protocolVersion(): 4 | 5 {
    return this.config.protocolVersion;
  }

  get pending(): number {
    return this.outbox.size;
  }

  start(): void {
    const c = this.config;
    const options: IClientOptions = {
      clientId: c.clientId,
      protocolVersion: c.protocolVersion,
      // A kept session lets the broker queue requests (QoS 1) for a bridge that is restarting.
      clean: c.sessionExpiryS === 0,
      ...(c.sessionExpiryS > 0 && c.protocolVersion === 5 ? { properties: { sessionExpiryInterval: c.sessionExpiryS } } : {}),
      keepalive: c.keepaliveS,
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: { topic: this.will.topic, payload: Buffer.from(this.will.payload), qos: 1, retain: true },
      ...(c.username !== undefined ? { username: c.username } : {}),
      ...(c.password !== undefined ? { password: c.password } : {}),
      ...(c.tls ? { ca: c.tls.ca, cert: c.tls.cert, key: c.tls.key, rejectUnauthorized: c.tls.rejectUnauthorized } : {}),
    };
    const client = mqtt.connect(c.url, options);
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('close', () => this.onClose());
    client.on('error', (err) => this.log.warn(`broker: ${describeError(err)}${tlsHint(err)}`));
    client.on('message', (topic, payload, packet) => this.emit('message', topic, payload, packet));
  }

  private async onConnect(client: MqttClient): Promise<void> {
    // Answers are small packets: Nagle's algorithm would hold each one back waiting for an ACK.
    (client.stream as { setNoDelay?(noDelay: boolean): void } | undefined)?.setNoDelay?.(true);
    this.attempts = 0;
    this.connects++;
    const generation = ++this.generation;
    this.log.info(`connected to the broker${this.connects > 1 ? ' again' : ''}`);
    const subs = this.subscriptions();
    try {
      if (subs.length) {
        // retain-as-published lets an MQTT 5 bridge see that a live request was sent retained.
        const v5 = this.config.protocolVersion === 5;
        await client.subscribeAsync(Object.fromEntries(subs.map((s) => [s.topic, v5 ? { qos: s.qos, rap: true } : { qos: s.qos }])));
      }
    } catch (err) {
      this.log.warn(`broker: subscribing failed (${describeError(err)}); reconnecting`);
      client.end(true);
      return;
    }
    if (generation !== this.generation || !client.connected) return;
    this.emit('online');
    for (const entry of this.outbox) if (!entry.sentIn) this.send(entry);
  }

  private onClose(): void {
    // Whatever was in flight on the lost connection is sent again on the next one (from the outbox).
    this.generation++;
    for (const entry of this.outbox) entry.sentIn = 0;
    // mqtt.js keeps the lost connection's unacknowledged sends and would wait for them forever on a
    // clean end(); they are the outbox's business now.
    const outgoing = this.client?.outgoing ?? {};
    for (const id of Object.keys(outgoing)) {
      const cb = outgoing[Number(id)]?.cb;
      delete outgoing[Number(id)];
      if (typeof cb === 'function') cb(new Error('connection lost'));
    }
    if (this.stopping) return;
    if (this.attempts === 0) {
      this.log.warn(this.connects ? 'lost the broker connection; reconnecting' : 'could not connect to the broker; trying again');
      this.emit('offline');
    }
    const delay = Math.min(this.config.reconnectMaxMs, this.config.reconnectMinMs * 2 ** Math.min(this.attempts, 20));
    this.attempts++;
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopping) this.client?.reconnect();
    }, jittered);
  }

  private send(entry: Pending): void {
    const client = this.client;
    if (!client?.connected) return;
    const generation = this.generation;
    entry.sentIn = generation;
    const { durable: _d, ...opts } = entry.options;
    client.publish(entry.topic, entry.payload, { qos: opts.qos ?? 1, retain: opts.retain ?? false, ...(opts.properties ? { properties: opts.properties } : {}) }, (err) => {
      if (!err) {
        this.settle(entry);
      } else if (client.connected && generation === this.generation) {
        // Refused while connected (a bad topic, too large): sending it again would fail the same way.
        this.settle(entry);
        this.log.warn(`publish to ${entry.topic} refused: ${describeError(err)}`);
      } else if (entry.sentIn === generation) {
        entry.sentIn = 0;
      }
    });
  }

  private settle(entry: Pending, err?: Error): void {
    if (this.outbox.delete(entry)) entry.done?.(err);
  }

  /**
   * A durable publish that resolves once the broker has acknowledged it (QoS 1), however long an outage
   * lasts; rejected only when the bridge gives up on it (`abandonConfirmed`, a full outbox).
   */
  publishConfirmed(topic: string, payload: string | Buffer, options: Omit<PublishOptions, 'durable'> = {}): Promise<void> {
    return new Promise((resolve, reject) => this.publish(topic, payload, { ...options, durable: true }, (err) => (err ? reject(err) : resolve())));
  }

  /** Stops waiting for the broker on confirmed publishes (their senders keep them for later). */
  abandonConfirmed(reason: string): void {
    for (const entry of [...this.outbox]) if (entry.done) this.settle(entry, new Error(reason));
  }

  /** Sends now when connected; durable messages wait in the outbox otherwise. Never throws. */
  publish(topic: string, payload: string | Buffer, options: PublishOptions = {}, done?: (err?: Error) => void): void {
    const entry: Pending = { topic, payload, options, sentIn: 0, done };
    if (options.durable) {
      if (this.outbox.size >= this.outboxLimit) {
        const oldest = this.outbox.values().next().value as Pending;
        this.settle(oldest, new Error('outbox full'));
        if (this.dropped++ % 1000 === 0) this.log.warn(`broker unreachable for long: outbox full (${this.outboxLimit}), dropping the oldest messages`);
      }
      this.outbox.add(entry);
      this.send(entry);
      return;
    }
    const client = this.client;
    if (!client?.connected) return;
    client.publish(topic, payload, { qos: options.qos ?? 0, retain: options.retain ?? false, ...(options.properties ? { properties: options.properties } : {}) }, (err) => {
      if (err && client.connected) this.log.debug(`publish to ${topic} failed: ${describeError(err)}`);
    });
  }

  /** Publishes `offline` (a clean stop sends no Will), then disconnects. */
  async stop(finalState?: { topic: string; payload: string }, beforeEnd?: () => Promise<void>, waitMs = 3000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    if (!client) {
      await beforeEnd?.();
      return;
    }
    if (client.connected) {
      const waiting = [...this.outbox].filter((e) => e.sentIn);
      const deadline = new Promise<void>((r) => setTimeout(r, waitMs).unref());
      const flushed = new Promise<void>((resolve) => {
        const check = (): void => {
          if (waiting.every((e) => !this.outbox.has(e)) || !client.connected) resolve();
          else setTimeout(check, 10).unref();
        };
        check();
      });
      await Promise.race([flushed, deadline]);
      if (finalState) {
        await Promise.race([client.publishAsync(finalState.topic, finalState.payload, { qos: 1, retain: true }).catch(() => undefined), deadline]);
      }
    }
    await beforeEnd?.();
    // A clean DISCONNECT (so the broker drops the Will), but never wait on it for ever.
    const ended = client.endAsync(!client.connected).then(() => true, () => true);
    if (!(await Promise.race([ended, new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]))) {
      await client.endAsync(true).catch(() => undefined);
    }
  }
}

const UNTRUSTED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED']);

/** What to do about a broker certificate that does not verify: trust its CA, never switch checks off. */
function tlsHint(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (UNTRUSTED.has(code)) return ' (the broker\'s certificate is not trusted: give its CA as broker.tls.ca)';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return ' (the broker\'s certificate names another host: connect by a name it carries)';
  if (code === 'CERT_HAS_EXPIRED') return ' (the broker\'s certificate has expired)';
  return '';
}
