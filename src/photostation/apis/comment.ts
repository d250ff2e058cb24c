import type { Caller } from '../caller';
import type { CallOptions, Comment } from '../types';
import { callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.Comment';

/** SYNO.PhotoStation.Comment (spec §3.16): private comments on items. */
export class CommentApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  async list(id: string, options?: CallOptions): Promise<Comment[]> {
    const data = await this.#c.call<{ comments?: Comment[] } | undefined>({ api: API, method: 'list', read: true, params: { id: idList(id, API, 'list')[0] }, ...callOptions(options) });
    return data?.comments ?? [];
  }

  /** Adds a comment signed `name`; the id comes back where the station reports one. */
  async create(id: string, comment: string, name: string, options?: CallOptions): Promise<{ id?: string }> {
    if (!comment) throw invalid(API, 'create', 'the comment is empty');
    const data = await this.#c.call<{ id?: unknown } | undefined>({
      api: API,
      method: 'create',
      read: false,
      params: { id: idList(id, API, 'create')[0], name, comment: comment.replace(/\r?\n/g, '\r\n') },
      ...callOptions(options),
    });
    return typeof data?.id === 'string' ? { id: data.id } : {};
  }
}
