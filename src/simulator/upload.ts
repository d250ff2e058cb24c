import { ApiError, E } from './errors';
import { baseName, isValidName, kindOfFile, type ItemKind } from './ids';
import type { Library } from './library';
import type { Item } from './model';
import type { SimState } from './state';


export type Duplicate = 'ignore' | 'rename' | 'overwrite';

/** Pixel size from a JPEG's SOF marker, so an uploaded photo reports its real resolution. */
export function jpegSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 9 < data.length) {
    if (data[pos] !== 0xff) return undefined;
    const marker = data[pos + 1];
    const length = data.readUInt16BE(pos + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7) };
    }
    pos += 2 + length;
  }
  return undefined;
}

export interface Upload {
  album: string;
  filename: string;
  data: Buffer;
  mtime: number;
  duplicate: Duplicate;
  owner: string;
  title?: string;
  /** Restrict to one kind (uploadphoto / uploadvideo). */
  kind?: ItemKind;
}

function freeName(lib: Library, album: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) if (!lib.itemAt(album, `${stem}_${n}${ext}`)) return `${stem}_${n}${ext}`;
}

/** Stores an uploaded original per spec §3.15 and §5.12; answers the item, or undefined when ignored. */
export function ingest(state: SimState, lib: Library, upload: Upload): Item | undefined {
  const kind = kindOfFile(upload.filename);
  if (!kind || (upload.kind && kind !== upload.kind)) throw new ApiError(E.FILE_FILE_EXT_ERR, 'unsupported extension');
  // Every path into the library passes here: a name with '/', '@…', control characters or >255 characters
  // cannot be written (522) and would otherwise corrupt the path index.
  if (!isValidName(upload.filename)) throw new ApiError(E.FILE_UPLOAD_CANT_WRITE, 'invalid file name');
  if (upload.album !== '' && !lib.albums.has(upload.album)) throw new ApiError(E.FILE_DIR_NOT_EXISTS);
  const now = state.clock.nowSeconds();
  const size = kind === 'photo' ? jpegSize(upload.data) : undefined;
  const existing = lib.itemAt(upload.album, upload.filename);
  let name = upload.filename;
  if (existing) {
    if (upload.duplicate === 'ignore') return undefined;
    if (upload.duplicate === 'overwrite') {
      existing.data = upload.data;
      existing.size = upload.data.length;
      existing.width = size?.width ?? existing.width;
      existing.height = size?.height ?? existing.height;
      if (upload.title !== undefined) existing.title = upload.title;
      if (kind === 'video') {
        existing.takendate = upload.mtime;
        // A replaced video loses its location tags; a replaced photo keeps them (spec §5.12).
        for (const { tag, link } of lib.tagsOf(existing.uid)) if (tag.type === 'geo') lib.removeLink(link.id);
      }
      lib.changeItem(existing, ['file']);
      return existing;
    }
    name = freeName(lib, upload.album, upload.filename);
  }
  const item: Item = {
    uid: lib.newUid(), album: upload.album, name, kind,
    title: upload.title ?? baseName(name), description: '',
    createdate: now, takendate: upload.mtime || now,
    size: upload.data.length,
    width: size?.width ?? (kind === 'video' ? 1920 : 4032),
    height: size?.height ?? (kind === 'video' ? 1080 : 3024),
    rating: 0, rotation: 1, exif: {}, mtime: state.clock.now(), comments: [], data: upload.data,
    owner: upload.owner, duration: kind === 'video' ? 10 : undefined,
  };
  lib.addItem(item);
  return item;
}
