// Seeds and fixtures of the simulator (design: `photostation sim --seed demo|empty|photos:N`, `--fixture FILE`;
// spec §6), checked over raw HTTP against simulators started in-process.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { type Fixture, startSimulator } from '../../src/simulator';
import { albumId, itemId, Sim } from './harness';

const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Every album below the root, breadth first, as the caller sees them. */
async function allAlbums(s: Sim): Promise<any[]> {
  const out: any[] = [];
  const queue = [''];
  while (queue.length) {
    const id = queue.shift()!;
    const data = await s.ok(ALBUM, 'list', { ...(id ? { id } : {}), type: 'album', offset: 0, limit: -1, additional: 'album_permission' });
    for (const album of data.items) {
      out.push(album);
      queue.push(album.id);
    }
  }
  return out;
}

async function allItems(s: Sim, extra: Record<string, string> = {}): Promise<any[]> {
  const data = await s.ok(PHOTO, 'list', { type: 'photo,video', offset: 0, limit: -1, sort_by: 'filename', ...extra });
  assert.equal(data.items.length, data.total);
  return data.items;
}

describe('simulator seeds', () => {
  describe('--seed demo', () => {
    const s = new Sim();
    before(() => s.start({ seed: 'demo' }));
    after(() => s.stop());

    it('has admin/admin as administrator and family/family in group family', async () => {
      const adminLogin = await s.call('SYNO.PhotoStation.Auth', 'login', { username: 'admin', password: 'admin' }, { cookie: null });
      assert.equal((adminLogin.json!.data as any).is_admin, true);
      const familyLogin = await s.call('SYNO.PhotoStation.Auth', 'login', { username: 'family', password: 'family' }, { cookie: null });
      assert.equal((familyLogin.json!.data as any).is_admin, false);
      assert.equal(await s.code('SYNO.PhotoStation.Auth', 'login', { username: 'family', password: 'admin' }, { cookie: null }), 407);
      await s.login();
      const groups = await s.ok('SYNO.PhotoStation.Group', 'list', { offset: 0, limit: -1 });
      const familyGroup = groups.items.find((g: any) => g.name === 'family');
      assert.ok(familyGroup, 'group family exists');
      assert.deepEqual(familyGroup.members, ['family']);
    });

    it('has about 20 albums with a password album, a private album and public ones', async () => {
      await s.login();
      const albums = await allAlbums(s);
      assert.ok(albums.length >= 18 && albums.length <= 25, `${albums.length} albums`);
      const types = new Set(albums.map((a) => a.info.type));
      assert.deepEqual([...types].sort(), ['password', 'private', 'public']);
      const kids = albums.find((a) => a.info.sharepath === 'Kids');
      assert.equal(kids.info.type, 'password');
      const familyAlbum = albums.find((a) => a.info.sharepath === 'Family');
      assert.equal(familyAlbum.info.type, 'private');
      // The family group may browse its private album; anonymous visitors may not.
      const familySid = await s.login('family', 'family', false);
      const seen = await s.ok(ALBUM, 'list', { id: albumId('Family'), type: 'photo,video', offset: 0, limit: 1 }, { cookie: familySid });
      assert.ok(seen.total > 0);
      assert.equal(await s.code(ALBUM, 'list', { id: albumId('Family'), type: 'photo', offset: 0, limit: 1 }, { cookie: null }), 417);
      assert.equal(await s.code(ALBUM, 'list', { id: albumId('Kids'), type: 'photo', offset: 0, limit: 1 }, { cookie: null }), 416);
      const unlocked = await s.ok(ALBUM, 'list', { id: albumId('Kids'), type: 'photo', offset: 0, limit: 1, password: 'kids' }, { cookie: null });
      assert.ok(unlocked.total > 0);
    });

    it('has about 300 photos and videos with dates, tags and people', async () => {
      await s.login();
      const items = await allItems(s);
      assert.ok(items.length >= 250 && items.length <= 350, `${items.length} items`);
      const videos = items.filter((i) => i.type === 'video');
      assert.ok(videos.length >= 10, `${videos.length} videos`);
      assert.ok(videos.every((v) => /^video_/.test(v.id) && /\.MP4$/.test(v.info.name)));
      for (const item of items) {
        assert.match(item.info.takendate, DATE);
        assert.match(item.info.createdate, DATE);
      }
      const years = new Set(items.map((i) => i.info.takendate.slice(0, 4)));
      assert.ok(years.size >= 4, `taken over ${[...years].join(',')}`);
      const tags = await s.ok('SYNO.PhotoStation.Tag', 'list', { type: 'desc', offset: 0, limit: -1 });
      assert.ok(tags.tags.length >= 5);
      const people = await s.ok('SYNO.PhotoStation.Tag', 'list', { type: 'people', offset: 0, limit: -1 });
      assert.ok(people.tags.map((t: any) => t.name).includes('Anna'));
      const anna = people.tags.find((t: any) => t.name === 'Anna');
      const withAnna = await allItems(s, { filter_tag: anna.id });
      assert.ok(withAnna.length > 5);
      // GPS comes in pairs.
      for (const item of items) {
        if (item.type === 'photo') assert.equal('lat' in item.info, 'lng' in item.info, item.id);
      }
    });

    it('has a valid public share anonymous visitors can open', async () => {
      await s.login();
      const shared = await s.ok('SYNO.PhotoStation.SharedAlbum', 'list', { offset: 0, limit: -1, additional: 'public_share' });
      const pub = shared.items.filter((i: any) => i.additional.public_share.share_status === 'valid');
      assert.equal(pub.length, 1);
      const list = await s.ok(PHOTO, 'list', {
        filter_public_share: pub[0].additional.public_share.shareid, type: 'photo,video', offset: 0, limit: -1,
      }, { cookie: null });
      assert.ok(list.total > 0);
    });
  });

  describe('--seed empty', () => {
    const s = new Sim();
    before(() => s.start({ seed: 'empty' }));
    after(() => s.stop());

    it('has only the admin account and nothing in it', async () => {
      await s.login('admin', 'admin');
      assert.equal(await s.code('SYNO.PhotoStation.Auth', 'login', { username: 'family', password: 'family' }, { cookie: null }), 407);
      assert.deepEqual(await allAlbums(s), []);
      assert.deepEqual(await allItems(s), []);
      const shared = await s.ok('SYNO.PhotoStation.SharedAlbum', 'list', { offset: 0, limit: -1 });
      assert.equal(shared.total, 0);
    });
  });

  describe('--seed photos:N', () => {
    it('is deterministic: the same ids and dates on two starts', async () => {
      const snapshot = async (): Promise<string[]> => {
        const s = await new Sim().start({ seed: 'photos:777' });
        try {
          await s.login();
          return (await allItems(s)).map((i) => `${i.id} ${i.info.takendate} ${i.info.rating}`);
        } finally {
          await s.stop();
        }
      };
      const a = await snapshot();
      const b = await snapshot();
      assert.equal(a.length, 777);
      assert.deepEqual(a, b);
      assert.ok(a.some((line) => line.startsWith('video_')));
    });

    it('spreads N items over about N/50 albums and admin/admin', async () => {
      const s = await new Sim().start({ seed: 'photos:500' });
      try {
        await s.login();
        const albums = await allAlbums(s);
        const events = albums.filter((a) => a.info.sharepath.includes('/'));
        assert.equal(events.length, 10);
        for (const album of events) {
          const data = await s.ok(ALBUM, 'list', { id: album.id, type: 'photo,video', offset: 0, limit: 0 });
          assert.equal(data.total, 50);
        }
      } finally {
        await s.stop();
      }
    });

    it('photos:100000 starts in seconds and pages of 1000 answer quickly', async function () {
      this.timeout(120_000);
      const t0 = performance.now();
      const s = await new Sim().start({ seed: 'photos:100000' });
      const startMs = performance.now() - t0;
      try {
        assert.ok(startMs < 20_000, `start took ${Math.round(startMs)} ms`);
        await s.login();
        const seen = new Set<string>();
        let offset = 0;
        let slowest = 0;
        for (let pageNo = 0; pageNo < 100; pageNo++) {
          const t = performance.now();
          const data = await s.ok(PHOTO, 'list', { type: 'photo,video', offset, limit: 1000 });
          slowest = Math.max(slowest, performance.now() - t);
          assert.equal(data.total, 100_000);
          assert.equal(data.items.length, 1000);
          assert.equal(data.offset, offset + 1000);
          assert.equal(data.items[0].pos, offset);
          for (const item of data.items) seen.add(item.id);
          offset = data.offset;
        }
        assert.equal(seen.size, 100_000, 'pages never overlap');
        assert.ok(slowest < 1000, `slowest page ${Math.round(slowest)} ms`);
      } finally {
        await s.stop();
      }
    });
  });

  describe('fixtures', () => {
    const fixture: Fixture = {
      settings: { title: 'My photos' },
      groups: [{ name: 'friends', description: 'Friends' }],
      users: [
        { name: 'admin', password: 'secret', admin: true },
        { name: 'ann', password: 'ann', groups: ['friends'], allow_public_share: true },
      ],
      albums: [
        { path: 'Trips', type: 'public', title: 'Our trips' },
        { path: 'Trips/Rome', description: 'Spring' },
        { path: 'Vault', type: 'password', password: 'pw' },
        { path: 'Private', type: 'private', grants: [{ name: 'friends', type: 'group', browse: true, upload: false, manage: false }] },
      ],
      items: [
        { path: 'Trips/Rome/a.jpg', takendate: '2024-04-01 10:00:00', rating: 4, tags: ['Colosseum'], people: ['Ann'], lat: 41.89, lng: 12.49 },
        { path: 'Trips/Rome/b.mp4', takendate: '2024-04-02 11:00:00' },
        { path: 'Private/c.png', takendate: '2023-01-01 00:00:00', comments: [{ name: 'Ann', comment: 'Nice' }] },
      ],
      shared_albums: [{
        name: 'Rome best', owner: 'ann', items: ['Trips/Rome/a.jpg'],
        public: { shareid: 'romeBest', password: 'x', end_time: '2099-12-31', comment: true },
      }],
      smart_albums: [{ name: 'Rated', condition: { rating: '4' } }],
    };

    it('loads a library of the user’s own', async () => {
      const s = await new Sim().start({ seed: 'empty', fixture });
      try {
        assert.equal(await s.code('SYNO.PhotoStation.Auth', 'login', { username: 'admin', password: 'admin' }, { cookie: null }), 407);
        await s.login('admin', 'secret');
        const info = await s.ok('SYNO.PhotoStation.Info', 'getinfo');
        assert.equal(info.title, 'My photos');
        const albums = await allAlbums(s);
        assert.deepEqual(albums.map((a) => a.info.sharepath).sort(), ['Private', 'Trips', 'Trips/Rome', 'Vault']);
        assert.equal(albums.find((a) => a.info.sharepath === 'Trips').info.title, 'Our trips');
        const items = await allItems(s);
        assert.deepEqual(items.map((i) => i.id), [
          itemId('photo', 'Trips/Rome', 'a.jpg'), itemId('video', 'Trips/Rome', 'b.mp4'), itemId('photo', 'Private', 'c.png'),
        ]);
        const a = items[0];
        assert.equal(a.info.takendate, '2024-04-01 10:00:00');
        assert.equal(a.info.rating, 4);
        assert.equal(a.info.lat, 41.89);
        const annSid = await s.login('ann', 'ann', false);
        const priv = await s.ok(ALBUM, 'list', { id: albumId('Private'), type: 'photo', offset: 0, limit: -1 }, { cookie: annSid });
        assert.equal(priv.total, 1);
        const shared = await s.ok('SYNO.PhotoStation.SharedAlbum', 'list', { offset: 0, limit: -1, additional: 'public_share' }, { cookie: annSid });
        assert.equal(shared.items[0].name, 'Rome best');
        assert.equal(shared.items[0].additional.public_share.shareid, 'romeBest');
        assert.equal(shared.items[0].additional.public_share.end_time, '2099-12-31');
        assert.equal(shared.items[0].additional.public_share.enable_password, true);
        assert.equal(await s.code(PHOTO, 'list', { filter_public_share: 'romeBest', type: 'photo', offset: 0, limit: -1 }, { cookie: null }), 551);
        const visitor = await s.ok(PHOTO, 'list', { filter_public_share: 'romeBest', type: 'photo', offset: 0, limit: -1, password: 'x' }, { cookie: null });
        assert.equal(visitor.total, 1);
        const smart = await s.ok('SYNO.PhotoStation.SmartAlbum', 'list', { offset: 0, limit: -1 });
        assert.equal(smart.items[0].name, 'Rated');
      } finally {
        await s.stop();
      }
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ['a non-object', [], /fixture must be a JSON object/],
      ['a list that is not an array', { items: { path: 'a.jpg' } }, /items: must be an array/],
      ['a user without a password', { users: [{ name: 'x' }] }, /users\[0\]: name and password must be strings/],
      ['an unknown album type', { albums: [{ path: 'A' }, { path: 'B', type: 'secret' }] }, /albums\[1\]: type must be public, private or password/],
      ['a password album without password', { albums: [{ path: 'A', type: 'password' }] }, /albums\[0\]: a password album needs a password/],
      ['an album path with @', { albums: [{ path: '@eaDir' }] }, /albums\[0\]: invalid album path "@eaDir"/],
      ['a file that is no photo or video', { items: [{ path: 'A/x.jpg' }, { path: 'A/notes.txt' }] }, /items\[1\]: "notes.txt" has no photo or video extension/],
      ['a duplicate item', { items: [{ path: 'A/x.jpg' }, { path: 'A/x.jpg' }] }, /items\[1\]: duplicate item "A\/x.jpg"/],
      ['a bad date', { items: [{ path: 'A/x.jpg', takendate: 'yesterday' }] }, /items\[0\]: bad takendate/],
      ['a rating that is not a number', { items: [{ path: 'A/x.jpg', rating: 'five' }] }, /items\[0\]: rating must be a number 0-5/],
      ['a shared album naming a missing item', { shared_albums: [{ name: 'S', items: ['A/none.jpg'] }] }, /shared_albums\[0\]: no item "A\/none.jpg"/],
      ['a shared album of an unknown owner', { shared_albums: [{ name: 'S', owner: 'nobody' }] }, /shared_albums\[0\]: owner "nobody" is not a user/],
      ['two links with one share id', {
        shared_albums: [{ name: 'S', public: { shareid: 'same' } }, { name: 'T', public: { shareid: 'same' } }],
      }, /shared_albums\[1\]: share id "same" is already used/],
      ['a bad share window', { shared_albums: [{ name: 'S', public: { end_time: '31.12.2099' } }] }, /shared_albums\[0\]: end_time must be YYYY-MM-DD/],
      ['a grant of an unknown type', {
        albums: [{ path: 'A', grants: [{ name: 'x', type: 'robot', browse: true, upload: false, manage: false }] }],
      }, /albums\[0\]: grant type must be user or group/],
      ['a smart album without condition', { smart_albums: [{ name: 'S' }] }, /smart_albums\[0\]: condition must be an object of strings/],
    ];
    for (const [what, value, message] of bad) {
      it(`refuses ${what} with an error naming the entry`, async () => {
        await assert.rejects(startSimulator({ port: 0, fixture: value as Fixture }), (err: Error) => {
          assert.match(err.message, message);
          return true;
        });
      });
    }
  });
});

describe('fixture face suggestions', () => {
  const s = new Sim();
  before(() => s.start({
    seed: 'empty',
    fixture: { items: [{ path: 'Faces/a.jpg', people: ['Ann'] }, { path: 'Faces/b.jpg', unconfirmed_people: ['Bob'] }] },
  }));
  after(() => s.stop());

  it('seeds unconfirmed people tags that only tag_unconfirm and unconfirm_people_tag show', async () => {
    await s.login();
    const pending = await s.ok(PHOTO, 'list', { type: 'photo', offset: 0, limit: -1, filter_tag: 'tag_unconfirm' });
    assert.deepEqual(pending.items.map((i: any) => i.info.name), ['b.jpg']);
    const names = async (extra: Record<string, string>) =>
      (await s.ok('SYNO.PhotoStation.Tag', 'list', { type: 'people', offset: 0, limit: -1, ...extra })).tags.map((t: any) => t.name);
    assert.deepEqual(await names({}), ['Ann']);
    assert.deepEqual(await names({ unconfirm_people_tag: 'true' }), ['Ann', 'Bob']);
  });
});
