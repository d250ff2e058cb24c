// `photostation bridge --config FILE` as a user runs it: a child process against a real broker and
// the simulator; SIGTERM publishes offline, logs out and exits 0; a bad config exits 2 naming the line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { Broker, Recorder, until } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'photostation.js');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(args: string[], env: Record<string, string>): { exited: Promise<number | null>; out: () => string; kill(sig: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [BIN, 'bridge', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { exited, out: () => out, kill: (sig) => child.kill(sig) };
}

describe('photostation bridge (CLI)', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let broker: Broker;
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-bridge-cli-'));

  before(async function () {
    if (newest(path.join(ROOT, 'src')) > newest(path.join(ROOT, 'dist'))) {
      throw new Error('dist/ is older than src/: run `npm run build` first (npm test does)');
    }
    sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0 });
    broker = await new Broker().start();
  });
  after(async () => {
    await broker?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs until SIGTERM, then publishes offline, logs out of the NAS and exits 0', async () => {
    const file = path.join(dir, 'bridge.yaml');
    writeFileSync(file, `broker:\n  url: ${broker.url}\nstations:\n  - name: home\n    url: ${sim.origin}\n    user: admin\n    password_env: CLI_NAS_PW\n    data_dir: ${dir}/home\n`);
    const c = await Recorder.connect(broker.url, { subscribe: ['photostation/bridge/state', 'photostation/response/#'] });
    const bridge = run(['--config', file], { CLI_NAS_PW: 'admin' });
    try {
      await c.waitFor('online', (s) => s.text === 'online', 20_000);
      assert.equal((await c.request('photostation', 'album.get', { album: 'Family' })).status, 'ok');
      const sessions = ((await (await fetch(`${sim.origin}/__sim/sessions`)).json()) as any).count;
      assert.ok(sessions >= 1);
      bridge.kill('SIGTERM');
      assert.equal(await bridge.exited, 0, bridge.out());
      await until('offline', () => c.seen.some((s) => s.text === 'offline'));
      assert.equal(c.seen.filter((s) => s.text === 'offline').length, 1);
      const after = ((await (await fetch(`${sim.origin}/__sim/sessions`)).json()) as any).count;
      assert.ok(after < sessions, `logged out: ${sessions} sessions before, ${after} after\n${bridge.out()}`);
      assert.match(bridge.out(), /SIGTERM: stopping/);
      assert.equal(bridge.out().includes('admin\n'), false);
    } finally {
      bridge.kill('SIGKILL');
      await c.close();
    }
  });

  it('refuses a bad config with exit code 2 and the line', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, `broker:\n  url: ${broker.url}\nstations:\n  - name: home\n    url: ${sim.origin}\n    pasword_env: X\n`);
    const bridge = run(['--config', file], {});
    assert.equal(await bridge.exited, 2);
    assert.match(bridge.out(), /bad\.yaml:6: stations\[0\]\.pasword_env: unknown key \(did you mean "password_env"\?\)/);
    const check = run(['--config', path.join(ROOT, 'examples', 'bridge.yaml'), '--check'], { NAS_PASSWORD: 'x', KIDS_ALBUM_PASSWORD: 'y' });
    assert.equal(await check.exited, 0, check.out());
    const missing = run([], {});
    assert.equal(await missing.exited, 2);
  });
});
