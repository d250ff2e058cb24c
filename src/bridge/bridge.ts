import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findAction } from '../actions/catalogue';
import { parseAlbumRef } from '../actions/schema';
import { Station, type StationOptions } from '../station/station';
import { AlbumCommands, type AlbumStationHandle } from './album-set';
import { AlbumStates } from './album-state';
import type { BridgeConfig } from './config';
import { Connection } from './connection';
import { Discovery } from './discovery';
import { EventPublisher } from './events';
import { Limiter } from './limiter';
import { createLogger, describeError, Redactor, type BridgeLogger } from './log';
import { RequestJournal } from './request-journal';
import { RequestHandler } from './requests';
import { Scheduler, type SchedulerClock } from './schedules';
import { Topics } from './topics';
import { bridgeVersion } from './version';

export interface BridgeOptions {
  config: BridgeConfig;
  /** Where log lines go (stderr by default); every line passes the secret mask first. */
  logSink?: (line: string) => void;
  /** The schedules' clock (tests drive it). */
  clock?: SchedulerClock;
  /** Extra station options (tests: faster polling floors, a clock). */
  stationOptions?: Partial<StationOptions>;
  /** How often bridge/info is refreshed, default 60 s (only published when it changed). */
  infoIntervalMs?: number;
  /** How long to wait before reading album states again when the NAS could not be read at start. */
  loadRetryMs?: number;
}

/**
 * The MQTT bridge: one broker connection, one Station per configured NAS, and the modules that
 * turn topics into actions and station events into topics.
 */
export class Bridge {
  readonly config: BridgeConfig;
  readonly topics: Topics;
  readonly connection: Connection;
  readonly stations = new Map<string, AlbumStationHandle>();
  readonly scheduler: Scheduler;
  readonly requests: RequestHandler;
  readonly events: EventPublisher;
  readonly discovery: Discovery | undefined;
  readonly log: BridgeLogger;
  readonly version = bridgeVersion();
  private readonly albumCommands: AlbumCommands;
  private readonly startedAt = new Date().toISOString();
  private infoTimer: NodeJS.Timeout | undefined;
  private lastInfo = '';
  private readonly loadTimers = new Set<NodeJS.Timeout>();
  private readonly loads: Array<Promise<void>> = [];
  private stopped = false;

  constructor(private readonly options: BridgeOptions) {
    const config = options.config;
    this.config = config;
    const redactor = new Redactor();
    redactor.add(...config.secrets);
    this.log = createLogger(config.logLevel, redactor, options.logSink);
    const defaultStation = config.stations[0].name;
    this.topics = new Topics(config.baseTopic, defaultStation);
    this.connection = new Connection(config.broker, { topic: this.topics.state, payload: 'offline' }, () => this.subscriptions(), this.log);
    this.events = new EventPublisher(this.connection, this.topics);
    if (config.homeassistant.enabled) {
      this.discovery = new Discovery(this.connection, this.topics, { prefix: config.homeassistant.discoveryPrefix, version: this.version });
    }
    for (const sc of config.stations) {
      mkdirSync(sc.dataDir, { recursive: true });
      const station = new Station({
        url: sc.url,
        username: sc.user,
        password: sc.password,
        tls: sc.tls,
        timeoutMs: sc.timeoutMs,
        dataDir: sc.dataDir,
        watch: sc.polling === false ? false : { intervalMs: sc.polling.intervalMs, reconcileMs: sc.polling.reconcileMs, floorMs: sc.polling.floorMs, quietHours: sc.polling.quietHours },
        logger: { debug: (m) => this.log.debug(`station ${sc.name}: ${m}`), warn: (m) => this.log.warn(`station ${sc.name}: ${m}`) },
        deliver: (events) => this.events.deliver(sc.name, events),
        ...options.stationOptions,
      });
      const albums = new AlbumStates(sc.name, sc.albumState, sc.albums, (action, input) => station.run(action, input), this.log, {
        lastAddedFile: join(sc.dataDir, 'last-added.json'),
      });
      const handle: AlbumStationHandle = {
        name: sc.name,
        station,
        limiter: new Limiter(config.concurrency, config.queue),
        albums,
        settings: sc.albums,
        afterRun: (action, input, result) => this.afterRun(handle, action, input, result),
      };
      this.stations.set(sc.name, handle);
      station.on('event', (e) => albums.onEvent(e));
      station.on('warning', (err) => this.log.warn(`station ${sc.name}: ${describeError(err)}`));
      albums.on('state', (state) => {
        this.connection.publish(this.topics.album(sc.name, state.id), JSON.stringify(state), { qos: 1, retain: true });
        if (this.discovery && this.chosen(handle, state.id, state.path)) this.discovery.album(sc.name, state);
      });
      albums.on('removed', ({ id, path }) => {
        this.connection.publish(this.topics.album(sc.name, id), '', { qos: 1, retain: true });
        if (this.discovery) this.discovery.removed(sc.name, id, this.chosen(handle, id, path));
      });
    }
    this.scheduler = new Scheduler(
      config.schedules,
      (stationName, action, input) => {
        const handle = this.stations.get(stationName)!;
        return handle.limiter.run(() => handle.station.run(action, input)).then((result) => {
          this.afterRun(handle, action, input, result);
          return result;
        });
      },
      (result) => this.connection.publish(this.topics.schedule(result.schedule), JSON.stringify(result), { qos: 1, retain: false, durable: true }),
      this.log,
      options.clock,
    );
    // The default station's data_dir holds the bridge's own journal too.
    let journalWarned = false;
    const journal = new RequestJournal(join(config.stations[0].dataDir, 'requests.jsonl'), Date.now, (err) => {
      if (!journalWarned) this.log.warn(`request journal: ${describeError(err)}; requests are answered, but not kept across a crash`);
      journalWarned = true;
    });
    this.requests = new RequestHandler(this.topics, this.connection, this.stations, defaultStation, config.actions, this.scheduler, this.log, config.maxPayloadBytes, journal);
    this.albumCommands = new AlbumCommands(this.topics, this.connection, this.stations, config.actions, this.log);
    this.connection.on('online', () => this.republish());
    this.connection.on('message', (topic, payload, packet) => {
      try {
        if (this.requests.handle(topic, payload, packet)) return;
        if (this.albumCommands.handle(topic, payload, packet)) return;
        if (this.discovery && topic === config.homeassistant.statusTopic && payload.toString().trim() === 'online') {
          this.log.info('Home Assistant is online: publishing discovery again');
          this.discovery.republish();
          for (const h of this.stations.values()) for (const s of h.albums.all()) h.albums.republish(s.id);
        }
      } catch (err) {
        // The last guard: no message may take the bridge down.
        this.log.error(`handling ${topic.slice(0, 200)}: ${describeError(err)}`);
      }
    });
  }

  private chosen(handle: AlbumStationHandle, id: string, path: string): boolean {
    return handle.settings.some((s) => s.homeassistant && (s.album.id === id || s.album.path === path));
  }

  private subscriptions(): Array<{ topic: string; qos: 0 | 1 }> {
    const subs: Array<{ topic: string; qos: 0 | 1 }> = [
      { topic: this.topics.requestFilter, qos: 1 },
      ...this.topics.albumSetFilters.map((topic) => ({ topic, qos: 1 as const })),
    ];
    if (this.discovery) subs.push({ topic: this.config.homeassistant.statusTopic, qos: 1 });
    return subs;
  }

  /** After the bridge changed something itself, its album states follow at once instead of at the next poll. */
  private afterRun(handle: AlbumStationHandle, action: string, input: Record<string, unknown>, result: unknown): void {
    if (!findAction(action)?.writes) return;
    const shares = action.startsWith('share.');
    const refs = [input.album, input.parent, (result as { id?: unknown } | null)?.id];
    for (const r of refs) {
      const ref = parseAlbumRef(r);
      if (ref) handle.albums.touch(ref, shares);
    }
    if (shares) handle.albums.touchShares();
  }

  /** Everything retained, again: after each (re)connect, since a restarted broker may have lost it. */
  private republish(): void {
    this.connection.publish(this.topics.state, 'online', { qos: 1, retain: true });
    this.lastInfo = '';
    this.publishInfo();
    for (const h of this.stations.values()) for (const s of h.albums.all()) h.albums.republish(s.id);
    this.discovery?.republish();
  }

  info(): Record<string, unknown> {
    return {
      version: this.version,
      base_topic: this.config.baseTopic,
      started_at: this.startedAt,
      stations: [...this.stations.values()].map((h) => {
        const detector = h.station.detector?.status();
        return {
          name: h.name,
          url: this.config.stations.find((s) => s.name === h.name)!.url,
          user: h.station.username ?? null,
          detector: detector
            ? { state: detector.state, last_poll: detector.lastPollAt ?? null, last_reconcile: detector.lastReconcileAt ?? null, counts: detector.counts, events: detector.eventsEmitted, last_error: detector.lastError ?? null }
            : null,
          requests: { in_flight: h.limiter.inFlight, queued: h.limiter.queued, done: h.limiter.done },
          albums: h.albums.all().length,
        };
      }),
      schedules: this.config.schedules.map((s) => s.name),
      homeassistant: this.config.homeassistant.enabled,
      read_only: this.config.actions.readOnly,
    };
  }

  publishInfo(): void {
    const text = JSON.stringify(this.info());
    if (text === this.lastInfo) return;
    this.lastInfo = text;
    this.connection.publish(this.topics.info, text, { qos: 1, retain: true });
  }

  /** Connects (in the background: the bridge keeps trying), starts the stations, album states and schedules. */
  start(): void {
    this.log.info(`photostation bridge ${this.version}: ${this.stations.size} station(s), broker ${this.config.broker.url}, base topic ${this.config.baseTopic}`);
    this.connection.start();
    for (const h of this.stations.values()) {
      h.station.start();
      this.loads.push(this.loadAlbums(h));
    }
    this.requests.recover();
    this.scheduler.start();
    this.infoTimer = setInterval(() => this.publishInfo(), this.options.infoIntervalMs ?? 60_000);
  }

  private async loadAlbums(h: AlbumStationHandle): Promise<void> {
    try {
      await h.albums.load();
      this.publishInfo();
    } catch (err) {
      if (this.stopped) return;
      const retry = this.options.loadRetryMs ?? 60_000;
      this.log.warn(`station ${h.name}: could not read the albums (${describeError(err)}); trying again in ${Math.round(retry / 1000)} s`);
      const t = setTimeout(() => {
        this.loadTimers.delete(t);
        void this.loadAlbums(h);
      }, retry);
      this.loadTimers.add(t);
    }
  }

  /** Resolves when the first read of every station's albums is over (tests). */
  async ready(): Promise<void> {
    await Promise.all(this.loads);
    for (const h of this.stations.values()) await h.albums.settle();
  }

  /** Publishes offline, closes the stations (logging out), then disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.infoTimer);
    for (const t of this.loadTimers) clearTimeout(t);
    await this.scheduler.stop();
    for (const h of this.stations.values()) h.albums.close();
    // Events still waiting for the broker stay with the detector, which sends them again after a restart.
    if (!this.connection.connected) this.connection.abandonConfirmed('the bridge stopped before the broker confirmed');
    const abandon = setTimeout(() => this.connection.abandonConfirmed('the bridge stopped before the broker confirmed'), 2000);
    await this.connection.stop({ topic: this.topics.state, payload: 'offline' }, async () => {
      await Promise.all([...this.stations.values()].map((h) => h.station.close().catch((err: unknown) => this.log.warn(`station ${h.name}: ${describeError(err)}`))));
    });
    clearTimeout(abandon);
    this.log.info('stopped');
  }
}
