import type { Caller } from '../caller';
import { DEFAULT_PAGE_SIZE, paginate, toPage } from '../paging';
import type { CallOptions, Page, PagingOptions, Tag, TagKind } from '../types';
import { badResponse, callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.Tag';

export interface TagListParams {
  offset?: number;
  limit?: number;
  /** Default all three kinds. */
  type?: readonly TagKind[];
  sort_direction?: 'asc' | 'dsc';
  unconfirm_people_tag?: boolean;
  additional?: readonly string[];
}

export interface GeoTagFields {
  place_id?: string;
  reference?: string;
  lat?: number;
  lng?: number;
  address?: string;
}

/** SYNO.PhotoStation.Tag (spec §3.10): the tag dictionary. */
export class TagApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(params: TagListParams = {}, options?: CallOptions): Promise<Page<Tag>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE, type = ['desc', 'people', 'geo'], ...rest } = params;
    const data = await this.#c.call({ api: API, method: 'list', read: true, params: { ...rest, offset, limit, type }, ...callOptions(options) });
    return toPage<Tag>(data, 'tags', offset, { api: API, method: 'list' });
  }

  iterate(params: Omit<TagListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<Tag, void, undefined> {
    return paginate((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  async getInfo(ids: string | readonly string[], options?: CallOptions): Promise<Tag[]> {
    const data = await this.#c.call<{ tags?: Tag[] } | undefined>({ api: API, method: 'getinfo', read: true, params: { id: idList(ids, API, 'getinfo') }, ...callOptions(options) });
    return data?.tags ?? [];
  }

  /** Creates a tag (or, on stations that do so, returns the existing one). Accepts the id as a string or a one-element array (spec §3.10). */
  async create(name: string, type: TagKind, geo: GeoTagFields = {}, options?: CallOptions): Promise<{ id: string }> {
    if (!name) throw invalid(API, 'create', 'a tag needs a name');
    const data = await this.#c.call<{ id?: unknown } | undefined>({ api: API, method: 'create', read: false, params: { ...geo, name, type }, ...callOptions(options) });
    const raw = Array.isArray(data?.id) ? data.id[0] : data?.id;
    if (typeof raw !== 'string' || raw === '') throw badResponse(API, 'create', 'no tag id in the answer');
    return { id: raw };
  }

  async edit(id: string, changes: { name?: string } & GeoTagFields, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'edit', read: false, params: { ...changes, id: idList(id, API, 'edit')[0] }, ...callOptions(options) });
  }

  async delete(ids: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'delete', read: false, params: { id: idList(ids, API, 'delete') }, ...callOptions(options) });
  }
}
