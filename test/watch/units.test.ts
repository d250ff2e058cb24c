// Pure parts of the detector: schedule, head analysis, diff, tag dictionary, event ids.
import { strict as assert } from 'node:assert';
import { albumId, photoId } from '../../src/photostation';
import type { Item } from '../../src/photostation';
import { makeEventId, scrub } from '../../src/watch';
import { ChangeSet } from '../../src/watch/diff';
import { changedPrefix } from '../../src/watch/probe';
import { inQuietHours, makeSchedule, parseClock, quietRemainingMs } from '../../src/watch/schedule';
import { Snapshot, TagDictionary, formatTaken, parseTaken } from '../../src/watch/snapshot';
import type { HeadItem } from '../../src/watch/source';

const at = (h: number, m: number): number => new Date(2026, 5, 1, h, m, 0, 0).getTime();

describe('change detector: units', () => {
  describe('schedule', () => {
    it('raises intervals below the floor and keeps the reconcile no faster than the interval', () => {
      assert.deepEqual(makeSchedule({ intervalMs: 1000, floorMs: 5000, reconcileMs: 10 }), { intervalMs: 5000, reconcileMs: 5000, floorMs: 5000 });
      assert.deepEqual(makeSchedule({}), { intervalMs: 60_000, reconcileMs: 3_600_000, floorMs: 5000 });
      assert.throws(() => makeSchedule({ intervalMs: -1 }), /intervalMs/);
    });

    it('quiet hours in local time, also across midnight', () => {
      const night = makeSchedule({ quietHours: { from: '23:00', to: '06:30' } });
      assert.equal(inQuietHours(night, at(23, 0)), true);
      assert.equal(inQuietHours(night, at(3, 0)), true);
      assert.equal(inQuietHours(night, at(6, 30)), false);
      assert.equal(inQuietHours(night, at(12, 0)), false);
      assert.equal(quietRemainingMs(night, at(6, 0)), 30 * 60_000);
      assert.equal(quietRemainingMs(night, at(12, 0)), 0);
      const day = makeSchedule({ quietHours: { from: '09:00', to: '17:00' } });
      assert.equal(inQuietHours(day, at(8, 59)), false);
      assert.equal(inQuietHours(day, at(9, 0)), true);
      assert.throws(() => parseClock('25:00', 'quietHours.from'), /quietHours.from must be a time "HH:MM"/);
    });
  });

  describe('head analysis', () => {
    const id = (n: number): string => photoId('A', `IMG_${n}.JPG`);
    const item = (n: number, title = `IMG_${n}`): HeadItem => ({
      id: id(n),
      mtime: -1,
      item: { id: id(n), type: 'photo', info: { name: `IMG_${n}.JPG`, title, description: '', rating: 0, takendate: '2020-01-01 00:00:00' } } as unknown as Item,
    });
    function snapWith(head: number[], known = head): Snapshot {
      const s = new Snapshot();
      for (const n of known) s.items.set(id(n), [`IMG_${n}`, '', 0, parseTaken('2020-01-01 00:00:00'), '']);
      s.head = head.map((n) => [id(n), -1, 0]);
      return s;
    }
    const ids = (xs: HeadItem[]): string[] => xs.map((x) => x.id);

    it('nothing moved: nothing changed', () => {
      assert.deepEqual(changedPrefix([1, 2, 3, 4].map((n) => item(n)), snapWith([1, 2, 3, 4])), []);
    });
    it('an item that overtook others changed, and so did everything in front of it', () => {
      assert.deepEqual(ids(changedPrefix([3, 1, 2, 4].map((n) => item(n)), snapWith([1, 2, 3, 4]))), [id(3)]);
      assert.deepEqual(ids(changedPrefix([4, 3, 1, 2].map((n) => item(n)), snapWith([1, 2, 3, 4]))), [id(4), id(3)]);
    });
    it('a new item and a changed title are seen', () => {
      assert.deepEqual(ids(changedPrefix([9, 1, 2, 3].map((n) => item(n)), snapWith([1, 2, 3, 4]))), [id(9)]);
      assert.deepEqual(ids(changedPrefix([item(1, 'Renamed'), item(2), item(3)], snapWith([1, 2, 3]))), [id(1)]);
    });
    it('items moving up from below after a deletion are not changes', () => {
      assert.deepEqual(changedPrefix([1, 3, 4, 5].map((n) => item(n)), snapWith([1, 2, 3, 4], [1, 3, 4, 5])), []);
    });
  });

  describe('diff', () => {
    it('reports only changed fields, with stable ids and deterministic order', () => {
      const snap = new Snapshot();
      const a = albumId('Trip');
      const p = photoId('Trip', 'A.JPG');
      const tags = snap.tags;
      snap.albums.set(a, ['Trip', '', 'public']);
      snap.items.set(p, ['A', '', 1, 0, tags.encode([{ type: 'desc', name: 'Sea' }])]);
      const cs = new ChangeSet(snap);
      cs.setItem(p, ['A', '', 3, 0, tags.encode([{ type: 'desc', name: 'Sea' }, { type: 'people', name: 'Ann' }])]);
      cs.setAlbum(albumId('Trip/Day 1'), ['Day 1', '', 'public']);
      cs.setAlbum(a, ['Trip', '', 'public']);
      const events = cs.events('2026-01-01T00:00:00.000Z', 7);
      assert.deepEqual(events.map((e) => e.event), ['album.added', 'photo.changed']);
      const changed = events[1] as Extract<(typeof events)[number], { event: 'photo.changed' }>;
      assert.deepEqual(changed.before, { rating: 1, people: [] });
      assert.deepEqual(changed.after, { rating: 3, people: ['Ann'] });
      assert.deepEqual(changed.tags, ['Sea']);
      assert.equal(cs.events('2026-01-01T00:00:00.000Z', 7)[1]!.event_id, changed.event_id, 'same commit, same id');
      assert.notEqual(cs.events('2026-01-01T00:00:00.000Z', 8)[1]!.event_id, changed.event_id, 'a later commit differs');
    });

    it('removing an album removes its known subtree, deepest first', () => {
      const snap = new Snapshot();
      snap.albums.set(albumId('X'), ['X', '', 'public']);
      snap.albums.set(albumId('X/Y'), ['Y', '', 'public']);
      snap.albums.set(albumId('Xylophone'), ['Xylophone', '', 'public']);
      snap.items.set(photoId('X/Y', 'a.jpg'), ['a', '', 0, -1, '']);
      const cs = new ChangeSet(snap);
      cs.removeSubtree(albumId('X'), 'X');
      assert.equal(cs.itemCount(), 0);
      assert.deepEqual(cs.events('t', 1).map((e) => `${e.event} ${'path' in e ? e.path : ''}`), [
        'photo.removed X/Y/a.jpg', 'album.removed X/Y', 'album.removed X',
      ]);
    });
  });

  it('tag dictionary, dates, event ids and scrubbing', () => {
    const d = new TagDictionary();
    const packed = d.encode([{ type: 'geo', name: 'Kiel' }, { type: 'desc', name: 'Sea' }, { type: 'desc', name: 'Sea' }]);
    assert.equal(packed, d.encode([{ type: 'desc', name: 'Sea' }, { type: 'geo', name: 'Kiel' }]), 'order-insensitive');
    assert.deepEqual(d.decode(packed), { tags: ['Sea'], people: [], places: ['Kiel'] });
    assert.equal(formatTaken(parseTaken('2019-07-30 16:45:03')), '2019-07-30 16:45:03');
    assert.equal(parseTaken(''), -1);
    assert.match(makeEventId('photo.added', 'x', '', 'y', 1), /^[0-9a-f]{24}$/);
    assert.equal(scrub('POST /x?password=hunter2&sid=abc failed'), 'POST /x?password=***&sid=*** failed');
  });
});
