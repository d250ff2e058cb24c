/**
 * Chaos run (issue 9): the simulator injects faults into a share of its requests, Mosquitto is restarted,
 * the bridge process is killed with SIGKILL and restarted on the same data_dir, while a driver changes
 * albums, photos and shares and sends MQTT requests. At the end it checks, against the simulator's own
 * change log, that every change was reported exactly once, that every request got exactly one answer,
 * that nothing crashed, memory stayed flat and no secret leaked. Prints a table; exit 1 on any failure.
 *
 *   npm run chaos -- --duration 1h --seed 7
 *   npx tsx scripts/chaos.ts --duration 25s --seed 7 --json report.json
 *
 * What "exactly once" means here is written in docs/reliability.md.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the side channel's and the bridge's JSON is checked by the comparisons, not by types */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startSimulator, type Simulator } from '../src/simulator';
import { mulberry32 } from '../src/simulator/random';
import { Station } from '../src/station';
import { freePort } from '../test/support/free-port';

const ROOT = path.resolve(__dirname, '..');
const MOSQUITTO = process.env.MOSQUITTO ?? '/usr/sbin/mosquitto';
// Planted secrets: distinctive so a scan cannot confuse them with anything else.
export const SECRETS = { nas: 'S3cret-NAS-pw-71', album: 'S3cret-album-pw-72' };
const BASE = 'chaos';
const HEAP_CAP_MB = 96;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]).toString('base64');

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  /** Share of NAS requests that get a fault while chaos is on. */
  rate: number;
  opsPerSec: number;
  requestsPerSec: number;
  log: (line: string) => void;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosReport {
  ok: boolean;
  options: Omit<ChaosOptions, 'log'>;
  figures: Record<string, number | string>;
  checks: Check[];
}

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`bad duration ${text} (e.g. 25s, 10m, 1h)`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Mosquitto with persistence, so the driver's persistent session (and what is queued for it) survives a restart. */
class Broker {
  proc: ChildProcess | undefined;
  port = 0;
  unexpectedExits = 0;
  restarts = 0;
  /** Error lines of its log (a database it could not save would void the run's premise). */
  errors: string[] = [];
  private stopping = false;
  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const conf = path.join(this.dir, 'mosquitto.conf');
    writeFileSync(conf, [`listener ${this.port} 127.0.0.1`, 'allow_anonymous true', 'persistence true',
      `persistence_location ${this.dir}/`, 'autosave_interval 1', 'max_queued_messages 100000', 'set_tcp_nodelay true', ''].join('\n'));
    // Started as root, mosquitto drops to its own user, which must be able to write the database: without
    // it the driver's session silently vanishes with every restart and events sent meanwhile reach nobody.
    chmodSync(this.dir, 0o777);
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onLog = (d: Buffer): void => {
      for (const line of d.toString('utf8').split('\n')) if (/error/i.test(line)) this.errors.push(line.trim());
    };
    proc.stdout!.on('data', onLog);
    proc.stderr!.on('data', onLog);
    this.stopping = false;
    proc.on('exit', () => { if (!this.stopping) this.unexpectedExits++; });
    this.proc = proc;
    await until('mosquitto', () => portOpen(this.port), 10_000);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await exited;
  }
}

interface BridgeLife {
  pid: number;
  startedAt: number;
  endedAt?: number;
  exit?: string;
  killedByUs: boolean;
}

class BridgeProcess {
  proc: ChildProcess | undefined;
  lives: BridgeLife[] = [];
  logLines: string[] = [];
  private current: BridgeLife | undefined;
  constructor(private readonly configFile: string) {}

  start(): void {
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'photostation.js'), 'bridge', '--config', this.configFile], {
      // A capped heap turns a leak into an out-of-memory crash, which the crash check reports; RSS alone
      // moves with the garbage collector's mood.
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`, CHAOS_NAS_PASSWORD: SECRETS.nas, CHAOS_ALBUM_PASSWORD: SECRETS.album },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const life: BridgeLife = { pid: proc.pid!, startedAt: Date.now(), killedByUs: false };
    this.lives.push(life);
    this.current = life;
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop()!;
      this.logLines.push(...lines);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code, signal) => {
      life.endedAt = Date.now();
      life.exit = signal ?? String(code);
      if (buf) this.logLines.push(buf);
    });
    this.proc = proc;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    this.current!.killedByUs = true;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(signal);
    await Promise.race([exited, sleep(15_000)]);
    if (this.running) proc.kill('SIGKILL');
  }

  rssKb(): number | undefined {
    if (!this.running) return undefined;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.proc!.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }
}

interface Msg {
  topic: string;
  text: string;
  at: number;
}

interface Req {
  tx: string;
  action: string;
  sentAt: number;
  answers: string[];
  /** When the first answer arrived. */
  answeredAt?: number;
  strict: boolean;
}

interface Outage {
  kind: 'bridge' | 'broker';
  start: number;
  end: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log;
  const rng = mulberry32(options.seed);
  // Disruptions draw from their own stream: the driver's pace must not change when they happen.
  const drng = mulberry32(options.seed ^ 0x5bd1e995);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)];
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-chaos-'));
  // Its own directory: mosquitto's user must reach it, which the private run directory would not let it.
  const brokerDir = mkdtempSync(path.join(tmpdir(), 'ps-chaos-broker-'));
  const dataDir = path.join(dir, 'bridge-data');
  const checks: Check[] = [];
  const figures: Record<string, number | string> = {};
  const check = (name: string, ok: boolean, detail: string): void => { checks.push({ name, ok, detail }); };

  let sim: Simulator | undefined;
  const broker = new Broker(brokerDir);
  let bridge: BridgeProcess | undefined;
  let client: MqttClient | undefined;
  let actor: Station | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0, users: [{ name: 'chaos', password: SECRETS.nas, admin: true }] });
    const side = async (method: string, route: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${sim!.origin}/__sim/${route}`, {
        method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`side channel ${route}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    await broker.start();
    const configFile = path.join(dir, 'bridge.yaml');
    writeFileSync(configFile, [
      'broker:',
      `  url: mqtt://127.0.0.1:${broker.port}`,
      '  client_id: chaos-bridge',
      // The broker keeps the bridge's session while it is killed: requests sent meanwhile wait for it.
      '  session_expiry: 1h',
      '  reconnect: { min: 0.1, max: 1 }',
      `base_topic: ${BASE}`,
      'log_level: info',
      'stations:',
      '  - name: home',
      `    url: ${sim.origin}`,
      '    user: chaos',
      '    password_env: CHAOS_NAS_PASSWORD',
      '    timeout: 2s',
      `    data_dir: ${dataDir}`,
      '    polling: { interval: 1, reconcile: 1h, floor: 0.2 }',
      '    albums:',
      '      - album: Kids',
      '        password_env: CHAOS_ALBUM_PASSWORD',
      '',
    ].join('\n'));

    // The driver's MQTT session persists (clean: false, MQTT 5 session expiry), so answers and events
    // published while it is reconnecting after a broker restart wait for it on the broker.
    const messages: Msg[] = [];
    const reqs = new Map<string, Req>();
    let bridgeOnline = false;
    let lastOnlineAt = 0;
    client = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, {
      protocolVersion: 5, clean: false, clientId: `chaos-driver-${options.seed}`, reconnectPeriod: 200,
      properties: { sessionExpiryInterval: 3600 },
    });
    client.on('error', () => undefined);
    client.on('message', (topic, payload) => {
      const text = payload.toString('utf8');
      messages.push({ topic, text, at: Date.now() });
      if (topic === `${BASE}/bridge/state`) {
        bridgeOnline = text === 'online';
        if (bridgeOnline) lastOnlineAt = Date.now();
      }
      if (topic.startsWith(`${BASE}/response/`)) {
        try {
          const tx = JSON.parse(text).transaction;
          const r = typeof tx === 'string' ? reqs.get(tx) : undefined;
          if (r) {
            r.answers.push(text);
            r.answeredAt ??= Date.now();
          }
        } catch { /* counted below as an answer without a transaction */ }
      }
    });
    await until('driver connected', () => client!.connected, 10_000);
    await client.subscribeAsync('#', { qos: 1 });

    let txN = 0;
    const send = (action: string, body: Record<string, unknown>, strict = false): Req => {
      const tx = `r${++txN}`;
      const r: Req = { tx, action, sentAt: Date.now(), answers: [], strict };
      reqs.set(tx, r);
      client!.publish(`${BASE}/request/${action}`, JSON.stringify({ ...body, transaction: tx }), { qos: 1 }, () => undefined);
      return r;
    };
    const ask = async (action: string, body: Record<string, unknown>, timeoutMs = 20_000): Promise<any> => {
      const r = send(action, body, true);
      await until(`answer to ${action}`, () => r.answers.length > 0, timeoutMs);
      return JSON.parse(r.answers[0]);
    };

    bridge = new BridgeProcess(configFile);
    bridge.start();
    await until('bridge online', () => bridgeOnline, 20_000);
    // The first index reports nothing; changes count from when it is done.
    await until('first index', async () => {
      const s = await ask('station.status', {});
      return s.status === 'ok' && s.data?.detector?.lastPollAt ? s : false;
    }, 30_000);
    const since0 = (await side('GET', 'changes?since=0')).last as number;
    const stateStart = await side('GET', 'state');

    // Secret scan material: every session id the simulator ever had.
    const sids = new Set<string>();
    const rss: Array<{ t: number; pid: number; kb: number }> = [];
    const started = Date.now();
    timers.push(setInterval(() => {
      const kb = bridge!.rssKb();
      if (kb !== undefined) rss.push({ t: Date.now() - started, pid: bridge!.proc!.pid!, kb });
      side('GET', 'sessions?secrets=1').then((s) => { for (const id of s.sids as string[]) sids.add(id); }, () => undefined);
    }, 500));

    actor = new Station({ url: sim.origin, username: 'admin', password: 'admin', timeoutMs: 5000 });
    await side('POST', 'chaos', { rate: options.rate, seed: options.seed, ms: 1000, kinds: ['expire_session', 'kick', 'http', 'latency', 'drop', 'garbage', 'error'] });
    log(`chaos on: rate ${options.rate}, seed ${options.seed}, ${options.durationMs / 1000}s`);

    // ---- the driver: changes on the NAS ----
    const albums: string[] = [];
    const photos: Array<{ id: string; album: string }> = [];
    const shares: string[] = [];
    let n = 0;
    const ops = { attempted: 0, ok: 0, failed: 0 };
    const stopAt = started + options.durationMs;
    const runOp = async (): Promise<void> => {
      n++;
      const roll = rng();
      const act = async (action: string, input: Record<string, unknown>): Promise<any> => {
        ops.attempted++;
        try {
          const r = await actor!.run(action, input);
          ops.ok++;
          return r;
        } catch {
          ops.failed++;
          return undefined;
        }
      };
      if (albums.length < 3 || (roll < 0.1 && albums.length < 10)) {
        const name = `chaos-${n}`;
        if (await act('album.create', { name })) albums.push(name);
      } else if (roll < 0.45) {
        const album = pick(albums);
        const r = await act('photo.upload', { album, filename: `p${n}.jpg`, data: JPEG });
        if (r?.id) photos.push({ id: r.id, album });
      } else if (roll < 0.7 && photos.length) {
        await act('photo.edit', { id: pick(photos).id, title: `chaos-t${n}` });
      } else if (roll < 0.78) {
        const album = albums.shift()!;
        await act('album.delete', { album });
        for (let i = photos.length - 1; i >= 0; i--) if (photos[i].album === album) photos.splice(i, 1);
      } else if (roll < 0.88 && shares.length < 5) {
        const r = await act('share.create', { album: pick(albums), lifetime: '7d', name: `chaos-s${n}` });
        if (r?.share_id) shares.push(r.share_id);
      } else if (roll < 0.94 && shares.length) {
        await act('share.update', { share_id: pick(shares), lifetime: `${2 + (n % 5)}d` });
      } else if (shares.length) {
        const id = shares.shift()!;
        await act('share.revoke', { share_id: id, delete: rng() < 0.5 });
      }
    };
    const driver = (async () => {
      const gap = 1000 / options.opsPerSec;
      while (Date.now() < stopAt) {
        const t = Date.now();
        await runOp();
        await sleep(Math.max(0, gap - (Date.now() - t)));
      }
    })();

    // ---- the requester: MQTT requests with transactions, QoS 1 ----
    const requester = (async () => {
      const gap = 1000 / options.requestsPerSec;
      while (Date.now() < stopAt) {
        const roll = rng();
        if (roll < 0.3) send('album.get', { album: 'Family' });
        else if (roll < 0.5) send('album.list', {});
        else if (roll < 0.65) send('photo.search', { keyword: 'Beach', limit: 3 });
        else if (roll < 0.75) send('share.list', {});
        else if (roll < 0.85) send('station.status', {});
        else if (roll < 0.95 && photos.length) send('photo.edit', { id: pick(photos).id, title: `chaos-m${txN}` });
        else send('album.get', { album: 'no/such/album' });
        await sleep(gap);
      }
    })();

    // ---- disruptions: bridge SIGKILL, Mosquitto restart ----
    const outages: Outage[] = [];
    const disrupt = (async () => {
      // Spaced so that the short form still has quiet stretches in which a lost answer would count as lost.
      const every = Math.min(30_000, Math.max(5_000, options.durationMs / 6));
      let i = 0;
      while (Date.now() + every < stopAt) {
        await sleep(every * (0.7 + 0.6 * drng()));
        if (Date.now() >= stopAt) break;
        // The first three are fixed (bridge, broker, bridge) so that even the short form has both kinds.
        const kind = i < 3 ? (i === 1 ? 'broker' : 'bridge') : drng() < 0.6 ? 'bridge' : 'broker';
        i++;
        const start = Date.now();
        const down = 300 + drng() * 1200;
        if (kind === 'bridge') {
          await bridge!.kill('SIGKILL');
          await sleep(down);
          bridge!.start();
        } else {
          broker.restarts++;
          await broker.stop();
          await sleep(down);
          await broker.start();
        }
        const outage: Outage = { kind, start, end: Number.POSITIVE_INFINITY };
        outages.push(outage);
        try {
          await until('bridge back online', () => lastOnlineAt > start && client!.connected, 60_000);
        } finally {
          outage.end = Date.now();
        }
        log(`${kind} ${kind === 'bridge' ? 'killed (SIGKILL)' : 'restarted'}; online again after ${outage.end - start} ms`);
      }
    })();

    await Promise.all([driver, requester, disrupt]);
    const chaosReport = await side('DELETE', 'chaos');
    log(`chaos off: ${chaosReport.seen} NAS requests seen, injected ${JSON.stringify(chaosReport.injected)}`);

    // ---- catch up: everything quiet, a rescan, then a strict batch ----
    await until('bridge online at the end', () => bridge!.running && bridgeOnline && client!.connected, 60_000);
    let rescan: any;
    for (let attempt = 0; attempt < 5; attempt++) {
      rescan = await ask('station.rescan', {}, 60_000).catch((e: Error) => ({ status: 'error', error: { message: e.message } }));
      if (rescan.status === 'ok') break;
      await sleep(1000);
    }
    check('rescan after chaos', rescan?.status === 'ok', rescan?.status === 'ok' ? 'ok' : JSON.stringify(rescan?.error));
    const strict: Req[] = [];
    const strictInputs: Array<[string, Record<string, unknown>]> = [['album.get', { album: 'Family' }], ['album.list', {}], ['station.status', {}], ['share.list', {}]];
    for (let i = 0; i < 100; i++) strict.push(send(...pick(strictInputs), true));
    await until('the strict batch', () => strict.every((r) => r.answers.length > 0), 60_000).catch(() => undefined);
    // Quiet: no new message for 3 s (the outbox and the detector have nothing left).
    await until('quiet', () => Date.now() - (messages.at(-1)?.at ?? 0) > 3000, 60_000).catch(() => undefined);
    const allDeadline = Date.now() + 10_000;
    await until('late answers', () => [...reqs.values()].every((r) => r.answers.length > 0) || Date.now() > allDeadline, 15_000).catch(() => undefined);

    // ---- requests: exactly one answer each ----
    // No exemption for outages: the broker queues requests for the killed bridge (session_expiry) and the
    // bridge's journal answers what a killed process had taken.
    let once = 0; let redelivered = 0; let lost = 0; let errors = 0;
    const lostTx: string[] = [];
    const latencies: number[] = [];
    const codes: Record<string, number> = {};
    const twiceTx: string[] = [];
    for (const r of reqs.values()) {
      const distinct = new Set(r.answers);
      if (r.answers.length > distinct.size) redelivered++;
      if (distinct.size === 1) {
        once++;
        const answer = JSON.parse([...distinct][0]);
        if (answer.status !== 'ok') {
          errors++;
          codes[answer.error?.code] = (codes[answer.error?.code] ?? 0) + 1;
        }
        // (A search of all messages per request would be quadratic: an hour-long run never finished it.)
        if (r.answeredAt !== undefined) latencies.push(r.answeredAt - r.sentAt);
      } else if (distinct.size > 1) {
        twiceTx.push(r.tx);
      } else {
        lost++;
        lostTx.push(`${r.tx} ${r.action} at +${r.sentAt - started}ms`);
      }
    }
    figures['MQTT requests sent'] = reqs.size;
    figures['answered exactly once'] = once;
    figures['  of which errors (code + message)'] = errors;
    for (const [code, count] of Object.entries(codes).sort()) figures[`    ${code}`] = count;
    latencies.sort((a, b) => a - b);
    const q = (f: number): number => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] ?? 0;
    figures['answer time p50 / p99 / max (ms)'] = `${q(0.5)} / ${q(0.99)} / ${latencies.at(-1) ?? 0}`;
    figures['answer delivered again (same bytes, QoS 1)'] = redelivered;
    figures['answered twice, different answers'] = twiceTx.length;
    figures['unanswered (lost)'] = lost;
    figures['taken by a killed bridge, answered by the next (journal)'] = bridge.logLines
      .reduce((sum, line) => sum + Number(/answering (\d+) request\(s\) taken before/.exec(line)?.[1] ?? 0), 0);
    check('every request answered once', lost === 0 && twiceTx.length === 0,
      lost === 0 && twiceTx.length === 0 ? `${once} answered once` : `lost: ${lostTx.slice(0, 5).join('; ')} twice: ${twiceTx.slice(0, 5).join(', ')}`);
    const strictOk = strict.filter((r) => new Set(r.answers).size === 1 && JSON.parse(r.answers[0]).status === 'ok').length;
    check('strict batch after chaos (100 requests, all ok)', strictOk === 100, `${strictOk}/100 answered once with ok`);

    // ---- events against the simulator's change log ----
    const changes = (await side('GET', `changes?since=${since0}`)).changes as Array<{ kind: string; id: string; path?: string }>;
    const stateEnd = await side('GET', 'state');
    const eventMsgs = messages.filter((m) => m.topic.startsWith(`${BASE}/event/`));
    const byEventId = new Map<string, any>();
    for (const m of eventMsgs) {
      const e = JSON.parse(m.text);
      if (!byEventId.has(e.event_id)) byEventId.set(e.event_id, e);
    }
    const verdict = compareEvents(changes, [...byEventId.values()], stateStart, stateEnd);
    if (process.env.PHOTOSTATION_CHAOS_TRACE) {
      writeFileSync(process.env.PHOTOSTATION_CHAOS_TRACE, JSON.stringify({ started, changes, events: eventMsgs.map((m) => ({ at: m.at - started, ...JSON.parse(m.text) })),
        outages: outages.map((o) => ({ ...o, start: o.start - started, end: o.end - started })), log: bridge.logLines }, null, 1));
    }
    figures['changes in the simulator log'] = changes.length;
    figures['objects changed (albums, photos, shares)'] = verdict.objects;
    figures['  of which net changed (added, removed or fields)'] = verdict.netChanged;
    figures['event messages received'] = eventMsgs.length;
    figures['distinct event_ids'] = byEventId.size;
    figures['event redeliveries (same event_id)'] = eventMsgs.length - byEventId.size;
    figures['events missing (net change not reported)'] = verdict.missing.length;
    figures['events doubled (same change, new event_id)'] = verdict.doubled.length;
    figures['events without a change in the log'] = verdict.spurious.length;
    check('every change reported exactly once', verdict.missing.length + verdict.doubled.length + verdict.spurious.length === 0,
      [...verdict.missing.slice(0, 3).map((s) => `missing ${s}`), ...verdict.doubled.slice(0, 3).map((s) => `doubled ${s}`),
        ...verdict.spurious.slice(0, 3).map((s) => `spurious ${s}`)].join('; ') || `${verdict.netChanged} net changes, ${byEventId.size} events`);

    // ---- processes ----
    const lives = bridge.lives;
    const crashed = lives.filter((l) => l.endedAt !== undefined && !l.killedByUs);
    figures['bridge processes (SIGKILL restarts)'] = `${lives.length} (${lives.filter((l) => l.exit === 'SIGKILL').length})`;
    figures['Mosquitto restarts'] = broker.restarts;
    figures['driver changes attempted / ok / refused under faults'] = `${ops.attempted} / ${ops.ok} / ${ops.failed}`;
    figures['NAS requests seen by chaos / faults injected'] = `${chaosReport.seen} / ${Object.values(chaosReport.injected as Record<string, number>).reduce((a, b) => a + b, 0)}`;
    for (const [k, v] of Object.entries(chaosReport.injected as Record<string, number>)) figures[`  ${k}`] = v;
    const simStats = await side('GET', 'stats');
    figures['simulator internal errors'] = simStats.internalErrors;
    check('broker kept its sessions (persistence without errors)', broker.errors.length === 0, broker.errors.slice(0, 2).join('; ') || 'no error in its log');
    check('no process crashed', crashed.length === 0 && broker.unexpectedExits === 0 && simStats.internalErrors === 0,
      `bridge unexpected exits ${crashed.length}, mosquitto ${broker.unexpectedExits}, simulator internal errors ${simStats.internalErrors}`);

    // ---- memory: each bridge life's RSS once warm; the last life must not sit above the first ones ----
    const warm = new Map<number, number[]>();
    for (const lifeStart of lives) {
      const samples = rss.filter((s) => s.pid === lifeStart.pid && s.t + started - lifeStart.startedAt > 2000).map((s) => s.kb);
      if (samples.length) warm.set(lifeStart.pid, samples);
    }
    const firstLife = warm.get(lives[0].pid) ?? [];
    const lastLife = warm.get(lives.at(-1)!.pid) ?? [];
    const firstKb = firstLife.length ? Math.max(...firstLife) : 0;
    const lastKb = lastLife.length ? lastLife.at(-1)! : 0;
    const maxKb = rss.length ? Math.max(...rss.map((s) => s.kb)) : 0;
    figures['bridge RSS, first life (MB)'] = (firstKb / 1024).toFixed(1);
    figures['bridge RSS, at the end (MB)'] = (lastKb / 1024).toFixed(1);
    figures['bridge RSS, max (MB)'] = (maxKb / 1024).toFixed(1);
    // A long-lived final process is the one whose growth would show a leak; restarts reset RSS.
    const lastGrowth = lastLife.length > 4 ? lastLife.at(-1)! - Math.min(...lastLife.slice(0, Math.ceil(lastLife.length / 2))) : 0;
    figures['bridge RSS growth over its last life (MB)'] = (lastGrowth / 1024).toFixed(1);
    figures['bridge heap cap (MB)'] = HEAP_CAP_MB;
    check('memory flat', firstKb > 0 && maxKb <= firstKb * 1.5 + 20 * 1024,
      `heap capped at ${HEAP_CAP_MB} MB without a crash; RSS first ${(firstKb / 1024).toFixed(1)} MB, max ${(maxKb / 1024).toFixed(1)} MB, end ${(lastKb / 1024).toFixed(1)} MB`);

    // ---- secrets ----
    await sleep(100);
    const planted = [SECRETS.nas, SECRETS.album, ...sids];
    const haystacks = [...bridge.logLines, ...messages.map((m) => `${m.topic} ${m.text}`)];
    // Linear in the texts: every 18-character window of a base64url run is looked up among the session
    // ids (the simulator's shape), instead of searching every text for each of thousands of ids.
    const sidLength = [...sids][0]?.length ?? 18;
    const holdsSid = (h: string): boolean => {
      for (const run of h.match(/[A-Za-z0-9_-]+/g) ?? []) {
        for (let i = 0; i + sidLength <= run.length; i++) if (sids.has(run.slice(i, i + sidLength))) return true;
      }
      return false;
    };
    const leaks = haystacks.filter((h) => h.includes(SECRETS.nas) || h.includes(SECRETS.album) || holdsSid(h));
    figures['session ids collected'] = sids.size;
    figures['log lines + MQTT messages scanned'] = haystacks.length;
    figures['secret occurrences'] = leaks.length;
    check('no secret in logs or MQTT', leaks.length === 0, leaks.length ? leaks[0].slice(0, 200) : `${planted.length} secrets, ${haystacks.length} texts`);

    // ---- clean end ----
    await bridge.kill('SIGTERM');
    const last = lives.at(-1)!;
    check('bridge stops cleanly (SIGTERM, exit 0)', last.exit === '0', `exit ${last.exit}`);
    figures['run length (s)'] = ((Date.now() - started) / 1000).toFixed(1);
  } catch (err) {
    const lives = bridge?.lives.map((l) => `pid ${l.pid} ${l.exit ?? 'running'}${l.killedByUs ? '' : ' (not killed by us)'}`).join(', ') ?? 'none';
    check('run completed', false, `${(err as Error).stack ?? String(err)}\nbridge lives: ${lives}\nlast bridge log lines:\n${bridge?.logLines.slice(-40).join('\n') ?? ''}`);
  } finally {
    for (const t of timers) clearInterval(t);
    await bridge?.kill('SIGKILL');
    await client?.endAsync(true).catch(() => undefined);
    await actor?.close().catch(() => undefined);
    await broker.stop().catch(() => undefined);
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(brokerDir, { recursive: true, force: true });
  }
  const { log: _log, ...opts } = options;
  return { ok: checks.length > 0 && checks.every((c) => c.ok), options: opts, figures, checks };
}

interface FixtureState {
  albums: Array<{ path: string; title: string; type: string }>;
  items: Array<{ path: string; title: string }>;
}

/**
 * "Exactly once", object by object: the detector compares states, so changes between two polls fold
 * into one net change (docs/detector.md). Per object of the change log:
 * - its events (one per event_id) form a valid sequence from its presence before to its presence after
 *   (added only when absent; changed and removed only when present): a second `added` for the same
 *   appearance would be a double report under a new id;
 * - the sequence ends where the simulator ends: present or absent; a photo's or album's last reported
 *   title is its final title;
 * - a photo or album whose title differs between start and end has at least one event;
 * - no event names an object the log never touched.
 */
export function compareEvents(changes: Array<{ kind: string; id: string; path?: string }>, events: any[], start: FixtureState, end: FixtureState): {
  objects: number; netChanged: number; missing: string[]; doubled: string[]; spurious: string[];
} {
  const log = new Map<string, string[]>();
  for (const c of changes) log.set(c.id, [...(log.get(c.id) ?? []), c.kind.split('.')[1]]);
  const evs = new Map<string, any[]>();
  for (const e of events) {
    const id = String(e.id);
    evs.set(id, [...(evs.get(id) ?? []), e]);
  }
  const titles = (s: FixtureState): Map<string, string> => new Map([...s.albums, ...s.items].map((x) => [x.path, x.title]));
  const startTitles = titles(start);
  const endTitles = titles(end);
  const pathOf = new Map<string, string>();
  for (const c of changes) if (c.path !== undefined) pathOf.set(c.id, c.path);
  const missing: string[] = [];
  const doubled: string[] = [];
  const spurious: string[] = [];
  let netChanged = 0;
  for (const [id, kinds] of log) {
    let present = kinds[0] !== 'added';
    const before = present;
    const after = kinds.at(-1) !== 'removed';
    const list = evs.get(id) ?? [];
    for (const e of list) {
      const kind = String(e.event).split('.')[1];
      if (kind === 'added' ? present : !present) doubled.push(`${e.event} ${id} (${list.map((x) => x.event).join(', ')})`);
      if (kind === 'added') present = true;
      if (kind === 'removed') present = false;
    }
    const p = pathOf.get(id);
    const titleChanged = p !== undefined && before && after && startTitles.has(p) && endTitles.has(p) && startTitles.get(p) !== endTitles.get(p);
    if (before !== after || titleChanged) netChanged++;
    if (present !== after) missing.push(`${id}: ${before ? 'present' : 'absent'} → ${after ? 'present' : 'absent'}, events ${list.map((x) => x.event).join(', ') || 'none'}`);
    else if (titleChanged && !list.length) missing.push(`${id}: title changed, no event`);
    else if (after && p !== undefined && list.length && endTitles.has(p) && 'title' in list.at(-1) && list.at(-1).title !== endTitles.get(p)) {
      missing.push(`${id}: last reported title ${JSON.stringify(list.at(-1).title)}, now ${JSON.stringify(endTitles.get(p))}`);
    }
  }
  for (const [id, list] of evs) if (!log.has(id)) spurious.push(`${list.map((e) => e.event).join(', ')} ${id}`);
  return { objects: log.size, netChanged, missing, doubled, spurious };
}

function table(report: ChaosReport): string {
  const rows = [...Object.entries(report.figures).map(([k, v]) => [k, String(v)]), ['', ''],
    ...report.checks.map((c) => [`${c.ok ? 'PASS' : 'FAIL'} ${c.name}`, c.detail])];
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => (k ? `${k.padEnd(w)}  ${v}` : '')).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  if (args.includes('--help')) {
    console.log('usage: chaos [--duration 60s|1h] [--seed N] [--rate 0.05] [--ops 10] [--requests 20] [--json FILE]');
    return;
  }
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('build first: npx tsc -p tsconfig.json');
  const options: ChaosOptions = {
    durationMs: parseDuration(get('duration', '60s')),
    seed: Number(get('seed', '1')),
    rate: Number(get('rate', '0.05')),
    opsPerSec: Number(get('ops', '10')),
    requestsPerSec: Number(get('requests', '20')),
    log: (line) => console.error(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`),
  };
  const t0 = Date.now();
  const report = await runChaos(options);
  console.log(table(report));
  const json = get('json', '');
  if (json) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
}
