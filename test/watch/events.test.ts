// Every event kind after a scripted change on the simulator, found by the probe (not a reconcile).
import { strict as assert } from 'node:assert';
import { albumId } from '../../src/photostation';
import { EVENT_NAMES, type EventOf, type StationEvent } from '../../src/watch';
import { JPEG, type World, summary, world } from './helpers';

describe('change detector: events', function () {
  let w: World;
  let det: ReturnType<World['detector']>['det'];
  let events: StationEvent[];
  let errors: Error[];

  beforeEach(async () => {
    w = await world('demo');
    ({ det, events, errors } = w.detector());
    await det.start();
  });
  afterEach(async () => {
    assert.deepEqual(errors.map((e) => e.message), []);
    await w.close();
  });

  /** Polls once with the probe and returns what it emitted. */
  async function poll(): Promise<StationEvent[]> {
    const from = events.length;
    await det.pollNow();
    assert.equal(det.status().lastCycle?.kind, 'probe', 'the probe found it, no reconcile needed');
    return events.slice(from);
  }

  async function somePhoto(album = 'Garden'): Promise<string> {
    const page = await w.actor.photo.list({ filter_album: albumId(album), limit: 1, type: ['photo'] });
    return page.items[0]!.id;
  }

  it('the initial index emits no event for existing content, only progress', async () => {
    const fresh = w.detector({ statePath: `${w.statePath}-2` });
    const progress: Array<{ done: number; total: number }> = [];
    fresh.det.on('progress', (p) => progress.push(p));
    await fresh.det.start();
    assert.deepEqual(fresh.events, []);
    assert.ok(progress.length > 0, 'progress reported');
    const last = progress.at(-1)!;
    assert.equal(last.done, last.total);
    const st = fresh.det.status();
    assert.equal(st.state, 'idle');
    assert.equal(st.lastCycle?.kind, 'index');
    assert.deepEqual(st.counts, { albums: 20, items: 294, shares: 1 });
    await fresh.det.pollNow();
    assert.deepEqual(fresh.events, []);
  });

  it('photo.changed for title, description and rating, with before and after', async () => {
    const id = await somePhoto();
    const [info] = await w.actor.photo.getInfo(id);
    await w.actor.photo.edit(id, { title: 'Tulips', description: 'In the sun', rating: info!.info.rating === 5 ? 1 : 5 });
    const got = await poll();
    assert.deepEqual(summary(got), [`photo.changed ${info!.info.name && `Garden/${info!.info.name}`}`]);
    const ev = got[0] as EventOf<'photo.changed'>;
    assert.equal(ev.id, id);
    assert.deepEqual(ev.album, { id: albumId('Garden'), path: 'Garden' });
    assert.deepEqual(Object.keys(ev.after).sort(), ['description', 'rating', 'title']);
    assert.equal(ev.after.title, 'Tulips');
    assert.equal(ev.before.title, info!.info.title);
    assert.equal(ev.before.rating, info!.info.rating);
    assert.equal(ev.title, 'Tulips');
    assert.match(ev.event_id, /^[0-9a-f]{24}$/);
    assert.ok(!Number.isNaN(Date.parse(ev.at)));
  });

  it('photo.changed for tags and people', async () => {
    const id = await somePhoto();
    const { id: tagId } = await w.actor.tag.create('Greenhouse', 'desc');
    await w.actor.photoTag.addDescTags(id, tagId);
    let got = await poll();
    assert.equal(got.length, 1);
    let ev = got[0] as EventOf<'photo.changed'>;
    assert.deepEqual(Object.keys(ev.after), ['tags']);
    assert.ok(ev.after.tags!.includes('Greenhouse'));
    assert.ok(!ev.before.tags!.includes('Greenhouse'));

    const { id: person } = await w.actor.tag.create('Zoe', 'people');
    await w.actor.photoTag.addPeopleTag(id, person, { x: 0.1, y: 0.1, width: 0.2, height: 0.2 });
    got = await poll();
    assert.equal(got.length, 1);
    ev = got[0] as EventOf<'photo.changed'>;
    assert.deepEqual(Object.keys(ev.after), ['people']);
    assert.ok(ev.people.includes('Zoe'));

    await w.actor.photoTag.remove(id, { tag_id: [tagId] });
    got = await poll();
    assert.deepEqual(Object.keys((got[0] as EventOf<'photo.changed'>).before), ['tags']);
  });

  it('photo.added for an upload, photo.removed for a delete', async () => {
    const up = await w.actor.file.uploadPhoto({ album: 'Garden', filename: 'NEW_0001.JPG', data: JPEG, duplicate: 'ignore' });
    let got = await poll();
    assert.deepEqual(summary(got), ['photo.added Garden/NEW_0001.JPG']);
    const added = got[0] as EventOf<'photo.added'>;
    assert.equal(added.id, up.id);
    assert.equal(added.type, 'photo');
    assert.deepEqual(added.tags, []);

    const victim = await somePhoto('Pets');
    await w.actor.photo.delete(victim);
    got = await poll();
    assert.equal(got.length, 1);
    assert.equal(got[0]!.event, 'photo.removed');
    assert.equal(got[0]!.id, victim);
    assert.equal((got[0] as EventOf<'photo.removed'>).album.path, 'Pets');
  });

  it('album.added, album.changed (title, type) and album.removed with its content', async () => {
    const { id } = await w.actor.album.create({ name: 'Renovation', title: 'House work' });
    let got = await poll();
    assert.deepEqual(summary(got), ['album.added Renovation']);
    const added = got[0] as EventOf<'album.added'>;
    assert.equal(added.id, id);
    assert.equal(added.title, 'House work');
    assert.deepEqual(added.parent, { id: '', path: '' });

    await w.actor.album.create({ name: 'Kitchen', parent: id });
    await w.actor.file.uploadPhoto({ album: 'Renovation/Kitchen', filename: 'K1.JPG', data: JPEG, duplicate: 'ignore' });
    got = await poll();
    assert.deepEqual(summary(got), ['album.added Renovation/Kitchen', 'photo.added Renovation/Kitchen/K1.JPG']);

    await w.actor.album.edit(id, { title: 'Renovation 2026', type: 'password', password: 'secret' });
    got = await poll();
    assert.equal(got.length, 1);
    const changed = got[0] as EventOf<'album.changed'>;
    assert.equal(changed.event, 'album.changed');
    assert.deepEqual(changed.before, { title: 'House work', type: 'private' });
    assert.deepEqual(changed.after, { title: 'Renovation 2026', type: 'password' });
    assert.ok(!JSON.stringify(changed).includes('secret'), 'no password in an event');

    await w.actor.album.delete(id);
    got = await poll();
    assert.deepEqual(summary(got), ['photo.removed Renovation/Kitchen/K1.JPG', 'album.removed Renovation/Kitchen', 'album.removed Renovation']);
  });

  it('share.added, share.changed (link on, window, name) and share.removed', async () => {
    const item = await somePhoto();
    const { id } = await w.actor.sharedAlbum.create('Garden best');
    await w.actor.sharedAlbum.addItems(id, item);
    let got = await poll();
    assert.deepEqual(summary(got), [`share.added ${id}`]);
    const added = got[0] as EventOf<'share.added'>;
    assert.equal(added.shared_album_id, id);
    assert.equal(added.status, 'revoked');
    assert.equal(added.item_count, 1);

    const link = await w.actor.sharedAlbum.editPublicShare(id, { is_shared: true });
    got = await poll();
    assert.equal(got.length, 1);
    let changed = got[0] as EventOf<'share.changed'>;
    assert.equal(changed.before.status, 'revoked');
    assert.equal(changed.after.status, 'valid');
    assert.equal(changed.share_id, link.shareid);
    assert.equal(changed.url, link.public_share_url);

    await w.actor.sharedAlbum.editPublicShare(id, { end_time: '2001-01-01' });
    got = await poll();
    changed = got[0] as EventOf<'share.changed'>;
    assert.deepEqual(changed.after, { status: 'expired', end: '2001-01-01' });

    await w.actor.sharedAlbum.edit(id, 'Garden highlights');
    got = await poll();
    assert.deepEqual((got[0] as EventOf<'share.changed'>).after, { name: 'Garden highlights' });

    await w.actor.sharedAlbum.delete(id);
    got = await poll();
    assert.deepEqual(summary(got), [`share.removed ${id}`]);
  });

  it('share revoke (link off) is a share.changed to status invalid', async () => {
    const shares = await w.actor.sharedAlbum.list({ limit: -1 });
    const demo = shares.items[0]!;
    await w.actor.sharedAlbum.editPublicShare(demo.id, { is_shared: false });
    const got = await poll();
    assert.equal(got.length, 1);
    assert.deepEqual((got[0] as EventOf<'share.changed'>).after, { status: 'revoked', url: '' });
  });

  it('the reconcile finds what the probe cannot see: a change inside a deep album and items added to a share', async () => {
    const deep = albumId('Holidays/Italy 2025');
    await w.actor.album.edit(deep, { description: 'Tuscany' });
    const shares = await w.actor.sharedAlbum.list({ limit: -1 });
    await w.actor.sharedAlbum.addItems(shares.items[0]!.id, await somePhoto());
    await det.pollNow();
    const fromProbe = events.length;
    await det.reconcileNow();
    const got = events.slice(fromProbe);
    assert.deepEqual(summary(got).sort(), ['album.changed Holidays/Italy 2025', `share.changed ${shares.items[0]!.id}`]);
    assert.equal(det.status().lastCycle?.kind, 'reconcile');
  });

  it('exports the event names of the design', () => {
    assert.deepEqual([...EVENT_NAMES], [
      'album.added', 'album.removed', 'album.changed', 'photo.added', 'photo.removed', 'photo.changed',
      'share.added', 'share.removed', 'share.changed',
    ]);
  });
});
