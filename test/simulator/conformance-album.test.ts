// Conformance: SYNO.PhotoStation.Album, every method (spec §3.0.1, §3.4, §5.13, §5.14). Raw HTTP only.
import assert from 'node:assert/strict';
import type { Fixture } from '../../src/simulator';
import { albumId, hex, itemId, Sim } from './harness';
import { ALBUM, assertError, stopChecked, titles } from './conformance-util';

/** A small library with known dates, on top of the demo accounts. */
const FIXTURE: Fixture = {
  albums: [
    { path: 'Sort', type: 'public', title: 'Sort', createdate: '2019-01-01 00:00:00' },
    { path: 'Sort/Zeta', createdate: '2019-02-01 00:00:00' },
    { path: 'Sort/Alpha', createdate: '2019-03-01 00:00:00' },
    { path: 'Many', type: 'public' },
    { path: 'Empty', type: 'public' },
  ],
  items: [
    { path: 'Sort/b.jpg', takendate: '2020-01-02 10:00:00', createdate: '2021-01-01 10:00:00', width: 640, height: 480 },
    { path: 'Sort/a.jpg', takendate: '2020-01-03 10:00:00', createdate: '2021-01-03 10:00:00', width: 640, height: 480 },
    { path: 'Sort/c.mp4', takendate: '2020-01-01 10:00:00', createdate: '2021-01-02 10:00:00' },
    ...Array.from({ length: 7 }, (_, i) => ({ path: `Many/m${i}.jpg`, takendate: `2020-02-0${i + 1} 10:00:00` })),
  ],
};

const photo = (dir: string, file: string): string => itemId('photo', dir, file);
const video = (dir: string, file: string): string => itemId('video', dir, file);
const ids = (data: { items: Array<{ id: string }> }): string[] => data.items.map((i) => i.id);

describe('conformance: Album (spec §3.4)', () => {
  const s = new Sim();
  let family: string;
  before(async () => {
    await s.start({ seed: 'demo', fixture: FIXTURE });
    await s.login();
    family = await s.login('family', 'family', false);
  });
  after(() => stopChecked(s));

  describe('list', () => {
    const SORT = albumId('Sort');

    it('lists sub-albums before items, filtered by type', async () => {
      const all = await s.ok(ALBUM, 'list', { id: SORT, type: 'album,photo,video', offset: 0, limit: -1, sort_by: 'filename' });
      assert.deepEqual(ids(all), [albumId('Sort/Alpha'), albumId('Sort/Zeta'), photo('Sort', 'a.jpg'), photo('Sort', 'b.jpg'), video('Sort', 'c.mp4')]);
      assert.equal(all.total, 5);
      assert.equal(all.offset, 5);
      const photos = await s.ok(ALBUM, 'list', { id: SORT, type: 'photo', offset: 0, limit: -1, sort_by: 'filename' });
      assert.deepEqual(ids(photos), [photo('Sort', 'a.jpg'), photo('Sort', 'b.jpg')]);
      const videos = await s.ok(ALBUM, 'list', { id: SORT, type: 'video', offset: 0, limit: -1 });
      assert.deepEqual(ids(videos), [video('Sort', 'c.mp4')]);
      assert.equal(videos.items[0].type, 'video');
      const albums = await s.ok(ALBUM, 'list', { id: SORT, type: 'album', offset: 0, limit: -1 });
      assert.deepEqual(titles(albums), ['Alpha', 'Zeta']);
    });

    it('lists the root when id is absent or empty', async () => {
      const absent = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 });
      const empty = await s.ok(ALBUM, 'list', { id: '', type: 'album', offset: 0, limit: -1 });
      assert.deepEqual(ids(absent), ids(empty));
      assert.ok(titles(absent).includes('Sort') && titles(absent).includes('Family'));
    });

    it('pages per spec §1.5: returned offset = request offset + entries returned; limit -1 = all', async () => {
      const MANY = albumId('Many');
      const expected = Array.from({ length: 7 }, (_, i) => photo('Many', `m${i}.jpg`));
      const seen: string[] = [];
      let offset = 0;
      for (const want of [[0, 3], [3, 6], [6, 7]]) {
        const page = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset, limit: 3, sort_by: 'filename' });
        assert.equal(page.total, 7);
        assert.equal(page.offset, want[1]);
        assert.equal(page.items.length, want[1] - want[0]);
        seen.push(...ids(page));
        offset = page.offset;
      }
      assert.deepEqual(seen, expected);
      const all = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset: 0, limit: -1, sort_by: 'filename' });
      assert.deepEqual(ids(all), expected);
      assert.equal(all.offset, 7);
      const rest = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset: 5, limit: -1, sort_by: 'filename' });
      assert.deepEqual(ids(rest), expected.slice(5));
      assert.equal(rest.offset, 7);
      const none = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset: 2, limit: 0 });
      assert.deepEqual({ ...none, items: none.items.length }, { total: 7, offset: 2, items: 0 });
      const beyond = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset: 50, limit: 10 });
      assert.deepEqual(beyond, { total: 7, offset: 50, items: [] });
      const empty = await s.ok(ALBUM, 'list', { id: albumId('Empty'), type: 'album,photo,video', offset: 0, limit: -1 });
      assert.deepEqual(empty, { total: 0, offset: 0, items: [] });
      // Items carry their absolute position.
      const second = await s.ok(ALBUM, 'list', { id: MANY, type: 'photo', offset: 3, limit: 2, sort_by: 'filename' });
      assert.deepEqual(second.items.map((i: any) => i.pos), [3, 4]);
    });

    it('sorts items by filename, takendate, createdate with asc, dsc and desc', async () => {
      const order = async (sort_by: string, sort_direction: string): Promise<string[]> =>
        (await s.ok(ALBUM, 'list', { id: SORT, type: 'photo,video', offset: 0, limit: -1, sort_by, sort_direction }))
          .items.map((i: any) => i.info.name);
      assert.deepEqual(await order('filename', 'asc'), ['a.jpg', 'b.jpg', 'c.mp4']);
      assert.deepEqual(await order('filename', 'dsc'), ['c.mp4', 'b.jpg', 'a.jpg']);
      assert.deepEqual(await order('filename', 'desc'), ['c.mp4', 'b.jpg', 'a.jpg']);
      assert.deepEqual(await order('takendate', 'asc'), ['c.mp4', 'b.jpg', 'a.jpg']);
      assert.deepEqual(await order('takendate', 'dsc'), ['a.jpg', 'b.jpg', 'c.mp4']);
      assert.deepEqual(await order('createdate', 'asc'), ['b.jpg', 'c.mp4', 'a.jpg']);
      assert.deepEqual(await order('createdate', 'desc'), ['a.jpg', 'c.mp4', 'b.jpg']);
    });

    it('sorts sub-albums by the requested key and direction too', async () => {
      const order = async (sort_by: string, sort_direction: string): Promise<string[]> =>
        titles(await s.ok(ALBUM, 'list', { id: SORT, type: 'album', offset: 0, limit: -1, sort_by, sort_direction }));
      assert.deepEqual(await order('filename', 'asc'), ['Alpha', 'Zeta']);
      assert.deepEqual(await order('filename', 'dsc'), ['Zeta', 'Alpha']);
      assert.deepEqual(await order('createdate', 'asc'), ['Zeta', 'Alpha']);
      assert.deepEqual(await order('createdate', 'desc'), ['Alpha', 'Zeta']);
    });

    it('returns the item shapes of §3.0.1/§3.0.2 and the additional keys', async () => {
      const data = await s.ok(ALBUM, 'list', {
        id: SORT, type: 'album,photo', offset: 0, limit: 3, sort_by: 'filename',
        additional: 'album_permission,item_count,file_location,album_createdate,album_sorting,thumb_size,delete_permission,photo_exif',
      });
      const alpha = data.items[0];
      assert.deepEqual(Object.keys(alpha).sort(), ['additional', 'id', 'info', 'thumbnail_status', 'type']);
      assert.deepEqual(alpha.info, {
        sharepath: 'Sort/Alpha', name: 'Alpha', title: 'Alpha', description: '', hits: 0, type: 'public',
        conversion: true, allow_comment: true, allow_embed: true,
      });
      assert.deepEqual(alpha.additional.album_permission, { browse: true, upload: true, manage: true });
      assert.deepEqual(alpha.additional.item_count, { photo: 0, video: 0 });
      assert.equal(alpha.additional.file_location, 'Sort/Alpha');
      assert.equal(alpha.additional.album_createdate, Date.parse('2019-03-01T00:00:00Z') / 1000);
      assert.deepEqual(alpha.additional.album_sorting, { sort_by: 'default', sort_direction: 'asc', has_preference_sort: false });
      assert.equal(alpha.additional.delete_permission, true);
      assert.equal(alpha.additional.thumb_size.sig, hex('Sort/Alpha'));
      // photo_exif does not fit an album: ignored silently.
      assert.equal(alpha.additional.photo_exif, undefined);
      assert.equal(alpha.thumbnail_status, 'default');
      const a = data.items[2];
      assert.equal(a.type, 'photo');
      assert.equal(a.info.takendate, '2020-01-03 10:00:00');
      assert.equal(a.info.createdate, '2021-01-03 10:00:00');
      assert.equal(a.additional.file_location, 'Sort/a.jpg');
      // Without additional: null.
      const plain = await s.ok(ALBUM, 'list', { id: SORT, type: 'album', offset: 0, limit: 1 });
      assert.equal(plain.items[0].additional, null);
    });

    it('searches with the advanced parameters instead of an id', async () => {
      const inSort = await s.ok(ALBUM, 'list', {
        albums: SORT, type: 'photo,video', offset: 0, limit: -1, sort_by: 'filename',
      });
      assert.deepEqual(inSort.items.map((i: any) => i.info.name), ['a.jpg', 'b.jpg', 'c.mp4']);
      const byDate = await s.ok(ALBUM, 'list', {
        albums: `${SORT},${albumId('Many')}`, date: '2020-01-02,2020-02-01', date_op: 'taken', type: 'photo', offset: 0,
        limit: -1, sort_by: 'takendate',
      });
      assert.deepEqual(byDate.items.map((i: any) => i.info.name), ['b.jpg', 'a.jpg', 'm0.jpg']);
      const byKeyword = await s.ok(ALBUM, 'list', { keyword: 'm3,m5', keyword_op: 'any', type: 'photo', offset: 0, limit: -1, sort_by: 'filename' });
      assert.deepEqual(byKeyword.items.map((i: any) => i.info.name), ['m3.jpg', 'm5.jpg']);
      const paged = await s.ok(ALBUM, 'list', { albums: albumId('Many'), type: 'photo', offset: 2, limit: 2, sort_by: 'filename' });
      assert.deepEqual({ total: paged.total, offset: paged.offset }, { total: 7, offset: 4 });
      // Demo tags: every item of Party 2026 carries the desc tag Party.
      const party = await s.ok(ALBUM, 'list', { desc_tag: 'Party', type: 'photo,video', offset: 0, limit: -1 }, { cookie: null });
      assert.ok(party.total >= 30);
      assertError(await s.call(ALBUM, 'list', { albums: photo('Sort', 'a.jpg'), type: 'photo', offset: 0, limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'list', { date: 'yesterday', type: 'photo', offset: 0, limit: 1 }), 101);
    });

    it('accepts force_update, recursive and ignore without effect', async () => {
      const plain = await s.ok(ALBUM, 'list', { id: SORT, type: 'album,photo', offset: 0, limit: -1 });
      const extra = await s.ok(ALBUM, 'list', {
        id: SORT, type: 'album,photo', offset: 0, limit: -1, force_update: 'true', recursive: 'false', ignore: 'thumbnail',
      });
      assert.deepEqual(extra, plain);
    });

    it('answers 101 for a missing or bad type, a bad offset or limit, an unknown album and a non-album id', async () => {
      const base = { id: SORT, offset: 0, limit: 1 };
      assertError(await s.call(ALBUM, 'list', base), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'picture' }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', offset: -1 }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', limit: -2 }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', limit: 'abc' }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', offset: '1e30' }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', offset: '1000000000000000000000000000000' }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Nope') }), 101);
      // Spec §1.6 choice: 101 for whoever may read the nearest existing album above, 417 otherwise.
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Sort/Nope/Deeper') }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Wedding/Nope/Deeper') }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Sort/Nope/Deeper') }, { cookie: family }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Wedding/Nope') }, { cookie: family }), 417);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: albumId('Kids/Nope') }, { cookie: null }), 417);
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Kids/Nope'), password: 'kids' }, { cookie: null }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: photo('Sort', 'a.jpg') }), 101);
      assertError(await s.call(ALBUM, 'list', { ...base, type: 'album', id: 'album_zz' }), 101);
    });
  });

  describe('getinfo', () => {
    it('describes the root when id is absent', async () => {
      const data = await s.ok(ALBUM, 'getinfo', {});
      assert.equal(data.items.length, 1);
      assert.equal(data.items[0].id, '');
      assert.equal(data.items[0].type, 'album');
      assert.equal(data.items[0].info.sharepath, '');
    });

    it('describes several albums with their cover', async () => {
      const data = await s.ok(ALBUM, 'getinfo', { id: `${albumId('Sort')},${albumId('Empty')}`, additional: 'item_count' });
      assert.deepEqual(ids(data), [albumId('Sort'), albumId('Empty')]);
      assert.deepEqual(data.items[0].additional.item_count, { photo: 2, video: 1 });
      const cover = data.items[0].cover;
      assert.deepEqual(Object.keys(cover).sort(), ['h', 'hash', 'w']);
      assert.ok(cover.w > 0 && cover.h > 0 && cover.hash !== '');
      assert.equal(data.items[0].thumbnail_status, 'preview,small,large');
      assert.deepEqual(data.items[1].cover, { w: 0, h: 0, hash: '' });
      assert.equal(data.items[1].thumbnail_status, 'default');
      // ignore=thumbnail leaves the cover out.
      const bare = await s.ok(ALBUM, 'getinfo', { id: albumId('Sort'), ignore: 'thumbnail' });
      assert.equal(bare.items[0].cover, undefined);
    });

    it('answers 101 for a non-album id, an unknown album and a malformed id', async () => {
      for (const id of [photo('Sort', 'a.jpg'), 'tag_1', albumId('Nope'), 'album_', 'album_abc', 'album_4g', `${albumId('Sort')},tag_1`]) {
        assertError(await s.call(ALBUM, 'getinfo', { id }), 101);
      }
    });
  });

  describe('create', () => {
    it('creates level-1, level-2 and deeper albums and answers data.id', async () => {
      const top = await s.call(ALBUM, 'create', { name: 'New Top', title: 'Shown', description: 'About it', type: 'public' });
      assert.deepEqual(top.json, { success: true, data: { id: albumId('New Top') } });
      const info = (await s.ok(ALBUM, 'getinfo', { id: albumId('New Top') })).items[0].info;
      assert.deepEqual([info.title, info.description, info.type, info.name], ['Shown', 'About it', 'public', 'New Top']);
      assert.deepEqual((await s.call(ALBUM, 'create', { id: albumId('New Top'), name: 'Two' })).json,
        { success: true, data: { id: albumId('New Top/Two') } });
      assert.deepEqual((await s.call(ALBUM, 'create', { id: albumId('New Top/Two'), name: 'Three' })).json,
        { success: true, data: { id: albumId('New Top/Two/Three') } });
      const three = (await s.ok(ALBUM, 'getinfo', { id: albumId('New Top/Two/Three') })).items[0].info;
      assert.deepEqual([three.title, three.type, three.sharepath], ['Three', 'public', 'New Top/Two/Three']);
    });

    it('new level-1 albums are private unless Info.default_album_public (spec §5.2 choice)', async () => {
      await s.ok(ALBUM, 'create', { name: 'Default Type' });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Default Type') })).items[0].info.type, 'private');
      await s.control('POST', 'settings', { default_album_public: true });
      await s.ok(ALBUM, 'create', { name: 'Default Public' });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Default Public') })).items[0].info.type, 'public');
      await s.control('POST', 'settings', { default_album_public: false });
    });

    it('allow_comment applies to level 1 (inherited below), conversion can be switched off on level 1 only', async () => {
      await s.ok(ALBUM, 'create', { name: 'Quiet', type: 'public', allow_comment: 'false', conversion: 'false' });
      await s.ok(ALBUM, 'create', { id: albumId('Quiet'), name: 'Below', allow_comment: 'true', conversion: 'false' });
      const info = await s.ok(ALBUM, 'getinfo', { id: `${albumId('Quiet')},${albumId('Quiet/Below')}` });
      assert.deepEqual(info.items.map((i: any) => [i.info.allow_comment, i.info.conversion]), [[false, false], [false, true]]);
      await s.ok(ALBUM, 'edit', { id: albumId('Quiet'), allow_comment: 'true' });
      const after = await s.ok(ALBUM, 'getinfo', { id: albumId('Quiet/Below') });
      assert.equal(after.items[0].info.allow_comment, true);
    });

    it('421 when the album exists', async () => {
      assertError(await s.call(ALBUM, 'create', { name: 'Sort' }), 421);
      assertError(await s.call(ALBUM, 'create', { id: albumId('Sort'), name: 'Alpha' }), 421);
    });

    it('418 without upload right on the parent; a user with upload right creates and owns the album', async () => {
      assertError(await s.call(ALBUM, 'create', { name: 'Not Mine' }, { cookie: family }), 418);
      assertError(await s.call(ALBUM, 'create', { id: albumId('Sort'), name: 'Not Mine' }, { cookie: family }), 418);
      // family's group may upload into Family (demo grant).
      assert.deepEqual((await s.call(ALBUM, 'create', { id: albumId('Family'), name: 'By Family' }, { cookie: family })).json,
        { success: true, data: { id: albumId('Family/By Family') } });
      const perm = await s.ok(ALBUM, 'getinfo', { id: albumId('Family/By Family'), additional: 'album_permission' }, { cookie: family });
      assert.deepEqual(perm.items[0].additional.album_permission, { browse: true, upload: true, manage: true });
    });

    it('420 when a non-admin sets an administrator option', async () => {
      const parent = albumId('Family');
      for (const extra of <Array<Record<string, string>>>[
        { title: 'Shown' }, { type: 'public' }, { type: 'password', password: 'x' }, { password: 'x' }, { allow_comment: 'true' },
        { conversion: 'false' }, { sort_by: 'filename' }, { sort_direction: 'asc' },
        { watermark_path: 'a', watermark_opacity: '50', watermark_gravity: 'center', watermark_size: '10' },
      ]) {
        assertError(await s.call(ALBUM, 'create', { id: parent, name: 'Options', ...extra }, { cookie: family }), 420);
      }
    });

    it('password albums need a password (101 without)', async () => {
      assertError(await s.call(ALBUM, 'create', { name: 'Locked', type: 'password' }), 101);
      assertError(await s.call(ALBUM, 'create', { name: 'Locked', type: 'password', password: '' }), 101);
      await s.ok(ALBUM, 'create', { name: 'Locked', type: 'password', password: 'sesame' });
      assertError(await s.call(ALBUM, 'list', { id: albumId('Locked'), type: 'album', offset: 0, limit: 1 }, { cookie: null }), 416);
      const open = await s.ok(ALBUM, 'list', { id: albumId('Locked'), type: 'album', offset: 0, limit: 1, password: 'sesame' }, { cookie: null });
      assert.equal(open.total, 0);
    });

    it('type only on levels 1 and 2 (101 deeper); level 2 inherits unless typed', async () => {
      await s.ok(ALBUM, 'create', { name: 'Levels', type: 'private' });
      await s.ok(ALBUM, 'create', { id: albumId('Levels'), name: 'Inherits' });
      await s.ok(ALBUM, 'create', { id: albumId('Levels'), name: 'Own', type: 'public' });
      assertError(await s.call(ALBUM, 'create', { id: albumId('Levels/Own'), name: 'Deep', type: 'public' }), 101);
      await s.ok(ALBUM, 'create', { id: albumId('Levels/Own'), name: 'Deep' });
      const info = await s.ok(ALBUM, 'getinfo', { id: [albumId('Levels/Inherits'), albumId('Levels/Own'), albumId('Levels/Own/Deep')].join(',') });
      assert.deepEqual(info.items.map((i: any) => i.info.type), ['private', 'public', 'public']);
    });

    it('101 for a missing or invalid name, a bad option value or an unknown parent', async () => {
      for (const name of ['', 'a/b', '@eaDir', '.', '..', 'x'.repeat(256), 'tab\tname']) {
        assertError(await s.call(ALBUM, 'create', { name }), 101);
      }
      assertError(await s.call(ALBUM, 'create', {}), 101);
      assertError(await s.call(ALBUM, 'create', { name: 'Bad Type', type: 'secret' }), 101);
      assertError(await s.call(ALBUM, 'create', { name: 'Bad Sort', sort_by: 'colour' }), 101);
      assertError(await s.call(ALBUM, 'create', { name: 'Bad Bool', allow_comment: 'maybe' }), 101);
      assertError(await s.call(ALBUM, 'create', { name: 'Half Watermark', watermark_path: 'a' }), 101);
      assertError(await s.call(ALBUM, 'create', { id: albumId('Nope'), name: 'Orphan' }), 101);
      assertError(await s.call(ALBUM, 'create', { id: photo('Sort', 'a.jpg'), name: 'Orphan' }), 101);
    });

    it('105 for anonymous visitors', async () => {
      assertError(await s.call(ALBUM, 'create', { name: 'Anon' }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'create', { id: albumId('Sort'), name: 'Anon' }, { cookie: null }), 105);
    });
  });

  describe('edit', () => {
    before(async () => {
      await s.ok(ALBUM, 'create', { name: 'Editable', type: 'private' });
      await s.ok(ALBUM, 'create', { id: albumId('Editable'), name: 'Child' });
      await s.ok(ALBUM, 'create', { id: albumId('Editable/Child'), name: 'Grandchild' });
      await s.ok(ALBUM, 'create', { id: albumId('Family'), name: 'Family Owned' }, { cookie: family });
    });

    it('changes title, description, type and password as admin', async () => {
      const id = albumId('Editable');
      assert.deepEqual((await s.call(ALBUM, 'edit', { id, title: 'Edited', description: 'Now described' })).json, { success: true });
      let info = (await s.ok(ALBUM, 'getinfo', { id })).items[0].info;
      assert.deepEqual([info.title, info.description, info.name], ['Edited', 'Now described', 'Editable']);
      await s.ok(ALBUM, 'edit', { id, type: 'public' });
      info = (await s.ok(ALBUM, 'getinfo', { id })).items[0].info;
      assert.deepEqual([info.type, info.allow_embed], ['public', true]);
      // The child inherits the change.
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Editable/Child') }, { cookie: null })).items[0].info.type, 'public');
      assertError(await s.call(ALBUM, 'edit', { id, type: 'password' }), 101);
      await s.ok(ALBUM, 'edit', { id, type: 'password', password: 'pw1' });
      assertError(await s.call(ALBUM, 'getinfo', { id }, { cookie: null }), 416);
      await s.ok(ALBUM, 'getinfo', { id, password: 'pw1' }, { cookie: null });
      // A new password alone replaces the old one.
      await s.ok(ALBUM, 'edit', { id, password: 'pw2' });
      assertError(await s.call(ALBUM, 'getinfo', { id, password: 'pw1' }, { cookie: null }), 416);
      await s.ok(ALBUM, 'getinfo', { id, password: 'pw2' }, { cookie: null });
      await s.ok(ALBUM, 'edit', { id, type: 'private' });
      assertError(await s.call(ALBUM, 'getinfo', { id, password: 'pw2' }, { cookie: null }), 417);
    });

    it('sets and reports sorting options', async () => {
      const id = albumId('Sort');
      await s.ok(ALBUM, 'edit', { id, sort_by: 'takendate', sort_direction: 'desc' });
      const info = await s.ok(ALBUM, 'getinfo', { id, additional: 'album_sorting' });
      assert.deepEqual(info.items[0].additional.album_sorting, { sort_by: 'takendate', sort_direction: 'desc', has_preference_sort: false });
      // The album's own sort is the default order of its listing (spec §5.13).
      const list = await s.ok(ALBUM, 'list', { id, type: 'photo,video', offset: 0, limit: -1 });
      assert.deepEqual(list.items.map((i: any) => i.info.name), ['a.jpg', 'b.jpg', 'c.mp4']);
      await s.ok(ALBUM, 'edit', { id, sort_by: 'default', sort_direction: 'asc' });
    });

    it('setting a type below level 2 → 101', async () => {
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Editable/Child/Grandchild'), type: 'public' }), 101);
      // Level 2 may carry one; inheritParent=true makes it follow its parent again.
      await s.ok(ALBUM, 'edit', { id: albumId('Editable/Child'), type: 'public' });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Editable/Child/Grandchild') }, { cookie: null })).items[0].info.type, 'public');
      await s.ok(ALBUM, 'edit', { id: albumId('Editable/Child'), inheritParent: 'true' });
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Editable/Child/Grandchild') }, { cookie: null }), 417);
    });

    it('420 for title, type, password and other admin fields from a non-admin, 419 without manage right', async () => {
      const own = albumId('Family/By Family');
      // The owner may change the description …
      await s.ok(ALBUM, 'edit', { id: own, description: 'mine' }, { cookie: family });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: own })).items[0].info.description, 'mine');
      // … but not the fields of administrators.
      for (const extra of <Array<Record<string, string>>>[{ title: 'T' }, { type: 'public' }, { password: 'p' }, { type: 'password', password: 'p' },
        { sort_by: 'filename' }, { allow_comment: 'false' }, { conversion: 'false' }]) {
        assertError(await s.call(ALBUM, 'edit', { id: own, ...extra }, { cookie: family }), 420);
      }
      // Family itself: browse and upload, no manage.
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Family'), description: 'x' }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Sort'), description: 'x' }, { cookie: family }), 419);
    });

    it('renames: the id changes with the name, items move along', async () => {
      await s.ok(ALBUM, 'create', { name: 'Rename Me', type: 'public' });
      await s.ok(ALBUM, 'create', { id: albumId('Rename Me'), name: 'Inner' });
      await s.ok(ALBUM, 'edit', { id: albumId('Rename Me'), name: 'Renamed' });
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Rename Me') }), 101);
      const info = (await s.ok(ALBUM, 'getinfo', { id: albumId('Renamed/Inner') })).items[0].info;
      assert.equal(info.sharepath, 'Renamed/Inner');
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Renamed') })).items[0].info.name, 'Renamed');
      // Taken name → 423; invalid name → 101.
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Renamed'), name: 'Sort' }), 423);
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Renamed'), name: 'a/b' }), 101);
      await s.ok(ALBUM, 'getinfo', { id: albumId('Renamed') });
    });

    it('101 for a missing or unknown id, 105 for anonymous visitors', async () => {
      assertError(await s.call(ALBUM, 'edit', { description: 'x' }), 101);
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Nope'), description: 'x' }), 101);
      assertError(await s.call(ALBUM, 'edit', { id: photo('Sort', 'a.jpg'), description: 'x' }), 101);
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Sort'), description: 'x' }, { cookie: null }), 105);
    });
  });

  describe('delete', () => {
    it('deletes albums with their contents; several ids at once', async () => {
      for (const name of ['Del A', 'Del B', 'Del C']) await s.ok(ALBUM, 'create', { name, type: 'public' });
      await s.ok(ALBUM, 'create', { id: albumId('Del A'), name: 'Inner' });
      assert.deepEqual((await s.call(ALBUM, 'delete', { id: albumId('Del A') })).json, { success: true });
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Del A') }), 101);
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Del A/Inner') }), 101);
      await s.ok(ALBUM, 'delete', { id: `${albumId('Del B')},${albumId('Del C')}` });
      const root = titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }));
      assert.ok(!root.includes('Del B') && !root.includes('Del C'));
    });

    it('419 without manage right; albums before the failing one stay deleted (spec §5.14)', async () => {
      await s.ok(ALBUM, 'create', { id: albumId('Family'), name: 'Gone Soon' }, { cookie: family });
      assertError(await s.call(ALBUM, 'delete', { id: `${albumId('Family/Gone Soon')},${albumId('Family')}` }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Family/Gone Soon') }), 101);
      await s.ok(ALBUM, 'getinfo', { id: albumId('Family') });
    });

    it('101 for a missing id or ids that are not album ids; 105 for anonymous visitors', async () => {
      assertError(await s.call(ALBUM, 'delete', {}), 101);
      assertError(await s.call(ALBUM, 'delete', { id: photo('Sort', 'a.jpg') }), 101);
      assertError(await s.call(ALBUM, 'delete', { id: 'album_xyz' }), 101);
      assertError(await s.call(ALBUM, 'delete', { id: albumId('Sort') }, { cookie: null }), 105);
    });
  });

  describe('move', () => {
    before(async () => {
      for (const name of ['Mv Src', 'Mv Dst', 'Mv Twin']) await s.ok(ALBUM, 'create', { name, type: 'public' });
      await s.ok(ALBUM, 'create', { id: albumId('Mv Src'), name: 'Sub' });
      await s.ok(ALBUM, 'create', { id: albumId('Mv Dst'), name: 'Mv Twin', description: 'old twin' });
    });

    it('moves albums into another album and back to the root', async () => {
      assert.deepEqual((await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: albumId('Mv Dst'), duplicate: 'ignore' })).json,
        { success: true });
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Mv Src') }), 101);
      await s.ok(ALBUM, 'getinfo', { id: albumId('Mv Dst/Mv Src/Sub') });
      await s.ok(ALBUM, 'move', { id: albumId('Mv Dst/Mv Src'), sharepath: '', duplicate: 'ignore' });
      await s.ok(ALBUM, 'getinfo', { id: albumId('Mv Src/Sub') });
    });

    it('skips same-named albums unless duplicate=overwrite', async () => {
      const res = await s.call(ALBUM, 'move', { id: albumId('Mv Twin'), sharepath: albumId('Mv Dst'), duplicate: 'ignore' });
      assert.deepEqual(res.json, { success: true, data: { skip: [albumId('Mv Twin')] } });
      await s.ok(ALBUM, 'getinfo', { id: albumId('Mv Twin') });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Mv Dst/Mv Twin') })).items[0].info.description, 'old twin');
      await s.ok(ALBUM, 'move', { id: albumId('Mv Twin'), sharepath: albumId('Mv Dst'), duplicate: 'overwrite' });
      assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Mv Twin') }), 101);
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Mv Dst/Mv Twin') })).items[0].info.description, '');
    });

    it('425 when the destination is the album itself or below it', async () => {
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: albumId('Mv Src'), duplicate: 'ignore' }), 425);
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: albumId('Mv Src/Sub'), duplicate: 'ignore' }), 425);
    });

    it('456 for an invalid destination, 101 for missing parameters or foreign ids', async () => {
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: albumId('Nope'), duplicate: 'ignore' }), 456);
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: photo('Sort', 'a.jpg'), duplicate: 'ignore' }), 456);
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), duplicate: 'ignore' }), 101);
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: '' }), 101);
      assertError(await s.call(ALBUM, 'move', { sharepath: '', duplicate: 'ignore' }), 101);
      assertError(await s.call(ALBUM, 'move', { id: photo('Sort', 'a.jpg'), sharepath: '', duplicate: 'ignore' }), 101);
    });

    it('419 without rights on the destination or the source; 105 for anonymous visitors', async () => {
      await s.ok(ALBUM, 'create', { id: albumId('Family'), name: 'Movable' }, { cookie: family });
      // Owner of the source, but no upload right on the root.
      assertError(await s.call(ALBUM, 'move', { id: albumId('Family/Movable'), sharepath: '', duplicate: 'ignore' }, { cookie: family }), 419);
      // Upload right on Family, but no manage right on Sort.
      assertError(await s.call(ALBUM, 'move', { id: albumId('Sort'), sharepath: albumId('Family'), duplicate: 'ignore' }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'move', { id: albumId('Mv Src'), sharepath: '', duplicate: 'ignore' }, { cookie: null }), 105);
    });

    it('an album that becomes level 1 keeps the type it had (never silently public)', async () => {
      await s.ok(ALBUM, 'create', { name: 'Private Parent', type: 'private' });
      await s.ok(ALBUM, 'create', { id: albumId('Private Parent'), name: 'Child' });
      await s.ok(ALBUM, 'create', { id: albumId('Private Parent/Child'), name: 'Grandchild' });
      await s.ok(ALBUM, 'move', { id: albumId('Private Parent/Child'), sharepath: '', duplicate: 'ignore' });
      await s.ok(ALBUM, 'move', { id: albumId('Child/Grandchild'), sharepath: albumId('Private Parent'), duplicate: 'ignore' });
      const info = await s.ok(ALBUM, 'getinfo', { id: `${albumId('Child')},${albumId('Private Parent/Grandchild')}` });
      assert.deepEqual(info.items.map((i: any) => i.info.type), ['private', 'private']);
      assertError(await s.call(ALBUM, 'list', { id: albumId('Child'), type: 'album', offset: 0, limit: 1 }, { cookie: null }), 417);
      assertError(await s.call(ALBUM, 'list', { id: albumId('Private Parent/Grandchild'), type: 'album', offset: 0, limit: 1 }, { cookie: null }), 417);
    });
  });

  describe('arrangeitem / cleararrangeitem', () => {
    const SORT = albumId('Sort');
    const order = async (params: Record<string, string | number> = {}): Promise<string[]> =>
      ids(await s.ok(ALBUM, 'list', { id: SORT, type: 'album,photo,video', offset: 0, limit: -1, ...params }));

    it('imposes a manual order, reported as the preference sort', async () => {
      const wanted = [video('Sort', 'c.mp4'), photo('Sort', 'a.jpg'), albumId('Sort/Zeta'), photo('Sort', 'b.jpg'), albumId('Sort/Alpha')];
      assert.deepEqual((await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: wanted.join(','), offset: 0, limit: wanted.length })).json,
        { success: true });
      assert.deepEqual(await order({ sort_by: 'preference' }), wanted);
      // It becomes the album's own order.
      assert.deepEqual(await order(), wanted);
      const sorting = (await s.ok(ALBUM, 'getinfo', { id: SORT, additional: 'album_sorting' })).items[0].additional.album_sorting;
      assert.deepEqual(sorting, { sort_by: 'preference', sort_direction: 'asc', has_preference_sort: true });
      // A requested sort still wins.
      assert.deepEqual((await order({ sort_by: 'filename' })).slice(2), [photo('Sort', 'a.jpg'), photo('Sort', 'b.jpg'), video('Sort', 'c.mp4')]);
      // A slice: move b.jpg to the front.
      await s.ok(ALBUM, 'arrangeitem', { id: SORT, item_id: photo('Sort', 'b.jpg'), offset: 0, limit: 1 });
      assert.deepEqual((await order({ sort_by: 'preference' }))[0], photo('Sort', 'b.jpg'));
    });

    it('cleararrangeitem removes the manual order', async () => {
      assert.deepEqual((await s.call(ALBUM, 'cleararrangeitem', { id: SORT })).json, { success: true });
      const sorting = (await s.ok(ALBUM, 'getinfo', { id: SORT, additional: 'album_sorting' })).items[0].additional.album_sorting;
      assert.equal(sorting.has_preference_sort, false);
      assert.notEqual(sorting.sort_by, 'preference');
    });

    it('arranges the root as well', async () => {
      const root = ids(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }));
      const wanted = [root[root.length - 1], ...root.slice(0, -1)];
      await s.ok(ALBUM, 'arrangeitem', { item_id: wanted.join(','), offset: 0, limit: wanted.length });
      assert.deepEqual(ids(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1, sort_by: 'preference' })), wanted);
      await s.ok(ALBUM, 'cleararrangeitem', {});
    });

    it('101 for missing parameters or foreign id types, 419 without manage right, 105 anonymous', async () => {
      const a = photo('Sort', 'a.jpg');
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, offset: 0, limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: a, limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: a, offset: 0 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: 'tag_1', offset: 0, limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: a, offset: 'x', limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: a, item_id: a, offset: 0, limit: 1 }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: a, offset: 0, limit: 1 }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'arrangeitem', { id: SORT, item_id: a, offset: 0, limit: 1 }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'cleararrangeitem', { id: a }), 101);
      assertError(await s.call(ALBUM, 'cleararrangeitem', { id: SORT }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'cleararrangeitem', { id: SORT }, { cookie: null }), 105);
    });
  });

  describe('cancel', () => {
    it('succeeds for mvcp and delete (operations run synchronously, spec §5.14 choice); 101 otherwise', async () => {
      assert.deepEqual((await s.call(ALBUM, 'cancel', { action: 'mvcp', id: albumId('Sort') })).json, { success: true });
      assert.deepEqual((await s.call(ALBUM, 'cancel', { action: 'delete', id: `${albumId('Sort')},${albumId('Many')}` })).json, { success: true });
      assertError(await s.call(ALBUM, 'cancel', { id: albumId('Sort') }), 101);
      assertError(await s.call(ALBUM, 'cancel', { action: 'mvcp' }), 101);
      assertError(await s.call(ALBUM, 'cancel', { action: 'copy', id: albumId('Sort') }), 101);
    });
  });
});

describe('conformance: album mtime (spec §5.13, docs/simulator.md)', () => {
  const s = new Sim();
  const byMtime = async (direction = 'asc'): Promise<string[]> =>
    titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1, sort_by: 'mtime', sort_direction: direction }));
  const tick = (): Promise<unknown> => s.control('POST', 'clock', { advanceMs: 60_000 });

  before(async () => {
    await s.start({ seed: 'empty' });
    await s.control('POST', 'clock', { now: '2030-01-01T00:00:00Z', pinned: true });
    await s.login();
    for (const name of ['A', 'B', 'C']) {
      await s.ok(ALBUM, 'create', { name, type: 'public' });
      await tick();
    }
    await s.ok(ALBUM, 'create', { id: albumId('A'), name: 'Deep' });
    await tick();
    await s.ok(ALBUM, 'create', { id: albumId('A/Deep'), name: 'Deeper' });
    await tick();
  });
  after(() => stopChecked(s));

  it('a new sub-album moves the mtime of every ancestor', async () => {
    assert.deepEqual(await byMtime(), ['B', 'C', 'A']);
    assert.deepEqual(await byMtime('dsc'), ['A', 'C', 'B']);
  });

  it('an edit of the album itself moves its mtime', async () => {
    await s.ok(ALBUM, 'edit', { id: albumId('B'), description: 'changed' });
    await tick();
    assert.deepEqual(await byMtime(), ['C', 'A', 'B']);
  });

  it('a change two levels below moves it', async () => {
    await s.ok(ALBUM, 'edit', { id: albumId('A/Deep/Deeper'), description: 'changed' });
    await tick();
    assert.deepEqual(await byMtime(), ['C', 'B', 'A']);
  });

  it('deleting and moving below it move it; reading does not', async () => {
    await s.ok(ALBUM, 'create', { id: albumId('C'), name: 'Tmp' });
    await tick();
    await s.ok(ALBUM, 'list', { id: albumId('A'), type: 'album', offset: 0, limit: -1 });
    await s.ok(ALBUM, 'getinfo', { id: albumId('B') });
    await tick();
    assert.deepEqual(await byMtime(), ['B', 'A', 'C']);
    await s.ok(ALBUM, 'move', { id: albumId('C/Tmp'), sharepath: albumId('B'), duplicate: 'ignore' });
    await tick();
    // Both the source's and the destination's parents changed (at the same instant: ties go by name).
    assert.deepEqual(await byMtime(), ['A', 'B', 'C']);
    await s.ok(ALBUM, 'delete', { id: albumId('A/Deep/Deeper') });
    const order = await byMtime();
    assert.equal(order[2], 'A');
    assert.deepEqual(order.slice(0, 2).sort(), ['B', 'C']);
  });

  it('sorts items by mtime as well', async () => {
    await s.control('POST', 'fixture', {
      albums: [{ path: 'P', type: 'public' }],
      items: [{ path: 'P/x.jpg', createdate: '2020-01-03 00:00:00' }, { path: 'P/y.jpg', createdate: '2020-01-01 00:00:00' }],
    });
    await s.login();
    const order = async (): Promise<string[]> =>
      (await s.ok(ALBUM, 'list', { id: albumId('P'), type: 'photo', offset: 0, limit: -1, sort_by: 'mtime' })).items.map((i: any) => i.info.name);
    assert.deepEqual(await order(), ['y.jpg', 'x.jpg']);
    await s.ok('SYNO.PhotoStation.Photo', 'edit', { id: photo('P', 'y.jpg'), description: 'touched' });
    assert.deepEqual(await order(), ['x.jpg', 'y.jpg']);
  });
});
