import { formatDate } from './clock';
import { addFixtureAlbum, addFixtureItem, type Fixture, FixtureError, loadFixture } from './fixture';
import { mulberry32 } from './random';
import { makeUser, type SimState } from './state';

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

export const DEMO_ALBUM_PASSWORD = 'kids';

/** Albums of the demo library: [path, type, first day, days, photos]. Types on level 1/2 only. */
const DEMO_ALBUMS: Array<[string, 'public' | 'private' | 'password' | undefined, string, number, number]> = [
  ['Family', 'private', '2025-01-01', 20, 8],
  ['Family/2025', undefined, '2025-02-01', 300, 30],
  ['Family/2026', undefined, '2026-01-01', 300, 30],
  ['Kids', 'password', '2025-03-01', 400, 25],
  ['Party 2026', 'public', '2026-06-20', 1, 30],
  ['Holidays', 'public', '2024-07-01', 10, 4],
  ['Holidays/Italy 2025', undefined, '2025-08-02', 14, 25],
  ['Holidays/Norway 2026', undefined, '2026-07-10', 12, 22],
  ['Holidays/Beach 2024', undefined, '2024-08-12', 7, 15],
  ['Garden', 'public', '2025-04-01', 180, 12],
  ['Pets', 'public', '2024-01-01', 700, 14],
  ['Nature', 'public', '2023-05-01', 900, 12],
  ['Sports', 'public', '2025-09-01', 200, 10],
  ['Christmas 2025', 'private', '2025-12-24', 3, 14],
  ['Birthday Anna', 'public', '2026-03-14', 1, 12],
  ['Wedding', 'private', '2024-09-07', 1, 10],
  ['Concerts', 'public', '2025-10-01', 60, 8],
  ['Archive', 'private', '2015-01-01', 3000, 6],
  ['Archive/Scans', undefined, '1995-01-01', 3000, 5],
  ['Screenshots', 'private', '2026-01-01', 300, 2],
];

const TAGS = ['Beach', 'Sunset', 'Birthday', 'Cake', 'Snow', 'Garden', 'Dog', 'Cat', 'Mountains', 'Friends', 'Party'];
const PEOPLE = ['Anna', 'Ben', 'Clara', 'David', 'Emma'];
const PLACES = ['Kiel', 'Rome', 'Oslo', 'Berlin', 'Bergen', 'Florence'];
const CAMERAS: Array<[string, string]> = [['Canon', 'EOS 80D'], ['Apple', 'iPhone 15'], ['Sony', 'ILCE-7M3'], ['Google', 'Pixel 8']];

/** `--seed demo`: the accounts and library of the design (docs/simulator.md lists them). */
export function demoFixture(): Fixture {
  const rand = mulberry32(2026);
  const items: NonNullable<Fixture['items']> = [];
  let n = 0;
  for (const [path, , first, days, count] of DEMO_ALBUMS) {
    const start = Date.parse(`${first}T09:00:00Z`) / 1000;
    for (let i = 0; i < count; i++) {
      n++;
      const video = n % 12 === 0;
      const taken = start + Math.floor(rand() * days * 86400);
      const [camera, model] = pick(rand, CAMERAS);
      const tags = [...new Set([pick(rand, TAGS), ...(rand() < 0.4 ? [pick(rand, TAGS)] : [])])];
      if (path.startsWith('Party')) tags.push('Party');
      if (path.includes('Beach')) tags.push('Beach');
      // Drawn in the same order as ever (the demo library must not change); GPS is then kept only as a pair.
      const created = taken + 3600 + Math.floor(rand() * 86400);
      const rating = Math.floor(rand() * 6);
      const people = rand() < 0.5 ? [pick(rand, PEOPLE)] : [];
      const places = rand() < 0.3 ? [pick(rand, PLACES)] : [];
      const lat = rand() < 0.5 ? Math.round((47 + rand() * 13) * 1e4) / 1e4 : undefined;
      const lng = rand() < 0.5 ? Math.round((6 + rand() * 9) * 1e4) / 1e4 : undefined;
      const gps = lat !== undefined && lng !== undefined;
      items.push({
        path: `${path}/${video ? 'VID' : 'IMG'}_${String(n).padStart(4, '0')}.${video ? 'MP4' : 'JPG'}`,
        takendate: formatDate(taken),
        createdate: formatDate(created),
        rating,
        tags: [...new Set(tags)],
        people,
        places,
        lat: gps ? lat : undefined,
        lng: gps ? lng : undefined,
        exif: video ? {} : { camera, model, iso: pick(rand, [100, 200, 400, 800]), exposure: '1/250', aperture: 'f/2.8' },
      });
    }
  }
  return {
    settings: { title: 'Family photos (demo)' },
    groups: [{ name: 'family', description: 'The family' }],
    users: [
      { name: 'admin', password: 'admin', admin: true },
      { name: 'family', password: 'family', groups: ['family'], allow_public_share: true },
    ],
    albums: DEMO_ALBUMS.map(([path, type]) => ({
      path, type, password: type === 'password' ? DEMO_ALBUM_PASSWORD : undefined,
      description: path === 'Kids' ? 'Password protected' : '',
      grants: path === 'Family' ? [{ name: 'family', type: 'group', browse: true, upload: true, manage: false }] : [],
    })),
    items,
    shared_albums: [{
      name: 'Party 2026 highlights', owner: 'admin',
      items: items.filter((i) => i.path.startsWith('Party 2026/')).slice(0, 12).map((i) => i.path),
      public: { enabled: true, shareid: 'demoParty2026' },
    }],
    smart_albums: [{ name: 'Beach days', condition: { desc_tag: 'Beach', type: 'photo,video' } }],
  };
}

/**
 * `--seed photos:N`: N items over about N/50 albums (years, then events), deterministic.
 * Built straight into the library: 100,000 items must be ready in seconds.
 */
export function seedPhotos(state: SimState, count: number): void {
  state.users.set('admin', makeUser('admin', 'admin', { admin: true }));
  const lib = state.standard;
  lib.recording = false;
  try {
    const rand = mulberry32(count);
    const albums = Math.max(1, Math.ceil(count / 50));
    const years = Math.max(1, Math.min(20, Math.ceil(albums / 10)));
    const tagIds = TAGS.map((t) => lib.addTag('desc', t).id);
    for (let y = 0; y < years; y++) addFixtureAlbum(state, lib, { path: `${2026 - y}`, type: 'public' }, 'seed');
    for (let a = 0; a < albums; a++) {
      const year = 2026 - (a % years);
      const album = `${year}/Event ${String(a + 1).padStart(5, '0')}`;
      addFixtureAlbum(state, lib, { path: album }, 'seed');
      const start = Date.UTC(year, 0, 1) / 1000 + Math.floor(rand() * 360) * 86400;
      const inAlbum = Math.min(50, count - a * 50);
      for (let i = 0; i < inAlbum; i++) {
        const n = a * 50 + i + 1;
        const video = n % 20 === 0;
        const item = addFixtureItem(state, lib, {
          path: `${album}/${video ? 'VID' : 'IMG'}_${String(n).padStart(6, '0')}.${video ? 'MP4' : 'JPG'}`,
          takendate: formatDate(start + i * 600), rating: n % 6,
        }, 'seed');
        if (n % 7 === 0) lib.addLink(tagIds[n % tagIds.length], item.uid);
      }
    }
  } finally {
    lib.recording = true;
  }
}

export type Seed = 'demo' | 'empty' | `photos:${number}`;

export function isSeed(value: string): value is Seed {
  return value === 'demo' || value === 'empty' || /^photos:\d{1,7}$/.test(value);
}

/** Replaces everything with a seed (and optionally a fixture on top). */
export function applySeed(state: SimState, seed: Seed, fixture?: Fixture): void {
  state.clearContent();
  if (seed === 'demo') loadFixture(state, demoFixture());
  else if (seed === 'empty') state.users.set('admin', makeUser('admin', 'admin', { admin: true }));
  else if (seed.startsWith('photos:')) seedPhotos(state, Number(seed.slice('photos:'.length)));
  else throw new FixtureError(`unknown seed "${seed}"`);
  if (fixture) loadFixture(state, fixture);
  state.standard.changes.length = 0;
}
