import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatDate } from './clock';
import type { Library } from './library';
import type { SimServer } from './server';
import { shareStatus } from './shares';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * What a guest sees at `/photo/share/<shareid>`: a page listing the shared photos while the link is valid,
 * a refusal otherwise (403 outside the window or revoked, 401 for a missing or wrong link password).
 */
export async function handleSharePage(
  server: SimServer, req: IncomingMessage, res: ServerResponse, lib: Library, shareid: string, url: URL,
): Promise<void> {
  server.state.stats.count('share-page', 'get');
  let id = '';
  try {
    id = decodeURIComponent(shareid.split('/')[0] ?? '');
  } catch {
    // A malformed escape names no link.
  }
  const shared = id === '' ? undefined : lib.sharedByShareId(id);
  const send = (status: number, body: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Photo Station</title></head><body>${body}</body></html>`);
  };
  if (!shared) return send(404, '<h1>This link does not exist.</h1>');
  const status = shareStatus(shared, server.state.clock.nowSeconds());
  if (status !== 'valid') return send(403, `<h1>This link is not available</h1><p id="status">${status}</p>`);
  if (shared.share.enablePassword && url.searchParams.get('password') !== shared.share.password) {
    return send(401, '<h1>This link needs a password</h1><form><input type="password" name="password"></form>');
  }
  void req;
  const items = shared.uids.map((uid) => lib.items.get(uid)).filter((i) => i !== undefined);
  const rows = items.map((i) => `<li data-id="${escape(lib.itemId(i))}">${escape(i.title)} `
    + `<time>${formatDate(i.takendate)}</time></li>`).join('');
  return send(200, `<h1>${escape(shared.name)}</h1><p id="status">valid</p><ul id="items">${rows}</ul>`);
}
