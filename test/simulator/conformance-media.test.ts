// Conformance of Thumb, Download, Cover set, Comment, About and DsmShare (spec §3.12–§3.14, §3.16, §3.18, §3.19,
// §5.5, §5.6) over real HTTP.
import assert from 'node:assert/strict';
import { albumId, itemId, Sim, type RawResponse } from './harness';
import { A, ABOUT, B, C, COMMENT, COVER, D, DOWNLOAD, DSM_SHARE, GHOST, P, Q, S, THUMB, assertNoInternalErrors, library, postMultipart, sofSize } from './conformance-helpers';
import { placeholderJpeg } from '../../src/simulator/jpeg';


describe('conformance: Thumb, Download, Cover, Comment, About, DsmShare', function () {
  const s = new Sim();
  let admin: string;
  let alice: string;
  let mallory: string;

  const binary = (res: RawResponse): Buffer => {
    assert.equal(res.status, 200);
    assert.equal(res.json, undefined, `expected bytes, got ${res.body.toString('utf8').slice(0, 100)}`);
    return res.body;
  };
  const thumb = async (id: string, size: string, opts: { cookie?: string | null } & Record<string, unknown> = {}, extra = {}) =>
    s.call(THUMB, 'get', { id, size, ...extra }, opts);
  const thumbSize = async (id: string, size: string, extra = {}): Promise<[number, number]> => {
    const res = await thumb(id, size, {}, extra);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    const { width, height } = sofSize(binary(res));
    return [width, height];
  };
  const settings = (body: Record<string, boolean>) => s.control('POST', 'settings', body);

  before(() => s.start({ seed: 'empty', fixture: library() }));
  beforeEach(async () => {
    await s.control('POST', 'reset', { seed: 'empty', fixture: library() });
    admin = await s.login('admin', 'admin');
    alice = await s.login('alice', 'alice', false);
    mallory = await s.login('mallory', 'mallory', false);
  });
  afterEach(() => assertNoInternalErrors(s));
  after(() => s.stop());

  describe('Thumb get', () => {
    it('returns a JPEG whose SOF size is the thumbnail size (preview 160, small 320, large 1280, never enlarged)', async () => {
      assert.deepEqual(await thumbSize(A, 'preview'), [160, 120]);
      assert.deepEqual(await thumbSize(A, 'small'), [320, 240]);
      assert.deepEqual(await thumbSize(A, 'large'), [1280, 960]);
      assert.deepEqual(await thumbSize(B, 'large'), [960, 1280]);
      assert.deepEqual(await thumbSize(B, 'preview'), [120, 160]);
      assert.deepEqual(await thumbSize(D, 'large'), [100, 50]);
      assert.deepEqual(await thumbSize(D, 'preview'), [100, 50]);
      assert.deepEqual(await thumbSize(C, 'small'), [320, 180], 'videos have thumbnails too');
      const bytes = binary(await thumb(A, 'small'));
      assert.deepEqual([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)], [0xff, 0xd8, 0xff, 0xd9]);
      assert.equal(Number((await thumb(A, 'small')).headers['content-length']), bytes.length);
    });

    it('serves album covers (first item, or the chosen cover); 503 for an album without items', async () => {
      assert.deepEqual(await thumbSize(albumId('Pub'), 'large'), [1280, 960]);
      await s.ok(COVER, 'set', { id: albumId('Pub'), item_id: B });
      assert.deepEqual(await thumbSize(albumId('Pub'), 'large'), [960, 1280]);
      assert.equal(await s.code(THUMB, 'get', { id: albumId('Empty'), size: 'small' }), 503);
      assert.equal(await s.code(THUMB, 'get', { id: albumId('Priv'), size: 'small' }, { cookie: mallory }), 502);
      assert.equal(await s.code(THUMB, 'get', { id: albumId('Nope'), size: 'small' }), 501);
    });

    it('answers 501 for bad parameters, 502 without browse right, 504 for a missing file', async () => {
      assert.equal(await s.code(THUMB, 'get', { size: 'small' }), 501);
      assert.equal(await s.code(THUMB, 'get', { id: A, size: 'huge' }), 501);
      assert.equal(await s.code(THUMB, 'get', { id: A, size: '__proto__' }), 501);
      assert.equal(await s.code(THUMB, 'get', { id: 'photo_zz_zz', size: 'small' }), 501);
      assert.equal(await s.code(THUMB, 'get', { id: 'tag_1', size: 'small' }), 501);
      assert.equal(await s.code(THUMB, 'get', { id: GHOST, size: 'small' }), 504);
      assert.equal(await s.code(THUMB, 'get', { id: P, size: 'small' }, { cookie: mallory }), 502);
      assert.equal(await s.code(THUMB, 'get', { id: P, size: 'small' }, { cookie: null }), 502);
      binary(await thumb(P, 'small', { cookie: alice }));
      assert.equal(await s.code(THUMB, 'get', { id: S, size: 'small' }, { cookie: null }), 502);
      binary(await thumb(S, 'small', { cookie: null }, { password: 'pw' }));
      binary(await thumb(A, 'small', { cookie: null }));
    });

    it('serves visitors of a public share the items of that share only', async () => {
      binary(await thumb(B, 'small', { cookie: null }, { public_share_id: 'shareOne' }));
      assert.equal(await s.code(THUMB, 'get', { id: A, size: 'small', public_share_id: 'shareOne' }, { cookie: null }), 502);
      assert.equal(await s.code(THUMB, 'get', { id: B, size: 'small', public_share_id: 'nope' }, { cookie: null }), 502);
    });
  });

  describe('Download', () => {
    it('lets admins always download, others only with the download switches (507 otherwise)', async () => {
      const photo = await s.call(DOWNLOAD, 'getphoto', { id: A });
      assert.equal(photo.headers['content-type'], 'image/jpeg');
      assert.match(String(photo.headers['content-disposition']), /^attachment; filename="a\.jpg"/);
      assert.deepEqual(sofSize(binary(photo)), { width: 4000, height: 3000 });
      binary(await s.call(DOWNLOAD, 'getvideo', { id: C }));
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: A }, { cookie: alice }), 507);
      assert.equal(await s.code(DOWNLOAD, 'getvideo', { id: C }, { cookie: alice }), 507);
      await settings({ allow_download_orig: true });
      binary(await s.call(DOWNLOAD, 'getphoto', { id: A }, { cookie: alice }));
      binary(await s.call(DOWNLOAD, 'getphoto', { id: P }, { cookie: alice }));
      assert.equal(await s.code(DOWNLOAD, 'getvideo', { id: C }, { cookie: alice }), 507, 'videos have their own switch');
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: P }, { cookie: mallory }), 507, 'still needs browse right');
      await settings({ allow_download_video: true, allow_download_orig: false });
      const video = await s.call(DOWNLOAD, 'getvideo', { id: C }, { cookie: alice });
      binary(video);
      assert.match(String(video.headers['content-disposition']), /filename="c\.mp4"/);
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: A }, { cookie: alice }), 507);
    });

    it('answers 506 for bad parameters and kind mismatches', async () => {
      assert.equal(await s.code(DOWNLOAD, 'getphoto', {}), 506);
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: 'photo_zz' }), 506);
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: C }), 506);
      assert.equal(await s.code(DOWNLOAD, 'getvideo', { id: A }), 506);
      assert.equal(await s.code(DOWNLOAD, 'getphoto', { id: GHOST }), 506);
    });

    const upload = async (dir: string, name: string, data: Buffer): Promise<void> => {
      const up = await postMultipart(s, { api: 'SYNO.PhotoStation.File', method: 'uploadphoto', version: '1' }, [
        { name: 'dest_folder_path', value: dir }, { name: 'duplicate', value: 'rename' },
        { name: 'filename', value: name }, { name: 'mtime', value: '1600000000' },
        { name: 'original', value: data, filename: name, contentType: 'image/jpeg' },
      ], admin);
      assert.equal(up.json!.success, true, up.body.toString());
    };

    it('returns uploaded bytes byte-identical', async () => {
      const original = Buffer.concat([placeholderJpeg(33, 21, 77), Buffer.from([0, 255, 0x0d, 0x0a, 0x2d, 0x2d]), Buffer.from('trailing')]);
      await upload('Fotos/Köln', 'upload.jpg', original);
      const res = await s.call(DOWNLOAD, 'getphoto', { id: itemId('photo', 'Fotos/Köln', 'upload.jpg') });
      assert.ok(binary(res).equals(original));
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="upload\.jpg"/);
    });

    // Node refuses a non-ASCII header value: the quoted filename is ASCII-only, filename* carries the real name.
    it('downloads an item with a non-ASCII file name (Content-Disposition filename*)', async () => {
      const original = placeholderJpeg(12, 10, 99);
      await upload('Fotos/Köln', 'Straße.jpg', original);
      const res = await s.call(DOWNLOAD, 'getphoto', { id: itemId('photo', 'Fotos/Köln', 'Straße.jpg') });
      assert.ok(binary(res).equals(original));
      assert.match(String(res.headers['content-disposition']), /filename="Stra_e\.jpg"; filename\*=UTF-8''Stra%C3%9Fe\.jpg/);
    });
  });

  describe('Cover set', () => {
    it('sets a direct item as cover; 527/528/529/526/101', async () => {
      await s.ok(COVER, 'set', { id: albumId('Pub'), item_id: C });
      assert.deepEqual(await thumbSize(albumId('Pub'), 'small'), [320, 180]);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Nope'), item_id: A }), 527);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Pub'), item_id: GHOST }), 528);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Pub'), item_id: D }), 529, 'sub-album items are not direct children');
      assert.equal(await s.code(COVER, 'set', { id: albumId('Pub'), item_id: A }, { cookie: mallory }), 526);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Priv'), item_id: P }, { cookie: alice }), 526);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Pub'), item_id: A }, { cookie: null }), 105);
      assert.equal(await s.code(COVER, 'set', { id: albumId('Pub') }), 101);
      assert.equal(await s.code(COVER, 'set', { item_id: A }), 101);
      assert.equal(await s.code(COVER, 'set', { id: A, item_id: A }), 101);
    });
  });

  describe('Comment', () => {
    it('creates and lists comments oldest first (§3.0.5 shape)', async () => {
      await s.control('POST', 'clock', { now: '2030-01-02T03:04:05Z', pinned: true });
      try {
        admin = await s.login('admin', 'admin');
        alice = await s.login('alice', 'alice', false);
        const first = await s.ok(COMMENT, 'create', { id: A, name: 'Ann', comment: 'Great light!' });
        assert.match(first.id, /^comment_\d+$/);
        await s.control('POST', 'clock', { advanceMs: 60_000 });
        const second = await s.ok(COMMENT, 'create', { id: A, name: 'alice@Lr', comment: 'Zeile 1\r\nZeile 2 – ä' }, { cookie: alice });
        const list = await s.ok(COMMENT, 'list', { id: A }, { cookie: null });
        assert.deepEqual(list.comments, [
          { id: first.id, date: '2030-01-02 03:04:05', name: 'Ann', email: 'admin@example.invalid', comment: 'Great light!' },
          { id: second.id, date: '2030-01-02 03:05:05', name: 'alice@Lr', email: 'alice@example.invalid', comment: 'Zeile 1\r\nZeile 2 – ä' },
        ]);
        assert.deepEqual(await s.ok(COMMENT, 'list', { id: B }), { comments: [] });
        // Comments on a sub-album item follow the level-1 album's allow_comment.
        await s.ok(COMMENT, 'create', { id: D, name: 'x', comment: 'below' });
      } finally {
        await s.control('POST', 'clock', { real: true });
      }
    });

    it('enforces allow_comment (album and user), browse right (492) and validation (491)', async () => {
      assert.equal(await s.code(COMMENT, 'create', { id: Q, name: 'x', comment: 'quiet please' }), 492);
      const nocomment = await s.login('nocomment', 'nocomment', false);
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x', comment: 'hi' }, { cookie: nocomment }), 492);
      assert.equal(await s.code(COMMENT, 'create', { id: P, name: 'x', comment: 'hi' }, { cookie: mallory }), 492);
      assert.equal(await s.code(COMMENT, 'list', { id: P }, { cookie: mallory }), 492);
      await s.ok(COMMENT, 'create', { id: P, name: 'x', comment: 'hi' }, { cookie: alice });
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x', comment: '' }), 491);
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x', comment: '   ' }), 491);
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x' }), 491);
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x', comment: 'y'.repeat(100_000) }), 491);
      assert.equal(await s.code(COMMENT, 'create', { id: A, name: 'x', comment: 'hi' }, { cookie: null }), 105);
      assert.equal(await s.code(COMMENT, 'list', {}), 101);
      assert.equal(await s.code(COMMENT, 'list', { id: GHOST }), 101);
      assert.equal((await s.ok(COMMENT, 'list', { id: A })).comments.length, 0);
    });
  });

  describe('About and DsmShare', () => {
    it('About get/set/set_visibility: readable by all, writable by admins only (105)', async () => {
      const empty = await s.ok(ABOUT, 'get', {}, { cookie: null });
      assert.equal(empty.has_content, false);
      assert.equal(typeof empty.html, 'string');
      await s.ok(ABOUT, 'set', { html: '<div>Hello, I am Ann.</div>' });
      assert.deepEqual(await s.ok(ABOUT, 'get', {}, { cookie: null }), { html: '<div>Hello, I am Ann.</div>', has_content: true });
      assert.equal(await s.code(ABOUT, 'set', { html: '<b>x</b>' }, { cookie: alice }), 105);
      assert.equal(await s.code(ABOUT, 'set', { html: '<b>x</b>' }, { cookie: null }), 105);
      assert.equal(await s.code(ABOUT, 'set', {}), 101);
      await s.ok(ABOUT, 'set_visibility', { hidden: 'true', title: 'Über mich' });
      assert.equal(await s.code(ABOUT, 'set_visibility', { hidden: 'false' }, { cookie: alice }), 105);
      assert.equal(await s.code(ABOUT, 'set_visibility', { hidden: 'perhaps' }), 101);
    });

    it('DsmShare is for admins only (547); the simulated NAS has no DSM shares', async () => {
      assert.deepEqual(await s.ok(DSM_SHARE, 'list', { offset: 0, limit: -1, type: 'folder,photo' }), { total: 0, offset: 0, items: [] });
      assert.equal(await s.code(DSM_SHARE, 'list', { offset: 0, limit: -1, type: 'folder' }, { cookie: alice }), 547);
      assert.equal(await s.code(DSM_SHARE, 'list', { offset: 0, limit: -1, type: 'folder' }, { cookie: null }), 105);
      assert.equal(await s.code(DSM_SHARE, 'copy', { id: 'dsmshare_2f', sharepath: albumId('Pub') }, { cookie: alice }), 547);
      assert.equal(await s.code(DSM_SHARE, 'copy', { id: 'dsmshare_2f', sharepath: albumId('Pub') }), 546);
      assert.equal(await s.code(DSM_SHARE, 'copymusic', { id: 'dsmshare_2f' }, { cookie: alice }), 547);
    });
  });

  it('survives hostile parameters on every media method', async () => {
    const huge = 'z'.repeat(20_000);
    const calls: Array<[string, string]> = [
      [THUMB, 'get'], [DOWNLOAD, 'getphoto'], [DOWNLOAD, 'getvideo'], [DOWNLOAD, 'getalbum'], [COVER, 'set'], [COVER, 'setsmart'],
      [COMMENT, 'list'], [COMMENT, 'create'], [ABOUT, 'set'], [DSM_SHARE, 'list'],
    ];
    for (const [api, method] of calls) {
      for (const id of ['', '__proto__', huge, 'photo_2f_', 'album_', `${A},${A},${A}`]) {
        const res = await s.call(api, method, { id, item_id: id, size: huge, password: huge, public_share_id: huge, comment: huge, html: huge });
        assert.equal(res.status, 200, `${api} ${method}`);
      }
    }
  });
});
