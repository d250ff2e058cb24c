/** The simulator's time: real by default, pinned or shifted from the side channel (share windows, session expiry). */
export class Clock {
  private offsetMs = 0;
  private pinnedMs: number | undefined;

  now(): number {
    return this.pinnedMs ?? Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  set(ms: number): void {
    this.pinnedMs = undefined;
    this.offsetMs = ms - Date.now();
  }

  pin(ms: number): void {
    this.pinnedMs = ms;
  }

  advance(ms: number): void {
    if (this.pinnedMs !== undefined) this.pinnedMs += ms;
    else this.offsetMs += ms;
  }

  real(): void {
    this.pinnedMs = undefined;
    this.offsetMs = 0;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS`, server-local time; the simulator's server zone is UTC (spec §8 G30). */
export function formatDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, ISO strings or Unix seconds; undefined when unreadable. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{9,11}$/.test(t)) return Number(t);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
