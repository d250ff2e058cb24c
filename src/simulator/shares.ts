import { randomBytes } from 'node:crypto';
import { parseDate } from './clock';
import type { Ctx } from './context';
import { ApiError, E } from './errors';
import type { SharedAlbum } from './model';

export type ShareStatus = 'valid' | 'expired' | 'not_started' | 'invalid';

/** An opaque link id (spec §2.1): 8 URL-safe characters, never one already in use. */
export function newShareId(taken: (id: string) => boolean = () => false): string {
  for (;;) {
    const id = randomBytes(6).toString('base64url');
    if (!taken(id)) return id;
  }
}

/**
 * A window bound of `edit_public_share`: `YYYY-MM-DD` as the plugin's UI enforces it, optionally with a time
 * (`HH:MM[:SS]`); impossible days such as `2026-02-31` are refused rather than rolled over.
 */
export function isShareDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return false;
  const seconds = parseDate(text);
  if (seconds === undefined) return false;
  const d = new Date(seconds * 1000);
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3])
    && d.getUTCHours() === Number(m[4] ?? 0) && d.getUTCMinutes() === Number(m[5] ?? 0)
    && d.getUTCSeconds() === Number(m[6] ?? 0);
}

/** Spec §5.9 choice: valid while shared and inside the window; a bare end day lasts until its end. */
export function shareStatus(shared: SharedAlbum, nowSeconds: number): ShareStatus {
  const s = shared.share;
  if (!s.isShared || !s.shareid) return 'invalid';
  const start = s.startTime ? parseDate(s.startTime) : undefined;
  const endDay = s.endTime ? parseDate(s.endTime) : undefined;
  const end = endDay !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s.endTime.trim()) ? endDay + 86399 : endDay;
  if (start !== undefined && nowSeconds < start) return 'not_started';
  if (end !== undefined && nowSeconds > end) return 'expired';
  return 'valid';
}

export const shareUrl = (ctx: Ctx, shareid: string): string => `${ctx.origin}${ctx.basePath}/share/${shareid}`;

/**
 * The shared album a visitor reaches through `public_share_id` / `filter_public_share`: unknown links answer
 * `unknownCode`; links outside their window, revoked, or asking for a password that is missing or wrong, 551
 * (the shared album's owner and administrators need no link password).
 */
export function visitorShare(ctx: Ctx, shareid: string, unknownCode: number): SharedAlbum {
  // Never-published shared albums carry the empty share id: it names no link.
  const shared = shareid === '' ? undefined : ctx.lib.sharedByShareId(shareid);
  if (!shared) throw new ApiError(unknownCode, 'unknown share');
  if (shareStatus(shared, ctx.now) !== 'valid') throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY, 'share not valid');
  // The owner and administrators manage the link: like album passwords (spec §5.3 choice), the link
  // password is asked of everybody else only.
  const manages = !!ctx.user && (ctx.user.name === shared.owner || ctx.caller.admin);
  if (shared.share.enablePassword && !manages && ctx.param('password') !== shared.share.password) {
    throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY, 'share password');
  }
  return shared;
}

/** The shared album with this integer id that the caller may manage: its owner or an admin (spec §5.4). */
export function ownedShared(ctx: Ctx, idText: string | undefined): SharedAlbum {
  if (idText === undefined || !/^\d{1,9}$/.test(idText)) throw new ApiError(E.SHARED_ALBUM_BAD_PARAMS, 'bad id');
  const user = ctx.requireLogin();
  const shared = ctx.lib.sharedAlbums.get(Number(idText));
  if (!shared) throw new ApiError(E.SHARED_ALBUM_NOT_EXISTS);
  if (shared.owner !== user.name && !ctx.caller.admin) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY);
  return shared;
}
