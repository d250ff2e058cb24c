import type { Caller } from './access';
import { ApiError, E } from './errors';
import type { ParsedRequest, UploadedFile } from './http';
import type { Library } from './library';
import type { User } from './model';
import type { Session } from './sessions';
import type { SimState } from './state';

/** A non-JSON answer (thumbnails, downloads). */
export class Binary {
  constructor(readonly data: Buffer, readonly contentType: string, readonly filename?: string) {}
}

/** One API call as a handler sees it: parameters, the caller and the instance it addresses. */
export class Ctx {
  readonly caller: Caller;

  constructor(
    readonly state: SimState,
    readonly lib: Library,
    /** '' for the standard Photo Station, else the owner of the personal one. */
    readonly instanceOwner: string,
    readonly request: ParsedRequest,
    readonly session: Session | undefined,
    readonly remote: string,
    /** `http://host:port` as the caller reached us, for the URLs we hand out. */
    readonly origin: string,
    /** `/photo` or `/~owner/photo`. */
    readonly basePath: string,
    readonly api: string,
    readonly method: string,
    readonly version: number,
  ) {
    const user = session ? state.users.get(session.user) : undefined;
    this.caller = {
      user,
      admin: !!user && (user.admin || (instanceOwner !== '' && user.name === instanceOwner)),
      unlocked: session?.unlocked,
    };
  }

  get user(): User | undefined {
    return this.caller.user;
  }

  get now(): number {
    return this.state.clock.nowSeconds();
  }

  param(name: string): string | undefined {
    return this.request.params.get(name);
  }

  /** A required parameter; a missing or empty one is answered with `code` (101 unless the API has its own). */
  need(name: string, code: number = E.BAD_REQUEST): string {
    const v = this.param(name);
    if (v === undefined || v === '') throw new ApiError(code, `missing ${name}`);
    return v;
  }

  bool(name: string, code: number = E.BAD_REQUEST): boolean | undefined {
    const v = this.param(name);
    if (v === undefined || v === '') return undefined;
    if (v === 'true' || v === '1' || v === 'on' || v === 'yes') return true;
    if (v === 'false' || v === '0' || v === 'off' || v === 'no') return false;
    throw new ApiError(code, `${name} is not a boolean`);
  }

  int(name: string, code: number = E.BAD_REQUEST, min = -Infinity, max = Infinity): number | undefined {
    const v = this.param(name);
    if (v === undefined || v === '') return undefined;
    if (!/^-?\d{1,15}$/.test(v.trim())) throw new ApiError(code, `${name} is not an integer`);
    const n = Number(v.trim());
    if (n < min || n > max) throw new ApiError(code, `${name} out of range`);
    return n;
  }

  num(name: string, code: number = E.BAD_REQUEST): number | undefined {
    const v = this.param(name);
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new ApiError(code, `${name} is not a number`);
    return n;
  }

  csv(name: string): string[] {
    const v = this.param(name);
    return v === undefined || v === '' ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], code: number = E.BAD_REQUEST): T | undefined {
    const v = this.param(name);
    if (v === undefined || v === '') return undefined;
    if (!allowed.includes(v as T)) throw new ApiError(code, `${name} must be one of ${allowed.join(', ')}`);
    return v as T;
  }

  file(name: string): UploadedFile | undefined {
    return this.request.files.get(name);
  }

  /** Anything but reading needs a login (spec §5.3): 105 otherwise. */
  requireLogin(): User {
    if (!this.user) throw new ApiError(E.NO_PERMISSION, 'login required');
    return this.user;
  }

  requireAdmin(code: number): User {
    const user = this.requireLogin();
    if (!this.caller.admin) throw new ApiError(code, 'administrators only');
    return user;
  }

  /** Paging per spec §1.5: `limit=-1` is everything; the answer's offset is where the next page starts. */
  page<T>(all: readonly T[], code: number = E.BAD_REQUEST): { total: number; offset: number; items: T[]; start: number } {
    const offset = this.int('offset', code, 0) ?? 0;
    const limit = this.int('limit', code, -1) ?? -1;
    const items = limit === -1 ? all.slice(offset) : all.slice(offset, offset + limit);
    return { total: all.length, offset: offset + items.length, items, start: offset };
  }
}
