/**
 * The cheap probe: three requests when nothing changed.
 *
 *  1. Photo list sorted by mtime, newest first, top `headSize` items, with the total count.
 *     A changed or new item jumps to the front; comparing the order and the visible fields
 *     with the previous head tells which items changed since the last look.
 *  2. Album list of the root: first-level albums (added, removed, title, description, type).
 *  3. SharedAlbum list: every share with its link state and window.
 *
 * Follow-up requests only when something moved: the tags of the changed items (one
 * request), the albums holding new items (one), a new first-level album's subtree, the
 * item count of a changed share, and an item sweep when the total does not add up
 * (something was deleted where the head cannot show it).
 */
import { type Item, albumId, albumPath, isAlbum, itemPath } from '../photostation';
import { ChangeSet } from './diff';
import type { HeadEntry, ItemRec, Snapshot } from './snapshot';
import { type HeadItem, type Source, albumChain, albumRec, itemRec, shareRec } from './source';

export interface ProbeResult {
  changes: ChangeSet;
  head: HeadEntry[];
  /** Set when the probe cannot vouch for its answer; the detector then runs a full reconcile. */
  escalate?: string;
}

export async function probe(source: Source, snap: Snapshot, headSize: number): Promise<ProbeResult> {
  const limit = effectiveHeadSize(snap, headSize, Date.now());
  // Independent reads: in parallel, an idle poll takes as long as its slowest request.
  const [head, rootEntries, shares] = await Promise.all([source.head(limit), source.children('', false), source.shares()]);
  const lookedAt = Date.now();
  const roots = rootEntries.filter(isAlbum);

  const changes = new ChangeSet(snap);
  const newHead = headEntries(head.items, lookedAt);

  const suspects = changedPrefix(head.items, snap);
  if (suspects.length === head.items.length && head.items.length >= limit && head.total > limit) {
    return { changes, head: newHead, escalate: `more than ${limit} items changed since the last poll` };
  }

  // First-level albums: removals take their whole known subtree with them, without a request.
  const rootIds = new Set<string>();
  const newRoots: string[] = [];
  for (const album of roots) {
    rootIds.add(album.id);
    if (!snap.albums.has(album.id)) newRoots.push(album.id);
    changes.setAlbum(album.id, albumRec(album));
  }
  for (const id of snap.albums.keys()) {
    const path = albumPath(id);
    if (!path.includes('/') && !rootIds.has(id)) changes.removeSubtree(id, path);
  }

  // A new first-level album arrives with whatever is already inside it.
  const fresh = new Map<string, Item>();
  let frontier = newRoots;
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const entry of await source.children(id, true)) {
        if (isAlbum(entry)) {
          changes.setAlbum(entry.id, albumRec(entry));
          next.push(entry.id);
        } else fresh.set(entry.id, entry);
      }
    }
    frontier = next;
  }
  for (const s of suspects) fresh.set(s.id, s.item);
  for (const h of hotItems(head.items, snap)) if (!fresh.has(h.id)) fresh.set(h.id, h.item);

  await addItems(source, changes, fresh);

  // Items that vanished leave no trace in the head; the total gives them away.
  if (head.total !== changes.itemCount()) await sweep(source, changes);

  // Shares: the list shows everything but the item count, which is read again only when
  // the share is new or changed (items added to a share otherwise wait for the reconcile).
  const listed = new Set<number>();
  for (const s of shares) {
    listed.add(s.id);
    const old = snap.shares.get(s.id);
    const candidate = shareRec(s, old?.[5] ?? 0);
    if (old && candidate.every((v, i) => v === old[i])) continue;
    candidate[5] = await source.shareItemCount(s.id);
    changes.setShare(s.id, candidate);
  }
  for (const id of snap.shares.keys()) if (!listed.has(id)) changes.setShare(id, null);

  return { changes, head: newHead };
}

/**
 * The head items that changed since the previous head was taken. In mtime order every
 * changed item stands before every unchanged one, so once one item is known to have
 * changed, all items in front of it have too. An item is known changed when it is new, its
 * visible fields or thumbnail time differ, or it overtook an item that used to be ahead.
 * Items at the tail that were below the previous head (they moved up because something above
 * was deleted) are not changes.
 */
export function changedPrefix(items: readonly HeadItem[], snap: Snapshot): HeadItem[] {
  const prev = new Map<string, { at: number; mtime: number; hot: boolean }>();
  snap.head.forEach(([id, mtime, hot], at) => prev.set(id, { at, mtime, hot: hot === 1 }));
  let seenPrevious = false;
  let minAhead = Infinity;
  for (let i = items.length - 1; i >= 0; i--) {
    const h = items[i]!;
    const rec = snap.items.get(h.id);
    const before = prev.get(h.id);
    let changed: boolean;
    if (!rec || visibleDiffers(rec, h.item)) changed = true;
    else if (!before) changed = seenPrevious;
    else changed = before.at > minAhead || (h.mtime >= 0 && before.mtime >= 0 && h.mtime !== before.mtime);
    if (changed) return items.slice(0, i + 1);
    if (before) {
      seenPrevious = true;
      minAhead = Math.min(minAhead, before.at);
    }
  }
  return [];
}

/**
 * Items that were "hot" at the previous look (changed within its second). Read again
 * because a further change in that same second moves neither their place nor their mtime.
 * Unlike a known change this says nothing about the items in front of them.
 */
export function hotItems(items: readonly HeadItem[], snap: Snapshot): HeadItem[] {
  const hot = new Set(snap.head.filter((e) => e[2] === 1).map((e) => e[0]));
  return hot.size === 0 ? [] : items.filter((h) => hot.has(h.id));
}

const MAX_HEAD = 5000;

/**
 * Items dated in the future (a wrong clock, imported files) stay in front of every real
 * change in mtime order and would push it out of the head. The head grows past them, by
 * twice their number so that it catches up within a poll or two.
 */
export function effectiveHeadSize(snap: Snapshot, headSize: number, nowMs: number): number {
  const ahead = Math.floor(nowMs / 1000) + HOT_AHEAD_SECONDS;
  const pinned = snap.head.filter((e) => e[1] > ahead).length;
  return Math.min(MAX_HEAD, headSize + 2 * pinned);
}

/**
 * A re-change is invisible only within the second of the previous one (after that the
 * mtime differs); one more second of slack covers a NAS clock slightly behind ours. Items
 * dated far ahead of our clock (a wrong NAS clock, imported files) would otherwise stay hot
 * for ever and cost a request on every poll, so a minute ahead is the limit.
 */
const HOT_BEHIND_SECONDS = 1;
const HOT_AHEAD_SECONDS = 60;

export function headEntries(items: readonly HeadItem[], lookedAtMs: number): HeadEntry[] {
  const now = Math.floor(lookedAtMs / 1000);
  return items.map((h) => [h.id, h.mtime, h.mtime >= now - HOT_BEHIND_SECONDS && h.mtime <= now + HOT_AHEAD_SECONDS ? 1 : 0]);
}

function visibleDiffers(rec: ItemRec, item: Item): boolean {
  const fresh = itemRec(item, rec[4]);
  return fresh.some((v, i) => v !== rec[i]);
}

/** Reads tags (and unknown albums) for items seen as new or changed and records them. */
async function addItems(source: Source, changes: ChangeSet, items: Map<string, Item>): Promise<void> {
  if (items.size === 0) return;
  const tags = await source.tags([...items.keys()], changes.snapshot.tags);
  const unknown = new Set<string>();
  for (const [id, item] of items) {
    const packed = tags.get(id);
    if (packed === undefined) continue;
    changes.setItem(id, itemRec(item, packed));
    for (const a of albumChain(id)) if (!changes.album(a)) unknown.add(a);
  }
  for (const [id, rec] of await source.albumInfo([...unknown])) if (rec) changes.setAlbum(id, rec);
}

/** Lists every item (no tags) to find removals and changes the head could not show. */
async function sweep(source: Source, changes: ChangeSet): Promise<void> {
  const all = await source.allItems();
  const seen = new Set<string>();
  const fresh = new Map<string, Item>();
  for (const item of all) {
    seen.add(item.id);
    const rec = changes.item(item.id);
    if (!rec || visibleDiffers(rec, item)) fresh.set(item.id, item);
  }
  const emptied = new Set<string>();
  for (const id of changes.snapshot.items.keys()) {
    if (seen.has(id) || changes.items.get(id) === null) continue;
    changes.setItem(id, null);
    emptied.add(albumId(itemPath(id).dir));
  }
  await addItems(source, changes, fresh);
  // An album that lost items may be gone itself: one getinfo tells.
  emptied.delete('');
  const asked = [...emptied].filter((id) => changes.album(id));
  for (const [id, rec] of await source.albumInfo(asked)) {
    if (!rec) changes.removeSubtree(id, albumPath(id));
  }
}
