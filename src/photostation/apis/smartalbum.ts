import type { Caller } from '../caller';
import { DEFAULT_PAGE_SIZE, paginate, toPage } from '../paging';
import { checkSmartAlbums } from '../shape';
import type { CallOptions, Page, PagingOptions, SmartAlbum } from '../types';
import { badResponse, callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.SmartAlbum';

type AnyAll = 'any' | 'all';

/** The advanced-search criteria of spec §3.4 / §5.10, shared by Album list and smart albums. */
export interface SearchCriteria {
  albums?: readonly string[];
  keyword?: string | readonly string[];
  keyword_op?: 'any' | 'all' | 'exact';
  /** "start,end" (Y-m-d). */
  date?: string;
  date_op?: 'taken' | 'upload' | 'recently_add' | 'recently_comment';
  desc_tag?: readonly string[];
  desc_tag_op?: AnyAll;
  people_tag?: readonly string[];
  people_tag_op?: AnyAll;
  geo_tag?: readonly string[];
  geo_tag_op?: AnyAll;
  camera?: string;
  model?: string;
  exposure?: string;
  aperture?: string;
  iso?: string | number;
  focal?: string;
  lens?: string;
  flash?: string;
  rating?: string | number;
}

/**
 * Smart album conditions (spec §5.10): the advanced-search criteria plus the Photo list filters,
 * stored by the NAS as given. All present criteria must match.
 */
export interface SmartAlbumCondition extends SearchCriteria {
  /** "photo", "video" or both. */
  type?: ReadonlyArray<'photo' | 'video'>;
  taken_date?: string;
  color_label?: readonly number[];
  gps?: boolean;
}

/**
 * SYNO.PhotoStation.SmartAlbum. No method of this API is documented; this follows the
 * proposal of spec §3.7 that our simulator implements. Treat it as experimental on a real NAS.
 */
export class SmartAlbumApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(params: { offset?: number; limit?: number; additional?: readonly string[] } = {}, options?: CallOptions): Promise<Page<SmartAlbum>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE, additional } = params;
    const data = await this.#c.call({ api: API, method: 'list', read: true, params: { offset, limit, additional }, ...callOptions(options) });
    return toPage<SmartAlbum>(data, 'items', offset, { api: API, method: 'list' }, checkSmartAlbums);
  }

  iterate(paging?: PagingOptions, options?: CallOptions): AsyncGenerator<SmartAlbum, void, undefined> {
    return paginate((offset, limit) => this.list({ offset, limit }, options), paging);
  }

  async getInfo(ids: string | readonly string[], options?: CallOptions): Promise<SmartAlbum[]> {
    const data = await this.#c.call<{ items?: SmartAlbum[] } | undefined>({
      api: API,
      method: 'getinfo',
      read: true,
      params: { id: idList(ids, API, 'getinfo') },
      ...callOptions(options),
    });
    return checkSmartAlbums<SmartAlbum>(data?.items ?? [], { api: API, method: 'getinfo' });
  }

  async create(name: string, condition: SmartAlbumCondition, options?: CallOptions): Promise<{ id: string }> {
    if (!name) throw invalid(API, 'create', 'a smart album needs a name');
    const data = await this.#c.call<{ id?: unknown } | undefined>({
      api: API,
      method: 'create',
      read: false,
      params: { ...condition, name },
      ...callOptions(options),
    });
    if (typeof data?.id !== 'string') throw badResponse(API, 'create', 'no smart album id in the answer');
    return { id: data.id };
  }

  /** Changes the name and/or condition fields; returns the id, which may change with the name. */
  async edit(id: string, changes: SmartAlbumCondition & { name?: string }, options?: CallOptions): Promise<{ id: string }> {
    const data = await this.#c.call<{ id?: unknown } | undefined>({
      api: API,
      method: 'edit',
      read: false,
      params: { ...changes, id: idList(id, API, 'edit')[0] },
      ...callOptions(options),
    });
    return { id: typeof data?.id === 'string' ? data.id : id };
  }

  async delete(ids: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'delete', read: false, params: { id: idList(ids, API, 'delete') }, ...callOptions(options) });
  }
}
