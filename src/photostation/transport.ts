/**
 * One HTTP exchange with the NAS over axios (with the lean adapter of adapter.ts), and
 * nothing else: no sessions, no retries.
 * Every failure leaves this module as a PhotoStationError built from scratch, because axios
 * errors carry the request config (and with it the login password) and must never escape.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { CALL_ABORTED, DEADLINE_EXCEEDED, PREPARED, PreparedRequest, type RequestTarget, createNodeAdapter, targetOf } from './adapter';
import type * as http from 'node:http';
import { ClientErrorCode, PhotoStationError } from './errors';
import { FINGERPRINT_MISMATCH } from './tls';

export interface HttpExchange {
  /** Relative to the web API root, e.g. "album.php" or "file.php?api=…". */
  path: string;
  body: string | Buffer;
  contentType: string;
  /** Complete Cookie header value, if any. */
  cookie?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onUploadProgress?: (sent: number, total: number) => void;
  /** Only for error messages. */
  api: string;
  method: string;
}

export interface HttpResult {
  status: number;
  /** The headers the client reads: content-type, content-disposition, set-cookie, location (adapter.ts). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface TransportOptions {
  /** Web API root ending in "/", e.g. "https://nas:5001/photo/webapi/". */
  baseUrl: string;
  agent: http.Agent;
  userAgent: string;
}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|ERR_TLS|FINGERPRINT|EPROTO/;
const ACCEPT = 'application/json, */*';

type Config = AxiosRequestConfig & { [PREPARED]: PreparedRequest };

export class Transport {
  readonly #axios: AxiosInstance;
  readonly #userAgent: string;
  /** The API root, parsed once. */
  readonly #base: RequestTarget;

  constructor(options: TransportOptions) {
    this.#base = targetOf(options.baseUrl);
    this.#axios = axios.create();
    // Only what our exchanges need: axios merges its defaults into every request and visits
    // every key of both, and the full default set (transitional flags, XSRF names, env,
    // header buckets, identity transforms …) doubled its cost per call. Bodies are built by
    // us and answers read by us (envelope.ts). Not even a method: the adapter always POSTs,
    // and told of a POST, axios would validate and set a Content-Type header on every call
    // that the prepared headers carry already.
    const defaults = this.#axios.defaults as unknown as Record<string, unknown>;
    for (const key of Object.keys(defaults)) delete defaults[key];
    defaults.adapter = createNodeAdapter(options.agent);
    this.#userAgent = headerValue(options.userAgent);
  }

  async send(x: HttpExchange): Promise<HttpResult> {
    if (x.signal?.aborted) throw new PhotoStationError(ClientErrorCode.ABORTED, { api: x.api, method: x.method });
    let res: AxiosResponse<Buffer>;
    try {
      // The request goes to the adapter ready for Node (see PreparedRequest): axios' header
      // handling normalised each header several times per call, and its config handling
      // copies and checks every key.
      const base = this.#base;
      const headers = [
        'Host', base.host,
        'User-Agent', this.#userAgent,
        'Accept', ACCEPT,
        'Content-Type', x.contentType,
        'Content-Length', String(Buffer.byteLength(x.body)),
      ];
      if (x.cookie) headers.push('Cookie', x.cookie);
      const config: Config = {
        [PREPARED]: new PreparedRequest(
          { protocol: base.protocol, hostname: base.hostname, port: base.port, host: base.host, path: base.path + x.path },
          headers,
          x.body,
          x.timeoutMs,
          x.signal,
          x.onUploadProgress,
        ),
      };
      res = await this.#axios.request<Buffer>(config);
    } catch (err) {
      const ctx = { api: x.api, method: x.method };
      const code = (err as { code?: unknown }).code;
      if (code === DEADLINE_EXCEEDED) {
        throw new PhotoStationError(ClientErrorCode.TIMEOUT, { ...ctx, detail: `no complete answer within ${x.timeoutMs} ms` });
      }
      if (code === CALL_ABORTED || x.signal?.aborted) throw new PhotoStationError(ClientErrorCode.ABORTED, ctx);
      throw scrub(err, ctx);
    }
    const body = Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? new ArrayBuffer(0));
    if (res.status !== 200) {
      const location = res.status >= 300 && res.status < 400 ? res.headers.location : undefined;
      throw new PhotoStationError(ClientErrorCode.HTTP, {
        api: x.api,
        method: x.method,
        httpStatus: res.status,
        detail:
          `HTTP ${res.status}` +
          (typeof location === 'string' ? `; the server redirects to ${safeUrl(location)}, configure that address instead` : ''),
      });
    }
    return { status: res.status, headers: res.headers as HttpResult['headers'], body };
  }
}

/**
 * A header value without the control characters Node would refuse, removed once here (as
 * axios did for every header of every call) rather than failing every request.
 */
export function headerValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]+/g, '').trim();
}

/** Only scheme, host and path: a Location header could in theory carry credentials or tokens. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable address)';
  }
}

function scrub(err: unknown, ctx: { api: string; method: string }): PhotoStationError {
  // Take the low-level code (ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT …) and a message of our
  // own; never the axios error itself, nor its message, which may quote the URL or config.
  const e = err as { code?: unknown; cause?: { code?: unknown; message?: unknown }; message?: unknown };
  const causeCode = typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const ownCode = typeof e.code === 'string' ? e.code : undefined;
  const errno = causeCode ?? (ownCode && !ownCode.startsWith('ERR_BAD') ? ownCode : undefined) ?? ownCode;
  if (errno === FINGERPRINT_MISMATCH) {
    const msg = typeof e.cause?.message === 'string' ? e.cause.message : typeof e.message === 'string' ? e.message : '';
    return new PhotoStationError(ClientErrorCode.TLS, { ...ctx, errno, message: msg.startsWith('certificate fingerprint mismatch') ? msg : 'certificate fingerprint mismatch' });
  }
  if (errno && TLS_ERROR.test(errno)) {
    return new PhotoStationError(ClientErrorCode.TLS, {
      ...ctx,
      errno,
      detail: `${errno}; for a self-signed NAS certificate pin its SHA-256 fingerprint or give its CA`,
    });
  }
  if (errno === 'ECONNABORTED' || errno === 'ETIMEDOUT') {
    return new PhotoStationError(ClientErrorCode.TIMEOUT, { ...ctx, errno, detail: errno });
  }
  return new PhotoStationError(ClientErrorCode.NETWORK, { ...ctx, errno, detail: errno ?? 'connection failed' });
}
