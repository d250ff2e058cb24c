import { canBrowse, type Caller } from './access';
import { parseDate } from './clock';
import { ApiError } from './errors';
import { parseId } from './ids';
import { type Library } from './library';
import type { Item, TagType } from './model';

/** Reads one search parameter; the same criteria come from a request or from a stored smart album. */
export type Criteria = (name: string) => string | undefined;

/** The advanced-search parameters of spec §3.4 / §5.10 that a smart album may store. */
export const CRITERIA_PARAMS = [
  'albums', 'keyword', 'keyword_op', 'date', 'date_op', 'desc_tag', 'desc_tag_op', 'people_tag', 'people_tag_op',
  'geo_tag', 'geo_tag_op', 'camera', 'model', 'exposure', 'aperture', 'iso', 'focal', 'lens', 'flash', 'rating',
  'type', 'taken_date', 'color_label', 'gps',
] as const;

const EXIF_FIELDS: Record<string, (item: Item) => string> = {
  camera: (i) => i.exif.camera ?? '',
  model: (i) => i.exif.model ?? '',
  exposure: (i) => i.exif.exposure ?? '',
  aperture: (i) => i.exif.aperture ?? '',
  iso: (i) => (i.exif.iso === undefined ? '' : String(i.exif.iso)),
  focal: (i) => i.exif.focal ?? '',
  lens: (i) => i.exif.lens ?? '',
  flash: (i) => i.exif.flash ?? '',
  rating: (i) => String(i.rating),
};

const list = (v: string | undefined): string[] =>
  v === undefined || v === '' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean);

/** `start,end`, `start,`, `,end` or a single day, as inclusive Unix-second bounds. */
export function dateRange(text: string, code: number): [number, number] {
  const [a, b] = text.includes(',') ? text.split(',', 2) : [text, text];
  const start = a.trim() === '' ? -Infinity : parseDate(a);
  const endDay = b.trim() === '' ? Infinity : parseDate(b);
  if (start === undefined || endDay === undefined) throw new ApiError(code, 'bad date');
  // A bare day as the end means the whole day.
  const end = Number.isFinite(endDay) && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(b) ? endDay + 86399 : endDay;
  return [start, end];
}

/** Tag criteria accept tag ids or names (spec §3.4 choice); an unknown tag matches nothing. */
export function resolveTags(lib: Library, type: TagType, values: string[]): number[] {
  return values.map((v) => {
    const m = /^tag_(\d+)$/.exec(v);
    if (m) return lib.tags.get(Number(m[1]))?.type === type ? Number(m[1]) : -1;
    return lib.findTag(type, v)?.id ?? -1;
  });
}

/**
 * Builds the item predicate for the given criteria; every present criterion must hold (spec §5.10 choice).
 * Throws `code` for malformed values, and for a tag criterion naming a missing tag when `missingTag` is set.
 */
export function itemPredicate(lib: Library, c: Criteria, code: number, missingTag?: number): (item: Item) => boolean {
  const tests: Array<(item: Item) => boolean> = [];
  const types = list(c('type')).filter((t) => t === 'photo' || t === 'video');
  if (types.length) tests.push((i) => types.includes(i.kind));

  const albums = list(c('albums'));
  if (albums.length) {
    const paths = albums.map((id) => {
      const parsed = parseId(id);
      if (parsed?.kind !== 'album') throw new ApiError(code, 'albums must be album ids');
      return parsed.path;
    });
    tests.push((i) => paths.some((p) => i.album === p || i.album.startsWith(`${p}/`)));
  }

  /** An operator parameter: absent means its first value, anything unknown is refused with `code`. */
  const operator = <T extends string>(name: string, allowed: readonly T[]): T => {
    const v = c(name);
    if (v === undefined || v === '') return allowed[0];
    if (!allowed.includes(v as T)) throw new ApiError(code, `${name} must be one of ${allowed.join(', ')}`);
    return v as T;
  };

  const keywords = list(c('keyword')).map((k) => k.toLowerCase());
  if (keywords.length) {
    const op = operator('keyword_op', ['any', 'all', 'exact'] as const);
    const text = (i: Item): string => `${i.title}\n${i.description}\n${i.name}`.toLowerCase();
    if (op === 'all') tests.push((i) => keywords.every((k) => text(i).includes(k)));
    else if (op === 'exact') {
      const phrase = keywords.join(',');
      tests.push((i) => i.title.toLowerCase() === phrase || i.description.toLowerCase() === phrase);
    } else tests.push((i) => keywords.some((k) => text(i).includes(k)));
  }

  const date = c('date');
  if (date) {
    const [start, end] = dateRange(date, code);
    const op = operator('date_op', ['taken', 'upload', 'recently_add', 'recently_comment'] as const);
    const within = (t: number): boolean => t >= start && t <= end;
    if (op === 'taken') tests.push((i) => within(i.takendate));
    // recently_comment: an item commented on inside the range.
    else if (op === 'recently_comment') tests.push((i) => i.comments.some((cm) => within(cm.date)));
    else tests.push((i) => within(i.createdate));
  }
  const taken = c('taken_date');
  if (taken) {
    const [start, end] = dateRange(taken, code);
    tests.push((i) => i.takendate >= start && i.takendate <= end);
  }

  for (const type of ['desc', 'people', 'geo'] as const) {
    const values = list(c(`${type}_tag`));
    if (!values.length) continue;
    const ids = resolveTags(lib, type, values);
    if (missingTag !== undefined && ids.includes(-1)) throw new ApiError(missingTag, `unknown ${type} tag`);
    const op = operator(`${type}_tag_op`, ['any', 'all'] as const);
    tests.push((i) => {
      const have = new Set(lib.linksOf(i.uid).filter((l) => l.confirmed).map((l) => l.tagId));
      return op === 'all' ? ids.every((id) => have.has(id)) : ids.some((id) => have.has(id));
    });
  }

  for (const [name, read] of Object.entries(EXIF_FIELDS)) {
    const values = list(c(name)).map((v) => v.toLowerCase());
    if (values.length) tests.push((i) => values.includes(read(i).toLowerCase()));
  }

  const gps = c('gps');
  if (gps === 'true') tests.push((i) => i.lat !== undefined && i.lng !== undefined);

  return (item) => tests.every((t) => t(item));
}

const COMPARE: Record<string, (a: Item, b: Item) => number> = {
  filename: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  takendate: (a, b) => a.takendate - b.takendate,
  createdate: (a, b) => a.createdate - b.createdate,
  mtime: (a, b) => a.mtime - b.mtime,
};

export const SORT_KEYS = Object.keys(COMPARE);

/** Stable order: the chosen key, then file name, then uid, so pages never overlap. */
export function compareItems(sortBy: string, direction: string): (a: Item, b: Item) => number {
  // Unknown keys (including inherited names such as `__proto__`) fall back to the default order.
  const primary = Object.hasOwn(COMPARE, sortBy) ? COMPARE[sortBy] : COMPARE.takendate;
  const sign = direction === 'dsc' || direction === 'desc' ? -1 : 1;
  return (a, b) => sign * (primary(a, b) || COMPARE.filename(a, b) || a.uid - b.uid);
}

const sortCache = new WeakMap<Library, { version: number; sorted: Map<string, Item[]> }>();

/** The whole library in one order, cached until the next write: paging 100,000 items must not re-sort. */
export function sortedItems(lib: Library, sortBy: string, direction: string): Item[] {
  let cache = sortCache.get(lib);
  if (!cache || cache.version !== lib.version) {
    cache = { version: lib.version, sorted: new Map() };
    sortCache.set(lib, cache);
  }
  const key = `${sortBy}:${direction}`;
  let sorted = cache.sorted.get(key);
  if (!sorted) {
    sorted = [...lib.allItems()].sort(compareItems(sortBy, direction));
    cache.sorted.set(key, sorted);
  }
  return sorted;
}

const selectionCache = new WeakMap<Library, { version: number; entries: Map<string, unknown> }>();

/**
 * Memoises a selection over the library until the next write. Paging through 100,000 items asks the same
 * question once per page; only the first page should pay for filtering and sorting.
 */
export function memoSelection<T>(lib: Library, key: string, compute: () => T): T {
  let cache = selectionCache.get(lib);
  if (!cache || cache.version !== lib.version) {
    cache = { version: lib.version, entries: new Map() };
    selectionCache.set(lib, cache);
  }
  if (cache.entries.has(key)) return cache.entries.get(key) as T;
  const value = compute();
  if (cache.entries.size >= 32) cache.entries.delete(cache.entries.keys().next().value!);
  cache.entries.set(key, value);
  return value;
}

/** Per-request memo of which albums the caller may read: 100,000 items live in a few thousand albums. */
export function browseFilter(lib: Library, caller: Caller, password?: string): (item: Item) => boolean {
  const memo = new Map<string, boolean>();
  return (item) => {
    let ok = memo.get(item.album);
    if (ok === undefined) {
      ok = canBrowse(lib, caller, item.album, password);
      memo.set(item.album, ok);
    }
    return ok;
  };
}

export const isVisibleNow = (item: Item, nowMs: number, indexingDelayMs: number): boolean =>
  indexingDelayMs <= 0 || item.createdate * 1000 + indexingDelayMs <= nowMs;
