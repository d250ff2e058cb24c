import { createTask, type ScheduledTask } from 'node-cron';
import { ActionError } from '../actions/errors';
import { parseDuration } from '../actions/schema';
import type { ScheduleConfig } from './config';
import { describeError, type BridgeLogger } from './log';

/**
 * The time source of the scheduler. node-cron runs its own real timers, which cannot be driven in a
 * test; the scheduler therefore ticks once a second on this clock and asks node-cron's own matcher
 * (`task.match`) whether the second is due. Tests pass a fake clock; the expression parsing and
 * matching, time zones included, stay node-cron's.
 */
export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ScheduleResult {
  schedule: string;
  status: 'ok' | 'error' | 'skipped';
  trigger: 'cron' | 'mqtt';
  /** The cron slot (second) that fired it; absent for runs asked for over MQTT. */
  scheduled_for?: string;
  action: string;
  station: string;
  started: string;
  finished?: string;
  data?: unknown;
  error?: { code: string; message: string; field?: string };
}

type Runner = (station: string, action: string, input: Record<string, unknown>) => Promise<unknown>;

interface Entry {
  config: ScheduleConfig;
  task: ScheduledTask;
  paused: boolean;
  running: Promise<ScheduleResult> | undefined;
  last: ScheduleResult | undefined;
  runs: number;
  skipped: number;
}

/** After a stall (a suspended laptop) catch up at most this many seconds, not hours of missed runs. */
const MAX_CATCH_UP_S = 60;

/**
 * `{{now}}`, `{{now-7d}}`, `{{today}}`, `{{today-1d}}` and `{{week}}` in a schedule's input, so that
 * "the smart album of the week" can be written once. Dates are computed in the schedule's time zone.
 */
export function renderInput(input: Record<string, unknown>, now: number, timeZone?: string): Record<string, unknown> {
  const render = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\{\{\s*(now|today|week)\s*(?:([+-])\s*([0-9][0-9smhdw. ]*?))?\s*\}\}/g, (_m, what: string, sign?: string, amount?: string) => {
        const offset = amount ? (parseDuration(amount.trim()) ?? 0) * (sign === '-' ? -1 : 1) : 0;
        const at = now + offset;
        if (what === 'now') return new Date(at).toISOString();
        const day = localDate(at, timeZone);
        return what === 'today' ? day : isoWeek(day);
      });
    }
    if (Array.isArray(value)) return value.map(render);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v)]));
    return value;
  };
  return render(input) as Record<string, unknown>;
}

function localDate(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  // The ISO week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Cron schedules from the config: no overlapping runs of one schedule, optional random delay, results reported. */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private timer: unknown;
  private lastSecond = 0;
  private stopped = true;

  constructor(
    configs: readonly ScheduleConfig[],
    private readonly runner: Runner,
    private readonly report: (result: ScheduleResult) => void,
    private readonly log: BridgeLogger,
    private readonly clock: SchedulerClock = realClock,
  ) {
    for (const config of configs) {
      // A task only for its matcher: it is never started, so node-cron arms no timer of its own.
      const task = createTask(config.cron, () => undefined, { timezone: config.timezone, name: `photostation:${config.name}` });
      this.entries.set(config.name, { config, task, paused: !config.enabled, running: undefined, last: undefined, runs: 0, skipped: 0 });
    }
  }

  start(): void {
    if (!this.stopped || !this.entries.size) return;
    this.stopped = false;
    this.lastSecond = Math.floor(this.clock.now() / 1000);
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    this.timer = this.clock.setTimeout(() => this.tick(), 1000 - (now % 1000) + 1);
  }

  private tick(): void {
    const second = Math.floor(this.clock.now() / 1000);
    const from = Math.max(this.lastSecond + 1, second - MAX_CATCH_UP_S);
    this.lastSecond = Math.max(this.lastSecond, second);
    for (const entry of this.entries.values()) {
      if (entry.paused) continue;
      // Seconds missed by a stalled event loop are caught up, but one schedule runs once per tick.
      for (let s = second; s >= from; s--) {
        if (entry.task.match(new Date(s * 1000))) {
          void this.trigger(entry, 'cron', s * 1000);
          break;
        }
      }
    }
    this.arm();
  }

  private trigger(entry: Entry, trigger: ScheduleResult['trigger'], slot?: number): Promise<ScheduleResult> {
    const { config } = entry;
    const scheduled = slot === undefined ? {} : { scheduled_for: new Date(slot).toISOString() };
    if (entry.running) {
      entry.skipped++;
      const skipped: ScheduleResult = {
        schedule: config.name, status: 'skipped', trigger, ...scheduled, action: config.action, station: config.station,
        started: new Date(this.clock.now()).toISOString(),
        error: { code: 'conflict', message: `schedule ${config.name} is still running; this run was skipped` },
      };
      this.log.warn(`schedule ${config.name}: still running, skipped a run`);
      this.report(skipped);
      return Promise.resolve(skipped);
    }
    const run = (async (): Promise<ScheduleResult> => {
      if (trigger === 'cron' && config.jitterMs > 0) {
        const delay = Math.floor(Math.random() * config.jitterMs);
        await new Promise<void>((r) => this.clock.setTimeout(r, delay));
      }
      const startedAt = this.clock.now();
      const base = { schedule: config.name, trigger, ...scheduled, action: config.action, station: config.station, started: new Date(startedAt).toISOString() };
      let result: ScheduleResult;
      try {
        const data = await this.runner(config.station, config.action, renderInput(config.input, startedAt, config.timezone));
        result = { ...base, status: 'ok', finished: new Date(this.clock.now()).toISOString(), data };
        this.log.info(`schedule ${config.name}: ${config.action} done`);
      } catch (err) {
        const e = err instanceof ActionError ? err.toJSON() : { code: 'station_error', message: describeError(err) };
        result = { ...base, status: 'error', finished: new Date(this.clock.now()).toISOString(), error: e };
        this.log.warn(`schedule ${config.name}: ${config.action} failed: ${e.code}: ${e.message}`);
      }
      entry.runs++;
      entry.last = result;
      this.report(result);
      return result;
    })();
    entry.running = run;
    void run.finally(() => {
      if (entry.running === run) entry.running = undefined;
    });
    return run;
  }

  private entry(name: unknown): Entry {
    if (typeof name !== 'string' || name === '') throw new ActionError('invalid_input', 'name: the schedule\'s name is required', { field: 'name' });
    const entry = this.entries.get(name);
    if (!entry) throw new ActionError('not_found', `no schedule named "${name.slice(0, 80)}"; known: ${[...this.entries.keys()].join(', ') || 'none'}`, { field: 'name' });
    return entry;
  }

  list(): { schedules: Array<Record<string, unknown>> } {
    return {
      schedules: [...this.entries.values()].map((e) => ({
        name: e.config.name,
        cron: e.config.cron,
        timezone: e.config.timezone ?? null,
        station: e.config.station,
        action: e.config.action,
        jitter_s: e.config.jitterMs / 1000,
        paused: e.paused,
        running: !!e.running,
        next_run: e.paused ? null : this.nextRun(e),
        runs: e.runs,
        skipped: e.skipped,
        last: e.last ? { status: e.last.status, started: e.last.started, finished: e.last.finished ?? null, ...(e.last.error ? { error: e.last.error } : {}) } : null,
      })),
    };
  }

  private nextRun(e: Entry): string | null {
    // node-cron answers next runs from the real time; with an injected clock ask its matcher directly.
    const matcher = (e.task as unknown as { timeMatcher?: { getNextMatch?(d: Date): Date } }).timeMatcher;
    const next = matcher?.getNextMatch?.(new Date(this.clock.now())) ?? e.task.getNextRuns(1)[0];
    return next ? next.toISOString() : null;
  }

  pause(name: unknown): Record<string, unknown> {
    const e = this.entry(name);
    e.paused = true;
    return { name: e.config.name, paused: true };
  }

  resume(name: unknown): Record<string, unknown> {
    const e = this.entry(name);
    e.paused = false;
    return { name: e.config.name, paused: false, next_run: this.nextRun(e) };
  }

  /** Runs a schedule now (paused or not) and answers its result; refused while it is running. */
  async runNow(name: unknown): Promise<ScheduleResult> {
    const e = this.entry(name);
    if (e.running) throw new ActionError('conflict', `schedule ${e.config.name} is running already`);
    return this.trigger(e, 'mqtt');
  }

  /** Stops ticking and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    await Promise.all([...this.entries.values()].map((e) => e.running?.catch(() => undefined)));
    for (const e of this.entries.values()) void e.task.destroy();
  }
}
