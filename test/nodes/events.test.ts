import assert from 'node:assert/strict';
import { NodeRig, helper, load } from './rig';

/** The events node: one msg per detected change, filtered by type and album path. */
describe('Node-RED photostation-events', function () {
  this.timeout(30000);
  const rig = new NodeRig();
  let jpeg: Buffer;
  before(async () => {
    await rig.start();
    const res = await fetch(`${rig.sim.origin}/photo/webapi/thumb.php?api=SYNO.PhotoStation.Thumb&method=get&version=1&size=small&id=photo_46616d696c792f32303236_494d475f303034392e4a5047`);
    jpeg = Buffer.from(await res.arrayBuffer());
  });
  after(() => rig.stop());
  beforeEach(() => rig.reset());
  afterEach(() => helper.unload());

  function flow(server: Record<string, unknown>): unknown[] {
    const events = (id: string, types: string[], albums: string) =>
      ({ id, z: 'f1', type: 'photostation-events', name: '', server: 'srv', events: types, albums, version: 1, wires: [[`${id}-out`]] });
    return [
      { id: 'f1', type: 'tab', label: 'events' },
      rig.server({ watch: true, floor: 0, ...server }),
      events('family', ['photo.added'], 'Family/**'),
      events('direct', ['photo.added'], 'Family/*'),
      events('albums', ['album.added'], ''),
      events('shares', ['share.added', 'share.changed'], ''),
      events('all', [], ''),
      ...['family', 'direct', 'albums', 'shares', 'all'].map((id) => ({ id: `${id}-out`, z: 'f1', type: 'helper' })),
    ];
  }

  function collect(): Record<string, any[]> {
    const got: Record<string, any[]> = {};
    for (const id of ['family', 'direct', 'albums', 'shares', 'all']) {
      got[id] = [];
      helper.getNode(`${id}-out`).on('input', (msg: any) => got[id].push(msg));
    }
    return got;
  }

  it('sends exactly the matching events after a rescan', async () => {
    await load(flow({ interval: 3600 }));
    const station = helper.getNode('srv').station();
    await station.rescan(); // the first index reports nothing
    const got = collect();
    await station.run('photo.upload', { album: 'Family/2026', filename: 'deep.jpg', data: jpeg });
    await station.run('photo.upload', { album: 'Kids', filename: 'kid.jpg', data: jpeg });
    await station.run('album.create', { name: 'Node-RED events' });
    await station.run('share.create', { album: 'Wedding', lifetime: '1d' });
    await station.rescan();
    await new Promise((r) => setTimeout(r, 50));

    assert.deepEqual(got.family.map((m) => m.payload.path), ['Family/2026/deep.jpg']);
    assert.equal(got.family[0].topic, 'photo.added');
    assert.equal(got.family[0].payload.album.path, 'Family/2026');
    assert.deepEqual(got.direct.map((m) => m.payload.path), ['Family/2026/deep.jpg']);
    assert.deepEqual(got.albums.map((m) => `${m.topic} ${m.payload.path}`), ['album.added Node-RED events']);
    assert.ok(got.shares.length >= 1 && got.shares.every((m) => m.topic.startsWith('share.')), JSON.stringify(got.shares.map((m) => m.topic)));
    const topics = got.all.map((m) => m.topic);
    assert.ok(topics.filter((t) => t === 'photo.added').length === 2, topics.join());
    assert.ok(topics.includes('album.added'));
    // Every msg carries its own copy of the event.
    assert.notEqual(got.family[0].payload, got.all.find((m) => m.payload.path === 'Family/2026/deep.jpg').payload);
  });

  it('polls by itself with a short interval, and shows that it is watching', async () => {
    await load(flow({ interval: 1 }));
    const station = helper.getNode('srv').station();
    await station.rescan();
    const got = collect();
    const statuses: any[] = [];
    helper.getNode('family').on('call:status', (call: any) => statuses.push(call.args[0]));
    await station.run('photo.upload', { album: 'Family', filename: 'polled.jpg', data: jpeg });
    for (let i = 0; i < 100 && !got.family.length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(got.family.map((m) => m.payload.path), ['Family/polled.jpg']);
    assert.equal(statuses.at(-1).fill, 'green');
    assert.match(statuses.at(-1).text, /status\.watching$/);
  });

  it('shows a failed poll in red, and watching again once the NAS answers', async () => {
    await load(flow({ interval: 3600 }));
    const station = helper.getNode('srv').station();
    await station.rescan();
    const last = () => helper._NodePrototype.status.getCalls().filter((c: any) => c.thisValue.id === 'all').at(-1).args[0];
    await rig.control('POST', 'faults', { kind: 'http', status: 503, times: 50 });
    await station.rescan().catch(() => undefined);
    for (let i = 0; i < 30 && last().fill !== 'red'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual([last().fill, last().shape], ['red', 'ring']);
    assert.match(last().text, /status\.poll-failed$/);
    await rig.control('DELETE', 'faults');
    await station.rescan();
    for (let i = 0; i < 30 && last().fill !== 'green'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(last().fill, 'green');
  });

  it('shows "not watching" when the server config does not watch', async () => {
    await load(flow({ watch: false }));
    const calls = helper._NodePrototype.status.getCalls().filter((c: any) => c.thisValue.id === 'all');
    assert.match(calls.at(-1).args[0].text, /status\.not-watching$/);
  });
});

describe('Node-RED photostation-events on a large library', function () {
  this.timeout(60000);
  const rig = new NodeRig();
  before(async () => {
    await rig.start();
    await rig.control('POST', 'reset', { seed: 'photos:3000' });
  });
  after(() => rig.stop());
  afterEach(() => helper.unload());

  it('shows the first index\'s progress, then that it is watching', async () => {
    await load([
      { id: 'f1', type: 'tab', label: 'events' },
      rig.server({ watch: true, floor: 0, interval: 3600 }),
      { id: 'ev', z: 'f1', type: 'photostation-events', name: '', server: 'srv', events: [], albums: '', version: 1, wires: [[]] },
    ]);
    await helper.getNode('srv').station().rescan();
    const texts = helper._NodePrototype.status.getCalls().filter((c: any) => c.thisValue.id === 'ev').map((c: any) => c.args[0].text as string);
    assert.ok(texts.some((t: string) => /status\.indexing \d+\/\d+$/.test(t)), texts.join(' | '));
    const last = () => helper._NodePrototype.status.getCalls().filter((c: any) => c.thisValue.id === 'ev').at(-1).args[0];
    for (let i = 0; i < 40 && last().fill !== 'green'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(last().fill, 'green');
    assert.match(last().text, /status\.watching$/);
  });
});
