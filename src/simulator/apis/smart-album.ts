import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { smartIdOf } from '../ids';
import type { ApiDefinition } from '../registry';
import { CRITERIA_PARAMS, itemPredicate } from '../search';
import type { SmartAlbum } from '../model';

/** The condition parameters present in the request, stored verbatim (spec §5.10 choice). */
function conditionOf(ctx: Ctx): Record<string, string> {
  const condition: Record<string, string> = {};
  for (const name of CRITERIA_PARAMS) {
    const v = ctx.param(name);
    if (v !== undefined && v !== '') condition[name] = v;
  }
  // Validate now: a malformed date or a tag that does not exist is refused at create time (450).
  itemPredicate(ctx.lib, (n) => condition[n], E.SMARTALBUM_CREATE_FAIL, E.SMARTALBUM_TAG_NOT_EXIST);
  return condition;
}

const view = (smart: SmartAlbum): object => ({ id: smart.id, type: 'smart', name: smart.name, condition: { ...smart.condition } });

function byIds(ctx: Ctx): SmartAlbum[] {
  const ids = ctx.csv('id');
  if (!ids.length) throw new ApiError(E.BAD_REQUEST, 'missing id');
  return ids.map((id) => {
    const smart = ctx.lib.smartAlbums.get(id);
    if (!smart) throw new ApiError(E.SMARTALBUM_NOT_EXIST);
    return smart;
  });
}

function list(ctx: Ctx): object {
  const all = [...ctx.lib.smartAlbums.values()].sort((a, b) => a.name.localeCompare(b.name));
  const page = ctx.page(all);
  return { total: page.total, offset: page.offset, items: page.items.map(view) };
}

function create(ctx: Ctx): object {
  const name = ctx.need('name');
  ctx.requireAdmin(E.SMARTALBUM_ACCESS_DENY);
  const id = smartIdOf(name);
  if (ctx.lib.smartAlbums.has(id)) throw new ApiError(E.SMARTALBUM_CREATE_FAIL_EXIST);
  if (name.length > 255) throw new ApiError(E.SMARTALBUM_CREATE_FAIL);
  ctx.lib.smartAlbums.set(id, { id, name, condition: conditionOf(ctx) });
  ctx.lib.version++;
  return { id };
}

function edit(ctx: Ctx): object {
  ctx.need('id');
  ctx.requireAdmin(E.SMARTALBUM_ACCESS_DENY);
  const [smart] = byIds(ctx);
  const condition = conditionOf(ctx);
  const name = ctx.param('name');
  let id = smart.id;
  if (name !== undefined && name !== '' && name !== smart.name) {
    id = smartIdOf(name);
    if (ctx.lib.smartAlbums.has(id)) throw new ApiError(E.SMARTALBUM_EDIT_FAIL, 'name taken');
    ctx.lib.smartAlbums.delete(smart.id);
    smart.id = id;
    smart.name = name;
    ctx.lib.smartAlbums.set(id, smart);
  }
  // Condition parameters given in an edit replace the stored condition as a whole.
  if (Object.keys(condition).length) smart.condition = condition;
  ctx.lib.version++;
  return { id };
}

function remove(ctx: Ctx): undefined {
  ctx.need('id');
  ctx.requireAdmin(E.SMARTALBUM_ACCESS_DENY);
  for (const smart of byIds(ctx)) ctx.lib.smartAlbums.delete(smart.id);
  ctx.lib.version++;
  return undefined;
}

export const smartAlbumApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.SmartAlbum', path: 'smart_album.php', minVersion: 1, maxVersion: 1,
  methods: {
    list, create, edit, delete: remove,
    getinfo: (ctx) => ({ items: byIds(ctx).map(view) }),
  },
};
