// Access rules hold: the bridge's allow list and read-only mode, Node-RED's admin permissions on the
// photostation endpoints, a password album against a visitor, and a link after its end or revocation.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { Station } from '../../src/station';
import { Rig } from '../bridge/helpers';
import { freePort } from '../support/free-port';

const SECRET_NR = 'S3cret-NAS-pw-71';
const SECRET_ALBUM = 'S3cret-album-pw-72';

describe('reliability: access', function () {
  this.timeout(60_000);

  describe('bridge allow list', () => {
    const rig = new Rig();
    before(() => rig.start({ polling: 'false', extra: 'actions:\n  allow: [album.get, album.list, station.status]' }));
    after(() => rig.close());

    it('refuses every action outside the list with not_allowed, before the NAS sees it', async () => {
      await rig.side('POST', 'stats/reset');
      for (const [action, input] of [['album.delete', { album: 'Family' }], ['album.create', { name: 'X' }], ['share.create', { album: 'Family' }],
        ['album.set_protection', { album: 'Family', type: 'public' }], ['photo.search', {}], ['schedule.list', {}]] as const) {
        const answer = await rig.client.request(rig.base, action, input);
        assert.equal(answer.error?.code, 'not_allowed', `${action}: ${JSON.stringify(answer)}`);
      }
      assert.equal((await rig.client.request(rig.base, 'album.get', { album: 'Family' })).status, 'ok');
      const stats = await rig.side('GET', 'stats');
      assert.equal(stats.requests.byApi['SYNO.PhotoStation.SharedAlbum'] ?? 0, 0);
      assert.equal(stats.requests.byMethod['SYNO.PhotoStation.Album.delete'] ?? 0, 0);
      assert.ok((await rig.side('GET', 'state')).albums.some((a: { path: string }) => a.path === 'Family'));
    });
  });

  describe('bridge read-only mode', () => {
    const rig = new Rig();
    before(() => rig.start({ polling: 'false', extra: 'actions:\n  read_only: true', stationExtra: '    albums:\n      - album: Kids\n        password_env: KIDS', env: { KIDS: 'kids-lock' } }));
    after(() => rig.close());

    it('answers reads, refuses writes and /set, and the library stays as it was', async () => {
      const before = JSON.stringify(await rig.side('GET', 'state'));
      for (const [action, input] of [['album.delete', { album: 'Family' }], ['album.toggle_password', { album: 'Kids', enabled: false }],
        ['share.revoke', { share_id: 'demoParty2026' }], ['photo.edit', { id: 'photo_x', title: 'x' }], ['station.rescan', {}]] as const) {
        assert.equal((await rig.client.request(rig.base, action, input)).error?.code, 'not_allowed', action);
      }
      assert.equal((await rig.client.request(rig.base, 'album.list', {})).status, 'ok');
      const n = rig.client.on(`${rig.base}/response/album.set`).length;
      await rig.client.publish(`${rig.base}/album/album_4b696473/set`, JSON.stringify({ password_protected: false }));
      assert.equal(n, 0);
      const answer = await rig.client.waitFor('the /set answer', (x) => x.topic === `${rig.base}/response/album.set`);
      assert.notEqual(answer.json().status, 'ok', answer.text);
      assert.equal(JSON.stringify(await rig.side('GET', 'state')), before);
    });
  });

  // The test helper mocks the admin app without adminAuth, so this runs a real Node-RED with the package
  // installed in its user directory (as `npm install` would leave it), adminAuth on.
  describe('Node-RED admin endpoints with adminAuth (a real Node-RED)', () => {
    const ROOT = path.resolve(__dirname, '..', '..');
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-access-nr-'));
    let sim: Simulator;
    let nodeRed: ChildProcess | undefined;
    let origin = '';
    let log = '';
    before(async function () {
      this.timeout(60_000);
      sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0, users: [{ name: 'nr', password: SECRET_NR, admin: true }] });
      const userDir = path.join(dir, 'user');
      mkdirSync(path.join(userDir, 'node_modules', '@photostation'), { recursive: true });
      symlinkSync(ROOT, path.join(userDir, 'node_modules', '@photostation', 'node-red-photostation'), 'dir');
      writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'nr', private: true, dependencies: { '@photostation/node-red-photostation': `file:${ROOT}` } }));
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bcrypt = require('bcryptjs');
      writeFileSync(path.join(userDir, 'settings.js'), `module.exports = ${JSON.stringify({
        uiHost: '127.0.0.1', uiPort: port, flowFile: 'flows.json', credentialSecret: 'access-test-key',
        telemetry: { enabled: false }, editorTheme: { tours: false, projects: { enabled: false } },
        logging: { console: { level: 'info', metrics: false, audit: false } },
        adminAuth: {
          type: 'credentials',
          users: [
            { username: 'viewer', password: bcrypt.hashSync('viewer-pw', 4), permissions: 'read' },
            { username: 'boss', password: bcrypt.hashSync('boss-pw', 4), permissions: '*' },
          ],
        },
      })};\n`);
      nodeRed = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'node-red', 'red.js'), '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], {
        cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' },
      });
      nodeRed.stdout!.on('data', (d) => { log += String(d); });
      nodeRed.stderr!.on('data', (d) => { log += String(d); });
      for (let i = 0; i < 300 && !/Server now running/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(log, /Server now running/, log);
    });
    after(async () => {
      if (nodeRed && nodeRed.exitCode === null) {
        const exited = new Promise((r) => nodeRed!.once('exit', r));
        nodeRed.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (nodeRed.exitCode === null) nodeRed.kill('SIGKILL');
      }
      await sim?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const call = (method: string, route: string, token?: string, body?: unknown): Promise<Response> => fetch(`${origin}${route}`, {
      method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    async function token(username: string, password: string, scope = '*'): Promise<string> {
      const res = await call('POST', '/auth/token', undefined, { client_id: 'node-red-admin', grant_type: 'password', scope, username, password });
      assert.equal(res.status, 200);
      return ((await res.json()) as { access_token: string }).access_token;
    }

    it('no token: 401 on reads and writes; read permission: reads only; full permission: both', async () => {
      const test = { url: sim.origin, username: 'nr', password: SECRET_NR };
      assert.equal((await call('GET', '/photostation/catalogue')).status, 401);
      assert.equal((await call('POST', '/photostation/test', undefined, test)).status, 401);
      const viewer = await token('viewer', 'viewer-pw', 'read');
      assert.equal((await call('GET', '/photostation/catalogue', viewer)).status, 200);
      assert.equal((await call('POST', '/photostation/test', viewer, test)).status, 401);
      assert.equal((await call('POST', '/flows', viewer, [])).status, 401);
      const boss = await token('boss', 'boss-pw');
      const tested = await call('POST', '/photostation/test', boss, test);
      assert.equal(tested.status, 200);
      assert.ok(!(await tested.text()).includes(SECRET_NR));
    });

    it('a deployed flow with a NAS password: the export and the log never show it', async () => {
      const boss = await token('boss', 'boss-pw');
      const flows = [
        { id: 'f1', type: 'tab', label: 'secrets' },
        { id: 'srv', type: 'photostation-server', name: 'nas', url: sim.origin, username: 'nr', watch: true, interval: 5, reconcile: 60, version: 1, credentials: { password: SECRET_NR } },
        { id: 'n1', z: 'f1', type: 'photostation-album', server: 'srv', operation: 'album.set_protection', fields: { album: { v: 'Wedding', vt: 'str' }, type: { v: 'password', vt: 'str' }, password: { v: SECRET_ALBUM, vt: 'str' } }, version: 1, wires: [[]] },
      ];
      assert.ok([200, 204].includes((await call('POST', '/flows', boss, flows)).status));
      await new Promise((r) => setTimeout(r, 1500));
      for (const route of ['/flows', '/flows/state', '/photostation/servers/srv/status', '/photostation/servers/srv/albums']) {
        const text = await (await call('GET', route, boss)).text();
        assert.ok(!text.includes(SECRET_NR), `${route} shows the NAS password`);
      }
      const sids = ((await (await fetch(`${sim.origin}/__sim/sessions?secrets=1`)).json()) as { sids: string[] }).sids;
      assert.ok(sids.length >= 1, 'the server node logged in');
      for (const secret of [SECRET_NR, ...sids]) assert.ok(!log.includes(secret), 'the Node-RED log shows a secret');
      assert.ok(!(await (await call('GET', '/flows', boss)).text()).includes(SECRET_NR));
    });
  });

  describe('visitors on the simulator', () => {
    let sim: Simulator;
    let owner: Station;
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-access-'));
    before(async () => {
      sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0 });
      owner = new Station({ url: sim.origin, username: 'admin', password: 'admin', dataDir: dir });
    });
    after(async () => {
      await owner.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const side = (method: string, route: string, body?: unknown): Promise<Response> =>
      fetch(`${sim.origin}/__sim/${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

    it('a password album stays closed to a visitor without (or with a wrong) password', async () => {
      const guest = new Station({ url: sim.origin });
      try {
        await assert.rejects(guest.run('album.get', { album: 'Kids' }), (e: { code?: string }) => e.code === 'password_required' || e.code === 'forbidden');
        await assert.rejects(guest.run('photo.search', { album: 'Kids' }), (e: { code?: string }) => e.code !== undefined);
        const raw = await fetch(`${sim.origin}/photo/webapi/photo.php?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=10&type=photo&filter_album=album_4b696473&password=wrong`);
        assert.equal(((await raw.json()) as { success: boolean }).success, false);
      } finally {
        await guest.close();
      }
    });

    it('a link opens for a guest inside its window, and answers 403 after its end and after revocation', async () => {
      const a = (await owner.run('share.create', { album: 'Family', lifetime: '2d' })) as { share_id: string };
      const page = (id: string): Promise<number> => fetch(`${sim.origin}/photo/share/${id}`).then((r) => r.status);
      assert.equal(await page(a.share_id), 200);
      // Links end with their last day on the NAS: four days on, it is over.
      await side('POST', 'clock', { now: new Date(Date.now() + 4 * 86_400_000).toISOString(), pinned: true });
      assert.equal(await page(a.share_id), 403);
      await side('POST', 'clock', { real: true });
      const b = (await owner.run('share.create', { album: 'Wedding', lifetime: '7d' })) as { share_id: string };
      assert.equal(await page(b.share_id), 200);
      await owner.run('share.revoke', { share_id: b.share_id });
      assert.equal(await page(b.share_id), 403);
      assert.equal(await page('no-such-link'), 404);
    });
  });
});
