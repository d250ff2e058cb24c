/**
 * PhotoStationClient: wires transport, discovery, session and retries together and exposes
 * one typed object per Photo Station API (client.album, client.photo, …).
 */
import { inspect } from 'node:util';
import { AlbumApi } from './apis/album';
import { AuthApi } from './apis/auth';
import { CommentApi } from './apis/comment';
import { CoverApi } from './apis/cover';
import { DownloadApi } from './apis/download';
import { FileApi } from './apis/file';
import { GroupApi } from './apis/group';
import { InfoApi } from './apis/info';
import { PermissionApi } from './apis/permission';
import { PhotoApi } from './apis/photo';
import { PhotoTagApi } from './apis/phototag';
import { SharedAlbumApi } from './apis/sharedalbum';
import { SmartAlbumApi } from './apis/smartalbum';
import { TagApi } from './apis/tag';
import { ThumbApi } from './apis/thumb';
import type { CallSpec, Caller } from './caller';
import { Discovery, INFO_API } from './discovery';
import { readEnvelope } from './envelope';
import { ACCESS_REFUSAL_CODES, ClientErrorCode, PhotoStationError, SESSION_ERROR_CODES, isPhotoStationError } from './errors';
import { encodeForm, encodeMultipart } from './form';
import { type RetryOptions, withRetries } from './retry';
import { type LoginBackoffOptions, type LoginResult, Session } from './session';
import { type TlsOptions, createAgent } from './tls';
import { type HttpExchange, type HttpResult, Transport, headerValue } from './transport';
import type { ApiInfoMap, Binary, LoginInfo } from './types';
import { resolveStationUrl } from './url';

/** Where the client, the detector and a station log to; every level optional (console fits). */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export interface PhotoStationClientOptions {
  /** "http://nas:5000", "https://nas:5001/photo/webapi/", "https://nas/~alice/photo/" … */
  url: string;
  /** Owner of a personal Photo Station (/~owner/photo/). */
  personal?: string;
  /** Without a user name the client works anonymously (public albums only). */
  username?: string;
  password?: string;
  /** Per API call, default 10 000 ms (the plugin's default). */
  timeoutMs?: number;
  /** Minimum for uploads, default 30 000 ms; larger files get size / 1.25 MB/s (spec Q17). */
  uploadTimeoutMs?: number;
  /** Repetition of reads after transient failures. */
  retry?: RetryOptions;
  /** Pause after refused logins. */
  loginBackoff?: LoginBackoffOptions;
  /** See SessionOptions.staleAfterMs. */
  sessionStaleAfterMs?: number;
  tls?: TlsOptions;
  /** Parallel connections to the NAS, default 8. */
  maxSockets?: number;
  userAgent?: string;
  logger?: Logger;
}

const AUTH_API = 'SYNO.PhotoStation.Auth';
const UPLOAD_BYTES_PER_MS = 1250; // 1.25 MB/s, as the plugin assumes

export class PhotoStationClient {
  /** Web API root, e.g. "http://nas/photo/webapi/". */
  readonly baseUrl: string;
  /** Scheme, host and port, e.g. "http://nas:5000". */
  readonly origin: string;
  /** Web UI root, e.g. "http://nas/photo/" (for links built with webUiUrl). */
  readonly webRoot: string;
  readonly personal: string | undefined;

  readonly info: InfoApi;
  readonly auth: AuthApi;
  readonly album: AlbumApi;
  readonly sharedAlbum: SharedAlbumApi;
  readonly smartAlbum: SmartAlbumApi;
  readonly permission: PermissionApi;
  readonly group: GroupApi;
  readonly photo: PhotoApi;
  readonly tag: TagApi;
  readonly photoTag: PhotoTagApi;
  readonly file: FileApi;
  readonly thumb: ThumbApi;
  readonly download: DownloadApi;
  readonly comment: CommentApi;
  readonly cover: CoverApi;

  readonly #transport: Transport;
  readonly #agent: ReturnType<typeof createAgent>;
  readonly #discovery: Discovery;
  readonly #session: Session;
  readonly #retry: RetryOptions;
  readonly #timeoutMs: number;
  readonly #uploadTimeoutMs: number;
  readonly #logger: Logger | undefined;
  #closed = false;
  /** Set when close() begins: a call that loses its session meanwhile must not log in again. */
  #closing = false;

  constructor(options: PhotoStationClientOptions) {
    const urls = resolveStationUrl(options.url, options.personal);
    this.baseUrl = urls.baseUrl;
    this.origin = urls.origin;
    this.webRoot = urls.webRoot;
    this.personal = urls.personal;
    this.#timeoutMs = positive(options.timeoutMs, 10_000, 'timeoutMs');
    this.#uploadTimeoutMs = positive(options.uploadTimeoutMs, 30_000, 'uploadTimeoutMs');
    this.#retry = options.retry ?? {};
    this.#logger = options.logger;
    this.#agent = createAgent(urls.baseUrl.startsWith('https:') ? 'https:' : 'http:', {
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}),
    });
    this.#transport = new Transport({
      baseUrl: urls.baseUrl,
      agent: this.#agent,
      userAgent: options.userAgent ?? 'photostation-client',
    });
    this.#discovery = new Discovery(() =>
      this.#call<ApiInfoMap>({ api: INFO_API, method: 'query', params: { query: 'all' }, read: true, anonymous: true }),
    );
    this.#session = new Session(
      options.username,
      options.password,
      {
        login: (u, p) => this.#login(u, p),
        check: (sid) => this.#checkSession(sid),
        logout: (sid) => this.#logout(sid),
        log: (m) => this.#logger?.debug?.(m),
      },
      {
        ...(options.loginBackoff !== undefined ? { backoff: options.loginBackoff } : {}),
        ...(options.sessionStaleAfterMs !== undefined ? { staleAfterMs: options.sessionStaleAfterMs } : {}),
      },
    );

    const caller: Caller = {
      call: <T>(spec: CallSpec) => this.#call<T>(spec),
      binary: (spec: CallSpec) => this.#binary(spec),
    };
    this.info = new InfoApi(caller);
    this.auth = new AuthApi(caller);
    this.album = new AlbumApi(caller);
    this.sharedAlbum = new SharedAlbumApi(caller);
    this.smartAlbum = new SmartAlbumApi(caller);
    this.permission = new PermissionApi(caller);
    this.group = new GroupApi(caller);
    this.photo = new PhotoApi(caller);
    this.tag = new TagApi(caller);
    this.photoTag = new PhotoTagApi(caller);
    this.file = new FileApi(caller, (bytes) => Math.max(this.#uploadTimeoutMs, Math.ceil(bytes / UPLOAD_BYTES_PER_MS)));
    this.thumb = new ThumbApi(caller);
    this.download = new DownloadApi(caller);
    this.comment = new CommentApi(caller);
    this.cover = new CoverApi(caller);
  }

  /** The user name the client logs in with (never the password). */
  get username(): string | undefined {
    return this.#session.username;
  }

  get loggedIn(): boolean {
    return this.#session.loggedIn;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Logs in now (normally this happens on the first call) and reports the account. */
  async login(): Promise<LoginInfo> {
    this.#assertOpen(AUTH_API, 'login');
    if (!this.#session.hasCredentials) {
      throw new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { api: AUTH_API, method: 'login', message: 'no user name configured' });
    }
    await this.#session.ensure();
    return { ...(this.#session.info as LoginInfo) };
  }

  /** What the current session's login reported (is_admin …), if logged in. */
  get account(): LoginInfo | undefined {
    const info = this.#session.info;
    return info ? { ...info } : undefined;
  }

  /** New credentials; the next call logs in with them, even during a login pause. */
  setCredentials(username: string, password: string): void {
    this.#session.setCredentials(username, password);
  }

  /** The API table from SYNO.API.Info (asked once, then cached). */
  discover(): Promise<ApiInfoMap> {
    this.#assertOpen(INFO_API, 'query');
    return this.#discovery.entries();
  }

  /**
   * Any API call not covered by the typed methods. `read: true` allows repetition after
   * transient failures, so only pass it for calls that change nothing.
   */
  request<T = unknown>(spec: CallSpec): Promise<T> {
    return this.#call<T>(spec);
  }

  /** Logs out (best effort) and releases the connections. Further calls fail with CLIENT_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed || this.#closing) return;
    this.#closing = true;
    await this.#session.logout();
    this.#closed = true;
    this.#agent.destroy();
  }

  toString(): string {
    return `PhotoStationClient(${this.baseUrl}${this.#session.username ? ` as ${this.#session.username}` : ''})`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, username: this.#session.username, loggedIn: this.#session.loggedIn, closed: this.#closed };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  // ------------------------------------------------------------------ internals

  #assertOpen(api: string, method: string): void {
    if (this.#closed || this.#closing) throw new PhotoStationError(ClientErrorCode.CLOSED, { api, method });
  }

  #call<T>(spec: CallSpec): Promise<T> {
    return this.#withSession(spec, this.#jsonAttempt) as Promise<T>;
  }

  #binary(spec: CallSpec): Promise<Binary> {
    return this.#withSession(spec, this.#binaryAttempt);
  }

  // One attempt of a call, given the session. Fields rather than per-call closures: a small
  // read is dominated by fixed costs, and this is the hot path of every one.
  readonly #jsonAttempt = async (spec: CallSpec, sid: string | undefined): Promise<unknown> => {
    const res = await this.#exchange(spec, sid);
    return readEnvelope(res.body, spec);
  };

  readonly #binaryAttempt = async (spec: CallSpec, sid: string | undefined): Promise<Binary> => {
    const res = await this.#exchange(spec, sid);
    const contentType = header(res, 'content-type') ?? 'application/octet-stream';
    if (/json/i.test(contentType) || (!/^(image|video)\//i.test(contentType) && looksLikeJson(res.body))) {
      readEnvelope(res.body, spec);
      throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctxOf(spec), detail: 'JSON instead of file data' });
    }
    const filename = filenameOf(header(res, 'content-disposition'));
    return filename !== undefined ? { data: res.body, contentType, filename } : { data: res.body, contentType };
  };

  /** Session handling around one logical call: re-login and one repetition on session loss. */
  async #withSession<T>(spec: CallSpec, run: (spec: CallSpec, sid: string | undefined) => Promise<T>): Promise<T> {
    this.#assertOpen(spec.api, spec.method);
    if (spec.anonymous || !this.#session.hasCredentials) return withRetries(run, spec, undefined, this.#retry, this.#logger);
    let relogged = false;
    for (;;) {
      const sid = this.#session.current ?? (await this.#session.ensure());
      const stale = this.#session.isStale();
      try {
        const result = await withRetries(run, spec, sid, this.#retry, this.#logger);
        this.#session.touch();
        return result;
      } catch (err) {
        if (!relogged && !this.#closing && isPhotoStationError(err) && (SESSION_ERROR_CODES.has(err.code) || (ACCESS_REFUSAL_CODES.has(err.code) && (await this.#sessionLost(sid, stale))))) {
          relogged = true;
          this.#session.invalidate(sid);
          this.#logger?.debug?.(`${spec.api}.${spec.method}: session lost (${err.codeName}), logging in again`);
          continue;
        }
        if (isPhotoStationError(err) && err.isServerError && err.code !== 105) this.#session.touch();
        throw err;
      }
    }
  }

  /**
   * A refusal (105, 417, …) is either a real permission problem or a session the NAS forgot (restart, idle
   * expiry answered as "no session"). A stale session is assumed lost; a fresh one is checked.
   */
  async #sessionLost(sid: string, stale: boolean): Promise<boolean> {
    if (stale) return true;
    return (await this.#session.isAlive(sid)) === false;
  }

  async #checkSession(sid: string): Promise<boolean | undefined> {
    const spec: CallSpec = { api: AUTH_API, method: 'checkauth', read: true };
    try {
      const res = await this.#exchange(spec, sid);
      readEnvelope(res.body, spec);
      return true;
    } catch (err) {
      if (isPhotoStationError(err) && (err.code === 105 || SESSION_ERROR_CODES.has(err.code))) return false;
      return undefined;
    }
  }

  /** One HTTP exchange for `spec`; not async, so that the usual case (API known) adds no step of its own. */
  #exchange(spec: CallSpec, sid: string | undefined): Promise<HttpResult> {
    const want = spec.version ?? 1;
    const hit = this.#discovery.cached(spec.api, want);
    if (hit) return this.#send(spec, sid, hit.path, hit.version);
    return this.#discovery.resolve(spec.api, want, spec.method).then((api) => this.#send(spec, sid, api.path, api.version));
  }

  #send(spec: CallSpec, sid: string | undefined, path: string, version: number): Promise<HttpResult> {
    let target = path;
    let body: string | Buffer;
    let contentType: string;
    if (spec.files) {
      // Reference example: api/method/version in the query string, parameters and files as parts.
      target = `${path}?${encodeForm({ api: spec.api, version, method: spec.method })}`;
      const mp = encodeMultipart(spec.params ?? {}, spec.files);
      body = mp.body;
      contentType = mp.contentType;
    } else {
      body = formBody(spec, version);
      contentType = FORM;
    }
    const x: HttpExchange = { path: target, body, contentType, timeoutMs: spec.timeoutMs ?? this.#timeoutMs, api: spec.api, method: spec.method };
    if (sid !== undefined) x.cookie = `PHPSESSID=${sid}`;
    if (spec.signal !== undefined) x.signal = spec.signal;
    if (spec.onUploadProgress !== undefined) x.onUploadProgress = spec.onUploadProgress;
    return this.#transport.send(x);
  }

  async #login(username: string, password: string): Promise<LoginResult> {
    // Login may be repeated after a network failure: a second session is harmless, and a
    // refusal is not transient, so it is never repeated.
    const spec: CallSpec = { api: AUTH_API, method: 'login', params: { username, password }, read: true };
    const res = await withRetries((s: CallSpec) => this.#exchange(s, undefined), spec, undefined, this.#retry, this.#logger);
    const data = readEnvelope(res.body, spec) as (LoginInfo & { sid?: unknown }) | undefined;
    // A session id from the JSON body goes into a Cookie header: nothing there may break it.
    const bodySid = typeof data?.sid === 'string' ? headerValue(data.sid) : '';
    const sid = sessionCookie(res) ?? (bodySid !== '' ? bodySid : undefined);
    if (sid === undefined) {
      throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctxOf(spec), detail: 'the login answer carried no session' });
    }
    const info = { ...(data ?? {}) } as LoginInfo & { sid?: unknown };
    delete info.sid;
    return { sid, info };
  }

  async #logout(sid: string): Promise<void> {
    const spec: CallSpec = { api: AUTH_API, method: 'logout', read: false, timeoutMs: Math.min(this.#timeoutMs, 5000) };
    const res = await this.#exchange(spec, sid);
    readEnvelope(res.body, spec);
  }
}

const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';

/** api, version and method first, then the parameters (which may override them, as a spread would). */
function formBody(spec: CallSpec, version: number): string {
  const params = spec.params;
  const head = `api=${encodeURIComponent(spec.api)}&version=${version}&method=${encodeURIComponent(spec.method)}`;
  if (params === undefined) return head;
  if ('api' in params || 'version' in params || 'method' in params) return encodeForm({ api: spec.api, version, method: spec.method, ...params });
  const rest = encodeForm(params);
  return rest === '' ? head : `${head}&${rest}`;
}

function ctxOf(spec: CallSpec): { api: string; method: string } {
  return { api: spec.api, method: spec.method };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { message: `${name} must be a positive number of milliseconds` });
  }
  return value;
}

function header(res: HttpResult, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sessionCookie(res: HttpResult): string | undefined {
  const raw = res.headers['set-cookie'];
  const cookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const c of cookies) {
    const m = /^\s*PHPSESSID=([^;]*)/i.exec(c);
    if (m && m[1] !== '' && m[1] !== 'deleted') return m[1];
  }
  return undefined;
}

function looksLikeJson(body: Buffer): boolean {
  // Only tiny bodies: an error envelope is short, an image never starts with "{".
  return body.length < 512 && body[0] === 0x7b;
}

function filenameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = plain?.[1] ?? plain?.[2];
  return name?.trim();
}
