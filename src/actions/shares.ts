import { isPhotoStationError } from '../photostation/errors';
import { albumId, itemPath } from '../photostation/ids';
import type { PublicShareInfo, SharedAlbum } from '../photostation/types';
import type { ShareRecord } from '../station/memory';
import { fetchAlbum } from './albums';
import { type ActionContext, defineAction } from './define';
import { ActionError, invalidInput } from './errors';
import type { AlbumRef } from './schema';
import { shareResult, type ShareResult } from './views';

const CHUNK = 200;
/** share.list looks up item counts and albums for this many links at most. */
const DETAILED = 200;

/** The NAS keeps link windows in whole days (spec §3.5); the station adds the exact time itself. */
const day = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10));

interface Found {
  shared: SharedAlbum;
  share: PublicShareInfo | undefined;
}

async function allShared(ctx: ActionContext): Promise<Found[]> {
  const out: Found[] = [];
  for await (const shared of ctx.client.sharedAlbum.iterate({ additional: ['public_share'] })) {
    out.push({ shared, share: shared.additional?.public_share });
  }
  return out;
}

/** The shared album behind a public share id, looked up through what the station remembers or a listing. */
async function findShare(ctx: ActionContext, shareId: string): Promise<Found> {
  const record = ctx.memory.share(shareId);
  if (record) {
    try {
      const shared = await ctx.client.sharedAlbum.getInfo(record.shared_album_id, ['public_share']);
      const share = shared.additional?.public_share;
      if (share?.shareid === shareId) return { shared, share };
    } catch (err) {
      if (!isPhotoStationError(err)) throw err;
    }
  }
  const found = (await allShared(ctx)).find((f) => f.share?.shareid === shareId);
  if (!found) throw new ActionError('not_found', `share ${shareId} does not exist (or belongs to another account)`);
  return found;
}

/** How many items a shared album holds, and the album its first item lives in. */
async function contents(ctx: ActionContext, sharedId: number): Promise<{ count: number; album?: { id: string; path: string } }> {
  const page = await ctx.client.photo.list({ filter_shared_album: sharedId, type: ['photo', 'video'], offset: 0, limit: 1 });
  const first = page.items[0];
  if (!first) return { count: page.total };
  const { dir } = itemPath(first.id);
  return { count: page.total, album: { id: albumId(dir), path: dir } };
}

/**
 * The album a link shares: what the station recorded when it made the link, else the album of its photos.
 * So every face recognises a link made by another one (or in the web UI).
 */
async function withAlbum(ctx: ActionContext, sharedId: number, record: ShareRecord | undefined): Promise<{ count: number; album?: { id: string; path: string } }> {
  const found = await contents(ctx, sharedId);
  return record?.album ? { ...found, album: record.album } : found;
}

async function describe(ctx: ActionContext, sharedId: number, withCount = true): Promise<ShareResult> {
  const shared = await ctx.client.sharedAlbum.getInfo(sharedId, ['public_share']);
  const share = shared.additional?.public_share;
  const record = share?.shareid ? ctx.memory.share(share.shareid) : undefined;
  if (!withCount) return shareResult(ctx.client, { ...shared, share }, record, ctx.now());
  const { count, album } = await withAlbum(ctx, sharedId, record);
  return { ...shareResult(ctx.client, { ...shared, share }, record, ctx.now(), count), ...(album ? { album } : {}) };
}

/** Adds ids in chunks so that a large album does not become one enormous request. */
async function addItems(ctx: ActionContext, sharedId: number, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await ctx.client.sharedAlbum.addItems(sharedId, ids.slice(i, i + CHUNK));
    ctx.progress?.({ step: 'adding items', done: Math.min(i + CHUNK, ids.length), total: ids.length });
  }
}

function window(input: { start?: number; end?: number; lifetime?: number }, now: number, base?: ShareRecord) {
  if (input.end !== undefined && input.lifetime !== undefined) throw invalidInput('lifetime', 'give either end or lifetime, not both');
  const start = input.start ?? base?.start;
  const end = input.end ?? (input.lifetime !== undefined ? (input.start ?? now) + input.lifetime : base?.end);
  if (end !== undefined && end <= (start ?? now)) throw invalidInput(input.end !== undefined ? 'end' : 'lifetime', 'the link would end before it starts');
  return { start, end };
}

const windowFields = {
  start: { type: 'date', description: 'the link works from (ISO 8601 or epoch seconds); now when absent' },
  end: { type: 'date', description: 'the link stops working at (or give lifetime)' },
  lifetime: { type: 'duration', description: 'how long the link works, such as 7d or 12h (instead of end)' },
} as const;

type WindowInput = { start?: number; end?: number; lifetime?: number };

export const shareCreate = defineAction({
  name: 'share.create',
  group: 'share',
  description: 'Make a public link for an album or a set of photos, optionally with a password and a time window; answers the URL a guest opens.',
  writes: true,
  oneOf: [['album', 'items']],
  input: {
    album: { type: 'album', description: 'share the photos and videos of this album' },
    items: { type: 'items', description: 'or share these photos/videos (ids)', max: 10_000 },
    name: { type: 'string', description: 'name of the shared album; the album title when absent', min: 1, max: 255 },
    password: { type: 'string', description: 'guests need this password to open the link', secret: true, min: 1, max: 255 },
    ...windowFields,
  },
  async run(ctx, input: WindowInput & { album?: AlbumRef; items?: string[]; name?: string; password?: string }) {
    const now = ctx.now();
    const { start, end } = window(input, now);
    let ids = input.items ?? [];
    let name = input.name;
    if (input.album) {
      const album = await fetchAlbum(ctx, input.album);
      name ??= album.info.title || album.info.name;
      ids = [];
      for await (const item of ctx.client.photo.iterate({ filter_album: input.album.id, type: ['photo', 'video'] }, { pageSize: 1000 })) {
        ids.push(item.id);
      }
    }
    const base: string = name ?? `Shared photos ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')}`;
    let shareName = base;
    // Names are unique per owner on the NAS (553): a second link for the same album gets a numbered name.
    let created: { id: number } | undefined;
    for (let n = 1; !created; n++) {
      const candidate: string = n === 1 ? base : `${base} (${n})`;
      try {
        created = await ctx.client.sharedAlbum.create(candidate);
        shareName = candidate;
      } catch (err) {
        if (!(isPhotoStationError(err) && err.code === 553 && n < 100)) throw err;
      }
    }
    try {
      await addItems(ctx, created.id, ids);
      const result = await ctx.client.sharedAlbum.editPublicShare(created.id, {
        is_shared: true, start_time: day(start), end_time: day(end),
        enable_password: input.password !== undefined, ...(input.password !== undefined ? { password: input.password } : {}),
      });
      ctx.memory.setShare(result.shareid, {
        shared_album_id: created.id, name: shareName, created_at: now, start, end,
        ...(input.album ? { album: { id: input.album.id, path: input.album.path } } : {}),
      });
    } catch (err) {
      // Leave no half-made shared album behind.
      await ctx.client.sharedAlbum.delete(created.id).catch(() => undefined);
      throw err;
    }
    return describe(ctx, created.id);
  },
});

export const shareUpdate = defineAction({
  name: 'share.update',
  group: 'share',
  description: 'Change a public link: its name, password, time window, or the photos in it.',
  writes: true,
  input: {
    share_id: { type: 'share', description: 'the share id that share.create answered', required: true },
    name: { type: 'string', description: 'new name', min: 1, max: 255 },
    password: { type: 'string', description: 'new link password', secret: true, min: 1, max: 255 },
    remove_password: { type: 'boolean', description: 'open the link without a password' },
    add_items: { type: 'items', description: 'photo/video ids to add', max: 10_000 },
    remove_items: { type: 'items', description: 'photo/video ids to remove', max: 10_000 },
    ...windowFields,
  },
  async run(ctx, input: WindowInput & { share_id: string; name?: string; password?: string; remove_password?: boolean; add_items?: string[]; remove_items?: string[] }) {
    if (input.password !== undefined && input.remove_password) throw invalidInput('remove_password', 'cannot be combined with password');
    const { shared } = await findShare(ctx, input.share_id);
    const record = ctx.memory.share(input.share_id);
    const { start, end } = window(input, ctx.now(), record);
    if (input.name !== undefined && input.name !== shared.name) await ctx.client.sharedAlbum.edit(shared.id, input.name);
    if (input.add_items) await addItems(ctx, shared.id, input.add_items);
    if (input.remove_items) await ctx.client.sharedAlbum.removeItems(shared.id, input.remove_items);
    const windowChanged = input.start !== undefined || input.end !== undefined || input.lifetime !== undefined;
    if (windowChanged || input.password !== undefined || input.remove_password) {
      await ctx.client.sharedAlbum.editPublicShare(shared.id, {
        ...(windowChanged ? { start_time: day(start), end_time: day(end) } : {}),
        ...(input.password !== undefined ? { enable_password: true, password: input.password } : {}),
        ...(input.remove_password ? { enable_password: false } : {}),
      });
    }
    ctx.memory.setShare(input.share_id, {
      shared_album_id: shared.id, name: input.name ?? shared.name, created_at: record?.created_at ?? ctx.now(),
      start, end, ...(record?.album ? { album: record.album } : {}),
    });
    return describe(ctx, shared.id);
  },
});

async function revokeOne(ctx: ActionContext, found: Found, remove: boolean): Promise<{ share_id: string; status: 'revoked'; deleted: boolean }> {
  const shareId = found.share?.shareid ?? '';
  if (remove) await ctx.client.sharedAlbum.delete(found.shared.id);
  else await ctx.client.sharedAlbum.editPublicShare(found.shared.id, { is_shared: false });
  if (remove) ctx.memory.setShare(shareId, undefined);
  return { share_id: shareId, status: 'revoked', deleted: remove };
}

export const shareRevoke = defineAction({
  name: 'share.revoke',
  group: 'share',
  description: 'Stop a public link (share_id), or every active link older than a duration (older_than, e.g. 7d). delete also removes the shared album.',
  writes: true,
  oneOf: [['share_id', 'older_than']],
  input: {
    share_id: { type: 'share', description: 'the share id to revoke' },
    older_than: { type: 'duration', description: 'or revoke every active link made longer ago than this, e.g. 7d' },
    delete: { type: 'boolean', description: 'also delete the shared album (the photos stay)', default: false },
  },
  async run(ctx, input: { share_id?: string; older_than?: number; delete: boolean }) {
    if (input.share_id !== undefined) return revokeOne(ctx, await findShare(ctx, input.share_id), input.delete);
    const now = ctx.now();
    const revoked: string[] = [];
    for (const found of await allShared(ctx)) {
      const shareId = found.share?.shareid;
      if (!shareId || found.share?.share_status === 'invalid') continue;
      const record = ctx.memory.share(shareId);
      if (!record) {
        // A link made elsewhere: its age counts from when the station first saw it (docs/actions.md).
        ctx.memory.setShare(shareId, { shared_album_id: found.shared.id, name: found.shared.name, created_at: now });
        continue;
      }
      if (now - record.created_at >= input.older_than!) {
        await revokeOne(ctx, found, input.delete);
        revoked.push(shareId);
      }
    }
    return { revoked, count: revoked.length, status: 'revoked' };
  },
});

export const shareList = defineAction({
  name: 'share.list',
  group: 'share',
  description: 'The public links of this account (all of them for administrators).',
  writes: false,
  input: {
    status: { type: 'enum', values: ['all', 'valid', 'expired', 'not_started', 'revoked'], description: 'only links in this state', default: 'all' },
  },
  async run(ctx, input: { status: string }) {
    const now = ctx.now();
    const listed: Array<{ share: ShareResult; id: number; record: ShareRecord | undefined }> = [];
    for (const f of await allShared(ctx)) {
      const record = f.share?.shareid ? ctx.memory.share(f.share.shareid) : undefined;
      const share = shareResult(ctx.client, { ...f.shared, share: f.share }, record, now);
      if (input.status === 'all' || share.status === input.status) listed.push({ share, id: f.shared.id, record });
    }
    // Item counts and albums cost one request per link: a few at a time, and only for the first
    // DETAILED links, so that a NAS with thousands of links answers in bounded time (docs/actions.md).
    const detailed = listed.slice(0, DETAILED);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(4, detailed.length) }, async () => {
      while (next < detailed.length) {
        const entry = detailed[next++];
        const { count, album } = await withAlbum(ctx, entry.id, entry.record);
        entry.share = { ...entry.share, items: count, ...(album ? { album } : {}) };
      }
    }));
    return { shares: listed.map((e) => e.share), total: listed.length };
  },
});

export const shareGet = defineAction({
  name: 'share.get',
  group: 'share',
  description: 'One public link with its URL, state, window and number of items.',
  writes: false,
  input: { share_id: { type: 'share', description: 'the share id', required: true } },
  async run(ctx, input: { share_id: string }) {
    return describe(ctx, (await findShare(ctx, input.share_id)).shared.id);
  },
});
