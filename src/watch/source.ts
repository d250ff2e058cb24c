/**
 * Everything the detector reads from the NAS, through the client, turned into snapshot
 * records. Counts its own requests so status() and the benchmark can report the cost of a poll.
 */
import {
  type Album, type AlbumEntry, type Item, type Page, type PhotoListParams, type PhotoStationClient, type SharedAlbum,
  albumId, isPhotoStationError, itemPath, parentAlbumId,
} from '../photostation';
import { shareStatusOf } from '../photostation/share-status';
import type { AlbumProtection } from './events';
import { type AlbumRec, type ItemRec, type ShareRec, type TagDictionary, parseTaken } from './snapshot';

/** Photo list by mtime is what makes the probe cheap; the spec lists it for Album list only. */
const BY_MTIME: NonNullable<PhotoListParams['sort_by']> = 'mtime';

/**
 * A listing that names one object twice is a NAS (or proxy) gone wrong. Trusting it would report every
 * object it left out as removed; failing the cycle keeps the snapshot until a sane answer comes.
 */
function distinct<T extends { id: unknown }>(entries: T[], what: string): T[] {
  if (new Set(entries.map((e) => e.id)).size !== entries.length) {
    throw new Error(`the NAS listed the same ${what} more than once; not trusting this answer`);
  }
  return entries;
}

export interface SourceOptions {
  /** Items per Photo list page during a sweep. */
  pageSize?: number;
  /** Item ids per PhotoTag list request. */
  tagBatch?: number;
  /** Requests in flight at once during a reconcile. */
  concurrency?: number;
}

export interface HeadItem {
  id: string;
  mtime: number;
  item: Item;
}

export class Source {
  requests = 0;
  readonly pageSize: number;
  readonly tagBatch: number;
  readonly concurrency: number;
  /** Set when the NAS refuses sort_by=mtime on Photo list; the probe then watches uploads by createdate. */
  headSort: 'mtime' | 'createdate' = 'mtime';

  constructor(readonly client: PhotoStationClient, options: SourceOptions = {}) {
    this.pageSize = options.pageSize ?? 5000;
    this.tagBatch = options.tagBatch ?? 400;
    this.concurrency = options.concurrency ?? 6;
  }

  async #count<T>(call: () => Promise<T>): Promise<T> {
    this.requests++;
    return call();
  }

  /** The most recently changed items and the number of items in the library (one request). */
  async head(size: number): Promise<{ total: number; items: HeadItem[] }> {
    const params: PhotoListParams = { offset: 0, limit: size, type: ['photo', 'video'], sort_direction: 'dsc', additional: ['thumb_size'] };
    let page;
    try {
      page = await this.#count(() => this.client.photo.list({ ...params, sort_by: this.headSort === 'mtime' ? BY_MTIME : 'createdate' }));
    } catch (err) {
      if (this.headSort !== 'mtime' || !isPhotoStationError(err) || !err.isServerError || err.code === 105) throw err;
      this.headSort = 'createdate';
      page = await this.#count(() => this.client.photo.list({ ...params, sort_by: 'createdate' }));
    }
    return { total: page.total, items: distinct(page.items, 'item').map((item) => ({ id: item.id, mtime: thumbMtime(item), item })) };
  }

  /** Sub-albums of one album ('' = root), optionally with its items. */
  async children(id: string, withItems: boolean): Promise<AlbumEntry[]> {
    const out: AlbumEntry[] = [];
    for (let offset = 0; ; ) {
      const page = await this.#count(() =>
        this.client.album.list({ id, offset, limit: this.pageSize, type: withItems ? ['album', 'photo', 'video'] : ['album'] }),
      );
      out.push(...page.items);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return distinct(out, 'album');
    }
  }

  /** Every shared album with its link state (one request for any normal number of shares). */
  async shares(): Promise<SharedAlbum[]> {
    const out: SharedAlbum[] = [];
    for (let offset = 0; ; ) {
      const page = await this.#count(() => this.client.sharedAlbum.list({ offset, limit: 500, additional: ['public_share'] }));
      out.push(...page.items);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return distinct(out, 'shared album');
    }
  }

  async shareItemCount(id: number): Promise<number> {
    const page = await this.#count(() => this.client.photo.list({ offset: 0, limit: 1, filter_shared_album: id }));
    return page.total;
  }

  /**
   * Every item. The first page tells the total; the rest are fetched in parallel. An item
   * moving between pages during the listing is caught by the next cycle, as with any listing.
   */
  async allItems(onPage?: (done: number, total: number) => void): Promise<Item[]> {
    const list = (offset: number): Promise<Page<Item>> =>
      this.#count(() => this.client.photo.list({ offset, limit: this.pageSize, sort_by: 'filename', sort_direction: 'asc' }));
    const first = await list(0);
    const pages: Item[][] = [first.items];
    let done = first.items.length;
    onPage?.(done, first.total);
    const offsets: number[] = [];
    for (let o = first.items.length; first.items.length > 0 && o < first.total; o += this.pageSize) offsets.push(o);
    await mapLimit(offsets, this.concurrency, async (offset) => {
      const page = await list(offset);
      pages[1 + offsets.indexOf(offset)] = page.items;
      done += page.items.length;
      onPage?.(done, first.total);
    });
    return distinct(pages.flat(), 'item');
  }

  /**
   * Packed tags of the given items. An item deleted meanwhile makes the whole batch fail
   * (469), so a failing batch is split until the culprit is alone; it is left out of the answer.
   */
  async tags(ids: readonly string[], dict: TagDictionary, onBatch?: (n: number) => void): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += this.tagBatch) batches.push(ids.slice(i, i + this.tagBatch));
    const run = async (batch: string[]): Promise<void> => {
      try {
        const groups = await this.#count(() => this.client.photoTag.list(batch, { type: ['desc', 'people', 'geo'] }));
        for (const g of groups) out.set(g.photoId, dict.encode(g.tags));
        onBatch?.(batch.length);
      } catch (err) {
        if (!isPhotoStationError(err) || err.code !== 469) throw err;
        if (batch.length === 1) return;
        const mid = batch.length >> 1;
        await run(batch.slice(0, mid));
        await run(batch.slice(mid));
      }
    };
    await mapLimit(batches, this.concurrency, run);
    return out;
  }

  /**
   * Records of the given albums, undefined for those that no longer exist. One request for
   * all of them; a missing one fails the whole call (101), then each is asked alone.
   */
  async albumInfo(ids: readonly string[]): Promise<Map<string, AlbumRec | undefined>> {
    const out = new Map<string, AlbumRec | undefined>();
    if (ids.length === 0) return out;
    try {
      const albums = await this.#count(() => this.client.album.getInfo(ids, { ignore: ['thumbnail'] }));
      for (const a of albums) out.set(a.id, albumRec(a));
      return out;
    } catch (err) {
      if (!isPhotoStationError(err) || ![101, 417].includes(err.code) || ids.length === 1) {
        if (ids.length === 1 && isPhotoStationError(err) && [101, 417].includes(err.code)) {
          out.set(ids[0]!, undefined);
          return out;
        }
        throw err;
      }
    }
    await mapLimit([...ids], this.concurrency, async (id) => {
      const one = await this.albumInfo([id]);
      out.set(id, one.get(id));
    });
    return out;
  }
}

// ------------------------------------------------------------------ API objects → records

export function albumRec(a: Album): AlbumRec {
  return [str(a.info?.title), str(a.info?.description), protection(a.info?.type)];
}

export function itemRec(item: Item, tags: string): ItemRec {
  const i = item.info;
  return [str(i?.title), str(i?.description), typeof i?.rating === 'number' ? i.rating : 0, parseTaken(i?.takendate), tags];
}

export function shareRec(s: SharedAlbum, count: number): ShareRec {
  const p = s.additional?.public_share;
  const url = str(p?.public_share_url) || str(s.public_share_url);
  return [
    str(p?.shareid),
    str(s.name),
    shareStatusOf(p?.share_status),
    str(p?.start_time),
    str(p?.end_time),
    count,
    url,
    p?.enable_password === true,
  ];
}

/** Album ids of an item's album and all its ancestors, nearest first (root excluded). */
export function albumChain(itemId: string): string[] {
  const out: string[] = [];
  for (let id = albumId(itemPath(itemId).dir); id !== ''; id = parentAlbumId(id)) out.push(id);
  return out;
}

function thumbMtime(item: Item): number {
  const sizes = item.additional?.thumb_size;
  const m = sizes?.small?.mtime ?? sizes?.large?.mtime ?? sizes?.preview?.mtime;
  return typeof m === 'number' ? m : -1;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function protection(v: unknown): AlbumProtection {
  return v === 'private' || v === 'password' ? v : 'public';
}

/** Runs `fn` over `list` with at most `limit` calls in flight; the first failure wins. */
export async function mapLimit<T>(list: readonly T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < list.length) {
      const x = list[next++]!;
      try {
        await fn(x);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
  if (failed !== undefined) throw failed;
}
