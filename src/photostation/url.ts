/** Where the web API of a station lives: standard (/photo/webapi/) or personal (/~user/photo/webapi/). */
import { ClientErrorCode, PhotoStationError } from './errors';

export interface StationUrls {
  /** e.g. "https://nas:5001" */
  origin: string;
  /** Web UI root, e.g. "https://nas:5001/photo/" or "https://nas:5001/~alice/photo/". */
  webRoot: string;
  /** Web API root, e.g. "https://nas:5001/photo/webapi/". */
  baseUrl: string;
  /** Owner of a personal Photo Station, if this is one. */
  personal: string | undefined;
}

function invalid(message: string): PhotoStationError {
  return new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { message });
}

/**
 * Accepts "nas", "nas:5000", "http://nas:5000", ".../photo", ".../photo/webapi/",
 * ".../~alice/photo/webapi/"; `personal` selects /~<personal>/ when the URL has no path.
 * A scheme-less address means http, like the plugin's default server entry.
 */
export function resolveStationUrl(url: string, personal?: string): StationUrls {
  const raw = url.trim();
  if (raw === '') throw invalid('the station URL is empty');
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw invalid('the station URL is not a valid address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('the station URL must start with http:// or https://');
  // Credentials in a URL end up in logs and error messages; they belong in the options.
  if (u.username || u.password) throw invalid('put the user name and password in the options, not in the URL');
  let path = decodeURIComponent(u.pathname).replace(/\/+$/, '');
  path = path.replace(/\/webapi$/, '').replace(/\/photo$/, '');
  let owner = personal?.trim() || undefined;
  const tilde = /^\/~([^/]+)$/.exec(path);
  if (tilde) {
    if (owner !== undefined && owner !== tilde[1]) throw invalid('the URL names a different personal Photo Station than the "personal" option');
    owner = tilde[1];
  } else if (path !== '') {
    throw invalid('the station URL path must be empty, /photo, /photo/webapi or /~user/photo/webapi');
  }
  if (owner !== undefined && !/^[^/?#\s]+$/.test(owner)) throw invalid('invalid personal Photo Station owner name');
  const origin = `${u.protocol}//${u.host}`;
  const prefix = owner !== undefined ? `/~${encodeURIComponent(owner)}` : '';
  const webRoot = `${origin}${prefix}/photo/`;
  return { origin, webRoot, baseUrl: `${webRoot}webapi/`, personal: owner };
}

/**
 * Puts a URL the NAS produced (a share link) onto the address we know the NAS by: the NAS
 * often names itself by an internal host name or a QuickConnect address (spec Q18).
 */
export function rebaseUrl(serverUrl: string, origin: string): string {
  try {
    const u = new URL(serverUrl, origin);
    return `${origin.replace(/\/+$/, '')}${u.pathname}${u.search}${u.hash}`;
  } catch {
    return serverUrl;
  }
}
