import { assertBrowse, privileges, typeOwner } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { isValidName, parseId } from '../ids';
import { depthOf, joinPath, nameOf, parentOf } from '../library';
import { ALBUM_TYPES, type Album, type AlbumType, type Item } from '../model';
import { browseFilter, compareItems, CRITERIA_PARAMS, itemPredicate, sortedItems } from '../search';
import type { ApiDefinition } from '../registry';
import { additionalOf, albumView, itemView } from '../views';
import { albumPath, isListed, visibleChildAlbums } from './common';

const ADMIN_FIELDS = ['type', 'password', 'allow_comment', 'conversion', 'sort_by', 'sort_direction'] as const;
const SORT_BY = ['filename', 'takendate', 'createdate', 'preference', 'mtime', 'default'] as const;
const SEARCH_PARAMS = CRITERIA_PARAMS.filter((p) => p !== 'type' && !p.endsWith('_op'));

const arrangeKey = (entry: Album | Item): string => ('uid' in entry ? `i:${entry.uid}` : `a:${entry.path}`);

const byName = (a: Album, b: Album): number => {
  const x = nameOf(a.path);
  const y = nameOf(b.path);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Albums have no taken date: `takendate` sorts them by creation like `createdate` (docs/simulator.md). */
const ALBUM_KEYS: Record<string, (a: Album, b: Album) => number> = {
  filename: byName,
  takendate: (a, b) => a.createdAt - b.createdAt,
  createdate: (a, b) => a.createdAt - b.createdAt,
  mtime: (a, b) => a.mtime - b.mtime,
  preference: byName,
};

function compareAlbums(sortBy: string, direction: string): (a: Album, b: Album) => number {
  const primary = Object.hasOwn(ALBUM_KEYS, sortBy) ? ALBUM_KEYS[sortBy] : byName;
  const sign = direction === 'dsc' || direction === 'desc' ? -1 : 1;
  return (a, b) => sign * (primary(a, b) || byName(a, b));
}

/** Children in the album's order: manual arrangement first where one exists, albums before items (spec §5.13). */
function orderedChildren(ctx: Ctx, path: string, types: Set<string>): Array<Album | Item> {
  const { lib, state } = ctx;
  const album = lib.albums.get(path);
  const requested = ctx.param('sort_by');
  const explicit = requested !== undefined && requested !== '' && requested !== 'default';
  const sortBy = explicit ? requested : album?.sortBy && album.sortBy !== 'default'
    ? album.sortBy : String(state.settings.sort_by);
  const direction = ctx.param('sort_direction') ?? album?.sortDirection ?? String(state.settings.sort_direction);
  // Sub-albums follow an explicitly requested sort; otherwise they stay in name order (docs/simulator.md).
  const albums = types.has('album')
    ? visibleChildAlbums(ctx, path).sort(explicit ? compareAlbums(sortBy, direction)
      : compareAlbums('filename', String(state.settings.folder_sort_direction ?? 'asc')))
    : [];
  const items = lib.itemsIn(path)
    .filter((i) => types.has(i.kind) && isListed(ctx, i))
    .sort(compareItems(sortBy === 'preference' ? 'filename' : sortBy, direction));
  const all: Array<Album | Item> = [...albums, ...items];
  const arrangement = path === '' ? lib.rootArrangement : album?.arrangement;
  if (sortBy === 'preference' && arrangement?.length) {
    const rank = new Map(arrangement.map((key, i) => [key, i]));
    const r = (e: Album | Item): number => rank.get(arrangeKey(e)) ?? Number.MAX_SAFE_INTEGER;
    return all.map((e, i) => ({ e, i })).sort((a, b) => r(a.e) - r(b.e) || a.i - b.i).map((x) => x.e);
  }
  return all;
}

function list(ctx: Ctx): object {
  const types = new Set(ctx.csv('type'));
  if (!types.size || [...types].some((t) => !['album', 'photo', 'video'].includes(t))) {
    throw new ApiError(E.BAD_REQUEST, 'type must list album, photo or video');
  }
  const additional = additionalOf(ctx);
  const { lib } = ctx;
  const isSearch = SEARCH_PARAMS.some((p) => (ctx.param(p) ?? '') !== '');
  let entries: Array<Album | Item>;
  if (isSearch) {
    // Advanced search (spec §3.4): items anywhere the caller may read, all criteria ANDed.
    const matches = itemPredicate(lib, (n) => ctx.param(n), E.BAD_REQUEST);
    const readable = browseFilter(lib, ctx.caller, ctx.param('password'));
    const sortBy = ctx.param('sort_by') ?? String(ctx.state.settings.sort_by);
    const direction = ctx.param('sort_direction') ?? String(ctx.state.settings.sort_direction);
    entries = sortedItems(lib, sortBy, direction)
      .filter((i) => types.has(i.kind) && isListed(ctx, i) && readable(i) && matches(i));
  } else {
    const path = albumPath(ctx, ctx.param('id'), { allowRoot: true });
    assertBrowse(lib, ctx.caller, path, ctx.param('password'));
    entries = orderedChildren(ctx, path, types);
  }
  const page = ctx.page(entries);
  return {
    total: page.total,
    offset: page.offset,
    items: page.items.map((e, i) => ('uid' in e ? itemView(ctx, e, additional, page.start + i) : albumView(ctx, e, additional))),
  };
}

function rootView(ctx: Ctx): object {
  return {
    id: '', type: 'album',
    info: {
      sharepath: '', name: '', title: String(ctx.state.settings.title), description: '', hits: 0, type: 'public',
      conversion: true, allow_comment: false, allow_embed: true,
    },
    additional: null, thumbnail_status: 'default', cover: { w: 0, h: 0, hash: '' },
  };
}

function getinfo(ctx: Ctx): object {
  const ids = ctx.csv('id');
  const additional = additionalOf(ctx);
  if (!ids.length) return { items: [rootView(ctx)] };
  const items = ids.map((id) => {
    const path = albumPath(ctx, id, { allowRoot: false });
    assertBrowse(ctx.lib, ctx.caller, path, ctx.param('password'));
    return albumView(ctx, ctx.lib.albums.get(path)!, additional, !ctx.csv('ignore').includes('thumbnail'));
  });
  return { items };
}

function readType(ctx: Ctx, path: string): { type?: AlbumType; password?: string } {
  const type = ctx.oneOf('type', ALBUM_TYPES);
  const password = ctx.param('password');
  if (type !== undefined && depthOf(path) > 2) throw new ApiError(E.BAD_REQUEST, 'type only on level 1 and 2');
  if (type === 'password') {
    const current = ctx.lib.albums.get(path);
    if ((password ?? '') === '' && !(current?.type === 'password' && current.password)) {
      throw new ApiError(E.BAD_REQUEST, 'password albums need a password');
    }
  }
  return { type, password: password === '' ? undefined : password };
}

function assertAdminFields(ctx: Ctx, extra: readonly string[] = []): void {
  if (ctx.caller.admin) return;
  for (const field of [...ADMIN_FIELDS, ...extra]) {
    if (ctx.param(field) !== undefined) throw new ApiError(E.ALBUM_NOT_ADMIN, `${field} is for administrators`);
  }
  if (Object.keys(watermark(ctx) ?? {}).length) throw new ApiError(E.ALBUM_NOT_ADMIN);
}

function watermark(ctx: Ctx): Record<string, string> | undefined {
  const keys = ['watermark_path', 'watermark_opacity', 'watermark_gravity', 'watermark_size'];
  const given = keys.filter((k) => ctx.param(k) !== undefined);
  if (!given.length) return undefined;
  if (given.length !== keys.length) throw new ApiError(E.BAD_REQUEST, 'watermark needs all four fields');
  return Object.fromEntries(keys.map((k) => [k, ctx.param(k)!]));
}

function create(ctx: Ctx): object {
  const name = ctx.need('name');
  if (!isValidName(name)) throw new ApiError(E.BAD_REQUEST, 'invalid album name');
  const parent = albumPath(ctx, ctx.param('id'), { allowRoot: true });
  const user = ctx.requireLogin();
  if (!privileges(ctx.lib, ctx.caller, parent).upload) throw new ApiError(E.ALBUM_NO_UPLOAD_RIGHT);
  assertAdminFields(ctx, ['title']);
  const path = joinPath(parent, name);
  if (ctx.lib.albums.has(path)) throw new ApiError(E.ALBUM_HAS_EXIST);
  const { type, password } = readType(ctx, path);
  const level = depthOf(path);
  const settings = ctx.state.settings;
  const album: Album = {
    path,
    title: ctx.param('title') || name,
    description: ctx.param('description') ?? '',
    // A new level-2 album follows its parent until it is given a type of its own (docs/simulator.md).
    type: level === 1 ? type ?? (settings.default_album_public ? 'public' : 'private') : level === 2 ? type : undefined,
    password: type === 'password' ? password : undefined,
    inheritParent: level === 2 ? (ctx.bool('inheritParent') ?? type === undefined) : false,
    owner: user.name,
    grants: [],
    allowComment: level === 1 ? ctx.bool('allow_comment') ?? true : false,
    conversion: level === 1 ? ctx.bool('conversion') ?? !settings.def_album_disable_conversion : true,
    hits: 0,
    createdAt: ctx.now,
    mtime: ctx.state.clock.now(),
    sortBy: ctx.oneOf('sort_by', SORT_BY) ?? 'default',
    sortDirection: ctx.oneOf('sort_direction', ['asc', 'desc', 'dsc'] as const) ?? 'asc',
    watermark: watermark(ctx),
  };
  ctx.lib.addAlbum(album);
  return { id: ctx.lib.albumId(path) };
}

function edit(ctx: Ctx): undefined {
  const path = albumPath(ctx, ctx.need('id'), { allowRoot: false });
  ctx.requireLogin();
  if (!privileges(ctx.lib, ctx.caller, path).manage) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
  assertAdminFields(ctx, ['title']);
  const album = ctx.lib.albums.get(path)!;
  const changed: string[] = [];
  const level = depthOf(path);
  const { type, password } = readType(ctx, path);
  // Parsed on every level, so that a malformed value is refused (101) even where it has no effect.
  const inheritParent = ctx.bool('inheritParent');
  const set = <K extends keyof Album>(key: K, value: Album[K] | undefined, field: string = key): void => {
    if (value !== undefined && album[key] !== value) {
      album[key] = value;
      changed.push(field);
    }
  };
  set('title', ctx.param('title'));
  set('description', ctx.param('description'));
  if (type !== undefined) {
    if (level === 2) set('inheritParent', false, 'type');
    set('type', type);
    if (type !== 'password') set('password', undefined as unknown as string, 'password');
  }
  if (level === 2 && inheritParent !== undefined) set('inheritParent', inheritParent, 'type');
  if (password !== undefined && (type === 'password' || (type === undefined && album.type === 'password'))) {
    set('password', password);
  }
  if (level === 1) {
    set('allowComment', ctx.bool('allow_comment'), 'allow_comment');
    set('conversion', ctx.bool('conversion'));
  }
  set('sortBy', ctx.oneOf('sort_by', SORT_BY), 'sort_by');
  set('sortDirection', ctx.oneOf('sort_direction', ['asc', 'desc', 'dsc'] as const), 'sort_direction');
  const wm = watermark(ctx);
  if (wm) {
    album.watermark = wm;
    changed.push('watermark');
  }
  if (changed.length) ctx.lib.changeAlbum(path, changed);
  const newName = ctx.param('name');
  if (newName !== undefined && newName !== nameOf(path)) {
    if (!isValidName(newName)) throw new ApiError(E.BAD_REQUEST, 'invalid album name');
    const target = joinPath(parentOf(path), newName);
    if (ctx.lib.albums.has(target)) throw new ApiError(E.ALBUM_EDIT_FAIL, 'name taken');
    ctx.lib.moveAlbum(path, target);
  }
  return undefined;
}

function remove(ctx: Ctx): undefined {
  const ids = ctx.csv('id');
  if (!ids.length) throw new ApiError(E.BAD_REQUEST, 'missing id');
  const paths = ids.map((id) => {
    const parsed = parseId(id);
    if (parsed?.kind !== 'album') throw new ApiError(E.BAD_REQUEST, 'not an album id');
    return parsed.path;
  });
  ctx.requireLogin();
  // Albums before the failing one stay deleted (spec §5.14).
  for (const path of paths) {
    if (!ctx.lib.albums.has(path)) continue;
    if (!privileges(ctx.lib, ctx.caller, path).manage) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
    ctx.lib.removeAlbum(path);
  }
  return undefined;
}

function move(ctx: Ctx): object | undefined {
  const ids = ctx.csv('id');
  if (!ids.length) throw new ApiError(E.BAD_REQUEST, 'missing id');
  const destParam = ctx.param('sharepath');
  if (destParam === undefined) throw new ApiError(E.BAD_REQUEST, 'missing sharepath');
  const duplicate = ctx.need('duplicate');
  ctx.requireLogin();
  let dest = '';
  if (destParam !== '') {
    const parsed = parseId(destParam);
    if (parsed?.kind !== 'album' || !ctx.lib.albums.has(parsed.path)) throw new ApiError(E.PHOTO_BAD_PARAMS);
    dest = parsed.path;
  }
  if (!privileges(ctx.lib, ctx.caller, dest).upload) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
  const skip: string[] = [];
  for (const id of ids) {
    const parsed = parseId(id);
    if (parsed?.kind !== 'album') throw new ApiError(E.BAD_REQUEST, 'not an album id');
    const from = parsed.path;
    if (!ctx.lib.albums.has(from)) continue;
    if (dest === from || dest.startsWith(`${from}/`)) throw new ApiError(E.ALBUM_SELECT_CONFLICT);
    if (!privileges(ctx.lib, ctx.caller, from).manage) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
    const target = joinPath(dest, nameOf(from));
    if (target === from) continue;
    if (ctx.lib.albums.has(target)) {
      if (duplicate !== 'overwrite') {
        skip.push(id);
        continue;
      }
      ctx.lib.removeAlbum(target);
    }
    const before = typeOwner(ctx.lib, from);
    ctx.lib.moveAlbum(from, target);
    keepTypeAfterMove(ctx, target, before);
  }
  return skip.length ? { skip } : undefined;
}

/**
 * A move changes an album's level (spec §5.2): one that becomes level 1 keeps the effective type, password and
 * grants it had, so a private album never turns public by moving; one that becomes level 2 keeps its own type
 * or else follows its new parent; deeper ones inherit and carry no type of their own (docs/simulator.md).
 */
function keepTypeAfterMove(ctx: Ctx, path: string, before: Album | undefined): void {
  const album = ctx.lib.albums.get(path)!;
  const level = depthOf(path);
  const ownType = album.type !== undefined && !album.inheritParent && before === album;
  if (level === 1) {
    if (!ownType) {
      album.type = before?.type ?? 'public';
      album.password = before?.type === 'password' ? before.password : undefined;
      album.grants = (before?.grants ?? []).map((g) => ({ ...g }));
    }
    album.inheritParent = false;
  } else if (level === 2) {
    if (!ownType) {
      album.type = undefined;
      album.password = undefined;
      album.inheritParent = true;
    }
  } else {
    album.type = undefined;
    album.password = undefined;
    album.inheritParent = false;
  }
}

function arrangeitem(ctx: Ctx): undefined {
  const path = albumPath(ctx, ctx.param('id'), { allowRoot: true });
  const ids = ctx.csv('item_id');
  if (!ids.length) throw new ApiError(E.BAD_REQUEST, 'missing item_id');
  const offset = ctx.int('offset', E.BAD_REQUEST, 0);
  const limit = ctx.int('limit', E.BAD_REQUEST, 0);
  if (offset === undefined || limit === undefined) throw new ApiError(E.BAD_REQUEST, 'missing offset or limit');
  const keys = ids.map((id) => {
    const parsed = parseId(id);
    if (parsed?.kind === 'album') return `a:${parsed.path}`;
    if (parsed?.kind === 'photo' || parsed?.kind === 'video') {
      const item = ctx.lib.itemByIdParam(id);
      return item ? `i:${item.uid}` : undefined;
    }
    throw new ApiError(E.BAD_REQUEST, 'only album, photo and video ids can be arranged');
  }).filter((k): k is string => k !== undefined);
  ctx.requireLogin();
  if (!privileges(ctx.lib, ctx.caller, path).manage) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
  const current = orderedChildren(ctx, path, new Set(['album', 'photo', 'video'])).map(arrangeKey);
  const rest = current.filter((k) => !keys.includes(k));
  rest.splice(Math.min(offset, rest.length), 0, ...keys);
  if (path === '') ctx.lib.rootArrangement = rest;
  else ctx.lib.albums.get(path)!.arrangement = rest;
  if (path !== '') {
    const album = ctx.lib.albums.get(path)!;
    if (album.sortBy !== 'preference') album.sortBy = 'preference';
    ctx.lib.changeAlbum(path, ['arrangement']);
  }
  return undefined;
}

function cleararrangeitem(ctx: Ctx): undefined {
  const path = albumPath(ctx, ctx.param('id'), { allowRoot: true });
  ctx.requireLogin();
  if (!privileges(ctx.lib, ctx.caller, path).manage) throw new ApiError(E.ALBUM_NO_MANAGE_RIGHT);
  if (path === '') ctx.lib.rootArrangement = undefined;
  else {
    const album = ctx.lib.albums.get(path)!;
    album.arrangement = undefined;
    if (album.sortBy === 'preference') album.sortBy = 'default';
    ctx.lib.changeAlbum(path, ['arrangement']);
  }
  return undefined;
}

/** Operations run synchronously here, so a cancel finds nothing left to stop (spec §5.14). */
export function cancel(ctx: Ctx, code: number): undefined {
  if (ctx.oneOf('action', ['mvcp', 'delete'] as const, code) === undefined) throw new ApiError(code, 'missing action');
  ctx.need('id', code);
  return undefined;
}

export const albumApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Album', path: 'album.php', minVersion: 1, maxVersion: 1,
  methods: {
    list, getinfo, create, edit, delete: remove, move, arrangeitem, cleararrangeitem,
    cancel: (ctx) => cancel(ctx, E.BAD_REQUEST),
  },
};
