import type { Caller } from '../caller';
import type { CallOptions, LoginInfo } from '../types';
import { callOptions } from './common';

const API = 'SYNO.PhotoStation.Auth';

/**
 * SYNO.PhotoStation.Auth (spec §3.3) beyond what the client does by itself: login and
 * logout are the client's job (PhotoStationClient.login/close), so only checkauth is here.
 */
export class AuthApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  /** Validates the current session; the answer is the login data without the session id. */
  async checkAuth(options?: CallOptions): Promise<LoginInfo> {
    const data = await this.#c.call<LoginInfo & { sid?: unknown }>({ api: API, method: 'checkauth', read: true, ...callOptions(options) });
    const info = { ...data };
    delete info.sid;
    return info;
  }
}
