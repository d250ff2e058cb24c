/**
 * One HTTP exchange with the NAS over axios (with the lean adapter of adapter.ts), and
 * nothing else: no sessions, no retries.
 * Every failure leaves this module as a PhotoStationError built from scratch, because axios
 * errors carry the request config (and with it the login password) and must never escape.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { CALL_ABORTED, DEADLINE_EXCEEDED, createNodeAdapter } from './adapter';
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

export class Transport {
  readonly #axios: AxiosInstance;
  readonly #userAgent: string;
  readonly baseUrl: string;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl;
    this.#axios = axios.create();
    // Only what our exchanges need: axios merges its defaults into every request, and the
    // full default set (transitional flags, XSRF names, env, header buckets …) doubled its
    // cost per call. Bodies are built by us and answers read by us (envelope.ts).
    const defaults = this.#axios.defaults as unknown as Record<string, unknown>;
    for (const key of Object.keys(defaults)) delete defaults[key];
    Object.assign(defaults, { adapter: createNodeAdapter(options.agent), transformRequest: [], transformResponse: [], headers: {} });
    this.#userAgent = options.userAgent;
  }

  async send(x: HttpExchange): Promise<HttpResult> {
    const ctx = { api: x.api, method: x.method };
    if (x.signal?.aborted) throw new PhotoStationError(ClientErrorCode.ABORTED, ctx);
    let res: AxiosResponse<Buffer>;
    try {
      const headers: Record<string, string> = { 'Content-Type': x.contentType, 'User-Agent': this.#userAgent, Accept: 'application/json, */*' };
      if (x.cookie) headers.Cookie = x.cookie;
      res = await this.#axios.request({
        method: 'post',
        url: this.baseUrl + x.path,
        data: x.body,
        headers,
        timeout: x.timeoutMs,
        ...(x.signal ? { signal: x.signal } : {}),
        ...(x.onUploadProgress ? { onUploadProgress: (e: { loaded: number; total?: number }) => x.onUploadProgress!(e.loaded, e.total ?? e.loaded) } : {}),
      });
    } catch (err) {
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
        ...ctx,
        httpStatus: res.status,
        detail:
          `HTTP ${res.status}` +
          (typeof location === 'string' ? `; the server redirects to ${safeUrl(location)}, configure that address instead` : ''),
      });
    }
    return { status: res.status, headers: res.headers as HttpResult['headers'], body };
  }
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
