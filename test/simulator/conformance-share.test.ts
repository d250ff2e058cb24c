// Conformance of shared albums and public share links (spec §3.0.4, §3.5, §3.6, §3.9, §5.8, §5.9, §8 G16/G17),
// over raw HTTP against a simulator started by this suite.
import assert from 'node:assert/strict';
import { albumId, itemId, request, Sim } from './harness';

const SA = 'SYNO.PhotoStation.SharedAlbum';
const AS = 'SYNO.PhotoStation.AdvancedShare';
const PHOTO = 'SYNO.PhotoStation.Photo';
const THUMB = 'SYNO.PhotoStation.Thumb';
const ALBUM = 'SYNO.PhotoStation.Album';
const ANON = { cookie: null } as const;

describe('simulator conformance: shared albums and public links', () => {
  const s = new Sim();
  let admin = '';
  let family = '';
  let bob = '';
  const as = (sid: string) => ({ cookie: sid });

  /** Every item of a public album, in file-name order. */
  async function itemsOf(path: string): Promise<string[]> {
    const data = await s.ok(PHOTO, 'list', {
      filter_album: albumId(path), type: 'photo,video', offset: 0, limit: -1, sort_by: 'filename',
    }, as(admin));
    return data.items.map((i: any) => i.id);
  }

  async function sharedList(sid: string, additional = 'public_share'): Promise<any> {
    return s.ok(SA, 'list', { offset: 0, limit: -1, additional }, as(sid));
  }

  async function create(sid: string, name: string): Promise<number> {
    const data = await s.ok(SA, 'create', { name }, as(sid));
    assert.equal(typeof data.id, 'number');
    return data.id;
  }

  async function pinClock(iso: string): Promise<void> {
    const res = await s.control('POST', 'clock', { now: iso, pinned: true });
    assert.equal(res.now, new Date(iso).toISOString());
  }

  before(async () => {
    await s.start({ seed: 'demo' });
    // The share window tests move the clock by days; sessions must survive that.
    await s.control('POST', 'config', { idleTimeoutMs: 10 * 365 * 86_400_000 });
    await s.control('POST', 'users', { name: 'bob', password: 'bob' });
    admin = await s.login('admin', 'admin', false);
    family = await s.login('family', 'family', false);
    bob = await s.login('bob', 'bob', false);
  });
  after(() => s.stop());

  describe('create / list / getinfo / edit / delete', () => {
    it('create returns an integer id; a duplicate name of the same owner is 553, of another owner fine', async () => {
      const id = await create(family, 'Trip');
      assert.ok(Number.isInteger(id) && id > 0);
      assert.equal(await s.code(SA, 'create', { name: 'Trip' }, as(family)), 553);
      const other = await create(bob, 'Trip');
      assert.notEqual(other, id);
      assert.equal(await s.code(SA, 'create', {}, as(family)), 552);
      assert.equal(await s.code(SA, 'create', { name: 'Anon' }, ANON), 105);
    });

    it('create with item_id adds each item once and only items the caller may browse', async () => {
      const [a, b] = await itemsOf('Pets');
      const id = (await s.ok(SA, 'create', { name: 'With items', item_id: `${a},${b},${a}` }, as(family))).id;
      const data = await s.ok(PHOTO, 'list', {
        filter_shared_album: id, type: 'photo,video', offset: 0, limit: -1, sort_by: 'filename',
      }, as(family));
      assert.deepEqual(data.items.map((i: any) => i.id), [a, b]);
      const [secret] = await itemsOf('Christmas 2025');
      assert.equal(await s.code(SA, 'create', { name: 'Sneaky', item_id: secret }, as(bob)), 551);
      assert.ok(!(await sharedList(bob)).items.some((i: any) => i.name === 'Sneaky'), 'a refused create leaves nothing behind');
      await s.ok(SA, 'delete', { id }, as(family));
    });

    it('list with additional=public_share: owners see their own, admins all, others nothing', async () => {
      const mine = await sharedList(family);
      assert.deepEqual(mine.items.map((i: any) => i.name), ['Trip']);
      assert.equal(mine.total, 1);
      assert.equal(mine.offset, 1);
      const trip = mine.items[0];
      assert.equal(typeof trip.id, 'number');
      assert.equal(trip.public_share_url, '');
      assert.equal(trip.additional.public_share.share_status, 'invalid');
      assert.equal(trip.additional.public_share.shareid, '');
      assert.deepEqual(trip.additional.public_share.advanced_info, {
        enable_marquee_tool: false, enable_comment: false, enable_color_label: false,
        color_label_1: 'red', color_label_2: 'yellow', color_label_3: 'green', color_label_4: '',
        color_label_5: 'blue', color_label_6: 'purple',
      });

      const all = await sharedList(admin);
      const names = all.items.map((i: any) => i.name).sort();
      assert.deepEqual(names, ['Party 2026 highlights', 'Trip', 'Trip']);
      const party = all.items.find((i: any) => i.name === 'Party 2026 highlights');
      assert.equal(party.additional.public_share.shareid, 'demoParty2026');
      assert.equal(party.additional.public_share.share_status, 'valid');
      assert.equal(party.public_share_url, `${s.sim.origin}/photo/share/demoParty2026`);
      assert.equal(party.additional.public_share.public_share_url, party.public_share_url);

      const bobs = await sharedList(bob);
      assert.deepEqual(bobs.items.map((i: any) => i.name), ['Trip']);
      assert.equal(await s.code(SA, 'list', { offset: 0, limit: -1 }, ANON), 105);

      const plain = await sharedList(family, '');
      assert.equal(plain.items[0].additional, null);
      const paged = await s.ok(SA, 'list', { offset: 1, limit: 1 }, as(admin));
      assert.equal(paged.total, 3);
      assert.equal(paged.offset, 2);
      assert.equal(paged.items.length, 1);
    });

    it('getinfo answers shared_albums[] with one item; 551 for others, 555 unknown, 552 malformed', async () => {
      const [trip] = (await sharedList(family)).items;
      const data = await s.ok(SA, 'getinfo', { id: trip.id, additional: 'public_share' }, as(family));
      assert.equal(data.shared_albums.length, 1);
      assert.equal(data.shared_albums[0].id, trip.id);
      assert.equal(data.shared_albums[0].name, 'Trip');
      assert.equal(data.shared_albums[0].additional.public_share.share_status, 'invalid');
      assert.equal((await s.ok(SA, 'getinfo', { id: trip.id }, as(admin))).shared_albums[0].name, 'Trip');
      assert.equal(await s.code(SA, 'getinfo', { id: trip.id }, as(bob)), 551);
      assert.equal(await s.code(SA, 'getinfo', { id: 9999 }, as(family)), 555);
      assert.equal(await s.code(SA, 'getinfo', { id: 'abc' }, as(family)), 552);
    });

    it('edit renames; a name the owner already uses is 553; 551 for others; 555 unknown', async () => {
      const id = await create(family, 'Draft');
      await s.ok(SA, 'edit', { id, name: 'Final' }, as(family));
      assert.deepEqual((await sharedList(family)).items.map((i: any) => i.name).sort(), ['Final', 'Trip']);
      assert.equal(await s.code(SA, 'edit', { id, name: 'Trip' }, as(family)), 553);
      assert.equal(await s.code(SA, 'edit', { id, name: 'Mine now' }, as(bob)), 551);
      assert.equal(await s.code(SA, 'edit', { id: 9999, name: 'x' }, as(family)), 555);
      // Renaming to its own name is a no-op success; admins may rename anyone's.
      await s.ok(SA, 'edit', { id, name: 'Final' }, as(family));
      await s.ok(SA, 'edit', { id, name: 'Final!' }, as(admin));
      assert.equal((await s.ok(SA, 'getinfo', { id }, as(family))).shared_albums[0].name, 'Final!');
    });

    it('delete removes the shared album but not its photos; 551 for others; 555 afterwards', async () => {
      const [pet] = await itemsOf('Pets');
      const id = await create(family, 'To delete');
      await s.ok(SA, 'add_items', { id, item_id: pet }, as(family));
      assert.equal(await s.code(SA, 'delete', { id }, as(bob)), 551);
      await s.ok(SA, 'delete', { id }, as(family));
      assert.ok(!(await sharedList(family)).items.some((i: any) => i.id === id));
      assert.equal(await s.code(SA, 'getinfo', { id }, as(family)), 555);
      assert.equal(await s.code(SA, 'delete', { id }, as(family)), 555);
      const still = await s.ok(PHOTO, 'getinfo', { id: pet }, as(admin));
      assert.equal(still[0].id, pet);
    });
  });

  describe('add_items / remove_items and references that follow items', () => {
    let shared = 0;
    const contents = async (sid = family): Promise<string[]> => {
      const data = await s.ok(PHOTO, 'list', {
        filter_shared_album: shared, type: 'photo,video', offset: 0, limit: -1, sort_by: 'filename',
      }, as(sid));
      assert.equal(data.total, data.items.length);
      return data.items.map((i: any) => i.id);
    };

    before(async () => {
      shared = await create(family, 'Refs');
    });

    it('adds items, treats duplicates as a no-op and removes them again', async () => {
      const pets = await itemsOf('Pets');
      await s.ok(SA, 'add_items', { id: shared, item_id: `${pets[0]},${pets[1]}` }, as(family));
      await s.ok(SA, 'add_items', { id: shared, item_id: `${pets[1]},${pets[0]}` }, as(family));
      assert.deepEqual(await contents(), [pets[0], pets[1]]);
      await s.ok(SA, 'add_items', { id: shared, item_id: pets[2] }, as(family));
      assert.deepEqual(await contents(), [pets[0], pets[1], pets[2]]);
      await s.ok(SA, 'remove_items', { id: shared, item_id: pets[1] }, as(family));
      assert.deepEqual(await contents(), [pets[0], pets[2]]);
      // Removing what is not there is harmless too.
      await s.ok(SA, 'remove_items', { id: shared, item_id: pets[1] }, as(family));
      assert.deepEqual(await contents(), [pets[0], pets[2]]);
    });

    it('answers 555 for an unknown shared album, 552 without item ids, 551 for other users', async () => {
      const [pet] = await itemsOf('Pets');
      assert.equal(await s.code(SA, 'add_items', { id: 9999, item_id: pet }, as(family)), 555);
      assert.equal(await s.code(SA, 'remove_items', { id: 9999, item_id: pet }, as(family)), 555);
      assert.equal(await s.code(SA, 'add_items', { id: shared }, as(family)), 552);
      assert.equal(await s.code(SA, 'add_items', { id: shared, item_id: 'album_4142' }, as(family)), 552);
      assert.equal(await s.code(SA, 'add_items', { id: shared, item_id: pet }, as(bob)), 551);
      assert.equal(await s.code(SA, 'remove_items', { id: shared, item_id: pet }, as(bob)), 551);
      assert.equal(await s.code(PHOTO, 'list', {
        filter_shared_album: shared, type: 'photo,video', offset: 0, limit: -1,
      }, as(bob)), 551);
    });

    it('refuses items the caller cannot browse (551)', async () => {
      // Christmas 2025 is private and granted to nobody: bob cannot see it.
      const mine = await create(bob, 'Peek');
      const [secret] = await itemsOf('Christmas 2025');
      assert.equal(await s.code(SA, 'add_items', { id: mine, item_id: secret }, as(bob)), 551);
    });

    it('a reference follows its item when the item is moved with Photo copy mode=move', async () => {
      const [, , garden] = await itemsOf('Garden');
      await s.ok(SA, 'add_items', { id: shared, item_id: garden }, as(family));
      const name = Buffer.from(garden.split('_')[2], 'hex').toString('utf8');
      await s.ok(PHOTO, 'copy', { id: garden, sharepath: albumId('Sports'), mode: 'move', duplicate: 'ignore' }, as(admin));
      const moved = itemId('photo', 'Sports', name);
      const ids = await contents();
      assert.ok(ids.includes(moved), `${moved} in ${ids.join(',')}`);
      assert.ok(!ids.includes(garden));
    });

    it('references follow a rename of the album (Album edit name) and vanish when the item is deleted', async () => {
      await s.ok(ALBUM, 'create', { id: '', name: 'ShareSrc', type: 'public' }, as(admin));
      const sports = await itemsOf('Sports');
      await s.ok(PHOTO, 'copy', { id: sports[0], sharepath: albumId('ShareSrc'), mode: 'copy', duplicate: 'rename' }, as(admin));
      const [copied] = await itemsOf('ShareSrc');
      await s.ok(SA, 'add_items', { id: shared, item_id: copied }, as(family));
      assert.ok((await contents()).includes(copied));
      await s.ok(ALBUM, 'edit', { id: albumId('ShareSrc'), name: 'ShareDst' }, as(admin));
      const renamed = copied.replace(Buffer.from('ShareSrc').toString('hex'), Buffer.from('ShareDst').toString('hex'));
      const after = await contents();
      assert.ok(after.includes(renamed), `${renamed} in ${after.join(',')}`);
      assert.ok(!after.includes(copied));
      const before = after.length;
      await s.ok(PHOTO, 'delete', { id: renamed }, as(admin));
      const gone = await contents();
      assert.equal(gone.length, before - 1);
      assert.ok(!gone.includes(renamed));
    });

    it('Photo list filter_shared_album adds public_share_url per item once the album is public', async () => {
      const before = await s.ok(PHOTO, 'list', {
        filter_shared_album: shared, type: 'photo,video', offset: 0, limit: -1,
      }, as(family));
      assert.ok(before.items.length > 0);
      for (const item of before.items) assert.equal(item.public_share_url, '');
      const { shareid } = await s.ok(SA, 'edit_public_share', { id: shared, is_shared: true }, as(family));
      const data = await s.ok(PHOTO, 'list', {
        filter_shared_album: shared, type: 'photo,video', offset: 0, limit: -1, additional: 'photo_exif',
      }, as(family));
      for (const item of data.items) {
        assert.ok(item.public_share_url.startsWith(`${s.sim.origin}/photo/share/${shareid}`), item.public_share_url);
        assert.ok(item.public_share_url.includes(item.id));
        assert.equal(typeof item.pos, 'number');
      }
      const videosOnly = await s.ok(PHOTO, 'list', {
        filter_shared_album: shared, type: 'video', offset: 0, limit: -1,
      }, as(family));
      assert.ok(videosOnly.items.every((i: any) => i.type === 'video'));
      await s.ok(SA, 'edit_public_share', { id: shared, is_shared: false }, as(family));
    });
  });

  describe('edit_public_share, share_status and visitors', () => {
    let shared = 0;
    let shareid = '';
    let items: string[] = [];
    const visitorList = (extra: Record<string, string | number | boolean> = {}) => s.call(PHOTO, 'list', {
      filter_public_share: shareid, type: 'photo,video', offset: 0, limit: -1, color_label: '0,1,2,3,4,5,6', ...extra,
    }, ANON);
    const status = async (): Promise<string> =>
      (await s.ok(SA, 'getinfo', { id: shared, additional: 'public_share' }, as(family)))
        .shared_albums[0].additional.public_share.share_status;
    const page = (id = shareid, query = ''): Promise<{ status: number; body: Buffer }> =>
      request(`${s.sim.origin}/photo/share/${id}${query}`);

    before(async () => {
      await pinClock('2026-06-15T12:00:00Z');
      shared = await create(family, 'Garden party');
      items = (await itemsOf('Nature')).slice(0, 3);
      await s.ok(SA, 'add_items', { id: shared, item_id: items.join(',') }, as(family));
    });
    after(() => s.control('POST', 'clock', { real: true }));

    it('needs the allow_public_share user flag (551) and returns shareid and /photo/share/<shareid>', async () => {
      const bobs = await create(bob, 'Not allowed');
      assert.equal(await s.code(SA, 'edit_public_share', { id: bobs, is_shared: true }, as(bob)), 551);
      // Settings other than publishing do not need the flag.
      await s.ok(SA, 'edit_public_share', { id: bobs, enable_comment: true }, as(bob));
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: true }, as(bob)), 551);
      assert.equal(await s.code(SA, 'edit_public_share', { id: 9999, is_shared: true }, as(family)), 555);
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: 'maybe' }, as(family)), 552);
      // A refused edit changes nothing, even the attributes that came before the bad one.
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: true, end_time: '2026-02-31' }, as(family)), 552);
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: true, start_time: 'soon' }, as(family)), 552);
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: true, enable_password: true }, as(family)), 552);
      assert.equal(await status(), 'invalid');
      const untouched = (await s.ok(SA, 'getinfo', { id: shared, additional: 'public_share' }, as(family)))
        .shared_albums[0].additional.public_share;
      assert.equal(untouched.shareid, '');
      assert.equal(untouched.enable_password, false);
      assert.equal(untouched.end_time, '');
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, is_shared: true }, ANON), 105);

      const data = await s.ok(SA, 'edit_public_share', { id: shared, is_shared: true }, as(family));
      assert.equal(typeof data.shareid, 'string');
      assert.match(data.shareid, /^[A-Za-z0-9_-]{4,}$/);
      assert.equal(data.public_share_url, `${s.sim.origin}/photo/share/${data.shareid}`);
      shareid = data.shareid;
      assert.equal(await status(), 'valid');
      const listed = (await sharedList(family)).items.find((i: any) => i.id === shared);
      assert.equal(listed.public_share_url, data.public_share_url);
      assert.equal(listed.additional.public_share.shareid, shareid);
      // Publishing again keeps the link.
      assert.equal((await s.ok(SA, 'edit_public_share', { id: shared, is_shared: true }, as(family))).shareid, shareid);
    });

    it('getinfo_public answers shared_album without a login', async () => {
      const data = await s.ok(SA, 'getinfo_public', { public_share_id: shareid }, ANON);
      assert.equal(data.shared_album.id, shared);
      assert.equal(data.shared_album.name, 'Garden party');
      assert.equal(data.shared_album.additional.public_share.shareid, shareid);
      assert.equal(data.shared_album.additional.public_share.share_status, 'valid');
      assert.equal(await s.code(SA, 'getinfo_public', { public_share_id: 'nope' }, ANON), 555);
      assert.equal(await s.code(SA, 'getinfo_public', {}, ANON), 552);
    });

    it('sets advanced flags and colour labels; absent attributes stay unchanged', async () => {
      await s.ok(SA, 'edit_public_share', {
        id: shared, is_advanced: true, enable_marquee_tool: true, enable_comment: true, enable_color_label: true,
        color_label_1: 'keep', color_label_2: 'maybe', color_label_3: '', color_label_4: 'print',
        start_time: '2026-06-01', end_time: '2026-06-30',
      }, as(family));
      await s.ok(SA, 'edit_public_share', { id: shared, color_label_6: 'violet' }, as(family));
      await s.ok(SA, 'edit_public_share', { id: shared }, as(family));
      const ps = (await s.ok(SA, 'getinfo', { id: shared, additional: 'public_share' }, as(family)))
        .shared_albums[0].additional.public_share;
      assert.equal(ps.shareid, shareid);
      assert.equal(ps.start_time, '2026-06-01');
      assert.equal(ps.end_time, '2026-06-30');
      assert.equal(ps.share_status, 'valid');
      assert.deepEqual(ps.advanced_info, {
        enable_marquee_tool: true, enable_comment: true, enable_color_label: true,
        color_label_1: 'keep', color_label_2: 'maybe', color_label_3: '', color_label_4: 'print',
        color_label_5: 'blue', color_label_6: 'violet',
      });
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, end_time: '30.06.2026' }, as(family)), 552);
      assert.equal((await s.ok(SA, 'getinfo', { id: shared, additional: 'public_share' }, as(family)))
        .shared_albums[0].additional.public_share.end_time, '2026-06-30');
    });

    it('lets visitors list, read and fetch thumbnails of shared items without a login', async () => {
      const list = await visitorList();
      assert.equal(list.json?.success, true, list.body.toString());
      const data = list.json!.data as any;
      assert.equal(data.total, 3);
      assert.deepEqual(data.items.map((i: any) => i.id).sort(), [...items].sort());
      for (const item of data.items) assert.equal(item.info.color_label, 0);

      const info = await s.call(PHOTO, 'getinfo', { id: items[0], public_share_id: shareid }, ANON);
      assert.equal(info.json?.success, true);
      assert.equal((info.json!.data as any[])[0].id, items[0]);
      const outside = (await itemsOf('Nature'))[5];
      assert.equal(await s.code(PHOTO, 'getinfo', { id: outside, public_share_id: shareid }, ANON), 457);

      const thumb = await s.call(THUMB, 'get', { id: items[1], size: 'small', public_share_id: shareid }, { ...ANON, get: true });
      assert.equal(thumb.status, 200);
      assert.equal(thumb.headers['content-type'], 'image/jpeg');
      assert.equal(thumb.body[0], 0xff);
      assert.equal(thumb.body[1], 0xd8);
      assert.equal(await s.code(THUMB, 'get', { id: outside, public_share_id: shareid }, ANON), 502);
      assert.equal(await s.code(THUMB, 'get', { id: items[1], public_share_id: 'nope' }, ANON), 502);
      assert.equal(await s.code(PHOTO, 'list', {
        filter_public_share: 'nope', type: 'photo', offset: 0, limit: -1,
      }, ANON), 457);
    });

    it('serves the guest page while valid and 404 for an unknown link', async () => {
      const ok = await page();
      assert.equal(ok.status, 200);
      const html = ok.body.toString('utf8');
      assert.ok(html.includes('Garden party'));
      for (const id of items) assert.ok(html.includes(`data-id="${id}"`), id);
      assert.equal((await page('unknownShare')).status, 404);
      // Never-published shared albums have no share id: an empty or malformed one is no link either.
      assert.equal((await page('')).status, 404);
      assert.equal((await page('%E0%A4%A')).status, 404);
      assert.equal((await request(`${s.sim.origin}/photo/share/${shareid}/extra`)).status, 200);
    });

    it('AdvancedShare: colour labels, comments and the log', async () => {
      await s.ok(AS, 'set_color_label', { public_share_id: shareid, item_id: items[0], color_label: 1, name: 'Guest' }, ANON);
      await s.ok(AS, 'set_color_label', { public_share_id: shareid, item_id: items[2], color_label: 5 }, ANON);
      assert.equal(await s.code(AS, 'set_color_label', { public_share_id: shareid, item_id: items[1], color_label: 7 }, ANON), 552);
      const labelled = (await visitorList()).json!.data as any;
      const label = (id: string): number => labelled.items.find((i: any) => i.id === id).info.color_label;
      assert.equal(label(items[0]), 1);
      assert.equal(label(items[1]), 0);
      assert.equal(label(items[2]), 5);
      const reds = (await visitorList({ color_label: '1' })).json!.data as any;
      assert.deepEqual(reds.items.map((i: any) => i.id), [items[0]]);
      const unlabelled = (await visitorList({ color_label: '0' })).json!.data as any;
      assert.deepEqual(unlabelled.items.map((i: any) => i.id), [items[1]]);

      await s.ok(AS, 'add_comment', { public_share_id: shareid, item_id: items[0], name: 'Ann', comment: 'Lovely!' }, ANON);
      const comments = await s.ok(AS, 'list_comment', { public_share_id: shareid, item_id: items[0], offset: 0, limit: -1 }, ANON);
      assert.ok(Array.isArray(comments));
      assert.equal(comments.length, 1);
      assert.equal(comments[0].name, 'Ann');
      assert.equal(comments[0].comment, 'Lovely!');
      assert.equal(comments[0].date, '2026-06-15 12:00:00');
      assert.deepEqual(await s.ok(AS, 'list_comment', { public_share_id: shareid, item_id: items[1], offset: 0, limit: -1 }, ANON), []);
      assert.equal(await s.code(AS, 'add_comment', { public_share_id: shareid, item_id: items[0], name: 'Ann' }, ANON), 491);
      const outside = (await itemsOf('Nature'))[5];
      assert.equal(await s.code(AS, 'add_comment', { public_share_id: shareid, item_id: outside, name: 'A', comment: 'x' }, ANON), 552);
      // Public comments are not private comments (spec §5.9).
      const priv = await s.ok('SYNO.PhotoStation.Comment', 'list', { id: items[0] }, as(admin));
      assert.ok(!JSON.stringify(priv).includes('Lovely!'));

      const log = await s.ok(AS, 'list_log', { public_share_id: shareid, offset: 0, limit: -1, category: 'all' }, as(family));
      assert.equal(log.total, 3);
      assert.deepEqual(log.data.map((e: any) => e.category), ['label', 'label', 'comment']);
      assert.equal(log.data[0].item_id, items[0]);
      assert.match(log.data[0].log, /\[keep\]$/);
      assert.equal(log.data[0].name, 'Guest');
      assert.match(log.data[1].log, /\[blue\]$/);
      assert.equal(log.data[2].name, 'Ann');
      assert.equal(log.data[2].date, '2026-06-15 12:00:00');
      const onlyComments = await s.ok(AS, 'list_log', { public_share_id: shareid, offset: 0, limit: -1, category: 'comment' }, as(admin));
      assert.equal(onlyComments.total, 1);
      assert.equal(await s.code(AS, 'list_log', { public_share_id: shareid, offset: 0, limit: -1, category: 'all' }, as(bob)), 551);
      assert.equal(await s.code(AS, 'list_log', { public_share_id: shareid, offset: 0, limit: -1, category: 'all' }, ANON), 105);
      assert.equal(await s.code(AS, 'list_log', { public_share_id: 'nope', offset: 0, limit: -1, category: 'all' }, as(family)), 555);

      // Turning the features off gates the visitor actions.
      await s.ok(SA, 'edit_public_share', { id: shared, enable_comment: false, enable_color_label: false }, as(family));
      assert.equal(await s.code(AS, 'add_comment', { public_share_id: shareid, item_id: items[0], name: 'A', comment: 'x' }, ANON), 551);
      assert.equal(await s.code(AS, 'set_color_label', { public_share_id: shareid, item_id: items[0], color_label: 2 }, ANON), 551);
      await s.ok(SA, 'edit_public_share', { id: shared, enable_comment: true, enable_color_label: true }, as(family));
    });

    it('share_status follows the simulator clock: not_started, valid, expired', async () => {
      await pinClock('2026-05-31T23:59:59Z');
      assert.equal(await status(), 'not_started');
      assert.equal(await s.code(PHOTO, 'list', { filter_public_share: shareid, type: 'photo,video', offset: 0, limit: -1 }, ANON), 551);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: items[0], public_share_id: shareid }, ANON), 551);
      assert.equal(await s.code(THUMB, 'get', { id: items[0], public_share_id: shareid }, ANON), 551);
      assert.equal(await s.code(SA, 'getinfo_public', { public_share_id: shareid }, ANON), 551);
      assert.equal((await page()).status, 403);

      await pinClock('2026-06-01T00:00:00Z');
      assert.equal(await status(), 'valid');
      assert.equal((await visitorList()).json?.success, true);
      // A bare end day lasts until its end.
      await pinClock('2026-06-30T23:59:59Z');
      assert.equal(await status(), 'valid');
      assert.equal((await page()).status, 200);

      await pinClock('2026-07-01T00:00:00Z');
      assert.equal(await status(), 'expired');
      assert.equal(await s.code(PHOTO, 'list', { filter_public_share: shareid, type: 'photo,video', offset: 0, limit: -1 }, ANON), 551);
      assert.equal(await s.code(THUMB, 'get', { id: items[0], public_share_id: shareid }, ANON), 551);
      assert.equal(await s.code(AS, 'add_comment', { public_share_id: shareid, item_id: items[0], name: 'A', comment: 'x' }, ANON), 551);
      assert.equal((await page()).status, 403);
      // The owner still sees what the link is doing.
      const listed = (await sharedList(family)).items.find((i: any) => i.id === shared);
      assert.equal(listed.additional.public_share.share_status, 'expired');

      // Clearing the window with empty values makes the link valid again.
      await s.ok(SA, 'edit_public_share', { id: shared, start_time: '', end_time: '' }, as(family));
      assert.equal(await status(), 'valid');
      assert.equal((await page()).status, 200);
    });

    it('a link password: 551 without or with a wrong one, access with it; the page answers 401', async () => {
      assert.equal(await s.code(SA, 'edit_public_share', { id: shared, enable_password: true }, as(family)), 552);
      await s.ok(SA, 'edit_public_share', { id: shared, enable_password: true, password: 'open sesame' }, as(family));
      const ps = (await s.ok(SA, 'getinfo', { id: shared, additional: 'public_share' }, as(family)))
        .shared_albums[0].additional.public_share;
      assert.ok(!JSON.stringify(ps).includes('open sesame'), 'the link password is never listed');
      assert.equal(ps.share_status, 'valid');

      const base = { filter_public_share: shareid, type: 'photo,video', offset: 0, limit: -1 };
      assert.equal(await s.code(PHOTO, 'list', base, ANON), 551);
      assert.equal(await s.code(PHOTO, 'list', { ...base, password: 'wrong' }, ANON), 551);
      const withPw = await s.ok(PHOTO, 'list', { ...base, password: 'open sesame' }, ANON);
      assert.equal(withPw.total, 3);
      assert.equal(await s.code(PHOTO, 'getinfo', { id: items[0], public_share_id: shareid }, ANON), 551);
      assert.equal((await s.ok(PHOTO, 'getinfo', { id: items[0], public_share_id: shareid, password: 'open sesame' }, ANON))[0].id, items[0]);
      assert.equal(await s.code(THUMB, 'get', { id: items[0], public_share_id: shareid, password: 'nope' }, ANON), 551);
      const thumb = await s.call(THUMB, 'get', { id: items[0], public_share_id: shareid, password: 'open sesame' }, { ...ANON, get: true });
      assert.equal(thumb.headers['content-type'], 'image/jpeg');
      assert.equal(await s.code(SA, 'getinfo_public', { public_share_id: shareid }, ANON), 551);
      await s.ok(SA, 'getinfo_public', { public_share_id: shareid, password: 'open sesame' }, ANON);
      // The owner and admins manage the link and need no link password; other users do.
      assert.equal((await s.ok(SA, 'getinfo_public', { public_share_id: shareid }, as(family))).shared_album.id, shared);
      assert.equal((await s.ok(PHOTO, 'list', base, as(admin))).total, 3);
      assert.equal(await s.code(SA, 'getinfo_public', { public_share_id: shareid }, as(bob)), 551);

      assert.equal((await page()).status, 401);
      assert.equal((await page(shareid, '?password=wrong')).status, 401);
      assert.equal((await page(shareid, `?password=${encodeURIComponent('open sesame')}`)).status, 200);

      // Absent attributes leave the password alone; enable_password=false lifts it.
      await s.ok(SA, 'edit_public_share', { id: shared, end_time: '2030-01-01' }, as(family));
      assert.equal(await s.code(PHOTO, 'list', base, ANON), 551);
      await s.ok(SA, 'edit_public_share', { id: shared, enable_password: false }, as(family));
      assert.equal((await s.ok(PHOTO, 'list', base, ANON)).total, 3);
      assert.equal((await page()).status, 200);
    });

    it('revoking (is_shared=false) makes the link invalid: 551 for visitors, 403 for the page', async () => {
      const data = await s.ok(SA, 'edit_public_share', { id: shared, is_shared: false }, as(family));
      assert.equal(data.public_share_url, '');
      assert.equal(await status(), 'invalid');
      assert.equal(await s.code(PHOTO, 'list', { filter_public_share: shareid, type: 'photo', offset: 0, limit: -1 }, ANON), 551);
      assert.equal(await s.code(THUMB, 'get', { id: items[0], public_share_id: shareid }, ANON), 551);
      assert.equal((await page()).status, 403);
      const listed = (await sharedList(family)).items.find((i: any) => i.id === shared);
      assert.equal(listed.public_share_url, '');
      // Deleting the shared album makes the link unknown.
      await s.ok(SA, 'delete', { id: shared }, as(family));
      assert.equal((await page()).status, 404);
      assert.equal(await s.code(SA, 'getinfo_public', { public_share_id: shareid }, ANON), 555);
    });

    it('the demo public share is reachable by anonymous visitors', async () => {
      const data = await s.ok(PHOTO, 'list', {
        filter_public_share: 'demoParty2026', type: 'photo,video', offset: 0, limit: -1, color_label: '0,1,2,3,4,5,6',
      }, ANON);
      assert.equal(data.total, 12);
      assert.ok(data.items.every((i: any) => i.info.color_label === 0));
      assert.equal((await page('demoParty2026')).status, 200);
    });
  });

  // Mocha runs a suite's own tests before its nested suites: this one lives in a suite of its own to run last.
  describe('afterwards', () => {
    it('answered every request without an internal error', async () => {
      const stats = await s.control('GET', 'stats');
      assert.equal(stats.internalErrors, 0);
      assert.ok(stats.requests.byApi[SA] > 20, JSON.stringify(stats.requests.byApi));
      assert.ok(stats.requests.byApi[AS] > 5, JSON.stringify(stats.requests.byApi));
    });
  });
});
