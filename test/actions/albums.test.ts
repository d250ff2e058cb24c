import assert from 'node:assert/strict';
import { Rig, rejects } from './helpers';

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

describe('album actions', () => {
  const rig = new Rig();
  beforeEach(() => rig.start());
  afterEach(() => rig.stop());

  it('album.list lists the top level and inside an album, with counts', async () => {
    const top = await rig.run('album.list');
    assert.equal(top.total, 14);
    const family = top.albums.find((a: any) => a.path === 'Family');
    assert.deepEqual(family.items, { photo: 8, video: 0 });
    assert.equal(family.type, 'private');
    const inside = await rig.run('album.list', { parent: 'Holidays' });
    assert.deepEqual(inside.albums.map((a: any) => a.path), ['Holidays/Beach 2024', 'Holidays/Italy 2025', 'Holidays/Norway 2026']);
    assert.deepEqual(inside.albums[0].parent, { id: `album_${hex('Holidays')}`, path: 'Holidays' });
  });

  it('album.get takes an id or a path and answers both', async () => {
    const byPath = await rig.run('album.get', { album: 'Holidays/Italy 2025' });
    const byId = await rig.run('album.get', { album: `album_${hex('Holidays/Italy 2025')}` });
    assert.deepEqual(byPath, byId);
    assert.equal(byPath.id, `album_${hex('Holidays/Italy 2025')}`);
    assert.equal(byPath.path, 'Holidays/Italy 2025');
    assert.match(byPath.url, /\/photo\/#!Albums\/album_486f6c6964617973\/album_/);
    await rejects(rig.run('album.get', { album: 'Nowhere' }), 'not_found', /^album Nowhere does not exist or this account cannot see it/);
  });

  it('album.create makes an album inside a parent, with protection', async () => {
    const created = await rig.run('album.create', { name: 'Garden party', parent: 'Family', title: 'Garden party 2026', type: 'public' });
    assert.equal(created.path, 'Family/Garden party');
    assert.equal(created.title, 'Garden party 2026');
    assert.equal(created.type, 'public');
    await rejects(rig.run('album.create', { name: 'Garden party', parent: 'Family' }), 'conflict', /exist/);
    await rejects(rig.run('album.create', { name: 'a/b' }), 'invalid_input', /may not contain "\/"/, 'name');
    await rejects(rig.run('album.create', { name: 'Deep', parent: 'Family/2026', type: 'public' }), 'invalid_input', /only level-1 and level-2/, 'type');
    await rejects(rig.run('album.create', { name: 'x', parent: 'Nowhere' }), 'not_found', /album Nowhere/);
  });

  it('album.create and album.delete are refused to an account without the right', async () => {
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('album.create', { name: 'Mine' }), 'forbidden');
    const ok = await family.run('album.create', { name: 'Kids party', parent: 'Family' }) as any;
    assert.equal(ok.path, 'Family/Kids party');
    await rejects(family.run('album.delete', { album: 'Party 2026' }), 'forbidden', /album Party 2026 this account lacks the right/);
  });

  it('album.delete removes an album with its contents', async () => {
    const result = await rig.run('album.delete', { album: 'Holidays/Beach 2024' });
    assert.deepEqual(result, { id: `album_${hex('Holidays/Beach 2024')}`, path: 'Holidays/Beach 2024', deleted: true });
    await rejects(rig.run('album.get', { album: 'Holidays/Beach 2024' }), 'not_found');
  });

  it('album.set_protection switches between public, private and password', async () => {
    assert.equal((await rig.run('album.set_protection', { album: 'Garden', type: 'private' })).type, 'private');
    const anonymous = rig.newStation({});
    await rejects(anonymous.run('album.get', { album: 'Garden' }), 'forbidden');
    assert.equal((await rig.run('album.set_protection', { album: 'Garden', type: 'password', password: 'pw1' })).type, 'password');
    await rejects(anonymous.run('album.get', { album: 'Garden' }), 'password_required', /album Garden needs its password/);
    assert.equal((await rig.run('album.set_protection', { album: 'Garden', type: 'public' })).type, 'public');
    assert.equal(((await anonymous.run('album.get', { album: 'Garden' })) as any).type, 'public');
  });

  it('album.set_protection is for administrators', async () => {
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('album.set_protection', { album: 'Family', type: 'public' }), 'forbidden');
    assert.equal((await rig.run('album.get', { album: 'Family' })).type, 'private');
  });

  it('album.toggle_password locks and unlocks back to the type before, across restarts', async () => {
    const on = await rig.run('album.toggle_password', { album: 'Garden', enabled: true, password: 'secret' });
    assert.equal(on.type, 'password');
    assert.equal(on.previous_type, 'public');
    // A new station on the same data directory still knows what Garden was.
    await rig.station.close();
    rig.station = rig.newStation({ username: 'admin', password: 'admin' });
    assert.equal((await rig.run('album.get', { album: 'Garden' })).previous_type, 'public');
    const off = await rig.run('album.toggle_password', { album: 'Garden', enabled: false });
    assert.equal(off.type, 'public');
    assert.equal(off.previous_type, 'password');
    // Unlocking an album that is not locked changes nothing.
    const again = await rig.run('album.toggle_password', { album: 'Garden', enabled: false });
    assert.equal(again.type, 'public');
  });

  it('album.toggle_password unlocks an album locked elsewhere to private, and needs a password to lock', async () => {
    await rejects(rig.run('album.toggle_password', { album: 'Garden', enabled: true }), 'invalid_input', /password: is required to lock/);
    const off = await rig.run('album.toggle_password', { album: 'Kids', enabled: false });
    assert.equal(off.type, 'private');
    await rejects(rig.run('album.toggle_password', { album: 'Kids/Deeper/Still', enabled: true, password: 'x' }), 'invalid_input', /level-1 and level-2/);
  });

  it('album.grant and album.revoke give and take privileges of users and groups', async () => {
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('album.get', { album: 'Christmas 2025' }), 'forbidden');
    const granted = await rig.run('album.grant', { album: 'Christmas 2025', group: 'family', browse: true, upload: true });
    assert.deepEqual(granted.grants, [{ name: 'family', type: 'group', browse: true, upload: true, manage: false }]);
    assert.equal(((await family.run('album.get', { album: 'Christmas 2025' })) as any).path, 'Christmas 2025');
    const revokedUpload = await rig.run('album.revoke', { album: 'Christmas 2025', group: 'family', upload: true });
    assert.deepEqual(revokedUpload.grants, [{ name: 'family', type: 'group', browse: true, upload: false, manage: false }]);
    const revokedAll = await rig.run('album.revoke', { album: 'Christmas 2025', group: 'family' });
    assert.deepEqual(revokedAll.grants, []);
    await rejects(family.run('album.get', { album: 'Christmas 2025' }), 'forbidden');
    const user = await rig.run('album.grant', { album: 'Wedding', user: 'family' });
    assert.deepEqual(user.grants, [{ name: 'family', type: 'user', browse: true, upload: false, manage: false }]);
    await rejects(rig.run('album.grant', { album: 'Wedding', user: 'nobody' }), 'not_found', /user nobody does not exist/, 'user');
    await rejects(family.run('album.grant', { album: 'Family', user: 'family', manage: true }), 'forbidden');
    await rejects(rig.run('album.grant', { album: 'Family/2026/x', user: 'family' }), 'invalid_input', /level-1 and level-2/);
    await rejects(rig.run('album.revoke', { album: 'Nowhere', user: 'family' }), 'not_found', /album Nowhere does not exist/);
  });
});
