// `photostation bridge --config FILE` as a user runs it: a child process against a real broker and
// the simulator; SIGTERM publishes offline, logs out and exits 0; a bad config exits 2 naming the line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { Broker, Recorder, sleep, until } from './helpers';

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

  it('killed with SIGKILL mid-request, the next bridge answers every request once: reads run again, writes say they were interrupted', async () => {
    const file = path.join(dir, 'kill.yaml');
    writeFileSync(file, `broker:\n  url: ${broker.url}\n  client_id: kill-test\n  session_expiry: 1h\n  reconnect: { min: 100ms, max: 1s }\n`
      + `stations:\n  - name: home\n    url: ${sim.origin}\n    user: admin\n    password_env: CLI_NAS_PW\n    polling: false\n    data_dir: ${dir}/kill\n`);
    const sim$ = (method: string, p: string, body?: unknown): Promise<any> => fetch(`${sim.origin}/__sim/${p}`, {
      method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    }).then((r) => r.json());
    const c = await Recorder.connect(broker.url, { subscribe: ['photostation/bridge/state', 'photostation/response/#'] });
    let bridge = run(['--config', file], { CLI_NAS_PW: 'admin' });
    const answers = (tx: string): any[] => c.seen.filter((s) => s.topic.startsWith('photostation/response/') && s.text.includes(`"${tx}"`)).map((s) => s.json());
    try {
      await c.waitFor('online', (s) => s.text === 'online', 20_000);
      const photo = (await c.request('photostation', 'photo.search', { album: 'Family', limit: 1 })).data.items[0];
      // Both requests reach the NAS, whose answers are held back long enough to kill the bridge meanwhile.
      await sim$('POST', 'faults', { kind: 'latency', ms: 5000, api: 'SYNO.PhotoStation.Album', method: 'getinfo' });
      await sim$('POST', 'faults', { kind: 'latency', ms: 5000, api: 'SYNO.PhotoStation.Photo', method: 'edit' });
      await c.publish('photostation/request/album.get', JSON.stringify({ album: 'Family', transaction: 'slow-read' }));
      await c.publish('photostation/request/photo.edit', JSON.stringify({ id: photo.id, title: 'never-on-disk-title', transaction: 'slow-write' }));
      await until('both requests at the NAS', async () => (await sim$('GET', 'faults')).faults.length === 0);
      bridge.kill('SIGKILL');
      await bridge.exited;
      await c.publish('photostation/request/album.get', JSON.stringify({ album: 'Family', transaction: 'while-down' }));
      const journal = readFileSync(path.join(dir, 'kill', 'requests.jsonl'), 'utf8');
      assert.ok(journal.includes('slow-write') && !journal.includes('never-on-disk-title'), `a write's payload is not kept:\n${journal}`);
      assert.equal(statSync(path.join(dir, 'kill', 'requests.jsonl')).mode & 0o777, 0o600);

      bridge = run(['--config', file], { CLI_NAS_PW: 'admin' });
      for (const tx of ['slow-read', 'slow-write', 'while-down']) await until(`an answer to ${tx}`, () => answers(tx).length > 0, 20_000);
      await sleep(1500);
      assert.deepEqual(['slow-read', 'slow-write', 'while-down'].map((tx) => answers(tx).length), [1, 1, 1]);
      assert.equal(answers('slow-read')[0].status, 'ok');
      assert.equal(answers('slow-read')[0].data.path, 'Family');
      assert.equal(answers('while-down')[0].status, 'ok');
      assert.equal(answers('slow-write')[0].status, 'error');
      assert.equal(answers('slow-write')[0].error.code, 'unavailable');
      assert.match(answers('slow-write')[0].error.message, /stopped while running photo\.edit; it may or may not have taken effect/);
      assert.match(bridge.out(), /answering 2 request\(s\) taken before the bridge stopped/);
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
