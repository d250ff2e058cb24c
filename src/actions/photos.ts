import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isPhotoStationError } from '../photostation/errors';
import { kindOfFilename } from '../photostation/extensions';
import { itemPath } from '../photostation/ids';
import type { Item, TagKind } from '../photostation/types';
import { type ActionContext, defineAction } from './define';
import { ActionError, invalidInput } from './errors';
import type { AlbumRef } from './schema';
import { itemResult, type ItemResult } from './views';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Largest file `photo.upload` reads into memory; bigger ones are refused with a clear message. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

async function fetchItems(ctx: ActionContext, ids: string[]): Promise<ItemResult[]> {
  const [items, tags] = await Promise.all([ctx.client.photo.getInfo(ids), ctx.client.photoTag.list(ids)]);
  const byId = new Map(tags.map((t) => [t.photoId, t.tags]));
  return items.map((item) => itemResult(ctx.client, item, byId.get(item.id) ?? []));
}

async function fetchItem(ctx: ActionContext, id: string): Promise<ItemResult> {
  const [item] = await fetchItems(ctx, [id]);
  if (!item) throw new ActionError('not_found', `item ${id} does not exist`);
  return item;
}

/** `id` or `items`: the ids an item action works on. */
function idsOf(input: { id?: string; items?: string[] }): string[] {
  return input.items ?? [input.id!];
}

const target = {
  id: { type: 'item', description: 'the photo or video (photo_… / video_…)' },
  items: { type: 'items', description: 'or several photos/videos', max: 1000 },
} as const;

export const photoSearch = defineAction({
  name: 'photo.search',
  group: 'photo',
  description: 'Find photos and videos by keyword, tags, people, places, date and album.',
  writes: false,
  input: {
    keyword: { type: 'string', description: 'words in title or description', min: 1, max: 200 },
    tags: { type: 'strings', description: 'general tags (any of them)', max: 5 },
    people: { type: 'strings', description: 'people (any of them)', max: 20 },
    places: { type: 'strings', description: 'location tags (any of them)', max: 5 },
    start: { type: 'date', description: 'taken on or after this day' },
    end: { type: 'date', description: 'taken on or before this day' },
    album: { type: 'album', description: 'only in this album and below' },
    type: { type: 'enum', values: ['photo', 'video', 'all'], description: 'photos, videos or both', default: 'all' },
    limit: { type: 'integer', description: 'at most this many results', min: 1, max: 5000, default: 100 },
    offset: { type: 'integer', description: 'skip this many results', min: 0, default: 0 },
    with_tags: { type: 'boolean', description: 'also answer the tags, people and places of each item', default: false },
  },
  async run(ctx, input: {
    keyword?: string; tags?: string[]; people?: string[]; places?: string[]; start?: number; end?: number;
    album?: AlbumRef; type: 'photo' | 'video' | 'all'; limit: number; offset: number; with_tags: boolean;
  }) {
    const type = input.type === 'all' ? (['photo', 'video'] as const) : ([input.type] as const);
    const criteria = input.keyword || input.tags || input.people || input.places || input.start !== undefined || input.end !== undefined;
    let page;
    if (criteria) {
      // The advanced search of Album list (spec §3.4); dates are whole days there.
      page = await ctx.client.album.list({
        type, offset: input.offset, limit: input.limit,
        ...(input.album ? { albums: [input.album.id] } : {}),
        ...(input.keyword ? { keyword: input.keyword.split(/\s+/).filter(Boolean), keyword_op: 'all' as const } : {}),
        ...(input.tags ? { desc_tag: input.tags, desc_tag_op: 'any' as const } : {}),
        ...(input.people ? { people_tag: input.people, people_tag_op: 'any' as const } : {}),
        ...(input.places ? { geo_tag: input.places, geo_tag_op: 'any' as const } : {}),
        ...(input.start !== undefined || input.end !== undefined
          ? { date: `${input.start !== undefined ? day(input.start) : ''},${input.end !== undefined ? day(input.end) : ''}`, date_op: 'taken' as const }
          : {}),
      });
    } else {
      page = await ctx.client.photo.list({
        type, offset: input.offset, limit: input.limit, ...(input.album ? { filter_album: input.album.id } : {}),
        sort_by: 'takendate', sort_direction: 'desc',
      });
    }
    const found = page.items.filter((e): e is Item => e.type === 'photo' || e.type === 'video');
    if (!input.with_tags || !found.length) return { items: found.map((i) => itemResult(ctx.client, i)), total: page.total };
    const tags = await ctx.client.photoTag.list(found.map((i) => i.id));
    const byId = new Map(tags.map((t) => [t.photoId, t.tags]));
    return { items: found.map((i) => itemResult(ctx.client, i, byId.get(i.id) ?? [])), total: page.total };
  },
});

export const photoGet = defineAction({
  name: 'photo.get',
  group: 'photo',
  description: 'One photo or video with its details, tags, people and places.',
  writes: false,
  input: { id: { ...target.id, required: true } },
  run: (ctx, input: { id: string }) => fetchItem(ctx, input.id),
});

export const photoEdit = defineAction({
  name: 'photo.edit',
  group: 'photo',
  description: 'Change the title, description, rating or position of photos and videos.',
  writes: true,
  oneOf: [['id', 'items']],
  input: {
    ...target,
    title: { type: 'string', description: 'new title', max: 1000 },
    description: { type: 'string', description: 'new description', max: 10_000 },
    rating: { type: 'integer', description: 'stars, 0 to 5', min: 0, max: 5 },
    lat: { type: 'string', description: 'latitude (with lng; both "none" removes the position)', max: 40 },
    lng: { type: 'string', description: 'longitude (with lat)', max: 40 },
  },
  async run(ctx, input: { id?: string; items?: string[]; title?: string; description?: string; rating?: number; lat?: string; lng?: string }) {
    if ((input.lat === undefined) !== (input.lng === undefined)) throw invalidInput(input.lat === undefined ? 'lat' : 'lng', 'lat and lng go together');
    let gps: { gps_lat: number | ''; gps_lng: number | '' } | undefined;
    if (input.lat !== undefined && input.lng !== undefined) {
      if (input.lat === 'none' && input.lng === 'none') gps = { gps_lat: '', gps_lng: '' };
      else {
        const lat = Number(input.lat);
        const lng = Number(input.lng);
        if (!(Math.abs(lat) <= 90)) throw invalidInput('lat', `expected a latitude between -90 and 90, got ${JSON.stringify(input.lat)}`);
        if (!(Math.abs(lng) <= 180)) throw invalidInput('lng', `expected a longitude between -180 and 180, got ${JSON.stringify(input.lng)}`);
        gps = { gps_lat: lat, gps_lng: lng };
      }
    }
    if (input.title === undefined && input.description === undefined && input.rating === undefined && !gps) {
      throw invalidInput('input', 'nothing to change: give title, description, rating or lat/lng');
    }
    const ids = idsOf(input);
    await fetchItems(ctx, ids.slice(0, 1));
    await ctx.client.photo.edit(ids, { title: input.title, description: input.description, rating: input.rating, ...gps });
    const items = await fetchItems(ctx, ids);
    return input.items ? { items } : items[0];
  },
});

const tagFields = {
  tags: { type: 'strings', description: 'general tags', max: 50 },
  people: { type: 'strings', description: 'people', max: 50 },
  places: { type: 'strings', description: 'location tags', max: 50 },
} as const;

type TagInput = { id?: string; items?: string[]; tags?: string[]; people?: string[]; places?: string[] };

const KINDS: Array<[keyof TagInput, TagKind]> = [['tags', 'desc'], ['people', 'people'], ['places', 'geo']];

/** Tag ids by kind and name; missing ones are created when `create` (tags are a per-station dictionary). */
async function tagIds(ctx: ActionContext, kind: TagKind, names: string[], create: boolean): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const tag of ctx.client.tag.iterate({ type: [kind] })) if (names.includes(tag.name)) ids.set(tag.name, tag.id);
  if (create) {
    for (const name of names) if (!ids.has(name)) ids.set(name, (await ctx.client.tag.create(name, kind)).id);
  }
  return ids;
}

/** photo.tag and photo.untag differ only in what they do with the tag ids of each kind. */
function tagAction(name: string, description: string, apply: (ctx: ActionContext, ids: string[], kind: TagKind, names: string[]) => Promise<void>) {
  return defineAction({
    name,
    group: 'photo',
    description,
    writes: true,
    oneOf: [['id', 'items']],
    input: { ...target, ...tagFields },
    async run(ctx, input: TagInput) {
      if (!input.tags && !input.people && !input.places) throw invalidInput('tags', 'give tags, people and/or places');
      const ids = idsOf(input);
      await fetchItems(ctx, ids.slice(0, 1));
      for (const [field, kind] of KINDS) {
        const names = input[field] as string[] | undefined;
        if (names?.length) await apply(ctx, ids, kind, names);
      }
      const items = await fetchItems(ctx, ids);
      return input.items ? { items } : items[0];
    },
  });
}

/** 468: the item already carries the tag, which is what was asked for. */
const alreadyTagged = (err: unknown): void => {
  if (!(isPhotoStationError(err) && err.code === 468)) throw err;
};

export const photoTag = tagAction(
  'photo.tag',
  'Add general tags, people and places to photos and videos (missing tags are created).',
  async (ctx, ids, kind, names) => {
    const tags = [...(await tagIds(ctx, kind, names, true)).values()];
    if (kind === 'desc') await ctx.client.photoTag.addDescTags(ids, tags).catch(alreadyTagged);
    else if (kind === 'geo') await ctx.client.photoTag.addGeoTags(ids, tags).catch(alreadyTagged);
    else {
      // People are faces on photos; without a face box the whole picture is the box.
      for (const id of ids.filter((i) => itemPath(i).kind === 'photo')) {
        for (const tag of tags) await ctx.client.photoTag.addPeopleTag(id, tag, { x: 0, y: 0, width: 1, height: 1 }).catch(alreadyTagged);
      }
    }
  },
);

export const photoUntag = tagAction(
  'photo.untag',
  'Remove general tags, people and places from photos and videos.',
  async (ctx, ids, kind, names) => {
    const tags = [...(await tagIds(ctx, kind, names, false)).values()];
    if (tags.length) await ctx.client.photoTag.remove(ids, { tag_id: tags });
  },
);

export const photoUpload = defineAction({
  name: 'photo.upload',
  group: 'photo',
  description: 'Upload a photo or video into an album, from base64 data or a file path.',
  writes: true,
  oneOf: [['data', 'path']],
  input: {
    album: { type: 'album', description: 'the album to upload into', required: true },
    filename: { type: 'string', description: 'file name on the station (the name of path when absent)', min: 1, max: 255 },
    data: { type: 'bytes', description: 'the file, base64' },
    path: { type: 'string', description: 'or a file on this machine', min: 1, max: 4096 },
    title: { type: 'string', description: 'title', max: 1000 },
    description: { type: 'string', description: 'description', max: 10_000 },
    duplicate: { type: 'enum', values: ['rename', 'overwrite', 'ignore'], description: 'when the name exists', default: 'rename' },
  },
  async run(ctx, input: { album: AlbumRef; filename?: string; data?: Buffer; path?: string; title?: string; description?: string; duplicate: 'rename' | 'overwrite' | 'ignore' }) {
    const filename = input.filename ?? (input.path ? basename(input.path) : undefined);
    if (!filename) throw invalidInput('filename', 'is required with data');
    if (filename.includes('/') || filename.startsWith('@')) throw invalidInput('filename', 'may not contain "/" or start with "@"');
    const kind = kindOfFilename(filename);
    if (!kind) throw invalidInput('filename', `Photo Station takes photos and videos only (.jpg, .png, .mp4, .mov, …), not ${JSON.stringify(filename)}`);
    let data = input.data;
    if (input.path) {
      const info = await stat(input.path).catch(() => undefined);
      if (!info?.isFile()) throw invalidInput('path', `no readable file at ${input.path}`);
      if (info.size > MAX_UPLOAD_BYTES) throw invalidInput('path', 'the file is larger than 2 GiB');
      data = await readFile(input.path);
    }
    const total = data!.length;
    ctx.progress?.({ step: 'upload', done: 0, total });
    const params = { album: input.album.id, filename, data: data!, duplicate: input.duplicate };
    // The request body is the file plus a little multipart framing: report it in bytes of the file.
    const options = ctx.progress
      ? { onUploadProgress: (sent: number, size: number) => ctx.progress!({ step: 'upload', done: Math.round((sent / size) * total), total }) }
      : {};
    const uploaded = kind === 'video' ? await ctx.client.file.uploadVideo(params, options) : await ctx.client.file.uploadPhoto(params, options);
    if (input.title !== undefined || input.description !== undefined) {
      await ctx.client.photo.edit(uploaded.id, { title: input.title, description: input.description });
    }
    return fetchItem(ctx, uploaded.id);
  },
});

export const photoDownload = defineAction({
  name: 'photo.download',
  group: 'photo',
  description: 'The original file of a photo or video (where the download privilege allows it).',
  writes: false,
  input: { id: { ...target.id, required: true } },
  async run(ctx, input: { id: string }) {
    const file = await ctx.client.download.getItem(input.id);
    return { id: input.id, filename: file.filename ?? itemPath(input.id).file, content_type: file.contentType, size: file.data.length, data: file.data };
  },
});

export const photoThumbnail = defineAction({
  name: 'photo.thumbnail',
  group: 'photo',
  description: 'A thumbnail JPEG of a photo or video, to send a new photo to a phone.',
  writes: false,
  input: {
    id: { ...target.id, required: true },
    size: { type: 'enum', values: ['preview', 'small', 'large'], description: 'preview (160 px), small (320 px) or large (1280 px)', default: 'large' },
  },
  async run(ctx, input: { id: string; size: 'preview' | 'small' | 'large' }) {
    const thumb = await ctx.client.thumb.get(input.id, input.size);
    return { id: input.id, size: input.size, content_type: thumb.contentType, bytes: thumb.data.length, data: thumb.data };
  },
});

export const stationStatus = defineAction({
  name: 'station.status',
  group: 'station',
  description: 'Who the station is logged in as, its version, and the state of the change detector.',
  writes: false,
  input: {},
  async run(ctx) {
    const info = await ctx.client.info.getInfo();
    return {
      url: ctx.client.webRoot,
      title: info.title ?? null,
      version: info.version_string ?? info.version ?? null,
      ...(ctx.station?.status() ?? {}),
    };
  },
});

export const stationRescan = defineAction({
  name: 'station.rescan',
  group: 'station',
  description: 'Look for changes on the station now (a full reconcile of the change detector).',
  writes: false,
  input: {},
  async run(ctx) {
    if (!ctx.station?.rescan) throw new ActionError('not_allowed', 'this station runs no change detector (enable polling to use station.rescan)');
    return ctx.station.rescan();
  },
});
