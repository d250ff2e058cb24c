/**
 * A lean axios adapter for our one kind of exchange: a POST with a complete body, answered by
 * a complete body, over the client's own agent. axios keeps the request pipeline (config,
 * headers, the promise interface); this replaces only its general-purpose Node adapter, whose
 * per-request work (proxy detection, redirect and progress plumbing, stream transforms)
 * cost several times a bare http.request on the small calls a NAS client makes all day
 * (measured in bench/client.ts). No redirects, no proxy, no decompression — we never ask for
 * compressed answers — and a total deadline rather than an idle timeout.
 */
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';

export const DEADLINE_EXCEEDED = 'ERR_PHOTOSTATION_DEADLINE';
export const CALL_ABORTED = 'ERR_PHOTOSTATION_ABORTED';

/** Upload bodies larger than this report progress slice by slice. */
const PROGRESS_CHUNK = 256 * 1024;

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function flatHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = config.headers.toJSON(true) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    const v = raw[key];
    if (v !== undefined && v !== null && v !== false) out[key] = String(v);
  }
  return out;
}

export function createNodeAdapter(agent: http.Agent): AxiosAdapter {
  return (config) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const url = config.url ?? '';
      const body: string | Buffer = typeof config.data === 'string' || Buffer.isBuffer(config.data) ? config.data : '';
      const headers = flatHeaders(config);
      headers['Content-Length'] = String(Buffer.byteLength(body));
      const transport = url.startsWith('https:') ? https : http;
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        config.signal?.removeEventListener?.('abort', onAbort);
        fn();
      };
      const fail = (err: Error): void => finish(() => reject(err));

      const req = transport.request(url, { method: (config.method ?? 'post').toUpperCase(), agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(codedError('the connection closed before the answer was complete', 'ECONNRESET')));
        res.on('end', () => {
          if (!res.complete) {
            fail(codedError('the connection closed before the answer was complete', 'ECONNRESET'));
            return;
          }
          finish(() =>
            resolve({
              data: Buffer.concat(chunks),
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers as AxiosResponse['headers'],
              config,
              request: req,
            }),
          );
        });
      });
      req.on('error', fail);

      const timeout = typeof config.timeout === 'number' && config.timeout > 0 ? config.timeout : 0;
      const timer = timeout ? setTimeout(() => {
        const err = codedError(`no complete answer within ${timeout} ms`, DEADLINE_EXCEEDED);
        fail(err);
        req.destroy(err);
      }, timeout) : undefined;
      const signal = config.signal as AbortSignal | undefined;
      function onAbort(): void {
        const err = codedError('aborted by the caller', CALL_ABORTED);
        fail(err);
        req.destroy(err);
      }
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener?.('abort', onAbort, { once: true });
      const progress = config.onUploadProgress;
      if (!progress || body.length <= PROGRESS_CHUNK) {
        req.end(body);
        if (progress) req.once('finish', () => progress({ loaded: body.length, total: body.length, bytes: body.length } as never));
        return;
      }
      // Large uploads go out in slices so that the caller can show how far they got.
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      let sent = 0;
      const next = (): void => {
        if (settled) return;
        const slice = bytes.subarray(sent, sent + PROGRESS_CHUNK);
        sent += slice.length;
        const last = sent >= bytes.length;
        const done = (): void => progress({ loaded: sent, total: bytes.length, bytes: slice.length } as never);
        if (last) req.end(slice, done);
        else if (req.write(slice, done)) next();
        else req.once('drain', next);
      };
      next();
    });
}
