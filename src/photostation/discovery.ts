/**
 * API discovery through SYNO.API.Info (spec §3.1, Q1): asked once per client, cached, never
 * replaced by hard-coded paths. A failed discovery is not cached, so the next call asks again.
 */
import { ClientErrorCode, PhotoStationError } from './errors';
import type { ApiInfoEntry, ApiInfoMap } from './types';

export const INFO_API = 'SYNO.API.Info';
/** Where discovery itself lives; the only path the client knows in advance (spec §1.1). */
export const INFO_PATH = 'query.php';

export interface ResolvedApi {
  path: string;
  version: number;
}

export class Discovery {
  readonly #fetch: () => Promise<ApiInfoMap>;
  #map: ApiInfoMap | undefined;
  #inflight: Promise<ApiInfoMap> | undefined;

  constructor(fetch: () => Promise<ApiInfoMap>) {
    this.#fetch = fetch;
  }

  /** The discovered table; concurrent first callers share one request. */
  async entries(): Promise<ApiInfoMap> {
    if (this.#map) return this.#map;
    this.#inflight ??= this.#fetch().then(
      (map) => {
        this.#map = validate(map);
        this.#inflight = undefined;
        return this.#map;
      },
      (err: unknown) => {
        this.#inflight = undefined;
        throw err;
      },
    );
    return this.#inflight;
  }

  /** Synchronous lookup when discovery already ran (the hot path of every call). */
  cached(api: string, version: number): ResolvedApi | undefined {
    const entry = this.#map?.[api];
    return entry && version >= entry.minVersion && version <= entry.maxVersion ? { path: entry.path, version } : undefined;
  }

  async resolve(api: string, version: number, method: string): Promise<ResolvedApi> {
    if (api === INFO_API) return { path: this.#map?.[INFO_API]?.path ?? INFO_PATH, version };
    const hit = this.cached(api, version);
    if (hit) return hit;
    const entry: ApiInfoEntry | undefined = (await this.entries())[api];
    if (!entry) {
      throw new PhotoStationError(ClientErrorCode.API_UNAVAILABLE, {
        api,
        method,
        detail: 'not listed by SYNO.API.Info on this NAS',
      });
    }
    if (version < entry.minVersion || version > entry.maxVersion) {
      throw new PhotoStationError(ClientErrorCode.API_UNAVAILABLE, {
        api,
        method,
        detail: `the NAS offers versions ${entry.minVersion}-${entry.maxVersion}, this call needs version ${version}`,
      });
    }
    return { path: entry.path, version };
  }
}

function validate(map: ApiInfoMap): ApiInfoMap {
  if (map === null || typeof map !== 'object') {
    throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { api: INFO_API, method: 'query', detail: 'discovery returned no table' });
  }
  const out: ApiInfoMap = {};
  for (const [name, e] of Object.entries(map)) {
    // Paths are joined to our base URL; refuse anything that could leave it.
    if (e && typeof e.path === 'string' && /^[\w.-]+(?:\/[\w.-]+)*$/.test(e.path) && !e.path.includes('..')) {
      out[name] = { ...e, minVersion: Number(e.minVersion), maxVersion: Number(e.maxVersion) };
    }
  }
  return out;
}
