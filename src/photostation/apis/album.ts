import type { Caller } from '../caller';
import { PhotoStationError } from '../errors';
import { albumId, normalizeAlbumPath, parseId } from '../ids';
import { DEFAULT_PAGE_SIZE, paginate, paginatePages, toPage } from '../paging';
import { checkEntries } from '../shape';
import type { Album, AlbumEntry, AlbumType, CallOptions, Page, PagingOptions } from '../types';
import { callOptions, idList, invalid } from './common';
import type { SearchCriteria } from './smartalbum';

const API = 'SYNO.PhotoStation.Album';

export type AlbumAdditionalKey =
  | 'album_sorting'
  | 'album_permission'
  | 'item_count'
  | 'delete_permission'
  | 'album_createdate'
  | 'file_location'
  | 'thumb_size'
  | 'photo_exif'
  | 'video_codec'
  | 'video_quality';


/** Album list parameters (spec §3.4), named as the API names them. */
/** The advanced search of Album list (spec §3.4) replaces `id` with these criteria. */
export interface AlbumListParams extends SearchCriteria {
  /** Album to list; root when absent. */
  id?: string;
  offset?: number;
  /** Page size; -1 = everything in one answer. Default 500. */
  limit?: number;
  /** Default ["album", "photo", "video"]. */
  type?: ReadonlyArray<'album' | 'photo' | 'video'>;
  password?: string;
  additional?: readonly (AlbumAdditionalKey | (string & {}))[];
  sort_by?: 'filename' | 'takendate' | 'createdate' | 'preference' | 'mtime';
  sort_direction?: 'asc' | 'dsc' | 'desc';
  force_update?: boolean;
  recursive?: boolean;
}

export interface AlbumGetInfoParams {
  additional?: readonly (AlbumAdditionalKey | (string & {}))[];
  ignore?: readonly string[];
  password?: string;
}

interface AlbumSettings {
  title?: string;
  description?: string;
  type?: AlbumType;
  /** Needed with type "password". */
  password?: string;
  allow_comment?: boolean;
  conversion?: boolean;
  inheritParent?: boolean;
  sort_by?: 'filename' | 'takendate' | 'createdate' | 'preference' | 'default';
  sort_direction?: 'asc' | 'desc';
  watermark_path?: string;
  watermark_opacity?: string;
  watermark_gravity?: string;
  watermark_size?: string;
}

export interface AlbumCreateParams extends AlbumSettings {
  /** Directory name of the new album. */
  name: string;
  /** Parent album id (sent as the API's `id`); root when absent or "". */
  parent?: string;
}

export interface AlbumEditParams extends AlbumSettings {
  /** Renames the directory (and so changes the album's id and its items' ids). */
  name?: string;
}

/** SYNO.PhotoStation.Album (spec §3.4). */
export class AlbumApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  /** One page of an album's contents, or of an advanced search. */
  async list(params: AlbumListParams = {}, options?: CallOptions): Promise<Page<AlbumEntry>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE, type = ['album', 'photo', 'video'], ...rest } = params;
    const data = await this.#c.call({
      api: API,
      method: 'list',
      read: true,
      params: { ...rest, id: rest.id || undefined, offset, limit, type },
      ...callOptions(options),
    });
    return toPage<AlbumEntry>(data, 'items', offset, { api: API, method: 'list' }, checkEntries);
  }

  /** Every entry, fetched page by page. */
  iterate(params: Omit<AlbumListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<AlbumEntry, void, undefined> {
    return paginate((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  /** Every page of the list: for reading large lists, without a step per entry. */
  pages(params: Omit<AlbumListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<AlbumEntry[], void, undefined> {
    return paginatePages((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  /** Albums by id; no id = the root album. */
  async getInfo(ids?: string | readonly string[], params: AlbumGetInfoParams = {}, options?: CallOptions): Promise<Album[]> {
    const id = ids === undefined || ids === '' ? undefined : idList(ids, API, 'getinfo');
    const data = await this.#c.call<{ items?: Album[] } | undefined>({
      api: API,
      method: 'getinfo',
      read: true,
      params: { id, ...params },
      ...callOptions(options),
    });
    return checkEntries<Album>(data?.items ?? [], { api: API, method: 'getinfo' });
  }

  /** One album by id (root when ""). */
  async get(id: string, params: AlbumGetInfoParams = {}, options?: CallOptions): Promise<Album> {
    const [album] = await this.getInfo(id === '' ? undefined : id, params, options);
    if (!album) throw new PhotoStationError(101, { api: API, method: 'getinfo', message: 'the album does not exist' });
    return album;
  }

  /**
   * Creates an album and returns its id. Spec G5: the reference answers without data, the
   * plugin reads data.id; when the server sends none, the id is derived from parent + name.
   */
  async create(params: AlbumCreateParams, options?: CallOptions): Promise<{ id: string }> {
    const { parent, name, ...settings } = params;
    if (!name || name.includes('/')) throw invalid(API, 'create', 'album name must be non-empty and contain no "/"');
    if (settings.type === 'password' && !settings.password) throw invalid(API, 'create', 'a password album needs a password');
    const parentPath = parent ? parentPathOf(parent) : '';
    const data = await this.#c.call<{ id?: unknown } | undefined>({
      api: API,
      method: 'create',
      read: false,
      params: { id: parent || '', name, ...settings },
      ...callOptions(options),
    });
    const id = typeof data?.id === 'string' && data.id !== '' ? data.id : albumId(normalizeAlbumPath(`${parentPath}/${name}`));
    return { id };
  }

  async edit(id: string, changes: AlbumEditParams, options?: CallOptions): Promise<void> {
    idList(id, API, 'edit');
    if (changes.type === 'password' && !changes.password) throw invalid(API, 'edit', 'a password album needs a password');
    await this.#c.call({ api: API, method: 'edit', read: false, params: { id, ...changes }, ...callOptions(options) });
  }

  async delete(ids: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'delete', read: false, params: { id: idList(ids, API, 'delete') }, ...callOptions(options) });
  }

  /** Moves albums below `destination` (an album id; "" = root). Returns the ids that were skipped. */
  async move(
    ids: string | readonly string[],
    destination: string,
    duplicate: 'overwrite' | 'ignore' = 'ignore',
    options?: CallOptions,
  ): Promise<{ skip: string[] }> {
    const data = await this.#c.call<{ skip?: string[] } | undefined>({
      api: API,
      method: 'move',
      read: false,
      params: { id: idList(ids, API, 'move'), sharepath: destination, duplicate },
      ...callOptions(options),
    });
    return { skip: Array.isArray(data?.skip) ? data.skip : [] };
  }

  /** Manual order of `itemIds` within the slice offset…offset+limit of album `id` ("" = root). */
  async arrangeItems(id: string, itemIds: readonly string[], slice?: { offset: number; limit: number }, options?: CallOptions): Promise<void> {
    const item_id = idList(itemIds, API, 'arrangeitem');
    await this.#c.call({
      api: API,
      method: 'arrangeitem',
      read: false,
      params: { id: id || undefined, item_id, offset: slice?.offset ?? 0, limit: slice?.limit ?? item_id.length },
      ...callOptions(options),
    });
  }

  async clearArrangement(id: string, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'cleararrangeitem', read: false, params: { id: id || undefined }, ...callOptions(options) });
  }
}

function parentPathOf(parent: string): string {
  const parsed = parseId(parent);
  if (parsed.kind !== 'album') throw invalid(API, 'create', 'parent must be an album id');
  return parsed.path;
}
