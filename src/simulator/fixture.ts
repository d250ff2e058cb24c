import { formatDate, parseDate } from './clock';
import { baseName, isValidName, kindOfFile, trimSlashes } from './ids';
import { depthOf, type Library, nameOf, parentOf } from './library';
import { ALBUM_TYPES, type Album, type Grant, type Item, type TagType } from './model';
import { emptyShare } from './apis/shared-album';
import { newShareId } from './shares';
import { makeUser, type SimState } from './state';

/** The JSON library format of `--fixture FILE` and `POST /__sim/fixture` (documented in docs/simulator.md). */
export interface Fixture {
  settings?: Record<string, unknown>;
  users?: Array<{ name: string; password: string; admin?: boolean; groups?: string[]; email?: string;
    allow_comment?: boolean; allow_public_share?: boolean; disabled?: boolean; allowed?: boolean }>;
  groups?: Array<{ name: string; description?: string }>;
  albums?: FixtureAlbum[];
  items?: FixtureItem[];
  shared_albums?: Array<{ name: string; owner?: string; items?: string[];
    public?: { enabled?: boolean; shareid?: string; start_time?: string; end_time?: string; password?: string;
      advanced?: boolean; comment?: boolean; color_label?: boolean } }>;
  smart_albums?: Array<{ name: string; condition: Record<string, string> }>;
}

export interface FixtureAlbum {
  path: string; title?: string; description?: string; type?: string; password?: string; owner?: string;
  inherit_parent?: boolean; grants?: Grant[]; allow_comment?: boolean; sort_by?: string; sort_direction?: string;
  createdate?: string;
}

export interface FixtureItem {
  path: string; title?: string; description?: string; takendate?: string; createdate?: string; size?: number;
  width?: number; height?: number; lat?: number; lng?: number; rating?: number; rotation?: number;
  exif?: Item['exif']; duration?: number; owner?: string;
  tags?: string[]; people?: string[]; places?: string[];
  comments?: Array<{ name: string; comment: string; date?: string; email?: string }>;
}

export class FixtureError extends Error {}

const fail = (where: string, what: string): never => {
  throw new FixtureError(`fixture ${where}: ${what}`);
};

export function addFixtureAlbum(state: SimState, lib: Library, spec: FixtureAlbum, where: string): void {
  if (!spec || typeof spec.path !== 'string') fail(where, 'path must be a string');
  const path = trimSlashes(spec.path);
  if (path === '' || !path.split('/').every(isValidName)) fail(where, `invalid album path "${spec.path}"`);
  if (lib.albums.has(path)) return;
  if (parentOf(path) !== '' && !lib.albums.has(parentOf(path))) {
    addFixtureAlbum(state, lib, { path: parentOf(path) }, where);
  }
  const level = depthOf(path);
  const type = spec.type === undefined ? undefined : (ALBUM_TYPES as readonly string[]).includes(spec.type)
    ? spec.type as Album['type'] : fail(where, `type must be public, private or password`);
  if (type === 'password' && !spec.password) fail(where, 'a password album needs a password');
  const created = spec.createdate ? parseDate(spec.createdate) ?? fail(where, 'bad createdate') : state.clock.nowSeconds();
  lib.addAlbum({
    path,
    title: spec.title ?? nameOf(path),
    description: spec.description ?? '',
    type: level === 1 ? type ?? 'public' : level === 2 ? type : undefined,
    password: type === 'password' ? spec.password : undefined,
    inheritParent: level === 2 ? spec.inherit_parent ?? type === undefined : false,
    owner: spec.owner ?? 'admin',
    grants: (spec.grants ?? []).map((g) => ({
      name: g.name, type: g.type === 'group' ? 'group' : 'user', browse: !!g.browse, upload: !!g.upload, manage: !!g.manage,
    })),
    allowComment: spec.allow_comment ?? level === 1,
    conversion: true,
    hits: 0,
    createdAt: created,
    mtime: created * 1000,
    sortBy: spec.sort_by ?? 'default',
    sortDirection: spec.sort_direction ?? 'asc',
  });
}

export function addFixtureItem(state: SimState, lib: Library, spec: FixtureItem, where: string): Item {
  if (!spec || typeof spec.path !== 'string') fail(where, 'path must be a string');
  const path = trimSlashes(spec.path);
  const album = parentOf(path);
  const name = nameOf(path);
  const kind = kindOfFile(name) ?? fail(where, `"${name}" has no photo or video extension`);
  if (album !== '' && !lib.albums.has(album)) addFixtureAlbum(state, lib, { path: album }, where);
  if (lib.itemAt(album, name)) fail(where, `duplicate item "${path}"`);
  const date = (v: string | undefined, field: string): number | undefined =>
    v === undefined ? undefined : parseDate(v) ?? fail(where, `bad ${field}`);
  const taken = date(spec.takendate, 'takendate') ?? state.clock.nowSeconds();
  const created = date(spec.createdate, 'createdate') ?? taken;
  const item: Item = {
    uid: lib.newUid(), album, name, kind,
    title: spec.title ?? baseName(name), description: spec.description ?? '',
    createdate: created, takendate: taken,
    size: spec.size ?? (kind === 'video' ? 24_000_000 : 3_100_000),
    width: spec.width ?? (kind === 'video' ? 1920 : 4032),
    height: spec.height ?? (kind === 'video' ? 1080 : 3024),
    lat: spec.lat, lng: spec.lng,
    rating: Math.max(0, Math.min(5, spec.rating ?? 0)), rotation: spec.rotation ?? 1,
    exif: spec.exif ?? {}, duration: kind === 'video' ? spec.duration ?? 12 : undefined,
    mtime: created * 1000, comments: [], owner: spec.owner ?? 'admin',
  };
  lib.addItem(item);
  const attach = (type: TagType, names: string[] | undefined): void => {
    for (const tagName of names ?? []) {
      const tag = lib.findTag(type, tagName) ?? lib.addTag(type, tagName);
      lib.addLink(tag.id, item.uid);
    }
  };
  attach('desc', spec.tags);
  attach('people', spec.people);
  attach('geo', spec.places);
  for (const c of spec.comments ?? []) {
    item.comments.push({
      id: lib.nextComment++, name: c.name, comment: c.comment, email: c.email ?? '',
      date: date(c.date, 'comment date') ?? taken,
    });
  }
  return item;
}

/** Loads a fixture into the current state (which the caller has usually just cleared). */
export function loadFixture(state: SimState, fixture: Fixture): void {
  if (!fixture || typeof fixture !== 'object' || Array.isArray(fixture)) throw new FixtureError('fixture must be a JSON object');
  const lib = state.standard;
  lib.recording = false;
  try {
    Object.assign(state.settings, fixture.settings ?? {});
    for (const [i, g] of (fixture.groups ?? []).entries()) {
      if (typeof g?.name !== 'string') fail(`groups[${i}]`, 'name must be a string');
      state.groups.set(g.name, { name: g.name, description: g.description ?? '' });
    }
    for (const [i, u] of (fixture.users ?? []).entries()) {
      if (typeof u?.name !== 'string' || typeof u.password !== 'string') fail(`users[${i}]`, 'name and password must be strings');
      for (const g of u.groups ?? []) if (!state.groups.has(g)) state.groups.set(g, { name: g, description: '' });
      state.users.set(u.name, makeUser(u.name, u.password, {
        admin: !!u.admin, groups: u.groups ?? [], email: u.email ?? `${u.name}@example.invalid`,
        allowComment: u.allow_comment ?? true, allowPublicShare: u.allow_public_share ?? !!u.admin,
        disabled: !!u.disabled, allowed: u.allowed ?? true,
      }));
    }
    if (!state.users.has('admin')) state.users.set('admin', makeUser('admin', 'admin', { admin: true }));
    for (const [i, a] of (fixture.albums ?? []).entries()) addFixtureAlbum(state, lib, a, `albums[${i}]`);
    for (const [i, it] of (fixture.items ?? []).entries()) addFixtureItem(state, lib, it, `items[${i}]`);
    for (const [i, s] of (fixture.shared_albums ?? []).entries()) {
      const where = `shared_albums[${i}]`;
      if (typeof s?.name !== 'string') fail(where, 'name must be a string');
      const share = emptyShare();
      if (s.public) {
        share.isShared = s.public.enabled ?? true;
        share.shareid = s.public.shareid ?? newShareId();
        share.startTime = s.public.start_time ?? '';
        share.endTime = s.public.end_time ?? '';
        share.enablePassword = !!s.public.password;
        share.password = s.public.password ?? '';
        share.isAdvanced = !!s.public.advanced;
        share.enableComment = !!s.public.comment;
        share.enableColorLabel = !!s.public.color_label;
      }
      const uids = (s.items ?? []).map((p) => {
        const path = trimSlashes(p);
        return lib.itemAt(parentOf(path), nameOf(path))?.uid ?? fail(where, `no item "${p}"`);
      });
      const id = lib.newSharedId();
      lib.sharedAlbums.set(id, {
        id, owner: s.owner ?? 'admin', name: s.name, uids, share, labels: new Map(), log: [], publicComments: [],
        mtime: state.clock.now(),
      });
    }
    for (const [i, s] of (fixture.smart_albums ?? []).entries()) {
      if (typeof s?.name !== 'string') fail(`smart_albums[${i}]`, 'name must be a string');
      const id = `smart_${Buffer.from(s.name, 'utf8').toString('hex')}`;
      lib.smartAlbums.set(id, { id, name: s.name, condition: { ...(s.condition ?? {}) } });
    }
  } finally {
    lib.recording = true;
  }
}

/** The current library as a fixture (`GET /__sim/state`); passwords only when asked for. */
export function exportFixture(state: SimState, withSecrets: boolean): Fixture {
  const lib = state.standard;
  const secret = (v: string | undefined): string | undefined => (withSecrets ? v : v === undefined ? undefined : '********');
  return {
    settings: { ...state.settings },
    users: [...state.users.values()].map((u) => ({
      name: u.name, password: secret(u.password)!, admin: u.admin, groups: u.groups, email: u.email,
      allow_comment: u.allowComment, allow_public_share: u.allowPublicShare, disabled: u.disabled, allowed: u.allowed,
    })),
    groups: [...state.groups.values()],
    albums: [...lib.albums.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((a) => ({
      path: a.path, title: a.title, description: a.description, type: a.type, password: secret(a.password),
      owner: a.owner, inherit_parent: a.inheritParent, grants: a.grants, allow_comment: a.allowComment,
      sort_by: a.sortBy, sort_direction: a.sortDirection, createdate: formatDate(a.createdAt),
    })),
    items: [...lib.allItems()].map((i) => {
      const tagsOf = (type: TagType): string[] =>
        lib.tagsOf(i.uid).filter((t) => t.tag.type === type).map((t) => t.tag.name);
      return {
        path: i.album === '' ? i.name : `${i.album}/${i.name}`, title: i.title, description: i.description,
        takendate: formatDate(i.takendate), createdate: formatDate(i.createdate), size: i.size, width: i.width,
        height: i.height, lat: i.lat, lng: i.lng, rating: i.rating, rotation: i.rotation, exif: i.exif,
        tags: tagsOf('desc'), people: tagsOf('people'), places: tagsOf('geo'),
        comments: i.comments.map((c) => ({ name: c.name, comment: c.comment, email: c.email, date: formatDate(c.date) })),
      };
    }),
    shared_albums: [...lib.sharedAlbums.values()].map((s) => ({
      name: s.name, owner: s.owner,
      items: s.uids.map((uid) => lib.items.get(uid)!).map((i) => (i.album === '' ? i.name : `${i.album}/${i.name}`)),
      public: {
        enabled: s.share.isShared, shareid: s.share.shareid, start_time: s.share.startTime, end_time: s.share.endTime,
        password: s.share.enablePassword ? secret(s.share.password) : undefined,
      },
    })),
    smart_albums: [...lib.smartAlbums.values()].map((s) => ({ name: s.name, condition: s.condition })),
  };
}
