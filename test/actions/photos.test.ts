import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeholderJpeg } from '../../src/simulator/jpeg';
import { Rig, rejects } from './helpers';

describe('photo actions', () => {
  const rig = new Rig();
  beforeEach(() => rig.start());
  afterEach(() => rig.stop());

  it('photo.search finds by tag, people, keyword, date and album, newest first', async () => {
    const beach = await rig.run('photo.search', { tags: ['Beach'], limit: 500, with_tags: true });
    assert.ok(beach.total > 10);
    assert.equal(beach.items.length, beach.total);
    for (const item of beach.items) assert.ok(item.tags.includes('Beach'), item.path);
    const anna = await rig.run('photo.search', { people: 'Anna', limit: 5, with_tags: true });
    for (const item of anna.items) assert.ok(item.people.includes('Anna'));
    const inAlbum = await rig.run('photo.search', { album: 'Garden', limit: 100 });
    assert.equal(inAlbum.total, 12);
    assert.ok(inAlbum.items.every((i: any) => i.album.path === 'Garden'));
    const dates = inAlbum.items.map((i: any) => i.takendate);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const window = await rig.run('photo.search', { start: '2026-06-20', end: '2026-06-20', limit: 100 });
    assert.ok(window.total > 10 && window.total < 30, `${window.total}`);
    assert.ok(window.items.every((i: any) => i.takendate.startsWith('2026-06-20')));
    const paged = await rig.run('photo.search', { album: 'Garden', limit: 5, offset: 10 });
    assert.equal(paged.items.length, 2);
  });

  it('photo.search sees only what the account may see', async () => {
    const family = rig.newStation({ username: 'family', password: 'family' });
    const all = await rig.run('photo.search', { tags: ['Cake'], limit: 1000 });
    const theirs = await family.run('photo.search', { tags: ['Cake'], limit: 1000 }) as any;
    assert.ok(theirs.total < all.total);
    assert.ok(!theirs.items.some((i: any) => i.album.path.startsWith('Wedding')));
    await rejects(family.run('photo.search', { album: 'Wedding' }), 'forbidden', /album Wedding/);
  });

  it('photo.get answers an item with tags, people and places', async () => {
    const [first] = (await rig.run('photo.search', { album: 'Party 2026', limit: 1 })).items;
    const item = await rig.run('photo.get', { id: first.id });
    assert.equal(item.id, first.id);
    assert.equal(item.album.path, 'Party 2026');
    assert.ok(item.tags.includes('Party'));
    assert.ok(Array.isArray(item.people) && Array.isArray(item.places));
    await rejects(rig.run('photo.get', { id: 'photo_2f_6e6f6e652e6a7067' }), 'not_found', /item photo_2f_6e6f6e652e6a7067 does not exist/);
  });

  it('photo.edit changes title, description, rating and position of one or several items', async () => {
    const found = (await rig.run('photo.search', { album: 'Garden', limit: 2 })).items;
    const one = await rig.run('photo.edit', { id: found[0].id, title: 'Roses', description: 'June', rating: 5, lat: '54.32', lng: '10.12' });
    assert.equal(one.title, 'Roses');
    assert.equal(one.rating, 5);
    assert.equal(one.lat, 54.32);
    const cleared = await rig.run('photo.edit', { id: found[0].id, lat: 'none', lng: 'none' });
    assert.equal(cleared.lat, undefined);
    assert.equal(cleared.title, 'Roses');
    const many = await rig.run('photo.edit', { items: found.map((i: any) => i.id), rating: 1 });
    assert.deepEqual(many.items.map((i: any) => i.rating), [1, 1]);
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('photo.edit', { id: found[0].id, rating: 2 }), 'forbidden');
  });

  it('photo.tag creates missing tags and adds tags, people and places; photo.untag removes them', async () => {
    const [first] = (await rig.run('photo.search', { album: 'Garden', limit: 1 })).items;
    const tagged = await rig.run('photo.tag', { id: first.id, tags: ['Tulips', 'Spring'], people: ['Grandma'], places: ['Kiel'] });
    assert.ok(tagged.tags.includes('Tulips') && tagged.tags.includes('Spring'));
    assert.ok(tagged.people.includes('Grandma'));
    assert.ok(tagged.places.includes('Kiel'));
    // Tagging again is not an error: the item already carries the tags.
    const again = await rig.run('photo.tag', { id: first.id, tags: ['Tulips'] });
    assert.equal(again.tags.filter((t: string) => t === 'Tulips').length, 1);
    const found = await rig.run('photo.search', { tags: ['Tulips'] });
    assert.deepEqual(found.items.map((i: any) => i.id), [first.id]);
    const untagged = await rig.run('photo.untag', { id: first.id, tags: ['Tulips'], people: ['Grandma'] });
    assert.ok(!untagged.tags.includes('Tulips'));
    assert.ok(!untagged.people.includes('Grandma'));
    await rejects(rig.run('photo.tag', { id: first.id }), 'invalid_input', /give tags, people and\/or places/);
  });

  it('photo.upload takes base64 data or a file path and reports progress', async () => {
    const jpeg = placeholderJpeg(640, 480, 90);
    const progress: any[] = [];
    const item = await rig.station.run('photo.upload', {
      album: 'Family/2026', filename: 'new.jpg', data: jpeg.toString('base64'), title: 'New one', description: 'from a test',
    }, { progress: (p) => progress.push(p) }) as any;
    assert.equal(item.path, 'Family/2026/new.jpg');
    assert.equal(item.title, 'New one');
    assert.equal(item.description, 'from a test');
    assert.deepEqual([item.width, item.height], [640, 480]);
    assert.deepEqual(progress, [{ step: 'upload', done: 0, total: jpeg.length }, { step: 'upload', done: jpeg.length, total: jpeg.length }]);
    // A large upload reports how far it got along the way.
    const big = Buffer.concat([placeholderJpeg(64, 64), Buffer.alloc(3 * 1024 * 1024, 1)]);
    const steps: any[] = [];
    await rig.station.run('photo.upload', { album: 'Family', filename: 'big.jpg', data: big }, { progress: (p) => steps.push(p.done) });
    assert.ok(steps.length >= 10, `${steps.length} progress reports`);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    assert.equal(steps[0], 0);
    assert.equal(steps[steps.length - 1], big.length);
    const dir = mkdtempSync(join(tmpdir(), 'ps-upload-'));
    try {
      writeFileSync(join(dir, 'clip.mp4'), Buffer.alloc(2048, 7));
      const video = await rig.run('photo.upload', { album: 'Family', path: join(dir, 'clip.mp4') });
      assert.equal(video.type, 'video');
      assert.equal(video.path, 'Family/clip.mp4');
      await rejects(rig.run('photo.upload', { album: 'Family', path: join(dir, 'missing.jpg') }), 'invalid_input', /no readable file/, 'path');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const renamed = await rig.run('photo.upload', { album: 'Family/2026', filename: 'new.jpg', data: jpeg.toString('base64') });
    assert.equal(renamed.name, 'new_1.jpg');
    await rejects(rig.run('photo.upload', { album: 'Nowhere', filename: 'x.jpg', data: jpeg.toString('base64') }), 'not_found', /album Nowhere/);
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('photo.upload', { album: 'Garden', filename: 'x.jpg', data: jpeg.toString('base64') }), 'forbidden');
  });

  it('photo.download gives the original where the download privilege allows it', async () => {
    const jpeg = placeholderJpeg(100, 50, 10);
    const item = await rig.run('photo.upload', { album: 'Garden', filename: 'orig.jpg', data: jpeg.toString('base64') });
    const file = await rig.run('photo.download', { id: item.id });
    assert.equal(file.filename, 'orig.jpg');
    assert.equal(file.content_type, 'image/jpeg');
    assert.ok(Buffer.compare(file.data, jpeg) === 0);
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('photo.download', { id: item.id }), 'forbidden');
    await rejects(rig.run('photo.download', { id: 'photo_2f_6e6f6e652e6a7067' }), 'not_found', /item photo_2f_6e6f6e652e6a7067/);
    await rig.control('POST', 'settings', { allow_download_orig: true });
    assert.equal(((await family.run('photo.download', { id: item.id })) as any).size, jpeg.length);
  });

  it('photo.thumbnail answers a JPEG of the asked size', async () => {
    const [first] = (await rig.run('photo.search', { album: 'Garden', limit: 1 })).items;
    const thumb = await rig.run('photo.thumbnail', { id: first.id, size: 'small' });
    assert.equal(thumb.content_type, 'image/jpeg');
    assert.deepEqual([...thumb.data.subarray(0, 2)], [0xff, 0xd8]);
    assert.equal(thumb.bytes, thumb.data.length);
    const anonymous = rig.newStation({});
    await rejects(anonymous.run('photo.thumbnail', { id: (await rig.run('photo.search', { album: 'Wedding', limit: 1 })).items[0].id }), 'forbidden');
  });

  it('station.status says where and who', async () => {
    const status = await rig.run('station.status');
    assert.equal(status.url, `${rig.sim.origin}/photo/`);
    assert.equal(status.title, 'Family photos (demo)');
    assert.equal(status.user, 'admin');
  });
});
