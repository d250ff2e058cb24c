import type { IncomingMessage, ServerResponse } from 'node:http';
import { privileges } from './access';
import { ApiError } from './errors';
import { isValidName, trimSlashes } from './ids';
import { parseCookies, readBody } from './http';
import { joinPath, type Library } from './library';
import type { Album } from './model';
import type { SimServer } from './server';
import { sendJson } from './server';
import { ingest } from './upload';

/** Titles sent as CUST_TITLE wait here until their batch's ORIG_FILE arrives (spec §3.15.3). */
const pendingTitles = new WeakMap<Library, Map<string, string>>();

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

function decode(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

/** `asst_file_upload.php`: one raw body per part, metadata in `X-*` headers, answers `{success, err_msg}`. */
export async function handleLegacyUpload(
  server: SimServer, req: IncomingMessage, res: ServerResponse, owner: string, lib: Library,
): Promise<void> {
  const { state } = server;
  state.stats.count('asst_file_upload.php', header(req, 'X-UPLOAD-TYPE') ?? '(none)');
  const fail = (err_msg: string): void => sendJson(res, 200, { success: false, err_msg });
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    fail('upload too large');
    return;
  }
  let session;
  try {
    session = state.sessions.resolve(parseCookies(req.headers.cookie).get('PHPSESSID'), req.socket.remoteAddress ?? '');
  } catch {
    fail('session expired');
    return;
  }
  const user = session ? state.users.get(session.user) : undefined;
  if (!user) {
    fail('not logged in');
    return;
  }
  const admin = user.admin || (owner !== '' && owner === user.name);
  const caller = { user, admin, unlocked: session!.unlocked };
  const album = trimSlashes(decode(header(req, 'X-PATH')) ?? '');
  const fname = decode(header(req, 'X-ORIG-FNAME'));
  const type = header(req, 'X-UPLOAD-TYPE') ?? 'ORIG_FILE';
  const duplicate = (header(req, 'X-DUPLICATE') ?? 'OVERWRITE').toUpperCase();
  if (!fname) {
    fail('missing X-ORIG-FNAME');
    return;
  }
  if (state.config.bracketBug && /[[\]]/.test(fname)) {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<b>Warning</b>: invalid JSON data');
    return;
  }
  if (album !== '' && !lib.albums.has(album)) {
    fail('destination folder does not exist');
    return;
  }
  if (!privileges(lib, caller, album).upload) {
    fail('no upload permission');
    return;
  }
  if (type === 'FOLDER') {
    const path = joinPath(album, fname);
    if (!isValidName(fname)) return fail('invalid folder name');
    if (!lib.albums.has(path)) {
      const level = path.split('/').length;
      const folder: Album = {
        path, title: fname, description: '', type: level === 1 ? 'private' : undefined, inheritParent: level === 2,
        owner: user.name, grants: [], allowComment: level === 1, conversion: true, hits: 0,
        createdAt: state.clock.nowSeconds(), mtime: state.clock.now(), sortBy: 'default', sortDirection: 'asc',
      };
      lib.addAlbum(folder);
    }
    sendJson(res, 200, { success: true });
    return;
  }
  let titles = pendingTitles.get(lib);
  if (!titles) pendingTitles.set(lib, (titles = new Map()));
  const key = joinPath(album, fname);
  if (type === 'CUST_TITLE') titles.set(key, body.toString('utf8').trim());
  if (type !== 'ORIG_FILE') {
    // Thumbnails and renditions are accepted and dropped: the simulator renders its own.
    sendJson(res, 200, { success: true });
    return;
  }
  const mtime = Number(header(req, 'X-LAST-MODIFIED-TIME') ?? '') || state.clock.nowSeconds();
  try {
    const item = ingest(state, lib, {
      album, filename: fname, data: body, mtime, owner: user.name, title: titles.get(key),
      duplicate: duplicate === 'SKIP' ? 'ignore' : duplicate === 'RENAME' ? 'rename' : 'overwrite',
    });
    titles.delete(key);
    sendJson(res, 200, item ? { success: true } : { success: true, err_msg: 'skipped' });
  } catch (err) {
    if (err instanceof ApiError) fail(err.message);
    else throw err;
  }
}
