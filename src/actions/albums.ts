import { isPhotoStationError } from '../photostation/errors';
import { albumId } from '../photostation/ids';
import type { Album, AlbumType, PermissionEntry } from '../photostation/types';
import { type ActionContext, defineAction } from './define';
import { ActionError, invalidInput } from './errors';
import type { AlbumRef } from './schema';
import { albumResult, type AlbumResult } from './views';

const TYPES = ['public', 'private', 'password'] as const;

export async function fetchAlbum(ctx: ActionContext, ref: AlbumRef): Promise<Album> {
  return ctx.client.album.get(ref.id, { additional: ['item_count'] });
}

/** Only level-1 and level-2 albums carry a type; deeper ones inherit it (spec §5.2). */
function assertTypable(ref: AlbumRef): void {
  if (ref.path.split('/').length > 2) {
    const owner = ref.path.split('/').slice(0, 2).join('/');
    throw invalidInput('album', `protection can only be set on level-1 and level-2 albums; ${ref.path} takes the type of ${owner}`);
  }
}

/** Changes the type and keeps what `album.toggle_password` needs to undo a password lock. */
async function setType(ctx: ActionContext, ref: AlbumRef, type: AlbumType, password?: string): Promise<AlbumResult & { previous_type?: AlbumType }> {
  assertTypable(ref);
  const before = await fetchAlbum(ctx, ref);
  const current = before.info.type;
  await ctx.client.album.edit(ref.id, type === 'password' ? { type, password } : { type });
  if (type === 'password' && current !== 'password') ctx.memory.setPreviousType(ref.path, current);
  if (type !== 'password') ctx.memory.setPreviousType(ref.path, undefined);
  return albumResult(ctx.client, await fetchAlbum(ctx, ref));
}

const album = { type: 'album', description: 'the album, by id (album_…) or path (Family/2026)', required: true } as const;

export const albumList = defineAction({
  name: 'album.list',
  group: 'album',
  description: 'List the albums inside an album (the top level when no parent is given).',
  writes: false,
  input: {
    parent: { type: 'album', description: 'the album whose sub-albums to list; the top level when absent' },
    limit: { type: 'integer', description: 'at most this many albums', min: 1, max: 5000, default: 500 },
    offset: { type: 'integer', description: 'skip this many albums', min: 0, default: 0 },
  },
  async run(ctx, input: { parent?: AlbumRef; limit: number; offset: number }) {
    const page = await ctx.client.album.list({
      id: input.parent?.id ?? '', type: ['album'], offset: input.offset, limit: input.limit, additional: ['item_count'],
    });
    return {
      albums: page.items.filter((a): a is Album => a.type === 'album').map((a) => albumResult(ctx.client, a)),
      total: page.total,
    };
  },
});

export const albumGet = defineAction({
  name: 'album.get',
  group: 'album',
  description: 'An album with its title, protection, item counts and the type it goes back to when unlocked.',
  writes: false,
  input: { album },
  async run(ctx, input: { album: AlbumRef }) {
    const result: AlbumResult & { previous_type?: AlbumType } = albumResult(ctx.client, await fetchAlbum(ctx, input.album));
    const previous = ctx.memory.previousType(input.album.path);
    if (previous && result.type === 'password') result.previous_type = previous;
    return result;
  },
});

export const albumCreate = defineAction({
  name: 'album.create',
  group: 'album',
  description: 'Create an album (inside `parent`, or at the top level).',
  writes: true,
  input: {
    name: { type: 'string', description: 'folder name of the new album', required: true, min: 1, max: 255 },
    parent: { type: 'album', description: 'the album to create it in; the top level when absent' },
    title: { type: 'string', description: 'display title (administrators only, as are type and password)', max: 1000 },
    description: { type: 'string', description: 'description', max: 10_000 },
    type: { type: 'enum', values: TYPES, description: 'protection (level-1 and level-2 albums only)' },
    password: { type: 'string', description: 'album password, with type password', secret: true, min: 1, max: 255 },
  },
  async run(ctx, input: { name: string; parent?: AlbumRef; title?: string; description?: string; type?: AlbumType; password?: string }) {
    if (/[/\\]/.test(input.name) || input.name.startsWith('@') || input.name.trim() !== input.name) {
      throw invalidInput('name', 'a folder name may not contain "/" or "\\", start with "@", or start or end with spaces');
    }
    if (input.type === 'password' && !input.password) throw invalidInput('password', 'is required with type password');
    const path = input.parent ? `${input.parent.path}/${input.name}` : input.name;
    if (input.type && path.split('/').length > 2) throw invalidInput('type', 'only level-1 and level-2 albums carry a protection type');
    await ctx.client.album.create({
      name: input.name, parent: input.parent?.id ?? '', title: input.title, description: input.description,
      type: input.type, password: input.type === 'password' ? input.password : undefined,
    });
    return albumResult(ctx.client, await fetchAlbum(ctx, { id: albumId(path), path }));
  },
});

export const albumDelete = defineAction({
  name: 'album.delete',
  group: 'album',
  description: 'Delete an album with everything in it.',
  writes: true,
  input: { album },
  async run(ctx, input: { album: AlbumRef }) {
    await fetchAlbum(ctx, input.album);
    await ctx.client.album.delete(input.album.id);
    ctx.memory.setPreviousType(input.album.path, undefined);
    return { id: input.album.id, path: input.album.path, deleted: true };
  },
});

export const albumSetProtection = defineAction({
  name: 'album.set_protection',
  group: 'album',
  description: 'Make an album public, private, or password protected (level-1 and level-2 albums; administrators only).',
  writes: true,
  input: {
    album,
    type: { type: 'enum', values: TYPES, description: 'public, private or password', required: true },
    password: { type: 'string', description: 'the album password, needed with type password', secret: true, min: 1, max: 255 },
  },
  async run(ctx, input: { album: AlbumRef; type: AlbumType; password?: string }) {
    if (input.type === 'password' && !input.password) throw invalidInput('password', 'is required with type password');
    return setType(ctx, input.album, input.type, input.password);
  },
});

export const albumTogglePassword = defineAction({
  name: 'album.toggle_password',
  group: 'album',
  description: 'Lock an album with a password (enabled: true) or unlock it back to the type it had before (enabled: false).',
  writes: true,
  input: {
    album,
    enabled: { type: 'boolean', description: 'true locks, false unlocks', required: true },
    password: { type: 'string', description: 'the album password, needed to lock', secret: true, min: 1, max: 255 },
  },
  async run(ctx, input: { album: AlbumRef; enabled: boolean; password?: string }) {
    assertTypable(input.album);
    const current = (await fetchAlbum(ctx, input.album)).info.type;
    if (input.enabled) {
      if (!input.password) throw invalidInput('password', 'is required to lock an album');
      const result = await setType(ctx, input.album, 'password', input.password);
      return { ...result, previous_type: ctx.memory.previousType(input.album.path) ?? (current === 'password' ? 'private' : current) };
    }
    if (current !== 'password') return { ...albumResult(ctx.client, await fetchAlbum(ctx, input.album)), previous_type: current };
    // Unknown history (locked elsewhere): private is the safe way back (docs/actions.md).
    const previous = ctx.memory.previousType(input.album.path) ?? 'private';
    const result = await setType(ctx, input.album, previous);
    return { ...result, previous_type: 'password' as const };
  },
});

const grantInput = {
  album,
  user: { type: 'string', description: 'the user name (or give group)', min: 1, max: 255 },
  group: { type: 'string', description: 'the group name (or give user)', min: 1, max: 255 },
  browse: { type: 'boolean', description: 'see the album' },
  upload: { type: 'boolean', description: 'add photos and sub-albums' },
  manage: { type: 'boolean', description: 'change the album and its items' },
} as const;

type GrantInput = { album: AlbumRef; user?: string; group?: string; browse?: boolean; upload?: boolean; manage?: boolean };

/** Grants live on level-1 and level-2 albums; the Permission API takes whole entries, so merge. */
async function changeGrant(ctx: ActionContext, input: GrantInput, grant: boolean) {
  if (input.album.path.split('/').length > 2) {
    throw invalidInput('album', 'privileges can only be set on level-1 and level-2 albums');
  }
  const name = (input.user ?? input.group)!;
  const type = input.user !== undefined ? 'user' : 'group';
  const named = (['browse', 'upload', 'manage'] as const).filter((k) => input[k] === true);
  // Nothing named: grant means browse, revoke means everything.
  const keys = named.length ? named : grant ? (['browse'] as const) : (['browse', 'upload', 'manage'] as const);
  await fetchAlbum(ctx, input.album);
  const current = await ctx.client.permission.list(input.album.id);
  const existing = current.find((e) => e.name === name && e.type === type) ?? { name, type, browse: false, upload: false, manage: false };
  const next: PermissionEntry = { ...existing };
  for (const k of keys) next[k] = grant;
  try {
    await ctx.client.permission.edit(input.album.id, [next]);
  } catch (err) {
    // 426: the NAS knows no such user or group.
    if (isPhotoStationError(err) && err.code === 426) throw new ActionError('not_found', `${type} ${name} does not exist on the station`, { field: type, stationCode: 426 });
    throw err;
  }
  const grants = await ctx.client.permission.list(input.album.id);
  return { album: { id: input.album.id, path: input.album.path }, grants };
}

export const albumGrant = defineAction({
  name: 'album.grant',
  group: 'album',
  description: 'Give a user or group the browse, upload and/or manage privilege on an album (browse when none is named).',
  writes: true,
  input: grantInput,
  oneOf: [['user', 'group']],
  run: (ctx, input: GrantInput) => changeGrant(ctx, input, true),
});

export const albumRevoke = defineAction({
  name: 'album.revoke',
  group: 'album',
  description: 'Take privileges on an album away from a user or group (all of them when none is named).',
  writes: true,
  input: grantInput,
  oneOf: [['user', 'group']],
  run: (ctx, input: GrantInput) => changeGrant(ctx, input, false),
});
