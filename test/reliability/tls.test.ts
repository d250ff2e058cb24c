// TLS across the faces: a self-signed NAS works with its pinned fingerprint or its certificate as CA, and
// fails closed without them or with a wrong pin, for the client, `photostation call`, a bridge config's
// station and the Node-RED server node. Plus a static check that nothing turns verification off.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/bridge/config';
import { startSimulator, type Simulator } from '../../src/simulator';
import { Station } from '../../src/station';
import { helper, load, run } from '../nodes/rig';
import { installGuard, runCli } from './guard';

const ROOT = path.resolve(__dirname, '..', '..');
const flip = (fp: string): string => fp.slice(0, -1) + (fp.endsWith('0') ? '1' : '0');

describe('reliability: TLS across faces', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let guard: ReturnType<typeof installGuard>;
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-tls-'));
  let caFile = '';

  before(async () => {
    guard = installGuard();
    sim = await startSimulator({ seed: 'demo', https: true, host: '127.0.0.1', port: 0 });
    caFile = path.join(dir, 'nas-ca.pem');
    writeFileSync(caFile, sim.certPem!);
  });
  afterEach(() => guard.check());
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    guard.remove();
  });

  async function status(tls: { fingerprint?: string; ca?: string } | undefined): Promise<string> {
    const st = new Station({ url: sim.origin, username: 'admin', password: 'admin', tls, timeoutMs: 3000, retry: { attempts: 1 } });
    try {
      await st.run('album.get', { album: 'Family' });
      return 'ok';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    } finally {
      await st.close();
    }
  }

  it('client/station: pinned fingerprint or CA works; none, a wrong pin or a wrong CA fail closed', async () => {
    assert.equal(await status({ fingerprint: sim.fingerprint }), 'ok');
    assert.equal(await status({ ca: sim.certPem }), 'ok');
    assert.equal(await status(undefined), 'unavailable');
    assert.equal(await status({ fingerprint: flip(sim.fingerprint!) }), 'unavailable');
    const other = await startSimulator({ https: true, host: '127.0.0.1', port: 0 });
    try {
      assert.equal(await status({ ca: other.certPem }), 'unavailable');
    } finally {
      await other.close();
    }
  });

  const cli = (argv: string[]): ReturnType<typeof runCli> => runCli(argv, { PHOTOSTATION_PASSWORD: 'admin' });

  it('CLI: --fingerprint and --ca work; without them or with a wrong pin it exits non-zero', async () => {
    const base = ['call', 'album.get', 'album=Family', '--url', sim.origin, '--user', 'admin', '--data-dir', dir, '--timeout', '3000'];
    assert.equal((await cli([...base, '--fingerprint', sim.fingerprint!])).code, 0);
    assert.equal((await cli([...base, '--ca', caFile])).code, 0);
    const none = await cli(base);
    assert.notEqual(none.code, 0);
    assert.match(none.err, /certificate|TLS|fingerprint/i);
    assert.notEqual((await cli([...base, '--fingerprint', flip(sim.fingerprint!)])).code, 0);
  });

  it('bridge config: stations[].tls fingerprint / ca reach the station; a wrong pin fails closed', async () => {
    const yaml = (tls: string): string => [
      'broker:', '  url: mqtt://127.0.0.1:1', 'stations:', '  - name: home', `    url: ${sim.origin}`, '    user: admin',
      '    password_env: P', '    tls:', tls, '    polling: false', `    data_dir: ${dir}/bridge`, '',
    ].join('\n');
    for (const [tls, expected] of [
      [`      fingerprint: "${sim.fingerprint}"`, 'ok'], [`      ca: ${caFile}`, 'ok'], [`      fingerprint: "${flip(sim.fingerprint!)}"`, 'unavailable'],
    ] as const) {
      const file = path.join(dir, 'bridge.yaml');
      writeFileSync(file, yaml(tls));
      const config = parseConfig(yaml(tls), file, { P: 'admin' });
      assert.equal(await status(config.stations[0].tls), expected, tls);
    }
  });

  describe('Node-RED server node', () => {
    const userDir = mkdtempSync(path.join(tmpdir(), 'ps-tls-nr-'));
    before(async () => {
      helper.settings({ userDir });
      await new Promise<void>((r) => helper.startServer(r));
    });
    after(async () => {
      await helper.unload();
      await new Promise<void>((r) => helper.stopServer(r));
      rmSync(userDir, { recursive: true, force: true });
    });

    async function viaNode(extra: Record<string, unknown>): Promise<boolean> {
      await helper.unload();
      await load([
        { id: 'f1', type: 'tab', label: 't' },
        { id: 'srv', type: 'photostation-server', name: 'tls', url: sim.origin, username: 'admin', watch: false, interval: 60, reconcile: 60, version: 1, ...extra },
        { id: 'n1', z: 'f1', type: 'photostation-album', server: 'srv', operation: 'album.get', fields: {}, version: 1, wires: [['out']] },
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ]);
      return (await run('n1', { album: 'Family' }, 'out', 'caught', 15_000)).ok;
    }

    it('fingerprint and CA in the config node work; none or a wrong pin fail closed', async () => {
      assert.equal(await viaNode({ fingerprint: sim.fingerprint }), true);
      assert.equal(await viaNode({ ca: sim.certPem }), true);
      assert.equal(await viaNode({}), false);
      assert.equal(await viaNode({ fingerprint: flip(sim.fingerprint!) }), false);
    });
  });

  describe('static check: verification is never turned off outside the pinning agent', () => {
    // The pinning agent switches Node's chain check off for its own sockets only, and compares the
    // certificate's SHA-256 itself; nothing else may.
    const ALLOWED = new Set(['src/photostation/tls.ts']);
    const PATTERNS = [
      /NODE_TLS_REJECT_UNAUTHORIZED/,
      /rejectUnauthorized\s*:\s*(false|0|!1)\b/,
      /checkServerIdentity\s*:\s*\(\s*\)\s*=>\s*(undefined|null|\{\s*\})/,
      /setDefaultOptions|globalAgent\.options/,
    ];
    const offenders = (text: string): string[] => text.split('\n').filter((line) => PATTERNS.some((p) => p.test(line)));

    function files(dirPath: string): string[] {
      const out: string[] = [];
      for (const name of readdirSync(dirPath)) {
        if (name === 'node_modules' || name === 'dist' || name === 'matrix') continue;
        const full = path.join(dirPath, name);
        if (statSync(full).isDirectory()) out.push(...files(full));
        else if (/\.(ts|js|html)$/.test(name)) out.push(full);
      }
      return out;
    }

    it('the check itself catches each forbidden form', () => {
      for (const bad of ["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'", 'new https.Agent({ rejectUnauthorized: false })',
        'tls.connect({ checkServerIdentity: () => undefined })', 'https.globalAgent.options.ca = x']) {
        assert.equal(offenders(bad).length, 1, bad);
      }
      assert.equal(offenders('rejectUnauthorized: c.tls.rejectUnauthorized').length, 0);
    });

    it('src/, nodes/ and homebridge/src contain none outside the allow list', () => {
      const found: string[] = [];
      const roots = ['src', 'nodes', path.join('homebridge', 'src')];
      let scanned = 0;
      for (const root of roots) {
        for (const file of files(path.join(ROOT, root))) {
          scanned++;
          const rel = path.relative(ROOT, file).split(path.sep).join('/');
          if (ALLOWED.has(rel)) continue;
          for (const line of offenders(readFileSync(file, 'utf8'))) found.push(`${rel}: ${line.trim()}`);
        }
      }
      assert.ok(scanned > 50, `only ${scanned} files scanned`);
      assert.deepEqual(found, []);
      // The allowed place really is the pinning agent (if it moved, the allow list must follow).
      assert.match(readFileSync(path.join(ROOT, 'src/photostation/tls.ts'), 'utf8'), /fingerprint256/);
    });
  });
});
