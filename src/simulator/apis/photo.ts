import { assertBrowse, privileges } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { baseName, parseId } from '../ids';
import { joinPath } from '../library';
import type { Item } from '../model';
import type { ApiDefinition } from '../registry';
import { browseFilter, compareItems, itemPredicate, memoSelection, sortedItems } from '../search';
import { ownedShared, shareUrl, visitorShare } from '../shares';
import { additionalOf, itemView } from '../views';
import { cancel } from './album';
import { albumPath, isListed, itemsFromCsv } from './common';

const BAD = E.PHOTO_BAD_PARAMS;

function smartCondition(ctx: Ctx, id: string): Record<string, string> {
  const smart = ctx.lib.smartAlbums.get(id);
  if (!smart) throw new ApiError(E.SMARTALBUM_NOT_EXIST);
  return smart.condition;
}

/** The items one `Photo list` call selects; the first matching filter wins (spec §3.9). */
function select(ctx: Ctx): { items: Item[]; decorate?: (view: Record<string, unknown>, item: Item) => void } {
  const { lib } = ctx;
  const types = ctx.csv('type');
  if (!types.length || types.some((t) => t !== 'photo' && t !== 'video')) throw new ApiError(BAD, 'type must be photo/video');
  const sortBy = ctx.param('sort_by') ?? String(ctx.state.settings.sort_by);
  const direction = ctx.param('sort_direction') ?? String(ctx.state.settings.sort_direction);
  const ofType = (i: Item): boolean => types.includes(i.kind) && isListed(ctx, i);
  const filterTag = ctx.csv('filter_tag');
  const readable = browseFilter(lib, ctx.caller, ctx.param('password'));

  if (filterTag.length === 1 && filterTag[0] === 'tag_unconfirm') {
    return {
      items: sortedItems(lib, sortBy, direction)
        .filter((i) => ofType(i) && readable(i) && lib.linksOf(i.uid).some((l) => !l.confirmed)),
    };
  }
  const sharedId = ctx.param('filter_shared_album');
  if (sharedId) {
    const shared = ownedShared(ctx, sharedId);
    const url = shared.share.isShared ? shareUrl(ctx, shared.share.shareid) : '';
    const items = shared.uids.map((uid) => lib.items.get(uid)!).filter(ofType).sort(compareItems(sortBy, direction));
    return {
      items,
      decorate: (view) => {
        view.public_share_url = url ? `${url}#${view.id as string}` : '';
      },
    };
  }
  const shareid = ctx.param('filter_public_share') ?? ctx.param('public_share_id');
  if (shareid) {
    const shared = visitorShare(ctx, shareid, E.PHOTO_ACCESS_DENY);
    const labels = ctx.csv('color_label').map(Number);
    const items = shared.uids.map((uid) => lib.items.get(uid)!)
      .filter((i) => ofType(i) && (!labels.length || labels.includes(shared.labels.get(i.uid) ?? 0)))
      .sort(compareItems(sortBy, direction));
    return {
      items,
      decorate: (view, item) => {
        (view.info as Record<string, unknown>).color_label = shared.labels.get(item.uid) ?? 0;
      },
    };
  }
  const smartId = ctx.param('filter_smart');
  if (smartId) {
    const condition = smartCondition(ctx, smartId);
    const matches = itemPredicate(lib, (n) => condition[n], BAD);
    return { items: sortedItems(lib, sortBy, direction).filter((i) => ofType(i) && readable(i) && matches(i)) };
  }

  const criteria = itemPredicate(lib, (n) => (n === 'taken_date' || n === 'gps' ? ctx.param(n) : undefined), BAD);
  const tagIds = filterTag.map((t) => {
    const m = /^tag_(\d+)$/.exec(t);
    if (!m) throw new ApiError(BAD, 'filter_tag takes tag ids');
    return Number(m[1]);
  });
  // Several tag ids match items carrying any of them (spec §3.9 choice).
  const tagged = (i: Item): boolean => !tagIds.length || lib.linksOf(i.uid).some((l) => l.confirmed && tagIds.includes(l.tagId));
  const albumParam = ctx.param('filter_album');
  let pool: Item[];
  if (albumParam) {
    let path: string;
    try {
      path = albumPath(ctx, albumParam, { allowRoot: false, code: BAD });
    } catch (err) {
      // A missing album below one the caller cannot see is a Photo access denial here, not Album's 417.
      if (err instanceof ApiError && err.code === E.ALBUM_NO_ACCESS_RIGHT) throw new ApiError(E.PHOTO_ACCESS_DENY);
      throw err;
    }
    assertBrowse(lib, ctx.caller, path, ctx.param('password'), { noAccess: E.PHOTO_ACCESS_DENY, password: E.ALBUM_PASSWORD_ERROR });
    pool = lib.itemsIn(path).sort(compareItems(sortBy, direction));
  } else {
    pool = sortedItems(lib, sortBy, direction).filter(readable);
  }
  return { items: pool.filter((i) => ofType(i) && tagged(i) && criteria(i)) };
}

const PAGING_PARAMS = new Set(['offset', 'limit', 'additional', 'api', 'method', 'version', '_sid']);

/**
 * Selections that depend only on the library, the caller and the parameters can be reused across pages.
 * Share views check their link window on every call, and an indexing delay makes listings time-dependent.
 */
function cacheable(ctx: Ctx): boolean {
  return ctx.state.config.indexingDelayMs <= 0
    && !ctx.param('filter_shared_album') && !ctx.param('filter_public_share') && !ctx.param('public_share_id');
}

function selectionKey(ctx: Ctx): string {
  const { user, admin, unlocked } = ctx.caller;
  const who = admin ? 'admin' : user ? `user:${user.name}:${[...(unlocked ?? [])].sort().join('|')}` : 'anonymous';
  const params = [...ctx.request.params].filter(([k]) => !PAGING_PARAMS.has(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  const { sort_by, sort_direction } = ctx.state.settings;
  return JSON.stringify([who, params, sort_by, sort_direction]);
}

function list(ctx: Ctx): object {
  if (ctx.param('offset') === undefined || ctx.param('limit') === undefined) throw new ApiError(BAD, 'missing offset/limit');
  const { items, decorate } = cacheable(ctx) ? memoSelection(ctx.lib, selectionKey(ctx), () => select(ctx)) : select(ctx);
  const page = ctx.page(items, BAD);
  const additional = additionalOf(ctx);
  return {
    total: page.total,
    offset: page.offset,
    items: page.items.map((item, i) => {
      const view = itemView(ctx, item, additional, page.start + i);
      decorate?.(view, item);
      return view;
    }),
  };
}

/** Items a read names; through a public share only its own items, else the caller's browse right (457). */
function readableItems(ctx: Ctx): Item[] {
  const shareid = ctx.param('public_share_id');
  const items = itemsFromCsv(ctx, 'id', BAD, true);
  if (shareid) {
    const shared = visitorShare(ctx, shareid, E.PHOTO_ACCESS_DENY);
    if (items.some((i) => !shared.uids.includes(i.uid))) throw new ApiError(E.PHOTO_ACCESS_DENY);
    return items;
  }
  for (const item of items) {
    assertBrowse(ctx.lib, ctx.caller, item.album, ctx.param('password'), {
      noAccess: E.PHOTO_ACCESS_DENY, password: E.PHOTO_ACCESS_DENY,
    });
  }
  return items;
}

function getinfo(ctx: Ctx): object[] {
  const additional = additionalOf(ctx);
  return readableItems(ctx).map((item) => itemView(ctx, item, additional));
}

function managedItems(ctx: Ctx): Item[] {
  ctx.requireLogin();
  const items = itemsFromCsv(ctx, 'id', BAD, false);
  for (const item of items) {
    if (!privileges(ctx.lib, ctx.caller, item.album).manage) throw new ApiError(E.PHOTO_ACCESS_DENY);
  }
  return items;
}

function edit(ctx: Ctx): undefined {
  const items = managedItems(ctx);
  const title = ctx.param('title');
  const description = ctx.param('description');
  const rating = ctx.int('rating', BAD, 0);
  const lat = ctx.param('gps_lat');
  const lng = ctx.param('gps_lng');
  if ((lat === undefined) !== (lng === undefined)) throw new ApiError(BAD, 'gps_lat and gps_lng go together');
  let gps: { lat?: number; lng?: number } | undefined;
  if (lat !== undefined && lng !== undefined) {
    if (lat === '' && lng === '') gps = {};
    else {
      const la = Number(lat);
      const ln = Number(lng);
      if (!Number.isFinite(la) || !Number.isFinite(ln) || Math.abs(la) > 90 || Math.abs(ln) > 180) {
        throw new ApiError(BAD, 'bad coordinates');
      }
      gps = { lat: la, lng: ln };
    }
  }
  for (const item of items) {
    const changed: string[] = [];
    if (title !== undefined && title !== item.title) {
      item.title = title === '' ? baseName(item.name) : title;
      changed.push('title');
    }
    if (description !== undefined && description !== item.description) {
      item.description = description;
      changed.push('description');
    }
    if (rating !== undefined && Math.min(rating, 5) !== item.rating) {
      item.rating = Math.min(rating, 5);
      changed.push('rating');
    }
    if (gps && (gps.lat !== item.lat || gps.lng !== item.lng)) {
      item.lat = gps.lat;
      item.lng = gps.lng;
      changed.push('gps');
    }
    if (changed.length) ctx.lib.changeItem(item, changed);
  }
  return undefined;
}

function remove(ctx: Ctx): undefined {
  for (const item of managedItems(ctx)) ctx.lib.removeItem(item.uid);
  return undefined;
}

/** `name_1.ext`, `name_2.ext`, … (spec §3.15.1 choice, used for copies too). */
export function freeName(ctx: Ctx, album: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = `${stem}_${n}${ext}`;
    if (!ctx.lib.itemAt(album, candidate)) return candidate;
  }
}

function copy(ctx: Ctx): undefined {
  const destParam = ctx.param('sharepath');
  const mode = ctx.oneOf('mode', ['copy', 'move'] as const, BAD) ?? ctx.need('mode', BAD);
  const duplicate = ctx.oneOf('duplicate', ['rename', 'ignore', 'overwrite'] as const, BAD) ?? ctx.need('duplicate', BAD);
  if (destParam === undefined) throw new ApiError(BAD, 'missing sharepath');
  ctx.requireLogin();
  const items = itemsFromCsv(ctx, 'id', BAD, false);
  const parsed = destParam === '' ? { kind: 'album' as const, path: '' } : parseId(destParam);
  if (parsed?.kind !== 'album' || (parsed.path !== '' && !ctx.lib.albums.has(parsed.path))) {
    throw new ApiError(BAD, 'bad destination');
  }
  const dest = parsed.path;
  if (!privileges(ctx.lib, ctx.caller, dest).upload) throw new ApiError(E.PHOTO_ACCESS_DENY);
  for (const item of items) {
    if (item.album === dest && duplicate !== 'rename') throw new ApiError(E.PHOTO_SELECT_CONFLICT);
    const sourceRight = mode === 'move' ? 'manage' : 'browse';
    if (!privileges(ctx.lib, ctx.caller, item.album)[sourceRight]) throw new ApiError(E.PHOTO_ACCESS_DENY);
  }
  for (const item of items) {
    let name = item.name;
    const existing = ctx.lib.itemAt(dest, name);
    if (existing && existing !== item) {
      if (duplicate === 'ignore') continue;
      if (duplicate === 'overwrite') ctx.lib.removeItem(existing.uid);
      else name = freeName(ctx, dest, name);
    } else if (existing === item) {
      name = freeName(ctx, dest, name);
    }
    if (mode === 'move') {
      ctx.lib.moveItem(item, dest, name);
    } else {
      const clone: Item = {
        ...item, uid: ctx.lib.newUid(), album: dest, name, exif: { ...item.exif }, comments: [],
        mtime: ctx.state.clock.now(),
      };
      ctx.lib.addItem(clone);
      for (const { link } of ctx.lib.tagsOf(item.uid)) ctx.lib.addLink(link.tagId, clone.uid, link.box, link.confirmed);
    }
  }
  return undefined;
}

function getexif(ctx: Ctx): object {
  ctx.need('id', BAD);
  const [item] = readableItems(ctx);
  const e = item.exif;
  const rows: Array<[string, string | number | undefined]> = [
    ['Manufacturer', e.camera], ['Model', e.model], ['Exposure Time', e.exposure], ['FNumber', e.aperture],
    ['ISO Speed Ratings', e.iso], ['Focal Length', e.focal], ['Lens', e.lens], ['Flash', e.flash],
  ];
  const exifs = rows.filter(([, v]) => v !== undefined && v !== '').map(([label, value]) => ({ label, value: String(value) }));
  return { total: exifs.length, exifs };
}

const EXIF_TYPES: Record<string, (i: Item) => string | undefined> = {
  focal_length: (i) => i.exif.focal, focal_length_v2: (i) => i.exif.focal,
  flash: (i) => i.exif.flash, flash_v2: (i) => i.exif.flash,
  lens: (i) => i.exif.lens, lens_v2: (i) => i.exif.lens,
  rating: (i) => String(i.rating),
  camera_make: (i) => i.exif.camera, camera_model: (i) => i.exif.model,
  exposure: (i) => i.exif.exposure, aperature: (i) => i.exif.aperture,
  iso: (i) => (i.exif.iso === undefined ? undefined : String(i.exif.iso)),
};

function listexif(ctx: Ctx): object {
  const type = ctx.oneOf('type', Object.keys(EXIF_TYPES), BAD) ?? ctx.need('type', BAD);
  const read = EXIF_TYPES[type];
  const readable = browseFilter(ctx.lib, ctx.caller);
  const values = new Set<string>();
  for (const item of ctx.lib.allItems()) {
    const v = read(item);
    if (v !== undefined && v !== '' && readable(item)) values.add(v);
  }
  const tags = [...values].sort().map((v) => ({ id: `${type}_${v}`, name: v, type: 'exif', tag_type: type }));
  return { total: tags.length, tags };
}

function listfeatureditem(ctx: Ctx): object {
  const count = ctx.int('count', BAD, -1) ?? ctx.need('count', BAD);
  const filters = ['filter_album', 'filter_smart', 'filter_tag'].filter((f) => ctx.param(f));
  if (filters.length !== 1) throw new ApiError(BAD, 'one of filter_album, filter_smart, filter_tag');
  ctx.request.params.set('type', ctx.param('type') ?? 'photo,video');
  const { items } = select(ctx);
  const chosen = count === -1 ? items : items.slice(0, Number(count));
  const additional = additionalOf(ctx);
  return { total: items.length, items: chosen.map((item, i) => itemView(ctx, item, additional, i)) };
}

export const photoApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Photo', path: 'photo.php', minVersion: 1, maxVersion: 1,
  methods: {
    list, getinfo, edit, delete: remove, copy, getexif, listexif, listfeatureditem,
    cancel: (ctx) => cancel(ctx, BAD),
  },
};

export const itemPath = (item: Item): string => joinPath(item.album, item.name);
