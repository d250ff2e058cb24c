import { canBrowse, isVisible } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { parseId } from '../ids';
import { parentOf } from '../library';
import type { Item } from '../model';
import { isVisibleNow } from '../search';

/**
 * The album an `id`-like parameter names, as a path ('' = root when allowed). A malformed id answers `code`;
 * a missing album answers 101 to a caller who may see its parent and 417 otherwise (spec §1.6 choice).
 */
export function albumPath(ctx: Ctx, value: string | undefined, opts: { allowRoot: boolean; code?: number }): string {
  const code = opts.code ?? E.BAD_REQUEST;
  if (value === undefined || value === '') {
    if (opts.allowRoot) return '';
    throw new ApiError(code, 'album id missing');
  }
  const parsed = parseId(value);
  if (parsed?.kind !== 'album') throw new ApiError(code, 'not an album id');
  if (!ctx.lib.albums.has(parsed.path)) {
    // Administrators always learn that it does not exist (PS 6.6: 101); others only when they may read the
    // nearest album that does exist above it, so that nothing leaks out of private or password albums.
    let parent = parentOf(parsed.path);
    while (parent !== '' && !ctx.lib.albums.has(parent)) parent = parentOf(parent);
    const seesParent = ctx.caller.admin || canBrowse(ctx.lib, ctx.caller, parent, ctx.param('password'));
    throw new ApiError(seesParent ? E.BAD_REQUEST : E.ALBUM_NO_ACCESS_RIGHT, 'no such album');
  }
  return parsed.path;
}

/** Items named by a csv parameter; unknown ids are dropped unless `strict` (then `code`). */
export function itemsFromCsv(ctx: Ctx, name: string, code: number, strict: boolean): Item[] {
  const ids = ctx.csv(name);
  if (!ids.length) throw new ApiError(code, `missing ${name}`);
  const items: Item[] = [];
  for (const id of ids) {
    const parsed = parseId(id);
    if (!parsed || (parsed.kind !== 'photo' && parsed.kind !== 'video')) throw new ApiError(code, 'not an item id');
    const item = ctx.lib.itemByIdParam(id);
    if (item && isListed(ctx, item)) items.push(item);
    else if (strict) throw new ApiError(code, 'no such item');
  }
  return items;
}

/** A fresh upload stays out of listings until the configured indexing delay has passed (spec §3.15.3). */
export const isListed = (ctx: Ctx, item: Item): boolean =>
  isVisibleNow(item, ctx.state.clock.now(), ctx.state.config.indexingDelayMs);

export const visibleChildAlbums = (ctx: Ctx, path: string) =>
  ctx.lib.childAlbums(path).filter((a) => isVisible(ctx.lib, ctx.caller, a.path));
