// Conformance of SYNO.PhotoStation.Photo (spec §3.9, §1.5, §2, §5.12–§5.14) over real HTTP.
import assert from 'node:assert/strict';
import { albumId, hex, itemId, Sim } from './harness';
import { A, ALL_ITEMS, B, C, D, P, PHOTO, PHOTO_TAG, TAG, assertNoInternalErrors, library, listPhotos, names } from './conformance-helpers';

const BY_TAKEN = [
  'root.jpg', 'Quiet/q.jpg', 'Fotos/Köln/dom.jpg', 'Pass/s.jpg', 'Priv/p.jpg', 'Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg',
  'Pub/Sub/d.jpg',
];

describe('conformance: Photo', function () {
  const s = new Sim();
  let admin: string;
  let alice: string;
  let bob: string;
  let mallory: string;
  const tagId = async (type: string, name: string): Promise<string> => {
    const data = await s.ok(TAG, 'list', { type, offset: 0, limit: -1 }, { cookie: admin });
    const tag = data.tags.find((t: any) => t.name === name);
    assert.ok(tag, `tag ${name}`);
    return tag.id;
  };

  beforeEach(async () => {
    if (s.sim) await s.stop();
    await s.start({ seed: 'empty', fixture: library() });
    admin = await s.login('admin', 'admin');
    alice = await s.login('alice', 'alice', false);
    bob = await s.login('bob', 'bob', false);
    mallory = await s.login('mallory', 'mallory', false);
  });
  afterEach(() => assertNoInternalErrors(s));
  after(() => s.stop());

  describe('list', () => {
    it('requires offset, limit and a photo/video type (456)', async () => {
      assert.equal(await s.code(PHOTO, 'list', { limit: 10, type: 'photo' }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, type: 'photo' }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: 10 }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: 10, type: 'album' }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: 'x', limit: 10, type: 'photo' }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: 'ten', type: 'photo' }), 456);
      assert.equal(await s.code(PHOTO, 'list', { offset: -1, limit: 10, type: 'photo' }), 456);
    });

    it('lists everything the admin may browse, in the default takendate order, with pos', async () => {
      const data = await listPhotos(s, {});
      assert.equal(data.total, 9);
      assert.equal(data.offset, 9);
      assert.deepEqual(names(data.items), BY_TAKEN);
      assert.deepEqual(data.items.map((i: any) => i.pos), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
      assert.equal(data.items[0].id, `photo_2f_${hex('root.jpg')}`);
    });

    it('shows an anonymous visitor only public items (root included, private and password albums not)', async () => {
      const data = await listPhotos(s, {}, { cookie: null });
      assert.deepEqual(names(data.items), ['root.jpg', 'Quiet/q.jpg', 'Fotos/Köln/dom.jpg', 'Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg', 'Pub/Sub/d.jpg']);
      const withPw = await listPhotos(s, { password: 'pw' }, { cookie: null });
      assert.ok(names(withPw.items).includes('Pass/s.jpg'));
      const asAlice = await listPhotos(s, {}, { cookie: alice });
      assert.ok(names(asAlice.items).includes('Priv/p.jpg'));
      const asMallory = await listPhotos(s, {}, { cookie: mallory });
      assert.ok(!names(asMallory.items).includes('Priv/p.jpg'));
    });

    it('pages: returned offset = request offset + returned count, limit -1 = all (§1.5)', async () => {
      const p1 = await listPhotos(s, { offset: 0, limit: 4 });
      assert.deepEqual([p1.total, p1.offset, p1.items.length], [9, 4, 4]);
      const p2 = await listPhotos(s, { offset: 4, limit: 4 });
      assert.deepEqual([p2.total, p2.offset, p2.items.length], [9, 8, 4]);
      assert.deepEqual(p2.items.map((i: any) => i.pos), [4, 5, 6, 7]);
      const p3 = await listPhotos(s, { offset: 8, limit: 4 });
      assert.deepEqual([p3.total, p3.offset, p3.items.length], [9, 9, 1]);
      assert.deepEqual([...names(p1.items), ...names(p2.items), ...names(p3.items)], BY_TAKEN);
      const past = await listPhotos(s, { offset: 50, limit: 4 });
      assert.deepEqual([past.total, past.offset, past.items.length], [9, 50, 0]);
      const rest = await listPhotos(s, { offset: 7, limit: -1 });
      assert.deepEqual([rest.offset, rest.items.length], [9, 2]);
      const none = await listPhotos(s, { offset: 0, limit: 0 });
      assert.deepEqual([none.total, none.offset, none.items.length], [9, 0, 0]);
    });

    it('filters by type', async () => {
      assert.deepEqual(names((await listPhotos(s, { type: 'video' })).items), ['Pub/c.mp4']);
      const photos = await listPhotos(s, { type: 'photo' });
      assert.equal(photos.total, 8);
      assert.ok(photos.items.every((i: any) => i.type === 'photo'));
    });

    it('sorts by filename, takendate, createdate and mtime in both directions', async () => {
      const byName = await listPhotos(s, { filter_album: albumId('Pub'), sort_by: 'filename', sort_direction: 'asc' });
      assert.deepEqual(names(byName.items), ['Pub/a.jpg', 'Pub/b.jpg', 'Pub/c.mp4']);
      const byNameDsc = await listPhotos(s, { filter_album: albumId('Pub'), sort_by: 'filename', sort_direction: 'dsc' });
      assert.deepEqual(names(byNameDsc.items), ['Pub/c.mp4', 'Pub/b.jpg', 'Pub/a.jpg']);
      const byTakenDesc = await listPhotos(s, { sort_by: 'takendate', sort_direction: 'desc' });
      assert.deepEqual(names(byTakenDesc.items), [...BY_TAKEN].reverse());
      const byCreated = await listPhotos(s, { filter_album: albumId('Pub'), sort_by: 'createdate', sort_direction: 'asc' });
      assert.deepEqual(names(byCreated.items), ['Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg']);
      // Editing an item moves its mtime past every other one.
      await s.ok(PHOTO, 'edit', { id: C, description: 'touched' });
      const byMtime = await listPhotos(s, { sort_by: 'mtime', sort_direction: 'dsc' });
      assert.equal(names(byMtime.items)[0], 'Pub/c.mp4');
      const byMtimeAsc = await listPhotos(s, { sort_by: 'mtime', sort_direction: 'asc' });
      assert.equal(names(byMtimeAsc.items).at(-1), 'Pub/c.mp4');
      assert.equal(names(byMtimeAsc.items)[0], 'root.jpg');
    });

    it('filter_album restricts to the direct items of one album; 457 without right, 416 without password', async () => {
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Pub') })).items), ['Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg']);
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Pub/Sub') })).items), ['Pub/Sub/d.jpg']);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: albumId('Priv') }, { cookie: mallory }), 457);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: albumId('Priv') }, { cookie: null }), 457);
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Priv') }, { cookie: alice })).items), ['Priv/p.jpg']);
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Priv') }, { cookie: bob })).items), ['Priv/p.jpg']);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: albumId('Pass') }, { cookie: null }), 416);
      const unlocked = await listPhotos(s, { filter_album: albumId('Pass'), password: 'pw' }, { cookie: null });
      assert.deepEqual(names(unlocked.items), ['Pass/s.jpg']);
      // Malformed and unknown album ids.
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: 'album_zz' }), 456);
      // A missing album: 101 like Photo Station 6.6 (§1.6) when the caller sees its parent, else 457.
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: albumId('Nope') }), 101);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_album: albumId('Priv/Nope') }, { cookie: mallory }), 457);
    });

    it('accepts a non-ASCII album id (§2.3 Fotos/Köln)', async () => {
      assert.equal(albumId('Fotos/Köln'), 'album_466f746f732f4bc3b66c6e');
      const data = await listPhotos(s, { filter_album: 'album_466f746f732f4bc3b66c6e', additional: 'file_location' });
      assert.deepEqual(data.items.map((i: any) => i.id), [`photo_466f746f732f4bc3b66c6e_${hex('dom.jpg')}`]);
      assert.equal(data.items[0].additional.file_location, 'Fotos/Köln/dom.jpg');
      // Upper-case hex is accepted on input (§2.2 choice).
      const upper = await listPhotos(s, { filter_album: 'album_466F746F732F4BC3B66C6E' });
      assert.equal(upper.total, 1);
    });

    it('filter_tag matches any of several tag ids (OR) and combines with filter_album', async () => {
      const beach = await tagId('desc', 'Beach');
      const sunset = await tagId('desc', 'Sunset');
      assert.deepEqual(names((await listPhotos(s, { filter_tag: beach })).items), ['Pub/c.mp4', 'Pub/a.jpg']);
      assert.deepEqual(names((await listPhotos(s, { filter_tag: `${beach},${sunset}` })).items), ['Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg']);
      assert.deepEqual(names((await listPhotos(s, { filter_tag: beach, type: 'photo' })).items), ['Pub/a.jpg']);
      assert.deepEqual(names((await listPhotos(s, { filter_tag: sunset, filter_album: albumId('Pub/Sub') })).items), []);
      const secret = await tagId('desc', 'Secret');
      assert.deepEqual(names((await listPhotos(s, { filter_tag: secret }, { cookie: mallory })).items), []);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_tag: 'Beach' }), 456);
    });

    it('filters by taken_date (day, range, open ends) and gps', async () => {
      assert.deepEqual(names((await listPhotos(s, { taken_date: '2020-01-01' })).items), ['Pub/a.jpg']);
      assert.deepEqual(names((await listPhotos(s, { taken_date: '2019-01-01,2020-12-31' })).items), ['Pub/c.mp4', 'Pub/a.jpg']);
      assert.deepEqual(names((await listPhotos(s, { taken_date: '2021-01-01,' })).items), ['Pub/b.jpg', 'Pub/Sub/d.jpg']);
      assert.deepEqual(names((await listPhotos(s, { taken_date: ',2015-12-31' })).items), ['root.jpg', 'Quiet/q.jpg']);
      assert.deepEqual(names((await listPhotos(s, { taken_date: '2020-01-01', filter_album: albumId('Pub/Sub') })).items), []);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', taken_date: 'yesterday' }), 456);
      assert.deepEqual(names((await listPhotos(s, { gps: 'true' })).items), ['Pub/c.mp4', 'Pub/a.jpg']);
      assert.deepEqual(names((await listPhotos(s, { gps: 'true', type: 'photo' })).items), ['Pub/a.jpg']);
    });

    it('applies the first matching filter rule: tag_unconfirm, shared album, public share, smart, then the query', async () => {
      const ann = await tagId('people', 'Ann');
      // Seed a face-recognition suggestion (unconfirmed people tag) on d.jpg; the API itself only adds confirmed ones.
      const lib = s.sim.state.standard;
      const dItem = [...lib.allItems()].find((i) => i.name === 'd.jpg')!;
      lib.addLink(Number(ann.slice(4)), dItem.uid, { x: 0.1, y: 0.1, width: 0.2, height: 0.2 }, false);
      // 1. tag_unconfirm ignores every other filter.
      const unconfirmed = await listPhotos(s, {
        filter_tag: 'tag_unconfirm', filter_album: albumId('Pub'), filter_shared_album: 1, filter_smart: 'smart_00',
      });
      assert.deepEqual(names(unconfirmed.items), ['Pub/Sub/d.jpg']);
      // A confirmed tag does not count as unconfirmed: a.jpg carries Ann confirmed.
      // 2. filter_shared_album beats filter_public_share, filter_smart and filter_album.
      const smart = await s.ok('SYNO.PhotoStation.SmartAlbum', 'create', { name: 'Videos', type: 'video' });
      const shared = await listPhotos(s, {
        filter_shared_album: 1, filter_public_share: 'nope', filter_smart: smart.id, filter_album: albumId('Pub/Sub'),
      });
      assert.deepEqual(names(shared.items), ['Pub/b.jpg']);
      assert.equal(typeof shared.items[0].public_share_url, 'string');
      // 3. filter_public_share beats filter_smart and filter_album; works without login.
      const pub = await listPhotos(s, { filter_public_share: 'shareOne', filter_smart: smart.id, filter_album: albumId('Pub/Sub') }, { cookie: null });
      assert.deepEqual(names(pub.items), ['Pub/b.jpg']);
      assert.equal(pub.items[0].info.color_label, 0);
      // 4. filter_smart beats filter_album and filter_tag.
      const beach = await tagId('desc', 'Beach');
      const viaSmart = await listPhotos(s, { filter_smart: smart.id, filter_album: albumId('Pub/Sub'), filter_tag: beach, type: 'photo,video' });
      assert.deepEqual(names(viaSmart.items), ['Pub/c.mp4']);
      // 5. otherwise the query: filter_album AND filter_tag.
      const query = await listPhotos(s, { filter_album: albumId('Pub'), filter_tag: beach, type: 'photo' });
      assert.deepEqual(names(query.items), ['Pub/a.jpg']);
      // Unknown smart album and share ids.
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_smart: 'smart_6e6f' }), 449);
      assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_public_share: 'nope' }, { cookie: null }), 457);
    });

    it('returns additional photo_exif, thumb_size, video_codec, video_quality and file_location only where they apply', async () => {
      const plain = await listPhotos(s, { filter_album: albumId('Pub') });
      assert.ok(plain.items.every((i: any) => i.additional === null));
      const data = await listPhotos(s, {
        filter_album: albumId('Pub'), additional: 'photo_exif,thumb_size,video_codec,video_quality,file_location', sort_by: 'filename',
      });
      const [a, b, c] = data.items;
      assert.deepEqual(a.additional.photo_exif, {
        takendate: '2020-01-01 10:00:00', camera: 'Canon', camera_model: 'EOS 80D', exposure: '1/250', aperture: 'f/2.8', iso: 100,
        gps: { lat: '54.3233', lng: '10.1228' }, version: a.additional.photo_exif.version, focal_length: '50mm', lens: 'EF50', flash: 'off',
      });
      assert.equal(typeof a.additional.photo_exif.version, 'number');
      assert.equal(a.additional.file_location, 'Pub/a.jpg');
      assert.deepEqual(Object.keys(a.additional.thumb_size).sort(), ['large', 'preview', 'small']);
      assert.deepEqual([a.additional.thumb_size.large.resolutionx, a.additional.thumb_size.large.resolutiony], [1280, 960]);
      assert.deepEqual([a.additional.thumb_size.small.resolutionx, a.additional.thumb_size.small.resolutiony], [320, 240]);
      assert.deepEqual([a.additional.thumb_size.preview.resolutionx, a.additional.thumb_size.preview.resolutiony], [160, 120]);
      assert.equal(typeof a.additional.thumb_size.small.mtime, 'number');
      assert.deepEqual([b.additional.thumb_size.large.resolutionx, b.additional.thumb_size.large.resolutiony], [960, 1280]);
      assert.equal(a.additional.video_codec, undefined);
      assert.equal(a.additional.video_quality, undefined);
      assert.equal(c.additional.photo_exif, undefined);
      assert.deepEqual(Object.keys(c.additional.video_codec).sort(), ['acodec', 'container', 'vcodec']);
      assert.ok(Array.isArray(c.additional.video_quality));
      assert.equal(c.additional.file_location, 'Pub/c.mp4');
      // Small photos are never enlarged.
      const d = (await listPhotos(s, { filter_album: albumId('Pub/Sub'), additional: 'thumb_size' })).items[0];
      assert.deepEqual([d.additional.thumb_size.large.resolutionx, d.additional.thumb_size.large.resolutiony], [100, 50]);
    });

    it('describes photos and videos per §3.0.2 (videos: info.gps and duration, no lat/lng)', async () => {
      const data = await listPhotos(s, { filter_album: albumId('Pub'), sort_by: 'filename' });
      const [a, b, c] = data.items;
      assert.deepEqual(a.info, {
        name: 'a.jpg', title: 'Alpha', description: 'sunny beach day', createdate: '2020-02-01 08:00:00',
        takendate: '2020-01-01 10:00:00', size: a.info.size, resolutionx: 4000, resolutiony: 3000, rotated: false,
        rotate_version: 0, rotation: 1, lat: 54.3233, lng: 10.1228, rating: 3,
      });
      assert.equal(a.type, 'photo');
      assert.equal(typeof a.thumbnail_status, 'string');
      assert.equal(b.info.title, 'b', 'title defaults to the file name without extension');
      assert.equal(b.info.lat, undefined);
      assert.equal(c.type, 'video');
      assert.equal(c.info.title, 'c');
      assert.deepEqual(c.info.gps, { lat: 48.1, lng: 11.5 });
      assert.equal(c.info.lat, undefined);
      assert.equal(c.info.lng, undefined);
      assert.equal(c.info.duration, 42);
    });
  });

  describe('getinfo', () => {
    it('returns an array of items, from several albums and the root (photo_2f_…)', async () => {
      const root = `photo_2f_${hex('root.jpg')}`;
      const data = await s.ok(PHOTO, 'getinfo', { id: `${A},${D},${root}` });
      assert.ok(Array.isArray(data));
      assert.deepEqual(data.map((i: any) => i.id), [A, D, root]);
      assert.equal(data[0].pos, undefined);
      assert.equal(data[2].info.name, 'root.jpg');
      const extra = await s.ok(PHOTO, 'getinfo', { id: C, additional: 'video_codec,file_location' });
      assert.equal(extra[0].additional.file_location, 'Pub/c.mp4');
      // Upper-case hex of a Köln photo id.
      const koeln = itemId('photo', 'Fotos/Köln', 'dom.jpg').toUpperCase().replace('PHOTO_', 'photo_');
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: koeln }))[0].info.name, 'dom.jpg');
    });

    it('answers 456 for missing, malformed or unknown ids and 457 without browse right', async () => {
      assert.equal(await s.code(PHOTO, 'getinfo', {}), 456);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: 'photo_zz_yy' }), 456);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: albumId('Pub') }), 456);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: itemId('photo', 'Pub', 'missing.jpg') }), 456);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: itemId('video', 'Pub', 'a.jpg') }), 456);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: P }, { cookie: mallory }), 457);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: P }, { cookie: null }), 457);
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: P }, { cookie: alice }))[0].id, P);
      const pass = itemId('photo', 'Pass', 's.jpg');
      assert.equal(await s.code(PHOTO, 'getinfo', { id: pass }, { cookie: null }), 457);
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: pass, password: 'pw' }, { cookie: null }))[0].id, pass);
    });

    it('lets visitors of a public share read the items of that share only (457 otherwise)', async () => {
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: B, public_share_id: 'shareOne' }, { cookie: null }))[0].id, B);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: A, public_share_id: 'shareOne' }, { cookie: null }), 457);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: B, public_share_id: 'nope' }, { cookie: null }), 457);
    });
  });

  describe('edit', () => {
    const info = async (id: string): Promise<any> => (await s.ok(PHOTO, 'getinfo', { id }))[0].info;

    it('sets title, description and rating on every id, caps rating at 5, ignores unknown ids', async () => {
      await s.ok(PHOTO, 'edit', { id: `${A},${B},${itemId('photo', 'Pub', 'ghost.jpg')}`, title: 'T', description: 'D', rating: 9 });
      for (const id of [A, B]) {
        const i = await info(id);
        assert.deepEqual([i.title, i.description, i.rating], ['T', 'D', 5]);
      }
      await s.ok(PHOTO, 'edit', { id: A, rating: 0 });
      assert.equal((await info(A)).rating, 0);
      assert.equal(await s.code(PHOTO, 'edit', { id: A, rating: -1 }), 456);
      assert.equal(await s.code(PHOTO, 'edit', { id: A, rating: 'high' }), 456);
      assert.equal(await s.code(PHOTO, 'edit', { title: 'x' }), 456);
      // Titles are free text, including non-ASCII; an empty title falls back to the file name (choice).
      await s.ok(PHOTO, 'edit', { id: B, title: 'Köln – Dom' });
      assert.equal((await info(B)).title, 'Köln – Dom');
      await s.ok(PHOTO, 'edit', { id: B, title: '' });
      assert.equal((await info(B)).title, 'b');
    });

    it('sets GPS only with both fields, removes it with both empty, 456 for one field', async () => {
      await s.ok(PHOTO, 'edit', { id: B, gps_lat: '1.5', gps_lng: '-2.25' });
      assert.deepEqual([(await info(B)).lat, (await info(B)).lng], [1.5, -2.25]);
      assert.equal(await s.code(PHOTO, 'edit', { id: B, gps_lat: '3' }), 456);
      assert.equal(await s.code(PHOTO, 'edit', { id: B, gps_lng: '3' }), 456);
      assert.equal(await s.code(PHOTO, 'edit', { id: B, gps_lat: 'north', gps_lng: '3' }), 456);
      assert.equal(await s.code(PHOTO, 'edit', { id: B, gps_lat: '91', gps_lng: '3' }), 456);
      assert.equal((await info(B)).lat, 1.5);
      await s.ok(PHOTO, 'edit', { id: B, gps_lat: '', gps_lng: '' });
      const cleared = await info(B);
      assert.equal(cleared.lat, undefined);
      assert.equal(cleared.lng, undefined);
      // A video stores its coordinates in info.gps.
      await s.ok(PHOTO, 'edit', { id: C, gps_lat: '10', gps_lng: '20' });
      assert.deepEqual((await info(C)).gps, { lat: 10, lng: 20 });
      await s.ok(PHOTO, 'edit', { id: C, gps_lat: '', gps_lng: '' });
      assert.equal((await info(C)).gps, undefined);
    });

    it('needs a login (105) and manage right (457)', async () => {
      assert.equal(await s.code(PHOTO, 'edit', { id: A, title: 'x' }, { cookie: null }), 105);
      assert.equal(await s.code(PHOTO, 'edit', { id: A, title: 'x' }, { cookie: mallory }), 457);
      assert.equal(await s.code(PHOTO, 'edit', { id: P, title: 'x' }, { cookie: alice }), 457);
      assert.equal((await info(A)).title, 'Alpha');
    });
  });

  describe('delete', () => {
    it('deletes, ignores unknown ids, needs manage right', async () => {
      assert.equal(await s.code(PHOTO, 'delete', {}), 456);
      assert.equal(await s.code(PHOTO, 'delete', { id: A }, { cookie: mallory }), 457);
      assert.equal(await s.code(PHOTO, 'delete', { id: A }, { cookie: null }), 105);
      await s.ok(PHOTO, 'delete', { id: `${A},${itemId('photo', 'Pub', 'ghost.jpg')}` });
      assert.equal(await s.code(PHOTO, 'getinfo', { id: A }), 456);
      const data = await listPhotos(s, { filter_album: albumId('Pub') });
      assert.deepEqual(names(data.items), ['Pub/c.mp4', 'Pub/b.jpg']);
      // Deleting again is still a success (unknown ids are ignored).
      await s.ok(PHOTO, 'delete', { id: A });
    });
  });

  describe('copy', () => {
    const inAlbum = async (path: string): Promise<string[]> =>
      names((await listPhotos(s, { filter_album: albumId(path), sort_by: 'filename' })).items);

    it('copies and moves items between albums', async () => {
      await s.ok(PHOTO, 'copy', { id: `${A},${C}`, sharepath: albumId('Pub/Sub'), mode: 'copy', duplicate: 'rename' });
      assert.deepEqual(await inAlbum('Pub/Sub'), ['Pub/Sub/a.jpg', 'Pub/Sub/c.mp4', 'Pub/Sub/d.jpg']);
      assert.deepEqual(await inAlbum('Pub'), ['Pub/a.jpg', 'Pub/b.jpg', 'Pub/c.mp4']);
      const copied = (await s.ok(PHOTO, 'getinfo', { id: itemId('photo', 'Pub/Sub', 'a.jpg') }))[0];
      assert.equal(copied.info.title, 'Alpha');
      await s.ok(PHOTO, 'copy', { id: B, sharepath: albumId('Quiet'), mode: 'move', duplicate: 'ignore' });
      assert.deepEqual(await inAlbum('Quiet'), ['Quiet/b.jpg', 'Quiet/q.jpg']);
      assert.deepEqual(await inAlbum('Pub'), ['Pub/a.jpg', 'Pub/c.mp4']);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: B }), 456);
    });

    it('handles duplicates: rename (name_1), ignore (keep), overwrite (replace)', async () => {
      await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Pub/Sub'), mode: 'copy', duplicate: 'rename' });
      await s.ok(PHOTO, 'edit', { id: itemId('photo', 'Pub/Sub', 'a.jpg'), title: 'first copy' });
      await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Pub/Sub'), mode: 'copy', duplicate: 'rename' });
      assert.deepEqual(await inAlbum('Pub/Sub'), ['Pub/Sub/a.jpg', 'Pub/Sub/a_1.jpg', 'Pub/Sub/d.jpg']);
      await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Pub/Sub'), mode: 'copy', duplicate: 'ignore' });
      assert.deepEqual(await inAlbum('Pub/Sub'), ['Pub/Sub/a.jpg', 'Pub/Sub/a_1.jpg', 'Pub/Sub/d.jpg']);
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: itemId('photo', 'Pub/Sub', 'a.jpg') }))[0].info.title, 'first copy');
      await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Pub/Sub'), mode: 'copy', duplicate: 'overwrite' });
      assert.deepEqual(await inAlbum('Pub/Sub'), ['Pub/Sub/a.jpg', 'Pub/Sub/a_1.jpg', 'Pub/Sub/d.jpg']);
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: itemId('photo', 'Pub/Sub', 'a.jpg') }))[0].info.title, 'Alpha');
      // Same album: rename makes a copy beside it, anything else is a select conflict (458).
      await s.ok(PHOTO, 'copy', { id: B, sharepath: albumId('Pub'), mode: 'copy', duplicate: 'rename' });
      assert.deepEqual(await inAlbum('Pub'), ['Pub/a.jpg', 'Pub/b.jpg', 'Pub/b_1.jpg', 'Pub/c.mp4']);
      assert.equal(await s.code(PHOTO, 'copy', { id: B, sharepath: albumId('Pub'), mode: 'copy', duplicate: 'ignore' }), 458);
      assert.equal(await s.code(PHOTO, 'copy', { id: B, sharepath: albumId('Pub'), mode: 'move', duplicate: 'overwrite' }), 458);
    });

    it('copies to and from the root album', async () => {
      await s.ok(PHOTO, 'copy', { id: D, sharepath: '', mode: 'copy', duplicate: 'rename' });
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: `photo_2f_${hex('d.jpg')}` }))[0].info.name, 'd.jpg');
      await s.ok(PHOTO, 'copy', { id: `photo_2f_${hex('root.jpg')}`, sharepath: albumId('Empty'), mode: 'move', duplicate: 'rename' });
      assert.deepEqual(await inAlbum('Empty'), ['Empty/root.jpg']);
    });

    it('checks parameters (456) and rights (457: upload on destination, manage on a moved source)', async () => {
      assert.equal(await s.code(PHOTO, 'copy', { sharepath: albumId('Quiet'), mode: 'copy', duplicate: 'rename' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, mode: 'copy', duplicate: 'rename' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), duplicate: 'rename' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), mode: 'copy' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), mode: 'clone', duplicate: 'rename' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), mode: 'copy', duplicate: 'skip' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Nowhere'), mode: 'copy', duplicate: 'rename' }), 456);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: A, mode: 'copy', duplicate: 'rename' }), 456);
      // alice may browse Priv but not upload there; bob may upload there.
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Priv'), mode: 'copy', duplicate: 'rename' }, { cookie: alice }), 457);
      await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Priv'), mode: 'copy', duplicate: 'rename' }, { cookie: bob });
      assert.deepEqual(await inAlbum('Priv'), ['Priv/a.jpg', 'Priv/p.jpg']);
      // Moving needs manage on the source: bob has none on Pub.
      assert.equal(await s.code(PHOTO, 'copy', { id: B, sharepath: albumId('Priv'), mode: 'move', duplicate: 'rename' }, { cookie: bob }), 457);
      assert.equal(await s.code(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), mode: 'copy', duplicate: 'rename' }, { cookie: null }), 105);
    });
  });

  describe('cancel, getexif, listexif, listfeatureditem', () => {
    it('cancel needs action mvcp|delete and id (456)', async () => {
      await s.ok(PHOTO, 'cancel', { action: 'mvcp', id: A });
      await s.ok(PHOTO, 'cancel', { action: 'delete', id: `${A},${B}` });
      assert.equal(await s.code(PHOTO, 'cancel', { id: A }), 456);
      assert.equal(await s.code(PHOTO, 'cancel', { action: 'delete' }), 456);
      assert.equal(await s.code(PHOTO, 'cancel', { action: 'rotate', id: A }), 456);
    });

    it('getexif lists decoded EXIF labels; 456 for missing/unknown ids, 457 without right', async () => {
      const exif = await s.ok(PHOTO, 'getexif', { id: A });
      assert.equal(exif.total, exif.exifs.length);
      const byLabel = Object.fromEntries(exif.exifs.map((e: any) => [e.label, e.value]));
      assert.equal(byLabel.Manufacturer, 'Canon');
      assert.equal(byLabel.Model, 'EOS 80D');
      assert.equal(byLabel['Exposure Time'], '1/250');
      assert.ok(exif.exifs.every((e: any) => typeof e.value === 'string'));
      assert.deepEqual(await s.ok(PHOTO, 'getexif', { id: D }), { total: 0, exifs: [] });
      assert.equal(await s.code(PHOTO, 'getexif', {}), 456);
      assert.equal(await s.code(PHOTO, 'getexif', { id: itemId('photo', 'Pub', 'ghost.jpg') }), 456);
      assert.equal(await s.code(PHOTO, 'getexif', { id: P }, { cookie: mallory }), 457);
    });

    it('listexif answers distinct values for every type; 456 for a bad type', async () => {
      const expect: Record<string, string[]> = {
        focal_length: ['35mm', '50mm'], focal_length_v2: ['35mm', '50mm'], flash: ['off', 'on'], flash_v2: ['off', 'on'],
        lens: ['EF50', 'FE35'], lens_v2: ['EF50', 'FE35'], camera_make: ['Canon', 'Sony'], camera_model: ['EOS 80D', 'ILCE-7M3'],
        exposure: ['1/250', '1/60'], aperature: ['f/2.8', 'f/4'], iso: ['100', '400'], rating: ['0', '3', '5'],
      };
      for (const [type, values] of Object.entries(expect)) {
        const data = await s.ok(PHOTO, 'listexif', { type });
        assert.deepEqual(data.tags.map((t: any) => t.name).sort(), values, type);
        assert.equal(data.total, values.length);
        for (const t of data.tags) assert.deepEqual(t, { id: `${type}_${t.name}`, name: t.name, type: 'exif', tag_type: type });
      }
      assert.equal(await s.code(PHOTO, 'listexif', { type: 'aperture' }), 456);
      assert.equal(await s.code(PHOTO, 'listexif', {}), 456);
      // Only what the caller may browse: the private photo has no camera.
      const anon = await s.ok(PHOTO, 'listexif', { type: 'camera_make' }, { cookie: null });
      assert.deepEqual(anon.tags.map((t: any) => t.name), ['Canon', 'Sony']);
    });

    it('listfeatureditem returns the first count items of one filter; 456 on bad params', async () => {
      const one = await s.ok(PHOTO, 'listfeatureditem', { count: 1, taken_date: '', filter_album: albumId('Pub') });
      assert.equal(one.items.length, 1);
      const all = await s.ok(PHOTO, 'listfeatureditem', { count: -1, filter_album: albumId('Pub') });
      assert.equal(all.items.length, 3);
      const beach = await tagId('desc', 'Beach');
      const tagged = await s.ok(PHOTO, 'listfeatureditem', { count: -1, filter_tag: beach });
      assert.deepEqual(names(tagged.items).sort(), ['Pub/a.jpg', 'Pub/c.mp4']);
      assert.equal(await s.code(PHOTO, 'listfeatureditem', { filter_album: albumId('Pub') }), 456);
      assert.equal(await s.code(PHOTO, 'listfeatureditem', { count: 3 }), 456);
      assert.equal(await s.code(PHOTO, 'listfeatureditem', { count: 'many', filter_album: albumId('Pub') }), 456);
    });

    it('answers 103 for the undocumented gps group methods', async () => {
      assert.equal(await s.code(PHOTO, 'listgpsgroup', {}), 103);
      assert.equal(await s.code(PHOTO, 'listgpsgroupeditem', {}), 103);
    });
  });

  describe('bad input', () => {
    it('survives huge, malformed and hostile values with the error envelope', async () => {
      const huge = 'x'.repeat(200_000);
      const cases: Array<Record<string, string | number>> = [
        { offset: '99999999999999999999', limit: 10, type: 'photo' },
        { offset: 0, limit: '1e400', type: 'photo' },
        { offset: 0, limit: 10, type: 'photo', filter_album: huge },
        { offset: 0, limit: 10, type: 'photo', filter_album: `album_${'ff'.repeat(50)}` },
        { offset: 0, limit: 10, type: 'photo', filter_tag: 'tag_99999999999999999999' },
        { offset: 0, limit: 10, type: 'photo', taken_date: '9999-99-99' },
        { offset: 0, limit: 10, type: 'photo', sort_by: '__proto__', sort_direction: 'constructor' },
        { offset: 0, limit: 10, type: 'photo', filter_shared_album: 'abc' },
        { offset: 0, limit: 10, type: 'photo', filter_smart: huge },
      ];
      for (const params of cases) {
        const res = await s.call(PHOTO, 'list', params);
        assert.equal(res.status, 200);
        assert.equal(typeof res.json!.success, 'boolean', JSON.stringify(params).slice(0, 80));
      }
      for (const method of ['getinfo', 'edit', 'delete', 'getexif']) {
        for (const id of ['photo_', 'photo__', `photo_${'zz'}_${'zz'}`, 'photo_2f', '__proto__', huge, `video_2f_${hex('../../etc/passwd')}`]) {
          const res = await s.call(PHOTO, method, { id, rating: 99999999999, gps_lat: 'NaN', gps_lng: 'Infinity' });
          assert.equal(res.status, 200);
          assert.equal(typeof res.json!.success, 'boolean');
        }
      }
      assert.deepEqual((await listPhotos(s, {})).total, ALL_ITEMS.length);
    });
  });

  it('keeps tags when an item is copied (PhotoTag list of the copy)', async () => {
    await s.ok(PHOTO, 'copy', { id: A, sharepath: albumId('Quiet'), mode: 'copy', duplicate: 'rename' });
    const tags = await s.ok(PHOTO_TAG, 'list', { id: itemId('photo', 'Quiet', 'a.jpg'), type: 'desc,people,geo' });
    assert.deepEqual(tags.tags.map((t: any) => t.name).sort(), ['Ann', 'Beach', 'Kiel']);
  });
});
