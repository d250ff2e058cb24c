// NAS answers whose fields lie about their type are refused where they enter, naming the field.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ClientErrorCode, PhotoStationError } from '../../src/photostation/errors';
import { checkEntries, checkSharedAlbums, checkSmartAlbums } from '../../src/photostation/shape';

const ROOT = resolve(__dirname, '../..');
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

  // The everyday path is a predicate compiled from the same specs: every field it checks must refuse
  // a wrong kind (and take null for an optional one), or a lying entry would slip through unnamed.
  it('checks every field of a photo entry, on the fast path too', () => {
    const fields: Record<string, unknown> = { name: 'a.jpg', title: 'a', description: '', createdate: '2020-01-01 00:00:00', takendate: '2020-01-01 00:00:00', size: 1, resolutionx: 4, resolutiony: 3 };
    for (const [name, good] of Object.entries(fields)) {
      const wrong = typeof good === 'string' ? 7 : 'seven';
      refused(() => checkEntries([photo, { ...photo, info: { ...fields, [name]: wrong } }], ctx), new RegExp(`entry 1\\.info\\.${name} is a`));
      refused(() => checkEntries([{ ...photo, info: { ...fields, [name]: [good] } }], ctx), new RegExp(`entry 0\\.info\\.${name} is a list`));
      assert.equal(checkEntries([{ ...photo, info: { ...fields, [name]: null } }], ctx).length, 1);
    }
    refused(() => checkEntries([{ ...photo, info: [] }], ctx), /entry 0\.info is a list, not an object/);
    refused(() => checkEntries([{ ...photo, type: undefined }], ctx), /entry 0\.type is missing, not a string/);
  });

  it('gives the same answers where code generation is turned off (the field loop alone)', () => {
    const script = `
      const { checkEntries } = require('./src/photostation/shape.ts');
      const ctx = { api: 'SYNO.PhotoStation.Photo', method: 'list' };
      const good = checkEntries([{ id: 'p', type: 'photo', info: { size: 1 } }], ctx).length;
      let bad = '';
      try { checkEntries([{ id: 'p', type: 'photo', info: { size: '1' } }], ctx); } catch (e) { bad = e.message; }
      let generated = 'yes';
      try { new Function('return 1'); } catch { generated = 'no'; }
      process.stdout.write(JSON.stringify({ good, bad, generated }));`;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: ROOT });
    const { good, bad, generated } = JSON.parse(out) as { good: number; bad: string; generated: string };
    assert.equal(generated, 'no');
    assert.equal(good, 1);
    assert.match(bad, /entry 0\.info\.size is a string, not a number/);
  });
});
