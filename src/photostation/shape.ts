import { ClientErrorCode, PhotoStationError } from './errors';

/**
 * The fields of NAS entries the product reads, checked where they enter: a NAS (or a proxy in front of
 * one) that answers a number for an id or a list for a title is a broken answer that names the field,
 * not a TypeError three layers further up. Only what is read is checked: fields the product passes
 * through untouched may be anything, and a newer DSM may add more.
 */
type Kind = 'string' | 'number' | 'boolean' | 'object';
type Spec = Readonly<Record<string, `${Kind}` | `${Kind}?`>>;
interface Field {
  name: string;
  kind: Kind;
  optional: boolean;
}
/**
 * A spec made once into two checkers. The checks run for every entry of every page (100 000 entries
 * when paging a large library), and a generic loop reading `obj[name]` costs a fifth of parsing the
 * JSON: every field is a megamorphic keyed load. So the everyday path is a predicate compiled from
 * the spec into plain property reads (seven times faster), and only an entry it refuses goes through
 * the field list again to find and name what is wrong. The compiled source is built only from the
 * constant specs in this file, and a name that is not a plain identifier is refused.
 */
interface Rule {
  fields: readonly Field[];
  fits: (obj: Record<string, unknown>) => boolean;
}

function rule(spec: Spec): Rule {
  const fields = Object.entries(spec).map(([name, want]) => ({ name, kind: want.replace('?', '') as Kind, optional: want.endsWith('?') }));
  const tests = fields.map(({ name, kind, optional }) => {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`shape: field name ${name} is not an identifier`);
    const v = `o.${name}`;
    const test = kind === 'object' ? `(typeof ${v} === 'object' && ${v} !== null && !Array.isArray(${v}))` : `typeof ${v} === '${kind}'`;
    return optional ? `(${v} === undefined || ${v} === null || ${test})` : test;
  });
  try {
    return { fields, fits: new Function('o', `return ${tests.join(' && ')};`) as Rule['fits'] };
  } catch {
    // Code generation turned off (node --disallow-code-generation-from-strings): every entry takes
    // the field loop, slower but the same answers.
    return { fields, fits: () => false };
  }
}

const ENTRY = rule({ id: 'string', type: 'string', info: 'object?', additional: 'object?' });
const ALBUM_INFO = rule({ sharepath: 'string', name: 'string?', title: 'string?', description: 'string?', type: 'string?' });
const ITEM_INFO = rule({
  name: 'string?', title: 'string?', description: 'string?', createdate: 'string?', takendate: 'string?',
  size: 'number?', resolutionx: 'number?', resolutiony: 'number?',
});
const SHARED_ALBUM = rule({ id: 'number', name: 'string', public_share_url: 'string?', additional: 'object?' });
const PUBLIC_SHARE = rule({ shareid: 'string?', share_status: 'string?', start_time: 'string?', end_time: 'string?', public_share_url: 'string?' });
const SMART_ALBUM = rule({ id: 'string', name: 'string', condition: 'object?' });

function kindOf(v: unknown): Kind | 'null' | 'list' | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v as Kind | 'undefined';
}

function fits(v: unknown, kind: Kind): boolean {
  return kind === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === kind;
}

/** Checks `value` against `rule`; the place named in an error is `${label} ${index}${suffix}`. */
function check(value: unknown, rule: Rule, ctx: { api: string; method: string }, label: string, index: number, suffix = ''): Record<string, unknown> {
  if (!fits(value, 'object')) fail(ctx, `${label} ${index}${suffix} is ${describe(value)}, not an object`);
  const obj = value as Record<string, unknown>;
  if (rule.fits(obj)) return obj;
  for (const { name, kind, optional } of rule.fields) {
    const v = obj[name];
    if (optional && (v === undefined || v === null)) continue;
    if (!fits(v, kind)) fail(ctx, `${label} ${index}${suffix}.${name} is ${describe(v)}, not ${kind === 'object' ? 'an object' : `a ${kind}`}`);
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
    const entry = check(items[i], ENTRY, ctx, 'entry', i);
    if (entry.info === undefined || entry.info === null) {
      if (entry.type === 'album') fail(ctx, `entry ${i} (an album) has no info`);
      continue;
    }
    check(entry.info, entry.type === 'album' ? ALBUM_INFO : ITEM_INFO, ctx, 'entry', i, '.info');
  }
  return items as T[];
}

/** SharedAlbum list / getinfo entries, with their public share when present. */
export function checkSharedAlbums<T>(items: readonly unknown[], ctx: { api: string; method: string }): T[] {
  for (let i = 0; i < items.length; i++) {
    const shared = check(items[i], SHARED_ALBUM, ctx, 'shared album', i);
    const share = (shared.additional as Record<string, unknown> | undefined)?.public_share;
    if (share !== undefined && share !== null) check(share, PUBLIC_SHARE, ctx, 'shared album', i, '.additional.public_share');
  }
  return items as T[];
}

/** SmartAlbum list / getinfo entries. */
export function checkSmartAlbums<T>(items: readonly unknown[], ctx: { api: string; method: string }): T[] {
  for (let i = 0; i < items.length; i++) check(items[i], SMART_ALBUM, ctx, 'smart album', i);
  return items as T[];
}
