// Conformance of SYNO.PhotoStation.SmartAlbum, Photo list filter_smart and Cover setsmart (spec §3.7, §5.10, §3.12).
import assert from 'node:assert/strict';
import { albumId, hex, itemId, Sim } from './harness';
import { assertNoInternalErrors, COMMENT, COVER, library, listPhotos, names, PHOTO, SMART, TAG } from './conformance-helpers';

describe('conformance: SmartAlbum', function () {
  const s = new Sim();
  let alice: string;
  let mallory: string;

  const tagId = async (type: string, name: string): Promise<string> => {
    const data = await s.ok(TAG, 'list', { type, offset: 0, limit: -1 });
    return data.tags.find((t: any) => t.name === name).id;
  };
  /** Creates a smart album with `condition` and answers the names of what filter_smart finds. */
  const run = async (condition: Record<string, string>, cookie?: string | null): Promise<string[]> => {
    const name = `q${Math.random().toString(36).slice(2)}`;
    const { id } = await s.ok(SMART, 'create', { name, ...condition });
    return names((await listPhotos(s, { filter_smart: id, sort_by: 'filename' }, cookie === undefined ? {} : { cookie })).items);
  };

  before(async () => {
    await s.start({ seed: 'empty', fixture: library() });
  });
  beforeEach(async () => {
    await s.control('POST', 'reset', { seed: 'empty', fixture: library() });
    await s.login('admin', 'admin');
    alice = await s.login('alice', 'alice', false);
    mallory = await s.login('mallory', 'mallory', false);
  });
  afterEach(() => assertNoInternalErrors(s));
  after(() => s.stop());

  it('create answers smart_<hex name>; list and getinfo show name and stored condition', async () => {
    const created = await s.ok(SMART, 'create', { name: 'Beaches 2019', desc_tag: 'Beach', desc_tag_op: 'any', type: 'photo,video' });
    assert.deepEqual(created, { id: `smart_${hex('Beaches 2019')}` });
    assert.equal(created.id, 'smart_426561636865732032303139');
    await s.ok(SMART, 'create', { name: 'Ärger', keyword: 'x' });
    const list = await s.ok(SMART, 'list', { offset: 0, limit: -1 });
    assert.equal(list.total, 2);
    assert.equal(list.offset, 2);
    assert.deepEqual(list.items.find((i: any) => i.id === created.id), {
      id: created.id, type: 'smart', name: 'Beaches 2019', condition: { desc_tag: 'Beach', desc_tag_op: 'any', type: 'photo,video' },
    });
    assert.ok(list.items.some((i: any) => i.id === `smart_${hex('Ärger')}`));
    const page = await s.ok(SMART, 'list', { offset: 1, limit: 5 });
    assert.deepEqual([page.total, page.offset, page.items.length], [2, 2, 1]);
    const info = await s.ok(SMART, 'getinfo', { id: created.id });
    assert.deepEqual(info.items.map((i: any) => i.name), ['Beaches 2019']);
    // Any logged-in user may read the list; writes are admin-only.
    assert.equal((await s.ok(SMART, 'list', { offset: 0, limit: -1 }, { cookie: alice })).total, 2);
  });

  it('refuses duplicates (451), missing tags (450), non-admins (448), unknown ids (449), missing params (101)', async () => {
    await s.ok(SMART, 'create', { name: 'One', type: 'photo' });
    assert.equal(await s.code(SMART, 'create', { name: 'One', type: 'video' }), 451);
    assert.equal(await s.code(SMART, 'create', { name: 'Two', desc_tag: 'NoSuchTag' }), 450);
    assert.equal(await s.code(SMART, 'create', { name: 'Two', people_tag: 'tag_9999' }), 450);
    assert.equal(await s.code(SMART, 'create', { name: 'Two', geo_tag: 'Beach' }), 450, 'Beach is a desc tag, not a geo tag');
    assert.equal(await s.code(SMART, 'create', { name: 'Two', type: 'photo' }, { cookie: alice }), 448);
    assert.equal(await s.code(SMART, 'create', { name: 'Two', type: 'photo' }, { cookie: null }), 105);
    assert.equal(await s.code(SMART, 'create', { type: 'photo' }), 101);
    assert.equal(await s.code(SMART, 'edit', { id: 'smart_6e6f', name: 'x' }), 449);
    assert.equal(await s.code(SMART, 'edit', { id: `smart_${hex('One')}`, name: 'x' }, { cookie: alice }), 448);
    assert.equal(await s.code(SMART, 'delete', { id: 'smart_6e6f' }), 449);
    assert.equal(await s.code(SMART, 'delete', { id: `smart_${hex('One')}` }, { cookie: alice }), 448);
    assert.equal(await s.code(SMART, 'getinfo', { id: 'smart_6e6f' }), 449);
    assert.equal(await s.code(SMART, 'getinfo', {}), 101);
    assert.equal(await s.code(SMART, 'delete', {}), 101);
    assert.equal(await s.code(SMART, 'create', { name: 'Bad', date: 'last week' }), 446);
    assert.equal(await s.code(SMART, 'create', { name: 'Bad', keyword: 'x', keyword_op: 'some' }), 446);
    assert.equal((await s.ok(SMART, 'list', { offset: 0, limit: -1 })).total, 1);
  });

  it('edit renames (new id) and replaces the condition; delete removes', async () => {
    const { id } = await s.ok(SMART, 'create', { name: 'Old', type: 'video' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: id })).items), ['Pub/c.mp4']);
    const renamed = await s.ok(SMART, 'edit', { id, name: 'New' });
    assert.equal(renamed.id, `smart_${hex('New')}`);
    assert.equal(await s.code(SMART, 'getinfo', { id }), 449);
    assert.deepEqual((await s.ok(SMART, 'getinfo', { id: renamed.id })).items[0].condition, { type: 'video' });
    await s.ok(SMART, 'edit', { id: renamed.id, taken_date: '2020-01-01' });
    assert.deepEqual((await s.ok(SMART, 'getinfo', { id: renamed.id })).items[0].condition, { taken_date: '2020-01-01' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: renamed.id })).items), ['Pub/a.jpg']);
    await s.ok(SMART, 'create', { name: 'Other', type: 'photo' });
    assert.equal(await s.code(SMART, 'edit', { id: renamed.id, name: 'Other' }), 447);
    assert.equal(await s.code(SMART, 'edit', { id: renamed.id, desc_tag: 'Nope' }), 450);
    await s.ok(SMART, 'delete', { id: `${renamed.id},smart_${hex('Other')}` });
    assert.equal((await s.ok(SMART, 'list', { offset: 0, limit: -1 })).total, 0);
    assert.equal(await s.code(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo', filter_smart: renamed.id }), 449);
  });

  it('evaluates keyword conditions with any / all / exact', async () => {
    assert.deepEqual(await run({ keyword: 'beach' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ keyword: 'sunny,sunset', keyword_op: 'any' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ keyword: 'beach,sunset', keyword_op: 'all' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ keyword: 'sunny beach day', keyword_op: 'exact' }), ['Pub/a.jpg']);
    assert.deepEqual(await run({ keyword: 'sunny beach', keyword_op: 'exact' }), []);
    assert.deepEqual(await run({ keyword: 'ALPHA' }), ['Pub/a.jpg'], 'titles count, case-insensitively');
  });

  it('evaluates date ranges by taken or upload date, and taken_date', async () => {
    assert.deepEqual(await run({ date: '2020-01-01,2021-12-31', date_op: 'taken' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ date: '2021-06-16,2021-06-16', date_op: 'upload' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ date: '2021-06-16,', date_op: 'recently_add' }), ['Pub/b.jpg', 'Pub/Sub/d.jpg']);
    assert.deepEqual(await run({ date: ',2015-01-01' }), ['root.jpg']);
    assert.deepEqual(await run({ taken_date: '2019-03-03' }), ['Pub/c.mp4']);
    assert.equal(await s.code(SMART, 'create', { name: 'x', date: '2020-01-01,', date_op: 'whenever' }), 446);
  });

  it('evaluates date_op=recently_comment by the dates of comments', async () => {
    await s.control('POST', 'clock', { now: '2030-05-05T12:00:00Z', pinned: true });
    try {
      await s.login('admin', 'admin');
      await s.ok(COMMENT, 'create', { id: itemId('photo', 'Pub', 'b.jpg'), name: 'admin', comment: 'nice' });
      assert.deepEqual(await run({ date: '2030-05-05,2030-05-05', date_op: 'recently_comment' }), ['Pub/b.jpg']);
      assert.deepEqual(await run({ date: '2030-05-06,', date_op: 'recently_comment' }), []);
    } finally {
      await s.control('POST', 'clock', { real: true });
    }
  });

  it('evaluates desc, people and geo tags by id or name with any / all', async () => {
    const beach = await tagId('desc', 'Beach');
    assert.deepEqual(await run({ desc_tag: beach }), ['Pub/a.jpg', 'Pub/c.mp4']);
    assert.deepEqual(await run({ desc_tag: 'Beach' }), ['Pub/a.jpg', 'Pub/c.mp4']);
    assert.deepEqual(await run({ desc_tag: 'Beach,Sunset', desc_tag_op: 'any' }), ['Pub/a.jpg', 'Pub/b.jpg', 'Pub/c.mp4']);
    assert.deepEqual(await run({ desc_tag: 'Beach,Sunset', desc_tag_op: 'all' }), []);
    assert.deepEqual(await run({ people_tag: 'Ann,Ben', people_tag_op: 'any' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ people_tag: 'Ann', desc_tag: 'Beach' }), ['Pub/a.jpg'], 'criteria are ANDed');
    assert.deepEqual(await run({ geo_tag: await tagId('geo', 'Kiel'), geo_tag_op: 'all' }), ['Pub/a.jpg']);
    assert.equal(await s.code(SMART, 'create', { name: 'x', desc_tag: 'Beach', desc_tag_op: 'none' }), 446);
  });

  it('evaluates EXIF fields, rating, type, gps and albums', async () => {
    assert.deepEqual(await run({ camera: 'canon' }), ['Pub/a.jpg']);
    assert.deepEqual(await run({ camera: 'Canon,Sony' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ model: 'ILCE-7M3' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ exposure: '1/250' }), ['Pub/a.jpg']);
    assert.deepEqual(await run({ aperture: 'f/4' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ iso: '100,400' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ focal: '35mm' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ lens: 'EF50' }), ['Pub/a.jpg']);
    assert.deepEqual(await run({ flash: 'on' }), ['Pub/b.jpg']);
    assert.deepEqual(await run({ rating: '3,5' }), ['Pub/a.jpg', 'Pub/b.jpg']);
    assert.deepEqual(await run({ type: 'video' }), ['Pub/c.mp4']);
    assert.deepEqual(await run({ gps: 'true' }), ['Pub/a.jpg', 'Pub/c.mp4']);
    assert.deepEqual(await run({ gps: 'true', type: 'photo' }), ['Pub/a.jpg']);
    assert.deepEqual(await run({ albums: albumId('Pub') }), ['Pub/a.jpg', 'Pub/b.jpg', 'Pub/c.mp4', 'Pub/Sub/d.jpg']);
    assert.deepEqual(await run({ albums: `${albumId('Pub/Sub')},${albumId('Quiet')}` }), ['Pub/Sub/d.jpg', 'Quiet/q.jpg']);
    // The Photo list type parameter still applies on top of the smart album.
    const { id } = await s.ok(SMART, 'create', { name: 'gps', gps: 'true' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: id, type: 'video' })).items), ['Pub/c.mp4']);
  });

  it('evaluates over what the caller may browse only', async () => {
    const { id } = await s.ok(SMART, 'create', { name: 'Secrets', desc_tag: 'Secret' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: id })).items), ['Priv/p.jpg']);
    assert.deepEqual(names((await listPhotos(s, { filter_smart: id }, { cookie: alice })).items), ['Priv/p.jpg']);
    assert.deepEqual((await listPhotos(s, { filter_smart: id }, { cookie: mallory })).items, []);
    assert.deepEqual((await listPhotos(s, { filter_smart: id }, { cookie: null })).items, []);
    const old = await s.ok(SMART, 'create', { name: 'Old photos', date: ',2017-12-31' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: old.id, sort_by: 'filename' }, { cookie: null })).items),
      ['Fotos/Köln/dom.jpg', 'Quiet/q.jpg', 'root.jpg']);
    assert.deepEqual(names((await listPhotos(s, { filter_smart: old.id, sort_by: 'filename', password: 'pw' }, { cookie: null })).items),
      ['Fotos/Köln/dom.jpg', 'Quiet/q.jpg', 'root.jpg', 'Pass/s.jpg']);
  });

  it('a condition naming a tag that was deleted later matches nothing', async () => {
    const { id } = await s.ok(SMART, 'create', { name: 'Sunsets', desc_tag: 'Sunset' });
    assert.deepEqual(names((await listPhotos(s, { filter_smart: id })).items), ['Pub/b.jpg']);
    await s.ok(TAG, 'delete', { id: await tagId('desc', 'Sunset') });
    assert.deepEqual((await listPhotos(s, { filter_smart: id })).items, []);
  });

  it('Cover setsmart sets a cover (admin only, 448; 447 unknown album or item; 101 missing)', async () => {
    const { id } = await s.ok(SMART, 'create', { name: 'Covered', type: 'photo' });
    await s.ok(COVER, 'setsmart', { id, item_id: itemId('photo', 'Pub', 'a.jpg') });
    assert.equal(await s.code(COVER, 'setsmart', { id, item_id: itemId('photo', 'Pub', 'a.jpg') }, { cookie: alice }), 448);
    assert.equal(await s.code(COVER, 'setsmart', { id, item_id: itemId('photo', 'Pub', 'a.jpg') }, { cookie: null }), 105);
    assert.equal(await s.code(COVER, 'setsmart', { id: 'smart_6e6f', item_id: itemId('photo', 'Pub', 'a.jpg') }), 447);
    assert.equal(await s.code(COVER, 'setsmart', { id, item_id: itemId('photo', 'Pub', 'ghost.jpg') }), 447);
    assert.equal(await s.code(COVER, 'setsmart', { id }), 101);
    assert.equal(await s.code(COVER, 'setsmart', { item_id: itemId('photo', 'Pub', 'a.jpg') }), 101);
  });

  it('survives hostile condition values', async () => {
    const hostile: Array<Record<string, string>> = [
      { keyword: 'x'.repeat(100_000) }, { date: '9999-99-99,0000-00-00' }, { taken_date: ',,,' }, { albums: 'album_zz' },
      { iso: '__proto__' }, { desc_tag: 'tag_99999999999999999999' }, { rating: 'constructor' }, { gps: 'maybe' },
    ];
    for (const [i, condition] of hostile.entries()) {
      const res = await s.call(SMART, 'create', { name: `h${i}`, ...condition });
      assert.equal(res.status, 200);
      assert.equal(typeof res.json!.success, 'boolean');
      if (res.json!.success) await listPhotos(s, { filter_smart: `smart_${hex(`h${i}`)}` });
    }
  });
});
