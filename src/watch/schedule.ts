/**
 * When the detector may poll: interval and floor, reconcile period, and quiet hours in
 * local time (a window may wrap midnight, e.g. 23:00-06:30).
 */

export interface QuietHours {
  from: string;
  to: string;
}

export interface ScheduleOptions {
  intervalMs?: number;
  reconcileMs?: number;
  floorMs?: number;
  quietHours?: QuietHours;
}

export interface Schedule {
  intervalMs: number;
  reconcileMs: number;
  floorMs: number;
  quiet?: { from: number; to: number };
}

const MINUTE = 60_000;

export function parseClock(text: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new TypeError(`${field} must be a time "HH:MM", not "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function makeSchedule(o: ScheduleOptions): Schedule {
  const floorMs = nonNegative(o.floorMs ?? 5000, 'floorMs');
  // Below the floor is raised to it: a typo in a config must not hammer the NAS.
  const intervalMs = Math.max(floorMs, nonNegative(o.intervalMs ?? 60_000, 'intervalMs'));
  const reconcileMs = Math.max(intervalMs, nonNegative(o.reconcileMs ?? 3_600_000, 'reconcileMs'));
  const schedule: Schedule = { intervalMs, reconcileMs, floorMs };
  if (o.quietHours) {
    const from = parseClock(o.quietHours.from, 'quietHours.from');
    const to = parseClock(o.quietHours.to, 'quietHours.to');
    if (from !== to) schedule.quiet = { from, to };
  }
  return schedule;
}

function minuteOfDay(ms: number): number {
  const d = new Date(ms);
  return d.getHours() * 60 + d.getMinutes();
}

export function inQuietHours(s: Schedule, ms: number): boolean {
  if (!s.quiet) return false;
  const m = minuteOfDay(ms);
  const { from, to } = s.quiet;
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** Milliseconds from `ms` until the quiet window ends (0 outside it). */
export function quietRemainingMs(s: Schedule, ms: number): number {
  if (!s.quiet || !inQuietHours(s, ms)) return 0;
  const d = new Date(ms);
  const m = minuteOfDay(ms);
  const minutes = (s.quiet.to - m + 24 * 60) % (24 * 60);
  // Count from the start of the current minute, so the wake-up lands on HH:MM itself.
  return minutes * MINUTE - (d.getSeconds() * 1000 + d.getMilliseconds());
}

function nonNegative(v: number, field: string): number {
  if (!Number.isFinite(v) || v < 0) throw new TypeError(`${field} must be a non-negative number of milliseconds`);
  return v;
}
