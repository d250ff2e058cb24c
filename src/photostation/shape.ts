import { ClientErrorCode, PhotoStationError } from './errors';

/**
 * The fields of NAS entries the product reads, checked where they enter: a NAS (or a proxy in front of
 * one) that answers a number for an id or a list for a title is a broken answer that names the field,
 * not a TypeError three layers further up. Only what is read is checked: fields the product passes
 * through untouched may be anything, and a newer DSM may add more.
 */
type Kind = 'string' | 'number' | 'boolean' | 'object';
type Rule = Readonly<Record<string, `${Kind}` | `${Kind}?`>>;

const ENTRY: Rule = { id: 'string', type: 'string', info: 'object?', additional: 'object?' };
const ALBUM_INFO: Rule = { sharepath: 'string', name: 'string?', title: 'string?', description: 'string?', type: 'string?' };
const ITEM_INFO: Rule = {
  name: 'string?', title: 'string?', description: 'string?', createdate: 'string?', takendate: 'string?',
  size: 'number?', resolutionx: 'number?', resolutiony: 'number?',
};
const SHARED_ALBUM: Rule = { id: 'number', name: 'string', public_share_url: 'string?', additional: 'object?' };
const PUBLIC_SHARE: Rule = { shareid: 'string?', share_status: 'string?', start_time: 'string?', end_time: 'string?', public_share_url: 'string?' };
const SMART_ALBUM: Rule = { id: 'string', name: 'string', condition: 'object?' };

function kindOf(v: unknown): Kind | 'null' | 'list' | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v as Kind | 'undefined';
}

function check(value: unknown, rule: Rule, where: string, ctx: { api: string; method: string }): Record<string, unknown> {
  if (kindOf(value) !== 'object') fail(ctx, `${where} is ${describe(value)}, not an object`);
  const obj = value as Record<string, unknown>;
  for (const [field, want] of Object.entries(rule)) {
    const optional = want.endsWith('?');
    const kind = optional ? want.slice(0, -1) : want;
    const v = obj[field];
    if (optional && (v === undefined || v === null)) continue;
    if (kindOf(v) !== kind) fail(ctx, `${where}.${field} is ${describe(v)}, not ${kind === 'object' ? 'an object' : `a ${kind}`}`);
  }
  return obj;
}

function describe(v: unknown): string {
  const k = kindOf(v);
  return k === 'list' ? 'a list' : k === 'object' ? 'an object' : k === 'null' || k === 'undefined' ? 'missing' : `a ${k}`;
}

function fail(ctx: { api: string; method: string }, detail: string): never {
  throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail });
}

/** Album list / getinfo and Photo list / getinfo entries: albums, photos and videos. */
export function checkEntries<T>(items: readonly unknown[], ctx: { api: string; method: string }): T[] {
  for (let i = 0; i < items.length; i++) {
    const where = `entry ${i}`;
    const entry = check(items[i], ENTRY, where, ctx);
    if (entry.info === undefined || entry.info === null) {
      if (entry.type === 'album') fail(ctx, `${where} (an album) has no info`);
      continue;
    }
    check(entry.info, entry.type === 'album' ? ALBUM_INFO : ITEM_INFO, `${where}.info`, ctx);
  }
  return items as T[];
}

/** SharedAlbum list / getinfo entries, with their public share when present. */
export function checkSharedAlbums<T>(items: readonly unknown[], ctx: { api: string; method: string }): T[] {
  for (let i = 0; i < items.length; i++) {
    const shared = check(items[i], SHARED_ALBUM, `shared album ${i}`, ctx);
    const share = (shared.additional as Record<string, unknown> | undefined)?.public_share;
    if (share !== undefined && share !== null) check(share, PUBLIC_SHARE, `shared album ${i}.additional.public_share`, ctx);
  }
  return items as T[];
}

/** SmartAlbum list / getinfo entries. */
export function checkSmartAlbums<T>(items: readonly unknown[], ctx: { api: string; method: string }): T[] {
  for (let i = 0; i < items.length; i++) check(items[i], SMART_ALBUM, `smart album ${i}`, ctx);
  return items as T[];
}
