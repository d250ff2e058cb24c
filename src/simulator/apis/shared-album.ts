import { canBrowse } from '../access';
import { formatDate } from '../clock';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import type { Item, PublicShare, SharedAlbum } from '../model';
import type { ApiDefinition } from '../registry';
import { isShareDate, newShareId, ownedShared, shareStatus, shareUrl, visitorShare } from '../shares';
import { itemsFromCsv } from './common';

const DEFAULT_LABELS = ['red', 'yellow', 'green', '', 'blue', 'purple'];

export function emptyShare(): PublicShare {
  return {
    shareid: '', isShared: false, startTime: '', endTime: '', isAdvanced: false, enablePassword: false, password: '',
    enableMarqueeTool: false, enableComment: false, enableColorLabel: false, colorLabels: [...DEFAULT_LABELS],
  };
}

/** The §3.0.4 object; the link password itself is never part of it. */
export function sharedView(ctx: Ctx, shared: SharedAlbum, withShare: boolean): Record<string, unknown> {
  const s = shared.share;
  const url = s.shareid ? shareUrl(ctx, s.shareid) : '';
  const view: Record<string, unknown> = { id: shared.id, name: shared.name, public_share_url: s.isShared ? url : '' };
  if (withShare) {
    const advanced: Record<string, unknown> = {
      enable_marquee_tool: s.enableMarqueeTool, enable_comment: s.enableComment, enable_color_label: s.enableColorLabel,
    };
    s.colorLabels.forEach((label, i) => { advanced[`color_label_${i + 1}`] = label; });
    view.additional = {
      public_share: {
        shareid: s.shareid,
        share_status: shareStatus(shared, ctx.now),
        start_time: s.startTime,
        end_time: s.endTime,
        public_share_url: s.isShared ? url : '',
        enable_password: s.enablePassword,
        is_advanced: s.isAdvanced,
        advanced_info: advanced,
      },
    };
  } else {
    view.additional = null;
  }
  return view;
}

function visible(ctx: Ctx): SharedAlbum[] {
  const user = ctx.requireLogin();
  return [...ctx.lib.sharedAlbums.values()].filter((s) => s.owner === user.name || ctx.caller.admin);
}

function list(ctx: Ctx): object {
  const withShare = ctx.csv('additional').includes('public_share');
  const page = ctx.page(visible(ctx).sort((a, b) => a.id - b.id), E.SHARED_ALBUM_BAD_PARAMS);
  return { total: page.total, offset: page.offset, items: page.items.map((s) => sharedView(ctx, s, withShare)) };
}

function create(ctx: Ctx): object {
  const name = ctx.need('name', E.SHARED_ALBUM_BAD_PARAMS);
  const user = ctx.requireLogin();
  if ([...ctx.lib.sharedAlbums.values()].some((s) => s.owner === user.name && s.name === name)) {
    throw new ApiError(E.SHARED_ALBUM_HAS_EXISTED);
  }
  // Items given at creation obey the rules of add_items: browsable, each once; checked before anything is stored.
  const items = ctx.param('item_id') ? browsableItems(ctx) : [];
  const shared: SharedAlbum = {
    id: ctx.lib.newSharedId(), owner: user.name, name, uids: [...new Set(items.map((i) => i.uid))], share: emptyShare(),
    labels: new Map(), log: [], publicComments: [], mtime: ctx.state.clock.now(),
  };
  ctx.lib.sharedAlbums.set(shared.id, shared);
  ctx.lib.record('share.added', String(shared.id));
  return { id: shared.id };
}

function changed(ctx: Ctx, shared: SharedAlbum, fields: string[]): void {
  shared.mtime = ctx.state.clock.now();
  ctx.lib.record('share.changed', String(shared.id), undefined, fields);
}

function edit(ctx: Ctx): undefined {
  const shared = ownedShared(ctx, ctx.param('id'));
  const name = ctx.need('name', E.SHARED_ALBUM_BAD_PARAMS);
  if (name !== shared.name) {
    if ([...ctx.lib.sharedAlbums.values()].some((s) => s !== shared && s.owner === shared.owner && s.name === name)) {
      throw new ApiError(E.SHARED_ALBUM_HAS_EXISTED);
    }
    shared.name = name;
    changed(ctx, shared, ['name']);
  }
  return undefined;
}

function remove(ctx: Ctx): undefined {
  const ids = ctx.csv('id');
  if (!ids.length) throw new ApiError(E.SHARED_ALBUM_BAD_PARAMS);
  for (const id of ids) {
    const shared = ownedShared(ctx, id);
    ctx.lib.sharedAlbums.delete(shared.id);
    ctx.lib.record('share.removed', String(shared.id));
  }
  return undefined;
}

/** The items of `item_id` (unknown ids dropped); 551 if the caller may not browse one of them (spec §3.5). */
function browsableItems(ctx: Ctx): Item[] {
  const items = itemsFromCsv(ctx, 'item_id', E.SHARED_ALBUM_BAD_PARAMS, false);
  if (items.some((i) => !canBrowse(ctx.lib, ctx.caller, i.album))) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY);
  return items;
}

function addItems(ctx: Ctx): undefined {
  const shared = ownedShared(ctx, ctx.param('id'));
  const items = browsableItems(ctx);
  const before = shared.uids.length;
  for (const item of items) if (!shared.uids.includes(item.uid)) shared.uids.push(item.uid);
  if (shared.uids.length !== before) changed(ctx, shared, ['items']);
  return undefined;
}

function removeItems(ctx: Ctx): undefined {
  const shared = ownedShared(ctx, ctx.param('id'));
  const uids = new Set(itemsFromCsv(ctx, 'item_id', E.SHARED_ALBUM_BAD_PARAMS, false).map((i) => i.uid));
  const before = shared.uids.length;
  shared.uids = shared.uids.filter((uid) => !uids.has(uid));
  if (shared.uids.length !== before) changed(ctx, shared, ['items']);
  return undefined;
}

/**
 * Absent attributes stay as they are (spec §3.5 choice): the plugin re-sends everything on each edit.
 * Every attribute is read and checked before anything changes: a refused edit leaves the share untouched.
 */
function editPublicShare(ctx: Ctx): object {
  const shared = ownedShared(ctx, ctx.param('id'));
  const user = ctx.requireLogin();
  const bool = (name: string): boolean | undefined => ctx.bool(name, E.SHARED_ALBUM_BAD_PARAMS);
  const isShared = bool('is_shared');
  if (isShared && !ctx.caller.admin && !user.allowPublicShare) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY);
  const date = (key: string): string | undefined => {
    const v = ctx.param(key);
    if (v !== undefined && v !== '' && !isShareDate(v)) throw new ApiError(E.SHARED_ALBUM_BAD_PARAMS, `${key} must be YYYY-MM-DD`);
    return v;
  };
  const s = shared.share;
  const next: PublicShare = {
    ...s,
    colorLabels: [...s.colorLabels],
    startTime: date('start_time') ?? s.startTime,
    endTime: date('end_time') ?? s.endTime,
    isShared: isShared ?? s.isShared,
    isAdvanced: bool('is_advanced') ?? s.isAdvanced,
    enablePassword: bool('enable_password') ?? s.enablePassword,
    password: ctx.param('password') ?? s.password,
    enableMarqueeTool: bool('enable_marquee_tool') ?? s.enableMarqueeTool,
    enableComment: bool('enable_comment') ?? s.enableComment,
    enableColorLabel: bool('enable_color_label') ?? s.enableColorLabel,
  };
  for (let i = 0; i < 6; i++) next.colorLabels[i] = ctx.param(`color_label_${i + 1}`) ?? next.colorLabels[i];
  if (next.enablePassword && next.password === '') throw new ApiError(E.SHARED_ALBUM_BAD_PARAMS, 'link password missing');
  if (next.isShared && !next.shareid) next.shareid = newShareId((id) => ctx.lib.sharedByShareId(id) !== undefined);
  if (JSON.stringify(next) !== JSON.stringify(s)) {
    shared.share = next;
    changed(ctx, shared, ['public_share']);
  }
  return { shareid: next.shareid, public_share_url: next.isShared ? shareUrl(ctx, next.shareid) : '' };
}

function getinfo(ctx: Ctx): object {
  const shared = ownedShared(ctx, ctx.param('id'));
  return { shared_albums: [sharedView(ctx, shared, ctx.csv('additional').includes('public_share'))] };
}

function getinfoPublic(ctx: Ctx): object {
  const shareid = ctx.need('public_share_id', E.SHARED_ALBUM_BAD_PARAMS);
  const shared = visitorShare(ctx, shareid, E.SHARED_ALBUM_NOT_EXISTS);
  return { shared_album: sharedView(ctx, shared, true) };
}

export const sharedAlbumApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.SharedAlbum', path: 'shared_album.php', minVersion: 1, maxVersion: 1,
  methods: {
    list, getinfo, create, edit, delete: remove, add_items: addItems, remove_items: removeItems,
    edit_public_share: editPublicShare, getinfo_public: getinfoPublic,
  },
};

// ---- AdvancedShare: what visitors of a public link did -------------------------------------

function logList(ctx: Ctx): object {
  const shareid = ctx.need('public_share_id', E.SHARED_ALBUM_BAD_PARAMS);
  const shared = ctx.lib.sharedByShareId(shareid);
  if (!shared) throw new ApiError(E.SHARED_ALBUM_NOT_EXISTS);
  const user = ctx.requireLogin();
  if (shared.owner !== user.name && !ctx.caller.admin) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY);
  const category = ctx.param('category') ?? 'all';
  const entries = shared.log.filter((e) => category === 'all' || e.category === category);
  const page = ctx.page(entries);
  return { total: page.total, offset: page.offset, data: page.items.map((e) => ({ ...e, date: formatDate(e.date) })) };
}

function visitorItem(ctx: Ctx): { shared: SharedAlbum; uid: number; itemId: string } {
  const shared = visitorShare(ctx, ctx.need('public_share_id', E.SHARED_ALBUM_BAD_PARAMS), E.SHARED_ALBUM_NOT_EXISTS);
  const itemId = ctx.need('item_id', E.SHARED_ALBUM_BAD_PARAMS);
  const item = ctx.lib.itemByIdParam(itemId);
  if (!item || !shared.uids.includes(item.uid)) throw new ApiError(E.SHARED_ALBUM_BAD_PARAMS, 'item not in share');
  return { shared, uid: item.uid, itemId };
}

function listComment(ctx: Ctx): object[] {
  const { shared, uid } = visitorItem(ctx);
  return shared.publicComments.filter((c) => c.uid === uid)
    .map((c) => ({ date: formatDate(c.date), name: c.name, email: c.email, comment: c.comment }));
}

function addComment(ctx: Ctx): undefined {
  const { shared, uid, itemId } = visitorItem(ctx);
  if (!shared.share.enableComment) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY, 'comments disabled');
  const name = ctx.need('name', E.COMMENT_VALIDATE_FAIL);
  const comment = ctx.need('comment', E.COMMENT_VALIDATE_FAIL);
  shared.publicComments.push({ id: ctx.lib.nextComment++, uid, date: ctx.now, name, email: '', comment });
  shared.log.push({ item_id: itemId, category: 'comment', log: `${name} commented`, date: ctx.now, name });
  return undefined;
}

function setColorLabel(ctx: Ctx): undefined {
  const { shared, uid, itemId } = visitorItem(ctx);
  if (!shared.share.enableColorLabel) throw new ApiError(E.SHARED_ALBUM_ACCESS_DENY, 'labels disabled');
  const label = ctx.int('color_label', E.SHARED_ALBUM_BAD_PARAMS, 0, 6) ?? 0;
  shared.labels.set(uid, label);
  const name = ctx.param('name') ?? 'guest';
  shared.log.push({
    item_id: itemId, category: 'label', log: `${name} labelled [${shared.share.colorLabels[label - 1] ?? ''}]`,
    date: ctx.now, name,
  });
  return undefined;
}

export const advancedShareApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.AdvancedShare', path: 'advanced_share.php', minVersion: 1, maxVersion: 1,
  methods: { list_log: logList, list_comment: listComment, add_comment: addComment, set_color_label: setColorLabel },
};
