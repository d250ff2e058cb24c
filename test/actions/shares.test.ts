import assert from 'node:assert/strict';
import { Station } from '../../src/station';
import { Rig, rejects } from './helpers';

/** What a guest sees opening the link (no login). */
async function guest(url: string, password?: string): Promise<number> {
  const res = await fetch(password ? `${url}?password=${encodeURIComponent(password)}` : url);
  await res.text();
  return res.status;
}

describe('share actions', () => {
  const rig = new Rig();
  beforeEach(() => rig.start());
  afterEach(() => rig.stop());

  it('share.create makes a public link for an album that a guest can open', async () => {
    const share = await rig.run('share.create', { album: 'Party 2026', lifetime: '7d' });
    assert.match(share.share_id, /^[A-Za-z0-9_-]+$/);
    assert.equal(share.name, 'Party 2026');
    assert.equal(share.status, 'valid');
    assert.equal(share.items, 30);
    assert.equal(share.url, `${rig.sim.origin}/photo/share/${share.share_id}`);
    assert.deepEqual(share.album, { id: 'album_50617274792032303236', path: 'Party 2026' });
    const end = Date.parse(share.end);
    assert.ok(Math.abs(end - (Date.now() + 7 * 86_400_000)) < 60_000, share.end);
    assert.equal(await guest(share.url), 200);
    // A second link for the same album gets its own shared album.
    const second = await rig.run('share.create', { album: 'Party 2026' });
    assert.equal(second.name, 'Party 2026 (2)');
    assert.notEqual(second.share_id, share.share_id);
    assert.equal(second.end, null);
  });

  it('share.create with chosen items, a name and a password', async () => {
    const found = await rig.run('photo.search', { album: 'Garden', limit: 3 });
    const ids = found.items.map((i: any) => i.id);
    const share = await rig.run('share.create', { items: ids, name: 'Three flowers', password: 'guest-pw' });
    assert.equal(share.items, 3);
    assert.equal(share.password_protected, true);
    assert.equal(await guest(share.url), 401);
    assert.equal(await guest(share.url, 'wrong'), 401);
    assert.equal(await guest(share.url, 'guest-pw'), 200);
    assert.doesNotMatch(JSON.stringify(share), /guest-pw/);
  });

  it('share.create refuses what the NAS refuses, and leaves nothing half-made', async () => {
    await rejects(rig.run('share.create', { album: 'Nowhere' }), 'not_found', /album Nowhere/);
    const family = rig.newStation({ username: 'family', password: 'family' });
    await rejects(family.run('share.create', { album: 'Wedding' }), 'forbidden');
    const before = (await rig.run('share.list')).total;
    await rig.control('POST', 'faults', { api: 'SYNO.PhotoStation.SharedAlbum', method: 'edit_public_share', kind: 'error', code: 551 });
    await rejects(rig.run('share.create', { album: 'Garden' }), 'forbidden');
    assert.equal((await rig.run('share.list')).total, before);
  });

  it('a link with a start in the future is not started yet', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const share = await rig.run('share.create', { album: 'Garden', start, lifetime: '1d' });
    assert.equal(share.status, 'not_started');
    assert.equal(await guest(share.url), 403);
  });

  it('share.update changes name, password, window and items', async () => {
    const share = await rig.run('share.create', { album: 'Garden' });
    const more = await rig.run('photo.search', { album: 'Pets', limit: 2 });
    const updated = await rig.run('share.update', {
      share_id: share.share_id, name: 'Garden and pets', password: 'pw', add_items: more.items.map((i: any) => i.id), end: '2099-01-01T00:00:00Z',
    });
    assert.equal(updated.name, 'Garden and pets');
    assert.equal(updated.items, share.items + 2);
    assert.equal(updated.password_protected, true);
    assert.equal(updated.end, '2099-01-01T00:00:00.000Z');
    assert.equal(await guest(share.url), 401);
    const open = await rig.run('share.update', { share_id: share.share_id, remove_password: true });
    assert.equal(open.password_protected, false);
    assert.equal(await guest(share.url), 200);
    await rejects(rig.run('share.update', { share_id: 'nope123' }), 'not_found', /share nope123 does not exist/);
  });

  it('share.revoke stops a link; delete removes the shared album', async () => {
    const share = await rig.run('share.create', { album: 'Garden' });
    const revoked = await rig.run('share.revoke', { share_id: share.share_id });
    assert.deepEqual(revoked, { share_id: share.share_id, status: 'revoked', deleted: false });
    assert.equal(await guest(share.url), 403);
    assert.equal((await rig.run('share.get', { share_id: share.share_id })).status, 'revoked');
    await rig.run('share.revoke', { share_id: share.share_id, delete: true });
    await rejects(rig.run('share.get', { share_id: share.share_id }), 'not_found');
    assert.equal(await guest(share.url), 404);
  });

  it('share.revoke older_than revokes only links made long enough ago', async () => {
    let now = Date.now();
    const station = rig.newStation({ username: 'admin', password: 'admin', now: () => now });
    const old = await station.run('share.create', { album: 'Garden' }) as any;
    now += 8 * 86_400_000;
    const fresh = await station.run('share.create', { album: 'Pets' }) as any;
    const result = await station.run('share.revoke', { older_than: '7d' }) as any;
    assert.deepEqual(result.revoked, [old.share_id]);
    assert.equal(((await station.run('share.get', { share_id: old.share_id })) as any).status, 'revoked');
    assert.equal(((await station.run('share.get', { share_id: fresh.share_id })) as any).status, 'valid');
    // The demo's own link was made elsewhere: it is aged from the first time the station saw it.
    assert.equal(((await station.run('share.get', { share_id: 'demoParty2026' })) as any).status, 'valid');
    now += 8 * 86_400_000;
    const later = await station.run('share.revoke', { older_than: '7d' }) as any;
    assert.deepEqual(later.revoked.sort(), [fresh.share_id, 'demoParty2026'].sort());
  });

  it('share.list filters by state', async () => {
    const a = await rig.run('share.create', { album: 'Garden' });
    await rig.run('share.create', { album: 'Pets' });
    await rig.run('share.revoke', { share_id: a.share_id });
    const all = await rig.run('share.list');
    assert.equal(all.total, 3);
    const revoked = await rig.run('share.list', { status: 'revoked' });
    assert.deepEqual(revoked.shares.map((s: any) => s.share_id), [a.share_id]);
    assert.equal((await rig.run('share.list', { status: 'valid' })).total, 2);
  });

  it('the station ends links at their exact end time, before the NAS would', async () => {
    let now = Date.now();
    const station = rig.newStation({ username: 'admin', password: 'admin', now: () => now });
    const share = await station.run('share.create', { album: 'Garden', lifetime: '2h' }) as any;
    assert.deepEqual(await station.expireShares(), []);
    now += 2 * 3_600_000 + 1000;
    // The NAS still has the whole day; the station's own view already says expired.
    assert.equal(((await station.run('share.get', { share_id: share.share_id })) as any).status, 'expired');
    assert.equal(await guest(share.url), 200);
    assert.deepEqual(await station.expireShares(), [share.share_id]);
    assert.equal(await guest(share.url), 403);
    assert.deepEqual(await station.expireShares(), []);
  });
});

describe('share actions across stations', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a link made by another station (or in the web UI) is known by the album of its photos', async () => {
    const made = await rig.run('share.create', { album: 'Pets' });
    // A station with a data directory of its own has no record of that link.
    const other = new Station({ url: rig.sim.origin, username: 'admin', password: 'admin' });
    try {
      const list = (await other.run('share.list', { status: 'valid' })) as any;
      const pets = list.shares.find((s: any) => s.share_id === made.share_id);
      assert.deepEqual(pets.album, { id: made.album.id, path: 'Pets' });
      assert.equal(pets.items, made.items);
      const demo = list.shares.find((s: any) => s.share_id === 'demoParty2026');
      assert.equal(demo.album.path, 'Party 2026');
    } finally {
      await other.close();
    }
  });
});
