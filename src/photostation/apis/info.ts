import type { Caller } from '../caller';
import type { CallOptions, ExternalIpInfo, StationInfo } from '../types';
import { callOptions } from './common';

const API = 'SYNO.PhotoStation.Info';

/** SYNO.PhotoStation.Info (spec §3.2). */
export class InfoApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  getInfo(options?: CallOptions): Promise<StationInfo> {
    return this.#c.call<StationInfo>({ api: API, method: 'getinfo', read: true, ...callOptions(options) });
  }

  /** Needs version 2 of the API; fails with CLIENT_API_UNAVAILABLE on stations without it. */
  getExternalIp(options?: CallOptions): Promise<ExternalIpInfo> {
    return this.#c.call<ExternalIpInfo>({ api: API, method: 'getexternalip', version: 2, read: true, ...callOptions(options) });
  }
}
