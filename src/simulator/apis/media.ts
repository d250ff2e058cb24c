import { assertBrowse, privileges } from '../access';
import { Binary, type Ctx } from '../context';
import { ApiError, E } from '../errors';
import { parseId } from '../ids';
import { placeholderJpeg } from '../jpeg';
import type { Item } from '../model';
import type { ApiDefinition } from '../registry';
import { visitorShare } from '../shares';
import { coverItem, THUMB_SIZES, thumbDimensions, type ThumbSize } from '../views';
import { albumPath, isListed } from './common';

/** An item a visitor of a share or a reader of its album may fetch; codes differ per API. */
function fetchableItem(ctx: Ctx, id: string, codes: { bad: number; deny: number; missing?: number }): Item {
  const parsed = parseId(id);
  if (parsed?.kind !== 'photo' && parsed?.kind !== 'video') throw new ApiError(codes.bad, 'not an item id');
  const item = ctx.lib.itemByIdParam(id);
  if (!item || !isListed(ctx, item)) throw new ApiError(codes.missing ?? codes.bad, 'no such item');
  const shareid = ctx.param('public_share_id');
  if (shareid) {
    const shared = visitorShare(ctx, shareid, codes.deny);
    if (!shared.uids.includes(item.uid)) throw new ApiError(codes.deny);
    return item;
  }
  assertBrowse(ctx.lib, ctx.caller, item.album, ctx.param('password'), { noAccess: codes.deny, password: codes.deny });
  return item;
}

/** Placeholder JPEGs of the right pixel size (spec §6); the shade varies per item so thumbnails differ. */
function thumb(ctx: Ctx): Binary {
  const id = ctx.need('id', E.THUMB_BAD_PARAMS);
  const size = (ctx.param('size') ?? 'small') as ThumbSize;
  // hasOwn: `__proto__` and friends are not sizes.
  if (!Object.hasOwn(THUMB_SIZES, size)) throw new ApiError(E.THUMB_BAD_PARAMS, 'size must be preview, small or large');
  // A well-formed id whose file does not exist is 504 (THUMB_FILE_NOT_EXISTS); a malformed one 501.
  const codes = { bad: E.THUMB_BAD_PARAMS, deny: E.THUMB_ACCESS_DENY, missing: E.THUMB_FILE_NOT_EXISTS };
  let item: Item | undefined;
  if (id.startsWith('album_')) {
    let path: string;
    try {
      path = albumPath(ctx, id, { allowRoot: false, code: E.THUMB_BAD_PARAMS });
    } catch (err) {
      // albumPath answers in Album codes for a missing album: 501 here, or 502 when its parent is hidden.
      if (err instanceof ApiError && err.code === E.ALBUM_NO_ACCESS_RIGHT) throw new ApiError(E.THUMB_ACCESS_DENY);
      if (err instanceof ApiError && err.code === E.BAD_REQUEST) throw new ApiError(E.THUMB_BAD_PARAMS);
      throw err;
    }
    assertBrowse(ctx.lib, ctx.caller, path, ctx.param('password'), { noAccess: codes.deny, password: codes.deny });
    item = coverItem(ctx, ctx.lib.albums.get(path)!);
    if (!item) throw new ApiError(E.THUMB_NO_COVER);
  } else {
    item = fetchableItem(ctx, id, codes);
  }
  const { w, h } = thumbDimensions(item.width, item.height, size);
  return new Binary(placeholderJpeg(w, h, 40 + (item.uid * 37) % 180), 'image/jpeg');
}

const VIDEO_TYPES: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime', avi: 'video/x-msvideo', m4v: 'video/mp4' };

function contentTypeOf(item: Item): string {
  const ext = item.name.slice(item.name.lastIndexOf('.') + 1).toLowerCase();
  if (item.kind === 'video') return VIDEO_TYPES[ext] ?? 'application/octet-stream';
  return { png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff' }[ext] ?? 'image/jpeg';
}

/** Downloads need browse plus, for non-admins, the matching global switch (spec §5.5). */
function download(kind: 'photo' | 'video') {
  return (ctx: Ctx): Binary => {
    const ids = ctx.csv('id');
    if (ids.length !== 1) throw new ApiError(E.DOWNLOAD_BAD_PARAMS, 'one id');
    const item = fetchableItem(ctx, ids[0], { bad: E.DOWNLOAD_BAD_PARAMS, deny: E.DOWNLOAD_ACCESS_DENY });
    if (item.kind !== kind) throw new ApiError(E.DOWNLOAD_BAD_PARAMS, `not a ${kind}`);
    const settings = ctx.state.settings;
    const allowed = ctx.caller.admin || (kind === 'photo' ? settings.allow_download_orig : settings.allow_download_video);
    if (!allowed) throw new ApiError(E.DOWNLOAD_ACCESS_DENY, 'downloads are off');
    const data = item.data ?? placeholderJpeg(Math.min(item.width, 4096), Math.min(item.height, 4096), 128);
    return new Binary(data, item.data ? contentTypeOf(item) : 'image/jpeg', item.name);
  };
}

export const thumbApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Thumb', path: 'thumb.php', minVersion: 1, maxVersion: 1,
  methods: { get: thumb },
};

export const downloadApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Download', path: 'download.php', minVersion: 1, maxVersion: 1,
  methods: {
    getphoto: download('photo'),
    getvideo: download('video'),
    getalbum: (ctx) => {
      ctx.need('id', E.DOWNLOAD_BAD_PARAMS);
      if (!ctx.caller.admin && !ctx.state.settings.allow_download_album) throw new ApiError(E.DOWNLOAD_ACCESS_DENY);
      // Zipping albums is out of scope for the simulator (docs/simulator.md).
      throw new ApiError(E.DOWNLOAD_BAD_PARAMS, 'album download not simulated');
    },
  },
};

export const coverApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Cover', path: 'cover.php', minVersion: 1, maxVersion: 1,
  methods: {
    set: (ctx) => {
      const id = ctx.need('id');
      const itemId = ctx.need('item_id');
      ctx.requireLogin();
      const parsed = parseId(id);
      if (parsed?.kind !== 'album') throw new ApiError(E.BAD_REQUEST);
      const album = ctx.lib.albums.get(parsed.path);
      if (!album) throw new ApiError(E.COVER_ALBUM_NOT_EXIST);
      const item = ctx.lib.itemByIdParam(itemId);
      if (!item) throw new ApiError(E.COVER_PHOTO_VIDEO_NOT_EXIST);
      if (item.album !== album.path) throw new ApiError(E.COVER_PHOTO_VIDEO_NOT_IN_ALBUM);
      if (!privileges(ctx.lib, ctx.caller, album.path).manage) throw new ApiError(E.COVER_ACCESS_DENY);
      album.coverUid = item.uid;
      ctx.lib.changeAlbum(album.path, ['cover']);
      return undefined;
    },
    setsmart: (ctx) => {
      const id = ctx.need('id');
      const itemId = ctx.need('item_id');
      ctx.requireAdmin(E.SMARTALBUM_ACCESS_DENY);
      const smart = ctx.lib.smartAlbums.get(id);
      const item = ctx.lib.itemByIdParam(itemId);
      if (!smart || !item) throw new ApiError(E.SMARTALBUM_EDIT_FAIL);
      smart.coverUid = item.uid;
      return undefined;
    },
  },
};
