/**
 * ChangeDetector: polls a Photo Station, keeps a persisted snapshot and emits the events of
 * the design contract (see docs/detector.md for what users can rely on).
 *
 * One cycle at a time: the cheap probe on every tick, a full reconcile when it is due, on the
 * first start after a restart, and whenever the probe cannot vouch for its answer.
 */
import { EventEmitter } from 'node:events';
import type { Logger, PhotoStationClient } from '../photostation';
import type { StationEvent } from './events';
import { probe } from './probe';
import { reconcile } from './reconcile';
import { type QuietHours, type Schedule, inQuietHours, makeSchedule, quietRemainingMs } from './schedule';
import { Snapshot } from './snapshot';
import { Source, type SourceOptions } from './source';
import { type Delta, StateStore } from './store';

/** The detector logs where its client does. */
export type DetectorLogger = Logger;

export interface ChangeDetectorOptions {
  client: PhotoStationClient;
  /** Where the snapshot lives between runs; without it every start is a first start. */
  statePath?: string;
  /** Probe interval, default 60 s. */
  intervalMs?: number;
  /** Full reconcile period, default 1 h. */
  reconcileMs?: number;
  /** Shortest time between two cycles, default 5 s; shorter intervals are raised to it. */
  floorMs?: number;
  /** No polling inside this local-time window, e.g. { from: '23:00', to: '06:30' }. */
  quietHours?: QuietHours;
  /** Clock for timestamps, quiet hours and "reconcile due" (tests). */
  now?: () => number;
  logger?: DetectorLogger;
  /** Items the probe looks at, default 100. */
  headSize?: number;
  /** Paging and batching of the reads. */
  source?: SourceOptions;
  /**
   * Where events must arrive before they count as delivered (e.g. a broker's acknowledgement). Until it
   * resolves they stay in the state's outbox: a restart sends them again; a rejection keeps them for the
   * next cycle. Listeners of 'event' still get each event once, at once.
   */
  deliver?: (events: readonly StationEvent[]) => Promise<void>;
}

export type DetectorState = 'starting' | 'indexing' | 'idle' | 'polling' | 'stopped';

export interface DetectorProgress {
  phase: 'index';
  done: number;
  total: number;
}

export interface DetectorStatus {
  state: DetectorState;
  lastPollAt: string | undefined;
  lastReconcileAt: string | undefined;
  /** Requests the last cycle made and what kind of cycle it was. */
  lastCycle: { kind: 'probe' | 'reconcile' | 'index'; requests: number; durationMs: number; events: number } | undefined;
  counts: { albums: number; items: number; shares: number };
  eventsEmitted: number;
  /** Message of the last failed cycle; cleared by the next successful one. Never holds secrets. */
  lastError: string | undefined;
}

export interface ChangeDetectorEvents {
  event: [StationEvent];
  progress: [DetectorProgress];
  error: [Error];
}

type CycleKind = 'probe' | 'reconcile';

export class ChangeDetector extends EventEmitter<ChangeDetectorEvents> {
  readonly #client: PhotoStationClient;
  readonly #source: Source;
  readonly #store: StateStore | undefined;
  readonly #schedule: Schedule;
  readonly #now: () => number;
  readonly #log: DetectorLogger;
  readonly #headSize: number;

  #state: DetectorState = 'stopped';
  #snap: Snapshot | undefined;
  /** False until the first full index is committed: that one reports no events. */
  #indexed = false;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #lastCycleEnd = 0;
  #lastCycle: DetectorStatus['lastCycle'];
  #lastError: string | undefined;
  #emitted = 0;
  readonly #deliverTo: ChangeDetectorOptions['deliver'];
  /** Batches a `deliver` hook has not confirmed yet, in order; polling goes on meanwhile. */
  #unconfirmed: Array<{ events: readonly StationEvent[]; serial: number; confirmed?: Promise<void> }> = [];
  #draining: Promise<void> | undefined;
  /** Size of the tag dictionary as last persisted; the journal only carries newer names. */
  #persistedTags = 0;

  constructor(options: ChangeDetectorOptions) {
    super();
    this.#client = options.client;
    this.#source = new Source(options.client, options.source);
    this.#schedule = makeSchedule(options);
    this.#now = options.now ?? Date.now;
    this.#log = options.logger ?? {};
    this.#headSize = Math.max(10, Math.floor(options.headSize ?? 100));
    this.#deliverTo = options.deliver;
    const station = `${options.client.baseUrl}|${options.client.username ?? ''}`;
    this.#store = options.statePath ? new StateStore(options.statePath, station) : undefined;
  }

  get state(): DetectorState {
    return this.#state;
  }

  /**
   * Loads the persisted state, re-delivers events a crash kept from their listeners, runs the
   * first cycle (an index on a first start, a reconcile after a restart) and starts the timer.
   * Resolves when that first cycle is over, whether it succeeded or not.
   */
  start(): Promise<void> {
    if (this.#started) return this.#started;
    this.#state = 'starting';
    this.#started = this.#serial(async () => {
      try {
        const stored = await this.#store?.load();
        if (stored) {
          this.#snap = stored.snapshot;
          this.#persistedTags = stored.snapshot.tags.names.length;
          this.#indexed = true;
          if (stored.pending.length > 0) {
            this.#log.info?.(`re-delivering ${stored.pending.length} events of an interrupted poll`);
            await this.#deliver(stored.pending, stored.snapshot.serial);
          }
        }
      } catch (err) {
        // A state we cannot read must not stop the product; it costs one silent re-index.
        this.#fail(err, 'could not read the detector state, indexing again');
      }
      await this.#cycle('reconcile');
    });
    void this.#started.then(() => this.#arm());
    return this.#started;
  }

  /** Stops the timer and waits for a cycle in flight; no timer is left behind. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
    this.#started = undefined;
  }

  /** One probe now (after any cycle in flight, and not sooner than the floor allows). */
  pollNow(): Promise<void> {
    return this.#manual('probe');
  }

  /** One full reconcile now. */
  reconcileNow(): Promise<void> {
    return this.#manual('reconcile');
  }

  status(): DetectorStatus {
    const snap = this.#snap;
    const iso = (ms: number | undefined): string | undefined => (ms ? new Date(ms).toISOString() : undefined);
    return {
      state: this.#state,
      lastPollAt: iso(snap?.lastPollAt),
      lastReconcileAt: iso(snap?.lastReconcileAt),
      lastCycle: this.#lastCycle && { ...this.#lastCycle },
      counts: snap?.counts() ?? { albums: 0, items: 0, shares: 0 },
      eventsEmitted: this.#emitted,
      lastError: this.#lastError,
    };
  }

  // ------------------------------------------------------------------ scheduling

  async #manual(kind: CycleKind): Promise<void> {
    if (!this.#started) throw new Error('the detector is not started');
    await this.#started;
    return this.#serial(async () => {
      const wait = this.#lastCycleEnd + this.#schedule.floorMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (this.#state !== 'stopped') await this.#cycle(kind);
    });
  }

  /** Chains work so that two cycles never overlap. */
  #serial(work: () => Promise<void>): Promise<void> {
    const run = (this.#running ?? Promise.resolve()).catch(() => undefined).then(work);
    this.#running = run;
    return run;
  }

  #arm(delay = this.#schedule.intervalMs): void {
    if (this.#state === 'stopped') return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), Math.max(delay, this.#schedule.floorMs));
    // The detector alone must not keep a process alive that has nothing else to do.
    this.#timer.unref?.();
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#state === 'stopped') return;
    const now = this.#now();
    const quiet = quietRemainingMs(this.#schedule, now);
    if (quiet > 0 || inQuietHours(this.#schedule, now)) {
      this.#log.debug?.('quiet hours: no poll');
      this.#arm(Math.max(quiet, 1000));
      return;
    }
    const due = now - (this.#snap?.lastReconcileAt ?? 0) >= this.#schedule.reconcileMs;
    const started = Date.now();
    void this.#serial(() => this.#cycle(due || !this.#indexed ? 'reconcile' : 'probe')).finally(() => {
      this.#arm(this.#schedule.intervalMs - (Date.now() - started));
    });
  }

  // ------------------------------------------------------------------ one cycle

  async #cycle(requested: CycleKind): Promise<void> {
    // Once stopped, no cycle begins (a start still on its way would otherwise revive the state and re-arm
    // the timer, and the armed timer would keep the detector and its station alive for ever).
    if (this.#state === 'stopped') return;
    const first = !this.#indexed || !this.#snap;
    const snap = first ? new Snapshot() : this.#snap!;
    this.#state = first ? 'indexing' : 'polling';
    const startedAt = this.#now();
    const t0 = Date.now();
    this.#source.requests = 0;
    let kind: 'probe' | 'reconcile' | 'index' = first ? 'index' : requested;
    try {
      let result;
      if (kind === 'probe') {
        result = await probe(this.#source, snap, this.#headSize);
        if (result.escalate) {
          this.#log.info?.(`probe: ${result.escalate}; running a full reconcile`);
          kind = 'reconcile';
          result = await reconcile(this.#source, snap, this.#headSize);
        }
      } else {
        result = await reconcile(this.#source, snap, this.#headSize, first ? (p) => this.#progress(p) : undefined);
      }
      const changed = result.changes.size > 0;
      const events = first ? [] : result.changes.events(new Date(startedAt).toISOString(), snap.serial + 1);
      const delta: Delta = { albums: [...result.changes.albums], items: [...result.changes.items], shares: [...result.changes.shares] };
      result.changes.apply();
      snap.head = result.head;
      snap.lastPollAt = startedAt;
      if (kind !== 'probe') snap.lastReconcileAt = startedAt;
      if (changed) snap.serial++;
      this.#snap = snap;
      this.#indexed = true;
      if (first) await this.#persist(() => this.#store!.save(snap, []));
      else if (changed) await this.#persist(() => this.#store!.commit(snap, delta, events, this.#persistedTags));
      this.#persistedTags = snap.tags.names.length;
      this.#lastCycle = { kind, requests: this.#source.requests, durationMs: Date.now() - t0, events: events.length };
      this.#lastError = undefined;
      this.#log.debug?.(`${kind}: ${this.#source.requests} requests, ${events.length} events, ${Date.now() - t0} ms`);
      if (events.length > 0) await this.#deliver(events, snap.serial);
      else if (this.#unconfirmed.length > 0) this.#drain();
    } catch (err) {
      this.#lastCycle = { kind, requests: this.#source.requests, durationMs: Date.now() - t0, events: 0 };
      this.#fail(err, `${kind} failed`);
    } finally {
      this.#lastCycleEnd = Date.now();
      // stop() may have run while this cycle awaited the NAS.
      if ((this.#state as DetectorState) !== 'stopped') this.#state = 'idle';
    }
  }

  async #persist(write: () => Promise<void>): Promise<void> {
    if (!this.#store) return;
    try {
      await write();
    } catch (err) {
      // Delivering anyway is the lesser evil: after a restart the same changes are found
      // again against the old state and carry the same event ids.
      this.#fail(err, 'could not save the detector state');
    }
  }

  async #deliver(events: readonly StationEvent[], serial: number): Promise<void> {
    for (const ev of events) {
      this.#emitted++;
      try {
        this.emit('event', ev);
      } catch (err) {
        this.#fail(err, `a listener of ${ev.event} threw`);
      }
    }
    if (this.#deliverTo) {
      // Sent at once; recorded as delivered in order, once confirmed.
      const confirmed = this.#deliverTo(events);
      confirmed.catch(() => undefined);
      this.#unconfirmed.push({ events, serial, confirmed });
      this.#drain();
      return;
    }
    await this.#ack(serial);
  }

  async #ack(serial: number): Promise<void> {
    try {
      await this.#store?.ack(serial);
    } catch (err) {
      this.#fail(err, 'could not record the delivery');
    }
  }

  /**
   * Hands unconfirmed batches to the `deliver` hook, oldest first, and records each as delivered once the
   * hook resolves. A rejection leaves them (and the state's outbox) for the next cycle or the next start.
   */
  #drain(): void {
    if (this.#draining || !this.#deliverTo) return;
    const deliverTo = this.#deliverTo;
    this.#draining = (async () => {
      while (this.#unconfirmed.length > 0) {
        const head = this.#unconfirmed[0];
        head.confirmed ??= deliverTo(head.events);
        try {
          await head.confirmed;
        } catch (err) {
          head.confirmed = undefined;
          this.#fail(err, `${head.events.length} events not confirmed yet`);
          return;
        }
        this.#unconfirmed.shift();
        await this.#ack(head.serial);
      }
    })().finally(() => {
      this.#draining = undefined;
    });
  }

  #progress(p: { done: number; total: number }): void {
    try {
      this.emit('progress', { phase: 'index', done: p.done, total: p.total });
    } catch (err) {
      this.#fail(err, 'a progress listener threw');
    }
  }

  #fail(err: unknown, context: string): void {
    const message = `${context}: ${scrub(err instanceof Error ? err.message : String(err))}`;
    this.#lastError = message;
    this.#log.warn?.(message);
    if (this.listenerCount('error') > 0) {
      const e = new Error(message, { cause: err });
      try {
        this.emit('error', e);
      } catch {
        // An error listener that throws has nobody left to tell.
      }
    }
  }

  /** The client this detector reads through (for the station's status page). */
  get client(): PhotoStationClient {
    return this.#client;
  }
}

/** Error texts may quote a URL or form; passwords and session ids never leave the detector. */
export function scrub(text: string): string {
  return text.replace(/\b(password|passwd|pwd|sid|_sid|PHPSESSID|token)=([^&\s;,"']*)/gi, '$1=***');
}
