import { readFileSync } from 'node:fs';
// Not (yet) re-exported by the package's main entry; the catalogue's parsers keep config and actions in step.
import { parseAlbumRef, parseDuration } from '@photostation/node-red-photostation/dist/actions';

/** What the user writes in config.json (or the Homebridge UI writes for them); see config.schema.json. */
export interface RawAlbumConfig {
  album?: unknown;
  name?: unknown;
  passwordSwitch?: unknown;
  password?: unknown;
  shareSwitch?: unknown;
  shareLifetime?: unknown;
  motionSensor?: unknown;
  motionSeconds?: unknown;
}

export interface AlbumConfig {
  id: string;
  path: string;
  name: string;
  passwordSwitch: boolean;
  password?: string;
  shareSwitch: boolean;
  shareLifetime?: string;
  motionSensor: boolean;
  motionMs: number;
}

export interface PlatformSettings {
  url: string;
  username?: string;
  password?: string;
  tls?: { fingerprint?: string; ca?: string };
  timeoutMs: number;
  watch: { intervalMs: number; reconcileMs: number; floorMs?: number };
  albums: AlbumConfig[];
}

export const DEFAULTS = {
  intervalSeconds: 60,
  reconcileSeconds: 3600,
  timeoutSeconds: 5,
  motionSeconds: 10,
  shareLifetime: '7d',
} as const;

/** HomeKit refuses writes that take much longer than this; a setter must have answered by then. */
const HOMEKIT_WRITE_BUDGET_MS = 8000;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

function seconds(v: unknown, fallback: number, min: number, field: string, problems: string[]): number {
  if (v === undefined || v === null || v === '') return fallback * 1000;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min) {
    problems.push(`${field} must be a number of seconds of at least ${min}; using ${fallback}`);
    return fallback * 1000;
  }
  return Math.round(n * 1000);
}

/**
 * The album as the user named it, by id (`album_…`) or by path (`Family/2026`), with the catalogue's
 * own parser. Both are derived locally: the accessory's UUID and the event filter must not depend on
 * the NAS being up at start.
 */
export function resolveAlbum(value: unknown): { id: string; path: string } | undefined {
  return parseAlbumRef(value);
}

/**
 * HomeKit (and HAP-NodeJS since 0.11) wants names of letters, digits, spaces and apostrophes that
 * start and end with a letter or digit; anything else makes iOS show a generic name or warn.
 */
export function homeKitName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N} ']+/gu, ' ').replace(/\s+/g, ' ').trim()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return (cleaned || 'Album').slice(0, 64);
}

/** A PEM text, or the path of a PEM file (easier to keep out of config.json's single line). */
function readCa(value: string, problems: string[]): string | undefined {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    problems.push(`tls.ca: cannot read the CA file ${value} (${(err as NodeJS.ErrnoException).code ?? 'error'}); TLS will use the system CAs`);
    return undefined;
  }
}

/**
 * Turns the platform block of config.json into settings. Never throws: what is wrong is listed in
 * `problems` (messages without secrets) and the rest keeps working, so one bad album does not take
 * the whole bridge's accessories down.
 */
export function parseConfig(raw: Record<string, unknown>): { settings?: PlatformSettings; problems: string[] } {
  const problems: string[] = [];
  const url = str(raw.url);
  if (!url) {
    problems.push('url is missing: set the address of the Photo Station, e.g. https://nas.local:5001');
    return { problems };
  }
  const polling = (raw.polling && typeof raw.polling === 'object' ? raw.polling : {}) as Record<string, unknown>;
  const tlsRaw = (raw.tls && typeof raw.tls === 'object' ? raw.tls : {}) as Record<string, unknown>;
  const fingerprint = str(tlsRaw.fingerprint);
  const caText = str(tlsRaw.ca);
  const ca = caText ? readCa(caText, problems) : undefined;
  const floor = polling.floor === undefined ? undefined : seconds(polling.floor, 5, 0.05, 'polling.floor', problems);
  const timeoutMs = Math.min(seconds(raw.timeout, DEFAULTS.timeoutSeconds, 1, 'timeout', problems), HOMEKIT_WRITE_BUDGET_MS);

  const albums: AlbumConfig[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(raw.albums) ? (raw.albums as RawAlbumConfig[]) : [];
  list.forEach((entry, index) => {
    const where = `albums[${index}]`;
    const ref = resolveAlbum(entry?.album);
    if (!ref) {
      problems.push(`${where}: "album" must be an album path such as Family/2026 or an album id (album_…); skipped`);
      return;
    }
    if (seen.has(ref.path)) {
      problems.push(`${where}: album ${ref.path} is listed twice; the second entry is skipped`);
      return;
    }
    seen.add(ref.path);
    const name = homeKitName(str(entry.name) ?? ref.path.split('/').join(' '));
    let passwordSwitch = bool(entry.passwordSwitch, true);
    const password = typeof entry.password === 'string' && entry.password !== '' ? entry.password : undefined;
    if (passwordSwitch && ref.path.split('/').length > 2) {
      problems.push(`${where}: album ${ref.path} is below level 2 and takes its protection from its parent; no password switch`);
      passwordSwitch = false;
    }
    if (passwordSwitch && !password && entry.passwordSwitch === true) {
      problems.push(`${where}: the password switch of ${ref.path} needs "password" (the password that locks the album); no password switch`);
      passwordSwitch = false;
    } else if (passwordSwitch && !password) {
      passwordSwitch = false; // on by default only where a password was given
    }
    let shareLifetime = str(entry.shareLifetime) ?? DEFAULTS.shareLifetime;
    // Checked here so that a typo shows in the log at start, not as a failed tap weeks later.
    const lifetimeMs = parseDuration(shareLifetime);
    if (lifetimeMs === undefined || lifetimeMs <= 0) {
      problems.push(`${where}: shareLifetime "${shareLifetime.slice(0, 20)}" is not a duration such as 7d, 12h or 30m; using ${DEFAULTS.shareLifetime}`);
      shareLifetime = DEFAULTS.shareLifetime;
    }
    albums.push({
      ...ref,
      name,
      passwordSwitch,
      ...(password !== undefined ? { password } : {}),
      shareSwitch: bool(entry.shareSwitch, true),
      shareLifetime,
      motionSensor: bool(entry.motionSensor, true),
      motionMs: seconds(entry.motionSeconds, DEFAULTS.motionSeconds, 1, `${where}.motionSeconds`, problems),
    });
  });

  return {
    problems,
    settings: {
      url,
      ...(str(raw.username) ? { username: str(raw.username) } : {}),
      ...(typeof raw.password === 'string' && raw.password !== '' ? { password: raw.password } : {}),
      ...(fingerprint || ca ? { tls: { ...(fingerprint ? { fingerprint } : {}), ...(ca ? { ca } : {}) } } : {}),
      timeoutMs,
      watch: {
        intervalMs: seconds(polling.interval, DEFAULTS.intervalSeconds, 0.05, 'polling.interval', problems),
        reconcileMs: seconds(polling.reconcile, DEFAULTS.reconcileSeconds, 1, 'polling.reconcile', problems),
        ...(floor !== undefined ? { floorMs: floor } : {}),
      },
      albums,
    },
  };
}

/** For log lines: the station's address without any user:password@ a user may have typed into it. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
