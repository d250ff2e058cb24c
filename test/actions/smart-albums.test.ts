import assert from 'node:assert/strict';
import { Rig, rejects } from './helpers';

describe('smart album actions', () => {
  const rig = new Rig();
  beforeEach(() => rig.start());
  afterEach(() => rig.stop());

  const holiday = { name: 'Italy trip', start: '2025-08-02T00:00:00Z', end: '2025-08-16T00:00:00Z' };

  it('smart_album.create_from_event builds a smart album of the photos taken in the window', async () => {
    const result = await rig.run('smart_album.create_from_event', holiday);
    assert.equal(result.id, `smart_${Buffer.from('Italy trip').toString('hex')}`);
    assert.equal(result.created, true);
    const inWindow = await rig.run('photo.search', { start: holiday.start, end: holiday.end, limit: 1 });
    assert.equal(result.count, inWindow.total);
    assert.ok(result.count >= 25, `count ${result.count}`);
  });

  it('narrows by tags, people and item type', async () => {
    const all = await rig.run('smart_album.create_from_event', { name: 'Beach all', tags: ['Beach'] });
    const videos = await rig.run('smart_album.create_from_event', { name: 'Beach videos', tags: ['Beach'], item_type: 'video' });
    const people = await rig.run('smart_album.create_from_event', { name: 'Anna at the beach', tags: 'Beach', people: 'Anna' });
    assert.ok(all.count > videos.count && videos.count > 0, `${all.count} / ${videos.count}`);
    assert.ok(people.count > 0);
    const tagged = await rig.run('photo.search', { tags: ['Beach'], limit: 1 });
    assert.equal(all.count, tagged.total);
  });

  it('the same event twice updates the album instead of making another', async () => {
    const first = await rig.run('smart_album.create_from_event', holiday);
    const second = await rig.run('smart_album.create_from_event', { ...holiday, end: '2025-08-05T00:00:00Z' });
    assert.equal(second.id, first.id);
    assert.equal(second.created, false);
    assert.ok(second.count < first.count);
    const list = await rig.run('smart_album.list');
    assert.equal(list.smart_albums.filter((s: any) => s.name === 'Italy trip').length, 1);
  });

  it('names a tag that does not exist instead of making an album that stays empty', async () => {
    await rejects(rig.run('smart_album.create_from_event', { name: 'Moon', tags: ['Moon landing'] }), 'not_found', /tag .*does not exist.*Moon landing/);
    await rejects(rig.run('smart_album.create_from_event', { name: 'Back', start: '2026-02-01', end: '2026-01-01' }), 'invalid_input', /ends before it starts/, 'end');
  });

  it('is for administrators', async () => {
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('smart_album.create_from_event', holiday), 'forbidden');
  });

  it('smart_album.update, list and delete', async () => {
    const made = await rig.run('smart_album.create_from_event', holiday);
    const renamed = await rig.run('smart_album.update', { smart_album: made.id, name: 'Italia' });
    assert.equal(renamed.name, 'Italia');
    assert.equal(renamed.count, made.count);
    const narrowed = await rig.run('smart_album.update', { smart_album: 'Italia', tags: ['Beach'] });
    assert.ok(narrowed.count <= made.count);
    const names = (await rig.run('smart_album.list')).smart_albums.map((s: any) => s.name).sort();
    assert.deepEqual(names, ['Beach days', 'Italia']);
    assert.deepEqual(await rig.run('smart_album.delete', { smart_album: 'Italia' }), { id: renamed.id, deleted: true });
    await rejects(rig.run('smart_album.delete', { smart_album: 'Italia' }), 'not_found');
    await rejects(rig.run('smart_album.update', { smart_album: 'Nope', name: 'x' }), 'not_found', /smart album Nope does not exist/);
  });
});
