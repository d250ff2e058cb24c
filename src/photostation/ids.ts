/**
 * Photo Station ids are paths in disguise (spec §2): the UTF-8 bytes of a path, written as
 * lowercase hex. This module is the single codec for album, photo, video and smart-album ids;
 * every part of the product uses it so two places never disagree about an id.
 */
import { ClientErrorCode, PhotoStationError } from './errors';

export type ItemKind = 'photo' | 'video';

export type ParsedId =
  | { kind: 'album'; path: string }
  | { kind: ItemKind; dir: string; file: string; path: string }
  | { kind: 'smart'; name: string }
  | { kind: 'tag'; number: number }
  | { kind: 'item_tag'; number: number }
  | { kind: 'comment'; number: number }
  | { kind: 'other'; raw: string };

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

function invalid(message: string): PhotoStationError {
  return new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { message });
}

export function hexEncode(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** Decodes hex written in either case; rejects anything that is not whole bytes of valid UTF-8. */
export function hexDecode(hex: string): string {
  if (!HEX.test(hex)) throw invalid('malformed id: expected hexadecimal bytes');
  const bytes = Buffer.from(hex, 'hex');
  const text = bytes.toString('utf8');
  // A lossy decode would silently turn one id into another; refuse instead.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw invalid('malformed id: not UTF-8');
  return text;
}

/** Strips the slashes the plugin also strips and collapses accidental doubles ("a//b"). */
export function normalizeAlbumPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .join('/');
}

/** Album id for a path relative to the Photo Station root; the root album has the empty id. */
export function albumId(path: string): string {
  const p = normalizeAlbumPath(path);
  return p === '' ? '' : `album_${hexEncode(p)}`;
}

/** Item id from its album path and file name. Items in the root use the directory "/" (spec §2.1). */
export function itemId(kind: ItemKind, dir: string, file: string): string {
  if (file === '' || file.includes('/')) throw invalid('file name must be non-empty and contain no "/"');
  const d = normalizeAlbumPath(dir);
  return `${kind}_${hexEncode(d === '' ? '/' : d)}_${hexEncode(file)}`;
}

export function photoId(dir: string, file: string): string {
  return itemId('photo', dir, file);
}

export function videoId(dir: string, file: string): string {
  return itemId('video', dir, file);
}

/** Item id from a full relative path such as "Holiday 2019/Beach/IMG_0001.JPG". */
export function itemIdFromPath(kind: ItemKind, path: string): string {
  const p = normalizeAlbumPath(path);
  const cut = p.lastIndexOf('/');
  return itemId(kind, cut < 0 ? '' : p.slice(0, cut), cut < 0 ? p : p.slice(cut + 1));
}

/** Smart album id proposed by spec §3.7: smart_ + hex of its name. */
export function smartAlbumId(name: string): string {
  if (name === '') throw invalid('smart album name must not be empty');
  return `smart_${hexEncode(name)}`;
}

function numbered(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/**
 * Parses any id. Album, item and smart ids are decoded to paths/names; numbered ids
 * (tag_, item_tag_, comment_) are split by prefix; everything else comes back as "other".
 * Throws a PhotoStationError (INVALID_ARGUMENT) for an album/item/smart id with broken hex.
 */
export function parseId(id: string): ParsedId {
  // item_tag_ must be checked before anything split at "_".
  const itemTag = numbered(id, 'item_tag_');
  if (itemTag !== undefined) return { kind: 'item_tag', number: itemTag };
  const tag = numbered(id, 'tag_');
  if (tag !== undefined) return { kind: 'tag', number: tag };
  const comment = numbered(id, 'comment_');
  if (comment !== undefined) return { kind: 'comment', number: comment };

  const parts = id.split('_');
  const kind = parts[0];
  if (kind === 'album' && parts.length === 2) return { kind: 'album', path: hexDecode(parts[1]) };
  if (kind === 'smart' && parts.length === 2) return { kind: 'smart', name: hexDecode(parts[1]) };
  if ((kind === 'photo' || kind === 'video') && parts.length === 3) {
    const rawDir = hexDecode(parts[1]);
    const dir = rawDir === '/' ? '' : normalizeAlbumPath(rawDir);
    const file = hexDecode(parts[2]);
    return { kind, dir, file, path: dir === '' ? file : `${dir}/${file}` };
  }
  if (kind === 'album' || kind === 'smart' || kind === 'photo' || kind === 'video') {
    throw invalid(`malformed ${kind} id`);
  }
  return { kind: 'other', raw: id };
}

/** Path of an album id; the empty id (root) gives "". */
export function albumPath(id: string): string {
  if (id === '') return '';
  const parsed = parseId(id);
  if (parsed.kind !== 'album') throw invalid('not an album id');
  return parsed.path;
}

/** Directory, file name and full path of a photo or video id. */
export function itemPath(id: string): { kind: ItemKind; dir: string; file: string; path: string } {
  const parsed = parseId(id);
  if (parsed.kind !== 'photo' && parsed.kind !== 'video') throw invalid('not a photo or video id');
  return parsed;
}

/** Album id of the album holding an item ("" for the root). */
export function parentAlbumId(id: string): string {
  const parsed = parseId(id);
  if (parsed.kind === 'photo' || parsed.kind === 'video') return albumId(parsed.dir);
  if (parsed.kind === 'album') {
    const cut = parsed.path.lastIndexOf('/');
    return cut < 0 ? '' : albumId(parsed.path.slice(0, cut));
  }
  throw invalid('only albums and items have a parent album');
}

/** Canonical (lowercase) spelling of an album/item/smart id; other ids are returned unchanged. */
export function canonicalId(id: string): string {
  const parsed = parseId(id);
  switch (parsed.kind) {
    case 'album':
      return albumId(parsed.path);
    case 'photo':
    case 'video':
      return itemId(parsed.kind, parsed.dir, parsed.file);
    case 'smart':
      return smartAlbumId(parsed.name);
    default:
      return id;
  }
}

export function isAlbumId(id: string): boolean {
  return /^album_(?:[0-9a-fA-F]{2})+$/.test(id);
}

export function isItemId(id: string): boolean {
  return /^(?:photo|video)_(?:[0-9a-fA-F]{2})+_(?:[0-9a-fA-F]{2})+$/.test(id);
}

/**
 * The web UI link of an album or item (spec §1.1): one path segment per album level,
 * then the item id. `webRoot` is e.g. "http://nas/photo/" or "http://nas/~alice/photo/".
 */
export function webUiUrl(webRoot: string, id: string): string {
  const root = webRoot.endsWith('/') ? webRoot : `${webRoot}/`;
  const parsed = parseId(id);
  let albumPathOf: string;
  let tail = '';
  if (parsed.kind === 'album') albumPathOf = parsed.path;
  else if (parsed.kind === 'photo' || parsed.kind === 'video') {
    albumPathOf = parsed.dir;
    tail = `/${canonicalId(id)}`;
  } else throw invalid('web links exist only for albums and items');
  const segments = albumPathOf === '' ? [] : albumPathOf.split('/');
  const ids = segments.map((_, i) => albumId(segments.slice(0, i + 1).join('/')));
  return `${root}#!Albums${ids.map((x) => `/${x}`).join('')}${tail}`;
}
