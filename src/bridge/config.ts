import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { validate as validateCron, validateDetailed } from 'node-cron';
import { findAction, validateInput } from '../actions/catalogue';
import { ActionError } from '../actions/errors';
import { parseAlbumRef, parseDuration, type AlbumRef } from '../actions/schema';
import { isActionAllowed, BRIDGE_ACTIONS } from './allow';
import { renderInput } from './schedules';
import { ConfigError, Cursor } from './yaml-cursor';

export { ConfigError } from './yaml-cursor';

export interface BrokerConfig {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  protocolVersion: 4 | 5;
  keepaliveS: number;
  /**
   * Seconds the broker keeps the bridge's session (subscriptions and queued requests) while it is away;
   * 0 (the default) starts clean every time, so requests sent while the bridge is down are dropped.
   */
  sessionExpiryS: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface AlbumSettings {
  /** As written in the config (path or id), resolved to both. */
  album: AlbumRef;
  /** For locking from Home Assistant (`/set {"password_protected": true}`). */
  password?: string;
  /** Lifetime of links made by `/set {"shared": true}`. */
  shareLifetimeMs: number;
  homeassistant: boolean;
}

export interface StationConfig {
  name: string;
  url: string;
  user?: string;
  password?: string;
  tls?: { fingerprint?: string; ca?: string };
  timeoutMs?: number;
  polling: false | { intervalMs: number; reconcileMs: number; floorMs?: number; quietHours?: { from: string; to: string } };
  dataDir: string;
  /** Which albums get a retained state topic. */
  albumState: 'all' | 'configured' | 'none';
  albums: AlbumSettings[];
}

export interface ScheduleConfig {
  name: string;
  cron: string;
  timezone?: string;
  station: string;
  action: string;
  input: Record<string, unknown>;
  jitterMs: number;
  enabled: boolean;
}

export interface BridgeConfig {
  file: string;
  broker: BrokerConfig;
  baseTopic: string;
  stations: StationConfig[];
  schedules: ScheduleConfig[];
  actions: { allow?: string[]; readOnly: boolean };
  homeassistant: { enabled: boolean; discoveryPrefix: string; statusTopic: string };
  concurrency: number;
  queue: number;
  maxPayloadBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Every secret the config resolved, so the logger can mask them wherever they turn up. */
  secrets: string[];
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TOPIC_SEGMENT = /^[^#+\0]+$/;

interface Ctx {
  file: string;
  env: NodeJS.ProcessEnv;
  secrets: string[];
}

function duration(c: Cursor, minMs = 0): number {
  const raw = c.scalar();
  const ms = parseDuration(raw);
  if (ms === undefined || ms < minMs) c.fail(`expected a duration such as 30s, 5m, 1h or 7d${minMs ? ` (at least ${minMs / 1000}s)` : ''}`);
  return ms;
}

function readFileAt(c: Cursor, ctx: Ctx, path: string): string {
  const full = isAbsolute(path) ? path : resolve(dirname(ctx.file), path);
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    return c.fail(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * `password`, `password_env` or `password_file`: at most one. Values are only ever kept in memory and
 * registered as secrets; messages name the variable or file, never the value.
 */
function secret(m: Map<string, Cursor>, parent: Cursor, ctx: Ctx, key = 'password'): string | undefined {
  const given = [key, `${key}_env`, `${key}_file`].filter((k) => m.has(k));
  if (given.length > 1) m.get(given[1])!.fail(`give only one of ${given.join(', ')}`);
  if (!given.length) return undefined;
  const c = m.get(given[0])!;
  let value: string;
  if (given[0] === key) {
    const v = c.scalar();
    if (typeof v !== 'string' && typeof v !== 'number') c.fail('expected a text');
    value = String(v);
  } else if (given[0] === `${key}_env`) {
    const name = c.string();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) c.fail('expected the name of an environment variable');
    const v = ctx.env[name];
    if (v === undefined || v === '') return c.fail(`the environment variable ${name} is not set`);
    value = v;
  } else {
    value = readFileAt(c, ctx, c.string()).replace(/\r?\n$/, '');
    if (value === '') c.fail('the file is empty');
  }
  void parent;
  ctx.secrets.push(value);
  return value;
}

function broker(c: Cursor, ctx: Ctx): BrokerConfig {
  const m = c.map(['url', 'client_id', 'username', 'password', 'password_env', 'password_file', 'tls', 'protocol_version', 'keepalive', 'reconnect', 'session_expiry']);
  const urlC = m.get('url') ?? Cursor.missing(c, 'url');
  const url = urlC.string();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return urlC.fail('expected a URL such as mqtt://127.0.0.1:1883');
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(parsed.protocol)) urlC.fail('the scheme must be mqtt, mqtts, ws or wss');
  if (parsed.username || parsed.password) urlC.fail('put the user name and password in username / password_env, not in the URL');
  const clientId = m.get('client_id')?.string() ?? `photostation_${randomBytes(4).toString('hex')}`;
  let tls: BrokerConfig['tls'];
  const tlsC = m.get('tls');
  if (tlsC?.present) {
    const t = tlsC.map(['ca', 'cert', 'key', 'reject_unauthorized']);
    tls = { rejectUnauthorized: t.get('reject_unauthorized')?.boolean() ?? true };
    if (t.has('ca')) tls.ca = readFileAt(t.get('ca')!, ctx, t.get('ca')!.string());
    if (t.has('cert') !== t.has('key')) (t.get('cert') ?? t.get('key'))!.fail('cert and key go together');
    if (t.has('cert')) tls.cert = readFileAt(t.get('cert')!, ctx, t.get('cert')!.string());
    if (t.has('key')) {
      tls.key = readFileAt(t.get('key')!, ctx, t.get('key')!.string());
      ctx.secrets.push(tls.key);
    }
  }
  const pv = m.get('protocol_version');
  const protocolVersion = pv ? pv.integer(4, 5) : 5;
  let reconnectMinMs = 1000;
  let reconnectMaxMs = 60_000;
  const rc = m.get('reconnect');
  if (rc?.present) {
    const r = rc.map(['min', 'max']);
    if (r.has('min')) reconnectMinMs = duration(r.get('min')!, 10);
    if (r.has('max')) reconnectMaxMs = duration(r.get('max')!, 10);
    if (reconnectMaxMs < reconnectMinMs) (r.get('max') ?? rc).fail('max must not be below min');
  }
  return {
    url,
    clientId,
    username: m.get('username')?.string(),
    password: secret(m, c, ctx),
    tls,
    protocolVersion: protocolVersion as 4 | 5,
    keepaliveS: m.has('keepalive') ? Math.round(duration(m.get('keepalive')!, 1000) / 1000) : 30,
    sessionExpiryS: m.has('session_expiry') ? Math.round(duration(m.get('session_expiry')!, 0) / 1000) : 0,
    reconnectMinMs,
    reconnectMaxMs,
  };
}

function defaultDataDir(env: NodeJS.ProcessEnv, name: string): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'photostation', 'bridge', name);
}

function polling(c: Cursor | undefined): StationConfig['polling'] {
  if (!c || !c.present) return { intervalMs: 60_000, reconcileMs: 3_600_000 };
  if (c.peek() === false) return false;
  const m = c.map(['interval', 'reconcile', 'floor', 'quiet_hours'], 'a mapping (interval, reconcile, quiet_hours) or false');
  const out: Exclude<StationConfig['polling'], false> = {
    intervalMs: m.has('interval') ? duration(m.get('interval')!, 100) : 60_000,
    reconcileMs: m.has('reconcile') ? duration(m.get('reconcile')!, 100) : 3_600_000,
  };
  if (m.has('floor')) out.floorMs = duration(m.get('floor')!);
  const q = m.get('quiet_hours');
  if (q?.present) {
    const qm = q.map(['from', 'to']);
    const clock = (key: 'from' | 'to'): string => {
      const k = qm.get(key) ?? Cursor.missing(q, key);
      const v = k.string();
      const hm = /^(\d{1,2}):(\d{2})$/.exec(v);
      if (!hm || Number(hm[1]) > 23 || Number(hm[2]) > 59) k.fail('expected a time "HH:MM"');
      return v;
    };
    out.quietHours = { from: clock('from'), to: clock('to') };
  }
  return out;
}

function albumSettings(c: Cursor, ctx: Ctx): AlbumSettings {
  if (typeof c.peek() === 'string') {
    return { album: albumRef(c), shareLifetimeMs: 7 * 86_400_000, homeassistant: true };
  }
  const m = c.map(['album', 'password', 'password_env', 'password_file', 'share_lifetime', 'homeassistant']);
  const album = albumRef(m.get('album') ?? Cursor.missing(c, 'album'));
  return {
    album,
    password: secret(m, c, ctx),
    shareLifetimeMs: m.has('share_lifetime') ? duration(m.get('share_lifetime')!, 60_000) : 7 * 86_400_000,
    homeassistant: m.get('homeassistant')?.boolean() ?? true,
  };
}

function albumRef(c: Cursor): AlbumRef {
  const ref = parseAlbumRef(c.string());
  if (!ref) c.fail('expected an album path (Family/2026) or id (album_…)');
  return ref;
}

function station(c: Cursor, ctx: Ctx): StationConfig {
  const m = c.map(['name', 'url', 'user', 'password', 'password_env', 'password_file', 'tls', 'timeout', 'polling', 'data_dir', 'album_state', 'albums']);
  const nameC = m.get('name') ?? Cursor.missing(c, 'name');
  const name = nameC.string();
  if (!SLUG.test(name) || name.startsWith('album_')) nameC.fail('expected a short lower-case name (a-z, 0-9, - and _; not starting with album_): it appears in topics and entity ids');
  const urlC = m.get('url') ?? Cursor.missing(c, 'url');
  const url = urlC.string();
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') urlC.fail('the scheme must be http or https');
    if (u.username || u.password) urlC.fail('put the user and password in user / password_env, not in the URL');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    urlC.fail('expected a URL such as https://nas:5001');
  }
  let tls: StationConfig['tls'];
  const t = m.get('tls');
  if (t?.present) {
    const tm = t.map(['fingerprint', 'ca']);
    tls = {};
    if (tm.has('fingerprint')) {
      const fp = tm.get('fingerprint')!.string();
      if (!/^([0-9a-f]{2}:?){31}[0-9a-f]{2}$/i.test(fp)) tm.get('fingerprint')!.fail('expected a SHA-256 fingerprint (AB:CD:… or 64 hex digits)');
      tls.fingerprint = fp;
    }
    if (tm.has('ca')) tls.ca = readFileAt(tm.get('ca')!, ctx, tm.get('ca')!.string());
  }
  const albumStateC = m.get('album_state');
  const albumState = (albumStateC?.string() ?? 'all') as StationConfig['albumState'];
  if (!['all', 'configured', 'none'].includes(albumState)) albumStateC!.fail('expected all, configured or none');
  const albums = m.get('albums')?.present ? m.get('albums')!.list().map((a) => albumSettings(a, ctx)) : [];
  const dataC = m.get('data_dir');
  return {
    name,
    url,
    user: m.get('user')?.string(),
    password: secret(m, c, ctx),
    tls,
    timeoutMs: m.has('timeout') ? duration(m.get('timeout')!, 100) : undefined,
    polling: polling(m.get('polling')),
    dataDir: dataC ? resolve(dirname(ctx.file), dataC.string()) : defaultDataDir(ctx.env, name),
    albumState,
    albums,
  };
}

function schedule(c: Cursor, stations: StationConfig[], actions: BridgeConfig['actions']): ScheduleConfig {
  const m = c.map(['name', 'cron', 'timezone', 'station', 'action', 'input', 'jitter', 'enabled']);
  const nameC = m.get('name') ?? Cursor.missing(c, 'name');
  const name = nameC.string();
  if (!SLUG.test(name)) nameC.fail('expected a short lower-case name (a-z, 0-9, - and _): it appears in topics');
  const cronC = m.get('cron') ?? Cursor.missing(c, 'cron');
  const cron = cronC.string();
  if (!validateCron(cron)) {
    const detail = validateDetailed(cron).errors.map((e) => e.message).join('; ');
    cronC.fail(`not a valid cron expression${detail ? ` (${detail})` : ''}`);
  }
  const tzC = m.get('timezone');
  const timezone = tzC?.string();
  if (timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      tzC!.fail('unknown time zone (use an IANA name such as Europe/Berlin)');
    }
  }
  const stationC = m.get('station');
  const stationName = stationC?.string() ?? stations[0]?.name;
  if (stationC && !stations.some((s) => s.name === stationName)) stationC.fail(`no station named "${stationName}"`);
  const actionC = m.get('action') ?? Cursor.missing(c, 'action');
  const action = actionC.string();
  if (!findAction(action)) actionC.fail(`unknown action "${action}"`);
  const refusal = isActionAllowed(action, actions);
  if (refusal) actionC.fail(refusal);
  const inputC = m.get('input');
  let input: Record<string, unknown> = {};
  if (inputC?.present) {
    if (!inputC.isMapping) inputC.fail('expected a mapping of the action\'s input fields');
    input = inputC.value() as Record<string, unknown>;
  }
  try {
    // Checked now with today's placeholders, so a typo fails at start and not at 2:00 at night.
    validateInput(findAction(action)!, renderInput(input, Date.now(), timezone));
  } catch (err) {
    if (!(err instanceof ActionError)) throw err;
    const fieldC = err.field && inputC?.isMapping ? inputC.map(Object.keys(input)).get(err.field) : undefined;
    if (fieldC) fieldC.fail(err.message.replace(`${err.field}: `, ''));
    (inputC ?? actionC).fail(err.message);
  }
  return {
    name,
    cron,
    timezone,
    station: stationName!,
    action,
    input,
    jitterMs: m.has('jitter') ? duration(m.get('jitter')!) : 0,
    enabled: m.get('enabled')?.boolean() ?? true,
  };
}

function allowList(c: Cursor): string[] {
  return c.list().map((item) => {
    const name = item.string();
    const known = name.endsWith('.*')
      ? ['album', 'share', 'smart_album', 'photo', 'station', 'schedule'].includes(name.slice(0, -2))
      : name === '*' || !!findAction(name) || (BRIDGE_ACTIONS as readonly string[]).includes(name);
    if (!known) item.fail(`unknown action "${name}" (a name from the catalogue, or group.* such as share.*)`);
    return name;
  });
}

/** Parses and checks a bridge config; every problem names its line. Secrets are resolved here. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const ctx: Ctx = { file, env, secrets: [] };
  const root = Cursor.parse(file, text);
  if (!root.present) throw new ConfigError(file, undefined, 'the file is empty');
  const m = root.map(['broker', 'base_topic', 'stations', 'schedules', 'actions', 'homeassistant', 'concurrency', 'queue', 'max_payload', 'log_level']);
  const brokerConfig = broker(m.get('broker') ?? Cursor.missing(root, 'broker'), ctx);
  const baseC = m.get('base_topic');
  const baseTopic = baseC?.string() ?? 'photostation';
  if (!TOPIC_SEGMENT.test(baseTopic) || baseTopic.startsWith('/') || baseTopic.endsWith('/') || baseTopic.startsWith('$')) {
    baseC!.fail('expected a topic without wildcards (+, #) and without a leading or trailing /');
  }
  const stationsC = m.get('stations') ?? Cursor.missing(root, 'stations');
  const stationItems = stationsC.list();
  if (!stationItems.length) stationsC.fail('name at least one station');
  const stations = stationItems.map((s) => station(s, ctx));
  const seen = new Set<string>();
  stationItems.forEach((s, i) => {
    if (seen.has(stations[i].name)) s.fail(`a second station named "${stations[i].name}"`);
    seen.add(stations[i].name);
  });
  const actions: BridgeConfig['actions'] = { readOnly: false };
  const actionsC = m.get('actions');
  if (actionsC?.present) {
    const am = actionsC.map(['allow', 'read_only']);
    if (am.get('allow')?.present) actions.allow = allowList(am.get('allow')!);
    actions.readOnly = am.get('read_only')?.boolean() ?? false;
  }
  const schedulesC = m.get('schedules');
  const schedules = schedulesC?.present ? schedulesC.list().map((s) => schedule(s, stations, actions)) : [];
  const names = new Set<string>();
  schedules.forEach((s, i) => {
    if (names.has(s.name)) schedulesC!.list()[i].fail(`a second schedule named "${s.name}"`);
    names.add(s.name);
  });
  const ha = { enabled: false, discoveryPrefix: 'homeassistant', statusTopic: '' };
  const haC = m.get('homeassistant');
  if (haC?.present) {
    const hm = haC.map(['enabled', 'discovery_prefix', 'status_topic']);
    ha.enabled = hm.get('enabled')?.boolean() ?? false;
    if (hm.has('discovery_prefix')) {
      ha.discoveryPrefix = hm.get('discovery_prefix')!.string();
      if (!TOPIC_SEGMENT.test(ha.discoveryPrefix)) hm.get('discovery_prefix')!.fail('expected a topic without wildcards');
    }
    if (hm.has('status_topic')) ha.statusTopic = hm.get('status_topic')!.string();
  }
  ha.statusTopic ||= `${ha.discoveryPrefix}/status`;
  const levelC = m.get('log_level');
  const logLevel = (levelC?.string() ?? 'info') as BridgeConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) levelC!.fail('expected debug, info, warn or error');
  return {
    file,
    broker: brokerConfig,
    baseTopic,
    stations,
    schedules,
    actions,
    homeassistant: ha,
    concurrency: m.get('concurrency')?.integer(1, 256) ?? 4,
    queue: m.get('queue')?.integer(0, 1_000_000) ?? 1000,
    maxPayloadBytes: m.get('max_payload')?.integer(1024, 256 * 1024 * 1024) ?? 16 * 1024 * 1024,
    logLevel,
    secrets: ctx.secrets.filter((s) => s.length > 0),
  };
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, undefined, `cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseConfig(text, file, env);
}
