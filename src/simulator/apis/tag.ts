import { assertBrowse, privileges } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import type { Item, Tag, TagLink } from '../model';
import { TAG_TYPES, type TagType } from '../model';
import type { ApiDefinition } from '../registry';
import { itemsFromCsv } from './common';

const tagView = (tag: Tag): object => ({ id: `tag_${tag.id}`, type: 'tag', tag_type: tag.type, name: tag.name });

const GEO_FIELDS = ['place_id', 'reference', 'lat', 'lng', 'address'] as const;

function geoOf(ctx: Ctx): Tag['geo'] | undefined {
  const geo: Record<string, string> = {};
  for (const f of GEO_FIELDS) if (ctx.param(f) !== undefined) geo[f] = ctx.param(f)!;
  return Object.keys(geo).length ? geo : undefined;
}

function tagIds(ctx: Ctx, name: string, code: number): number[] {
  const ids = ctx.csv(name);
  if (!ids.length) throw new ApiError(code, `missing ${name}`);
  return ids.map((id) => {
    const m = /^tag_(\d+)$/.exec(id);
    if (!m) throw new ApiError(code, 'not a tag id');
    return Number(m[1]);
  });
}

function list(ctx: Ctx): object {
  const types = ctx.csv('type');
  if (!types.length || types.some((t) => !TAG_TYPES.includes(t as TagType))) throw new ApiError(E.BAD_REQUEST, 'bad type');
  const withUnconfirmed = ctx.bool('unconfirm_people_tag') ?? false;
  const direction = ctx.param('sort_direction') === 'dsc' || ctx.param('sort_direction') === 'desc' ? -1 : 1;
  const { lib } = ctx;
  const tags = [...lib.tags.values()]
    .filter((t) => types.includes(t.type))
    .filter((t) => withUnconfirmed || t.type !== 'people' || lib.linkCount(t.id) === 0
      || [...lib.links.values()].some((l) => l.tagId === t.id && l.confirmed))
    .sort((a, b) => direction * a.name.localeCompare(b.name));
  const page = ctx.page(tags);
  return { total: page.total, offset: page.offset, tags: page.items.map(tagView) };
}

function getinfo(ctx: Ctx): object {
  const tags = tagIds(ctx, 'id', E.BAD_REQUEST).map((id) => {
    const tag = ctx.lib.tags.get(id);
    if (!tag) throw new ApiError(E.TAG_GETINFO_FAIL, 'no such tag');
    return tagView(tag);
  });
  return { tags };
}

function create(ctx: Ctx): object {
  const name = ctx.need('name');
  const type = ctx.oneOf('type', TAG_TYPES) ?? (ctx.need('type') as TagType);
  ctx.requireLogin();
  if (name.length > 255 || name.includes(',')) throw new ApiError(E.TAG_CREATE_FAIL, 'bad tag name');
  // An existing tag of that kind and name is answered with its id (spec §8 G32).
  const existing = ctx.lib.findTag(type, name);
  const tag = existing ?? ctx.lib.addTag(type, name, type === 'geo' ? geoOf(ctx) : undefined);
  return { id: `tag_${tag.id}` };
}

function edit(ctx: Ctx): undefined {
  const [id] = tagIds(ctx, 'id', E.BAD_REQUEST);
  ctx.requireAdmin(E.TAG_ACCESS_DENY);
  const tag = ctx.lib.tags.get(id);
  if (!tag) throw new ApiError(E.TAG_EDIT_FAIL, 'no such tag');
  const name = ctx.param('name');
  if (name !== undefined) {
    if (name === '') throw new ApiError(E.BAD_REQUEST);
    const clash = ctx.lib.findTag(tag.type, name);
    if (clash && clash.id !== tag.id) throw new ApiError(E.TAG_HAS_EXIST);
    tag.name = name;
  }
  if (tag.type === 'geo') tag.geo = { ...tag.geo, ...geoOf(ctx) };
  for (const link of ctx.lib.links.values()) {
    if (link.tagId === tag.id) {
      const item = ctx.lib.items.get(link.uid);
      if (item) ctx.lib.changeItem(item, ['tags']);
    }
  }
  ctx.lib.version++;
  return undefined;
}

function remove(ctx: Ctx): undefined {
  const ids = tagIds(ctx, 'id', E.BAD_REQUEST);
  ctx.requireAdmin(E.TAG_ACCESS_DENY);
  for (const id of ids) {
    const items = [...ctx.lib.links.values()].filter((l) => l.tagId === id).map((l) => ctx.lib.items.get(l.uid));
    ctx.lib.removeTag(id);
    for (const item of items) if (item) ctx.lib.changeItem(item, ['tags']);
  }
  return undefined;
}

function deleteUnconfirmed(ctx: Ctx): undefined {
  ctx.requireAdmin(E.TAG_ACCESS_DENY);
  for (const link of [...ctx.lib.links.values()]) if (!link.confirmed) ctx.lib.removeLink(link.id);
  return undefined;
}

export const tagApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Tag', path: 'tag.php', minVersion: 1, maxVersion: 1,
  methods: { list, getinfo, create, edit, delete: remove, delete_unconfirmed_tag: deleteUnconfirmed },
};

// ---- PhotoTag --------------------------------------------------------------------------------

/** PhotoTag names items that must exist (469) and be manageable for writes (466). */
function taggedItems(ctx: Ctx, write: boolean): Item[] {
  const items = (() => {
    try {
      return itemsFromCsv(ctx, 'id', E.BAD_REQUEST, true);
    } catch (err) {
      if (err instanceof ApiError && err.message === 'no such item') throw new ApiError(E.PHOTO_TAG_VIDEO_NOT_EXIST);
      throw err;
    }
  })();
  if (write) {
    ctx.requireLogin();
    for (const item of items) {
      if (!privileges(ctx.lib, ctx.caller, item.album).manage) throw new ApiError(E.PHOTO_TAG_ACCESS_DENY);
    }
  } else {
    // Reading needs browse right on each item's album (password albums: the password, or one unlocked before).
    for (const item of items) {
      assertBrowse(ctx.lib, ctx.caller, item.album, ctx.param('password'), {
        noAccess: E.PHOTO_TAG_ACCESS_DENY, password: E.PHOTO_TAG_ACCESS_DENY,
      });
    }
  }
  return items;
}

function linkView(ctx: Ctx, link: TagLink, withInfo: boolean): object {
  const tag = ctx.lib.tags.get(link.tagId)!;
  const view: Record<string, unknown> = { id: `tag_${tag.id}`, item_tag_id: `item_tag_${link.id}`, type: tag.type, name: tag.name };
  if (withInfo) {
    if (tag.type === 'people') view.additional = { info: link.box ?? { x: 0, y: 0, width: 0, height: 0 } };
    else if (tag.type === 'geo') view.additional = { info: { ...tag.geo } };
    else view.additional = { info: {} };
  }
  return view;
}

function phototagList(ctx: Ctx): object {
  const types = ctx.csv('type');
  if (!types.length || types.some((t) => !TAG_TYPES.includes(t as TagType))) throw new ApiError(E.BAD_REQUEST, 'bad type');
  const items = taggedItems(ctx, false);
  const withInfo = ctx.csv('additional').includes('info');
  const tagsOf = (item: Item): object[] => ctx.lib.linksOf(item.uid)
    .filter((l) => types.includes(ctx.lib.tags.get(l.tagId)!.type))
    .map((l) => linkView(ctx, l, withInfo));
  if (ctx.csv('id').length === 1) return { tags: tagsOf(items[0]) };
  return { tags: items.map((item) => ({ photoId: ctx.lib.itemId(item), tags: tagsOf(item) })) };
}

/** desc_tag / geo_tag: 468 and 470 only when every item failed (spec §5.14). */
function attach(ctx: Ctx): object {
  const items = taggedItems(ctx, true);
  const ids = tagIds(ctx, 'tag_id', E.BAD_REQUEST);
  for (const id of ids) if (!ctx.lib.tags.has(id)) throw new ApiError(E.PHOTO_TAG_NOT_EXIST);
  const created: string[] = [];
  let duplicates = 0;
  for (const item of items) {
    for (const id of ids) {
      if (ctx.lib.linksOf(item.uid).some((l) => l.tagId === id)) {
        duplicates++;
        continue;
      }
      created.push(`item_tag_${ctx.lib.addLink(id, item.uid).id}`);
    }
  }
  if (!created.length && duplicates) throw new ApiError(E.PHOTO_TAG_DUPLICATE);
  return { item_tag_ids: created };
}

function peopleTag(ctx: Ctx): object {
  const [item] = taggedItems(ctx, true);
  if (ctx.csv('id').length !== 1) throw new ApiError(E.BAD_REQUEST, 'one photo');
  if (item.kind !== 'photo') throw new ApiError(E.BAD_REQUEST, 'faces only on photos');
  const [id] = tagIds(ctx, 'tag_id', E.BAD_REQUEST);
  const tag = ctx.lib.tags.get(id);
  if (!tag) throw new ApiError(E.PHOTO_TAG_NOT_EXIST);
  if (tag.type !== 'people') throw new ApiError(E.PHOTO_TAG_ADD_PEOPLE_FAIL);
  const box = { x: 0, y: 0, width: 0, height: 0 };
  for (const key of Object.keys(box) as Array<keyof typeof box>) {
    const v = ctx.num(key);
    if (v === undefined) throw new ApiError(E.BAD_REQUEST, `missing ${key}`);
    if (v < 0 || v > 1) throw new ApiError(E.PHOTO_TAG_ADD_PEOPLE_FAIL, `${key} outside 0..1`);
    box[key] = v;
  }
  if (ctx.lib.linksOf(item.uid).some((l) => l.tagId === id)) throw new ApiError(E.PHOTO_TAG_DUPLICATE);
  return { item_tag_ids: [`item_tag_${ctx.lib.addLink(id, item.uid, box).id}`] };
}

function peopleTagConfirm(ctx: Ctx): undefined {
  const [item] = taggedItems(ctx, true);
  const [id] = tagIds(ctx, 'tag_id', E.BAD_REQUEST);
  const confirm = ctx.bool('confirm');
  if (confirm === undefined) throw new ApiError(E.BAD_REQUEST, 'missing confirm');
  if (!ctx.lib.tags.has(id)) throw new ApiError(E.PHOTO_TAG_NOT_EXIST);
  const link = ctx.lib.linksOf(item.uid).find((l) => l.tagId === id);
  if (!link) throw new ApiError(E.PHOTO_TAG_PEOPLE_TAG_CONFIRM_FAIL);
  if (confirm) {
    link.confirmed = true;
    ctx.lib.changeItem(item, ['tags']);
  } else {
    ctx.lib.removeLink(link.id);
  }
  return undefined;
}

function detach(ctx: Ctx): undefined {
  const items = taggedItems(ctx, true);
  const byTag = ctx.csv('tag_id');
  const byLink = ctx.csv('item_tag_id');
  if (!byTag.length && !byLink.length) throw new ApiError(E.BAD_REQUEST, 'tag_id or item_tag_id');
  const tagIdsSet = new Set(byTag.length ? tagIds(ctx, 'tag_id', E.BAD_REQUEST) : []);
  const linkIds = new Set(byLink.map((id) => {
    const m = /^item_tag_(\d+)$/.exec(id);
    if (!m) throw new ApiError(E.BAD_REQUEST, 'not an item tag id');
    return Number(m[1]);
  }));
  for (const item of items) {
    for (const link of ctx.lib.linksOf(item.uid)) {
      if (tagIdsSet.has(link.tagId) || linkIds.has(link.id)) ctx.lib.removeLink(link.id);
    }
  }
  return undefined;
}

export const photoTagApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.PhotoTag', path: 'photo_tag.php', minVersion: 1, maxVersion: 1,
  methods: {
    list: phototagList, desc_tag: attach, geo_tag: attach, people_tag: peopleTag,
    people_tag_confirm: peopleTagConfirm, delete: detach,
  },
};
