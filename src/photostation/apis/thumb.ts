import type { Caller } from '../caller';
import type { Binary, CallOptions } from '../types';
import { callOptions, idList } from './common';

const API = 'SYNO.PhotoStation.Thumb';

export type ThumbSizeName = 'preview' | 'small' | 'large';

/** SYNO.PhotoStation.Thumb `get` (spec §3.13 proposal): JPEG bytes of an item or album cover. */
export class ThumbApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  get(id: string, size: ThumbSizeName = 'small', params: { password?: string; public_share_id?: string } = {}, options?: CallOptions): Promise<Binary> {
    return this.#c.binary({ api: API, method: 'get', read: true, params: { id: idList(id, API, 'get')[0], size, ...params }, ...callOptions(options) });
  }
}
