import type { Caller } from '../caller';
import type { CallOptions, ItemTags, PhotoTag, TagKind } from '../types';
import { callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.PhotoTag';

export interface FaceBox {
  /** Upper-left corner and size, as fractions 0-1 of the image. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** SYNO.PhotoStation.PhotoTag (spec §3.11): tags on items. */
export class PhotoTagApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  /**
   * Tags of the given items, always one entry per item: the API answers a flat list for one
   * id and a grouped list for several (spec §3.11); both are normalised here.
   */
  async list(ids: string | readonly string[], params: { type?: readonly TagKind[]; additional?: readonly string[] } = {}, options?: CallOptions): Promise<ItemTags[]> {
    const id = idList(ids, API, 'list');
    const data = await this.#c.call<{ tags?: unknown[] } | undefined>({
      api: API,
      method: 'list',
      read: true,
      params: { id, type: params.type ?? ['desc', 'people', 'geo'], additional: params.additional },
      ...callOptions(options),
    });
    const tags = data?.tags ?? [];
    const grouped = tags.length > 0 && tags.every((t) => typeof t === 'object' && t !== null && 'photoId' in t);
    if (grouped) return (tags as ItemTags[]).map((g) => ({ photoId: g.photoId, tags: g.tags ?? [] }));
    if (id.length === 1) return [{ photoId: id[0]!, tags: tags as PhotoTag[] }];
    // Several ids but nothing grouped: only possible when no item has a tag.
    return id.map((photoId) => ({ photoId, tags: [] }));
  }

  /** Attaches general tags; returns the ids of the new links. */
  addDescTags(ids: string | readonly string[], tagIds: string | readonly string[], options?: CallOptions): Promise<string[]> {
    return this.#attach('desc_tag', { id: idList(ids, API, 'desc_tag'), tag_id: idList(tagIds, API, 'desc_tag') }, options);
  }

  addGeoTags(
    ids: string | readonly string[],
    tagIds: string | readonly string[],
    place: { address?: string; lat?: number; lng?: number; place_id?: string } = {},
    options?: CallOptions,
  ): Promise<string[]> {
    return this.#attach('geo_tag', { ...place, id: idList(ids, API, 'geo_tag'), tag_id: idList(tagIds, API, 'geo_tag') }, options);
  }

  addPeopleTag(id: string, tagId: string, box: FaceBox, options?: CallOptions): Promise<string[]> {
    for (const v of [box.x, box.y, box.width, box.height]) {
      if (!(v >= 0 && v <= 1)) throw invalid(API, 'people_tag', 'face box values are fractions between 0 and 1');
    }
    return this.#attach('people_tag', { id: idList(id, API, 'people_tag')[0], tag_id: tagId, x: box.x, y: box.y, width: box.width, height: box.height }, options);
  }

  async confirmPeopleTag(id: string, tagId: string, confirm: boolean, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'people_tag_confirm', read: false, params: { id, tag_id: tagId, confirm }, ...callOptions(options) });
  }

  /** Detaches tags from items, by tag id or by link id. */
  async remove(ids: string | readonly string[], by: { tag_id?: readonly string[]; item_tag_id?: readonly string[] }, options?: CallOptions): Promise<void> {
    if (!by.tag_id?.length && !by.item_tag_id?.length) throw invalid(API, 'delete', 'give tag_id or item_tag_id');
    await this.#c.call({
      api: API,
      method: 'delete',
      read: false,
      params: { id: idList(ids, API, 'delete'), tag_id: by.tag_id?.length ? by.tag_id : undefined, item_tag_id: by.item_tag_id?.length ? by.item_tag_id : undefined },
      ...callOptions(options),
    });
  }

  async #attach(method: string, params: Record<string, string | number | string[] | undefined>, options?: CallOptions): Promise<string[]> {
    const data = await this.#c.call<{ item_tag_ids?: string[] } | undefined>({ api: API, method, read: false, params, ...callOptions(options) });
    return data?.item_tag_ids ?? [];
  }
}
