import { strict as assert } from 'node:assert';
import type { Simulator } from '../../src/simulator';
import {
  type Album,
  type Item,
  type PhotoStationClient,
  albumId,
  collect,
  isAlbum,
  itemPath,
  parseId,
  photoId,
  smartAlbumId,
  videoId,
} from '../../src/photostation';
import { type Side, client, guardUnhandledRejections, rejectsWith, withSim } from './helpers';

const PARTY = albumId('Party 2026');
const FAMILY = albumId('Family');
const KIDS = albumId('Kids');

describe('client typed APIs (demo seed)', function () {
  let sim: Simulator;
  let side: Side;
  let admin: PhotoStationClient;
  let family: PhotoStationClient;
  guardUnhandledRejections();

  before(async () => {
    ({ sim, side } = await withSim({ seed: 'demo' }));
    admin = client(sim);
    family = client(sim, { username: 'family', password: 'family' });
  });
  after(async () => {
    await admin.close();
    await family.close();
    await sim.close();
  });

  /** A reset forgets all sessions; reads with a forgotten cookie would quietly turn anonymous. */
  async function fresh(): Promise<void> {
    await side.reset('demo');
    await admin.close();
    await family.close();
    admin = client(sim);
    family = client(sim, { username: 'family', password: 'family' });
  }

  async function firstItem(album: string): Promise<Item> {
    const page = await admin.photo.list({ filter_album: album, limit: 1 });
    assert.ok(page.items[0], `an item in ${album}`);
    return page.items[0];
  }

  describe('Info', () => {
    it('getInfo returns the station settings', async () => {
      const info = await admin.info.getInfo();
      assert.equal(info.title, 'Family photos (demo)');
      assert.equal(typeof info.allow_download_orig, 'boolean');
    });

    it('getExternalIp uses version 2', async () => {
      const ip = await admin.info.getExternalIp();
      assert.equal(typeof ip.external_host_external_ip, 'string');
    });

    it('discovery lists the APIs with their paths', async () => {
      const map = await admin.discover();
      assert.equal(map['SYNO.PhotoStation.Album']?.path, 'album.php');
    });
  });

  describe('Album', () => {
    before(fresh);

    it('lists the root with paging numbers of spec §1.5', async () => {
      const page = await admin.album.list({ type: ['album'], limit: 5 });
      assert.equal(page.items.length, 5);
      assert.equal(page.offset, 5);
      assert.equal(page.total, 14);
      assert.ok(page.items.every((a) => a.type === 'album' && a.id === albumId(a.info.sharepath)));
      const next = await admin.album.list({ type: ['album'], offset: 5, limit: 5 });
      assert.equal(next.offset, 10);
      assert.ok(!next.items.some((a) => page.items.some((b) => b.id === a.id)));
    });

    it('iterates an album with sub-albums and items across pages', async () => {
      const holidays = albumId('Holidays');
      const all = await collect(admin.album.iterate({ id: holidays }, { pageSize: 3 }));
      const once = await admin.album.list({ id: holidays, limit: -1 });
      assert.equal(all.length, once.total);
      assert.deepEqual(all.map((e) => e.id), once.items.map((e) => e.id));
      assert.ok(all.some(isAlbum) && all.some((e) => !isAlbum(e)));
    });

    it('searches with the advanced parameters', async () => {
      const tagged = await admin.album.list({ type: ['photo', 'video'], albums: [albumId('Holidays/Beach 2024')], desc_tag: ['Beach'], desc_tag_op: 'any', limit: -1 });
      assert.ok(tagged.total > 0);
      assert.ok(tagged.items.every((i) => i.id.includes(Buffer.from('Holidays/Beach 2024').toString('hex'))));
    });

    it('needs the album password (416) and accepts it', async () => {
      await rejectsWith(family.album.list({ id: KIDS, limit: 1 }), 416);
      const page = await family.album.list({ id: KIDS, password: 'kids', limit: 1 });
      assert.equal(page.items.length, 1);
    });

    it('getInfo describes albums with additional fields; get() the single one', async () => {
      const [info] = await admin.album.getInfo([PARTY], { additional: ['album_permission', 'item_count'] });
      assert.equal(info?.info.sharepath, 'Party 2026');
      assert.deepEqual(info?.additional?.album_permission, { browse: true, upload: true, manage: true });
      assert.ok((info?.additional?.item_count?.photo ?? 0) > 0);
      const one = await admin.album.get(FAMILY);
      assert.equal(one.info.type, 'private');
    });

    it('creates, edits, moves and deletes albums, with non-ASCII names', async () => {
      const { id: parent } = await admin.album.create({ name: 'Fotos', title: 'Fotos', type: 'public' });
      assert.equal(parent, albumId('Fotos'));
      const { id } = await admin.album.create({ name: 'Köln', parent, description: 'Dom' });
      assert.equal(id, 'album_466f746f732f4bc3b66c6e');
      await rejectsWith(admin.album.create({ name: 'Köln', parent }), 421);
      await admin.album.edit(parent, { title: 'Photos', type: 'password', password: 'pw' });
      const [edited] = await admin.album.getInfo(parent);
      assert.equal(edited?.info.title, 'Photos');
      assert.equal(edited?.info.type, 'password');
      const { id: target } = await admin.album.create({ name: 'Target' });
      const moved = await admin.album.move(id, target);
      assert.deepEqual(moved.skip, []);
      const [k] = await admin.album.getInfo(albumId('Target/Köln'));
      assert.equal(k?.info.name, 'Köln');
      await admin.album.delete([parent, target]);
      await rejectsWith(admin.album.getInfo(target), 101);
    });

    it('arranges items manually and clears the order', async () => {
      const items = (await admin.album.list({ id: albumId('Birthday Anna'), type: ['photo', 'video'], limit: -1 })).items;
      const reversed = items.map((i) => i.id).reverse();
      await admin.album.arrangeItems(albumId('Birthday Anna'), reversed);
      const after = await admin.album.list({ id: albumId('Birthday Anna'), type: ['photo', 'video'], limit: -1, sort_by: 'preference' });
      assert.deepEqual(after.items.map((i) => i.id), reversed);
      await admin.album.clearArrangement(albumId('Birthday Anna'));
    });

    it('refuses a manage change to a regular user (419/420)', async () => {
      const err = await family.album.edit(FAMILY, { title: 'Mine now' }).then(() => undefined, (e: unknown) => e as { code: number });
      assert.ok(err && [419, 420].includes(err.code), `got ${JSON.stringify(err)}`);
    });
  });

  describe('Photo', () => {
    before(fresh);

    it('lists with filters and pages through everything', async () => {
      const page = await admin.photo.list({ filter_album: PARTY, limit: 10, additional: ['photo_exif'] });
      assert.equal(page.items.length, 10);
      assert.ok(page.items.every((i) => itemPath(i.id).dir === 'Party 2026'));
      const all = await collect(admin.photo.iterate({ filter_album: PARTY }, { pageSize: 7 }));
      assert.equal(all.length, page.total);
      assert.equal(new Set(all.map((i) => i.id)).size, all.length);
      // Whole pages, for bulk readers: the same entries, in the same order, 7 at a time.
      const pages = await collect(admin.photo.pages({ filter_album: PARTY }, { pageSize: 7 }));
      assert.deepEqual(pages.map((p) => p.length), [...Array(Math.floor(page.total / 7)).fill(7), ...(page.total % 7 ? [page.total % 7] : [])]);
      assert.deepEqual(pages.flat().map((i) => i.id), all.map((i) => i.id));
      assert.deepEqual((await collect(admin.photo.pages({ filter_album: PARTY }, { pageSize: 7, offset: 7 }))).flat().map((i) => i.id), all.slice(7).map((i) => i.id));
      const videos = await admin.photo.list({ type: ['video'], limit: -1 });
      assert.ok(videos.items.length > 0 && videos.items.every((i) => i.type === 'video' && i.id.startsWith('video_')));
    });

    it('getInfo reads the array answer', async () => {
      const a = await firstItem(PARTY);
      const b = await firstItem(albumId('Garden'));
      const items = await admin.photo.getInfo([a.id, b.id]);
      assert.deepEqual(items.map((i) => i.id).sort(), [a.id, b.id].sort());
    });

    it('edits metadata', async () => {
      const a = await firstItem(PARTY);
      await admin.photo.edit(a.id, { title: 'Cake time', description: 'ä ö ü & more', rating: 9 });
      const [after] = await admin.photo.getInfo(a.id);
      assert.equal(after?.info.title, 'Cake time');
      assert.equal(after?.info.description, 'ä ö ü & more');
      assert.equal(after?.info.rating, 5);
    });

    it('copies, moves and deletes items', async () => {
      const a = await firstItem(albumId('Sports'));
      const { file } = itemPath(a.id);
      await admin.photo.copy(a.id, albumId('Concerts'), { mode: 'copy', duplicate: 'rename' });
      const copy = photoId('Concerts', file);
      assert.equal((await admin.photo.getInfo(copy))[0]?.id, copy);
      await admin.photo.delete(copy);
      const left = await admin.photo.list({ filter_album: albumId('Concerts'), limit: -1 });
      assert.ok(!left.items.some((i) => i.id === copy));
    });

    it('reads the EXIF table and the distinct EXIF values', async () => {
      const a = (await admin.photo.list({ filter_album: PARTY, type: ['photo'], limit: 1 })).items[0]!;
      const exif = await admin.photo.getExif(a.id);
      assert.equal(exif.total, exif.exifs.length);
      assert.ok(exif.exifs.every((e) => typeof e.label === 'string'));
      const isos = await admin.photo.listExif('iso');
      assert.ok(isos.length > 0 && isos.every((t) => t.tag_type === 'iso'));
    });
  });

  describe('SharedAlbum', () => {
    before(fresh);

    it('lists the seeded share with its public link state', async () => {
      const page = await admin.sharedAlbum.list();
      const party = page.items.find((s) => s.name === 'Party 2026 highlights');
      assert.ok(party);
      assert.equal(typeof party.id, 'number');
      assert.equal(party.additional?.public_share?.share_status, 'valid');
      const all = await collect(admin.sharedAlbum.iterate({}, { pageSize: 1 }));
      assert.equal(all.length, page.total);
    });

    it('runs the whole share lifecycle', async () => {
      const items = (await admin.photo.list({ filter_album: albumId('Birthday Anna'), limit: 3 })).items.map((i) => i.id);
      const { id } = await admin.sharedAlbum.create('Anna 2026');
      await rejectsWith(admin.sharedAlbum.create('Anna 2026'), 553);
      await admin.sharedAlbum.addItems(id, items);
      await admin.sharedAlbum.removeItems(id, items[0]!);
      const inside = await admin.photo.list({ filter_shared_album: id, limit: -1 });
      assert.deepEqual(inside.items.map((i) => i.id).sort(), items.slice(1).sort());
      const link = await admin.sharedAlbum.editPublicShare(id, { is_shared: true, end_time: '2099-12-31', enable_password: true, password: 'guest-pw' });
      assert.ok(link.shareid && link.public_share_url.includes(link.shareid));
      const info = await admin.sharedAlbum.getInfo(id);
      assert.equal(info.name, 'Anna 2026');
      assert.equal(info.additional?.public_share?.share_status, 'valid');
      const visitor = client(sim, { username: undefined, password: undefined });
      try {
        await rejectsWith(visitor.sharedAlbum.getInfoPublic(link.shareid), 551);
        assert.equal((await visitor.sharedAlbum.getInfoPublic(link.shareid, 'guest-pw')).id, id);
      } finally {
        await visitor.close();
      }
      const pub = await admin.sharedAlbum.getInfoPublic(link.shareid, 'guest-pw');
      assert.equal(pub.id, id);
      await admin.sharedAlbum.edit(id, 'Anna turns 7');
      assert.equal((await admin.sharedAlbum.getInfo(id)).name, 'Anna turns 7');
      await admin.sharedAlbum.editPublicShare(id, { is_shared: false });
      assert.notEqual((await admin.sharedAlbum.getInfo(id)).additional?.public_share?.share_status, 'valid');
      await admin.sharedAlbum.delete(id);
      await rejectsWith(admin.sharedAlbum.getInfo(id), 555);
    });
  });

  describe('SmartAlbum, Permission, Group', () => {
    before(fresh);

    it('lists, creates, edits and deletes smart albums', async () => {
      const seeded = await admin.smartAlbum.list();
      assert.ok(seeded.items.some((s) => s.name === 'Beach days'));
      const beach = seeded.items.find((s) => s.name === 'Beach days')!;
      assert.equal(beach.id, smartAlbumId('Beach days'));
      const { id } = await admin.smartAlbum.create('Party snow', { desc_tag: ['Party'], type: ['photo'], date: '2026-01-01,2026-12-31', date_op: 'taken' });
      assert.equal(parseId(id).kind, 'smart');
      const [got] = await admin.smartAlbum.getInfo(id);
      assert.equal(got?.name, 'Party snow');
      const items = await admin.photo.list({ filter_smart: id, limit: -1 });
      assert.ok(items.total > 0);
      const renamed = await admin.smartAlbum.edit(id, { name: 'Party 2026 photos' });
      await rejectsWith(family.smartAlbum.create('Nope', { desc_tag: ['Party'] }), 448);
      await admin.smartAlbum.delete(renamed.id);
      await rejectsWith(admin.smartAlbum.getInfo(renamed.id), 449);
    });

    it('reads and changes album grants', async () => {
      const grants = await admin.permission.list(FAMILY);
      assert.ok(grants.some((g) => g.type === 'group' && g.name === 'family' && g.browse));
      await admin.permission.edit(PARTY, [{ name: 'family', type: 'user', browse: true, upload: true, manage: true }]);
      const after = await admin.permission.list(PARTY, 'user');
      assert.deepEqual(after.find((g) => g.name === 'family'), { name: 'family', type: 'user', browse: true, upload: true, manage: true });
      await admin.permission.edit(PARTY, [{ name: 'family', type: 'user', browse: false, upload: false, manage: false }]);
      assert.ok(!(await admin.permission.list(PARTY, 'user')).some((g) => g.name === 'family'));
    });

    it('lists groups', async () => {
      const page = await admin.group.list();
      assert.ok(page.items.some((g) => g.name === 'family' && typeof g.description === 'string'));
      assert.equal((await collect(admin.group.iterate())).length, page.total);
    });
  });

  describe('Tag and PhotoTag', () => {
    before(fresh);

    it('lists, creates, edits and deletes tags', async () => {
      const page = await admin.tag.list({ type: ['desc'] });
      assert.ok(page.items.some((t) => t.name === 'Beach' && t.tag_type === 'desc'));
      assert.equal((await collect(admin.tag.iterate({ type: ['desc'] }, { pageSize: 4 }))).length, page.total);
      const { id } = await admin.tag.create('Grillen', 'desc');
      assert.match(id, /^tag_\d+$/);
      assert.deepEqual(await admin.tag.create('Grillen', 'desc'), { id });
      await admin.tag.edit(id, { name: 'Barbecue' });
      assert.equal((await admin.tag.getInfo(id))[0]?.name, 'Barbecue');
      await admin.tag.delete(id);
    });

    it('tags items and reads the tags back for one and several items', async () => {
      const [a, b] = (await admin.photo.list({ filter_album: albumId('Garden'), type: ['photo'], limit: 2 })).items;
      const { id: tag } = await admin.tag.create('Roses', 'desc');
      const links = await admin.photoTag.addDescTags([a!.id, b!.id], tag);
      assert.equal(links.length, 2);
      const one = await admin.photoTag.list(a!.id, { type: ['desc'] });
      assert.equal(one.length, 1);
      assert.ok(one[0]!.tags.some((t) => t.id === tag));
      const both = await admin.photoTag.list([a!.id, b!.id]);
      assert.deepEqual(both.map((x) => x.photoId).sort(), [a!.id, b!.id].sort());
      assert.ok(both.every((x) => x.tags.some((t) => t.id === tag)));
      await rejectsWith(admin.photoTag.addDescTags(a!.id, tag), 468);
      const { id: person } = await admin.tag.create('Grandma', 'people');
      const face = await admin.photoTag.addPeopleTag(a!.id, person, { x: 0.1, y: 0.2, width: 0.3, height: 0.3 });
      assert.equal(face.length, 1);
      const { id: place } = await admin.tag.create('Kiel', 'geo', { lat: 54.32, lng: 10.12 });
      assert.equal((await admin.photoTag.addGeoTags(a!.id, place)).length, 1);
      await admin.photoTag.remove([a!.id, b!.id], { tag_id: [tag] });
      const after = await admin.photoTag.list(a!.id);
      assert.ok(!after[0]!.tags.some((t) => t.id === tag));
      assert.ok(after[0]!.tags.some((t) => t.id === person && t.type === 'people'));
    });
  });

  describe('File, Thumb, Download, Comment, Cover', () => {
    before(fresh);

    it('uploads a photo with a non-ASCII name and finds it under the computed id', async () => {
      const { id: album } = await admin.album.create({ name: 'Uploads', type: 'public' });
      const data = (await admin.download.getPhoto((await admin.photo.list({ filter_album: PARTY, type: ['photo'], limit: 1 })).items[0]!.id)).data;
      const res = await admin.file.uploadPhoto({ album, filename: 'Grüße 2026.jpg', data, duplicate: 'overwrite', mtime: new Date('2026-05-01T12:00:00Z') });
      assert.equal(res.id, photoId('Uploads', 'Grüße 2026.jpg'));
      assert.equal(res.album, 'Uploads');
      const [item] = await admin.photo.getInfo(res.id);
      assert.equal(item?.info.name, 'Grüße 2026.jpg');
      assert.equal(item?.info.size, data.length);
      const byPath = await admin.file.uploadPhoto({ album: 'Uploads', filename: 'second.JPG', data, duplicate: 'ignore' });
      assert.equal(byPath.id, photoId('Uploads', 'second.JPG'));
      await rejectsWith(admin.file.uploadPhoto({ album: 'Uploads', filename: 'notes.txt', data, duplicate: 'ignore' }), 518);
      await rejectsWith(family.file.uploadPhoto({ album: 'Party 2026', filename: 'x.jpg', data, duplicate: 'ignore' }), 517);
    });

    it('uploads a video', async () => {
      const res = await admin.file.uploadVideo({ album: 'Party 2026', filename: 'clip.mp4', data: Buffer.alloc(4096, 7), duplicate: 'overwrite' });
      assert.equal(res.id, videoId('Party 2026', 'clip.mp4'));
      const [item] = await admin.photo.getInfo(res.id);
      assert.equal(item?.type, 'video');
    });

    it('fetches thumbnails as JPEG bytes', async () => {
      const a = await firstItem(PARTY);
      const thumb = await admin.thumb.get(a.id, 'small');
      assert.equal(thumb.contentType, 'image/jpeg');
      assert.equal(thumb.data[0], 0xff);
      assert.equal(thumb.data[1], 0xd8);
      const large = await admin.thumb.get(a.id, 'large');
      assert.ok(large.data.length > 0);
    });

    it('maps thumbnail errors from the JSON envelope', async () => {
      const missing = photoId('Party 2026', 'does-not-exist.jpg');
      const err = await admin.thumb.get(missing, 'small').then(() => undefined, (e: { code: number; codeName: string }) => e);
      assert.ok(err && err.code >= 501 && err.code <= 504, JSON.stringify(err));
    });

    it('downloads originals where allowed and maps 507 where not', async () => {
      const a = (await admin.photo.list({ filter_album: PARTY, type: ['photo'], limit: 1 })).items[0]!;
      const file = await admin.download.getPhoto(a.id);
      assert.ok(file.data.length > 0);
      assert.equal(file.filename, a.info.name);
      const same = await admin.download.getItem(a.id);
      assert.equal(same.data.length, file.data.length);
      const v = (await admin.photo.list({ filter_album: PARTY, type: ['video'], limit: 1 })).items[0];
      if (v) assert.ok((await admin.download.getVideo(v.id)).data.length > 0);
      const err = await rejectsWith(family.download.getPhoto(a.id), 507);
      assert.match(err.message, /downloading this item is not allowed/);
    });

    it('writes and reads comments', async () => {
      const a = await firstItem(PARTY);
      const created = await admin.comment.create(a.id, 'Great party!\nSee you', 'Admin');
      const list = await admin.comment.list(a.id);
      const mine = list.find((x) => x.comment.startsWith('Great party!'));
      assert.ok(mine);
      assert.equal(mine.name, 'Admin');
      if (created.id) assert.equal(mine.id, created.id);
    });

    it('sets album and smart album covers', async () => {
      const a = await firstItem(PARTY);
      await admin.cover.set(PARTY, a.id);
      const [album] = (await admin.album.getInfo(PARTY)) as Album[];
      assert.ok(album?.cover);
      await rejectsWith(admin.cover.set(albumId('Garden'), a.id), 529);
      await admin.cover.setSmart(smartAlbumId('Beach days'), (await admin.photo.list({ filter_smart: smartAlbumId('Beach days'), limit: 1 })).items[0]!.id);
    });
  });

  describe('personal Photo Station', () => {
    it('talks to /~user/photo/webapi/', async () => {
      const personal = client(sim, { url: sim.origin, personal: 'admin' });
      try {
        assert.equal(personal.baseUrl, `${sim.origin}/~admin/photo/webapi/`);
        const page = await personal.album.list({ limit: 1 });
        assert.equal(typeof page.total, 'number');
      } finally {
        await personal.close();
      }
    });
  });
});
