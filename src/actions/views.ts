import type { PhotoStationClient } from '../photostation/client';
import { albumId, itemPath, webUiUrl } from '../photostation/ids';
import type { Album, AlbumType, Item, PhotoTag } from '../photostation/types';
import { shareStatusOf, type ShareStatus } from '../photostation/share-status';
import { rebaseUrl } from '../photostation/url';
import type { ShareRecord } from '../station/memory';

/**
 * The plain shapes actions answer with. They speak of albums, items and shares, not of Photo Station
 * parameters, so a second backend can produce the same shapes.
 */
export interface AlbumResult {
  id: string;
  path: string;
  name: string;
  title: string;
  description: string;
  type: AlbumType;
  parent: { id: string; path: string } | null;
  items?: { photo: number; video: number };
  url: string;
}

export interface ItemResult {
  id: string;
  type: 'photo' | 'video';
  album: { id: string; path: string };
  path: string;
  name: string;
  title: string;
  description: string;
  rating: number;
  takendate: string;
  createdate: string;
  size: number;
  width: number;
  height: number;
  lat?: number;
  lng?: number;
  tags?: string[];
  people?: string[];
  places?: string[];
  url: string;
}

export interface ShareResult {
  share_id: string;
  shared_album_id: number;
  name: string;
  url: string;
  status: ShareStatus;
  start: string | null;
  end: string | null;
  album?: { id: string; path: string };
  items?: number;
  password_protected: boolean;
}

const parentOf = (path: string): { id: string; path: string } | null => {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? null : { id: albumId(path.slice(0, cut)), path: path.slice(0, cut) };
};

export function albumResult(client: PhotoStationClient, album: Album): AlbumResult {
  const path = album.info.sharepath;
  const result: AlbumResult = {
    id: album.id,
    path,
    name: album.info.name,
    title: album.info.title,
    description: album.info.description,
    type: album.info.type,
    parent: parentOf(path),
    url: webUiUrl(client.webRoot, album.id),
  };
  const count = album.additional?.item_count;
  if (count) result.items = { photo: count.photo, video: count.video };
  return result;
}

/** Photo Station dates are server-local without offset; they are passed on as written (docs/actions.md). */
export function itemResult(client: PhotoStationClient, item: Item, tags?: PhotoTag[]): ItemResult {
  const { dir, file, path } = itemPath(item.id);
  const info = item.info;
  const gps = info.gps ?? (info.lat !== undefined && info.lng !== undefined ? { lat: info.lat, lng: info.lng } : undefined);
  const result: ItemResult = {
    id: item.id,
    type: item.type,
    album: { id: albumId(dir), path: dir },
    path,
    name: info.name ?? file,
    title: info.title,
    description: info.description,
    rating: info.rating ?? 0,
    takendate: info.takendate,
    createdate: info.createdate,
    size: info.size,
    width: info.resolutionx,
    height: info.resolutiony,
    url: webUiUrl(client.webRoot, item.id),
  };
  if (gps) {
    result.lat = Number(gps.lat);
    result.lng = Number(gps.lng);
  }
  if (tags) {
    const names = (kind: string): string[] => tags.filter((t) => t.type === kind).map((t) => t.name).sort();
    result.tags = names('desc');
    result.people = names('people');
    result.places = names('geo');
  }
  return result;
}

export const toIso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A public link as the NAS reports it, refined by what the station remembers of it. */
export function shareResult(
  client: PhotoStationClient,
  shared: { id: number; name: string; public_share_url?: string; share?: { shareid: string; share_status: string; start_time?: string; end_time?: string; public_share_url?: string; enable_password?: unknown } },
  record: ShareRecord | undefined,
  now: number,
  items?: number,
): ShareResult {
  const share = shared.share;
  const url = share?.public_share_url || shared.public_share_url || '';
  let status = shareStatusOf(share?.share_status);
  // The NAS counts in whole days; the station's exact end time wins when it has one.
  if (status === 'valid' && record?.end !== undefined && now >= record.end) status = 'expired';
  if (status === 'valid' && record?.start !== undefined && now < record.start) status = 'not_started';
  const result: ShareResult = {
    share_id: share?.shareid ?? '',
    shared_album_id: shared.id,
    name: shared.name,
    url: url ? rebaseUrl(url, client.origin) : '',
    status,
    start: record?.start !== undefined ? toIso(record.start) : share?.start_time || null,
    end: record?.end !== undefined ? toIso(record.end) : share?.end_time || null,
    password_protected: share?.enable_password === true,
  };
  if (record?.album) result.album = record.album;
  if (items !== undefined) result.items = items;
  return result;
}
