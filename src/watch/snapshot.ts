/**
 * The detector's memory of the library: one small tuple per album, item and share.
 *
 * 100,000 items must fit in a few tens of megabytes, so records are arrays (no per-object
 * property names), tags are interned into one dictionary and stored as a short string of
 * dictionary indices, and dates are numbers. Only what events report is kept.
 */
import { shareStatusOf } from '../photostation/share-status';
import { albumId, itemPath, parentAlbumId, albumPath } from '../photostation';
import type { AlbumFields, AlbumProtection, PhotoFields, ShareFields } from './events';

/** [title, description, type] */
export type AlbumRec = [title: string, description: string, type: AlbumProtection];

/** [title, description, rating, takendate (epoch s, -1 unknown), tag indices "3,17" sorted] */
export type ItemRec = [title: string, description: string, rating: number, taken: number, tags: string];

/** [shareid, name, status, start, end, itemCount, url, passwordProtected] */
export type ShareRec = [shareId: string, name: string, status: string, start: string, end: string, count: number, url: string, password: boolean];

/**
 * An item near the top of "Photo list sorted by mtime" at the last look; mtime (seconds) -1
 * when the NAS hides it. `hot` marks an item whose mtime was within a couple of seconds of
 * that look: a second change in the same second would leave both its place and its mtime
 * unchanged, so the next probe reads it again.
 */
export type HeadEntry = [id: string, mtime: number, hot: 0 | 1];

export type TagKind = 'desc' | 'people' | 'geo';
const KIND_CODE: Record<TagKind, string> = { desc: 'd', people: 'p', geo: 'g' };

/** Interned tags: "d:Beach" → index, so 100,000 items share one copy of each name. */
export class TagDictionary {
  readonly names: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(names: readonly string[] = []) {
    for (const n of names) this.intern(n);
  }

  intern(key: string): number {
    let i = this.#index.get(key);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(key);
      this.#index.set(key, i);
    }
    return i;
  }

  /** Encodes a tag list into the record form; order-insensitive so a re-ordered answer is no change. */
  encode(tags: ReadonlyArray<{ type: TagKind; name: string }>): string {
    if (tags.length === 0) return '';
    const idx = [...new Set(tags.map((t) => this.intern(`${KIND_CODE[t.type] ?? 'd'}:${t.name}`)))];
    return idx.sort((a, b) => a - b).join(',');
  }

  decode(packed: string): { tags: string[]; people: string[]; places: string[] } {
    const out = { tags: [] as string[], people: [] as string[], places: [] as string[] };
    if (packed === '') return out;
    for (const part of packed.split(',')) {
      const key = this.names[Number(part)];
      if (key === undefined) continue;
      const name = key.slice(2);
      if (key.startsWith('p:')) out.people.push(name);
      else if (key.startsWith('g:')) out.places.push(name);
      else out.tags.push(name);
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }
}

export class Snapshot {
  /** Album id → record. The root album is not stored: it cannot be added, removed or changed. */
  readonly albums = new Map<string, AlbumRec>();
  /** Item id → record. */
  readonly items = new Map<string, ItemRec>();
  /** Shared album id → record. */
  readonly shares = new Map<number, ShareRec>();
  tags = new TagDictionary();
  /** The mtime-ordered head of the item list when it was last looked at (probe baseline). */
  head: HeadEntry[] = [];
  /** Commits so far; part of every event id (see makeEventId). */
  serial = 0;
  lastPollAt = 0;
  lastReconcileAt = 0;

  counts(): { albums: number; items: number; shares: number } {
    return { albums: this.albums.size, items: this.items.size, shares: this.shares.size };
  }
}

// ------------------------------------------------------------------ conversions to event fields

export function albumFields(id: string, rec: AlbumRec): AlbumFields {
  const path = albumPath(id);
  return { id, path, name: path.slice(path.lastIndexOf('/') + 1), title: rec[0], description: rec[1], type: rec[2] };
}

export function itemFields(id: string, rec: ItemRec, tags: TagDictionary): PhotoFields {
  const p = itemPath(id);
  const decoded = tags.decode(rec[4]);
  return {
    id,
    type: p.kind,
    path: p.path,
    name: p.file,
    title: rec[0],
    description: rec[1],
    rating: rec[2],
    ...decoded,
    takendate: formatTaken(rec[3]),
  };
}

export function shareFields(id: number, rec: ShareRec): ShareFields {
  return {
    share_id: rec[0],
    shared_album_id: id,
    name: rec[1],
    url: rec[6],
    status: shareStatusOf(rec[2]),
    start: rec[3],
    end: rec[4],
    item_count: rec[5],
    password_protected: rec[7],
  };
}

export function albumRefOfItem(id: string): { id: string; path: string } {
  const dir = itemPath(id).dir;
  return { id: albumId(dir), path: dir };
}

export function parentRefOfAlbum(id: string): { id: string; path: string } {
  const parent = parentAlbumId(id);
  return { id: parent, path: parent === '' ? '' : albumPath(parent) };
}

// ------------------------------------------------------------------ dates

/** "YYYY-MM-DD HH:MM:SS" (NAS local time, no zone) ↔ seconds, treated as UTC so it round-trips. */
export function parseTaken(text: string | undefined): number {
  if (!text) return -1;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return -1;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
}

export function formatTaken(seconds: number): string {
  if (seconds < 0) return '';
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Fingerprint of a record for event ids: the record itself is small and canonical. */
export function fingerprint(rec: readonly unknown[] | undefined): string {
  return rec === undefined ? '' : JSON.stringify(rec);
}
