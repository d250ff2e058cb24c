import { effectiveType, privileges } from './access';
import { formatDate } from './clock';
import type { Ctx } from './context';
import { nameOf } from './library';
import type { Album, Item } from './model';

/** Longest side of each generated thumbnail size (docs/simulator.md). */
export const THUMB_SIZES = { preview: 160, small: 320, large: 1280 } as const;
export type ThumbSize = keyof typeof THUMB_SIZES;

export function thumbDimensions(width: number, height: number, size: ThumbSize): { w: number; h: number } {
  const box = THUMB_SIZES[size];
  const scale = Math.min(1, box / Math.max(width, height, 1));
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}

const thumbSizeInfo = (width: number, height: number, mtime?: number): Record<string, object> => {
  const out: Record<string, object> = {};
  for (const size of Object.keys(THUMB_SIZES) as ThumbSize[]) {
    const { w, h } = thumbDimensions(width, height, size);
    out[size] = mtime === undefined ? { resolutionx: w, resolutiony: h } : { resolutionx: w, resolutiony: h, mtime };
  }
  return out;
};

export const additionalOf = (ctx: Ctx): Set<string> => new Set(ctx.csv('additional'));

/** The album's cover: its chosen item, else its first item. */
export function coverItem(ctx: Ctx, album: Album): Item | undefined {
  if (album.coverUid !== undefined) {
    const item = ctx.lib.items.get(album.coverUid);
    if (item) return item;
  }
  return ctx.lib.itemsIn(album.path)[0];
}

export function albumView(ctx: Ctx, album: Album, additional: Set<string>, withCover = false): Record<string, unknown> {
  const { lib } = ctx;
  const type = effectiveType(lib, album.path);
  const level1 = !album.path.includes('/');
  const extra: Record<string, unknown> = {};
  if (additional.has('album_sorting')) {
    extra.album_sorting = {
      sort_by: album.sortBy, sort_direction: album.sortDirection, has_preference_sort: !!album.arrangement?.length,
    };
  }
  const rights = privileges(lib, ctx.caller, album.path);
  if (additional.has('album_permission')) extra.album_permission = rights;
  if (additional.has('item_count')) extra.item_count = lib.itemCount(album.path);
  if (additional.has('delete_permission')) extra.delete_permission = rights.manage;
  if (additional.has('album_createdate')) extra.album_createdate = album.createdAt;
  if (additional.has('file_location')) extra.file_location = album.path;
  if (additional.has('thumb_size')) {
    const cover = coverItem(ctx, album);
    extra.thumb_size = {
      ...thumbSizeInfo(cover?.width ?? 0, cover?.height ?? 0),
      sig: Buffer.from(album.path, 'utf8').toString('hex'),
    };
  }
  const cover = coverItem(ctx, album);
  const view: Record<string, unknown> = {
    id: lib.albumId(album.path),
    type: 'album',
    info: {
      sharepath: album.path,
      name: nameOf(album.path),
      title: album.title,
      description: album.description,
      hits: album.hits,
      type,
      conversion: album.conversion,
      allow_comment: level1 ? album.allowComment : lib.albums.get(album.path.split('/')[0])?.allowComment ?? false,
      allow_embed: type === 'public',
    },
    additional: Object.keys(extra).length ? extra : null,
    thumbnail_status: cover ? 'preview,small,large' : 'default',
  };
  if (withCover) {
    const { w, h } = cover ? thumbDimensions(cover.width, cover.height, 'small') : { w: 0, h: 0 };
    view.cover = { w: cover ? w : 0, h: cover ? h : 0, hash: cover ? `${cover.uid.toString(16)}${cover.mtime.toString(16)}` : '' };
  }
  return view;
}

export function itemView(ctx: Ctx, item: Item, additional: Set<string>, pos?: number): Record<string, unknown> {
  const info: Record<string, unknown> = {
    name: item.name,
    title: item.title,
    description: item.description,
    createdate: formatDate(item.createdate),
    takendate: formatDate(item.takendate),
    size: item.size,
    resolutionx: item.width,
    resolutiony: item.height,
    rotated: item.rotation !== 1,
    rotate_version: 0,
    rotation: item.rotation,
    rating: item.rating,
  };
  const hasGps = item.lat !== undefined && item.lng !== undefined;
  if (item.kind === 'photo' && hasGps) {
    info.lat = item.lat;
    info.lng = item.lng;
  }
  if (item.kind === 'video') {
    if (hasGps) info.gps = { lat: item.lat, lng: item.lng };
    info.duration = item.duration ?? 0;
  }
  const extra: Record<string, unknown> = {};
  if (additional.has('photo_exif') && item.kind === 'photo') {
    extra.photo_exif = {
      takendate: formatDate(item.takendate),
      camera: item.exif.camera ?? '',
      camera_model: item.exif.model ?? '',
      exposure: item.exif.exposure ?? '',
      aperture: item.exif.aperture ?? '',
      iso: item.exif.iso ?? 0,
      gps: hasGps ? { lat: String(item.lat), lng: String(item.lng) } : { lat: '', lng: '' },
      version: 1,
      focal_length: item.exif.focal ?? '',
      lens: item.exif.lens ?? '',
      flash: item.exif.flash ?? '',
    };
  }
  if (additional.has('thumb_size')) extra.thumb_size = thumbSizeInfo(item.width, item.height, Math.floor(item.mtime / 1000));
  if (additional.has('video_codec') && item.kind === 'video') {
    extra.video_codec = { vcodec: 'h264', acodec: 'aac', container: 'mp4' };
  }
  if (additional.has('video_quality') && item.kind === 'video') {
    extra.video_quality = [{ id: 'high', profile_name: 'high', filesize: Math.round(item.size / 2) }];
  }
  if (additional.has('file_location')) extra.file_location = item.album === '' ? item.name : `${item.album}/${item.name}`;
  const view: Record<string, unknown> = { id: ctx.lib.itemId(item), type: item.kind };
  if (pos !== undefined) view.pos = pos;
  view.info = info;
  view.additional = Object.keys(extra).length ? extra : null;
  view.thumbnail_status = 'preview,small,large';
  return view;
}
