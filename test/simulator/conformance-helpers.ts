// Shared library and helpers of the photo/tag/smart/media/upload conformance suites.
// The library is small and fully specified here, so every expected value below can be computed by hand.
import assert from 'node:assert/strict';
import type { Fixture } from '../../src/simulator';
import { itemId, request, type RawResponse, type Sim } from './harness';

export const PHOTO = 'SYNO.PhotoStation.Photo';
export const TAG = 'SYNO.PhotoStation.Tag';
export const PHOTO_TAG = 'SYNO.PhotoStation.PhotoTag';
export const SMART = 'SYNO.PhotoStation.SmartAlbum';
export const THUMB = 'SYNO.PhotoStation.Thumb';
export const DOWNLOAD = 'SYNO.PhotoStation.Download';
export const COVER = 'SYNO.PhotoStation.Cover';
export const FILE = 'SYNO.PhotoStation.File';
export const COMMENT = 'SYNO.PhotoStation.Comment';
export const ABOUT = 'SYNO.PhotoStation.About';
export const DSM_SHARE = 'SYNO.PhotoStation.DsmShare';

/** Ids of the items of `library()`, as the suites name them. */
export const A = itemId('photo', 'Pub', 'a.jpg');
export const B = itemId('photo', 'Pub', 'b.jpg');
export const C = itemId('video', 'Pub', 'c.mp4');
export const D = itemId('photo', 'Pub/Sub', 'd.jpg');
export const P = itemId('photo', 'Priv', 'p.jpg');
export const S = itemId('photo', 'Pass', 's.jpg');
export const Q = itemId('photo', 'Quiet', 'q.jpg');
export const GHOST = itemId('photo', 'Pub', 'ghost.jpg');

/**
 * Accounts: admin (administrator), alice (browse grant on Priv), bob (upload grant on Priv),
 * mallory (no grants at all), nocomment (allow_comment=false).
 */
export function library(): Fixture {
  return {
    users: [
      { name: 'admin', password: 'admin', admin: true },
      { name: 'alice', password: 'alice' },
      { name: 'bob', password: 'bob' },
      { name: 'mallory', password: 'mallory' },
      { name: 'nocomment', password: 'nocomment', allow_comment: false },
    ],
    albums: [
      { path: 'Pub', type: 'public', allow_comment: true },
      { path: 'Pub/Sub' },
      {
        path: 'Priv', type: 'private', grants: [
          { name: 'alice', type: 'user', browse: true, upload: false, manage: false },
          { name: 'bob', type: 'user', browse: false, upload: true, manage: false },
        ],
      },
      { path: 'Pass', type: 'password', password: 'pw' },
      { path: 'Fotos', type: 'public' },
      { path: 'Fotos/Köln' },
      { path: 'Quiet', type: 'public', allow_comment: false },
      { path: 'Empty', type: 'public' },
    ],
    items: [
      {
        path: 'Pub/a.jpg', title: 'Alpha', description: 'sunny beach day', takendate: '2020-01-01 10:00:00',
        createdate: '2020-02-01 08:00:00', rating: 3, lat: 54.3233, lng: 10.1228, width: 4000, height: 3000,
        exif: { camera: 'Canon', model: 'EOS 80D', exposure: '1/250', aperture: 'f/2.8', iso: 100, focal: '50mm', lens: 'EF50', flash: 'off' },
        tags: ['Beach'], people: ['Ann'], places: ['Kiel'],
      },
      {
        path: 'Pub/b.jpg', description: 'beach at sunset', takendate: '2021-06-15 18:30:00', createdate: '2021-06-16 09:00:00',
        rating: 5, width: 3000, height: 4000,
        exif: { camera: 'Sony', model: 'ILCE-7M3', exposure: '1/60', aperture: 'f/4', iso: 400, focal: '35mm', lens: 'FE35', flash: 'on' },
        tags: ['Sunset'], people: ['Ben'],
      },
      {
        path: 'Pub/c.mp4', takendate: '2019-03-03 12:00:00', createdate: '2019-03-04 12:00:00', lat: 48.1, lng: 11.5,
        duration: 42, width: 1920, height: 1080, tags: ['Beach'],
      },
      { path: 'Pub/Sub/d.jpg', takendate: '2022-02-02 02:02:02', createdate: '2022-02-03 00:00:00', width: 100, height: 50 },
      { path: 'Priv/p.jpg', takendate: '2018-05-05 05:05:05', createdate: '2018-05-06 00:00:00', tags: ['Secret'] },
      { path: 'Pass/s.jpg', takendate: '2017-07-07 07:07:07', createdate: '2017-07-08 00:00:00' },
      { path: 'Fotos/Köln/dom.jpg', takendate: '2016-06-06 06:06:06', createdate: '2016-06-07 00:00:00' },
      { path: 'Quiet/q.jpg', takendate: '2015-05-05 05:05:05', createdate: '2015-05-06 00:00:00' },
      { path: 'root.jpg', takendate: '2014-04-04 04:04:04', createdate: '2014-04-05 00:00:00' },
    ],
    shared_albums: [
      { name: 'Shared one', owner: 'admin', items: ['Pub/b.jpg'], public: { enabled: true, shareid: 'shareOne' } },
    ],
  };
}

/** Every item of library() as `dir/file`, for comparisons. */
export const ALL_ITEMS = [
  'Pub/a.jpg', 'Pub/b.jpg', 'Pub/c.mp4', 'Pub/Sub/d.jpg', 'Priv/p.jpg', 'Pass/s.jpg', 'Fotos/Köln/dom.jpg',
  'Quiet/q.jpg', 'root.jpg',
];

/** `dir/file` of an item id (root items have the directory `/`). */
export function pathOfId(id: string): string {
  const [, dir, file] = id.split('_');
  const d = Buffer.from(dir, 'hex').toString('utf8');
  const f = Buffer.from(file, 'hex').toString('utf8');
  return d === '/' ? f : `${d}/${f}`;
}

export const names = (items: Array<{ id: string }>): string[] => items.map((i) => pathOfId(i.id));

/** Width and height from the first SOF0..SOF15 marker of a JPEG. */
export function sofSize(jpeg: Buffer): { width: number; height: number } {
  assert.equal(jpeg[0], 0xff);
  assert.equal(jpeg[1], 0xd8);
  let pos = 2;
  while (pos + 9 < jpeg.length) {
    assert.equal(jpeg[pos], 0xff, 'marker expected');
    const marker = jpeg[pos + 1];
    const len = jpeg.readUInt16BE(pos + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(pos + 5), width: jpeg.readUInt16BE(pos + 7) };
    }
    pos += 2 + len;
  }
  throw new Error('no SOF marker');
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

export function multipart(parts: Part[], boundary = '----conformanceBoundary7MA4YWxkTrZu0gW'): { body: Buffer; type: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a multipart body to `file.php`; `query` goes into the URL, `parts` into the body; `cookie: null` sends none. */
export function postMultipart(
  s: Sim, query: Record<string, string>, parts: Part[], cookie: string | null | undefined = s.cookie,
): Promise<RawResponse> {
  const { body, type } = multipart(parts);
  const headers: Record<string, string> = { 'Content-Type': type };
  if (cookie) headers.Cookie = `PHPSESSID=${cookie}`;
  return request(`${s.sim.baseUrl}file.php?${new URLSearchParams(query)}`, { method: 'POST', headers, body });
}

/** Asserts the simulator never hit an unexpected exception during the suite. */
export async function assertNoInternalErrors(s: Sim): Promise<void> {
  const stats = await s.control('GET', 'stats');
  assert.equal(stats.internalErrors, 0, 'the simulator threw an internal error');
}

/** A list call's data, asserted to be a successful page. */
export async function listPhotos(s: Sim, params: Record<string, string | number | boolean>, opts = {}): Promise<any> {
  return s.ok(PHOTO, 'list', { offset: 0, limit: -1, type: 'photo,video', ...params }, opts);
}
