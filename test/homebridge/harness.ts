import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const PLUGIN_DIR = join(ROOT, 'homebridge');
export const PIN = '031-45-154';

/** A Homebridge major to prove the plugin on, installed by .ci/run under homebridge/matrix/. */
export interface Runtime {
  label: string;
  dir: string;
  /** The Node binary Homebridge runs on: the machine's for 1.x, the npm `node` package's for 2.x. */
  node: string;
  /** The version `homebridge --version` must report. */
  major: number;
}

export const RUNTIMES: Runtime[] = [
  { label: 'Homebridge 1.9 on Node 20', dir: join(PLUGIN_DIR, 'matrix/homebridge-1'), node: process.execPath, major: 1 },
  { label: 'Homebridge 2.1 on Node 22', dir: join(PLUGIN_DIR, 'matrix/homebridge-2'), node: join(PLUGIN_DIR, 'matrix/homebridge-2/node_modules/.bin/node'), major: 2 },
];

/**
 * Fails (never skips) when a runtime is missing: a matrix that quietly runs one leg proves nothing.
 * Answers the Homebridge version and the Node version the runtime really runs.
 */
export function checkRuntime(runtime: Runtime): { homebridge: string; node: string } {
  const bin = homebridgeBin(runtime);
  assert.ok(bin && existsSync(runtime.node),
    `${runtime.label} is not installed: run "npm ci --prefix ${runtime.dir.slice(ROOT.length + 1)}" (as .ci/run does)`);
  const homebridge = execFileSync(runtime.node, [bin, '--version'], { encoding: 'utf8' }).trim();
  const node = execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim();
  return { homebridge, node };
}

/** The CLI script named by the installed package (1.x ships bin/homebridge, 2.x bin/homebridge.js). */
function homebridgeBin(runtime: Runtime): string | undefined {
  const dir = join(runtime.dir, 'node_modules/homebridge');
  if (!existsSync(join(dir, 'package.json'))) return undefined;
  const bin = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).bin;
  const file = typeof bin === 'string' ? bin : bin?.homebridge;
  return file && existsSync(join(dir, file)) ? join(dir, file) : undefined;
}

let built = false;
/** The plugin ships compiled JavaScript; Homebridge loads homebridge/dist, so build it from the current sources. */
export function buildPlugin(): void {
  if (built) return;
  assert.ok(existsSync(join(PLUGIN_DIR, 'node_modules/@photostation/node-red-photostation')),
    'homebridge/ has no node_modules: run "npm ci --prefix homebridge" (as .ci/run does)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(PLUGIN_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  built = true;
}


export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it answers something truthy; fails with `what` and the last value seen. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(everyMs);
  }
}

/** One Homebridge process with its own storage folder, in insecure mode so tests can talk HAP over plain HTTP. */
export class Homebridge {
  child: ChildProcess | undefined;
  output = '';
  exitCode: number | null | undefined;
  port = 0;

  constructor(readonly runtime: Runtime, readonly storage: string) {
    mkdirSync(storage, { recursive: true });
  }

  writeConfig(platform: Record<string, unknown>, port: number): void {
    this.port = port;
    const config = {
      bridge: { name: 'PhotoStation Test', username: '0E:5A:11:22:33:44', port, pin: PIN, bind: ['127.0.0.1'] },
      accessories: [],
      platforms: [platform],
    };
    writeFileSync(join(this.storage, 'config.json'), JSON.stringify(config, null, 2));
  }

  async start(): Promise<void> {
    assert.equal(this.child, undefined, 'already running');
    const bin = homebridgeBin(this.runtime)!;
    const args = [bin, '-I', '-D', '-U', this.storage, '-P', PLUGIN_DIR, '--strict-plugin-resolution'];
    this.exitCode = undefined;
    const child = spawn(this.runtime.node, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => { this.output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { this.output += d.toString(); });
    child.on('exit', (code) => { this.exitCode = code; });
    await until('Homebridge to serve HAP', async () => {
      if (this.exitCode !== undefined) assert.fail(`Homebridge exited with ${this.exitCode}:\n${this.output.slice(-3000)}`);
      const res = await this.hap('GET', '/accessories');
      return res.status === 200;
    }, 30_000, 200);
  }

  get alive(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  /**
   * SIGTERM (Homebridge saves its accessory cache on the way out, and takes 5 s to do so), SIGKILL
   * if it hangs; `force` kills at once where the cache does not matter.
   */
  async stop(options: { force?: boolean } = {}): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(options.force ? 'SIGKILL' : 'SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    this.child = undefined;
  }

  async hap(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { Authorization: PIN, 'Content-Type': 'application/hap+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  async accessories(): Promise<HapAccessory[]> {
    const res = await this.hap('GET', '/accessories');
    assert.equal(res.status, 200);
    return res.json.accessories;
  }

  /** `{ value }` or `{ status }` (a HAP status such as -70402) of one characteristic. */
  async read(ref: CharRef): Promise<{ value?: unknown; status?: number }> {
    const res = await this.hap('GET', `/characteristics?id=${ref.aid}.${ref.iid}`);
    const c = res.json.characteristics[0];
    if (c.status !== undefined && c.status !== 0) return { status: c.status };
    // HAP-NodeJS sends bool characteristics as 0/1; every characteristic these tests read is a bool.
    return { value: c.value === 0 || c.value === 1 ? c.value === 1 : c.value };
  }

  /** HTTP 204 when the write worked; 207 with a per-characteristic status when it did not. */
  async write(ref: CharRef, value: unknown): Promise<{ http: number; status?: number }> {
    const res = await this.hap('PUT', '/characteristics', { characteristics: [{ aid: ref.aid, iid: ref.iid, value }] });
    return { http: res.status, status: res.json?.characteristics?.[0]?.status };
  }

  cachedAccessories(): Array<{ UUID: string; displayName: string; services: Array<{ UUID: string; subtype?: string }>; context: any }> {
    return JSON.parse(readFileSync(join(this.storage, 'accessories/cachedAccessories'), 'utf8'));
  }
}

export interface HapCharacteristic { iid: number; type: string; value?: unknown; description?: string }
export interface HapService { iid: number; type: string; characteristics: HapCharacteristic[] }
export interface HapAccessory { aid: number; services: HapService[] }
export interface CharRef { aid: number; iid: number }

/** HAP short type ids (the insecure API answers the short form of Apple-defined UUIDs). */
export const HAP = {
  AccessoryInformation: '3E', Switch: '49', MotionSensor: '85',
  On: '25', MotionDetected: '22', Name: '23', Model: '21', SerialNumber: '30', ConfiguredName: 'E3',
} as const;

const shortType = (type: string): string => type.replace(/^0+/, '').replace(/-0000-1000-8000-0026BB765291$/i, '').toUpperCase();

export function charValue(service: HapService, type: string): unknown {
  return service.characteristics.find((c) => shortType(c.type) === type)?.value;
}

/** The album accessories, by serial number (the album path). */
export function albumAccessories(accessories: HapAccessory[]): Map<string, HapAccessory> {
  const out = new Map<string, HapAccessory>();
  for (const a of accessories) {
    const info = a.services.find((s) => shortType(s.type) === HAP.AccessoryInformation)!;
    if (charValue(info, HAP.Model) !== 'Album') continue; // the bridge itself, or another plugin's
    const serial = charValue(info, HAP.SerialNumber) as string;
    assert.ok(!out.has(serial), `two accessories for album ${serial}`);
    out.set(serial, a);
  }
  return out;
}

/** The characteristic of `charType` on the service of `serviceType` whose Name ends with `nameSuffix`. */
export function findChar(accessory: HapAccessory, serviceType: string, nameSuffix: string, charType: string): CharRef {
  const service = accessory.services.find((s) => shortType(s.type) === serviceType && String(charValue(s, HAP.Name)).endsWith(nameSuffix));
  assert.ok(service, `no ${nameSuffix} service on accessory ${accessory.aid}`);
  const c = service.characteristics.find((x) => shortType(x.type) === charType);
  assert.ok(c, `no characteristic ${charType} on ${nameSuffix}`);
  return { aid: accessory.aid, iid: c.iid };
}

export function hasService(accessory: HapAccessory, serviceType: string, nameSuffix: string): boolean {
  return accessory.services.some((s) => shortType(s.type) === serviceType && String(charValue(s, HAP.Name)).endsWith(nameSuffix));
}
