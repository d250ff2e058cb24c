// Conformance: SYNO.PhotoStation.Auth and sessions (spec §1.4, §3.3, §5.15, §8 G3/G4). Raw HTTP only.
import assert from 'node:assert/strict';
import { Sim } from './harness';
import { ALBUM, assertError, stopChecked, AUTH, raw, sidOf } from './conformance-util';

const LIST_ROOT = { type: 'album', offset: 0, limit: -1 };

describe('conformance: Auth (spec §3.3, §5.15)', () => {
  const s = new Sim();
  before(async () => {
    await s.start({ seed: 'demo' });
    await s.control('POST', 'users', { name: 'disabled', password: 'pw', disabled: true });
    await s.control('POST', 'users', { name: 'outsider', password: 'pw', allowed: false });
  });
  after(() => stopChecked(s));
  afterEach(async () => {
    await s.control('POST', 'config', { idleTimeoutMs: 30 * 60_000, singleSession: false });
    await s.control('POST', 'clock', { real: true });
  });

  it('login sets a PHPSESSID session cookie and answers the fields of spec §3.3', async () => {
    const res = await s.call(AUTH, 'login', { username: 'family', password: 'family' }, { cookie: null });
    assert.equal(res.status, 200);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^PHPSESSID=[A-Za-z0-9_-]+; path=\//);
    // A session cookie: no expiry.
    assert.doesNotMatch(cookie, /Max-Age|Expires/i);
    const data = res.json!.data as any;
    assert.equal(data.sid, sidOf(res));
    assert.deepEqual(data, {
      sid: data.sid, username: 'family', reg_syno_user: true, is_admin: false, allow_comment: true,
      permission: { browse: true, upload: false, manage: false }, enable_face_recog: true, allow_public_share: true,
      allow_download: false, show_detail: true,
    });
    const admin = await s.ok(AUTH, 'login', { username: 'admin', password: 'admin' }, { cookie: null });
    assert.equal(admin.is_admin, true);
    assert.deepEqual(admin.permission, { browse: true, upload: true, manage: true });
    assert.equal(admin.allow_download, true);
  });

  it('allow_download follows the global allow_download_orig switch for non-admins (spec §5.5 choice)', async () => {
    await s.control('POST', 'settings', { allow_download_orig: true });
    const on = await s.ok(AUTH, 'login', { username: 'family', password: 'family' }, { cookie: null });
    assert.equal(on.allow_download, true);
    await s.control('POST', 'settings', { allow_download_orig: false });
    const off = await s.ok(AUTH, 'checkauth', {}, { cookie: on.sid });
    assert.equal(off.allow_download, false);
  });

  it('remember_me makes the cookie persistent for 30 days', async () => {
    const res = await s.call(AUTH, 'login', { username: 'family', password: 'family', remember_me: 'on' }, { cookie: null });
    assert.match(String(res.headers['set-cookie']), /; Max-Age=2592000(;|$)/);
    // Any value counts, even an empty one ("if present").
    const empty = await s.call(AUTH, 'login', { username: 'family', password: 'family', remember_me: '' }, { cookie: null });
    assert.match(String(empty.headers['set-cookie']), /Max-Age=2592000/);
  });

  it('photo_login works like login', async () => {
    const res = await s.call(AUTH, 'photo_login', { username: 'family', password: 'family' }, { cookie: null });
    assert.equal((res.json!.data as any).username, 'family');
    const sid = sidOf(res);
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: sid })).username, 'family');
  });

  it('checkauth answers the login data for a live session', async () => {
    const sid = await s.login('family', 'family', false);
    const data = await s.ok(AUTH, 'checkauth', {}, { cookie: sid });
    assert.equal(data.sid, sid);
    assert.equal(data.username, 'family');
    assert.equal(data.is_admin, false);
  });

  it('wrong user or password → 407; missing username → 101', async () => {
    assertError(await s.call(AUTH, 'login', { username: 'family', password: 'nope' }, { cookie: null }), 407);
    assertError(await s.call(AUTH, 'login', { username: 'ghost', password: 'x' }, { cookie: null }), 407);
    assertError(await s.call(AUTH, 'login', { username: 'family' }, { cookie: null }), 407);
    assertError(await s.call(AUTH, 'photo_login', { username: 'family', password: 'nope' }, { cookie: null }), 407);
    assertError(await s.call(AUTH, 'login', { password: 'x' }, { cookie: null }), 101);
    // The failures above were not five in a row for any single user; a good login resets the count.
    await s.login('family', 'family', false);
  });

  it('a disabled account → 408, a user without Photo Station privilege → 406 (only with the right password)', async () => {
    assertError(await s.call(AUTH, 'login', { username: 'disabled', password: 'pw' }, { cookie: null }), 408);
    assertError(await s.call(AUTH, 'login', { username: 'outsider', password: 'pw' }, { cookie: null }), 406);
    assertError(await s.call(AUTH, 'login', { username: 'disabled', password: 'bad' }, { cookie: null }), 407);
    assertError(await s.call(AUTH, 'login', { username: 'outsider', password: 'bad' }, { cookie: null }), 407);
  });

  it('5 wrong passwords in a row block the account (410) until the block time has passed', async () => {
    await s.control('POST', 'users', { name: 'victim', password: 'right' });
    for (let i = 0; i < 5; i++) {
      assertError(await s.call(AUTH, 'login', { username: 'victim', password: `wrong${i}` }, { cookie: null }), 407);
    }
    // Blocked now, even with the right password, on both login methods.
    assertError(await s.call(AUTH, 'login', { username: 'victim', password: 'right' }, { cookie: null }), 410);
    assertError(await s.call(AUTH, 'photo_login', { username: 'victim', password: 'right' }, { cookie: null }), 410);
    // Other users are not affected.
    await s.login('family', 'family', false);
    const config = await s.control('GET', 'config');
    assert.equal(config.loginMaxTries, 5);
    await s.control('POST', 'clock', { advanceMs: config.loginBlockMs - 5_000 });
    assertError(await s.call(AUTH, 'login', { username: 'victim', password: 'right' }, { cookie: null }), 410);
    await s.control('POST', 'clock', { advanceMs: 10_000 });
    await s.login('victim', 'right', false);
  });

  it('4 wrong passwords and a good one do not block; the count starts again', async () => {
    await s.control('POST', 'users', { name: 'careful', password: 'right' });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        assertError(await s.call(AUTH, 'login', { username: 'careful', password: 'bad' }, { cookie: null }), 407);
      }
      await s.login('careful', 'right', false);
    }
  });

  it('checkauth without a cookie → 105, after logout → 106', async () => {
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie: null }), 105);
    const sid = await s.login('family', 'family', false);
    assert.deepEqual((await s.call(AUTH, 'logout', {}, { cookie: sid })).json, { success: true });
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie: sid }), 106);
    // Every API answers the ended session with 106, not as an anonymous visitor.
    assertError(await s.call(ALBUM, 'list', LIST_ROOT, { cookie: sid }), 106);
    // An id that was never issued is no session at all: anonymous.
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie: 'never-issued' }), 105);
    assert.equal((await s.call(ALBUM, 'list', LIST_ROOT, { cookie: 'never-issued' })).json!.success, true);
    // logout without a session is harmless.
    assert.deepEqual((await s.call(AUTH, 'logout', {}, { cookie: null })).json, { success: true });
  });

  it('an idle session times out (106); activity keeps it alive; remember_me sessions do not idle out', async () => {
    await s.control('POST', 'config', { idleTimeoutMs: 60_000 });
    const idle = await s.login('family', 'family', false);
    const busy = await s.login('family', 'family', false);
    const res = await s.call(AUTH, 'login', { username: 'family', password: 'family', remember_me: '1' }, { cookie: null });
    const remembered = sidOf(res);
    await s.control('POST', 'clock', { advanceMs: 40_000 });
    await s.ok(AUTH, 'checkauth', {}, { cookie: busy });
    await s.control('POST', 'clock', { advanceMs: 40_000 });
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie: idle }), 106);
    assertError(await s.call(ALBUM, 'list', LIST_ROOT, { cookie: idle }), 106);
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: busy })).username, 'family');
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: remembered })).username, 'family');
  });

  it('single-session mode: a new login ends the older session (107); off by default', async () => {
    const a = await s.login('family', 'family', false);
    const b = await s.login('family', 'family', false);
    await s.ok(AUTH, 'checkauth', {}, { cookie: a });
    await s.ok(AUTH, 'checkauth', {}, { cookie: b });
    await s.control('POST', 'config', { singleSession: true });
    const c = await s.login('family', 'family', false);
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie: a }), 107);
    assertError(await s.call(ALBUM, 'list', LIST_ROOT, { cookie: b }), 107);
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: c })).username, 'family');
    // Other users keep their sessions.
    const admin = await s.login('admin', 'admin', false);
    await s.login('family', 'family', false);
    await s.ok(AUTH, 'checkauth', {}, { cookie: admin });
  });

  it('accepts the session id as the _sid parameter', async () => {
    const sid = await s.login('family', 'family', false);
    assert.equal((await s.ok(AUTH, 'checkauth', { _sid: sid }, { cookie: null })).username, 'family');
    const viaGet = await raw(`${s.sim.baseUrl}auth.php?api=${AUTH}&method=checkauth&version=1&_sid=${sid}`);
    assert.equal((viaGet.json as any).data.username, 'family');
    // logout by _sid ends it.
    await s.ok(AUTH, 'logout', { _sid: sid }, { cookie: null });
    assertError(await s.call(AUTH, 'checkauth', { _sid: sid }, { cookie: null }), 106);
  });

  it('one cookie is valid on every instance of the host (spec §5.7)', async () => {
    const sid = await s.login('family', 'family', false);
    const base = `${s.sim.origin}/~admin/photo/webapi/`;
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: sid, base })).username, 'family');
  });

  it('photo_login sessions are bound to the client address (106 from elsewhere); login sessions are not', async function () {
    const other = '127.0.0.2';
    // Linux routes all of 127/8 to loopback; elsewhere a second loopback address may not exist.
    const probe = await raw(`${s.sim.origin}/__sim/stats`, { localAddress: other }).catch(() => undefined);
    if (!probe) this.skip();
    const form = `api=${AUTH}&method=checkauth&version=1`;
    const pl = await s.call(AUTH, 'photo_login', { username: 'family', password: 'family' }, { cookie: null });
    const bound = sidOf(pl);
    const headers = (sid: string) => ({ Cookie: `PHPSESSID=${sid}`, 'Content-Type': 'application/x-www-form-urlencoded' });
    const elsewhere = await raw(`${s.sim.baseUrl}auth.php`, { method: 'POST', headers: headers(bound), body: form, localAddress: other });
    assertError(elsewhere, 106);
    // Still good from the address it was opened from.
    assert.equal((await s.ok(AUTH, 'checkauth', {}, { cookie: bound })).username, 'family');
    const free = await s.login('family', 'family', false);
    const ok = await raw(`${s.sim.baseUrl}auth.php`, { method: 'POST', headers: headers(free), body: form, localAddress: other });
    assert.equal((ok.json as any).data.username, 'family');
  });
});
