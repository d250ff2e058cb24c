/**
 * The full reconcile: reads everything (album tree, every item with its tags, every share)
 * and compares it with the snapshot. It is the detector's guarantee; the probe only makes
 * the common cases fast.
 */
import { isAlbum } from '../photostation';
import { ChangeSet } from './diff';
import { effectiveHeadSize, headEntries } from './probe';
import type { AlbumRec, HeadEntry, ItemRec, ShareRec, Snapshot } from './snapshot';
import { type Source, albumChain, albumRec, itemRec, mapLimit, shareRec } from './source';

export interface ScanProgress {
  done: number;
  total: number;
}

export interface ScanResult {
  changes: ChangeSet;
  head: HeadEntry[];
}

export async function reconcile(
  source: Source,
  snap: Snapshot,
  headSize: number,
  onProgress?: (p: ScanProgress) => void,
): Promise<ScanResult> {
  // The head is read first: whatever changes during the scan then shows up as movement in
  // the next probe instead of hiding inside the baseline.
  const head = await source.head(effectiveHeadSize(snap, headSize, Date.now()));
  const lookedAt = Date.now();

  // The tree walk and the item listing are independent: overlapping them halves the time.
  const albums = new Map<string, AlbumRec>();
  const walk = async (): Promise<void> => {
    let frontier = [''];
    while (frontier.length > 0) {
      const next: string[] = [];
      await mapLimit(frontier, source.concurrency, async (id) => {
        for (const entry of await source.children(id, false)) {
          if (!isAlbum(entry)) continue;
          albums.set(entry.id, albumRec(entry));
          next.push(entry.id);
        }
      });
      frontier = next;
    }
  };

  let total = head.total;
  let listed = 0;
  let tagged = 0;
  const report = (): void => onProgress?.({ done: Math.floor((listed + tagged) / 2), total });
  const items = new Map<string, ItemRec>();
  const scanItems = async (): Promise<void> => {
    const list = await source.allItems((done, t) => {
      listed = done;
      total = t;
      report();
    });

    const tags = await source.tags(list.map((i) => i.id), snap.tags, (n) => {
      tagged += n;
      report();
    });
    for (const item of list) {
      const packed = tags.get(item.id);
      // Gone between the listing and the tag request: the next cycle reports it as removed.
      if (packed === undefined) continue;
      items.set(item.id, itemRec(item, packed));
    }
  };
  await Promise.all([walk(), scanItems()]);

  // An album created while the tree was walked can hold items we listed: ask for it directly.
  const unknown = new Set<string>();
  const dirs = new Set<string>();
  for (const id of items.keys()) {
    // Item ids share their album part: checking each distinct one once keeps 100,000 items cheap.
    const dir = id.slice(0, id.lastIndexOf('_'));
    if (dirs.has(dir)) continue;
    dirs.add(dir);
    for (const a of albumChain(id)) if (!albums.has(a)) unknown.add(a);
  }
  for (const [id, rec] of await source.albumInfo([...unknown])) if (rec) albums.set(id, rec);

  const shares = new Map<number, ShareRec>();
  const listedShares = await source.shares();
  await mapLimit(listedShares, source.concurrency, async (s) => {
    shares.set(s.id, shareRec(s, await source.shareItemCount(s.id)));
  });

  const changes = new ChangeSet(snap);
  for (const [id, rec] of albums) changes.setAlbum(id, rec);
  for (const id of snap.albums.keys()) if (!albums.has(id)) changes.setAlbum(id, null);
  for (const [id, rec] of items) changes.setItem(id, rec);
  for (const id of snap.items.keys()) if (!items.has(id)) changes.setItem(id, null);
  for (const [id, rec] of shares) changes.setShare(id, rec);
  for (const id of snap.shares.keys()) if (!shares.has(id)) changes.setShare(id, null);
  onProgress?.({ done: total, total });
  return { changes, head: headEntries(head.items, lookedAt) };
}
