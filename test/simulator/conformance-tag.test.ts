// Conformance of SYNO.PhotoStation.Tag and PhotoTag (spec §3.10, §3.11, §5.11, §5.14) over real HTTP.
import assert from 'node:assert/strict';
import { Sim } from './harness';
import { A, B, C, D, GHOST, P, PHOTO, PHOTO_TAG, S, TAG, assertNoInternalErrors, library, listPhotos, names } from './conformance-helpers';


describe('conformance: Tag and PhotoTag', function () {
  const s = new Sim();
  let admin: string;
  let alice: string;
  let mallory: string;

  const tags = async (type = 'desc,people,geo', extra: Record<string, string | number> = {}, cookie = admin): Promise<any[]> =>
    (await s.ok(TAG, 'list', { type, offset: 0, limit: -1, ...extra }, { cookie })).tags;
  const tagId = async (type: string, name: string): Promise<string> => {
    const tag = (await tags(type, { unconfirm_people_tag: 'true' })).find((t) => t.name === name);
    assert.ok(tag, `tag ${name}`);
    return tag.id;
  };
  const linksOf = async (id: string, type = 'desc,people,geo'): Promise<any[]> =>
    (await s.ok(PHOTO_TAG, 'list', { id, type, additional: 'info' })).tags;
  /** A face-recognition suggestion: the API only creates confirmed people tags, so it is seeded in-process. */
  const suggest = (file: string, tag: string, box = { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }): void => {
    const lib = s.sim.state.standard;
    const item = [...lib.allItems()].find((i) => i.name === file)!;
    lib.addLink(Number(tag.slice('tag_'.length)), item.uid, box, false);
  };

  beforeEach(async () => {
    if (s.sim) await s.stop();
    await s.start({ seed: 'empty', fixture: library() });
    admin = await s.login('admin', 'admin');
    alice = await s.login('alice', 'alice', false);
    mallory = await s.login('mallory', 'mallory', false);
  });
  afterEach(() => assertNoInternalErrors(s));
  after(() => s.stop());

  describe('Tag', () => {
    it('lists by type, sorted by name in both directions, with paging', async () => {
      const all = await s.ok(TAG, 'list', { type: 'desc,people,geo', offset: 0, limit: -1 });
      assert.equal(all.total, 6);
      assert.equal(all.offset, 6);
      assert.deepEqual(all.tags.map((t: any) => t.name), ['Ann', 'Beach', 'Ben', 'Kiel', 'Secret', 'Sunset']);
      for (const t of all.tags) {
        assert.match(t.id, /^tag_\d+$/);
        assert.equal(t.type, 'tag');
        assert.ok(['desc', 'people', 'geo'].includes(t.tag_type));
        assert.deepEqual(Object.keys(t).sort(), ['id', 'name', 'tag_type', 'type']);
      }
      assert.deepEqual((await tags('desc')).map((t) => t.name), ['Beach', 'Secret', 'Sunset']);
      assert.deepEqual((await tags('desc', { sort_direction: 'dsc' })).map((t) => t.name), ['Sunset', 'Secret', 'Beach']);
      assert.deepEqual((await tags('people')).map((t) => [t.name, t.tag_type]), [['Ann', 'people'], ['Ben', 'people']]);
      assert.deepEqual((await tags('geo,people')).map((t) => t.name), ['Ann', 'Ben', 'Kiel']);
      const page = await s.ok(TAG, 'list', { type: 'desc', offset: 1, limit: 1 });
      assert.deepEqual([page.total, page.offset, page.tags.map((t: any) => t.name)], [3, 2, ['Secret']]);
      assert.equal(await s.code(TAG, 'list', { offset: 0, limit: -1 }), 101);
      assert.equal(await s.code(TAG, 'list', { type: 'album', offset: 0, limit: -1 }), 101);
      assert.equal(await s.code(TAG, 'list', { type: 'desc', offset: 'a', limit: -1 }), 101);
    });

    it('lists people tags that are only suggested (unconfirmed) only with unconfirm_people_tag', async () => {
      const carl = (await s.ok(TAG, 'create', { name: 'Carl', type: 'people' })).id;
      suggest('d.jpg', carl);
      // Ann is confirmed on a.jpg and also suggested on d.jpg: still listed.
      suggest('d.jpg', await tagId('people', 'Ann'));
      assert.deepEqual((await tags('people')).map((t) => t.name), ['Ann', 'Ben']);
      assert.deepEqual((await tags('people', { unconfirm_people_tag: 'true' })).map((t) => t.name), ['Ann', 'Ben', 'Carl']);
      assert.deepEqual((await tags('people', { unconfirm_people_tag: 'false' })).map((t) => t.name), ['Ann', 'Ben']);
    });

    it('getinfo answers tags for csv ids; 101 missing id, 437 unknown tag', async () => {
      const beach = await tagId('desc', 'Beach');
      const kiel = await tagId('geo', 'Kiel');
      const data = await s.ok(TAG, 'getinfo', { id: `${beach},${kiel}` });
      assert.deepEqual(data.tags, [
        { id: beach, type: 'tag', tag_type: 'desc', name: 'Beach' },
        { id: kiel, type: 'tag', tag_type: 'geo', name: 'Kiel' },
      ]);
      assert.equal(await s.code(TAG, 'getinfo', {}), 101);
      assert.equal(await s.code(TAG, 'getinfo', { id: 'tag_9999' }), 437);
      assert.equal(await s.code(TAG, 'getinfo', { id: 'Beach' }), 101);
    });

    it('create returns a string id, the existing id for an existing name, and attaches nothing', async () => {
      const created = await s.ok(TAG, 'create', { name: 'Mountains', type: 'desc' });
      assert.equal(typeof created.id, 'string');
      assert.match(created.id, /^tag_\d+$/);
      assert.deepEqual(await s.ok(TAG, 'create', { name: 'Mountains', type: 'desc' }), { id: created.id });
      assert.equal((await s.ok(TAG, 'create', { name: 'Beach', type: 'desc' })).id, await tagId('desc', 'Beach'));
      // Same name, other kind: a different tag.
      const person = await s.ok(TAG, 'create', { name: 'Mountains', type: 'people' });
      assert.notEqual(person.id, created.id);
      // A non-admin user may create tags (logged in); anonymous may not.
      const byAlice = await s.ok(TAG, 'create', { name: 'Lake', type: 'geo', lat: '54.1', lng: '10.2', address: 'Plön' }, { cookie: alice });
      assert.match(byAlice.id, /^tag_\d+$/);
      assert.equal(await s.code(TAG, 'create', { name: 'Nope', type: 'desc' }, { cookie: null }), 105);
      assert.deepEqual((await listPhotos(s, { filter_tag: created.id })).items, []);
      assert.ok((await tags('desc')).some((t) => t.name === 'Mountains'));
      assert.equal(await s.code(TAG, 'create', { type: 'desc' }), 101);
      assert.equal(await s.code(TAG, 'create', { name: 'X' }), 101);
      assert.equal(await s.code(TAG, 'create', { name: 'X', type: 'color' }), 101);
      assert.equal(await s.code(TAG, 'create', { name: 'y'.repeat(100_000), type: 'desc' }), 438);
    });

    it('edit renames (admin only, 440), refuses collisions (441), keeps the kind', async () => {
      const beach = await tagId('desc', 'Beach');
      assert.equal(await s.code(TAG, 'edit', { id: beach, name: 'Strand' }, { cookie: alice }), 440);
      assert.equal(await s.code(TAG, 'edit', { id: beach, name: 'Strand' }, { cookie: null }), 105);
      assert.equal(await s.code(TAG, 'edit', { id: beach, name: 'Sunset' }), 441);
      // The same name in another kind is no collision.
      await s.ok(TAG, 'edit', { id: beach, name: 'Ann', type: 'people' });
      assert.deepEqual((await s.ok(TAG, 'getinfo', { id: beach })).tags[0], { id: beach, type: 'tag', tag_type: 'desc', name: 'Ann' });
      await s.ok(TAG, 'edit', { id: beach, name: 'Strand' });
      assert.deepEqual((await linksOf(A, 'desc')).map((t) => t.name), ['Strand']);
      assert.equal(await s.code(TAG, 'edit', { name: 'x' }), 101);
      assert.equal(await s.code(TAG, 'edit', { id: 'tag_9999', name: 'x' }), 439);
    });

    it('delete removes tags and their links (admin only, 440)', async () => {
      const beach = await tagId('desc', 'Beach');
      const sunset = await tagId('desc', 'Sunset');
      assert.equal(await s.code(TAG, 'delete', { id: beach }, { cookie: alice }), 440);
      await s.ok(TAG, 'delete', { id: `${beach},${sunset}` });
      assert.deepEqual((await tags('desc')).map((t) => t.name), ['Secret']);
      assert.deepEqual(await linksOf(A, 'desc'), []);
      assert.deepEqual(await linksOf(C, 'desc'), []);
      assert.equal(await s.code(TAG, 'delete', {}), 101);
    });

    it('delete_unconfirmed_tag drops every suggestion and keeps confirmed links (admin only)', async () => {
      const ann = await tagId('people', 'Ann');
      const carl = (await s.ok(TAG, 'create', { name: 'Carl', type: 'people' })).id;
      suggest('d.jpg', carl);
      suggest('d.jpg', ann);
      assert.equal(await s.code(TAG, 'delete_unconfirmed_tag', {}, { cookie: alice }), 440);
      await s.ok(TAG, 'delete_unconfirmed_tag', {});
      assert.deepEqual(await linksOf(D), []);
      assert.deepEqual((await linksOf(A, 'people')).map((t) => t.name), ['Ann']);
      assert.deepEqual((await tags('people', { unconfirm_people_tag: 'true' })).map((t) => t.name), ['Ann', 'Ben']);
      assert.deepEqual((await listPhotos(s, { filter_tag: 'tag_unconfirm' })).items, []);
    });
  });

  describe('PhotoTag', () => {
    it('list: one id gives a flat array, several ids give photoId groups; type filter; additional=info', async () => {
      const flat = await linksOf(A);
      assert.deepEqual(flat.map((t) => [t.name, t.type]).sort(), [['Ann', 'people'], ['Beach', 'desc'], ['Kiel', 'geo']]);
      for (const t of flat) {
        assert.match(t.id, /^tag_\d+$/);
        assert.match(t.item_tag_id, /^item_tag_\d+$/);
        assert.ok(t.additional && typeof t.additional.info === 'object');
      }
      const plain = (await s.ok(PHOTO_TAG, 'list', { id: A, type: 'desc' })).tags;
      assert.deepEqual(plain, [{ id: await tagId('desc', 'Beach'), item_tag_id: plain[0].item_tag_id, type: 'desc', name: 'Beach' }]);
      const grouped = (await s.ok(PHOTO_TAG, 'list', { id: `${A},${D},${C}`, type: 'desc' })).tags;
      assert.deepEqual(grouped.map((g: any) => g.photoId), [A, D, C]);
      assert.deepEqual(grouped.map((g: any) => g.tags.map((t: any) => t.name)), [['Beach'], [], ['Beach']]);
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: A }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'list', { type: 'desc' }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: GHOST, type: 'desc' }), 469);
    });

    it('list needs browse right on the item (password albums with their password)', async () => {
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: P, type: 'desc' }, { cookie: mallory }), 466);
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: P, type: 'desc' }, { cookie: null }), 466);
      assert.deepEqual((await s.ok(PHOTO_TAG, 'list', { id: P, type: 'desc' }, { cookie: alice })).tags.map((t: any) => t.name), ['Secret']);
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: S, type: 'desc' }, { cookie: null }), 466);
      assert.deepEqual((await s.ok(PHOTO_TAG, 'list', { id: S, type: 'desc', password: 'pw' }, { cookie: null })).tags, []);
      // Having unlocked a password album does not open private albums.
      const visitor = await s.login('mallory', 'mallory', false);
      await s.ok(PHOTO_TAG, 'list', { id: S, type: 'desc', password: 'pw' }, { cookie: visitor });
      assert.equal(await s.code(PHOTO_TAG, 'list', { id: P, type: 'desc' }, { cookie: visitor }), 466);
    });

    it('desc_tag/geo_tag attach tags and answer item_tag_ids; 468 only when every item already has them', async () => {
      const sunset = await tagId('desc', 'Sunset');
      const kiel = await tagId('geo', 'Kiel');
      const added = await s.ok(PHOTO_TAG, 'desc_tag', { id: `${A},${D}`, tag_id: sunset });
      assert.equal(added.item_tag_ids.length, 2);
      for (const id of added.item_tag_ids) assert.match(id, /^item_tag_\d+$/);
      assert.ok((await linksOf(D)).some((t) => t.item_tag_id === added.item_tag_ids[1] && t.name === 'Sunset'));
      // b.jpg has Sunset already, c.mp4 does not: partial success with one new link.
      const partial = await s.ok(PHOTO_TAG, 'desc_tag', { id: `${B},${C}`, tag_id: sunset });
      assert.equal(partial.item_tag_ids.length, 1);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: `${A},${B}`, tag_id: sunset }), 468);
      const geo = await s.ok(PHOTO_TAG, 'geo_tag', { id: D, tag_id: kiel });
      assert.equal(geo.item_tag_ids.length, 1);
      assert.deepEqual((await linksOf(D, 'geo')).map((t) => t.name), ['Kiel']);
      assert.equal(await s.code(PHOTO_TAG, 'geo_tag', { id: D, tag_id: kiel }), 468);
      // A geo tag's own ("blue pin") coordinates come back in additional.info.
      const lake = (await s.ok(TAG, 'create', { name: 'Lake', type: 'geo', lat: '54.1', lng: '10.2', address: 'Plön' })).id;
      await s.ok(PHOTO_TAG, 'geo_tag', { id: B, tag_id: lake });
      const info = (await linksOf(B, 'geo'))[0].additional.info;
      assert.deepEqual([String(info.lat), String(info.lng), info.address], ['54.1', '10.2', 'Plön']);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: D, tag_id: 'tag_9999' }), 467);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: D }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { tag_id: sunset }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: GHOST, tag_id: sunset }), 469);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: D, tag_id: sunset }, { cookie: mallory }), 466);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: P, tag_id: sunset }, { cookie: alice }), 466);
      assert.equal(await s.code(PHOTO_TAG, 'desc_tag', { id: D, tag_id: sunset }, { cookie: null }), 105);
      // The new link is searchable.
      assert.deepEqual(names((await listPhotos(s, { filter_tag: sunset })).items), ['Pub/c.mp4', 'Pub/a.jpg', 'Pub/b.jpg', 'Pub/Sub/d.jpg']);
    });

    it('people_tag stores a face box; 101 for a video, 471 for a non-people tag, 468 twice', async () => {
      const ben = await tagId('people', 'Ben');
      const res = await s.ok(PHOTO_TAG, 'people_tag', { id: D, tag_id: ben, x: 0.25, y: 0.5, width: 0.125, height: 0.0625 });
      assert.equal(res.item_tag_ids.length, 1);
      const link = (await linksOf(D, 'people'))[0];
      assert.deepEqual(link, {
        id: ben, item_tag_id: res.item_tag_ids[0], type: 'people', name: 'Ben',
        additional: { info: { x: 0.25, y: 0.5, width: 0.125, height: 0.0625 } },
      });
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: D, tag_id: ben, x: 0, y: 0, width: 1, height: 1 }), 468);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: C, tag_id: ben, x: 0, y: 0, width: 1, height: 1 }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: B, tag_id: await tagId('desc', 'Beach'), x: 0, y: 0, width: 1, height: 1 }), 471);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: B, tag_id: 'tag_9999', x: 0, y: 0, width: 1, height: 1 }), 467);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: B, tag_id: ben, x: 0, y: 0, width: 1 }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: B, tag_id: ben, x: 'left', y: 0, width: 1, height: 1 }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: GHOST, tag_id: ben, x: 0, y: 0, width: 1, height: 1 }), 469);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag', { id: D, tag_id: ben, x: 0, y: 0, width: 1, height: 1 }, { cookie: mallory }), 466);
    });

    it('people_tag_confirm confirms or rejects a suggestion; 473 without one, 467 unknown tag', async () => {
      const carl = (await s.ok(TAG, 'create', { name: 'Carl', type: 'people' })).id;
      const dora = (await s.ok(TAG, 'create', { name: 'Dora', type: 'people' })).id;
      suggest('d.jpg', carl);
      suggest('b.jpg', dora);
      assert.deepEqual(names((await listPhotos(s, { filter_tag: 'tag_unconfirm' })).items), ['Pub/b.jpg', 'Pub/Sub/d.jpg']);
      // A suggestion is not yet a match for the tag itself.
      assert.deepEqual((await listPhotos(s, { filter_tag: carl })).items, []);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: D, tag_id: carl, confirm: 'true' }, { cookie: mallory }), 466);
      await s.ok(PHOTO_TAG, 'people_tag_confirm', { id: D, tag_id: carl, confirm: 'true' });
      assert.deepEqual(names((await listPhotos(s, { filter_tag: carl })).items), ['Pub/Sub/d.jpg']);
      assert.deepEqual((await tags('people')).map((t) => t.name), ['Ann', 'Ben', 'Carl']);
      await s.ok(PHOTO_TAG, 'people_tag_confirm', { id: B, tag_id: dora, confirm: 'false' });
      assert.deepEqual((await linksOf(B, 'people')).map((t) => t.name), ['Ben']);
      assert.deepEqual((await listPhotos(s, { filter_tag: 'tag_unconfirm' })).items, []);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: B, tag_id: dora, confirm: 'true' }), 467);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: A, tag_id: carl, confirm: 'true' }), 473);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: A, tag_id: carl }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: A, tag_id: carl, confirm: 'maybe' }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'people_tag_confirm', { id: GHOST, tag_id: carl, confirm: 'true' }), 469);
    });

    it('delete by tag_id and by item_tag_id; the last link deletes the tag', async () => {
      const beach = await tagId('desc', 'Beach');
      const kiel = await tagId('geo', 'Kiel');
      await s.ok(PHOTO_TAG, 'delete', { id: A, tag_id: beach });
      assert.deepEqual(await linksOf(A, 'desc'), []);
      assert.ok((await tags('desc')).some((t) => t.name === 'Beach'), 'Beach is still on c.mp4');
      const [link] = await linksOf(C, 'desc');
      await s.ok(PHOTO_TAG, 'delete', { id: C, item_tag_id: link.item_tag_id });
      assert.ok(!(await tags('desc')).some((t) => t.name === 'Beach'), 'Beach lost its last link');
      assert.equal(await s.code(TAG, 'getinfo', { id: beach }), 437);
      // An item_tag_id of another item is not removed through this item.
      const [geo] = await linksOf(A, 'geo');
      await s.ok(PHOTO_TAG, 'delete', { id: B, item_tag_id: geo.item_tag_id });
      assert.deepEqual((await linksOf(A, 'geo')).map((t) => t.id), [kiel]);
      assert.equal(await s.code(PHOTO_TAG, 'delete', { id: A }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'delete', { tag_id: kiel }), 101);
      assert.equal(await s.code(PHOTO_TAG, 'delete', { id: A, tag_id: kiel }, { cookie: mallory }), 466);
      assert.equal(await s.code(PHOTO_TAG, 'delete', { id: GHOST, tag_id: kiel }), 469);
      assert.equal(await s.code(PHOTO_TAG, 'delete', { id: A, item_tag_id: 'tag_1' }), 101);
    });

    it('survives malformed ids and huge values', async () => {
      for (const method of ['list', 'desc_tag', 'geo_tag', 'people_tag', 'people_tag_confirm', 'delete']) {
        for (const id of ['photo_', '__proto__', 'x'.repeat(100_000), `photo_2f_${'0'.repeat(4)}`]) {
          const res = await s.call(PHOTO_TAG, method, {
            id, type: 'desc', tag_id: 'tag_99999999999999999999', item_tag_id: 'item_tag_1e99', x: 'NaN', y: 1e308, width: -1, height: 2, confirm: 'true',
          });
          assert.equal(res.status, 200);
          assert.equal(res.json!.success, false);
        }
      }
      for (const method of ['list', 'getinfo', 'create', 'edit', 'delete']) {
        const res = await s.call(TAG, method, { id: 'tag_99999999999999999999', type: 'desc,__proto__', name: '\u0000', offset: 0, limit: 1e20 });
        assert.equal(res.status, 200);
        assert.equal(typeof res.json!.success, 'boolean');
      }
      assert.ok((await s.ok(PHOTO, 'getinfo', { id: A })).length === 1);
    });
  });
});
