import { isPhotoStationError } from '../photostation/errors';
import { smartAlbumId } from '../photostation/ids';
import type { SmartAlbumCondition } from '../photostation/apis/smartalbum';
import type { SmartAlbum } from '../photostation/types';
import { type ActionContext, defineAction } from './define';
import { ActionError, invalidInput } from './errors';

/** The NAS searches by whole days (spec §3.4 `date`); the window is widened to the days it touches. */
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const eventFields = {
  start: { type: 'date', description: 'the event starts (ISO 8601 or epoch seconds)' },
  end: { type: 'date', description: 'the event ends' },
  tags: { type: 'strings', description: 'general tags that photos must carry (any of them)', max: 5 },
  people: { type: 'strings', description: 'people tags (any of them)', max: 20 },
  places: { type: 'strings', description: 'location tags (any of them)', max: 5 },
  keywords: { type: 'strings', description: 'words in title or description (any of them)', max: 20 },
  item_type: { type: 'enum', values: ['photo', 'video', 'all'], description: 'photos, videos or both' },
} as const;

type EventInput = {
  start?: number; end?: number; tags?: string[]; people?: string[]; places?: string[]; keywords?: string[];
  item_type?: 'photo' | 'video' | 'all';
};

function condition(input: EventInput): SmartAlbumCondition {
  if (input.start !== undefined && input.end !== undefined && input.end < input.start) {
    throw invalidInput('end', 'the event ends before it starts');
  }
  const c: SmartAlbumCondition = {};
  if (input.item_type) c.type = input.item_type === 'all' ? ['photo', 'video'] : [input.item_type];
  if (input.start !== undefined || input.end !== undefined) {
    c.date = `${input.start !== undefined ? day(input.start) : ''},${input.end !== undefined ? day(input.end) : ''}`;
    c.date_op = 'taken';
  }
  if (input.tags?.length) Object.assign(c, { desc_tag: input.tags, desc_tag_op: 'any' });
  if (input.people?.length) Object.assign(c, { people_tag: input.people, people_tag_op: 'any' });
  if (input.places?.length) Object.assign(c, { geo_tag: input.places, geo_tag_op: 'any' });
  if (input.keywords?.length) Object.assign(c, { keyword: input.keywords, keyword_op: 'any' });
  return c;
}

async function count(ctx: ActionContext, id: string): Promise<number> {
  return (await ctx.client.photo.list({ filter_smart: id, type: ['photo', 'video'], offset: 0, limit: 1 })).total;
}

/** A missing tag (450) is named: a smart album over a tag nobody carries would silently stay empty. */
function tagError(err: unknown, input: EventInput): never {
  if (isPhotoStationError(err) && err.code === 450) {
    const names = [...(input.tags ?? []), ...(input.people ?? []), ...(input.places ?? [])].join(', ');
    throw new ActionError('not_found', `a tag of the condition does not exist on the station (${names})`, { stationCode: 450, field: 'tags' });
  }
  throw err;
}

const smartResult = async (ctx: ActionContext, smart: { id: string; name: string }, created?: boolean) => ({
  id: smart.id, name: smart.name, count: await count(ctx, smart.id), ...(created === undefined ? {} : { created }),
});

export const smartAlbumCreateFromEvent = defineAction({
  name: 'smart_album.create_from_event',
  group: 'smart_album',
  description: 'Build a smart album from an event (a name and a time window, optionally tags, people, places, keywords); the same event again updates it.',
  writes: true,
  input: {
    name: { type: 'string', description: 'name of the smart album (the event summary)', required: true, min: 1, max: 255 },
    ...eventFields,
    item_type: { ...eventFields.item_type, default: 'all' },
  },
  async run(ctx, input: EventInput & { name: string }) {
    const cond = condition(input);
    const id = smartAlbumId(input.name);
    try {
      try {
        const created = await ctx.client.smartAlbum.create(input.name, cond);
        return smartResult(ctx, { id: created.id, name: input.name }, true);
      } catch (err) {
        // Idempotent: the same event arriving twice updates the album it made the first time.
        if (!(isPhotoStationError(err) && err.code === 451)) throw err;
        await ctx.client.smartAlbum.edit(id, cond);
        return smartResult(ctx, { id, name: input.name }, false);
      }
    } catch (err) {
      return tagError(err, input);
    }
  },
});

const smartRef = {
  smart_album: { type: 'string', description: 'the smart album, by id (smart_…) or name', required: true, min: 1, max: 300 },
} as const;

const refId = (ref: string): string => (/^smart_[0-9a-fA-F]+$/.test(ref) ? ref.toLowerCase() : smartAlbumId(ref));

export const smartAlbumUpdate = defineAction({
  name: 'smart_album.update',
  group: 'smart_album',
  description: 'Change the name or the condition of a smart album.',
  writes: true,
  input: { ...smartRef, name: { type: 'string', description: 'new name', min: 1, max: 255 }, ...eventFields },
  async run(ctx, input: EventInput & { smart_album: string; name?: string }) {
    const id = refId(input.smart_album);
    const [existing] = await ctx.client.smartAlbum.getInfo(id);
    if (!existing) throw new ActionError('not_found', `smart album ${input.smart_album} does not exist`);
    // Fields not given keep their stored value: the NAS replaces a condition as a whole, so merge here.
    const changes = condition(input);
    const merged = Object.keys(changes).length ? { ...(existing.condition as SmartAlbumCondition), ...changes } : {};
    try {
      const edited = await ctx.client.smartAlbum.edit(id, { ...merged, ...(input.name ? { name: input.name } : {}) });
      return smartResult(ctx, { id: edited.id, name: input.name ?? existing.name });
    } catch (err) {
      return tagError(err, input);
    }
  },
});

export const smartAlbumDelete = defineAction({
  name: 'smart_album.delete',
  group: 'smart_album',
  description: 'Delete a smart album (the photos stay).',
  writes: true,
  input: smartRef,
  async run(ctx, input: { smart_album: string }) {
    const id = refId(input.smart_album);
    await ctx.client.smartAlbum.delete(id);
    return { id, deleted: true };
  },
});

export const smartAlbumList = defineAction({
  name: 'smart_album.list',
  group: 'smart_album',
  description: 'The smart albums with their conditions.',
  writes: false,
  input: {},
  async run(ctx) {
    const all: SmartAlbum[] = [];
    for await (const smart of ctx.client.smartAlbum.iterate()) all.push(smart);
    return { smart_albums: all.map((s) => ({ id: s.id, name: s.name, condition: s.condition })), total: all.length };
  },
});
