import { formatDate, parseDate } from './clock';
import { baseName, isValidName, kindOfFile, trimSlashes } from './ids';
import { depthOf, type Library, nameOf, parentOf } from './library';
import { ALBUM_TYPES, type Album, type Grant, type Item, type TagType } from './model';
import { emptyShare } from './apis/shared-album';
import { isShareDate, newShareId } from './shares';
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
      advanced?: boolean; comment?: boolean; color_label?: boolean; marquee_tool?: boolean;
      /** Names of the six colour-label slots (spec §3.5), '' = unused. */
      color_labels?: string[] } }>;
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
  /** Faces the recognition proposed and nobody confirmed yet (spec §5.11). */
  unconfirmed_people?: string[];
  comments?: Array<{ name: string; comment: string; date?: string; email?: string }>;
}

export class FixtureError extends Error {}

const fail = (where: string, what: string): never => {
  throw new FixtureError(`fixture ${where}: ${what}`);
};

/** The entries of an optional list of the fixture; anything but an array is refused by name. */
function entries<T>(value: T[] | undefined, where: string): Array<[number, T]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(where, 'must be an array');
  return [...value.entries()];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function checkNumber(v: unknown, where: string, field: string, min = -Infinity, max = Infinity): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(where, `${field} must be a number${Number.isFinite(min) && Number.isFinite(max) ? ` ${min}-${max}` : ''}`);
  }
}

function checkStrings(v: unknown, where: string, field: string): void {
  if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
    fail(where, `${field} must be an array of strings`);
  }
}

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
  if (spec.owner !== undefined && !state.users.has(spec.owner)) fail(where, `owner "${String(spec.owner)}" is not a user`);
  for (const g of entries(spec.grants, `${where}.grants`).map(([, g]) => g)) {
    if (!isObject(g) || typeof g.name !== 'string') fail(where, 'a grant needs a name');
    if (g.type !== 'user' && g.type !== 'group') fail(where, 'grant type must be user or group');
  }
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
    mtime: Math.min(created * 1000, state.clock.now()),
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
  checkNumber(spec.rating, where, 'rating', 0, 5);
  checkNumber(spec.lat, where, 'lat', -90, 90);
  checkNumber(spec.lng, where, 'lng', -180, 180);
  if ((spec.lat === undefined) !== (spec.lng === undefined)) fail(where, 'lat and lng go together');
  for (const field of ['size', 'width', 'height', 'duration'] as const) checkNumber(spec[field], where, field, 0);
  checkNumber(spec.rotation, where, 'rotation', 1, 8);
  for (const field of ['tags', 'people', 'places', 'unconfirmed_people'] as const) checkStrings(spec[field], where, field);
  if (spec.exif !== undefined && !isObject(spec.exif)) fail(where, 'exif must be an object');
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
    // A seeded date may lie ahead of the clock; the last change of the item cannot.
    mtime: Math.min(created * 1000, state.clock.now()), comments: [], owner: spec.owner ?? 'admin',
  };
  lib.addItem(item);
  const attach = (type: TagType, names: string[] | undefined, confirmed = true): void => {
    for (const tagName of names ?? []) {
      const tag = lib.findTag(type, tagName) ?? lib.addTag(type, tagName);
      lib.addLink(tag.id, item.uid, type === 'people' ? { x: 0.25, y: 0.25, width: 0.5, height: 0.5 } : undefined, confirmed);
    }
  };
  attach('desc', spec.tags);
  attach('people', spec.people);
  attach('geo', spec.places);
  attach('people', spec.unconfirmed_people, false);
  for (const [, c] of entries(spec.comments, `${where}.comments`)) {
    if (!isObject(c) || typeof c.name !== 'string' || typeof c.comment !== 'string') {
      fail(where, 'a comment needs a name and a comment');
    }
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
    for (const [i, g] of entries(fixture.groups, 'groups')) {
      if (typeof g?.name !== 'string') fail(`groups[${i}]`, 'name must be a string');
      state.groups.set(g.name, { name: g.name, description: g.description ?? '' });
    }
    for (const [i, u] of entries(fixture.users, 'users')) {
      if (typeof u?.name !== 'string' || typeof u.password !== 'string') fail(`users[${i}]`, 'name and password must be strings');
      for (const g of u.groups ?? []) if (!state.groups.has(g)) state.groups.set(g, { name: g, description: '' });
      state.users.set(u.name, makeUser(u.name, u.password, {
        admin: !!u.admin, groups: u.groups ?? [], email: u.email ?? `${u.name}@example.invalid`,
        allowComment: u.allow_comment ?? true, allowPublicShare: u.allow_public_share ?? !!u.admin,
        disabled: !!u.disabled, allowed: u.allowed ?? true,
      }));
    }
    if (!state.users.has('admin')) state.users.set('admin', makeUser('admin', 'admin', { admin: true }));
    for (const [i, a] of entries(fixture.albums, 'albums')) addFixtureAlbum(state, lib, a, `albums[${i}]`);
    for (const [i, it] of entries(fixture.items, 'items')) addFixtureItem(state, lib, it, `items[${i}]`);
    for (const [i, s] of entries(fixture.shared_albums, 'shared_albums')) {
      const where = `shared_albums[${i}]`;
      if (typeof s?.name !== 'string' || s.name === '') fail(where, 'name must be a non-empty string');
      const owner = s.owner ?? 'admin';
      if (!state.users.has(owner)) fail(where, `owner "${String(owner)}" is not a user`);
      if ([...lib.sharedAlbums.values()].some((o) => o.owner === owner && o.name === s.name)) {
        fail(where, `${owner} already has a shared album named "${s.name}"`);
      }
      const share = emptyShare();
      if (s.public !== undefined) {
        const p = s.public;
        if (!isObject(p)) fail(where, 'public must be an object');
        if (p.shareid !== undefined) {
          if (typeof p.shareid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(p.shareid)) {
            fail(where, 'shareid must be 1-64 letters, digits, _ or -');
          }
          if (lib.sharedByShareId(p.shareid)) fail(where, `share id "${p.shareid}" is already used`);
        }
        for (const key of ['start_time', 'end_time'] as const) {
          const v = p[key];
          if (v !== undefined && (typeof v !== 'string' || (v !== '' && !isShareDate(v)))) fail(where, `${key} must be YYYY-MM-DD`);
        }
        if (p.password !== undefined && typeof p.password !== 'string') fail(where, 'password must be a string');
        checkStrings(p.color_labels, where, 'color_labels');
        if (p.color_labels !== undefined && p.color_labels.length !== 6) fail(where, 'color_labels must name 6 slots');
        share.isShared = p.enabled ?? true;
        share.shareid = p.shareid ?? newShareId((id) => lib.sharedByShareId(id) !== undefined);
        share.startTime = p.start_time ?? '';
        share.endTime = p.end_time ?? '';
        share.enablePassword = !!p.password;
        share.password = p.password ?? '';
        share.isAdvanced = !!p.advanced;
        share.enableComment = !!p.comment;
        share.enableColorLabel = !!p.color_label;
        share.enableMarqueeTool = !!p.marquee_tool;
        if (p.color_labels) share.colorLabels = [...p.color_labels];
      }
      const uids = [...new Set(entries(s.items, `${where}.items`).map(([, p]) => {
        if (typeof p !== 'string') fail(where, 'items must be item paths');
        const path = trimSlashes(p);
        return lib.itemAt(parentOf(path), nameOf(path))?.uid ?? fail(where, `no item "${p}"`);
      }))];
      const id = lib.newSharedId();
      lib.sharedAlbums.set(id, {
        id, owner, name: s.name, uids, share, labels: new Map(), log: [], publicComments: [],
        mtime: state.clock.now(),
      });
    }
    for (const [i, s] of entries(fixture.smart_albums, 'smart_albums')) {
      if (typeof s?.name !== 'string') fail(`smart_albums[${i}]`, 'name must be a string');
      if (!isObject(s.condition) || Object.values(s.condition).some((v) => typeof v !== 'string')) {
        fail(`smart_albums[${i}]`, 'condition must be an object of strings');
      }
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
        advanced: s.share.isAdvanced, comment: s.share.enableComment, color_label: s.share.enableColorLabel,
        marquee_tool: s.share.enableMarqueeTool, color_labels: [...s.share.colorLabels],
      },
    })),
    smart_albums: [...lib.smartAlbums.values()].map((s) => ({ name: s.name, condition: s.condition })),
  };
}
