/**
 * Turns observations into events. A ChangeSet collects what one poll saw, compares each
 * observation with the snapshot and only touches the snapshot when the detector commits,
 * so a poll that fails half-way leaves no trace.
 */
import type { AlbumFields, PhotoFields, ShareFields, StationEvent, EventName } from './events';
import { makeEventId } from './events';
import {
  type AlbumRec, type ItemRec, type ShareRec, type Snapshot,
  albumFields, albumRefOfItem, fingerprint, itemFields, parentRefOfAlbum, shareFields,
} from './snapshot';

type Pending<K, V> = Map<K, V | null>;

/** Order within one batch: containers appear before their contents and vanish after them. */
const ORDER: Record<EventName, number> = {
  'album.added': 0,
  'album.changed': 1,
  'photo.added': 2,
  'photo.changed': 3,
  'photo.removed': 4,
  'album.removed': 5,
  'share.added': 6,
  'share.changed': 7,
  'share.removed': 8,
};

export class ChangeSet {
  readonly albums: Pending<string, AlbumRec> = new Map();
  readonly items: Pending<string, ItemRec> = new Map();
  readonly shares: Pending<number, ShareRec> = new Map();

  constructor(readonly snapshot: Snapshot) {}

  album(id: string): AlbumRec | undefined {
    const p = this.albums.get(id);
    return p === null ? undefined : p ?? this.snapshot.albums.get(id);
  }

  item(id: string): ItemRec | undefined {
    const p = this.items.get(id);
    return p === null ? undefined : p ?? this.snapshot.items.get(id);
  }

  share(id: number): ShareRec | undefined {
    const p = this.shares.get(id);
    return p === null ? undefined : p ?? this.snapshot.shares.get(id);
  }

  get size(): number {
    return this.albums.size + this.items.size + this.shares.size;
  }

  /** Item count once this change set is applied. */
  itemCount(): number {
    let n = this.snapshot.items.size;
    for (const [id, rec] of this.items) {
      const had = this.snapshot.items.has(id);
      if (rec === null && had) n--;
      else if (rec !== null && !had) n++;
    }
    return n;
  }

  /** Observed albums/items/shares; equal records are dropped so an unchanged object costs nothing. */
  setAlbum(id: string, rec: AlbumRec | null): void {
    if (same(this.snapshot.albums.get(id), rec)) this.albums.delete(id);
    else this.albums.set(id, rec);
  }

  setItem(id: string, rec: ItemRec | null): void {
    if (same(this.snapshot.items.get(id), rec)) this.items.delete(id);
    else this.items.set(id, rec);
  }

  setShare(id: number, rec: ShareRec | null): void {
    if (same(this.snapshot.shares.get(id), rec)) this.shares.delete(id);
    else this.shares.set(id, rec);
  }

  /** Removes an album and everything the snapshot knows below it (no request needed). */
  removeSubtree(id: string, path: string): void {
    const prefix = `${path}/`;
    for (const itemId of this.snapshot.items.keys()) {
      if (albumRefOfItem(itemId).path === path || albumRefOfItem(itemId).path.startsWith(prefix)) this.setItem(itemId, null);
    }
    for (const albumId of this.snapshot.albums.keys()) {
      const p = parentRefOfAlbum(albumId);
      if (albumId === id || p.path === path || p.path.startsWith(prefix)) this.setAlbum(albumId, null);
    }
  }

  /** The events this change set means, in a deterministic order, with ids for commit `serial`. */
  events(at: string, serial: number): StationEvent[] {
    const out: StationEvent[] = [];
    const snap = this.snapshot;
    for (const [id, after] of this.albums) {
      const before = snap.albums.get(id);
      const ev = diffRecords(
        'album', id, before, after, serial, at,
        (r) => albumFields(id, r),
        (f) => ({ ...f, album: { id, path: f.path }, parent: parentRefOfAlbum(id) }),
      );
      if (ev) out.push(ev);
    }
    for (const [id, after] of this.items) {
      const before = snap.items.get(id);
      const ev = diffRecords(
        'photo', id, before, after, serial, at,
        (r) => itemFields(id, r, snap.tags),
        (f) => ({ ...f, album: albumRefOfItem(id) }),
      );
      if (ev) out.push(ev);
    }
    for (const [id, after] of this.shares) {
      const before = snap.shares.get(id);
      const ev = diffRecords(
        'share', String(id), before, after, serial, at,
        (r) => shareFields(id, r),
        (f) => ({ ...f, id: String(id) }),
      );
      if (ev) out.push(ev);
    }
    // Deeper albums first on removal, shallower first on addition: a consumer can mirror the tree.
    const depth = (e: StationEvent): number => ('path' in e && typeof e.path === 'string' ? e.path.split('/').length : 0);
    return out.sort((a, b) => {
      const o = ORDER[a.event] - ORDER[b.event];
      if (o !== 0) return o;
      const d = a.event === 'album.removed' ? depth(b) - depth(a) : depth(a) - depth(b);
      if (d !== 0) return d;
      const ka = eventKey(a);
      const kb = eventKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  /** Writes the observations into the snapshot. */
  apply(): void {
    const snap = this.snapshot;
    for (const [id, rec] of this.albums) {
      if (rec === null) snap.albums.delete(id);
      else snap.albums.set(id, rec);
    }
    for (const [id, rec] of this.items) {
      if (rec === null) snap.items.delete(id);
      else snap.items.set(id, rec);
    }
    for (const [id, rec] of this.shares) {
      if (rec === null) snap.shares.delete(id);
      else snap.shares.set(id, rec);
    }
  }
}

function eventKey(e: StationEvent): string {
  return 'path' in e && typeof e.path === 'string' ? e.path : String(e.id);
}

function same(a: readonly unknown[] | undefined | null, b: readonly unknown[] | undefined | null): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Fields = AlbumFields | PhotoFields | ShareFields;

function diffRecords<R extends readonly unknown[], F extends Fields>(
  kind: 'album' | 'photo' | 'share',
  id: string,
  before: R | undefined,
  after: R | null,
  serial: number,
  at: string,
  fields: (r: R) => F,
  decorate: (f: F) => object,
): StationEvent | undefined {
  if (before === undefined && after === null) return undefined;
  const name = `${kind}.${before === undefined ? 'added' : after === null ? 'removed' : 'changed'}` as EventName;
  const event_id = makeEventId(name, id, fingerprint(before), fingerprint(after ?? undefined), serial);
  if (after === null) return { event: name, event_id, at, ...decorate(fields(before!)) } as StationEvent;
  const now = fields(after);
  if (before === undefined) return { event: name, event_id, at, ...decorate(now) } as StationEvent;
  const old = fields(before);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(now) as Array<keyof F>) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) {
      b[key as string] = old[key];
      a[key as string] = now[key];
    }
  }
  if (Object.keys(a).length === 0) return undefined;
  return { event: name, event_id, at, ...decorate(now), before: b, after: a } as StationEvent;
}
