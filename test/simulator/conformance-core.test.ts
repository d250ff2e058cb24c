// Conformance: transport (spec §1), discovery (§3.1, §9), Info (§3.2), personal Photo Station (§5.7)
// and the `/__sim/` side channel (§6). Raw HTTP only.
import assert from 'node:assert/strict';
import { albumId, hex, PATHS, Sim } from './harness';
import {
  ALBUM, assertError, stopChecked, AUTH, INFO, postForm, QUERY, raw, titles,
} from './conformance-util';

/**
 * Every discovery entry seen on a real Photo Station 6.3 (spec §9) plus the paths chosen in §1.5:
 * the ones the harness calls, and those it never does.
 */
const SPEC_PATHS: Record<string, string> = {
  ...PATHS,
  'SYNO.PhotoStation.Timeline': 'timeline.php', 'SYNO.PhotoStation.Rotate': 'rotate.php',
  'SYNO.PhotoStation.SlideshowMusic': 'slideshow_music.php', 'SYNO.PhotoStation.PhotoLog': 'log.php',
  'SYNO.PhotoStation.Path': 'path.php',
};

describe('conformance: transport (spec §1)', () => {
  const s = new Sim();
  before(() => s.start({ seed: 'demo' }));
  after(() => stopChecked(s));

  it('answers GET and POST alike, as HTTP 200 with a JSON envelope', async () => {
    const viaGet = await s.call(QUERY, 'query', { query: 'SYNO.PhotoStation.Album' }, { get: true, cookie: null });
    const viaPost = await s.call(QUERY, 'query', { query: 'SYNO.PhotoStation.Album' }, { cookie: null });
    for (const res of [viaGet, viaPost]) {
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(res.json, {
        success: true, data: { 'SYNO.PhotoStation.Album': { path: 'album.php', minVersion: 1, maxVersion: 1 } },
      });
    }
  });

  it('merges query string and body, the body winning on conflict', async () => {
    // api and method only in the query, version only in the body; `query` in both: the body's value counts.
    const res = await postForm(s, 'query.php', 'version=1&query=SYNO.PhotoStation.Auth',
      undefined, 'api=SYNO.API.Info&method=query&query=SYNO.PhotoStation.Album');
    assert.deepEqual(Object.keys((res.json!.data as object)), ['SYNO.PhotoStation.Auth']);
  });

  it('decodes + and %20 as a space, and UTF-8 percent escapes', async () => {
    const cookie = await s.login();
    const plus = await postForm(s, 'album.php', `api=${ALBUM}&method=create&version=1&name=Plus+Sign+Album`, cookie);
    assert.deepEqual(plus.json, { success: true, data: { id: albumId('Plus Sign Album') } });
    const pct = await postForm(s, 'album.php', `api=${ALBUM}&method=create&version=1&name=Percent%20K%C3%B6ln`, cookie);
    assert.deepEqual(pct.json, { success: true, data: { id: albumId('Percent Köln') } });
    assert.equal(albumId('Percent Köln'), `album_${'50657263656e74204bc3b66c6e'}`);
    const viaGet = await raw(`${s.sim.baseUrl}album.php?api=${ALBUM}&method=getinfo&version=1&id=${albumId('Percent Köln')}`,
      { headers: { Cookie: `PHPSESSID=${cookie}` } });
    assert.equal((viaGet.json!.data as any).items[0].info.name, 'Percent Köln');
  });

  it('answers success with data, success without data, and errors without data', async () => {
    const cookie = await s.login();
    const created = await s.call(ALBUM, 'create', { name: 'Envelope' }, { cookie });
    assert.deepEqual(Object.keys(created.json!), ['success', 'data']);
    const edited = await s.call(ALBUM, 'edit', { id: albumId('Envelope'), description: 'x' }, { cookie });
    assert.deepEqual(edited.json, { success: true });
    assertError(await s.call(ALBUM, 'getinfo', { id: albumId('Nope') }, { cookie }), 101);
  });

  it('unknown api → 102, unknown method → 103, version out of range → 104', async () => {
    assertError(await s.call('SYNO.PhotoStation.Nope', 'list', {}, { path: 'album.php' }), 102);
    assertError(await s.call(ALBUM, 'frobnicate', {}), 103);
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { version: 2 }), 104);
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { version: 0 }), 104);
    // Published stubs (spec §9) exist, but have no methods.
    assertError(await s.call('SYNO.PhotoStation.Timeline', 'list', {}, { path: 'timeline.php' }), 103);
    // Methods that only exist on Object.prototype are not methods.
    assertError(await s.call(ALBUM, 'toString', {}), 103);
    assertError(await s.call(ALBUM, 'constructor', {}), 103);
    assertError(await s.call('constructor', 'list', {}, { path: 'album.php' }), 102);
  });

  it('Info getexternalip exists only in version 2 (spec §3.2)', async () => {
    const cookie = await s.login();
    assertError(await s.call(INFO, 'getexternalip', {}, { cookie, version: 1 }), 104);
    await s.control('POST', 'settings', { external_host: 'nas.example.org' });
    const v2 = await s.call(INFO, 'getexternalip', {}, { cookie, version: 2 });
    assert.deepEqual(v2.json, { success: true, data: { external_host_external_ip: 'nas.example.org' } });
    assertError(await s.call(INFO, 'getexternalip', {}, { cookie, version: 3 }), 104);
    // getinfo answers in both versions of the API and without a session.
    for (const version of [1, 2]) {
      const info = await s.ok(INFO, 'getinfo', {}, { cookie: null, version });
      assert.equal(info.title, 'Family photos (demo)');
      assert.equal(typeof info.allow_download_orig, 'boolean');
      assert.deepEqual(info.virtual_tag, { desc_tag: true, geo_tag: true, people_tag: true });
      assert.equal(info.home_category, null);
    }
  });

  it('missing api, method or version → 101; versions that are not integers → 104', async () => {
    assertError(await postForm(s, 'album.php', 'method=list&version=1'), 101);
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&version=1`), 101);
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=list`), 101);
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=list&version=`), 101);
    for (const v of ['abc', '1.0', '-1', '99999999999999999999', '1e0']) {
      assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=list&version=${v}&type=album&offset=0&limit=1`), 104);
    }
    assertError(await postForm(s, 'album.php', ''), 101);
  });

  it('an API called at another CGI path is unknown there (102)', async () => {
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { path: 'auth.php' }), 102);
    assertError(await s.call(AUTH, 'checkauth', {}, { path: 'album.php' }), 102);
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { path: 'nothing.php' }), 102);
  });

  it('answers discovery on query.cgi as well as query.php (spec §1.1 choice)', async () => {
    const res = await s.call(QUERY, 'query', { query: 'SYNO.API.Info' }, { path: 'query.cgi', cookie: null });
    assert.deepEqual(res.json, { success: true, data: { 'SYNO.API.Info': { path: 'query.php', minVersion: 1, maxVersion: 1 } } });
    // query.cgi is only an alias of the discovery API.
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { path: 'query.cgi' }), 102);
  });

  it('discovers all APIs with the paths of spec §1.5 and §9', async () => {
    const data = await s.ok(QUERY, 'query', { query: 'all', ps_username: '' }, { cookie: null });
    for (const [name, path] of Object.entries(SPEC_PATHS)) {
      assert.ok(data[name], `${name} is published`);
      assert.equal(data[name].path, path, name);
      assert.equal(data[name].minVersion, 1, name);
      assert.equal(data[name].maxVersion, name === INFO ? 2 : 1, name);
    }
    // Not published (spec §3.20 / §8 G29).
    assert.equal(data['SYNO.PhotoStation.ACL'], undefined);
  });

  it('discovers some APIs and leaves unknown names out (spec §3.1 choice)', async () => {
    const data = await s.ok(QUERY, 'query', { query: 'SYNO.PhotoStation.Auth,SYNO.PhotoStation.Nope,SYNO.PhotoStation.Info' });
    assert.deepEqual(data, {
      'SYNO.PhotoStation.Auth': { path: 'auth.php', minVersion: 1, maxVersion: 1 },
      'SYNO.PhotoStation.Info': { path: 'info.php', minVersion: 1, maxVersion: 2 },
    });
    assertError(await s.call(QUERY, 'query', {}), 101);
    assertError(await s.call(QUERY, 'query', { query: 'all' }, { version: 2 }), 104);
  });

  it('serves nothing outside /photo/webapi/ but the legacy upload, share page and side channel (404)', async () => {
    for (const path of ['/', '/photo', '/photo/', '/photo/webapi', '/webapi/query.php', '/photos/webapi/query.php']) {
      const res = await raw(`${s.sim.origin}${path}`);
      assert.equal(res.status, 404, path);
    }
  });

  it('accepts X-SYNO-TOKEN and SynoToken without caring about them', async () => {
    const cookie = await s.login();
    const res = await raw(`${s.sim.baseUrl}auth.php?api=${AUTH}&method=checkauth&version=1&SynoToken=abc`, {
      headers: { Cookie: `PHPSESSID=${cookie}`, 'X-SYNO-TOKEN': 'whatever' },
    });
    assert.equal((res.json as any).data.username, 'admin');
  });
});

describe('conformance: personal Photo Station (spec §1.1, §5.7)', () => {
  const s = new Sim();
  before(() => s.start({ seed: 'demo' }));
  after(() => stopChecked(s));
  const personal = (user: string): string => `${s.sim.origin}/~${user}/photo/webapi/`;

  it('serves /~user/photo/webapi/ with its own, separate library', async () => {
    const family = await s.login('family', 'family', false);
    const base = personal('family');
    const root = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { base, cookie: family });
    assert.deepEqual(root, { total: 0, offset: 0, items: [] });
    // The owner is admin of their own instance: options that need admin work there …
    const created = await s.ok(ALBUM, 'create', { name: 'Mine', type: 'private' }, { base, cookie: family });
    assert.equal(created.id, albumId('Mine'));
    const me = await s.ok(AUTH, 'checkauth', {}, { base, cookie: family });
    assert.equal(me.is_admin, true);
    // … but not in the standard one, where family is an ordinary user.
    const std = await s.ok(AUTH, 'checkauth', {}, { cookie: family });
    assert.equal(std.is_admin, false);
    assert.equal(await s.code(ALBUM, 'create', { name: 'Mine', type: 'private' }, { cookie: family }), 418);
    assert.equal(await s.code(ALBUM, 'create', { id: albumId('Family'), name: 'Mine', type: 'private' }, { cookie: family }), 420);
    // The standard library does not see the personal album, and vice versa.
    assert.equal(await s.code(ALBUM, 'getinfo', { id: albumId('Mine') }, { cookie: family }), 101);
    assert.equal(await s.code(ALBUM, 'getinfo', { id: albumId('Holidays') }, { base, cookie: family }), 101);
    // Anonymous visitors see nothing of a private personal album; a DSM admin sees it.
    const anon = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { base, cookie: null });
    assert.deepEqual(anon.items, []);
    const admin = await s.login('admin', 'admin', false);
    const asAdmin = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { base, cookie: admin });
    assert.deepEqual(titles(asAdmin), ['Mine']);
    // Another user's personal instance: family is nobody special there.
    const inAdmins = await s.ok(AUTH, 'checkauth', {}, { base: personal('admin'), cookie: family });
    assert.equal(inAdmins.is_admin, false);
    assert.equal(await s.code(ALBUM, 'create', { name: 'X' }, { base: personal('admin'), cookie: family }), 418);
  });

  it('answers discovery and login under the personal root too', async () => {
    const base = personal('family');
    const data = await s.ok(QUERY, 'query', { query: 'SYNO.PhotoStation.Auth' }, { base, cookie: null });
    assert.equal(data['SYNO.PhotoStation.Auth'].path, 'auth.php');
    const res = await s.call(AUTH, 'login', { username: 'family', password: 'family' }, { base, cookie: null });
    assert.equal((res.json as any).data.is_admin, true);
  });

  it('answers 404 for a user that does not exist', async () => {
    for (const user of ['nobody', '%E0%A4', '']) {
      const res = await raw(`${s.sim.origin}/~${user}/photo/webapi/query.php?api=SYNO.API.Info&method=query&version=1&query=all`);
      assert.equal(res.status, 404, user);
    }
  });
});

describe('conformance: side channel /__sim/ (spec §6)', () => {
  const s = new Sim();
  before(() => s.start({ seed: 'demo' }));
  after(() => stopChecked(s));
  beforeEach(async () => {
    await s.control('DELETE', 'faults');
    await s.control('POST', 'stats/reset');
  });

  it('counts requests per API and per method, and resets the counts', async () => {
    await s.call(QUERY, 'query', { query: 'all' });
    await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 });
    await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 });
    await s.call(ALBUM, 'getinfo', {});
    await s.call(ALBUM, 'bogus', {});
    const stats = await s.control('GET', 'stats');
    assert.equal(stats.requests.total, 5);
    assert.deepEqual(stats.requests.byApi, { 'SYNO.API.Info': 1, 'SYNO.PhotoStation.Album': 4 });
    assert.deepEqual(stats.requests.byMethod, {
      'SYNO.API.Info.query': 1, 'SYNO.PhotoStation.Album.list': 2, 'SYNO.PhotoStation.Album.getinfo': 1,
      'SYNO.PhotoStation.Album.bogus': 1,
    });
    assert.equal(stats.internalErrors, 0);
    // The side channel itself is not counted.
    assert.equal((await s.control('GET', 'stats')).requests.total, 5);
    assert.deepEqual(await s.control('POST', 'stats/reset'), { ok: true });
    const after = await s.control('GET', 'stats');
    assert.deepEqual(after.requests, { total: 0, byApi: {}, byMethod: {} });
  });

  it('is never reachable under /photo/', async () => {
    const res = await raw(`${s.sim.origin}/photo/__sim/stats`);
    assert.equal(res.status, 404);
    assertError(await raw(`${s.sim.baseUrl}__sim/stats`), 101);
  });

  it('answers 404 for an unknown route and 400 for a body that is not a JSON object', async () => {
    const res = await raw(`${s.sim.origin}/__sim/nothing`);
    assert.equal(res.status, 404);
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const bad = await raw(`${s.sim.origin}/__sim/clock`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      assert.equal(bad.status, 400, body);
      assert.equal(typeof (bad.json as any).error, 'string');
    }
  });

  it('loads a fixture, and rejects a broken one with a clear 400 that leaves the state as it was', async () => {
    const fixture = {
      users: [{ name: 'admin', password: 'pw', admin: true }, { name: 'eve', password: 'eve' }],
      albums: [{ path: 'Only', type: 'public' }, { path: 'Only/Sub' }],
      items: [{ path: 'Only/a.jpg', takendate: '2020-01-02 03:04:05' }],
    };
    assert.deepEqual(await s.control('POST', 'fixture', fixture), { ok: true });
    const cookie = await s.login('admin', 'pw');
    const root = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie });
    assert.deepEqual(titles(root), ['Only']);
    const inside = await s.ok(ALBUM, 'list', { id: albumId('Only'), type: 'album,photo', offset: 0, limit: -1 }, { cookie });
    assert.deepEqual(inside.items.map((i: any) => i.id), [albumId('Only/Sub'), `photo_${hex('Only')}_${hex('a.jpg')}`]);

    const broken: unknown[] = [
      { albums: [{ path: 'A', type: 'secret' }] },
      { items: [{ path: 'A/readme.txt' }] },
      { albums: 5 },
      { users: [{ name: 'x' }] },
      { albums: [{ path: '../x' }] },
      { items: [{ path: 'A/a.jpg', takendate: 'yesterday' }] },
      [1, 2],
    ];
    for (const body of broken) {
      const res = await raw(`${s.sim.origin}/__sim/fixture`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match((res.json as any).error, /\w/);
    }
    // Still the last good fixture, and the session still works.
    const again = await s.ok(ALBUM, 'list', { type: 'album', offset: 0, limit: -1 }, { cookie });
    assert.deepEqual(titles(again), ['Only']);
    // Back to the demo.
    assert.deepEqual(await s.control('POST', 'reset', { seed: 'demo' }), { ok: true });
    const bad = await raw(`${s.sim.origin}/__sim/reset`, { method: 'POST', body: '{"seed":"bogus"}' });
    assert.equal(bad.status, 400);
    s.cookie = undefined;
  });

  it('reads the state (passwords hidden unless asked for)', async () => {
    const state = await s.control('GET', 'state');
    const kids = state.albums.find((a: any) => a.path === 'Kids');
    assert.equal(kids.type, 'password');
    assert.equal(kids.password, '********');
    const secret = await s.control('GET', 'state?secrets=1');
    assert.equal(secret.albums.find((a: any) => a.path === 'Kids').password, 'kids');
    assert.ok(state.users.some((u: any) => u.name === 'family' && u.groups.includes('family')));
  });

  it('sets, advances, pins and releases the clock', async () => {
    const set = await s.control('POST', 'clock', { now: '2030-01-01T00:00:00Z', pinned: true });
    assert.equal(set.now, '2030-01-01T00:00:00.000Z');
    const adv = await s.control('POST', 'clock', { advanceMs: 90_000 });
    assert.equal(adv.now, '2030-01-01T00:01:30.000Z');
    assert.equal((await s.control('GET', 'clock')).now, '2030-01-01T00:01:30.000Z');
    const floating = await s.control('POST', 'clock', { now: Date.parse('2031-06-01T00:00:00Z') });
    assert.ok(Math.abs(Date.parse(floating.now) - Date.parse('2031-06-01T00:00:00Z')) < 5000);
    const bad = await raw(`${s.sim.origin}/__sim/clock`, { method: 'POST', body: '{"advanceMs":"soon"}' });
    assert.equal(bad.status, 400);
    const real = await s.control('POST', 'clock', { real: true });
    assert.ok(Math.abs(Date.parse(real.now) - Date.now()) < 5000);
  });

  it('reads and changes the configuration, refusing unknown keys and wrong types', async () => {
    const before = await s.control('GET', 'config');
    assert.equal(before.idleTimeoutMs, 30 * 60_000);
    assert.equal(before.singleSession, false);
    const changed = await s.control('POST', 'config', { idleTimeoutMs: 1234 });
    assert.equal(changed.idleTimeoutMs, 1234);
    for (const body of [{ nope: 1 }, { idleTimeoutMs: 'x' }, { singleSession: 1 }]) {
      const res = await raw(`${s.sim.origin}/__sim/config`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    await s.control('POST', 'config', { idleTimeoutMs: 30 * 60_000 });
  });

  it('fault error: forces a code on one API/method the next K times', async () => {
    const { fault } = await s.control('POST', 'faults', { kind: 'error', api: ALBUM, method: 'list', code: 117, times: 2 });
    assert.equal(fault.times, 2);
    assert.equal((await s.control('GET', 'faults')).faults.length, 1);
    const args = { type: 'album', offset: 0, limit: 1 };
    assertError(await s.call(ALBUM, 'list', args), 117);
    // Other methods are untouched.
    assert.equal((await s.call(ALBUM, 'getinfo', {})).json!.success, true);
    assertError(await s.call(ALBUM, 'list', args), 117);
    assert.equal((await s.call(ALBUM, 'list', args)).json!.success, true);
    assert.deepEqual((await s.control('GET', 'faults')).faults, []);
  });

  it('fault latency: delays the answer', async () => {
    await s.control('POST', 'faults', { kind: 'latency', api: QUERY, ms: 250 });
    const t0 = Date.now();
    const res = await s.call(QUERY, 'query', { query: 'all' });
    assert.ok(Date.now() - t0 >= 240, `took ${Date.now() - t0} ms`);
    assert.equal(res.json!.success, true);
  });

  it('fault drop: closes the connection without an answer', async () => {
    await s.control('POST', 'faults', { kind: 'drop', api: QUERY });
    await assert.rejects(s.call(QUERY, 'query', { query: 'all' }), /socket hang up|ECONNRESET/);
    assert.equal((await s.call(QUERY, 'query', { query: 'all' })).json!.success, true);
  });

  it('fault garbage: answers a body that is not JSON', async () => {
    await s.control('POST', 'faults', { kind: 'garbage' });
    const res = await s.call(QUERY, 'query', { query: 'all' });
    assert.equal(res.status, 200);
    assert.equal(res.json, undefined);
    assert.throws(() => JSON.parse(res.body.toString('utf8')));
  });

  it('fault http: answers an HTTP error status', async () => {
    await s.control('POST', 'faults', { kind: 'http', status: 503, api: ALBUM });
    const res = await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 });
    assert.equal(res.status, 503);
    assert.equal(res.json, undefined);
  });

  it('fault expire_session: the caller’s session ends (106) on that call', async () => {
    const cookie = await s.login('admin', 'admin', false);
    await s.control('POST', 'faults', { kind: 'expire_session', api: AUTH, method: 'checkauth' });
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie }), 106);
    assertError(await s.call(ALBUM, 'list', { type: 'album', offset: 0, limit: 1 }, { cookie }), 106);
  });

  it('expires sessions on request', async () => {
    const cookie = await s.login('family', 'family', false);
    const { expired } = await s.control('POST', 'sessions/expire', { user: 'family' });
    assert.ok(expired >= 1);
    assertError(await s.call(AUTH, 'checkauth', {}, { cookie }), 106);
  });

  it('rejects malformed faults with 400', async () => {
    for (const body of [{ kind: 'explode' }, { kind: 'error' }, { kind: 'error', code: 'x' }, { kind: 'latency', ms: '1' }]) {
      const res = await raw(`${s.sim.origin}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });
});
