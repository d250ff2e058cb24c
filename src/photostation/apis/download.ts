import type { Caller } from '../caller';
import { parseId } from '../ids';
import type { Binary, CallOptions } from '../types';
import { callOptions, idList, invalid } from './common';

const API = 'SYNO.PhotoStation.Download';

export interface DownloadParams {
  password?: string;
  public_share_id?: string;
}

/**
 * SYNO.PhotoStation.Download (spec §3.14 proposal): original files. Downloads stream large
 * files, so they get the upload timeout rule unless a timeout is given.
 */
export class DownloadApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  getPhoto(id: string, params: DownloadParams = {}, options?: CallOptions): Promise<Binary> {
    return this.#get('getphoto', id, params, options);
  }

  getVideo(id: string, params: DownloadParams = {}, options?: CallOptions): Promise<Binary> {
    return this.#get('getvideo', id, params, options);
  }

  /** getphoto or getvideo, chosen from the id. */
  getItem(id: string, params: DownloadParams = {}, options?: CallOptions): Promise<Binary> {
    const kind = parseId(id).kind;
    if (kind !== 'photo' && kind !== 'video') throw invalid(API, 'get', 'only photo and video ids can be downloaded');
    return this.#get(kind === 'photo' ? 'getphoto' : 'getvideo', id, params, options);
  }

  #get(method: string, id: string, params: DownloadParams, options?: CallOptions): Promise<Binary> {
    return this.#c.binary({ api: API, method, read: true, params: { id: idList(id, API, method)[0], ...params }, ...callOptions(options) });
  }
}
