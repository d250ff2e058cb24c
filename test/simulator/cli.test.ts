// `photostation sim` as a user runs it (design: CLI contract): a child process, its output, its signals.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { startSimulator } from '../../src/simulator';
import { request } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'photostation.js');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

/** The newest modification time below a directory (the compiled CLI must not be older than its sources). */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

function run(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the output holds the base URL line; fails with what the process said otherwise. */
async function started(r: Running, timeoutMs = 30_000): Promise<{ base: string; origin: string; lines: string[] }> {
  const deadline = Date.now() + timeoutMs;
  let exit: { code: number | null } | undefined;
  void r.exited.then((e) => { exit = e; });
  for (;;) {
    const m = /(https?:\/\/127\.0\.0\.1:(\d+))\/photo\/webapi\//.exec(r.stdout());
    if (m && r.stdout().includes('side channel')) return { base: `${m[1]}/photo/webapi/`, origin: m[1], lines: r.stdout().split('\n') };
    if (exit) throw new Error(`exited with ${exit.code}: ${r.stdout()} ${r.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no base URL after ${timeoutMs} ms: ${r.stdout()} ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

async function stop(r: Running): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  r.child.kill('SIGTERM');
  return r.exited;
}

const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();

async function callApi(base: string, file: string, params: Record<string, string>, cookie?: string): Promise<any> {
  const res = await request(`${base}${file}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: `PHPSESSID=${cookie}` } : {}) },
    body: form(params),
  });
  return { ...res.json, setCookie: res.headers['set-cookie'] };
}

const login = (base: string, username: string, password: string): Promise<any> =>
  callApi(base, 'auth.php', { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username, password });

describe('photostation sim (CLI)', function () {
  this.timeout(60_000);
  let dir = '';

  before(function () {
    this.timeout(180_000);
    dir = mkdtempSync(path.join(tmpdir(), 'ps-sim-cli-'));
    let stale = true;
    try {
      stale = statSync(MAIN).mtimeMs < newest(path.join(ROOT, 'src'));
    } catch {
      stale = true;
    }
    if (stale) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints exactly one line with http://HOST:PORT/photo/webapi/ for --port 0 and stops cleanly on SIGTERM', async () => {
    const r = run(['--port', '0']);
    const { base, lines } = await started(r);
    assert.equal(lines.filter((l) => /https?:\/\/[^ ]+\/photo\/webapi\//.test(l)).length, 1);
    assert.notEqual(new URL(base).port, '0');
    const discovery = await callApi(base, 'query.php', { api: 'SYNO.API.Info', method: 'query', version: '1', query: 'all' });
    assert.equal(discovery.success, true);
    assert.equal(discovery.data['SYNO.PhotoStation.Album'].path, 'album.php');
    // --seed empty is the default: admin/admin, nothing else.
    const admin = await login(base, 'admin', 'admin');
    assert.equal(admin.success, true);
    assert.equal(admin.data.is_admin, true);
    assert.deepEqual(await stop(r), { code: 0, signal: null });
    assert.equal(r.stderr(), '');
  });

  it('also stops with exit code 0 on SIGINT, with a keep-alive client still connected', async () => {
    const r = run(['--port', '0', '--seed', 'photos:200']);
    const { base } = await started(r);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = http.request(`${base}query.php?api=SYNO.API.Info&method=query&version=1&query=all`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    r.child.kill('SIGINT');
    assert.deepEqual(await r.exited, { code: 0, signal: null });
    agent.destroy();
  });

  it('--user NAME:PASSWORD[:admin] may be repeated', async () => {
    const r = run(['--port', '0', '--user', 'alice:wonder:land', '--user', 'root:toor:admin', '--user', 'kid:kid']);
    const { base } = await started(r);
    try {
      // A password may itself contain colons; only a last ":admin" makes an administrator.
      const alice = await login(base, 'alice', 'wonder:land');
      assert.equal(alice.success, true);
      assert.equal(alice.data.is_admin, false);
      const root = await login(base, 'root', 'toor');
      assert.equal(root.data.is_admin, true);
      assert.equal((await login(base, 'kid', 'kid')).data.is_admin, false);
      assert.equal((await login(base, 'admin', 'admin')).success, true);
    } finally {
      assert.equal((await stop(r)).code, 0);
    }
  });

  it('--seed demo serves the demo library and its public share page', async () => {
    const r = run(['--port', '0', '--seed', 'demo']);
    const { base, origin } = await started(r);
    try {
      assert.match(r.stdout(), /seed demo: 2\d albums, 2\d\d items, 2 accounts/);
      const family = await login(base, 'family', 'family');
      assert.equal(family.data.is_admin, false);
      const page = await request(`${origin}/photo/share/demoParty2026`);
      assert.equal(page.status, 200);
      const stats = JSON.parse((await request(`${origin}/__sim/stats`)).body.toString('utf8'));
      assert.equal(stats.requests.byApi['SYNO.PhotoStation.Auth'], 1);
      assert.equal(stats.internalErrors, 0);
    } finally {
      assert.equal((await stop(r)).code, 0);
    }
  });

  it('--seed photos:N is the same library on two starts', async () => {
    const ids: string[][] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = run(['--port', '0', '--seed', 'photos:300']);
      const { base } = await started(r);
      try {
        const sid = /PHPSESSID=([^;]+)/.exec(String((await login(base, 'admin', 'admin')).setCookie))![1];
        const list = await callApi(base, 'photo.php', {
          api: 'SYNO.PhotoStation.Photo', method: 'list', version: '1', type: 'photo,video', offset: '0', limit: '-1',
        }, sid);
        assert.equal(list.data.total, 300);
        ids.push(list.data.items.map((i: any) => `${i.id}@${i.info.takendate}`));
      } finally {
        assert.equal((await stop(r)).code, 0);
      }
    }
    assert.deepEqual(ids[0], ids[1]);
  });

  it('--fixture FILE loads the user’s library', async () => {
    const file = path.join(dir, 'library.json');
    writeFileSync(file, JSON.stringify({
      users: [{ name: 'me', password: 'pw', admin: true }],
      albums: [{ path: 'Mine', type: 'public' }],
      items: [{ path: 'Mine/one.jpg', takendate: '2020-01-02 03:04:05' }],
    }));
    const r = run(['--port', '0', '--fixture', file]);
    const { base } = await started(r);
    try {
      assert.equal((await login(base, 'me', 'pw')).data.is_admin, true);
      const list = await callApi(base, 'photo.php', {
        api: 'SYNO.PhotoStation.Photo', method: 'list', version: '1', type: 'photo', offset: '0', limit: '-1',
      });
      assert.equal(list.data.total, 1);
      assert.equal(list.data.items[0].info.takendate, '2020-01-02 03:04:05');
    } finally {
      assert.equal((await stop(r)).code, 0);
    }
  });

  it('refuses a bad fixture with an error naming the file and the entry', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ items: [{ path: 'A/ok.jpg' }, { path: 'A/readme.txt' }] }));
    const r = run(['--port', '0', '--fixture', file]);
    const { code } = await r.exited;
    assert.equal(code, 2);
    assert.match(r.stderr(), /bad\.json/);
    assert.match(r.stderr(), /items\[1\]: "readme\.txt" has no photo or video extension/);
    assert.equal(r.stdout(), '');

    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "items": [ ');
    const r2 = run(['--port', '0', '--fixture', broken]);
    assert.equal((await r2.exited).code, 2);
    assert.match(r2.stderr(), /broken\.json/);
    assert.match(r2.stderr(), /JSON/);

    const r3 = run(['--port', '0', '--fixture', path.join(dir, 'missing.json')]);
    assert.equal((await r3.exited).code, 2);
    assert.match(r3.stderr(), /missing\.json/);
  });

  it('refuses bad options with exit code 2 and a usage hint', async () => {
    for (const [args, message] of [
      [['--seed', 'lots'], /--seed must be demo, empty or photos:N/],
      [['--port', '70000'], /--port must be 0\.\.65535/],
      [['--user', 'nopassword'], /--user wants NAME:PASSWORD\[:admin\]/],
      [['--bogus'], /Unknown option '--bogus'/],
    ] as Array<[string[], RegExp]>) {
      const r = run(args);
      assert.equal((await r.exited).code, 2, args.join(' '));
      assert.match(r.stderr(), message);
    }
  });

  it('fails clearly when the port is taken', async () => {
    const first = run(['--port', '0']);
    const { base } = await started(first);
    try {
      const r = run(['--port', new URL(base).port]);
      assert.equal((await r.exited).code, 1);
      assert.match(r.stderr(), /EADDRINUSE|in use/);
    } finally {
      await stop(first);
    }
  });

  it('--https --host localhost makes a certificate a verifying client accepts for localhost', async () => {
    const sim = await startSimulator({ host: 'localhost', port: 0, https: true });
    try {
      assert.ok(sim.baseUrl.startsWith('https://localhost:'));
      const status = await new Promise<number>((resolve, reject) => {
        const req = https.request(`${sim.baseUrl}query.php?api=SYNO.API.Info&method=query&version=1&query=all`, {
          ca: sim.certPem, agent: false,
        }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 200);
    } finally {
      await sim.close();
    }
  });

  it('--https prints a SHA-256 fingerprint and serves TLS with that certificate', async () => {
    const r = run(['--port', '0', '--https']);
    const { base, origin } = await started(r);
    try {
      assert.ok(base.startsWith('https://'));
      const m = /SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\b/.exec(r.stdout());
      assert.ok(m, r.stdout());
      const printed = m[1];
      const { port } = new URL(origin);

      // The certificate the server presents is the one whose fingerprint was printed.
      const presented = await new Promise<string>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
          resolve(socket.getPeerCertificate().fingerprint256);
          socket.end();
        });
        socket.on('error', reject);
      });
      assert.equal(presented, printed);

      // A client that pins the printed fingerprint gets an answer; a verifying client without it is refused.
      const body = await new Promise<string>((resolve, reject) => {
        const req = https.request(`${base}query.php?api=SYNO.API.Info&method=query&version=1&query=SYNO.API.Info`, {
          rejectUnauthorized: false,
          agent: false,
        }, (res) => {
          const cert = (res.socket as tls.TLSSocket).getPeerCertificate();
          if (cert.fingerprint256 !== printed) {
            reject(new Error('fingerprint mismatch'));
            return;
          }
          let text = '';
          res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(JSON.parse(body).success, true);
      await assert.rejects(new Promise((resolve, reject) => {
        const req = https.request(`${base}query.php`, { agent: false }, resolve);
        req.on('error', reject);
        req.end();
      }), /self[- ]signed|unable to verify|certificate/i);
    } finally {
      assert.equal((await stop(r)).code, 0);
    }
  });
});
