import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { depthOf } from '../library';
import type { Grant } from '../model';
import type { ApiDefinition } from '../registry';
import { albumPath } from './common';

/** Grants live on level-1 and level-2 albums and apply to their subtree (spec §5.4). */
function grantAlbum(ctx: Ctx) {
  ctx.requireAdmin(E.PERMISSION_ACCESS_DENY);
  const id = ctx.param('id');
  if (!id) throw new ApiError(E.PERMISSION_BAD_PARAMS, 'missing id');
  let path: string;
  try {
    path = albumPath(ctx, id, { allowRoot: false, code: E.PERMISSION_BAD_PARAMS });
  } catch {
    throw new ApiError(E.PERMISSION_BAD_PARAMS, 'no such album');
  }
  if (depthOf(path) > 2) throw new ApiError(E.PERMISSION_BAD_PARAMS, 'grants only on level 1 and 2');
  return ctx.lib.albums.get(path)!;
}

function list(ctx: Ctx): object {
  const album = grantAlbum(ctx);
  const type = ctx.oneOf('type', ['user', 'group'] as const, E.PERMISSION_BAD_PARAMS);
  const items = album.grants.filter((g) => !type || g.type === type).map((g) => ({ ...g }));
  return { total: items.length, offset: items.length, items };
}

function parseChanges(ctx: Ctx): Grant[] {
  const text = ctx.param('changes');
  if (!text) throw new ApiError(E.PERMISSION_BAD_PARAMS, 'missing changes');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(E.PERMISSION_BAD_PARAMS, 'changes is not JSON');
  }
  if (!Array.isArray(raw) || raw.length > 1000) throw new ApiError(E.PERMISSION_BAD_PARAMS, 'changes must be an array');
  return raw.map((entry: unknown) => {
    const e = entry as Record<string, unknown>;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || (e.type !== 'user' && e.type !== 'group')) {
      throw new ApiError(E.PERMISSION_BAD_PARAMS, 'each change needs name and type');
    }
    const known = e.type === 'user' ? ctx.state.users.has(e.name) : ctx.state.groups.has(e.name);
    if (!known) throw new ApiError(E.PERMISSION_BAD_PARAMS, `unknown ${e.type}`);
    const flag = (k: string): boolean => {
      if (e[k] === undefined) return false;
      if (typeof e[k] !== 'boolean') throw new ApiError(E.PERMISSION_BAD_PARAMS, `${k} must be boolean`);
      return e[k] as boolean;
    };
    return { name: e.name, type: e.type, browse: flag('browse'), upload: flag('upload'), manage: flag('manage') };
  });
}

function edit(ctx: Ctx): undefined {
  const album = grantAlbum(ctx);
  const changes = parseChanges(ctx);
  for (const change of changes) {
    album.grants = album.grants.filter((g) => !(g.name === change.name && g.type === change.type));
    // A change with all three privileges off removes the grant.
    if (change.browse || change.upload || change.manage) album.grants.push(change);
  }
  ctx.lib.changeAlbum(album.path, ['grants']);
  return undefined;
}

export const permissionApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Permission', path: 'permission.php', minVersion: 1, maxVersion: 1,
  methods: { list, edit },
};

export const groupApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Group', path: 'group.php', minVersion: 1, maxVersion: 1,
  methods: {
    list: (ctx) => {
      ctx.requireLogin();
      const groups = [...ctx.state.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
      const page = ctx.page(groups);
      return {
        total: page.total, offset: page.offset,
        items: page.items.map((g) => ({
          name: g.name, description: g.description,
          members: [...ctx.state.users.values()].filter((u) => u.groups.includes(g.name)).map((u) => u.name),
        })),
      };
    },
  },
};
