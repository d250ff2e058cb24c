// Pure pieces of the client that need no server: error table, url resolution, form
// encoding, paging arithmetic, fingerprint parsing.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import {
  ClientErrorCode,
  ERROR_CODES,
  PhotoStationClient,
  PhotoStationError,
  collect,
  describeCode,
  normalizeFingerprint,
  paginate,
  rebaseUrl,
  resolveStationUrl,
} from '../../src/photostation';
import { encodeForm, encodeMultipart } from '../../src/photostation/form';

// Every code of spec §1.6 with its name (401-405 have none in the spec).
const SPEC_CODES: Record<number, string> = {
  100: 'WEBAPI_ERR_UNKNOWN', 101: 'WEBAPI_ERR_BAD_REQUEST', 102: 'WEBAPI_ERR_NO_SUCH_API', 103: 'WEBAPI_ERR_NO_SUCH_METHOD',
  104: 'WEBAPI_ERR_NOT_SUPPORTED_VERSION', 105: 'WEBAPI_ERR_NO_PERMISSION', 106: 'WEBAPI_ERR_SESSION_TIMEOUT', 107: 'WEBAPI_ERR_SESSION_INTERRUPT',
  406: 'PHOTOSTATION_AUTH_LOGIN_NOPRIVILEGE', 407: 'PHOTOSTATION_AUTH_LOGIN_ERROR', 408: 'PHOTOSTATION_AUTH_LOGIN_DISABLE_ACCOUNT',
  409: 'PHOTOSTATION_AUTH_LOGIN_GUEST_ERROR', 410: 'PHOTOSTATION_AUTH_LOGIN_MAX_TRIES', 416: 'PHOTOSTATION_ALBUM_PASSWORD_ERROR',
  417: 'PHOTOSTATION_ALBUM_NO_ACCESS_RIGHT', 418: 'PHOTOSTATION_ALBUM_NO_UPLOAD_RIGHT', 419: 'PHOTOSTATION_ALBUM_NO_MANAGE_RIGHT',
  420: 'PHOTOSTATION_ALBUM_NOT_ADMIN', 421: 'PHOTOSTATION_ALBUM_HAS_EXIST', 422: 'PHOTOSTATION_ALBUM_CREATE_FAIL', 423: 'PHOTOSTATION_ALBUM_EDIT_FAIL',
  424: 'PHOTOSTATION_ALBUM_DELETE_FAIL', 425: 'PHOTOSTATION_ALBUM_SELECT_CONFLICT', 426: 'PHOTOSTATION_PERMISSION_BAD_PARAMS',
  427: 'PHOTOSTATION_PERMISSION_ACCESS_DENY', 436: 'PHOTOSTATION_TAG_LIST_FAIL', 437: 'PHOTOSTATION_TAG_GETINFO_FAIL', 438: 'PHOTOSTATION_TAG_CREATE_FAIL',
  439: 'PHOTOSTATION_TAG_EDIT_FAIL', 440: 'PHOTOSTATION_TAG_ACCESS_DENY', 441: 'PHOTOSTATION_TAG_HAS_EXIST', 442: 'PHOTOSTATION_TAG_SEARCH_FAIL',
  446: 'PHOTOSTATION_SMARTALBUM_CREATE_FAIL', 447: 'PHOTOSTATION_SMARTALBUM_EDIT_FAIL', 448: 'PHOTOSTATION_SMARTALBUM_ACCESS_DENY',
  449: 'PHOTOSTATION_SMARTALBUM_NOT_EXIST', 450: 'PHOTOSTATION_SMARTALBUM_TAG_NOT_EXIST', 451: 'PHOTOSTATION_SMARTALBUM_CREATE_FAIL_EXIST',
  456: 'PHOTOSTATION_PHOTO_BAD_PARAMS', 457: 'PHOTOSTATION_PHOTO_ACCESS_DENY', 458: 'PHOTOSTATION_PHOTO_SELECT_CONFLICT',
  466: 'PHOTOSTATION_PHOTO_TAG_ACCESS_DENY', 467: 'PHOTOSTATION_PHOTO_TAG_NOT_EXIST', 468: 'PHOTOSTATION_PHOTO_TAG_DUPLICATE',
  469: 'PHOTOSTATION_PHOTO_TAG_VIDEO_NOT_EXIST', 470: 'PHOTOSTATION_PHOTO_TAG_ADD_GEO_DESC_FAIL', 471: 'PHOTOSTATION_PHOTO_TAG_ADD_PEOPLE_FAIL',
  472: 'PHOTOSTATION_PHOTO_TAG_DELETE_FAIL', 473: 'PHOTOSTATION_PHOTO_TAG_PEOPLE_TAG_CONFIRM_FAIL', 476: 'PHOTOSTATION_CATEGORY_ACCESS_DENY',
  477: 'PHOTOSTATION_CATEGORY_WRONG_ID_FORMAT', 478: 'PHOTOSTATION_CATEGORY_GETINFO_FAIL', 479: 'PHOTOSTATION_CATEGORY_CREATE_FAIL',
  480: 'PHOTOSTATION_CATEGORY_DELETE_FAIL', 481: 'PHOTOSTATION_CATEGORY_EDIT_FAIL', 482: 'PHOTOSTATION_CATEGORY_ARRANGE_FAIL',
  483: 'PHOTOSTATION_CATEGORY_ADD_ITEM_FAIL', 484: 'PHOTOSTATION_CATEGORY_LIST_ITEM_FAIL', 485: 'PHOTOSTATION_CATEGORY_REMOVE_ITEM_FAIL',
  486: 'PHOTOSTATION_CATEGORY_ARRANGE_ITEM_FAIL', 487: 'PHOTOSTATION_CATEGORY_DUPLICATE', 491: 'PHOTOSTATION_COMMENT_VALIDATE_FAIL',
  492: 'PHOTOSTATION_COMMENT_ACCESS_DENY', 493: 'PHOTOSTATION_COMMENT_CREATE_FAIL', 501: 'PHOTOSTATION_THUMB_BAD_PARAMS',
  502: 'PHOTOSTATION_THUMB_ACCESS_DENY', 503: 'PHOTOSTATION_THUMB_NO_COVER', 504: 'PHOTOSTATION_THUMB_FILE_NOT_EXISTS',
  506: 'PHOTOSTATION_DOWNLOAD_BAD_PARAMS', 507: 'PHOTOSTATION_DOWNLOAD_ACCESS_DENY', 508: 'PHOTOSTATION_DOWNLOAD_CHDIR_ERROR',
  516: 'PHOTOSTATION_FILE_BAD_PARAMS', 517: 'PHOTOSTATION_FILE_ACCESS_DENY', 518: 'PHOTOSTATION_FILE_FILE_EXT_ERR', 519: 'PHOTOSTATION_FILE_DIR_NOT_EXISTS',
  520: 'PHOTOSTATION_FILE_UPLOAD_ERROR', 521: 'PHOTOSTATION_FILE_NO_FILE', 522: 'PHOTOSTATION_FILE_UPLOAD_CANT_WRITE', 526: 'PHOTOSTATION_COVER_ACCESS_DENY',
  527: 'PHOTOSTATION_COVER_ALBUM_NOT_EXIST', 528: 'PHOTOSTATION_COVER_PHOTO_VIDEO_NOT_EXIST', 529: 'PHOTOSTATION_COVER_PHOTO_VIDEO_NOT_IN_ALBUM',
  530: 'PHOTOSTATION_COVER_SET_FAIL', 531: 'PHOTOSTATION_ROTATE_ACCESS_DENY', 532: 'PHOTOSTATION_ROTATE_SET_FAIL',
  536: 'PHOTOSTATION_SLIDESHOWMUSIC_ACCESS_DENY', 537: 'PHOTOSTATION_SLIDESHOWMUSIC_SET_FAIL', 538: 'PHOTOSTATION_SLIDESHOWMUSIC_FILE_EXT_ERR',
  539: 'PHOTOSTATION_SLIDESHOWMUSIC_UPLOAD_ERROR', 540: 'PHOTOSTATION_SLIDESHOWMUSIC_NO_FILE', 541: 'PHOTOSTATION_SLIDESHOWMUSIC_EXCEED_LIMIT',
  546: 'PHOTOSTATION_DSMSHARE_UPLOAD_ERROR', 547: 'PHOTOSTATION_DSMSHARE_ACCESS_DENY', 551: 'PHOTOSTATION_SHARED_ALBUM_ACCESS_DENY',
  552: 'PHOTOSTATION_SHARED_ALBUM_BAD_PARAMS', 553: 'PHOTOSTATION_SHARED_ALBUM_HAS_EXISTED', 554: 'PHOTOSTATION_SHARED_ALBUM_CREATE_FAIL',
  555: 'PHOTOSTATION_SHARED_ALBUM_NOT_EXISTS', 556: 'PHOTOSTATION_SHARED_ALBUM_GET_INFO_ERROR', 557: 'PHOTOSTATION_SHARED_ALBUM_LIST_ERROR',
  561: 'PHOTOSTATION_LOG_ACCESS_DENY', 566: 'PHOTOSTATION_PATH_ACCESS_DENY', 571: 'PHOTOSTATION_ACL_NOT_SUPPORT', 572: 'PHOTOSTATION_ACL_CONVERT_FAIL',
  581: 'PHOTOSTATION_PHOTO_AREA_TAG_ADD_FAIL', 582: 'PHOTOSTATION_PHOTO_AREA_TAG_NOT_ENABLED', 583: 'PHOTOSTATION_PHOTO_AREA_TAG_DELETE_FAIL',
};

describe('client units', () => {
  describe('error table', () => {
    it('names every code of spec §1.6 exactly as the spec does', () => {
      for (const [code, name] of Object.entries(SPEC_CODES)) {
        assert.equal(ERROR_CODES[Number(code)]?.name, name, `code ${code}`);
      }
      for (const code of [401, 402, 403, 404, 405]) assert.ok(ERROR_CODES[code], `code ${code}`);
    });

    it('has a human message for every code, never just the number', () => {
      for (const [code, info] of Object.entries(ERROR_CODES)) {
        assert.ok(info.message.length > 10, `code ${code}`);
        assert.ok(!/^error \d+$/i.test(info.message), `code ${code}`);
      }
      const e = new PhotoStationError(416, { api: 'SYNO.PhotoStation.Album', method: 'list' });
      assert.match(e.message, /album password is wrong/);
      assert.equal(e.codeName, 'PHOTOSTATION_ALBUM_PASSWORD_ERROR');
      assert.equal(e.api, 'SYNO.PhotoStation.Album');
      assert.equal(e.method, 'list');
      assert.ok(e instanceof Error);
    });

    it('keeps client codes apart from server codes and knows which are transient', () => {
      for (const code of Object.values(ClientErrorCode)) {
        assert.ok(code > 1000 && ERROR_CODES[code]!.name.startsWith('CLIENT_'));
      }
      assert.ok(new PhotoStationError(ClientErrorCode.TIMEOUT).isTransient);
      assert.ok(new PhotoStationError(ClientErrorCode.HTTP, { httpStatus: 502 }).isTransient);
      assert.ok(!new PhotoStationError(ClientErrorCode.HTTP, { httpStatus: 404 }).isTransient);
      assert.ok(!new PhotoStationError(105).isTransient);
      assert.equal(describeCode(9999).name, 'PHOTOSTATION_UNKNOWN_CODE');
      assert.match(describeCode(408, 'SYNO.PhotoStation.Album').message, /missing album/);
      assert.match(describeCode(408, 'SYNO.PhotoStation.Auth').message, /disabled/);
    });
  });

  describe('station URL', () => {
    it('accepts the usual spellings of a standard station', () => {
      for (const u of ['nas.local:5000', 'http://nas.local:5000', 'http://nas.local:5000/', 'http://nas.local:5000/photo', 'http://nas.local:5000/photo/webapi/']) {
        assert.equal(resolveStationUrl(u).baseUrl, 'http://nas.local:5000/photo/webapi/', u);
      }
    });

    it('builds personal station URLs from the option or the path', () => {
      assert.equal(resolveStationUrl('https://nas', 'alice').baseUrl, 'https://nas/~alice/photo/webapi/');
      const r = resolveStationUrl('https://nas/~alice/photo/webapi/');
      assert.equal(r.baseUrl, 'https://nas/~alice/photo/webapi/');
      assert.equal(r.webRoot, 'https://nas/~alice/photo/');
      assert.equal(r.personal, 'alice');
      assert.throws(() => resolveStationUrl('https://nas/~alice/photo/', 'bob'), PhotoStationError);
    });

    it('refuses credentials in the URL and odd paths', () => {
      assert.throws(() => resolveStationUrl('http://admin:secret@nas/'), (e: unknown) => e instanceof PhotoStationError && !e.message.includes('secret'));
      assert.throws(() => resolveStationUrl('http://nas/other/'), PhotoStationError);
      assert.throws(() => resolveStationUrl('ftp://nas/'), PhotoStationError);
    });

    it('rebases share URLs onto the configured origin', () => {
      assert.equal(rebaseUrl('http://diskstation:5000/photo/share/Xk3p?x=1', 'https://photos.example.org'), 'https://photos.example.org/photo/share/Xk3p?x=1');
    });
  });

  describe('form encoding', () => {
    it('writes csv lists, true/false and %20, and leaves out absent values', () => {
      const body = encodeForm({ api: 'SYNO.PhotoStation.Album', id: ['album_61', 'album_62'], force_update: true, a: undefined, b: null, name: 'Köln & Co 100%' });
      assert.equal(body, 'api=SYNO.PhotoStation.Album&id=album_61%2Calbum_62&force_update=true&name=K%C3%B6ln%20%26%20Co%20100%25');
      const back = new URLSearchParams(body);
      assert.equal(back.get('name'), 'Köln & Co 100%');
      assert.equal(back.get('id'), 'album_61,album_62');
    });

    it('builds a multipart body a standard parser reads back', async () => {
      const jpeg = Buffer.from([0xff, 0xd8, 0x00, 0x0d, 0x0a, 0xff, 0xd9]);
      const mp = encodeMultipart({ dest_folder_path: 'Fotos/Köln', mtime: 5 }, [{ field: 'original', filename: 'a "b".jpg', data: jpeg, contentType: 'image/jpeg' }]);
      const form = await new Response(mp.body, { headers: { 'content-type': mp.contentType } }).formData();
      assert.equal(form.get('dest_folder_path'), 'Fotos/Köln');
      assert.equal(form.get('mtime'), '5');
      const file = form.get('original') as File;
      assert.ok(Buffer.from(await file.arrayBuffer()).equals(jpeg));
    });
  });

  describe('paging', () => {
    it('advances by the entries received and stops at total', async () => {
      const data = Array.from({ length: 23 }, (_, i) => i);
      const requests: number[] = [];
      const all = await collect(
        paginate(async (offset, limit) => {
          requests.push(offset);
          const items = data.slice(offset, offset + limit);
          return { total: data.length, offset: offset + items.length, items };
        }, { pageSize: 10 }),
      );
      assert.deepEqual(all, data);
      assert.deepEqual(requests, [0, 10, 20]);
    });

    it('stops on an empty page even if total promises more, and ignores a bogus server offset', async () => {
      let calls = 0;
      const all = await collect(
        paginate(async (offset) => {
          calls++;
          // A server that reports only the page size as offset, and a total that is too high.
          return offset < 6 ? { total: 100, offset: 3, items: [offset, offset + 1, offset + 2] } : { total: 100, offset: 0, items: [] };
        }, { pageSize: 3 }),
      );
      assert.deepEqual(all, [0, 1, 2, 3, 4, 5]);
      assert.equal(calls, 3);
    });
  });

  describe('TLS fingerprints', () => {
    it('accepts colon separated or plain hex in any case', () => {
      const hex = 'ab'.repeat(32);
      const want = Array(32).fill('AB').join(':');
      assert.equal(normalizeFingerprint(hex), want);
      assert.equal(normalizeFingerprint(want.toLowerCase()), want);
      assert.equal(normalizeFingerprint(`sha256:${want}`), want);
      assert.throws(() => normalizeFingerprint('AB:CD'), PhotoStationError);
      assert.throws(() => new PhotoStationClient({ url: 'https://nas', tls: { fingerprint: 'nope' } }), PhotoStationError);
    });
  });

  describe('secrets', () => {
    it('keeps the password out of toString, inspect and JSON of a client', () => {
      const c = new PhotoStationClient({ url: 'http://127.0.0.1:9', username: 'admin', password: 'S3cr3t-Pa55' });
      for (const text of [String(c), inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c), inspect(c.album, { showHidden: true, depth: 10 })]) {
        assert.ok(!text.includes('S3cr3t-Pa55'), text);
      }
      assert.match(String(c), /admin/);
    });
  });
});
