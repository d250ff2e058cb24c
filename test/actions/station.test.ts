import assert from 'node:assert/strict';
import type { StationEvent } from '../../src/watch';
import { Rig, rejects } from './helpers';

describe('station with its change detector', () => {
  const rig = new Rig();
  beforeEach(() => rig.start());
  afterEach(() => rig.stop());

  it('station.rescan runs a full reconcile and reports the change as an event', async () => {
    const station = rig.newStation({ username: 'admin', password: 'admin', watch: { intervalMs: 3_600_000, floorMs: 50 } });
    const events: StationEvent[] = [];
    station.on('event', (e) => events.push(e));
    station.start();
    const first = await station.run('station.rescan', {}) as any;
    assert.equal(first.rescanned, true);
    assert.equal(first.detector.counts.items, 294);
    assert.equal(events.length, 0, 'the first index reports nothing');
    await rig.run('album.create', { name: 'New album' });
    await station.run('station.rescan', {});
    assert.deepEqual(events.map((e) => [e.event, e.id]), [['album.added', 'album_4e657720616c62756d']]);
    const status = await station.run('station.status', {}) as any;
    assert.equal(status.detector.counts.albums, 21);
  });

  it('station.rescan without a detector says how to get one', async () => {
    await rejects(rig.run('station.rescan'), 'not_allowed', /enable polling/);
  });
});
