/**
 * The one definition of error codes for the whole product.
 *
 * Server codes are the Photo Station codes of spec §1.6 (plus 119, which DSM uses for a
 * session id it no longer knows). Client codes (1001-1010) describe failures that never
 * reached a Photo Station answer: the network, timeouts, TLS, bodies that are not JSON.
 * They follow the plugin's 1001-1003 family so people coming from it recognise them.
 */

export interface ErrorCodeInfo {
  /** Symbolic name, e.g. PHOTOSTATION_ALBUM_PASSWORD_ERROR. */
  readonly name: string;
  /** What a person should read. Never contains parameters of the failed call. */
  readonly message: string;
}

/** Client-side codes: failures that are not an answer of Photo Station. */
export const ClientErrorCode = {
  /** Connection refused, reset or dropped before a complete answer arrived. */
  NETWORK: 1001,
  /** The web server answered with an HTTP status other than 200. */
  HTTP: 1002,
  /** The body is not JSON, or not a Synology envelope. */
  BAD_RESPONSE: 1003,
  /** No complete answer within the configured timeout. */
  TIMEOUT: 1004,
  /** The TLS handshake failed: untrusted certificate, wrong pinned fingerprint, bad CA. */
  TLS: 1005,
  /** Discovery does not list the API, or not in a version this client speaks. */
  API_UNAVAILABLE: 1006,
  /** The client was closed; no further calls are possible. */
  CLOSED: 1007,
  /** The caller passed something that cannot be sent (bad id, bad option). */
  INVALID_ARGUMENT: 1008,
  /** The caller aborted the call through its AbortSignal. */
  ABORTED: 1009,
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

const table: Record<number, ErrorCodeInfo> = {
  // General (every API)
  100: { name: 'WEBAPI_ERR_UNKNOWN', message: 'Photo Station reported an unknown error' },
  101: { name: 'WEBAPI_ERR_BAD_REQUEST', message: 'the request was malformed or names something that does not exist' },
  102: { name: 'WEBAPI_ERR_NO_SUCH_API', message: 'this Photo Station does not offer the requested API' },
  103: { name: 'WEBAPI_ERR_NO_SUCH_METHOD', message: 'this Photo Station does not offer the requested method' },
  104: { name: 'WEBAPI_ERR_NOT_SUPPORTED_VERSION', message: 'this Photo Station does not support the requested API version' },
  105: { name: 'WEBAPI_ERR_NO_PERMISSION', message: 'permission denied (not logged in, or the account lacks the right)' },
  106: { name: 'WEBAPI_ERR_SESSION_TIMEOUT', message: 'the session has timed out' },
  107: { name: 'WEBAPI_ERR_SESSION_INTERRUPT', message: 'the session was ended by another login of the same account' },
  119: { name: 'WEBAPI_ERR_SID_NOT_FOUND', message: 'the session is no longer known to the server' },
  // Info
  401: { name: 'PHOTOSTATION_INFO_ERROR', message: 'Photo Station could not report its information' },
  402: { name: 'PHOTOSTATION_INFO_ERROR', message: 'Photo Station could not report its information' },
  403: { name: 'PHOTOSTATION_INFO_ERROR', message: 'Photo Station could not report its information' },
  404: { name: 'PHOTOSTATION_INFO_ERROR', message: 'Photo Station could not report its information' },
  405: { name: 'PHOTOSTATION_INFO_ERROR', message: 'Photo Station could not report its information' },
  // Auth
  406: { name: 'PHOTOSTATION_AUTH_LOGIN_NOPRIVILEGE', message: 'this account is not allowed to use Photo Station' },
  407: { name: 'PHOTOSTATION_AUTH_LOGIN_ERROR', message: 'wrong user name or password' },
  408: { name: 'PHOTOSTATION_AUTH_LOGIN_DISABLE_ACCOUNT', message: 'this account is disabled' },
  409: { name: 'PHOTOSTATION_AUTH_LOGIN_GUEST_ERROR', message: 'guest login is not possible' },
  410: { name: 'PHOTOSTATION_AUTH_LOGIN_MAX_TRIES', message: 'too many failed login attempts; the NAS is refusing logins for now' },
  // Album
  416: { name: 'PHOTOSTATION_ALBUM_PASSWORD_ERROR', message: 'album password is wrong or missing' },
  417: { name: 'PHOTOSTATION_ALBUM_NO_ACCESS_RIGHT', message: 'no right to view this album (or it does not exist)' },
  418: { name: 'PHOTOSTATION_ALBUM_NO_UPLOAD_RIGHT', message: 'no right to upload into this album' },
  419: { name: 'PHOTOSTATION_ALBUM_NO_MANAGE_RIGHT', message: 'no right to manage this album' },
  420: { name: 'PHOTOSTATION_ALBUM_NOT_ADMIN', message: 'only an administrator may change these album settings' },
  421: { name: 'PHOTOSTATION_ALBUM_HAS_EXIST', message: 'an album with this name already exists' },
  422: { name: 'PHOTOSTATION_ALBUM_CREATE_FAIL', message: 'the album could not be created' },
  423: { name: 'PHOTOSTATION_ALBUM_EDIT_FAIL', message: 'the album could not be changed' },
  424: { name: 'PHOTOSTATION_ALBUM_DELETE_FAIL', message: 'the album could not be deleted' },
  425: { name: 'PHOTOSTATION_ALBUM_SELECT_CONFLICT', message: 'an album cannot be moved into itself or one of its sub-albums' },
  // Permission
  426: { name: 'PHOTOSTATION_PERMISSION_BAD_PARAMS', message: 'invalid album privilege request' },
  427: { name: 'PHOTOSTATION_PERMISSION_ACCESS_DENY', message: 'only an administrator may view or change album privileges' },
  // Tag
  436: { name: 'PHOTOSTATION_TAG_LIST_FAIL', message: 'tags could not be listed' },
  437: { name: 'PHOTOSTATION_TAG_GETINFO_FAIL', message: 'the tag could not be read (does it exist?)' },
  438: { name: 'PHOTOSTATION_TAG_CREATE_FAIL', message: 'the tag could not be created' },
  439: { name: 'PHOTOSTATION_TAG_EDIT_FAIL', message: 'the tag could not be changed' },
  440: { name: 'PHOTOSTATION_TAG_ACCESS_DENY', message: 'no right to change tags' },
  441: { name: 'PHOTOSTATION_TAG_HAS_EXIST', message: 'a tag with this name already exists' },
  442: { name: 'PHOTOSTATION_TAG_SEARCH_FAIL', message: 'the tag search failed' },
  // SmartAlbum
  446: { name: 'PHOTOSTATION_SMARTALBUM_CREATE_FAIL', message: 'the smart album could not be created' },
  447: { name: 'PHOTOSTATION_SMARTALBUM_EDIT_FAIL', message: 'the smart album could not be changed' },
  448: { name: 'PHOTOSTATION_SMARTALBUM_ACCESS_DENY', message: 'only an administrator may change smart albums' },
  449: { name: 'PHOTOSTATION_SMARTALBUM_NOT_EXIST', message: 'the smart album does not exist' },
  450: { name: 'PHOTOSTATION_SMARTALBUM_TAG_NOT_EXIST', message: 'a tag named in the smart album condition does not exist' },
  451: { name: 'PHOTOSTATION_SMARTALBUM_CREATE_FAIL_EXIST', message: 'a smart album with this name already exists' },
  // Photo
  456: { name: 'PHOTOSTATION_PHOTO_BAD_PARAMS', message: 'invalid photo request (bad id, filter or destination)' },
  457: { name: 'PHOTOSTATION_PHOTO_ACCESS_DENY', message: 'no right to access these photos' },
  458: { name: 'PHOTOSTATION_PHOTO_SELECT_CONFLICT', message: 'source and destination album are the same' },
  // PhotoTag
  466: { name: 'PHOTOSTATION_PHOTO_TAG_ACCESS_DENY', message: 'no right to change the tags of this item' },
  467: { name: 'PHOTOSTATION_PHOTO_TAG_NOT_EXIST', message: 'the tag does not exist' },
  468: { name: 'PHOTOSTATION_PHOTO_TAG_DUPLICATE', message: 'the item already carries this tag' },
  469: { name: 'PHOTOSTATION_PHOTO_TAG_VIDEO_NOT_EXIST', message: 'the photo or video does not exist' },
  470: { name: 'PHOTOSTATION_PHOTO_TAG_ADD_GEO_DESC_FAIL', message: 'the tag could not be added' },
  471: { name: 'PHOTOSTATION_PHOTO_TAG_ADD_PEOPLE_FAIL', message: 'the people tag could not be added' },
  472: { name: 'PHOTOSTATION_PHOTO_TAG_DELETE_FAIL', message: 'the tag could not be removed' },
  473: { name: 'PHOTOSTATION_PHOTO_TAG_PEOPLE_TAG_CONFIRM_FAIL', message: 'the people tag could not be confirmed' },
  // Category
  476: { name: 'PHOTOSTATION_CATEGORY_ACCESS_DENY', message: 'no right to change categories' },
  477: { name: 'PHOTOSTATION_CATEGORY_WRONG_ID_FORMAT', message: 'malformed category id' },
  478: { name: 'PHOTOSTATION_CATEGORY_GETINFO_FAIL', message: 'the category could not be read' },
  479: { name: 'PHOTOSTATION_CATEGORY_CREATE_FAIL', message: 'the category could not be created' },
  480: { name: 'PHOTOSTATION_CATEGORY_DELETE_FAIL', message: 'the category could not be deleted' },
  481: { name: 'PHOTOSTATION_CATEGORY_EDIT_FAIL', message: 'the category could not be changed' },
  482: { name: 'PHOTOSTATION_CATEGORY_ARRANGE_FAIL', message: 'the categories could not be reordered' },
  483: { name: 'PHOTOSTATION_CATEGORY_ADD_ITEM_FAIL', message: 'the item could not be added to the category' },
  484: { name: 'PHOTOSTATION_CATEGORY_LIST_ITEM_FAIL', message: 'the category items could not be listed' },
  485: { name: 'PHOTOSTATION_CATEGORY_REMOVE_ITEM_FAIL', message: 'the item could not be removed from the category' },
  486: { name: 'PHOTOSTATION_CATEGORY_ARRANGE_ITEM_FAIL', message: 'the category items could not be reordered' },
  487: { name: 'PHOTOSTATION_CATEGORY_DUPLICATE', message: 'a category with this name already exists' },
  // Comment
  491: { name: 'PHOTOSTATION_COMMENT_VALIDATE_FAIL', message: 'the comment is empty or invalid' },
  492: { name: 'PHOTOSTATION_COMMENT_ACCESS_DENY', message: 'comments are not allowed here' },
  493: { name: 'PHOTOSTATION_COMMENT_CREATE_FAIL', message: 'the comment could not be saved' },
  // Thumb
  501: { name: 'PHOTOSTATION_THUMB_BAD_PARAMS', message: 'invalid thumbnail request' },
  502: { name: 'PHOTOSTATION_THUMB_ACCESS_DENY', message: 'no right to view this thumbnail' },
  503: { name: 'PHOTOSTATION_THUMB_NO_COVER', message: 'the album has no cover' },
  504: { name: 'PHOTOSTATION_THUMB_FILE_NOT_EXISTS', message: 'this thumbnail does not exist (yet)' },
  // Download
  506: { name: 'PHOTOSTATION_DOWNLOAD_BAD_PARAMS', message: 'invalid download request' },
  507: { name: 'PHOTOSTATION_DOWNLOAD_ACCESS_DENY', message: 'downloading this item is not allowed' },
  508: { name: 'PHOTOSTATION_DOWNLOAD_CHDIR_ERROR', message: 'the file could not be read on the NAS' },
  // File
  516: { name: 'PHOTOSTATION_FILE_BAD_PARAMS', message: 'invalid upload request (missing parameter)' },
  517: { name: 'PHOTOSTATION_FILE_ACCESS_DENY', message: 'no right to upload into this album' },
  518: { name: 'PHOTOSTATION_FILE_FILE_EXT_ERR', message: 'this file type is not supported' },
  519: { name: 'PHOTOSTATION_FILE_DIR_NOT_EXISTS', message: 'the destination album does not exist' },
  520: { name: 'PHOTOSTATION_FILE_UPLOAD_ERROR', message: 'the upload failed' },
  521: { name: 'PHOTOSTATION_FILE_NO_FILE', message: 'the upload carried no file' },
  522: { name: 'PHOTOSTATION_FILE_UPLOAD_CANT_WRITE', message: 'the NAS could not write the uploaded file' },
  // Cover
  526: { name: 'PHOTOSTATION_COVER_ACCESS_DENY', message: 'no right to change the album cover' },
  527: { name: 'PHOTOSTATION_COVER_ALBUM_NOT_EXIST', message: 'the album does not exist' },
  528: { name: 'PHOTOSTATION_COVER_PHOTO_VIDEO_NOT_EXIST', message: 'the photo or video does not exist' },
  529: { name: 'PHOTOSTATION_COVER_PHOTO_VIDEO_NOT_IN_ALBUM', message: 'the photo or video is not in this album' },
  530: { name: 'PHOTOSTATION_COVER_SET_FAIL', message: 'the cover could not be set' },
  // Rotate
  531: { name: 'PHOTOSTATION_ROTATE_ACCESS_DENY', message: 'no right to rotate this item' },
  532: { name: 'PHOTOSTATION_ROTATE_SET_FAIL', message: 'the item could not be rotated' },
  // SlideshowMusic
  536: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_ACCESS_DENY', message: 'no right to change slideshow music' },
  537: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_SET_FAIL', message: 'slideshow music could not be set' },
  538: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_FILE_EXT_ERR', message: 'this music file type is not supported' },
  539: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_UPLOAD_ERROR', message: 'the music upload failed' },
  540: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_NO_FILE', message: 'no music file was given' },
  541: { name: 'PHOTOSTATION_SLIDESHOWMUSIC_EXCEED_LIMIT', message: 'too many slideshow music files' },
  // DsmShare
  546: { name: 'PHOTOSTATION_DSMSHARE_UPLOAD_ERROR', message: 'the import from the shared folder failed' },
  547: { name: 'PHOTOSTATION_DSMSHARE_ACCESS_DENY', message: 'only an administrator may import from shared folders' },
  // SharedAlbum
  551: { name: 'PHOTOSTATION_SHARED_ALBUM_ACCESS_DENY', message: 'no right to use this shared album or share link' },
  552: { name: 'PHOTOSTATION_SHARED_ALBUM_BAD_PARAMS', message: 'invalid shared album request' },
  553: { name: 'PHOTOSTATION_SHARED_ALBUM_HAS_EXISTED', message: 'a shared album with this name already exists' },
  554: { name: 'PHOTOSTATION_SHARED_ALBUM_CREATE_FAIL', message: 'the shared album could not be created' },
  555: { name: 'PHOTOSTATION_SHARED_ALBUM_NOT_EXISTS', message: 'the shared album does not exist' },
  556: { name: 'PHOTOSTATION_SHARED_ALBUM_GET_INFO_ERROR', message: 'the shared album could not be read' },
  557: { name: 'PHOTOSTATION_SHARED_ALBUM_LIST_ERROR', message: 'shared albums could not be listed' },
  // Log, PATH, ACL
  561: { name: 'PHOTOSTATION_LOG_ACCESS_DENY', message: 'no right to read the log' },
  566: { name: 'PHOTOSTATION_PATH_ACCESS_DENY', message: 'no right to access this path' },
  571: { name: 'PHOTOSTATION_ACL_NOT_SUPPORT', message: 'ACL is not supported here' },
  572: { name: 'PHOTOSTATION_ACL_CONVERT_FAIL', message: 'the ACL could not be converted' },
  // AdvancedShare
  581: { name: 'PHOTOSTATION_PHOTO_AREA_TAG_ADD_FAIL', message: 'the marked area could not be added' },
  582: { name: 'PHOTOSTATION_PHOTO_AREA_TAG_NOT_ENABLED', message: 'marking areas is not enabled for this share' },
  583: { name: 'PHOTOSTATION_PHOTO_AREA_TAG_DELETE_FAIL', message: 'the marked area could not be removed' },
  // Client side
  [ClientErrorCode.NETWORK]: { name: 'CLIENT_NETWORK_ERROR', message: 'the NAS could not be reached or dropped the connection' },
  [ClientErrorCode.HTTP]: { name: 'CLIENT_HTTP_ERROR', message: 'the web server answered with an HTTP error' },
  [ClientErrorCode.BAD_RESPONSE]: { name: 'CLIENT_BAD_RESPONSE', message: 'the answer was not a Photo Station JSON answer' },
  [ClientErrorCode.TIMEOUT]: { name: 'CLIENT_TIMEOUT', message: 'the NAS did not answer in time' },
  [ClientErrorCode.TLS]: { name: 'CLIENT_TLS_ERROR', message: 'the TLS certificate of the NAS was not accepted' },
  [ClientErrorCode.API_UNAVAILABLE]: { name: 'CLIENT_API_UNAVAILABLE', message: 'this Photo Station does not offer the API in a supported version' },
  [ClientErrorCode.CLOSED]: { name: 'CLIENT_CLOSED', message: 'the client has been closed' },
  [ClientErrorCode.INVALID_ARGUMENT]: { name: 'CLIENT_INVALID_ARGUMENT', message: 'invalid argument' },
  [ClientErrorCode.ABORTED]: { name: 'CLIENT_ABORTED', message: 'the call was aborted' },
};

/** Every known code with its name and message, for documentation and UIs. */
export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = Object.freeze(table);

/** Codes that mean "the session is gone": log in again and repeat the call once. */
export const SESSION_ERROR_CODES: ReadonlySet<number> = new Set([106, 107, 119]);

/**
 * Refusals a logged-in caller can also get because the NAS forgot its session (a restart treats the old
 * cookie as "not logged in"): no permission, a private or password album, a missing privilege.
 * The client checks the session before it believes them.
 */
export const ACCESS_REFUSAL_CODES: ReadonlySet<number> = new Set([
  105, 416, 417, 418, 419, 420, 427, 440, 448, 457, 466, 492, 502, 507, 517, 526, 547, 551,
]);

/** Login refusals: repeating the login would only bring the account closer to being blocked. */
export const LOGIN_REFUSAL_CODES: ReadonlySet<number> = new Set([406, 407, 408, 409, 410]);

const AUTH_API = 'SYNO.PhotoStation.Auth';

export function describeCode(code: number, api?: string): ErrorCodeInfo {
  // Old Photo Station answers 408 on Album list for a missing folder; the Auth name would mislead.
  if (code === 408 && api !== undefined && api !== AUTH_API) {
    return { name: 'PHOTOSTATION_AUTH_LOGIN_DISABLE_ACCOUNT', message: 'no such file or directory (older Photo Station answer for a missing album)' };
  }
  return table[code] ?? { name: 'PHOTOSTATION_UNKNOWN_CODE', message: `Photo Station answered with error code ${code}` };
}

export interface PhotoStationErrorOptions {
  api?: string;
  method?: string;
  /** Replaces the table message; must not contain secrets. */
  message?: string;
  /** Appended to the table message, e.g. "HTTP 502". Must not contain secrets. */
  detail?: string;
  httpStatus?: number;
  /** Low-level cause code such as ECONNRESET or DEPTH_ZERO_SELF_SIGNED_CERT. */
  errno?: string;
  /** For login refusals: when the client will try to log in again (epoch ms). */
  retryAt?: number;
}

/**
 * The only error type the client throws. It deliberately carries no request data: the
 * parameters of a call may hold passwords, and error objects end up in logs and flows.
 */
export class PhotoStationError extends Error {
  override readonly name = 'PhotoStationError';
  readonly code: number;
  readonly codeName: string;
  readonly api: string | undefined;
  readonly method: string | undefined;
  readonly httpStatus: number | undefined;
  readonly errno: string | undefined;
  readonly retryAt: number | undefined;

  constructor(code: number, options: PhotoStationErrorOptions = {}) {
    const info = describeCode(code, options.api);
    let text = options.message ?? info.message;
    if (options.detail) text += ` (${options.detail})`;
    const where = options.api ? `${options.api}${options.method ? `.${options.method}` : ''}: ` : '';
    super(`${where}${text} [${info.name}, ${code}]`);
    this.code = code;
    this.codeName = info.name;
    this.api = options.api;
    this.method = options.method;
    this.httpStatus = options.httpStatus;
    this.errno = options.errno;
    this.retryAt = options.retryAt;
  }

  /** True for failures that are a Photo Station answer (codes below 1000). */
  get isServerError(): boolean {
    return this.code < 1000;
  }

  /** True when repeating the same read later may succeed. */
  get isTransient(): boolean {
    if (this.code === ClientErrorCode.NETWORK || this.code === ClientErrorCode.TIMEOUT || this.code === ClientErrorCode.BAD_RESPONSE) return true;
    return this.code === ClientErrorCode.HTTP && this.httpStatus !== undefined && this.httpStatus >= 500;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      codeName: this.codeName,
      message: this.message,
      api: this.api,
      method: this.method,
      httpStatus: this.httpStatus,
      errno: this.errno,
    };
  }
}

export function isPhotoStationError(e: unknown, code?: number): e is PhotoStationError {
  return e instanceof PhotoStationError && (code === undefined || e.code === code);
}
