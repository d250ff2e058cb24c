import { strict as assert } from 'node:assert';
import * as sinon from 'sinon';
import type { Simulator } from '../../src/simulator';
import { type PhotoStationClient, PhotoStationError } from '../../src/photostation';
import { type Side, client, guardUnhandledRejections, rejectsWith, withSim } from './helpers';

const LOGIN = 'SYNO.PhotoStation.Auth.login';
const LOGOUT = 'SYNO.PhotoStation.Auth.logout';
const ALBUM_LIST = 'SYNO.PhotoStation.Album.list';

describe('client sessions', function () {
  let sim: Simulator;
  let side: Side;
  let c: PhotoStationClient | undefined;
  guardUnhandledRejections();

  before(async () => {
    ({ sim, side } = await withSim({ seed: 'demo' }));
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await side.reset('demo');
    await side.config({ singleSession: false });
    await side.clearFaults();
    await side.resetStats();
  });
  afterEach(async () => {
    sinon.restore();
    await c?.close();
    c = undefined;
  });

  it('logs in once for a burst of concurrent first calls', async () => {
    c = client(sim);
    const pages = await Promise.all(Array.from({ length: 50 }, () => c!.album.list({ limit: 1 })));
    assert.ok(pages.every((p) => p.total > 0));
    assert.equal(await side.count(LOGIN), 1);
    assert.equal(await side.count('SYNO.API.Info.query'), 1);
  });

  it('recovers from a session expiring in the middle of 100 concurrent calls with exactly one re-login', async () => {
    c = client(sim, { maxSockets: 100 });
    await c.album.list({ limit: 1 });
    assert.equal(await side.count(LOGIN), 1);
    // Staggered answers: 20 calls come back at ~60 ms, 20 at ~150 ms (both after the expiry
    // at ~30 ms), the rest at once. The late group still carries the old session when the
    // re-login of the first group is long done: it must not cause a second re-login.
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'latency', ms: 60, times: 20 });
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'latency', ms: 150, times: 20 });
    const batch = Array.from({ length: 100 }, (_, i) => c!.album.list({ limit: 1, offset: i % 5 }));
    await new Promise((r) => setTimeout(r, 30));
    await side.expireSessions();
    const results = await Promise.allSettled(batch);
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failed.map((r) => String((r as PromiseRejectedResult).reason)), []);
    assert.equal(await side.count(LOGIN), 2, 'one initial login and exactly one re-login');
    const lists = await side.count(ALBUM_LIST);
    // At least the 40 slow calls met the expired session; none was repeated twice.
    assert.ok(lists >= 1 + 100 + 40 && lists <= 1 + 100 + 100, `${lists} list requests`);
  });

  it('shares one re-login among calls queued behind a small connection pool', async () => {
    c = client(sim, { maxSockets: 2 });
    await c.album.list({ limit: 1 });
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'latency', ms: 10, times: 6 });
    const batch = Array.from({ length: 100 }, () => c!.album.list({ limit: 1 }));
    await new Promise((r) => setTimeout(r, 15));
    await side.expireSessions();
    const results = await Promise.allSettled(batch);
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    assert.equal(await side.count(LOGIN), 2);
    assert.ok((await side.count(ALBUM_LIST)) > 101, 'some calls met the expired session');
  });

  it('recovers from a 107 kick-out by a second login of the same user the same way', async () => {
    await side.config({ singleSession: true });
    c = client(sim);
    await c.album.list({ limit: 1 });
    const other = client(sim);
    try {
      await other.album.list({ limit: 1 }); // kicks out c's session
      const errors: string[] = [];
      const results = await Promise.allSettled(Array.from({ length: 30 }, () => c!.album.list({ limit: 1 })));
      for (const r of results) if (r.status === 'rejected') errors.push(String(r.reason));
      assert.deepEqual(errors, []);
      assert.equal(await side.count(LOGIN), 3, 'c, other, and one re-login of c');
    } finally {
      await other.close();
    }
  });

  it('retries a write once after a session error, so it is applied exactly once', async () => {
    c = client(sim);
    await c.album.list({ limit: 1 });
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'create', kind: 'error', code: 106 });
    const { id } = await c.album.create({ name: 'After relogin' });
    const found = (await c.album.getInfo(id))[0];
    assert.equal(found?.info.name, 'After relogin');
    assert.equal(await side.count('SYNO.PhotoStation.Album.create'), 2);
    assert.equal(await side.count(LOGIN), 2);
  });

  it('repeats only once: a second session error in a row is reported', async () => {
    c = client(sim);
    await c.album.list({ limit: 1 });
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'error', code: 119, times: 2 });
    const err = await rejectsWith(c.album.list({ limit: 1 }), 119);
    assert.equal(err.codeName, 'WEBAPI_ERR_SID_NOT_FOUND');
    assert.equal(await side.count(LOGIN), 2);
  });

  it('does not log in again for a 105 on a fresh session (a real permission problem)', async () => {
    c = client(sim);
    await c.album.list({ limit: 1 });
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'error', code: 105 });
    const err = await rejectsWith(c.album.list({ limit: 1 }), 105);
    assert.match(err.message, /permission denied/);
    assert.equal(await side.count(LOGIN), 1);
    assert.equal(await side.count(ALBUM_LIST), 2);
    assert.equal(await side.count('SYNO.PhotoStation.Auth.checkauth'), 1, 'the session was checked, found valid');
  });

  it('recovers when the NAS forgot the session (restart): 105, checkauth, one re-login', async () => {
    c = client(sim);
    await c.album.list({ limit: 1 });
    await side.reset('demo'); // drops every session, like a NAS restart
    await side.resetStats();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => c!.album.create({ name: `After restart ${i}` })));
    assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), []);
    assert.equal(await side.count(LOGIN), 1, 'one re-login');
    assert.equal(await side.count('SYNO.PhotoStation.Auth.checkauth'), 1, 'one check for the whole burst');
    assert.equal(await side.count('SYNO.PhotoStation.Album.create'), 40, 'each create refused once, then applied once');
  });

  it('recovers when a forgotten session makes a private album look forbidden (417 from a restarted NAS)', async () => {
    c = client(sim);
    const wedding = 'album_' + Buffer.from('Wedding').toString('hex');
    assert.equal((await c.album.get(wedding)).info.type, 'private');
    await side.reset('demo');
    await side.resetStats();
    const reads = await Promise.all(Array.from({ length: 10 }, () => c!.album.get(wedding)));
    assert.ok(reads.every((a) => a.info.title === 'Wedding'));
    assert.equal(await side.count(LOGIN), 1, 'one re-login');
    assert.equal(await side.count('SYNO.PhotoStation.Auth.checkauth'), 1, 'one check for the whole burst');
  });

  it('takes a 105 after an idle period as a lost session: one re-login and one repetition', async () => {
    c = client(sim, { sessionStaleAfterMs: 20 });
    await c.album.list({ limit: 1 });
    await new Promise((r) => setTimeout(r, 40));
    await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'list', kind: 'error', code: 105 });
    const page = await c.album.list({ limit: 1 });
    assert.ok(page.total > 0);
    assert.equal(await side.count(LOGIN), 2);
  });

  it('a genuine permission error of a regular user is reported, not retried', async () => {
    c = client(sim, { username: 'family', password: 'family' });
    const err = await rejectsWith(c.permission.list('album_' + Buffer.from('Family').toString('hex')), 427);
    assert.match(err.message, /administrator/);
    assert.equal(await side.count(LOGIN), 1);
  });

  it('a wrong password costs exactly one login for a burst of 100 calls, with a clear error', async () => {
    c = client(sim, { password: 'wrong-password-123' });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => c!.album.list({ limit: 1 })));
    assert.ok(results.every((r) => r.status === 'rejected'));
    const errors = results.map((r) => (r as PromiseRejectedResult).reason as PhotoStationError);
    assert.ok(errors.every((e) => e instanceof PhotoStationError && e.code === 407));
    assert.match(errors[0]!.message, /wrong user name or password/);
    assert.match(errors[0]!.message, /no new login attempt for \d+ s/);
    assert.ok(!errors.some((e) => e.message.includes('wrong-password-123')));
    // Later calls inside the pause do not reach the NAS at all.
    await rejectsWith(c.album.list({ limit: 1 }), 407);
    await rejectsWith(c.info.getInfo(), 407);
    assert.equal(await side.count(LOGIN), 1);
    assert.equal(await side.count(ALBUM_LIST), 0);
  });

  it('backs off exponentially between refused logins and recovers after new credentials', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    c = client(sim, { password: 'nope', loginBackoff: { initialMs: 10_000, maxMs: 60_000 } });
    const first = await rejectsWith(c.album.list({ limit: 1 }), 407);
    const pause1 = first.retryAt! - Date.now();
    assert.ok(pause1 >= 5_000 && pause1 <= 10_000, `first pause ${pause1}`);
    clock.tick(4_000);
    await rejectsWith(c.album.list({ limit: 1 }), 407);
    assert.equal(await side.count(LOGIN), 1, 'still paused');
    clock.tick(6_001);
    const second = await rejectsWith(c.album.list({ limit: 1 }), 407);
    assert.equal(await side.count(LOGIN), 2, 'one attempt after the pause');
    const pause2 = second.retryAt! - Date.now();
    assert.ok(pause2 >= 10_000 && pause2 <= 20_000, `second pause ${pause2}`);
    c.setCredentials('admin', 'admin');
    const page = await c.album.list({ limit: 1 });
    assert.ok(page.total > 0);
    assert.equal(await side.count(LOGIN), 3);
  });

  it('a disabled account or too many tries are refusals too', async () => {
    c = client(sim);
    await side.fault({ api: 'SYNO.PhotoStation.Auth', method: 'login', kind: 'error', code: 410 });
    const err = await rejectsWith(c.album.list({ limit: 1 }), 410);
    assert.equal(err.codeName, 'PHOTOSTATION_AUTH_LOGIN_MAX_TRIES');
    await rejectsWith(c.album.list({ limit: 1 }), 410);
    assert.equal(await side.count(LOGIN), 1);
  });

  it('logs out on close and refuses calls afterwards', async () => {
    const mine = client(sim);
    await mine.album.list({ limit: 1 });
    assert.ok(mine.loggedIn);
    await mine.close();
    assert.equal(await side.count(LOGOUT), 1);
    await rejectsWith(mine.album.list({ limit: 1 }), 1007);
  });

  it('reports the account of the session without its session id', async () => {
    c = client(sim, { username: 'family', password: 'family' });
    const info = await c.login();
    assert.equal(info.username, 'family');
    assert.equal(info.is_admin, false);
    assert.equal((info as Record<string, unknown>).sid, undefined);
    const again = await c.auth.checkAuth();
    assert.equal(again.username, 'family');
    assert.equal((again as Record<string, unknown>).sid, undefined);
  });

  it('works anonymously for public albums', async () => {
    c = client(sim, { username: undefined, password: undefined });
    const page = await c.album.list({ limit: 100, type: ['album'] });
    assert.ok(page.items.length > 0);
    assert.ok(page.items.every((a) => a.type === 'album' && a.info.type !== 'private'));
    assert.equal(await side.count(LOGIN), 0);
  });
});
