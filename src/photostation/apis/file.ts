import type { Caller } from '../caller';
import type { FilePart } from '../form';
import { type ItemKind, albumPath, isAlbumId, itemId, normalizeAlbumPath } from '../ids';
import type { CallOptions } from '../types';
import { invalid } from './common';

const API = 'SYNO.PhotoStation.File';

type Bytes = Buffer | Uint8Array;

export interface UploadParams {
  /** Destination album: an album id or a path relative to the root ("" = root). */
  album: string;
  /** File name on the NAS; its extension decides whether it is accepted. */
  filename: string;
  data: Bytes;
  /**
   * What to do when the name exists. With "rename" the NAS picks a new name, so the id
   * returned here may not be the stored item's.
   */
  duplicate: 'ignore' | 'rename' | 'overwrite';
  /** File time; default now. For videos it becomes the capture date. */
  mtime?: Date | number;
  contentType?: string;
}

export interface PhotoUploadParams extends UploadParams {
  thumbSmall?: Bytes;
  thumbLarge?: Bytes;
}

export interface VideoUploadParams extends UploadParams {
  /** Extra renditions, by the part names of spec §3.15.2. */
  renditions?: Partial<Record<'high' | 'medium' | 'low' | 'mobile' | 'iphone' | 'android' | 'flv', Bytes>>;
}

export interface UploadResult {
  /** Id of the item under the requested name (see `duplicate`). */
  id: string;
  /** Album path the item went to. */
  album: string;
}

/** SYNO.PhotoStation.File uploads (spec §3.15.1-2), multipart built by the client itself. */
export class FileApi {
  readonly #c: Caller;
  readonly #timeoutFor: (bytes: number) => number;

  constructor(caller: Caller, timeoutFor: (bytes: number) => number) {
    this.#c = caller;
    this.#timeoutFor = timeoutFor;
  }

  uploadPhoto(params: PhotoUploadParams, options?: CallOptions): Promise<UploadResult> {
    const parts: FilePart[] = [];
    if (params.thumbSmall) parts.push({ field: 'thumb_small', filename: params.filename, data: params.thumbSmall, contentType: 'image/jpeg' });
    if (params.thumbLarge) parts.push({ field: 'thumb_large', filename: params.filename, data: params.thumbLarge, contentType: 'image/jpeg' });
    return this.#upload('uploadphoto', 'photo', params, parts, options);
  }

  uploadVideo(params: VideoUploadParams, options?: CallOptions): Promise<UploadResult> {
    const parts: FilePart[] = Object.entries(params.renditions ?? {})
      .filter((e): e is [string, Bytes] => e[1] !== undefined)
      .map(([field, data]) => ({ field, filename: params.filename, data, contentType: 'video/mp4' }));
    return this.#upload('uploadvideo', 'video', params, parts, options);
  }

  async #upload(method: string, kind: ItemKind, p: UploadParams, extra: FilePart[], options?: CallOptions): Promise<UploadResult> {
    if (!p.filename || p.filename.includes('/')) throw invalid(API, method, 'filename must be non-empty and contain no "/"');
    if (!p.data || typeof p.data.byteLength !== 'number') throw invalid(API, method, 'data must be a Buffer or Uint8Array');
    const dest = isAlbumId(p.album) ? albumPath(p.album) : normalizeAlbumPath(p.album);
    const mtime = p.mtime === undefined ? Date.now() : p.mtime instanceof Date ? p.mtime.getTime() : p.mtime;
    const original: FilePart = { field: 'original', filename: p.filename, data: p.data, contentType: p.contentType ?? 'application/octet-stream' };
    const total = [original, ...extra].reduce((n, f) => n + f.data.byteLength, 0);
    const data = await this.#c.call<{ id?: unknown } | undefined>({
      api: API,
      method,
      read: false,
      params: { dest_folder_path: dest, duplicate: p.duplicate, filename: p.filename, mtime: Math.floor(mtime / 1000) },
      files: [original, ...extra],
      timeoutMs: options?.timeoutMs ?? this.#timeoutFor(total),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.onUploadProgress ? { onUploadProgress: options.onUploadProgress } : {}),
    });
    const id = typeof data?.id === 'string' && data.id !== '' ? data.id : itemId(kind, dest, p.filename);
    return { id, album: dest };
  }
}
