import type { Caller } from '../caller';
import type { CallOptions, PermissionEntry } from '../types';
import { callOptions, idList } from './common';

const API = 'SYNO.PhotoStation.Permission';

/**
 * SYNO.PhotoStation.Permission. The path is real, the methods are the proposal of spec §3.8
 * (our simulator's), so on a real NAS this may answer 103. Administrators only (else 427).
 */
export class PermissionApi {
  readonly #c: Caller;
  constructor(caller: Caller) {
    this.#c = caller;
  }

  /** Grants on a level-1 or level-2 album. */
  async list(albumId: string, type?: 'user' | 'group', options?: CallOptions): Promise<PermissionEntry[]> {
    const data = await this.#c.call<{ items?: PermissionEntry[] } | undefined>({
      api: API,
      method: 'list',
      read: true,
      params: { id: idList(albumId, API, 'list')[0], type },
      ...callOptions(options),
    });
    return data?.items ?? [];
  }

  /** Applies grants; an entry with browse, upload and manage all false removes that grant. */
  async edit(albumId: string, changes: readonly PermissionEntry[], options?: CallOptions): Promise<void> {
    const clean = changes.map(({ name, type, browse, upload, manage }) => ({ name, type, browse: !!browse, upload: !!upload, manage: !!manage }));
    await this.#c.call({
      api: API,
      method: 'edit',
      read: false,
      params: { id: idList(albumId, API, 'edit')[0], changes: JSON.stringify(clean) },
      ...callOptions(options),
    });
  }
}
