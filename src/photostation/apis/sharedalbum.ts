import type { Caller } from '../caller';
import { DEFAULT_PAGE_SIZE, paginate, toPage } from '../paging';
import { checkSharedAlbums } from '../shape';
import type { CallOptions, Page, PagingOptions, PublicShareResult, SharedAlbum } from '../types';
import { badResponse, callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.SharedAlbum';

export interface SharedAlbumListParams {
  offset?: number;
  limit?: number;
  /** "public_share" adds the link state to each entry (default). */
  additional?: readonly string[];
}

/** Public link settings (spec §3.5 edit_public_share); absent = unchanged. */
export interface PublicShareSettings {
  is_shared?: boolean;
  /** "YYYY-MM-DD" or "" for no limit. */
  start_time?: string;
  end_time?: string;
  is_advanced?: boolean;
  enable_password?: boolean;
  password?: string;
  enable_marquee_tool?: boolean;
  enable_comment?: boolean;
  enable_color_label?: boolean;
  color_label_1?: string;
  color_label_2?: string;
  color_label_3?: string;
  color_label_4?: string;
  color_label_5?: string;
  color_label_6?: string;
}

function sharedId(id: number, method: string): number {
  if (!Number.isInteger(id) || id < 0) throw invalid(API, method, 'a shared album id is a non-negative integer');
  return id;
}

/** SYNO.PhotoStation.SharedAlbum (spec §3.5): named item collections and their public links. */
export class SharedAlbumApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(params: SharedAlbumListParams = {}, options?: CallOptions): Promise<Page<SharedAlbum>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE, additional = ['public_share'] } = params;
    const data = await this.#c.call({ api: API, method: 'list', read: true, params: { offset, limit, additional }, ...callOptions(options) });
    return toPage<SharedAlbum>(data, 'items', offset, { api: API, method: 'list' }, checkSharedAlbums);
  }

  iterate(params: Omit<SharedAlbumListParams, 'offset' | 'limit'> = {}, paging?: PagingOptions, options?: CallOptions): AsyncGenerator<SharedAlbum, void, undefined> {
    return paginate((offset, limit) => this.list({ ...params, offset, limit }, options), paging);
  }

  /** One shared album; the answer's shape is weakly evidenced, so several are accepted. */
  async getInfo(id: number, additional: readonly string[] = ['public_share'], options?: CallOptions): Promise<SharedAlbum> {
    const data = await this.#c.call<Record<string, unknown> | undefined>({
      api: API,
      method: 'getinfo',
      read: true,
      params: { id: sharedId(id, 'getinfo'), additional },
      ...callOptions(options),
    });
    const found = firstOf(data?.shared_albums) ?? firstOf(data?.items) ?? (data?.shared_album as SharedAlbum | undefined);
    if (!found) throw badResponse(API, 'getinfo', 'no shared album in the answer');
    return checkSharedAlbums<SharedAlbum>([found], { api: API, method: 'getinfo' })[0];
  }

  async create(name: string, options?: CallOptions): Promise<{ id: number }> {
    if (!name) throw invalid(API, 'create', 'a shared album needs a name');
    const data = await this.#c.call<{ id?: unknown } | undefined>({ api: API, method: 'create', read: false, params: { name }, ...callOptions(options) });
    const id = typeof data?.id === 'number' ? data.id : typeof data?.id === 'string' && /^\d+$/.test(data.id) ? Number(data.id) : undefined;
    if (id === undefined) throw badResponse(API, 'create', 'no shared album id in the answer');
    return { id };
  }

  /** Renames the shared album. */
  async edit(id: number, name: string, options?: CallOptions): Promise<void> {
    if (!name) throw invalid(API, 'edit', 'a shared album needs a name');
    await this.#c.call({ api: API, method: 'edit', read: false, params: { id: sharedId(id, 'edit'), name }, ...callOptions(options) });
  }

  async delete(id: number, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'delete', read: false, params: { id: sharedId(id, 'delete') }, ...callOptions(options) });
  }

  async addItems(id: number, itemIds: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({
      api: API,
      method: 'add_items',
      read: false,
      params: { id: sharedId(id, 'add_items'), item_id: idList(itemIds, API, 'add_items') },
      ...callOptions(options),
    });
  }

  async removeItems(id: number, itemIds: string | readonly string[], options?: CallOptions): Promise<void> {
    await this.#c.call({
      api: API,
      method: 'remove_items',
      read: false,
      params: { id: sharedId(id, 'remove_items'), item_id: idList(itemIds, API, 'remove_items') },
      ...callOptions(options),
    });
  }

  /** Sets the public link; returns its share id and URL (whose host the NAS chose, see rebaseUrl). */
  async editPublicShare(id: number, settings: PublicShareSettings, options?: CallOptions): Promise<PublicShareResult> {
    if (settings.enable_password === true && !settings.password) throw invalid(API, 'edit_public_share', 'enable_password needs a password');
    const data = await this.#c.call<PublicShareResult | undefined>({
      api: API,
      method: 'edit_public_share',
      read: false,
      params: { id: sharedId(id, 'edit_public_share'), ...settings },
      ...callOptions(options),
    });
    return data ?? ({} as PublicShareResult);
  }

  /** The shared album behind a public share id; `password` for links that have one. */
  async getInfoPublic(shareId: string, password?: string, options?: CallOptions): Promise<SharedAlbum> {
    if (!shareId) throw invalid(API, 'getinfo_public', 'a public share id is required');
    const data = await this.#c.call<{ shared_album?: SharedAlbum } | undefined>({
      api: API,
      method: 'getinfo_public',
      read: true,
      params: { public_share_id: shareId, password },
      ...callOptions(options),
    });
    if (!data?.shared_album) throw badResponse(API, 'getinfo_public', 'no shared album in the answer');
    return checkSharedAlbums<SharedAlbum>([data.shared_album], { api: API, method: 'getinfo_public' })[0];
  }
}

function firstOf(x: unknown): SharedAlbum | undefined {
  return Array.isArray(x) && x.length > 0 ? (x[0] as SharedAlbum) : undefined;
}
