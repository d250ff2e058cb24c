import type { ItemKind } from './ids';

export type AlbumType = 'public' | 'private' | 'password';
export const ALBUM_TYPES: readonly AlbumType[] = ['public', 'private', 'password'];

export interface Privileges {
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

export interface Grant extends Privileges {
  name: string;
  type: 'user' | 'group';
}

export interface User {
  name: string;
  password: string;
  admin: boolean;
  groups: string[];
  email: string;
  /** May use Photo Station at all (406 otherwise). */
  allowed: boolean;
  disabled: boolean;
  allowComment: boolean;
  allowPublicShare: boolean;
}

export interface Group {
  name: string;
  description: string;
}

export interface Album {
  path: string;
  title: string;
  description: string;
  /** Only level-1 and level-2 albums carry a type of their own (spec §5.2). */
  type?: AlbumType;
  password?: string;
  inheritParent: boolean;
  owner: string;
  grants: Grant[];
  allowComment: boolean;
  conversion: boolean;
  hits: number;
  createdAt: number;
  /** Milliseconds; moves when the album, its items or any album below it change (docs/simulator.md). */
  mtime: number;
  sortBy: string;
  sortDirection: string;
  /** Manual order (arrangeitem): sub-album paths and item uids as strings `a:<path>` / `i:<uid>`. */
  arrangement?: string[];
  coverUid?: number;
  watermark?: Record<string, string>;
}

export interface Exif {
  camera?: string;
  model?: string;
  exposure?: string;
  aperture?: string;
  iso?: number;
  focal?: string;
  lens?: string;
  flash?: string;
}

export interface Comment {
  id: number;
  date: number;
  name: string;
  email: string;
  comment: string;
}

export interface Item {
  /** Stable internal identity: shared albums follow an item across moves (spec §5.8). */
  uid: number;
  album: string;
  name: string;
  kind: ItemKind;
  title: string;
  description: string;
  createdate: number;
  takendate: number;
  size: number;
  width: number;
  height: number;
  lat?: number;
  lng?: number;
  rating: number;
  rotation: number;
  exif: Exif;
  duration?: number;
  mtime: number;
  comments: Comment[];
  /** Uploaded bytes; generated items have none and are served as placeholder JPEGs. */
  data?: Buffer;
  owner: string;
}

export type TagType = 'desc' | 'people' | 'geo';
export const TAG_TYPES: readonly TagType[] = ['desc', 'people', 'geo'];

export interface Tag {
  id: number;
  type: TagType;
  name: string;
  geo?: { place_id?: string; reference?: string; lat?: string; lng?: string; address?: string };
}

export interface TagLink {
  id: number;
  tagId: number;
  uid: number;
  confirmed: boolean;
  box?: { x: number; y: number; width: number; height: number };
}

export interface PublicShare {
  shareid: string;
  isShared: boolean;
  startTime: string;
  endTime: string;
  isAdvanced: boolean;
  enablePassword: boolean;
  password: string;
  enableMarqueeTool: boolean;
  enableComment: boolean;
  enableColorLabel: boolean;
  colorLabels: string[];
}

export interface ShareLogEntry {
  item_id: string;
  category: string;
  log: string;
  date: number;
  name: string;
}

export interface SharedAlbum {
  id: number;
  owner: string;
  name: string;
  uids: number[];
  share: PublicShare;
  /** Visitor colour labels per item uid. */
  labels: Map<number, number>;
  log: ShareLogEntry[];
  publicComments: Array<Comment & { uid: number }>;
  mtime: number;
}

export interface SmartAlbum {
  id: string;
  name: string;
  condition: Record<string, string>;
  coverUid?: number;
}

export interface Settings {
  [key: string]: unknown;
  allow_download_orig: boolean;
  allow_download_video: boolean;
  allow_download_album: boolean;
  default_album_public: boolean;
}

export type ChangeKind =
  | 'album.added' | 'album.removed' | 'album.changed'
  | 'photo.added' | 'photo.removed' | 'photo.changed'
  | 'share.added' | 'share.removed' | 'share.changed';

/** One entry of the simulator's own change log, which tests compare with the product's events. */
export interface Change {
  seq: number;
  at: string;
  kind: ChangeKind;
  id: string;
  path?: string;
  fields?: string[];
}
