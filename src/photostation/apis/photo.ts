import type { Caller } from '../caller';
import { DEFAULT_PAGE_SIZE, paginate, paginatePages, toPage } from '../paging';
import { checkEntries } from '../shape';
import type { CallOptions, ExifEntry, ExifValue, Item, Page, PagingOptions } from '../types';
import { badResponse, callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.Photo';

export type PhotoAdditionalKey = 'photo_exif' | 'video_codec' | 'video_quality' | 'thumb_size' | 'file_location';

/** Photo list parameters (spec §3.9), named as the API names them. */
export interface PhotoListParams {
  offset?: number;
  /** Page size; -1 = everything. Default 500. */
  limit?: number;
  /** Default ["photo", "video"]. */
  type?: ReadonlyArray<'photo' | 'video'>;
  additional?: readonly (PhotoAdditionalKey | (string & {}))[];
  filter_album?: string;
  /** Tag ids; "tag_unconfirm" = items with unconfirmed people tags. */
  filter_tag?: readonly string[];
  filter_smart?: string;
  filter_shared_album?: number;
  filter_public_share?: string;
  public_share_id?: string;
  color_label?: readonly number[];
  gps?: boolean;
  /** "Y-m-d", "start,end", "start," or ",end". */
  taken_date?: string;
  password?: string;
  /** `mtime` is an extension the simulator answers and a real NAS may refuse (spec lists it for Album list). */
  sort_by?: 'filename' | 'takendate' | 'createdate' | 'mtime';
  sort_direction?: 'asc' | 'dsc' | 'desc';
  force_update?: boolean;
}

export interface PhotoEditParams {
  title?: string;
  description?: string;
  /** 0-5. */
  rating?: number;
  /** Both or neither; both "" removes the position. */
  gps_lat?: number | '';
  gps_lng?: number | '';
}

export interface PhotoCopyParams {
  mode: 'copy' | 'move';
  duplicate: 'rename' | 'ignore' | 'overwrite';
}

/** SYNO.PhotoStation.Photo (spec §3.9). */
export class PhotoApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(params: PhotoListParams = {}, options?: CallOptions): Promise<Page<Item>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE, type = ['photo', 'video'], ...rest } = params;
    const data = await this.#c.call({ api: API, method: 'list', read: true, params: { ...rest, offset, limit, type }, ...callOptions(options) });
    return toPage<Item>(data, 'items', offset, { api: API, method: 'list' }, checkEntries);
  }

  iterate(params: Omit<PhotoListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<Item, void, undefined> {
    return paginate((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  /** Every page of the list: for reading large lists, without a step per entry. */
  pages(params: Omit<PhotoListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<Item[], void, undefined> {
    return paginatePages((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  /** Items by id. The API answers a bare array (spec G13); an `items` object is accepted too. */
  async getInfo(
    ids: string | readonly string[],
    params: { additional?: readonly (PhotoAdditionalKey | (string & {}))[]; password?: string; public_share_id?: string } = {},
    options?: CallOptions,
  ): Promise<Item[]> {
    const data = await this.#c.call<unknown>({
      api: API,
      method: 'getinfo',
      read: true,
      params: { id: idList(ids, API, 'getinfo'), ...params },
      ...callOptions(options),
    });
    if (Array.isArray(data)) return checkEntries<Item>(data, { api: API, method: 'getinfo' });
    const items = (data as { items?: unknown } | undefined)?.items;
    if (Array.isArray(items)) return checkEntries<Item>(items, { api: API, method: 'getinfo' });
    throw badResponse(API, 'getinfo', 'no item list in the answer');
  }

  /** Sets the same metadata on every id. */
  async edit(ids: string | readonly string[], changes: PhotoEditParams, options?: CallOptions): Promise<void> {
    if ((changes.gps_lat === undefined) !== (changes.gps_lng === undefined)) throw invalid(API, 'edit', 'gps_lat and gps_lng go together');
    await this.#c.call({ api: API, method: 'edit', read: false, params: { id: idList(ids, API, 'edit'), ...changes }, ...callOptions(options) });
  }

  async delete(ids: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'delete', read: false, params: { id: idList(ids, API, 'delete') }, ...callOptions(options) });
  }

  /** Copies or moves items into the album `destination` (album id). */
  async copy(ids: string | readonly string[], destination: string, params: PhotoCopyParams, options?: CallOptions): Promise<void> {
    if (!destination) throw invalid(API, 'copy', 'destination album id is required');
    await this.#c.call({
      api: API,
      method: 'copy',
      read: false,
      params: { id: idList(ids, API, 'copy'), sharepath: destination, mode: params.mode, duplicate: params.duplicate },
      ...callOptions(options),
    });
  }

  async getExif(id: string, options?: CallOptions): Promise<{ total: number; exifs: ExifEntry[] }> {
    const data = await this.#c.call<{ total?: number; exifs?: ExifEntry[] } | undefined>({
      api: API,
      method: 'getexif',
      read: true,
      params: { id: idList(id, API, 'getexif')[0] },
      ...callOptions(options),
    });
    const exifs = data?.exifs ?? [];
    return { total: data?.total ?? exifs.length, exifs };
  }

  /** Distinct EXIF values across the library (e.g. every ISO in use). */
  async listExif(type: string, options?: CallOptions): Promise<ExifValue[]> {
    const data = await this.#c.call<{ tags?: ExifValue[] } | undefined>({ api: API, method: 'listexif', read: true, params: { type }, ...callOptions(options) });
    return data?.tags ?? [];
  }
}
