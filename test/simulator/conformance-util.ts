// Small helpers shared by the conformance suites (raw HTTP; no product client, no fakes).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { RawResponse, Sim } from './harness';

export const ALBUM = 'SYNO.PhotoStation.Album';
export const AUTH = 'SYNO.PhotoStation.Auth';
export const INFO = 'SYNO.PhotoStation.Info';
export const QUERY = 'SYNO.API.Info';
export const PERMISSION = 'SYNO.PhotoStation.Permission';
export const GROUP = 'SYNO.PhotoStation.Group';

/** An HTTP request with full control: raw body, any header, a chosen local address. */
export function raw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; localAddress?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: opts.method ?? 'GET', headers: opts.headers, agent: false, localAddress: opts.localAddress,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let json;
        if (body.length > 0 && /json/.test(String(res.headers['content-type']))) json = JSON.parse(body.toString('utf8'));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** POSTs an already encoded form body (so tests control every byte of the encoding). */
export function postForm(s: Sim, path: string, body: string | Buffer, cookie?: string, query = ''): Promise<RawResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.Cookie = `PHPSESSID=${cookie}`;
  return raw(`${s.sim.baseUrl}${path}${query ? `?${query}` : ''}`, { method: 'POST', headers, body });
}

/** Sends bytes on a bare socket and returns whatever comes back before the server closes. */
export function rawSocket(port: number, text: string | Buffer, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (c) => {
      chunks.push(c);
      // One full response is enough.
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString('latin1'))) {
        const t = Buffer.concat(chunks).toString('latin1');
        const len = /content-length:\s*(\d+)/i.exec(t);
        if (len && Buffer.byteLength(t.slice(t.indexOf('\r\n\r\n') + 4), 'latin1') >= Number(len[1])) socket.end();
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', reject);
  });
}

/** The error envelope, exactly: HTTP 200, JSON, `success:false`, a numeric code and no `data`. */
export function assertError(res: RawResponse, code: number): void {
  assert.equal(res.status, 200, `HTTP status ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
  assert.ok(res.json, 'body is JSON');
  assert.deepEqual(res.json, { success: false, error: { code } }, `expected error ${code}, got ${res.body.toString('utf8').slice(0, 200)}`);
}

export async function assertNoInternalErrors(s: Sim): Promise<void> {
  const stats = await s.control('GET', 'stats');
  assert.equal(stats.internalErrors, 0, 'the simulator hit an internal error');
}

/** Closes the suite's simulator, after checking that it never hit an internal error. */
export async function stopChecked(s: Sim): Promise<void> {
  try {
    await assertNoInternalErrors(s);
  } finally {
    await s.stop();
  }
}

export const sidOf = (res: RawResponse): string => /PHPSESSID=([^;]+)/.exec(String(res.headers['set-cookie']))![1];

export const titles = (data: { items: Array<{ info: { title: string } }> }): string[] => data.items.map((i) => i.info.title);
