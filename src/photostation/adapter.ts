/**
 * A lean axios adapter for our one kind of exchange: a POST with a complete body, answered by
 * a complete body, over the client's own agent. axios keeps the request pipeline (config,
 * the promise interface, interceptors); this replaces only its general-purpose Node adapter,
 * whose per-request work (proxy detection, redirect and progress plumbing, stream
 * transforms) cost several times a bare http.request on the small calls a NAS client makes
 * all day (measured in bench/client.ts). No redirects, no proxy, no decompression — we never
 * ask for compressed answers — and a total deadline rather than an idle timeout.
 *
 * The transport hands over its requests in a prepared form (PREPARED): the target and the
 * headers as Node takes them, built without axios' header machinery, which normalised every
 * header several times per call, and with them the body, deadline, signal and progress
 * callback, so that the axios config holds one key (axios copies and checks every key of
 * every config several times per call). The adapter serves the transport alone and takes
 * nothing else.
 */
import { AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import { urlToHttpOptions } from 'node:url';

export const DEADLINE_EXCEEDED = 'ERR_PHOTOSTATION_DEADLINE';
export const CALL_ABORTED = 'ERR_PHOTOSTATION_ABORTED';

/** Upload bodies larger than this report progress slice by slice. */
const PROGRESS_CHUNK = 256 * 1024;

/** Where a request goes, as http.request takes it (see targetOf). */
export interface RequestTarget {
  protocol: string;
  hostname: string;
  port: string | number | undefined;
  /** Value of the Host header: host, and the port unless it is the scheme's default. */
  host: string;
  /** Path and query. */
  path: string;
}

/**
 * A request as the transport prepared it; travels in the axios config under PREPARED. A class
 * rather than a plain object, so that axios' config merge passes it on instead of copying it
 * deeply.
 */
export class PreparedRequest {
  constructor(
    readonly target: RequestTarget,
    /**
     * Flat [name, value, name, value, …] list, Host and Content-Length included: Node's raw
     * form, which it writes without building a header map first.
     */
    readonly headers: string[],
    readonly body: string | Buffer,
    /** Deadline for the complete answer; 0 for none. */
    readonly timeoutMs: number,
    readonly signal?: AbortSignal,
    readonly onUploadProgress?: (sent: number, total: number) => void,
  ) {}
}

/** Config key of the PreparedRequest. A symbol, so it can never collide with an axios option. */
export const PREPARED: unique symbol = Symbol('photostation.prepared');

export type PreparedConfig = InternalAxiosRequestConfig & { [PREPARED]: PreparedRequest };

/** Splits an absolute http(s) URL into a RequestTarget (parse once, reuse for every call). */
export function targetOf(url: string): RequestTarget {
  const u = new URL(url);
  const o = urlToHttpOptions(u);
  return { protocol: u.protocol, hostname: o.hostname ?? u.hostname, port: o.port ?? undefined, host: u.host, path: `${u.pathname}${u.search}` };
}

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The answer's headers the client reads (transport.ts, client.ts); axios sees only these. */
const RESPONSE_HEADERS = ['content-type', 'content-disposition', 'set-cookie', 'location'] as const;

/**
 * The answer's headers as the AxiosHeaders axios wants, made directly: axios keeps an
 * AxiosHeaders instance as it is, and otherwise re-validates every header (which Node has
 * parsed already) twice per call. Only the headers the client reads are passed on, because
 * axios still normalises every header it is given once per call, and a NAS sends a dozen.
 */
function responseHeaders(res: http.IncomingMessage): AxiosResponse['headers'] {
  const all = res.headers;
  const out = Object.create(AxiosHeaders.prototype) as Record<string, string | string[]>;
  for (const name of RESPONSE_HEADERS) {
    const v = all[name];
    if (v !== undefined) out[name] = v;
  }
  return out as unknown as AxiosResponse['headers'];
}

const CLOSED_EARLY = 'the connection closed before the answer was complete';

/**
 * One exchange in flight. Its steps are methods rather than closures made per request: the
 * fixed cost per call is what a small read is made of.
 */
class Exchange {
  readonly #config: PreparedConfig;
  readonly #request: PreparedRequest;
  readonly #resolve: (res: AxiosResponse) => void;
  readonly #reject: (err: Error) => void;
  #req: http.ClientRequest | undefined;
  #timer: NodeJS.Timeout | undefined;
  #onAbort: (() => void) | undefined;
  #settled = false;
  // Small answers come in one chunk: no copy then.
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;

  constructor(config: PreparedConfig, resolve: (res: AxiosResponse) => void, reject: (err: Error) => void) {
    this.#config = config;
    this.#request = config[PREPARED];
    this.#resolve = resolve;
    this.#reject = reject;
  }

  start(agent: http.Agent): void {
    const { target, headers, body, timeoutMs: timeout, signal, onUploadProgress: progress } = this.#request;
    const options = { protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, method: 'POST', agent, headers };
    const req = (target.protocol === 'https:' ? https : http).request(options, (res) => this.#response(res));
    this.#req = req;
    req.on('error', (err) => this.#fail(err));

    if (timeout) this.#timer = setTimeout(() => this.#abort(codedError(`no complete answer within ${timeout} ms`, DEADLINE_EXCEEDED)), timeout);
    if (signal) {
      if (signal.aborted) {
        this.#abort(codedError('aborted by the caller', CALL_ABORTED));
        return;
      }
      this.#onAbort = () => this.#abort(codedError('aborted by the caller', CALL_ABORTED));
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (!progress || body.length <= PROGRESS_CHUNK) {
      req.end(body);
      if (progress) req.once('finish', () => progress(body.length, body.length));
      return;
    }
    // Large uploads go out in slices so that the caller can show how far they got.
    this.#sendSlices(req, typeof body === 'string' ? Buffer.from(body) : body, 0);
  }

  #sendSlices(req: http.ClientRequest, bytes: Buffer, from: number): void {
    const progress = this.#request.onUploadProgress!;
    for (let sent = from; !this.#settled; ) {
      const slice = bytes.subarray(sent, sent + PROGRESS_CHUNK);
      sent += slice.length;
      const loaded = sent;
      const done = (): void => progress(loaded, bytes.length);
      if (sent >= bytes.length) {
        req.end(slice, done);
        return;
      }
      if (!req.write(slice, done)) {
        req.once('drain', () => this.#sendSlices(req, bytes, loaded));
        return;
      }
    }
  }

  #response(res: http.IncomingMessage): void {
    res.on('data', (c: Buffer) => {
      if (this.#first === undefined) this.#first = c;
      else (this.#more ??= [this.#first]).push(c);
    });
    // A connection lost mid-answer ends in an ECONNRESET 'error' here (and 'end' never comes).
    res.on('error', (err) => this.#fail(err));
    res.on('end', () => this.#end(res));
  }

  #end(res: http.IncomingMessage): void {
    if (!res.complete) {
      this.#fail(codedError(CLOSED_EARLY, 'ECONNRESET'));
      return;
    }
    if (!this.#settle()) return;
    this.#resolve({
      data: this.#more ? Buffer.concat(this.#more) : (this.#first ?? Buffer.alloc(0)),
      status: res.statusCode ?? 0,
      statusText: res.statusMessage ?? '',
      headers: responseHeaders(res),
      config: this.#config,
      request: this.#req,
    });
  }

  /** Marks the exchange settled; false if it already was. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#onAbort) this.#request.signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }

  #fail(err: Error): void {
    if (this.#settle()) this.#reject(err);
  }

  /** Deadline or caller's abort: fail the call and drop the connection. */
  #abort(err: Error): void {
    this.#fail(err);
    this.#req?.destroy(err);
  }
}

export function createNodeAdapter(agent: http.Agent): AxiosAdapter {
  return (config) => new Promise<AxiosResponse>((resolve, reject) => new Exchange(config as PreparedConfig, resolve, reject).start(agent));
}
