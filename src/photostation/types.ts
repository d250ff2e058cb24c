/**
 * Plain data shapes of Photo Station answers (spec §3.0 and the method sections). Field
 * names are the API's own. Everything the spec marks as undocumented or version dependent
 * is optional, and unknown extra fields pass through untouched.
 */

/** Parameter values as the client accepts them; lists become csv, booleans "true"/"false". */
export type ParamValue = string | number | boolean | readonly (string | number)[] | null | undefined;
export type Params = Record<string, ParamValue>;

export interface CallOptions {
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Uploads: called as the request body goes out, with bytes sent so far and the body size. */
  onUploadProgress?: (sent: number, total: number) => void;
}

/** One page of a list method: `offset` is the offset of the next page (spec §1.5). */
export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

export interface PagingOptions {
  /** Start offset, default 0. */
  offset?: number;
  /** Page size, default 500. */
  pageSize?: number;
}

export type AlbumType = 'public' | 'private' | 'password';
export type SortDirectionList = 'asc' | 'dsc' | 'desc';

// ---------------------------------------------------------------- Info / Auth

export interface ApiInfoEntry {
  path: string;
  minVersion: number;
  maxVersion: number;
  requestFormat?: string;
}

export type ApiInfoMap = Record<string, ApiInfoEntry>;

export interface StationInfo {
  version?: string | number;
  version_string?: string;
  title?: string;
  sort_by?: string;
  sort_direction?: string;
  allow_download_album?: boolean;
  allow_download_orig?: boolean;
  allow_download_video?: boolean;
  external_host?: string;
  external_host_quickconnect?: string;
  virtual_tag?: { desc_tag?: boolean; geo_tag?: boolean; people_tag?: boolean };
  default_album_public?: boolean;
  use_dsm_account?: boolean;
  home_category?: unknown;
  [key: string]: unknown;
}

export interface ExternalIpInfo {
  external_host_external_ip: string;
  [key: string]: unknown;
}

/** The login answer without `sid`: the session id stays inside the client. */
export interface LoginInfo {
  username: string;
  reg_syno_user?: boolean;
  is_admin: boolean;
  allow_comment?: boolean;
  permission?: { browse: boolean; upload: boolean; manage: boolean };
  enable_face_recog?: boolean;
  allow_public_share?: boolean;
  allow_download?: boolean;
  show_detail?: boolean;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- Albums and items

export interface AlbumInfo {
  sharepath: string;
  name: string;
  title: string;
  description: string;
  hits?: number;
  type: AlbumType;
  conversion?: boolean;
  allow_embed?: boolean;
  allow_comment?: boolean;
  [key: string]: unknown;
}

export interface AlbumPermission {
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

export interface ThumbSize {
  resolutionx: number;
  resolutiony: number;
  mtime?: number;
}

export interface AlbumAdditional {
  album_sorting?: { sort_by: string; sort_direction: string; has_preference_sort?: boolean };
  album_permission?: AlbumPermission;
  item_count?: { photo: number; video: number };
  delete_permission?: boolean;
  album_createdate?: number;
  file_location?: string;
  thumb_size?: { preview?: ThumbSize; small?: ThumbSize; large?: ThumbSize; sig?: string };
  [key: string]: unknown;
}

export interface Album {
  id: string;
  type: 'album';
  info: AlbumInfo;
  additional: AlbumAdditional | null;
  thumbnail_status: string;
  /** Only from getinfo. */
  cover?: { w: number; h: number; hash: string };
  [key: string]: unknown;
}

export interface PhotoExif {
  takendate?: string;
  camera?: string;
  camera_model?: string;
  exposure?: string;
  aperture?: string;
  iso?: number | string;
  gps?: { lat: string | number; lng: string | number };
  focal_length?: string;
  lens?: string;
  flash?: string;
  [key: string]: unknown;
}

export interface ItemInfo {
  name: string;
  title: string;
  description: string;
  createdate: string;
  takendate: string;
  size: number;
  resolutionx: number;
  resolutiony: number;
  rotated?: boolean;
  rotate_version?: number;
  rotation?: number;
  /** Photos carry GPS here … */
  lat?: number;
  lng?: number;
  /** … videos here (spec §3.0.2). */
  gps?: { lat: number; lng: number };
  rating?: number;
  color_label?: number;
  duration?: number;
  [key: string]: unknown;
}

export interface ItemAdditional {
  photo_exif?: PhotoExif;
  thumb_size?: { preview?: ThumbSize; small?: ThumbSize; large?: ThumbSize; [key: string]: unknown };
  video_codec?: unknown;
  video_quality?: unknown;
  file_location?: string;
  [key: string]: unknown;
}

export interface Item {
  id: string;
  type: 'photo' | 'video';
  pos?: number;
  info: ItemInfo;
  additional?: ItemAdditional | null;
  thumbnail_status?: string;
  public_share_url?: string;
  [key: string]: unknown;
}

/** What `Album list` returns: sub-albums and items mixed. */
export type AlbumEntry = Album | Item;

export function isAlbum(entry: AlbumEntry): entry is Album {
  return entry.type === 'album';
}

// ---------------------------------------------------------------- Shared albums

export interface PublicShareInfo {
  shareid: string;
  share_status: string;
  start_time?: string;
  end_time?: string;
  public_share_url?: string;
  advanced_info?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SharedAlbum {
  id: number;
  name: string;
  public_share_url?: string;
  additional?: { public_share?: PublicShareInfo; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export interface PublicShareResult {
  shareid: string;
  public_share_url: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- Smart albums, permissions, groups

export interface SmartAlbum {
  id: string;
  type: 'smart';
  name: string;
  condition: Record<string, string>;
  [key: string]: unknown;
}

export interface PermissionEntry {
  name: string;
  type: 'user' | 'group';
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

export interface Group {
  name: string;
  description: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- Tags

export type TagKind = 'desc' | 'people' | 'geo';

export interface Tag {
  id: string;
  type: 'tag';
  tag_type: TagKind;
  name: string;
  additional?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface PhotoTag {
  id: string;
  item_tag_id: string;
  type: TagKind;
  name: string;
  additional?: { info?: Record<string, unknown> } | null;
  [key: string]: unknown;
}

/** PhotoTag list normalised: one entry per requested item, whatever shape the server used. */
export interface ItemTags {
  photoId: string;
  tags: PhotoTag[];
}

// ---------------------------------------------------------------- Exif, comments, bytes

export interface ExifEntry {
  label: string;
  value: string;
}

export interface ExifValue {
  id: string;
  name: string;
  type: 'exif';
  tag_type: string;
}

export interface Comment {
  id?: string;
  date: string;
  name: string;
  email?: string;
  comment: string;
  [key: string]: unknown;
}

export interface Binary {
  data: Buffer;
  contentType: string;
  /** From Content-Disposition, when the server names the file. */
  filename?: string;
}
