/**
 * The Events contract of the design: the one definition of what the change detector emits.
 * Every face (Node-RED, MQTT, Homebridge, CLI) imports these types instead of redefining them.
 */
import { createHash } from 'node:crypto';
import type { ShareStatus } from '../photostation/share-status';

export const EVENT_NAMES = [
  'album.added',
  'album.removed',
  'album.changed',
  'photo.added',
  'photo.removed',
  'photo.changed',
  'share.added',
  'share.removed',
  'share.changed',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export type AlbumProtection = 'public' | 'private' | 'password';

/** An album reference as events carry it; the root album is `{ id: '', path: '' }`. */
export interface AlbumRef {
  id: string;
  path: string;
}

export interface AlbumFields {
  id: string;
  path: string;
  name: string;
  title: string;
  description: string;
  /** Protection; below level 2 the inherited value (spec §3.0.1). */
  type: AlbumProtection;
}

export interface PhotoFields {
  id: string;
  type: 'photo' | 'video';
  /** Path relative to the Photo Station root, e.g. "Family/2026/IMG_0001.JPG". */
  path: string;
  name: string;
  title: string;
  description: string;
  rating: number;
  tags: string[];
  people: string[];
  places: string[];
  /** "YYYY-MM-DD HH:MM:SS" as the NAS reports it. */
  takendate: string;
}

export interface ShareFields {
  /** The public share id (the part after /share/ in the link); "" until a link was ever made. */
  share_id: string;
  /** The shared album's integer id. */
  shared_album_id: number;
  name: string;
  /** The link a guest opens; "" when the album is not publicly shared. */
  url: string;
  /** valid, expired, not_started, or revoked (no public link). */
  status: ShareStatus;
  /** Validity window as the NAS stores it ("YYYY-MM-DD" or ""). */
  start: string;
  end: string;
  item_count: number;
  /** The link asks guests for a password. */
  password_protected: boolean;
}

interface EventBase<N extends EventName> {
  event: N;
  /** Stable: the same detected change carries the same id, also when re-delivered after a restart. */
  event_id: string;
  /** ISO time the change was detected. */
  at: string;
}

type Changes<F> = { before: Partial<F>; after: Partial<F> };

/** For album events `album` is the album itself (so one album filter matches its own events). */
export type AlbumEvent =
  | (EventBase<'album.added'> & AlbumFields & { album: AlbumRef; parent: AlbumRef })
  | (EventBase<'album.removed'> & AlbumFields & { album: AlbumRef; parent: AlbumRef })
  | (EventBase<'album.changed'> & AlbumFields & { album: AlbumRef; parent: AlbumRef } & Changes<AlbumFields>);

/** For photo events `album` is the album holding the item. */
export type PhotoEvent =
  | (EventBase<'photo.added'> & PhotoFields & { album: AlbumRef })
  | (EventBase<'photo.removed'> & PhotoFields & { album: AlbumRef })
  | (EventBase<'photo.changed'> & PhotoFields & { album: AlbumRef } & Changes<PhotoFields>);

/** `id` is the shared album id as a string, the same key the NAS uses. */
export type ShareEvent =
  | (EventBase<'share.added'> & ShareFields & { id: string })
  | (EventBase<'share.removed'> & ShareFields & { id: string })
  | (EventBase<'share.changed'> & ShareFields & { id: string } & Changes<ShareFields>);

export type StationEvent = AlbumEvent | PhotoEvent | ShareEvent;

export type EventOf<N extends EventName> = Extract<StationEvent, { event: N }>;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/**
 * Builds an event id from what identifies a detected change. `serial` is the detector's commit
 * counter, persisted with the snapshot: without it, A→B, B→A, A→B would give the third change
 * the id of the first and a consumer that de-duplicates by id would drop it.
 */
export function makeEventId(event: EventName, id: string, before: string, after: string, serial: number): string {
  return createHash('sha256').update(`${event}\n${id}\n${before}\n${after}\n${serial}`).digest('hex').slice(0, 24);
}
