// Conformance of SYNO.PhotoStation.File (spec §3.15.1/§3.15.2) and the legacy asst_file_upload.php endpoint (§3.15.3),
// including duplicates, overwrite semantics of §5.12 and the indexing delay of §6.
import assert from 'node:assert/strict';
import { placeholderJpeg } from '../../src/simulator/jpeg';
import { albumId, itemId, request, Sim, type RawResponse } from './harness';
import {
  assertNoInternalErrors, DOWNLOAD, FILE, library, listPhotos, names, PHOTO, PHOTO_TAG, postMultipart, TAG, type Part,
} from './conformance-helpers';

const Q = { api: FILE, method: 'uploadphoto', version: '1' };
const QV = { api: FILE, method: 'uploadvideo', version: '1' };

describe('conformance: upload', function () {
  const s = new Sim();
  let admin: string;
  let alice: string;
  let bob: string;
  let mallory: string;

  const jpeg = (w: number, h: number, shade = 100): Buffer => placeholderJpeg(w, h, shade);
  const fields = (dest: string, filename: string, duplicate = 'rename', mtime = '1600000000'): Record<string, string> =>
    ({ dest_folder_path: dest, duplicate, filename, mtime });
  const original = (data: Buffer, filename = 'x.jpg'): Part => ({ name: 'original', value: data, filename, contentType: 'image/jpeg' });
  /** All parameters in the query string, only the file in the body (the reference's curl example). */
  const upQuery = (params: Record<string, string>, parts: Part[], cookie: string | null = admin, query = Q): Promise<RawResponse> =>
    postMultipart(s, { ...query, ...params }, parts, cookie);
  const code = (res: RawResponse): number => {
    assert.equal(res.json?.success, false, res.body.toString('utf8').slice(0, 200));
    return res.json!.error!.code;
  };
  const okData = (res: RawResponse): any => {
    assert.equal(res.json?.success, true, res.body.toString('utf8').slice(0, 200));
    return res.json!.data;
  };
  const info = async (id: string): Promise<any> => (await s.ok(PHOTO, 'getinfo', { id }))[0];
  const download = async (id: string): Promise<Buffer> => {
    const res = await s.call(DOWNLOAD, id.startsWith('video') ? 'getvideo' : 'getphoto', { id });
    assert.equal(res.json, undefined);
    return res.body;
  };

  before(() => s.start({ seed: 'empty', fixture: library() }));
  beforeEach(async () => {
    await s.control('POST', 'reset', { seed: 'empty', fixture: library() });
    await s.control('POST', 'config', { indexingDelayMs: 0, bracketBug: false });
    admin = await s.login('admin', 'admin');
    alice = await s.login('alice', 'alice', false);
    bob = await s.login('bob', 'bob', false);
    mallory = await s.login('mallory', 'mallory', false);
  });
  afterEach(() => assertNoInternalErrors(s));
  after(() => s.stop());

  describe('File uploadphoto / uploadvideo', () => {
    it('stores a photo with parameters in the query string; resolution read from the JPEG, title from the name', async () => {
      const data = jpeg(640, 480);
      const res = await upQuery(fields('Pub/Sub', 'New Photo.JPG'), [original(data)]);
      const id = itemId('photo', 'Pub/Sub', 'New Photo.JPG');
      assert.deepEqual(okData(res), { id });
      const item = await info(id);
      assert.deepEqual([item.type, item.info.name, item.info.title, item.info.resolutionx, item.info.resolutiony, item.info.size],
        ['photo', 'New Photo.JPG', 'New Photo', 640, 480, data.length]);
      assert.ok((await download(id)).equals(data));
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Pub/Sub'), sort_by: 'filename' })).items),
        ['Pub/Sub/New Photo.JPG', 'Pub/Sub/d.jpg']);
    });

    it('accepts parameters as multipart fields too, and uploads into the root album', async () => {
      const data = jpeg(50, 60);
      const res = await postMultipart(s, Q, [
        { name: 'dest_folder_path', value: '' }, { name: 'duplicate', value: 'ignore' }, { name: 'filename', value: 'top.png' },
        { name: 'mtime', value: '1500000000' }, original(data), { name: 'thumb_small', value: jpeg(32, 32), filename: 's.jpg' },
        { name: 'thumb_large', value: jpeg(64, 64), filename: 'l.jpg' },
      ], admin);
      okData(res);
      const item = await info(itemId('photo', '', 'top.png'));
      assert.equal(item.id, 'photo_2f_746f702e706e67');
      assert.equal(item.info.takendate, '2017-07-14 02:40:00');
    });

    it('uploads a video with renditions; its takendate is the given mtime', async () => {
      const data = Buffer.from('not really an mp4, but bytes are bytes');
      const res = await upQuery(fields('Pub', 'clip.MOV', 'rename', '1262304000'), [
        { name: 'original', value: data, filename: 'clip.MOV', contentType: 'video/quicktime' },
        { name: 'high', value: Buffer.from('h'), filename: 'h.mp4' }, { name: 'mobile', value: Buffer.from('m'), filename: 'm.mp4' },
      ], admin, QV);
      const id = itemId('video', 'Pub', 'clip.MOV');
      assert.deepEqual(okData(res), { id });
      const item = await info(id);
      assert.equal(item.type, 'video');
      assert.equal(item.info.takendate, '2010-01-01 00:00:00');
      assert.equal(typeof item.info.duration, 'number');
      assert.ok((await download(id)).equals(data));
    });

    it('accepts every extension of §3.15.1 case-insensitively and refuses others (518)', async () => {
      const photos = ['jpg', 'jpeg', 'jpe', 'bmp', 'gif', 'png', 'tiff', 'tif', 'arw', 'srf', 'sr2', 'dcr', 'k25', 'kdc', 'cr2', 'crw',
        'nef', 'mrw', 'ptx', 'pef', 'raf', '3fr', 'erf', 'mef', 'mos', 'orf', 'rw2', 'dng', 'x3f', 'raw'];
      const videos = ['mpg', 'mpeg', 'avi', 'wmv', 'asf', 'mov', 'flv', 'f4v', '3gp', '3g2', 'mp4', 'm4v', 'qt', 'divx', 'xvid', 'dat',
        'm2ts', 'm2t', 'mts'];
      for (const [i, ext] of photos.entries()) {
        const name = `p${i}.${i % 2 ? ext.toUpperCase() : ext}`;
        okData(await upQuery(fields('Empty', name), [original(jpeg(8, 8), name)]));
      }
      for (const [i, ext] of videos.entries()) {
        const name = `v${i}.${i % 2 ? ext.toUpperCase() : ext}`;
        okData(await upQuery(fields('Empty', name), [original(Buffer.from('v'), name)], admin, QV));
      }
      const listed = await listPhotos(s, { filter_album: albumId('Empty') });
      assert.equal(listed.items.filter((i: any) => i.type === 'photo').length, photos.length);
      assert.equal(listed.items.filter((i: any) => i.type === 'video').length, videos.length);
      for (const name of ['notes.txt', 'noext', 'archive.zip', 'x.jpg.exe']) {
        assert.equal(code(await upQuery(fields('Empty', name), [original(jpeg(8, 8))])), 518, name);
      }
      assert.equal(code(await upQuery(fields('Empty', 'movie.mp4'), [original(jpeg(8, 8))])), 518, 'a video via uploadphoto');
      assert.equal(code(await upQuery(fields('Empty', 'pic.jpg'), [original(jpeg(8, 8))], admin, QV)), 518, 'a photo via uploadvideo');
    });

    it('answers 516 for missing or malformed parameters', async () => {
      const all = fields('Pub', 'x.jpg');
      for (const missing of Object.keys(all)) {
        const params = { ...all };
        delete params[missing];
        assert.equal(code(await upQuery(params, [original(jpeg(8, 8))])), 516, missing);
      }
      assert.equal(code(await upQuery({ ...all, duplicate: 'skip' }, [original(jpeg(8, 8))])), 516);
      assert.equal(code(await upQuery({ ...all, mtime: 'yesterday' }, [original(jpeg(8, 8))])), 516);
      assert.equal(code(await upQuery({ ...all, mtime: '-5' }, [original(jpeg(8, 8))])), 516);
      assert.equal(code(await upQuery({ ...all, filename: 'a/b.jpg' }, [original(jpeg(8, 8))])), 516);
    });

    it('answers 517 without upload right, 105 without login, 519 for a missing folder', async () => {
      assert.equal(code(await upQuery(fields('Priv', 'x.jpg'), [original(jpeg(8, 8))], alice)), 517);
      assert.equal(code(await upQuery(fields('Pub', 'x.jpg'), [original(jpeg(8, 8))], mallory)), 517);
      assert.equal(code(await upQuery(fields('', 'x.jpg'), [original(jpeg(8, 8))], mallory)), 517, 'only admins upload into the root');
      assert.equal(code(await upQuery(fields('Pub', 'x.jpg'), [original(jpeg(8, 8))], null)), 105);
      okData(await upQuery(fields('Priv', 'x.jpg'), [original(jpeg(8, 8))], bob));
      assert.equal(code(await upQuery(fields('Nowhere', 'x.jpg'), [original(jpeg(8, 8))])), 519);
      assert.equal(code(await upQuery(fields('Pub/Nowhere/deeper', 'x.jpg'), [original(jpeg(8, 8))])), 519);
      // A leading or trailing slash is tolerated.
      okData(await upQuery(fields('/Pub/Sub/', 'slash.jpg'), [original(jpeg(8, 8))]));
      await info(itemId('photo', 'Pub/Sub', 'slash.jpg'));
    });

    it('answers 520 for an empty file, 521 without the original part, 522 for a name that cannot be written', async () => {
      assert.equal(code(await upQuery(fields('Pub', 'empty.jpg'), [original(Buffer.alloc(0))])), 520);
      assert.equal(code(await upQuery(fields('Pub', 'none.jpg'), [])), 521);
      assert.equal(code(await upQuery(fields('Pub', 'none.jpg'), [{ name: 'thumb_small', value: jpeg(8, 8), filename: 't.jpg' }])), 521);
      assert.equal(code(await upQuery(fields('Pub', '@eaDir.jpg'), [original(jpeg(8, 8))])), 522);
      assert.equal(code(await upQuery(fields('Pub', `${'n'.repeat(300)}.jpg`), [original(jpeg(8, 8))])), 522);
      assert.equal(code(await upQuery(fields('Pub', 'ctl\u0001.jpg'), [original(jpeg(8, 8))])), 522);
      assert.equal((await listPhotos(s, { filter_album: albumId('Pub') })).total, 3);
    });

    it('handles duplicates: rename (name_1.ext, name_2.ext), ignore (keeps), overwrite (replaces, keeps photo tags)', async () => {
      const a = itemId('photo', 'Pub', 'a.jpg');
      const first = jpeg(20, 10, 10);
      assert.deepEqual(okData(await upQuery(fields('Pub', 'a.jpg'), [original(first)])), { id: itemId('photo', 'Pub', 'a_1.jpg') });
      okData(await upQuery(fields('Pub', 'a.jpg'), [original(first)]));
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Pub'), sort_by: 'filename' })).items),
        ['Pub/a.jpg', 'Pub/a_1.jpg', 'Pub/a_2.jpg', 'Pub/b.jpg', 'Pub/c.mp4']);
      assert.equal((await info(itemId('photo', 'Pub', 'a_1.jpg'))).info.title, 'a_1');
      const ignored = await upQuery(fields('Pub', 'a.jpg', 'ignore'), [original(jpeg(30, 30))]);
      assert.equal(ignored.json!.success, true);
      assert.equal((await info(a)).info.resolutionx, 4000);
      const replacement = jpeg(300, 200, 200);
      okData(await upQuery(fields('Pub', 'a.jpg', 'overwrite'), [original(replacement)]));
      const replaced = await info(a);
      assert.deepEqual([replaced.info.resolutionx, replaced.info.resolutiony, replaced.info.title], [300, 200, 'Alpha']);
      assert.ok((await download(a)).equals(replacement));
      const tags = (await s.ok(PHOTO_TAG, 'list', { id: a, type: 'desc,people,geo' })).tags.map((t: any) => t.name).sort();
      assert.deepEqual(tags, ['Ann', 'Beach', 'Kiel'], 'a replaced photo keeps all its tags, geo included');
      assert.equal((await listPhotos(s, { filter_album: albumId('Pub') })).total, 5);
    });

    it('overwriting a video drops its location tags and keeps the others (§5.12)', async () => {
      const c = itemId('video', 'Pub', 'c.mp4');
      const { id: kiel } = await s.ok(TAG, 'create', { name: 'Kiel', type: 'geo' });
      await s.ok(PHOTO_TAG, 'geo_tag', { id: c, tag_id: kiel });
      assert.deepEqual((await s.ok(PHOTO_TAG, 'list', { id: c, type: 'geo,desc' })).tags.map((t: any) => t.name).sort(), ['Beach', 'Kiel']);
      okData(await upQuery(fields('Pub', 'c.mp4', 'overwrite', '1000000000'), [original(Buffer.from('new video'), 'c.mp4')], admin, QV));
      assert.deepEqual((await s.ok(PHOTO_TAG, 'list', { id: c, type: 'geo,desc' })).tags.map((t: any) => t.name), ['Beach']);
      assert.equal((await info(c)).info.takendate, '2001-09-09 01:46:40');
    });

    it('hides new uploads until the indexing delay has passed', async () => {
      await s.control('POST', 'config', { indexingDelayMs: 60_000 });
      try {
        const id = itemId('photo', 'Empty', 'slow.jpg');
        okData(await upQuery(fields('Empty', 'slow.jpg'), [original(jpeg(8, 8))]));
        assert.equal((await listPhotos(s, { filter_album: albumId('Empty') })).total, 0);
        assert.equal(await s.code(PHOTO, 'getinfo', { id }), 456);
        await s.control('POST', 'clock', { advanceMs: 30_000 });
        assert.equal((await listPhotos(s, { filter_album: albumId('Empty') })).total, 0);
        await s.control('POST', 'clock', { advanceMs: 31_000 });
        assert.equal((await listPhotos(s, { filter_album: albumId('Empty') })).total, 1);
        assert.equal((await info(id)).info.name, 'slow.jpg');
      } finally {
        await s.control('POST', 'clock', { real: true });
        await s.control('POST', 'config', { indexingDelayMs: 0 });
      }
    });

    it('answers a broken multipart body with the error envelope', async () => {
      const post = (body: Buffer | string, type: string): Promise<RawResponse> => request(`${s.sim.baseUrl}file.php?${new URLSearchParams({ ...Q, ...fields('Pub', 'x.jpg') })}`, {
        method: 'POST', headers: { 'Content-Type': type, Cookie: `PHPSESSID=${admin}` }, body,
      });
      const cases: Array<[string | Buffer, string]> = [
        ['garbage', 'multipart/form-data'],
        ['garbage', 'multipart/form-data; boundary=abc'],
        ['--abc\r\nContent-Disposition: form-data; name="original"; filename="x.jpg"\r\n\r\nunterminated', 'multipart/form-data; boundary=abc'],
        ['--abc\r\nno headers end', 'multipart/form-data; boundary=abc'],
        ['--abc\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc--', 'multipart/form-data; boundary=abc'],
        [Buffer.alloc(100_000, 0xff), 'multipart/form-data; boundary=abc'],
        ['--abc--', 'multipart/form-data; boundary=abc'],
      ];
      for (const [body, type] of cases) {
        const res = await post(body, type);
        assert.equal(res.status, 200);
        assert.equal(res.json?.success, false, String(body).slice(0, 40));
        assert.ok([101, 516, 520, 521].includes(res.json!.error!.code), `code ${res.json!.error!.code}`);
      }
    });
  });

  describe('legacy asst_file_upload.php', () => {
    const legacy = (headers: Record<string, string>, body: Buffer | string = Buffer.alloc(0), cookie: string | null = admin) =>
      request(`${s.sim.origin}/photo/include/asst_file_upload.php`, {
        method: 'POST', body,
        headers: { 'Content-Type': 'application/octet-stream', ...(cookie ? { Cookie: `PHPSESSID=${cookie}` } : {}), ...headers },
      });
    const part = (path: string, fname: string, type: string, extra: Record<string, string> = {}) => ({
      'X-PATH': encodeURIComponent(path), 'X-ORIG-FNAME': encodeURIComponent(fname), 'X-UPLOAD-TYPE': type, 'X-DUPLICATE': 'OVERWRITE', ...extra,
    });
    const answer = (res: RawResponse): { success: boolean; err_msg?: string } => {
      assert.equal(res.status, 200);
      assert.ok(res.json, `JSON expected, got ${res.body.toString('utf8').slice(0, 80)}`);
      return res.json as { success: boolean; err_msg?: string };
    };

    it('uploads a photo batch: thumbnails first, CUST_TITLE, ORIG_FILE last', async () => {
      const data = jpeg(800, 600);
      const path = 'Fotos/Köln';
      const fname = 'Dom & Rhein.jpg';
      assert.deepEqual(answer(await legacy(part(path, fname, 'THUM_B', { 'X-IS-BATCH-FIRST-FILE': '1' }), jpeg(640, 480))), { success: true });
      for (const t of ['THUM_M', 'THUM_S', 'THUM_L', 'THUM_XL']) assert.equal(answer(await legacy(part(path, fname, t), jpeg(100, 75))).success, true);
      // Nothing exists until the original arrives.
      assert.equal((await listPhotos(s, { filter_album: albumId(path) })).total, 1);
      assert.equal(answer(await legacy(part(path, fname, 'CUST_TITLE'), 'Der Dom im Abendlicht\r\n')).success, true);
      const last = await legacy(part(path, fname, 'ORIG_FILE', { 'X-IS-BATCH-LAST-FILE': '1', 'X-LAST-MODIFIED-TIME': '1400000000' }), data);
      assert.equal(answer(last).success, true);
      const id = itemId('photo', path, fname);
      const item = await info(id);
      assert.deepEqual([item.info.title, item.info.resolutionx, item.info.resolutiony], ['Der Dom im Abendlicht', 800, 600]);
      assert.ok((await download(id)).equals(data));
      const stats = await s.control('GET', 'stats');
      assert.equal(stats.requests.byMethod['asst_file_upload.php.ORIG_FILE'], 1);
    });

    it('uploads a video batch with MP4 renditions; X-LAST-MODIFIED-TIME is its capture date', async () => {
      const fname = 'trip.mp4';
      for (const t of ['THUM_B', 'THUM_M', 'THUM_S', 'THUM_XL', 'MP4_HIGH', 'MP4_MEDIUM', 'MP4_LOW', 'MP4_MOBILE']) {
        assert.equal(answer(await legacy(part('Pub', fname, t), Buffer.from(t))).success, true, t);
      }
      answer(await legacy(part('Pub', fname, 'ORIG_FILE', { 'X-LAST-MODIFIED-TIME': '1300000000' }), Buffer.from('video bytes')));
      const item = await info(itemId('video', 'Pub', fname));
      assert.deepEqual([item.type, item.info.title, item.info.takendate], ['video', 'trip', '2011-03-13 07:06:40']);
    });

    it('accepts an ORIG_FILE-only batch, a leading slash in X-PATH and the root', async () => {
      assert.equal(answer(await legacy(part('/Pub/Sub', 'lone.jpg', 'ORIG_FILE'), jpeg(10, 10))).success, true);
      assert.equal((await info(itemId('photo', 'Pub/Sub', 'lone.jpg'))).info.title, 'lone');
      assert.equal(answer(await legacy(part('', 'top.jpg', 'ORIG_FILE'), jpeg(10, 10))).success, true);
      await info('photo_2f_746f702e6a7067');
    });

    it('creates folders with FOLDER and needs upload right there', async () => {
      assert.equal(answer(await legacy(part('Pub', 'New Folder', 'FOLDER'))).success, true);
      assert.equal(answer(await legacy(part('Pub/New Folder', 'in.jpg', 'ORIG_FILE'), jpeg(4, 4))).success, true);
      await info(itemId('photo', 'Pub/New Folder', 'in.jpg'));
      const denied = answer(await legacy(part('Pub', 'Other', 'FOLDER'), '', mallory));
      assert.equal(denied.success, false);
      assert.equal(typeof denied.err_msg, 'string');
      assert.equal(answer(await legacy(part('Pub', '@eaDir', 'FOLDER'))).success, false);
    });

    it('X-DUPLICATE SKIP keeps the existing file, OVERWRITE replaces it', async () => {
      const a = itemId('photo', 'Pub', 'a.jpg');
      const skip = answer(await legacy(part('Pub', 'a.jpg', 'ORIG_FILE', { 'X-DUPLICATE': 'SKIP' }), jpeg(64, 32)));
      assert.equal(skip.success, true);
      assert.equal((await info(a)).info.resolutionx, 4000);
      assert.equal(answer(await legacy(part('Pub', 'a.jpg', 'ORIG_FILE', { 'X-DUPLICATE': 'OVERWRITE' }), jpeg(64, 32))).success, true);
      assert.deepEqual([(await info(a)).info.resolutionx, (await info(a)).info.resolutiony], [64, 32]);
      assert.equal((await listPhotos(s, { filter_album: albumId('Pub') })).total, 3);
    });

    it('answers {success:false, err_msg} for every refusal', async () => {
      const refusals: Array<[Record<string, string>, Buffer | string, string | null]> = [
        [part('Pub', 'x.jpg', 'ORIG_FILE'), jpeg(4, 4), null],
        [part('Pub', 'x.jpg', 'ORIG_FILE'), jpeg(4, 4), 'not-a-session'],
        [part('Nowhere', 'x.jpg', 'ORIG_FILE'), jpeg(4, 4), admin],
        [part('Priv', 'x.jpg', 'ORIG_FILE'), jpeg(4, 4), alice],
        [part('Pub', 'notes.txt', 'ORIG_FILE'), 'text', admin],
        [{ 'X-PATH': 'Pub', 'X-UPLOAD-TYPE': 'ORIG_FILE' }, jpeg(4, 4), admin],
        [{ 'X-PATH': '%E0%A4%A', 'X-ORIG-FNAME': '%zz', 'X-UPLOAD-TYPE': 'ORIG_FILE' }, jpeg(4, 4), admin],
        [part('Pub', 'Sub/sneaky.jpg', 'ORIG_FILE'), jpeg(4, 4), admin],
        [part('Pub', '@eaDir.jpg', 'ORIG_FILE'), jpeg(4, 4), admin],
        [part('Pub', `${'n'.repeat(300)}.jpg`, 'ORIG_FILE'), jpeg(4, 4), admin],
      ];
      for (const [headers, body, cookie] of refusals) {
        const res = answer(await legacy(headers, body, cookie));
        assert.equal(res.success, false, JSON.stringify(headers));
        assert.equal(typeof res.err_msg, 'string');
        assert.ok(res.err_msg!.length > 0);
        assert.deepEqual(Object.keys(res).sort(), ['err_msg', 'success']);
      }
      assert.equal(answer(await legacy(part('Priv', 'ok.jpg', 'ORIG_FILE'), jpeg(4, 4), bob)).success, true);
      assert.deepEqual(names((await listPhotos(s, { filter_album: albumId('Pub/Sub') })).items), ['Pub/Sub/d.jpg']);
      assert.equal((await listPhotos(s, { filter_album: albumId('Pub') })).total, 3);
    });

    it('reproduces the square-bracket bug only when enabled', async () => {
      assert.equal(answer(await legacy(part('Pub', 'a [1].jpg', 'ORIG_FILE'), jpeg(4, 4))).success, true);
      await s.control('POST', 'config', { bracketBug: true });
      const res = await legacy(part('Pub', 'b [2].jpg', 'ORIG_FILE'), jpeg(4, 4));
      assert.equal(res.status, 200);
      assert.equal(res.json, undefined);
      assert.throws(() => JSON.parse(res.body.toString('utf8')));
      assert.equal(answer(await legacy(part('Pub', 'plain.jpg', 'ORIG_FILE'), jpeg(4, 4))).success, true);
      await s.control('POST', 'config', { bracketBug: false });
    });

    it('is not a web API: personal instances have their own endpoint', async () => {
      const res = await request(`${s.sim.origin}/~alice/photo/include/asst_file_upload.php`, {
        method: 'POST', body: jpeg(4, 4),
        headers: { Cookie: `PHPSESSID=${alice}`, ...part('', 'mine.jpg', 'ORIG_FILE') },
      });
      assert.equal(answer(res).success, true);
      const mine = await s.ok(PHOTO, 'getinfo', { id: 'photo_2f_6d696e652e6a7067' }, { base: `${s.sim.origin}/~alice/photo/webapi/`, cookie: alice });
      assert.equal(mine[0].info.name, 'mine.jpg');
      assert.equal(await s.code(PHOTO, 'getinfo', { id: 'photo_2f_6d696e652e6a7067' }), 456, 'not in the standard instance');
    });
  });
});
