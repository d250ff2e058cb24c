// Plumbing for the bridge tests: a real Mosquitto per suite on a free loopback port, the simulator,
// MQTT clients that record everything they see, and a bridge built from a YAML config.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient } from 'mqtt';
import { Bridge, type BridgeOptions } from '../../src/bridge/bridge';
import { parseConfig } from '../../src/bridge/config';
import { startSimulator, type Simulator } from '../../src/simulator';
import { Station } from '../../src/station';
import { freePort } from '../support/free-port';

export const MOSQUITTO = process.env.MOSQUITTO ?? '/usr/sbin/mosquitto';


async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A Mosquitto of our own: loopback only, anonymous, persistence only when asked. */
export class Broker {
  port = 0;
  private proc: ChildProcess | undefined;
  private dir = mkdtempSync(path.join(tmpdir(), 'ps-mqtt-'));
  log = '';

  constructor(private readonly persistent = false, private readonly tls?: { cert: string; key: string }) {}

  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    const conf = path.join(this.dir, 'mosquitto.conf');
    const lines = [`listener ${this.port} 127.0.0.1`, 'allow_anonymous true', `persistence ${this.persistent ? 'true' : 'false'}`];
    if (this.persistent) {
      lines.push(`persistence_location ${this.dir}/`, 'autosave_interval 1');
      // Started as root, mosquitto drops to its own user, which must be able to write the database.
      chmodSync(this.dir, 0o777);
    }
    if (this.tls) {
      // Read by mosquitto's own user once it has dropped root.
      chmodSync(this.dir, 0o755);
      writeFileSync(path.join(this.dir, 'cert.pem'), this.tls.cert, { mode: 0o644 });
      writeFileSync(path.join(this.dir, 'key.pem'), this.tls.key, { mode: 0o644 });
      lines.push(`certfile ${path.join(this.dir, 'cert.pem')}`, `keyfile ${path.join(this.dir, 'key.pem')}`);
    }
    writeFileSync(conf, `${lines.join('\n')}\n`);
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => { this.log += d.toString(); });
    proc.stderr!.on('data', (d: Buffer) => { this.log += d.toString(); });
    this.proc = proc;
    await until(`mosquitto on port ${this.port}`, async () => (proc.exitCode !== null ? Promise.reject(new Error(`mosquitto exited: ${this.log}`)) : portOpen(this.port)));
    return this;
  }

  /** SIGTERM (mosquitto saves its persistence file on the way out) and wait for the exit. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    this.proc = undefined;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Seen {
  topic: string;
  text: string;
  retain: boolean;
  qos: number;
  properties: Record<string, any> | undefined;
  json(): any;
}

/** An MQTT client that records every message it receives. */
export class Recorder {
  readonly seen: Seen[] = [];
  client!: MqttClient;

  static async connect(url: string, options: IClientOptions & { subscribe?: string[] } = {}): Promise<Recorder> {
    const r = new Recorder();
    const { subscribe = ['#'], ...opts } = options;
    r.client = mqtt.connect(url, { protocolVersion: 5, reconnectPeriod: 100, clientId: `test_${randomBytes(4).toString('hex')}`, ...opts });
    r.client.on('message', (topic, payload, packet) => {
      const text = payload.toString('utf8');
      r.seen.push({ topic, text, retain: packet.retain, qos: packet.qos, properties: packet.properties as Record<string, any> | undefined, json: () => JSON.parse(text) });
    });
    await new Promise<void>((resolve, reject) => {
      r.client.once('connect', () => resolve());
      r.client.once('error', reject);
    });
    if (subscribe.length) await r.client.subscribeAsync(subscribe, { qos: 1 });
    return r;
  }

  on(topic: string): Seen[] {
    return this.seen.filter((s) => s.topic === topic);
  }

  async waitFor(what: string, pred: (s: Seen) => boolean, timeoutMs = 10_000): Promise<Seen> {
    return until(what, () => this.seen.find(pred), timeoutMs);
  }

  async publish(topic: string, payload: string | Buffer, options: IClientPublishOptions = {}): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, ...options });
  }

  /** Publishes a request and waits for the answer on the response topic that carries this transaction. */
  async request(base: string, action: string, body: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<any> {
    const transaction = `t-${randomBytes(6).toString('hex')}`;
    await this.publish(`${base}/request/${action}`, JSON.stringify({ ...body, transaction }));
    const seen = await this.waitFor(`answer to ${action}`, (s) => s.topic === `${base}/response/${action}` && s.text.includes(transaction), timeoutMs);
    return seen.json();
  }

  async close(): Promise<void> {
    await this.client.endAsync(true).catch(() => undefined);
  }
}

export interface RigOptions {
  /** YAML appended to the generated config (top-level keys). */
  extra?: string;
  /** YAML appended inside the first station. */
  stationExtra?: string;
  protocolVersion?: 4 | 5;
  baseTopic?: string;
  persistentBroker?: boolean;
  env?: Record<string, string>;
  bridge?: Partial<BridgeOptions>;
  polling?: string;
  /** The NAS account the bridge uses (admin / admin by default). */
  user?: string;
  password?: string;
  /** Runs after the simulator and broker started, before the bridge does. */
  beforeBridge?(rig: Rig): Promise<void>;
  /** Extra broker lines (username, password_env…). */
  brokerExtra?: string;
  logLevel?: string;
}

/** Simulator + broker + bridge + a recording client, as one unit. */
export class Rig {
  sim!: Simulator;
  broker!: Broker;
  bridge!: Bridge;
  client!: Recorder;
  /** A second station on the simulator that acts like a person changing things. */
  actor!: Station;
  dir = mkdtempSync(path.join(tmpdir(), 'ps-bridge-'));
  logs: string[] = [];
  base = 'photostation';
  yaml = '';

  async start(options: RigOptions = {}): Promise<this> {
    this.sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0 });
    this.broker = await new Broker(options.persistentBroker).start();
    this.base = options.baseTopic ?? 'photostation';
    this.yaml = this.configYaml(options);
    this.client = await Recorder.connect(this.broker.url);
    await options.beforeBridge?.(this);
    this.bridge = this.makeBridge(options);
    this.bridge.start();
    await this.bridge.ready();
    await this.client.waitFor('bridge online', (s) => s.topic === `${this.base}/bridge/state` && s.text === 'online');
    this.actor = new Station({ url: this.sim.origin, username: 'admin', password: 'admin', dataDir: path.join(this.dir, 'actor') });
    return this;
  }

  configYaml(options: RigOptions): string {
    return [
      'broker:',
      `  url: ${this.broker.url}`,
      `  client_id: bridge_${randomBytes(3).toString('hex')}`,
      `  protocol_version: ${options.protocolVersion ?? 5}`,
      '  reconnect: { min: 0.05, max: 0.5 }',
      ...(options.brokerExtra ? [options.brokerExtra] : []),
      ...(options.logLevel ? [`log_level: ${options.logLevel}`] : []),
      `base_topic: ${this.base}`,
      'stations:',
      '  - name: home',
      `    url: ${this.sim.origin}`,
      `    user: ${options.user ?? 'admin'}`,
      '    password_env: TEST_NAS_PASSWORD',
      `    data_dir: ${path.join(this.dir, 'home')}`,
      `    polling: ${options.polling ?? '{ interval: 0.2, reconcile: 1h, floor: 0 }'}`,
      ...(options.stationExtra ? [options.stationExtra] : []),
      ...(options.extra ? [options.extra] : []),
    ].join('\n');
  }

  makeBridge(options: RigOptions = {}): Bridge {
    const file = path.join(this.dir, 'bridge.yaml');
    writeFileSync(file, this.yaml);
    const config = parseConfig(this.yaml, file, { TEST_NAS_PASSWORD: options.password ?? 'admin', ...options.env });
    return new Bridge({ config, logSink: (line) => this.logs.push(line), infoIntervalMs: 200, ...options.bridge });
  }

  /** Makes the detector look now instead of at its next tick. */
  async poll(): Promise<void> {
    await this.bridge.stations.get('home')!.station.detector!.pollNow();
  }

  async side(method: string, route: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.sim.origin}/__sim/${route}`, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`side channel ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async close(): Promise<void> {
    await this.bridge?.stop().catch(() => undefined);
    await this.client?.close();
    await this.actor?.close().catch(() => undefined);
    await this.broker?.close();
    await this.sim?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Smallest JPEG the simulator accepts for an upload. */
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
