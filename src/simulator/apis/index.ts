import type { ApiDefinition } from '../registry';
import { albumApi } from './album';
import { authApi } from './auth';
import { fileApi } from './file';
import { discoveryApi, infoApi } from './info';
import { coverApi, downloadApi, thumbApi } from './media';
import { aboutApi, commentApi, dsmShareApi, stubApis } from './misc';
import { groupApi, permissionApi } from './permission';
import { photoApi } from './photo';
import { advancedShareApi, sharedAlbumApi } from './shared-album';
import { smartAlbumApi } from './smart-album';
import { photoTagApi, tagApi } from './tag';

/** Every API the simulator publishes in `SYNO.API.Info` (paths of spec §1.5 and §9). */
export function allApis(): ApiDefinition[] {
  const apis: ApiDefinition[] = [
    authApi, infoApi, albumApi, permissionApi, photoApi, thumbApi, coverApi, smartAlbumApi, fileApi, downloadApi,
    aboutApi, tagApi, photoTagApi, commentApi, groupApi, dsmShareApi, sharedAlbumApi, advancedShareApi, ...stubApis,
  ];
  apis.unshift(discoveryApi(() => apis));
  return apis;
}
