import type { Caller } from '../caller';
import type { CallOptions } from '../types';
import { callOptions, idList } from './common';

const API = 'SYNO.PhotoStation.Cover';

/** SYNO.PhotoStation.Cover (spec §3.12). */
export class CoverApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  /** Makes `itemId` (directly in the album) the album's cover. */
  async set(albumId: string, itemId: string, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'set', read: false, params: { id: idList(albumId, API, 'set')[0], item_id: itemId }, ...callOptions(options) });
  }

  /** Cover of a smart album (administrators only). */
  async setSmart(smartAlbumId: string, itemId: string, options?: CallOptions): Promise<void> {
    await this.#c.call({ api: API, method: 'setsmart', read: false, params: { id: idList(smartAlbumId, API, 'setsmart')[0], item_id: itemId }, ...callOptions(options) });
  }
}
