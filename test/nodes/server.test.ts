import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeRig, actionFlow, helper, load, nodeRedVersion, run } from './rig';

const SECRET = 'Tr0ub4dor&3-nr-secret';

/** The server config node: one shared station, credentials, admin endpoints, deploys. */
describe('Node-RED photostation-server', function () {
  this.timeout(60000);
  const rig = new NodeRig();
  before(async () => {
    await rig.start();
    await rig.control('POST', 'users', { name: 'nradmin', password: SECRET, admin: true });
  });
  after(() => rig.stop());
  afterEach(() => helper.unload());

  /** A flow with one server config used by four action nodes and an events node. */
  function sharedFlow(extraServer: Record<string, unknown> = {}, suffix = ''): unknown[] {
    return [
      { id: 'f1', type: 'tab', label: 'test' },
      rig.server({ username: 'nradmin', ...extraServer }),
      { id: 'a1', z: 'f1', type: 'photostation-album', name: `albums${suffix}`, server: 'srv', operation: 'album.list', fields: {}, version: 1, wires: [['out']] },
      { id: 's1', z: 'f1', type: 'photostation-share', name: '', server: 'srv', operation: 'share.list', fields: {}, version: 1, wires: [['out']] },
      { id: 'm1', z: 'f1', type: 'photostation-smart-album', name: '', server: 'srv', operation: 'smart_album.list', fields: {}, version: 1, wires: [['out']] },
      { id: 'p1', z: 'f1', type: 'photostation-photo', name: '', server: 'srv', operation: 'photo.search', fields: { limit: { v: '1', vt: 'num' } }, version: 1, wires: [['out']] },
      { id: 'e1', z: 'f1', type: 'photostation-events', name: '', server: 'srv', events: [], albums: '', version: 1, wires: [['out']] },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
    ];
  }
  const creds = { srv: { password: SECRET } };

  it(`runs on the matrix's pair: Node-RED ${nodeRedVersion} on Node ${process.version}`, () => {
    const pair = process.env.PHOTOSTATION_NR_MODULES ? [5, 22] : [4, 20];
    assert.equal(Number(nodeRedVersion.split('.')[0]), pair[0]);
    assert.equal(Number(process.versions.node.split('.')[0]), pair[1]);
  });

  it('gives every node the same station, logged in once', async () => {
    await rig.control('POST', 'stats/reset');
    await load(sharedFlow(), creds);
    const server = helper.getNode('srv');
    assert.equal(server.users.size, 5);
    for (const id of ['a1', 's1', 'm1', 'p1']) {
      const result = await run(id, {});
      assert.equal(result.ok, true, JSON.stringify(result.msg.error));
    }
    assert.equal(await rig.logins(), 1);
  });

  it('keeps its data under <userDir>/photostation/<config id>', async () => {
    await load(actionFlow(rig, 'photostation-album', 'album.toggle_password', { album: { v: 'Archive', vt: 'str' } }));
    await run('n1', { enabled: true, password: 'x' });
    await run('n1', { enabled: false });
    assert.ok(existsSync(join(rig.userDir, 'photostation', 'srv')));
  });

  it('a wrong password fails with unauthorized, and never shows the password', async () => {
    const statuses: any[] = [];
    await load(actionFlow(rig, 'photostation-album', 'album.list'), { srv: { password: `${SECRET}-wrong` } });
    helper.getNode('n1').on('call:status', (call: any) => statuses.push(call.args[0]));
    const result = await run('n1', {});
    assert.equal(result.ok, false);
    assert.equal(result.msg.error.code, 'unauthorized');
    const seen = JSON.stringify([result.msg, statuses, helper.log().args]);
    assert.ok(!seen.includes(SECRET), 'the password leaked');
  });

  it('reads a password typed as ${ENV} from the environment', async () => {
    process.env.PS_TEST_PASSWORD = SECRET;
    const flow = actionFlow(rig, 'photostation-album', 'album.list');
    (flow[1] as any).username = 'nradmin';
    await load(flow, { srv: { password: '${PS_TEST_PASSWORD}' } });
    const result = await run('n1', {});
    assert.equal(result.ok, true, JSON.stringify(result.msg.error));
  });

  describe('admin endpoints', () => {
    it('sit behind photostation.read (GET) and photostation.write (POST) only', () => {
      const routes: Array<{ method: string; path: string; permission: string }> = [];
      const route = (method: string) => (path: string, guard: { permission: string }) => routes.push({ method, path, permission: guard.permission });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { registerAdminEndpoints } = require('../../nodes/lib/admin');
      registerAdminEndpoints({
        auth: { needsPermission: (permission: string) => ({ permission }) },
        httpAdmin: { get: route('GET'), post: route('POST'), put: route('PUT'), delete: route('DELETE') },
        nodes: {}, _: (k: string) => k,
      }, { stationOptions: () => ({}), envCredential: (_n: unknown, v: unknown) => v });
      assert.ok(routes.length >= 6);
      for (const r of routes) {
        assert.ok(r.method === 'GET' || r.method === 'POST', `${r.method} ${r.path}`);
        assert.equal(r.permission, r.method === 'GET' ? 'photostation.read' : 'photostation.write', `${r.method} ${r.path}`);
      }
    });

    it('serve the catalogue grouped for the operation selects, and the event names', async () => {
      await load(sharedFlow(), creds);
      const res = await helper.request().get('/photostation/catalogue').expect(200);
      assert.deepEqual(res.body.groups.album.map((a: any) => a.name), ['album.list', 'album.get', 'album.create', 'album.delete', 'album.set_protection', 'album.toggle_password', 'album.grant', 'album.revoke']);
      assert.equal(res.body.events.length, 9);
    });

    it('fill the album and share pickers from the NAS for a deployed server config', async () => {
      await load(sharedFlow(), creds);
      const albums = await helper.request().get('/photostation/servers/srv/albums').expect(200);
      assert.ok(albums.body.albums.some((a: any) => a.path === 'Kids' && a.type === 'password'));
      const shares = await helper.request().get('/photostation/servers/srv/shares').expect(200);
      assert.equal(shares.body.shares[0].share_id, 'demoParty2026');
      const status = await helper.request().get('/photostation/servers/srv/status').expect(200);
      assert.equal(status.body.user, 'nradmin');
      assert.ok(!JSON.stringify([albums.body, shares.body, status.body]).includes(SECRET));
    });

    it('answer 404 for anything but a deployed server config', async () => {
      await load(sharedFlow(), creds);
      await helper.request().get('/photostation/servers/nope/albums').expect(404);
      await helper.request().get('/photostation/servers/a1/albums').expect(404);
      await helper.request().get('/photostation/servers/a1/shares').expect(404);
    });

    it('test a connection from an unsaved dialog, with the stored password for "__PWRD__", and never echo it', async () => {
      await load(sharedFlow(), creds);
      const typed = await helper.request().post('/photostation/test').send({ url: rig.sim.origin, username: 'nradmin', password: SECRET }).expect(200);
      assert.equal(typed.body.ok, true, JSON.stringify(typed.body));
      assert.equal(typed.body.user, 'nradmin');
      const stored = await helper.request().post('/photostation/test').send({ id: 'srv', url: rig.sim.origin, username: 'nradmin', password: '__PWRD__' }).expect(200);
      assert.equal(stored.body.ok, true, JSON.stringify(stored.body));
      const wrong = await helper.request().post('/photostation/test').send({ url: rig.sim.origin, username: 'nradmin', password: `${SECRET}x` }).expect(200);
      assert.equal(wrong.body.ok, false);
      assert.equal(wrong.body.error.code, 'unauthorized');
      await helper.request().post('/photostation/test').send({ username: 'nradmin' }).expect(400);
      // The stored password is never sent to another URL or for another user, nor is another node's.
      const elsewhere = await helper.request().post('/photostation/test').send({ id: 'srv', url: `${rig.sim.origin}/`.replace('127.0.0.1', 'localhost'), username: 'nradmin', password: '__PWRD__' }).expect(200);
      assert.equal(elsewhere.body.ok, false);
      const otherUser = await helper.request().post('/photostation/test').send({ id: 'srv', url: rig.sim.origin, username: 'admin', password: '__PWRD__' }).expect(200);
      assert.equal(otherUser.body.ok, false);
      const otherNode = await helper.request().post('/photostation/test').send({ id: 'a1', url: rig.sim.origin, username: 'nradmin', password: '__PWRD__' }).expect(200);
      assert.equal(otherNode.body.ok, false);
      assert.ok(!JSON.stringify([typed.body, stored.body, wrong.body]).includes(SECRET));
      await helper.request().get('/photostation/test').expect(404);
    });

    it('rescan by POST', async () => {
      await load(sharedFlow({ watch: true, interval: 3600, floor: 0 }), creds);
      const res = await helper.request().post('/photostation/servers/srv/rescan').expect(200);
      assert.equal(res.body.rescanned, true);
    });
  });

  describe('deploys', () => {
    it('a partial deploy that keeps the config keeps its session: 50 deploys, one login', async () => {
      await rig.control('POST', 'sessions/expire', {});
      await rig.control('POST', 'stats/reset');
      await load(sharedFlow({ watch: true, interval: 3600 }), creds);
      const first = helper.getNode('srv');
      for (let i = 0; i < 50; i++) {
        await helper.setFlows(sharedFlow({ watch: true, interval: 3600 }, `-${i}`), 'nodes', creds);
        const result = await run('a1', {});
        assert.equal(result.ok, true, JSON.stringify(result.msg.error));
      }
      assert.equal(helper.getNode('srv'), first, 'the config node was restarted');
      assert.equal(await rig.logins(), 1, 'one login in total');
      assert.equal((await rig.control('GET', 'stats')).sessions, 1);
    });

    it('full deploys log out each time: sessions do not pile up and no handle is left', async () => {
      const handles = () => (process as any)._getActiveHandles().length;
      await rig.control('POST', 'sessions/expire', {});
      const baseline = handles();
      await load(sharedFlow({ watch: true, interval: 3600, floor: 0 }), creds);
      for (let i = 0; i < 20; i++) {
        await helper.setFlows(sharedFlow({ watch: true, interval: 3600, floor: 0 }, `-${i}`), 'full', creds);
        const result = await run('a1', {});
        assert.equal(result.ok, true, JSON.stringify(result.msg.error));
        const stats = await rig.control('GET', 'stats');
        assert.ok(stats.sessions <= 1, `${stats.sessions} sessions after deploy ${i}`);
      }
      await helper.unload();
      assert.equal((await rig.control('GET', 'stats')).sessions, 0, 'the last station did not log out');
      for (let i = 0; i < 50 && handles() > baseline; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(handles() <= baseline, `${handles()} active handles, ${baseline} before`);
    });
  });
});
