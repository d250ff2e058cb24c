// What polling costs the NAS, the timer's behaviour, and the simulator's own change log as oracle.
import { strict as assert } from 'node:assert';
import { albumId } from '../../src/photostation';
import type { StationEvent } from '../../src/watch';
import { JPEG, type World, world } from './helpers';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('change detector: cost, timer and oracle', function () {
  this.timeout(30_000);
  let w: World;
  beforeEach(async () => {
    w = await world('demo');
  });
  afterEach(() => w.close());

  it('an idle poll costs at most 3 requests; one added photo at most 3 more', async () => {
    const { det, events } = w.detector();
    await det.start();
    // Items the seed just tagged carry a fresh mtime and are re-read once ("hot"); let that pass.
    await sleep(2100);
    await det.pollNow();
    await w.side.resetStats();
    await det.pollNow();
    const idle = await w.side.byMethod();
    assert.deepEqual(idle, {
      'SYNO.PhotoStation.Photo.list': 1,
      'SYNO.PhotoStation.Album.list': 1,
      'SYNO.PhotoStation.SharedAlbum.list': 1,
    });
    assert.equal(det.status().lastCycle?.requests, 3);
    assert.deepEqual(events, []);

    await w.actor.file.uploadPhoto({ album: 'Garden', filename: 'ONE.JPG', data: JPEG, duplicate: 'ignore' });
    await w.side.resetStats();
    await det.pollNow();
    const added = await w.side.total();
    assert.equal(events.length, 1);
    assert.ok(added <= 3 + 3, `detecting one photo cost ${added} requests`);
  });

  it('polls by itself on the interval, never overlapping, and stop() leaves no timer', async () => {
    const { det, events } = w.detector({ intervalMs: 100, floorMs: 0, reconcileMs: 3_600_000 });
    await det.start();
    const id = (await w.actor.photo.list({ filter_album: albumId('Pets'), limit: 1 })).items[0]!.id;
    const changedAt = Date.now();
    await w.actor.photo.edit(id, { title: 'On the timer' });
    while (events.length === 0 && Date.now() - changedAt < 3000) await sleep(10);
    assert.equal(events.length, 1);
    assert.ok(Date.now() - changedAt <= 100 + 200 + 100, `latency ${Date.now() - changedAt} ms`);

    // Slow answers: concurrent manual polls queue behind each other instead of overlapping.
    await w.side.send('POST', 'faults', { api: 'SYNO.PhotoStation.Photo', method: 'list', kind: 'latency', ms: 150, times: 2 });
    const t0 = Date.now();
    await Promise.all([det.pollNow(), det.pollNow()]);
    assert.ok(Date.now() - t0 >= 300, 'the two polls ran one after the other');

    await det.stop();
    assert.equal(det.status().state, 'stopped');
    const total = await w.side.total();
    await sleep(350);
    assert.equal(await w.side.total(), total, 'no request after stop()');
  });

  it('stop() waits for a poll in flight', async () => {
    const { det } = w.detector();
    await det.start();
    await w.side.send('POST', 'faults', { api: 'SYNO.PhotoStation.Photo', method: 'list', kind: 'latency', ms: 200, times: 1 });
    const polling = det.pollNow();
    await sleep(50);
    assert.equal(det.status().state, 'polling');
    await det.stop();
    assert.equal(det.status().state, 'stopped');
    await polling;
  });

  it('honours the floor and quiet hours', async () => {
    // 03:00 local time, inside 02:00-04:00.
    const night = new Date();
    night.setHours(3, 0, 0, 0);
    const { det } = w.detector({ intervalMs: 20, floorMs: 0, quietHours: { from: '02:00', to: '04:00' }, now: () => night.getTime() });
    await det.start();
    const total = await w.side.total();
    await sleep(300);
    assert.equal(await w.side.total(), total, 'no polling during quiet hours');
    await det.stop();

    const floored = w.detector({ statePath: `${w.statePath}-2`, intervalMs: 10, floorMs: 250 });
    await floored.det.start();
    const t0 = Date.now();
    await floored.det.pollNow();
    assert.ok(Date.now() - t0 >= 200, 'a manual poll waits for the floor too');
  });

  it('reports every change the simulator logged, and nothing else', async () => {
    // A small head, so round 3 changes more items than the probe can see and must escalate.
    const { det, events } = w.detector({ headSize: 10 });
    await det.start();
    const since = await w.side.lastSeq();
    const photos = (await w.actor.photo.list({ limit: 40, sort_by: 'filename' })).items.map((i) => i.id);
    const { id: tag } = await w.actor.tag.create('Oracle', 'desc');

    // Round 1: several kinds at once between two polls.
    await w.actor.photo.edit(photos[0]!, { title: 'o1' });
    await w.actor.photo.edit(photos[1]!, { rating: 4, description: 'o2' });
    await w.actor.photoTag.addDescTags([photos[2]!, photos[3]!], tag);
    await w.actor.file.uploadPhoto({ album: 'Concerts', filename: 'ORACLE1.JPG', data: JPEG, duplicate: 'ignore' });
    await w.actor.photo.delete(photos[4]!);
    const { id: album } = await w.actor.album.create({ name: 'Oracle', description: 'x' });
    await det.pollNow();

    // Round 2: deeper structure and shares.
    await w.actor.album.create({ name: 'Sub', parent: album });
    await w.actor.file.uploadPhoto({ album: 'Oracle/Sub', filename: 'ORACLE2.JPG', data: JPEG, duplicate: 'ignore' });
    await w.actor.album.edit(albumId('Garden'), { type: 'private' });
    const share = await w.actor.sharedAlbum.create('Oracle share');
    await w.actor.photo.delete([photos[5]!, photos[6]!]);
    await det.pollNow();

    // Round 3: more at once than the probe's head shows, then removal of a subtree.
    await w.actor.photo.edit(photos.slice(10, 40), { description: 'bulk' });
    await w.actor.sharedAlbum.editPublicShare(share.id, { is_shared: true, end_time: '2099-12-31' });
    await w.actor.album.delete(album);
    await det.pollNow();
    assert.equal(det.status().lastCycle?.kind, 'reconcile', 'escalated: more changes than the head shows');
    await det.reconcileNow();

    const logged = (await w.side.changes(since)).changes;
    const key = (kind: string, id: string): string => `${kind} ${id}`;
    const want = new Set(logged.map((c) => key(c.kind, c.id)));
    const got = new Set(events.map((e: StationEvent) => key(e.event, String(e.id))));
    const missing = [...want].filter((k) => !got.has(k));
    const extra = [...got].filter((k) => !want.has(k));
    assert.deepEqual(missing, [], 'every logged change is reported');
    assert.deepEqual(extra, [], 'nothing is reported that did not happen');
    assert.equal(events.length, got.size, 'each change exactly once');
    assert.ok(logged.length >= 45, `the script made ${logged.length} changes`);
  });
});
