// Conformance: album types, inheritance, anonymous visitors, passwords, privileges of users, groups, owners and
// administrators (spec §5.2–§5.5), the Permission API (§3.8) and Group list (§9). Raw HTTP only, demo seed.
import assert from 'node:assert/strict';
import { albumId, Sim } from './harness';
import { ALBUM, assertError, stopChecked, AUTH, GROUP, PERMISSION, titles } from './conformance-util';

const list = (id: string, extra: Record<string, string> = {}) => ({ id, type: 'album,photo,video', offset: 0, limit: 5, ...extra });
const rights = (browse: boolean, upload: boolean, manage: boolean) => ({ browse, upload, manage });

describe('conformance: access rules (spec §5.2–§5.5)', () => {
  const s = new Sim();
  let admin: string;
  let family: string;
  let guest: string;
  const permissionOf = async (cookie: string | null, path: string, password?: string): Promise<object> => {
    const params: Record<string, string> = { id: albumId(path), additional: 'album_permission' };
    if (password) params.password = password;
    return (await s.ok(ALBUM, 'getinfo', params, { cookie })).items[0].additional.album_permission;
  };

  before(async () => {
    await s.start({ seed: 'demo' });
    await s.control('POST', 'users', { name: 'guest', password: 'guest' });
    admin = await s.login('admin', 'admin', false);
    family = await s.login('family', 'family', false);
    guest = await s.login('guest', 'guest', false);
    // Level-2 and level-3 albums with and without a type of their own.
    await s.ok(ALBUM, 'create', { id: albumId('Holidays'), name: 'Secret', type: 'private' }, { cookie: admin });
    await s.ok(ALBUM, 'create', { id: albumId('Holidays/Secret'), name: 'Deep' }, { cookie: admin });
    await s.ok(ALBUM, 'create', { id: albumId('Holidays/Italy 2025'), name: 'Day 1' }, { cookie: admin });
    await s.ok(ALBUM, 'create', { id: albumId('Kids'), name: 'School' }, { cookie: admin });
    await s.ok(ALBUM, 'create', { id: albumId('Kids/School'), name: 'Class 1' }, { cookie: admin });
  });
  after(() => stopChecked(s));

  describe('types and inheritance (§5.2)', () => {
    it('reports the effective type on every level; level 3 takes the level-2 type', async () => {
      const info = await s.ok(ALBUM, 'getinfo', {
        id: ['Holidays', 'Holidays/Italy 2025', 'Holidays/Italy 2025/Day 1', 'Holidays/Secret', 'Holidays/Secret/Deep',
          'Family/2025', 'Kids/School/Class 1'].map(albumId).join(','),
      }, { cookie: admin });
      assert.deepEqual(info.items.map((i: any) => i.info.type), ['public', 'public', 'public', 'private', 'private', 'private', 'password']);
      assert.deepEqual(info.items.map((i: any) => i.info.allow_embed), [true, true, true, false, false, false, false]);
    });

    it('inheritParent on a level-2 album makes it follow the level-1 type', async () => {
      await s.ok(ALBUM, 'create', { id: albumId('Garden'), name: 'Shed', type: 'private', inheritParent: 'false' }, { cookie: admin });
      assertError(await s.call(ALBUM, 'list', list(albumId('Garden/Shed')), { cookie: null }), 417);
      await s.ok(ALBUM, 'edit', { id: albumId('Garden/Shed'), inheritParent: 'true' }, { cookie: admin });
      const anon = await s.ok(ALBUM, 'getinfo', { id: albumId('Garden/Shed') }, { cookie: null });
      assert.equal(anon.items[0].info.type, 'public');
      await s.ok(ALBUM, 'create', { id: albumId('Garden'), name: 'Greenhouse', type: 'private', inheritParent: 'true' }, { cookie: admin });
      assert.equal((await s.ok(ALBUM, 'getinfo', { id: albumId('Garden/Greenhouse') }, { cookie: null })).items[0].info.type, 'public');
    });

    it('a non-admin setting a type → 420 (create and edit)', async () => {
      await s.ok(ALBUM, 'create', { id: albumId('Family'), name: 'Typed By Family' }, { cookie: family });
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Family/Typed By Family'), type: 'public' }, { cookie: family }), 420);
      assertError(await s.call(ALBUM, 'create', { id: albumId('Family'), name: 'Other', type: 'public' }, { cookie: family }), 420);
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Family'), type: 'public' }, { cookie: guest }), 419);
    });
  });

  describe('anonymous visitors (§5.3)', () => {
    it('read public albums and their sub-albums', async () => {
      const data = await s.ok(ALBUM, 'list', list(albumId('Holidays')), { cookie: null });
      assert.ok(data.total > 0);
      await s.ok(ALBUM, 'list', list(albumId('Holidays/Italy 2025/Day 1')), { cookie: null });
      await s.ok(ALBUM, 'getinfo', { id: albumId('Party 2026') }, { cookie: null });
    });

    it('see public and password albums in the root, never private ones', async () => {
      const root = titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: null }));
      for (const t of ['Holidays', 'Kids', 'Garden', 'Party 2026']) assert.ok(root.includes(t), t);
      for (const t of ['Family', 'Christmas 2025', 'Wedding', 'Archive', 'Screenshots']) assert.ok(!root.includes(t), t);
      // A private level-2 album is hidden in its public parent.
      const holidays = titles(await s.ok(ALBUM, 'list', { id: albumId('Holidays'), type: 'album', offset: 0, limit: -1 }, { cookie: null }));
      assert.ok(!holidays.includes('Secret'));
      assert.ok(holidays.includes('Italy 2025'));
    });

    it('private → 417 on list and getinfo, at every level', async () => {
      for (const path of ['Family', 'Family/2025', 'Holidays/Secret', 'Holidays/Secret/Deep', 'Archive/Scans']) {
        assertError(await s.call(ALBUM, 'list', list(albumId(path)), { cookie: null }), 417);
        assertError(await s.call(ALBUM, 'getinfo', { id: albumId(path) }, { cookie: null }), 417);
      }
      // The simulator does not reveal whether something exists below a private album (spec §1.6 choice).
      assertError(await s.call(ALBUM, 'list', list(albumId('Family/Nope')), { cookie: null }), 417);
    });

    it('password → 416 without or with a wrong password, content with the right one, below too', async () => {
      for (const path of ['Kids', 'Kids/School', 'Kids/School/Class 1']) {
        assertError(await s.call(ALBUM, 'list', list(albumId(path)), { cookie: null }), 416);
        assertError(await s.call(ALBUM, 'list', list(albumId(path), { password: 'wrong' }), { cookie: null }), 416);
        assertError(await s.call(ALBUM, 'getinfo', { id: albumId(path) }, { cookie: null }), 416);
        await s.ok(ALBUM, 'list', list(albumId(path), { password: 'kids' }), { cookie: null });
        await s.ok(ALBUM, 'getinfo', { id: albumId(path), password: 'kids' }, { cookie: null });
      }
      const kids = await s.ok(ALBUM, 'list', list(albumId('Kids'), { password: 'kids', limit: '-1' }), { cookie: null });
      assert.equal(kids.items.filter((i: any) => i.type !== 'album').length, 25);
      // Without a session nothing can be remembered.
      assertError(await s.call(ALBUM, 'list', list(albumId('Kids')), { cookie: null }), 416);
    });

    it('every write needs a login (105)', async () => {
      const id = albumId('Holidays');
      assertError(await s.call(ALBUM, 'create', { id, name: 'x' }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'edit', { id, description: 'x' }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'delete', { id }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'move', { id, sharepath: '', duplicate: 'ignore' }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'arrangeitem', { id, item_id: albumId('Holidays/Italy 2025'), offset: 0, limit: 1 }, { cookie: null }), 105);
      assertError(await s.call(ALBUM, 'cleararrangeitem', { id }, { cookie: null }), 105);
      assertError(await s.call(PERMISSION, 'list', { id }, { cookie: null }), 105);
      assertError(await s.call(GROUP, 'list', {}, { cookie: null }), 105);
      // Password albums: knowing the password is not a login.
      assertError(await s.call(ALBUM, 'create', { id: albumId('Kids'), name: 'x', password: 'kids' }, { cookie: null }), 105);
    });

    it('see no privileges but browse on public albums', async () => {
      assert.deepEqual(await permissionOf(null, 'Holidays'), rights(true, false, false));
      assert.deepEqual(await permissionOf(null, 'Kids', 'kids'), rights(false, false, false));
    });
  });

  describe('logged-in users (§5.3, §5.4)', () => {
    it('a correct password is remembered per session, for the album and its sub-albums', async () => {
      const a = await s.login('guest', 'guest', false);
      const b = await s.login('guest', 'guest', false);
      assertError(await s.call(ALBUM, 'list', list(albumId('Kids')), { cookie: a }), 416);
      await s.ok(ALBUM, 'list', list(albumId('Kids'), { password: 'kids' }), { cookie: a });
      await s.ok(ALBUM, 'list', list(albumId('Kids')), { cookie: a });
      await s.ok(ALBUM, 'getinfo', { id: albumId('Kids/School/Class 1') }, { cookie: a });
      // Another session of the same user has not given it.
      assertError(await s.call(ALBUM, 'list', list(albumId('Kids')), { cookie: b }), 416);
      // A wrong password later does not lock the session out again.
      await s.ok(ALBUM, 'list', list(albumId('Kids'), { password: 'nope' }), { cookie: a });
    });

    it('admins need no password and see every album; users without a grant do not see private ones', async () => {
      await s.ok(ALBUM, 'list', list(albumId('Kids')), { cookie: admin });
      const adminRoot = titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: admin }));
      for (const t of ['Family', 'Christmas 2025', 'Wedding', 'Kids']) assert.ok(adminRoot.includes(t), t);
      const guestRoot = titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: guest }));
      for (const t of ['Family', 'Christmas 2025', 'Wedding']) assert.ok(!guestRoot.includes(t), t);
      assertError(await s.call(ALBUM, 'list', list(albumId('Wedding')), { cookie: guest }), 417);
      assertError(await s.call(ALBUM, 'list', list(albumId('Family')), { cookie: guest }), 417);
      for (const path of ['Holidays', 'Family', 'Kids/School/Class 1', 'Holidays/Secret/Deep']) {
        assert.deepEqual(await permissionOf(admin, path), rights(true, true, true), path);
      }
    });

    it('a group grant gives its members browse and upload (demo: family on Family)', async () => {
      const familyRoot = titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: family }));
      assert.ok(familyRoot.includes('Family'));
      assert.ok(!familyRoot.includes('Wedding'));
      await s.ok(ALBUM, 'list', list(albumId('Family/2025')), { cookie: family });
      assert.deepEqual(await permissionOf(family, 'Family'), rights(true, true, false));
      assert.deepEqual(await permissionOf(family, 'Family/2026'), rights(true, true, false));
      assert.deepEqual(await permissionOf(family, 'Holidays'), rights(true, false, false));
      // A password album still asks the family user for the password (no grant there).
      assertError(await s.call(ALBUM, 'list', list(albumId('Kids')), { cookie: family }), 416);
      // Upload (create) works, manage (edit, delete) does not.
      await s.ok(ALBUM, 'create', { id: albumId('Family/2025'), name: 'Upload Right' }, { cookie: family });
      assertError(await s.call(ALBUM, 'edit', { id: albumId('Family/2025'), description: 'x' }, { cookie: family }), 419);
      assertError(await s.call(ALBUM, 'delete', { id: albumId('Family/2026') }, { cookie: family }), 419);
    });

    it('owners hold every privilege on what they created', async () => {
      assert.deepEqual(await permissionOf(family, 'Family/2025/Upload Right'), rights(true, true, true));
      await s.ok(ALBUM, 'edit', { id: albumId('Family/2025/Upload Right'), description: 'owned' }, { cookie: family });
      await s.ok(ALBUM, 'create', { id: albumId('Family/2025/Upload Right'), name: 'Below' }, { cookie: family });
      await s.ok(ALBUM, 'delete', { id: albumId('Family/2025/Upload Right') }, { cookie: family });
    });

    it('grants via Permission edit take effect at once: user grant, group grant, removal', async () => {
      const wedding = albumId('Wedding');
      assertError(await s.call(ALBUM, 'list', list(wedding), { cookie: family }), 417);
      await s.ok(PERMISSION, 'edit', {
        id: wedding, changes: JSON.stringify([{ name: 'family', type: 'group', browse: true, upload: false, manage: false }]),
      }, { cookie: admin });
      await s.ok(ALBUM, 'list', list(wedding), { cookie: family });
      assert.deepEqual(await permissionOf(family, 'Wedding'), rights(true, false, false));
      assert.ok(titles(await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: family })).includes('Wedding'));
      assertError(await s.call(ALBUM, 'create', { id: wedding, name: 'No' }, { cookie: family }), 418);
      // A user grant adds to the group grant (union).
      await s.ok(PERMISSION, 'edit', {
        id: wedding, changes: JSON.stringify([{ name: 'family', type: 'user', upload: true }]),
      }, { cookie: admin });
      assert.deepEqual(await permissionOf(family, 'Wedding'), rights(true, true, false));
      await s.ok(ALBUM, 'create', { id: wedding, name: 'Yes' }, { cookie: family });
      // Manage implies browse (user grant alone).
      await s.ok(PERMISSION, 'edit', {
        id: albumId('Christmas 2025'), changes: JSON.stringify([{ name: 'guest', type: 'user', manage: true }]),
      }, { cookie: admin });
      assert.deepEqual(await permissionOf(guest, 'Christmas 2025'), rights(true, false, true));
      await s.ok(ALBUM, 'edit', { id: albumId('Christmas 2025'), description: 'guest edits' }, { cookie: guest });
      // All three off removes the grant.
      await s.ok(PERMISSION, 'edit', {
        id: wedding,
        changes: JSON.stringify([{ name: 'family', type: 'group', browse: false, upload: false, manage: false },
          { name: 'family', type: 'user', browse: false, upload: false, manage: false }]),
      }, { cookie: admin });
      assertError(await s.call(ALBUM, 'list', list(wedding), { cookie: family }), 417);
      const left = await s.ok(PERMISSION, 'list', { id: wedding }, { cookie: admin });
      assert.deepEqual(left.items, []);
    });

    it('grants on a level-2 album apply to its subtree; a password grant lets users in without the password', async () => {
      await s.ok(PERMISSION, 'edit', {
        id: albumId('Holidays/Secret'), changes: JSON.stringify([{ name: 'guest', type: 'user', browse: true }]),
      }, { cookie: admin });
      await s.ok(ALBUM, 'list', list(albumId('Holidays/Secret/Deep')), { cookie: guest });
      assertError(await s.call(ALBUM, 'list', list(albumId('Holidays/Secret/Deep')), { cookie: family }), 417);
      await s.ok(PERMISSION, 'edit', {
        id: albumId('Kids'), changes: JSON.stringify([{ name: 'family', type: 'group', browse: true }]),
      }, { cookie: admin });
      const fresh = await s.login('family', 'family', false);
      await s.ok(ALBUM, 'list', list(albumId('Kids/School')), { cookie: fresh });
    });

    it('Auth reports is_admin for administrators only', async () => {
      assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: admin })).is_admin, true);
      assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: family })).is_admin, false);
    });
  });
});

describe('conformance: Permission and Group (spec §3.8, §9)', () => {
  const s = new Sim();
  let admin: string;
  let family: string;
  before(async () => {
    await s.start({ seed: 'demo' });
    admin = await s.login('admin', 'admin', false);
    family = await s.login('family', 'family', false);
  });
  after(() => stopChecked(s));

  it('list answers the grants of a level-1 or level-2 album, filtered by type', async () => {
    const data = await s.ok(PERMISSION, 'list', { id: albumId('Family') }, { cookie: admin });
    assert.deepEqual(data.items, [{ name: 'family', type: 'group', browse: true, upload: true, manage: false }]);
    assert.equal(data.total, 1);
    assert.deepEqual((await s.ok(PERMISSION, 'list', { id: albumId('Family'), type: 'user' }, { cookie: admin })).items, []);
    assert.equal((await s.ok(PERMISSION, 'list', { id: albumId('Family'), type: 'group' }, { cookie: admin })).items.length, 1);
    assert.deepEqual((await s.ok(PERMISSION, 'list', { id: albumId('Family/2025') }, { cookie: admin })).items, []);
  });

  it('edit replaces the grant of one name and type and keeps the others', async () => {
    await s.ok(PERMISSION, 'edit', {
      id: albumId('Family'), changes: JSON.stringify([{ name: 'family', type: 'user', browse: true, upload: false, manage: true }]),
    }, { cookie: admin });
    const data = await s.ok(PERMISSION, 'list', { id: albumId('Family') }, { cookie: admin });
    assert.deepEqual(data.items, [
      { name: 'family', type: 'group', browse: true, upload: true, manage: false },
      { name: 'family', type: 'user', browse: true, upload: false, manage: true },
    ]);
    assert.deepEqual((await s.call(PERMISSION, 'edit', {
      id: albumId('Family'), changes: JSON.stringify([{ name: 'family', type: 'user', browse: true }]),
    }, { cookie: admin })).json, { success: true });
    const after = await s.ok(PERMISSION, 'list', { id: albumId('Family'), type: 'user' }, { cookie: admin });
    assert.deepEqual(after.items, [{ name: 'family', type: 'user', browse: true, upload: false, manage: false }]);
  });

  it('427 for non-admins, 105 for anonymous visitors', async () => {
    assertError(await s.call(PERMISSION, 'list', { id: albumId('Family') }, { cookie: family }), 427);
    assertError(await s.call(PERMISSION, 'edit', {
      id: albumId('Family'), changes: JSON.stringify([{ name: 'family', type: 'user', manage: true }]),
    }, { cookie: family }), 427);
    assertError(await s.call(PERMISSION, 'list', { id: albumId('Family') }, { cookie: null }), 105);
    assertError(await s.call(PERMISSION, 'edit', { id: albumId('Family'), changes: '[]' }, { cookie: null }), 105);
  });

  it('426 for bad ids and bad changes', async () => {
    const bad = async (method: string, params: Record<string, string>): Promise<void> =>
      assertError(await s.call(PERMISSION, method, params, { cookie: admin }), 426);
    await bad('list', {});
    await bad('list', { id: albumId('Nope') });
    await bad('list', { id: 'album_zz' });
    await bad('list', { id: 'photo_2f_2f' });
    await s.ok(ALBUM, 'create', { id: albumId('Family/2025'), name: 'Level3' }, { cookie: admin });
    await bad('list', { id: albumId('Family/2025/Level3') });
    await bad('list', { id: albumId('Family'), type: 'robot' });
    const id = albumId('Family');
    await bad('edit', { id });
    await bad('edit', { id, changes: 'not json' });
    await bad('edit', { id, changes: '{"name":"family"}' });
    await bad('edit', { id, changes: '[{"name":"family"}]' });
    await bad('edit', { id, changes: '[{"name":"nobody","type":"user","browse":true}]' });
    await bad('edit', { id, changes: '[{"name":"nogroup","type":"group","browse":true}]' });
    await bad('edit', { id, changes: '[{"name":"family","type":"user","browse":"yes"}]' });
    await bad('edit', { id, changes: '[null]' });
    await bad('edit', { id: albumId('Nope'), changes: '[]' });
    // Nothing changed by the refused edits.
    const data = await s.ok(PERMISSION, 'list', { id, type: 'group' }, { cookie: admin });
    assert.equal(data.items.length, 1);
  });

  it('Group list names the groups and their members, for logged-in users', async () => {
    const data = await s.ok(GROUP, 'list', { offset: 0, limit: -1 }, { cookie: family });
    assert.deepEqual(data, { total: 1, offset: 1, items: [{ name: 'family', description: 'The family', members: ['family'] }] });
    assertError(await s.call(GROUP, 'list', {}, { cookie: null }), 105);
    assertError(await s.call(GROUP, 'frobnicate', {}, { cookie: family }), 103);
  });
});
