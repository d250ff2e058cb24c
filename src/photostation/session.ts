/**
 * The login session: one PHPSESSID kept by us (no cookie jar), one login in flight at a time,
 * and a brake on refused logins. A wrong password must cost exactly one login attempt, not
 * one per waiting call, because Photo Station / DSM auto-blocks accounts after a few failures.
 */
import { LOGIN_REFUSAL_CODES, PhotoStationError, describeCode, isPhotoStationError } from './errors';
import type { LoginInfo } from './types';

export interface LoginResult {
  sid: string;
  info: LoginInfo;
}

export interface LoginBackoffOptions {
  /** Pause after the first refused login; doubles with every further refusal. Default 30 s. */
  initialMs?: number;
  /** Upper bound of the pause. Default 1 h. */
  maxMs?: number;
}

export interface SessionOptions {
  backoff?: LoginBackoffOptions;
  /**
   * After this long without a successful call, a 105 (no permission) is taken as a lost
   * session without asking the NAS (spec Q2). Default 60 s. A fresher session is checked
   * with Auth.checkauth first.
   */
  staleAfterMs?: number;
  random?: () => number;
}

export interface SessionHooks {
  login(username: string, password: string): Promise<LoginResult>;
  /** true: the session is valid; false: it is gone; undefined: could not tell. */
  check(sid: string): Promise<boolean | undefined>;
  logout(sid: string): Promise<void>;
  log(message: string): void;
}

const AUTH = { api: 'SYNO.PhotoStation.Auth', method: 'login' };

export class Session {
  #username: string | undefined;
  #password: string | undefined;
  #sid: string | undefined;
  #info: LoginInfo | undefined;
  #inflight: Promise<string> | undefined;
  #checking: { sid: string; result: Promise<boolean | undefined> } | undefined;
  #lastUsed = 0;
  #refusals = 0;
  #blockedUntil = 0;
  #refusalCode = 0;
  readonly #hooks: SessionHooks;
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #staleAfterMs: number;
  readonly #random: () => number;

  constructor(username: string | undefined, password: string | undefined, hooks: SessionHooks, options: SessionOptions = {}) {
    this.#username = username;
    this.#password = password;
    this.#hooks = hooks;
    this.#initialMs = options.backoff?.initialMs ?? 30_000;
    this.#maxMs = options.backoff?.maxMs ?? 3_600_000;
    this.#staleAfterMs = options.staleAfterMs ?? 60_000;
    this.#random = options.random ?? Math.random;
  }

  get username(): string | undefined {
    return this.#username;
  }

  get hasCredentials(): boolean {
    return this.#username !== undefined && this.#username !== '';
  }

  get loggedIn(): boolean {
    return this.#sid !== undefined;
  }

  /** What the last login reported about the account (no session id). */
  get info(): LoginInfo | undefined {
    return this.#info;
  }

  /** Replaces the credentials, drops the session and lifts a login pause. */
  setCredentials(username: string, password: string): void {
    this.#username = username;
    this.#password = password;
    this.#sid = undefined;
    this.#info = undefined;
    this.#refusals = 0;
    this.#blockedUntil = 0;
  }

  /** The current session id, if there is one (what ensure() resolves to without logging in). */
  get current(): string | undefined {
    return this.#sid;
  }

  /** The current session id, logging in first when there is none. Concurrent callers share one login. */
  ensure(): Promise<string> {
    if (this.#sid !== undefined) return Promise.resolve(this.#sid);
    if (this.#inflight) return this.#inflight;
    const now = Date.now();
    if (now < this.#blockedUntil) return Promise.reject(this.#refusalError(this.#refusalCode, this.#blockedUntil));
    this.#inflight = this.#login().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #login(): Promise<string> {
    try {
      this.#hooks.log(`logging in as ${this.#username}`);
      const result = await this.#hooks.login(this.#username ?? '', this.#password ?? '');
      this.#sid = result.sid;
      this.#info = result.info;
      this.#refusals = 0;
      this.#lastUsed = Date.now();
      return result.sid;
    } catch (err) {
      if (isPhotoStationError(err) && err.api === AUTH.api && LOGIN_REFUSAL_CODES.has(err.code)) {
        this.#refusals += 1;
        const base = Math.min(this.#maxMs, this.#initialMs * 2 ** (this.#refusals - 1));
        // Jitter in [base/2, base]: several processes with the same bad password do not retry in step.
        const pause = Math.round(base / 2 + (base / 2) * this.#random());
        this.#blockedUntil = Date.now() + pause;
        this.#refusalCode = err.code;
        this.#hooks.log(`login refused (${err.codeName}); next attempt not before ${new Date(this.#blockedUntil).toISOString()}`);
        throw this.#refusalError(err.code, this.#blockedUntil);
      }
      throw err;
    }
  }

  #refusalError(code: number, until: number): PhotoStationError {
    const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    return new PhotoStationError(code, {
      ...AUTH,
      message: `login refused: ${describeCode(code, AUTH.api).message}; no new login attempt for ${seconds} s so the NAS does not block the account (fix the credentials to retry sooner)`,
      retryAt: until,
    });
  }

  /** Forget `sid` if it is still the current session; a newer session is kept. */
  invalidate(sid: string): void {
    if (this.#sid === sid) this.#sid = undefined;
  }

  /**
   * Whether `sid` is still a valid session, asked once however many calls want to know
   * (a burst of 105 answers after a NAS restart must not become a burst of checks).
   */
  isAlive(sid: string): Promise<boolean | undefined> {
    if (this.#sid !== sid) return Promise.resolve(false);
    if (this.#checking?.sid === sid) return this.#checking.result;
    const result = this.#hooks.check(sid).finally(() => {
      if (this.#checking?.sid === sid) this.#checking = undefined;
    });
    this.#checking = { sid, result };
    return result;
  }

  touch(): void {
    this.#lastUsed = Date.now();
  }

  isStale(): boolean {
    return Date.now() - this.#lastUsed > this.#staleAfterMs;
  }

  /** Ends the session on the NAS (best effort) and forgets it. */
  async logout(): Promise<void> {
    if (this.#inflight) await this.#inflight.catch(() => undefined);
    const sid = this.#sid;
    this.#sid = undefined;
    this.#info = undefined;
    if (sid === undefined) return;
    try {
      await this.#hooks.logout(sid);
    } catch {
      // The session dies on the NAS by itself; a failed logout must not fail close().
    }
  }
}
