import type { Caller } from '../caller';
import { DEFAULT_PAGE_SIZE, paginate, toPage } from '../paging';
import type { CallOptions, Group, Page, PagingOptions } from '../types';
import { callOptions } from './common';

const API = 'SYNO.PhotoStation.Group';

/**
 * SYNO.PhotoStation.Group (group.php exists on Photo Station 6.3, spec §9; its methods are
 * unknown). `list` follows our simulator: data.items[] of {name, description}, offset/limit.
 */
export class GroupApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(params: { offset?: number; limit?: number } = {}, options?: CallOptions): Promise<Page<Group>> {
    const { offset = 0, limit = DEFAULT_PAGE_SIZE } = params;
    const data = await this.#c.call({ api: API, method: 'list', read: true, params: { offset, limit }, ...callOptions(options) });
    return toPage<Group>(data, 'items', offset, { api: API, method: 'list' });
  }

  iterate(paging?: PagingOptions, options?: CallOptions): AsyncGenerator<Group, void, undefined> {
    return paginate((offset, limit) => this.list({ offset, limit }, options), paging);
  }
}
