import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_NODES, NodeRig, coreNode, helper } from './rig';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/**
 * The shipped examples do their jobs against the demo library: loaded into the real runtime with the
 * environment they document, MQTT inputs left out (no broker here), debug nodes swapped for helpers.
 */
describe('Node-RED examples', function () {
  this.timeout(30000);
  const rig = new NodeRig();
  before(async () => {
    await rig.start();
    Object.assign(process.env, { PHOTOSTATION_URL: rig.sim.origin, PHOTOSTATION_USER: 'admin', PHOTOSTATION_PASSWORD: 'admin', KIDS_ALBUM_PASSWORD: 'kids' });
  });
  after(() => rig.stop());
  beforeEach(() => rig.reset());
  afterEach(() => helper.unload());

  function example(prefix: string): any[] {
    const file = readdirSync(EXAMPLES).find((f) => f.startsWith(prefix) && f.endsWith('.json'));
    assert.ok(file, `no example ${prefix}`);
    return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
  }

  async function start(flow: any[]): Promise<Record<string, any[]>> {
    const z = flow.find((n) => n.z)?.z;
    const nodes = flow
      .filter((n) => n.type !== 'mqtt in' && n.type !== 'mqtt-broker' && n.type !== 'comment')
      .map((n) => (n.type === 'debug' ? { id: n.id, z: n.z, type: 'helper', name: n.name } : n))
      .map((n) => (n.type === 'photostation-server' ? { ...n, interval: 3600, floor: 0 } : n));
    const server = nodes.find((n) => n.type === 'photostation-server');
    const modules = [...ALL_NODES, coreNode('common/20-inject.js'), coreNode('function/15-change.js')];
    await helper.load(modules, [{ id: z, type: 'tab', label: 'example' }, ...nodes], { [server.id]: { password: '${PHOTOSTATION_PASSWORD}' } });
    const got: Record<string, any[]> = {};
    for (const n of nodes.filter((x) => x.type === 'helper')) {
      got[n.name] = [];
      helper.getNode(n.id).on('input', (msg: any) => got[n.name].push(msg));
    }
    return got;
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(check(), `timed out waiting for ${what}`);
  }

  const press = (flow: any[], name: string) => helper.getNode(flow.find((n) => n.type === 'inject' && n.name === name).id).receive({});

  it('01 shares the party album when the doorbell rings', async () => {
    const flow = example('01');
    const got = await start(flow);
    press(flow, 'doorbell rings');
    await until(() => got["to the guests' chat"].length > 0 || got['share failed'].length > 0, 'the chat message');
    assert.deepEqual(got['share failed'], []);
    assert.match(got["to the guests' chat"][0].payload, /^Welcome! Tonight's photos: http:\/\/127\.0\.0\.1:\d+\/photo\/share\/\w+/);
  });

  it('02 locks and unlocks the kids album', async () => {
    const flow = example('02');
    const got = await start(flow);
    press(flow, 'babysitter leaves: unlock');
    await until(() => got['album type'].length + got['lock failed'].length === 1, 'the unlock');
    press(flow, 'babysitter arrives: lock');
    await until(() => got['album type'].length + got['lock failed'].length === 2, 'the lock');
    assert.deepEqual(got['lock failed'].map((m) => m.error), []);
    assert.notEqual(got['album type'][0].payload.type, 'password');
    assert.equal(got['album type'][1].payload.type, 'password');
  });

  it('03 builds a smart album from a calendar event', async () => {
    const flow = example('03');
    const got = await start(flow);
    press(flow, 'holiday ended');
    await until(() => got['album and photo count'].length + got.failed.length > 0, 'the smart album');
    assert.equal(got['album and photo count'][0].payload.name, 'Summer holiday 2026');
    assert.ok(got['album and photo count'][0].payload.count > 0);
  });

  it('04 notifies on a new photo in Family, with its thumbnail', async () => {
    const flow = example('04');
    const got = await start(flow);
    const station = helper.getNode(flow.find((n) => n.type === 'photostation-server').id).station();
    await station.rescan();
    press(flow, 'add a test photo');
    for (let i = 0; i < 40 && !got['push notification'].length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await station.rescan();
    }
    const [msg] = got['push notification'];
    assert.ok(msg, 'no notification');
    assert.match(msg.caption, /^New photo in Family: test-\d+ \(\d+ bytes\)$/);
    assert.ok(Buffer.isBuffer(msg.payload));
    assert.equal(msg.topic, 'photo.added');
  });

  it('05 ends share links older than 7 days', async () => {
    const flow = example('05');
    const got = await start(flow);
    press(flow, '02:00 every night');
    await until(() => got['open links'].length > 0, 'the list');
    assert.ok(Array.isArray(got['open links'][0].payload.shares));
  });
});
