/** Paging over offset/total (spec §1.5) as pages and as async iterators. */
import { ClientErrorCode, PhotoStationError } from './errors';
import type { Page, PagingOptions } from './types';

export const DEFAULT_PAGE_SIZE = 500;

/** Builds a Page from a list answer whose entries live under `key` ("items", "tags" …). */
export function toPage<T>(
  data: unknown, key: string, requestOffset: number, ctx: { api: string; method: string },
  checkItems?: (items: readonly unknown[], ctx: { api: string; method: string }) => T[],
): Page<T> {
  const obj = (data ?? {}) as Record<string, unknown>;
  // A listing without its list is a broken answer, not an empty album: taking it for "nothing there"
  // would make a watcher report everything removed. Only an explicit total of 0 may leave it out.
  if (obj[key] === undefined && obj.total !== 0) {
    throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail: `no "${key}" list in the answer` });
  }
  const items = obj[key] ?? [];
  if (!Array.isArray(items)) {
    throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail: `"${key}" is not a list` });
  }
  const total = typeof obj.total === 'number' ? obj.total : requestOffset + items.length;
  const offset = typeof obj.offset === 'number' ? obj.offset : requestOffset + items.length;
  return { total, offset, items: checkItems ? checkItems(items, ctx) : (items as T[]) };
}

/**
 * Yields every page of a list. The next offset is the request offset plus the
 * entries received — what the server's `offset` means per spec §1.5 — computed locally so a
 * server that reports only the page size cannot send us back to the start. Stops at `total`
 * or at an empty page, whichever comes first, so a shrinking list cannot loop forever.
 */
export async function* paginatePages<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  options: PagingOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { message: 'pageSize must be a positive integer' });
  }
  let offset = options.offset ?? 0;
  for (;;) {
    const page = await fetchPage(offset, limit);
    if (page.items.length === 0) return;
    yield page.items;
    offset += page.items.length;
    if (offset >= page.total) return;
  }
}

/**
 * The same, entry by entry: handy, but every entry is a step of an async iterator (about a
 * microsecond each); bulk readers of large lists take whole pages from `paginatePages`.
 */
export async function* paginate<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  options: PagingOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const items of paginatePages(fetchPage, options)) yield* items;
}

/** Collects an iterator into an array (handy for small lists). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}
