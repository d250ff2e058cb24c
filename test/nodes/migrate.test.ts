import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { NodeRig, helper, load, run } from './rig';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { migrate, CURRENT_VERSION } = require('../../nodes/lib/migrate');

/** v0 configs as the 0.0.x pre-release saved them. */
const V0 = {
  server: { id: 'srv', type: 'photostation-server', name: 'old', url: 'http://nas:5000', username: 'admin', interval: 30000 },
  serverNoPolling: { id: 'srv2', type: 'photostation-server', url: 'http://nas:5000', interval: 0 },
  album: { id: 'n1', type: 'photostation-album', z: 'f1', name: '', server: 'srv', action: 'album.toggle_password', album: 'Kids', enabled: true, wires: [['out']] },
  events: { id: 'e1', type: 'photostation-events', z: 'f1', server: 'srv', events: 'photo.added, album.added', album: 'Family/**', wires: [[]] },
};

describe('Node-RED config versions and migration', () => {
  it('brings a v0 server forward: interval ms → seconds, watch, reconcile', () => {
    const v1 = migrate(V0.server);
    assert.equal(v1.version, CURRENT_VERSION);
    assert.equal(v1.interval, 30);
    assert.equal(v1.watch, true);
    assert.equal(v1.reconcile, 60);
    assert.equal(v1.url, 'http://nas:5000');
    assert.equal(migrate(V0.serverNoPolling).watch, false);
    assert.equal(V0.server.interval, 30000, 'the input was changed');
  });

  it('brings a v0 action node forward: action → operation, flat properties → typed fields', () => {
    const v1 = migrate(V0.album);
    assert.equal(v1.operation, 'album.toggle_password');
    assert.equal(v1.action, undefined);
    assert.deepEqual(v1.fields, { album: { v: 'Kids', vt: 'str' }, enabled: { v: 'true', vt: 'bool' } });
    assert.equal(v1.album, undefined);
    assert.deepEqual(v1.wires, [['out']]);
  });

  it('brings a v0 events node forward: a comma string of events, one album pattern', () => {
    const v1 = migrate(V0.events);
    assert.deepEqual(v1.events, ['photo.added', 'album.added']);
    assert.equal(v1.albums, 'Family/**');
    assert.equal(v1.album, undefined);
  });

  it('leaves current and newer configs alone', () => {
    const current = { type: 'photostation-album', version: 1, operation: 'album.get', fields: {} };
    assert.deepEqual(migrate(current), current);
    const future = { type: 'photostation-album', version: 99, operation: 'album.get', whatever: 1 };
    assert.deepEqual(migrate(future), future);
  });

  it('the editor migrates the same way (the copy in photostation-server.html)', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'nodes', 'photostation-server.html'), 'utf8');
    const script = html.match(/<script type="text\/javascript">([\s\S]*?)<\/script>/)![1];
    const sandbox: any = { window: {}, RED: { _: (k: string) => k }, $: () => undefined };
    runInNewContext(script, sandbox);
    const editor = sandbox.window.PhotoStationEditor;
    for (const v0 of Object.values(V0)) {
      const node: any = structuredClone(v0);
      editor.migrate(node);
      const runtime = migrate(v0);
      for (const key of ['version', 'operation', 'fields', 'events', 'albums', 'interval', 'watch', 'reconcile']) {
        assert.deepEqual(JSON.parse(JSON.stringify(node[key] ?? null)), JSON.parse(JSON.stringify(runtime[key] ?? null)), `${v0.type}.${key}`);
      }
    }
  });

  describe('a v0 flow in the runtime', function () {
    this.timeout(20000);
    const rig = new NodeRig();
    before(() => rig.start());
    after(() => rig.stop());
    afterEach(() => helper.unload());

    it('runs as before', async () => {
      await load([
        { id: 'f1', type: 'tab', label: 'old' },
        { ...V0.server, url: rig.sim.origin },
        { ...V0.album, album: 'Archive' },
        { id: 'out', z: 'f1', type: 'helper' },
      ]);
      const result = await run('n1', { password: 'old-flow' });
      assert.equal(result.ok, true);
      assert.equal(result.msg.payload.path, 'Archive');
      assert.equal(result.msg.payload.type, 'password');
    });
  });
});
