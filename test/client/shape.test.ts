// NAS answers whose fields lie about their type are refused where they enter, naming the field.
import assert from 'node:assert/strict';
import { ClientErrorCode, PhotoStationError } from '../../src/photostation/errors';
import { checkEntries, checkSharedAlbums, checkSmartAlbums } from '../../src/photostation/shape';

const ctx = { api: 'SYNO.PhotoStation.Album', method: 'list' };
const album = { id: 'album_46616d696c79', type: 'album', info: { sharepath: 'Family', name: 'Family', title: 'Family', description: '', type: 'public' }, additional: null };
const photo = { id: 'photo_46616d696c79_612e6a7067', type: 'photo', info: { name: 'a.jpg', title: 'a', size: 10, resolutionx: 4, resolutiony: 3 } };

function refused(fn: () => unknown, detail: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PhotoStationError);
    assert.equal(err.code, ClientErrorCode.BAD_RESPONSE);
    assert.match(err.message, detail);
    assert.match(err.message, /SYNO\.PhotoStation\.Album/);
    return true;
  });
}

describe('client: the shape of NAS entries (src/photostation/shape.ts)', () => {
  it('passes well-formed entries through as they are, unknown fields included', () => {
    const entries = [album, photo, { ...photo, info: undefined }, { ...photo, extra: [1, 2] }];
    assert.equal(checkEntries(entries, ctx), entries);
    assert.deepEqual(checkSharedAlbums([{ id: 3, name: 'x', additional: { public_share: { shareid: 'abc', share_status: 'valid' } } }], ctx).length, 1);
    assert.deepEqual(checkSmartAlbums([{ id: 'smart_1', name: 'x', condition: {} }], ctx).length, 1);
  });

  it('names the entry and field that lies', () => {
    refused(() => checkEntries([album, { ...photo, id: 42 }], ctx), /entry 1\.id is a number, not a string/);
    refused(() => checkEntries([{ ...album, info: { ...album.info, sharepath: ['Family'] } }], ctx), /entry 0\.info\.sharepath is a list, not a string/);
    refused(() => checkEntries([{ ...photo, info: { ...photo.info, title: { x: 1 } } }], ctx), /entry 0\.info\.title is an object, not a string/);
    refused(() => checkEntries([{ ...album, info: null }], ctx), /entry 0 \(an album\) has no info/);
    refused(() => checkEntries([null], ctx), /entry 0 is missing, not an object/);
    refused(() => checkSharedAlbums([{ id: '3', name: 'x' }], ctx), /shared album 0\.id is a string, not a number/);
    refused(() => checkSharedAlbums([{ id: 3, name: 'x', additional: { public_share: { shareid: 7 } } }], ctx), /public_share\.shareid is a number/);
    refused(() => checkSmartAlbums([{ id: 'smart_1', name: 5 }], ctx), /smart album 0\.name is a number/);
  });
});
