// Conformance: bad input to the transport, Auth, Album, Permission and Group (issue 2 §3): always the error
// envelope (HTTP 200, JSON), never a crash, never HTTP 500, and no internal error counted.
import assert from 'node:assert/strict';
import { albumId, Sim } from './harness';
import {
  ALBUM, assertError, assertNoInternalErrors, stopChecked, AUTH, GROUP, PERMISSION, postForm, QUERY, raw, rawSocket,
} from './conformance-util';

const BAD_ALBUM_IDS = [
  'album_', 'album_zz', 'album_4', 'album_ff', 'album_c3', 'album_2f', 'album_2f2f', 'album_2e2e', 'album_4142_43',
  'album', 'ALBUM_4142', 'photo_', 'photo_41', 'photo_41_zz', 'tag_1', 'smart_41', '1', '-1', '%', 'album_%41',
  `album_${'41'.repeat(5000)}`, '__proto__', 'constructor',
];

describe('conformance: bad input (issue 2 §3)', () => {
  const s = new Sim();
  let admin: string;
  before(async () => {
    await s.start({ seed: 'demo' });
    admin = await s.login('admin', 'admin', false);
  });
  after(() => stopChecked(s));
  afterEach(() => assertNoInternalErrors(s));

  it('ids that are not hex, not album ids or name nothing → 101 on every Album method', async () => {
    for (const id of BAD_ALBUM_IDS) {
      assertError(await s.call(ALBUM, 'list', { id, type: 'album', offset: 0, limit: 1 }, { cookie: admin }), 101);
      assertError(await s.call(ALBUM, 'getinfo', { id }, { cookie: admin }), 101);
      assertError(await s.call(ALBUM, 'edit', { id, description: 'x' }, { cookie: admin }), 101);
      assertError(await s.call(ALBUM, 'create', { id, name: 'x' }, { cookie: admin }), 101);
      assertError(await s.call(ALBUM, 'arrangeitem', { id, item_id: albumId('Kids'), offset: 0, limit: 1 }, { cookie: admin }), 101);
      assertError(await s.call(ALBUM, 'cleararrangeitem', { id }, { cookie: admin }), 101);
      const moved = await s.call(ALBUM, 'move', { id: albumId('Kids'), sharepath: id, duplicate: 'ignore' }, { cookie: admin });
      assertError(moved, 456);
      assertError(await s.call(PERMISSION, 'list', { id }, { cookie: admin }), 426);
    }
    // Deleting an id that parses as an album but names nothing is a no-op; anything else is 101.
    for (const id of BAD_ALBUM_IDS) {
      const res = await s.call(ALBUM, 'delete', { id }, { cookie: admin });
      if (res.json!.success) assert.match(id, /^album_(2f|2e2e|2f2f|(41)+)$/, id.slice(0, 40));
      else assertError(res, 101);
    }
    // The library is untouched.
    await s.ok(ALBUM, 'getinfo', { id: albumId('Kids') }, { cookie: admin });
  });

  it('huge and malformed numbers → 101', async () => {
    const id = albumId('Holidays');
    for (const [offset, limit] of [['1e30', '1'], ['0', 'abc'], ['0', '1.5'], ['-5', '1'], ['0', '-2'], ['x', '1'],
      ['1000000000000000000000000000000', '1'], ['0', '99999999999999999999'], ['0', '0x10'], ['NaN', '1'], ['Infinity', '1']]) {
      assertError(await s.call(ALBUM, 'list', { id, type: 'album', offset, limit }, { cookie: admin }), 101);
    }
    // Large but valid numbers are just an empty page.
    const far = await s.ok(ALBUM, 'list', { id, type: 'album', offset: 999999999999999, limit: 999999999999999 }, { cookie: admin });
    assert.deepEqual(far.items, []);
    assert.equal(far.offset, 999999999999999);
  });

  it('a 5 MB parameter → the error envelope', async () => {
    const big = 'a'.repeat(5 * 1024 * 1024);
    const body = (extra: string): string => `api=${ALBUM}&version=1&${extra}`;
    assertError(await postForm(s, 'album.php', body(`method=create&name=${big}`), admin), 101);
    assertError(await postForm(s, 'album.php', body(`method=list&type=album&offset=0&limit=1&id=album_${big}`), admin), 101);
    assertError(await postForm(s, 'album.php', body(`method=list&type=${big}&offset=0&limit=1`), admin), 101);
    assertError(await postForm(s, 'album.php', body(`method=getinfo&id=${'album_41,'.repeat(500_000)}`), admin), 101);
    const many = await postForm(s, 'album.php', body(`method=list&type=album&offset=0&limit=1&additional=${big}`), admin);
    assert.equal(many.json!.success, true);
    assertError(await postForm(s, 'permission.php', `api=${PERMISSION}&method=edit&version=1&id=${albumId('Family')}&changes=${big}`, admin), 426);
    assertError(await postForm(s, 'auth.php', `api=${AUTH}&method=login&version=1&username=${big}&password=${big}`), 407);
    assertError(await postForm(s, 'album.php', `api=${big}&method=list&version=1`), 102);
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=${big}&version=1`), 103);
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=list&version=${big}`), 104);
  });

  it('broken multipart → 101', async () => {
    const send = (contentType: string, body: string): Promise<any> => raw(`${s.sim.baseUrl}album.php`, {
      method: 'POST', headers: { 'Content-Type': contentType, Cookie: `PHPSESSID=${admin}` }, body,
    });
    assertError(await send('multipart/form-data', 'whatever'), 101);
    assertError(await send('multipart/form-data; boundary=XYZ', 'no boundary in here'), 101);
    assertError(await send('multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="api"\r\n\r\nSYNO'), 101);
    assertError(await send('multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XYZ--'), 101);
    assertError(await send('multipart/form-data; boundary=XYZ', '--XYZ\r\nno header end'), 101);
    assertError(await send('multipart/form-data; boundary="XYZ"', '--XYZ--'), 101);
    // A well-formed multipart request is read like a form.
    const good = [
      '--XYZ', 'Content-Disposition: form-data; name="api"', '', ALBUM,
      '--XYZ', 'Content-Disposition: form-data; name="method"', '', 'getinfo',
      '--XYZ', 'Content-Disposition: form-data; name="version"', '', '1',
      '--XYZ', 'Content-Disposition: form-data; name="id"', '', albumId('Kids'),
      '--XYZ--', '',
    ].join('\r\n');
    const res = await send('multipart/form-data; boundary=XYZ', good);
    assert.equal(res.json.data.items[0].info.name, 'Kids');
  });

  it('broken percent-encoding and bytes that are not UTF-8 never crash', async () => {
    for (const body of [
      `api=${ALBUM}&method=create&version=1&name=%E0%A4%A`,
      `api=${ALBUM}&method=create&version=1&name=%zz%`,
      `api=${ALBUM}&method=create&version=1&name=%`,
      `api=${ALBUM}&method=create&version=1&name=bad%00null`,
      `api=${ALBUM}%&method=list&version=1`,
      `api=${ALBUM}&method=list&version=1&type=album&offset=0&limit=1&id=%ZZ`,
      '&&&=&=&==',
      '%%%%',
    ]) {
      const res = await postForm(s, 'album.php', body, admin);
      assert.equal(res.status, 200, body);
      assert.ok(res.json, body);
      assert.equal(typeof res.json.success, 'boolean', body);
    }
    // Stray escapes are kept literally: the name exists as sent (a valid name after all).
    const created = await postForm(s, 'album.php', `api=${ALBUM}&method=create&version=1&name=100%25%zz`, admin);
    assert.deepEqual(created.json, { success: true, data: { id: albumId('100%%zz') } });
    assertError(await postForm(s, 'album.php', `api=${ALBUM}&method=create&version=1&name=bad%00null`, admin), 101);
    const latin1 = Buffer.concat([Buffer.from(`api=${ALBUM}&method=create&version=1&name=K`), Buffer.from([0xf6]), Buffer.from('ln')]);
    const res = await postForm(s, 'album.php', latin1, admin);
    assert.equal(res.status, 200);
    assert.equal(typeof res.json!.success, 'boolean');
  });

  it('parameters with surprising names and values', async () => {
    for (const sort_by of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'bogus']) {
      for (const type of ['album', 'photo', 'album,photo,video']) {
        const res = await s.call(ALBUM, 'list', { id: albumId('Holidays'), type, offset: 0, limit: 5, sort_by }, { cookie: admin });
        assert.equal(res.status, 200);
        assert.equal(typeof res.json!.success, 'boolean', `${sort_by} ${type}`);
      }
      const search = await s.call(ALBUM, 'list', { keyword: 'IMG', type: 'photo', offset: 0, limit: 5, sort_by }, { cookie: admin });
      assert.equal(typeof search.json!.success, 'boolean');
    }
    for (const additional of ['__proto__', 'constructor,toString', ',,,', 'album_permission,album_permission']) {
      const res = await s.call(ALBUM, 'getinfo', { id: albumId('Holidays'), additional }, { cookie: admin });
      assert.equal(res.json!.success, true);
    }
    assertError(await postForm(s, 'album.php', `__proto__=x&constructor=y&api=${ALBUM}&method=getinfo&version=1&id=__proto__`, admin), 101);
    // The last of repeated parameters wins.
    const dup = await postForm(s, 'album.php', `api=${ALBUM}&method=getinfo&version=1&id=album_zz&id=${albumId('Kids')}`, admin);
    assert.equal((dup.json!.data as any).items[0].info.name, 'Kids');
    assertError(await s.call(ALBUM, 'list', { type: 'album,album,robot', offset: 0, limit: 1 }, { cookie: admin }), 101);
    assertError(await s.call(ALBUM, 'edit', { id: albumId('Holidays'), inheritParent: 'maybe' }, { cookie: admin }), 101);
    assertError(await s.call(ALBUM, 'move', { id: albumId('Holidays'), sharepath: '', duplicate: '' }, { cookie: admin }), 101);
    assertError(await s.call(ALBUM, 'cancel', { action: '__proto__', id: 'x' }, { cookie: admin }), 101);
    assertError(await s.call(PERMISSION, 'edit', { id: albumId('Family'), changes: '[{"name":"__proto__","type":"group","browse":true}]' }, { cookie: admin }), 426);
    assertError(await s.call(PERMISSION, 'edit', { id: albumId('Family'), changes: '[{"name":"family","type":"__proto__","browse":true}]' }, { cookie: admin }), 426);
    const groups = await s.call(GROUP, 'list', { offset: 'x', limit: 1 }, { cookie: admin });
    assertError(groups, 101);
  });

  it('other HTTP methods and content types are read like GET, bodies that are not forms are ignored', async () => {
    const url = `${s.sim.baseUrl}query.php?api=${QUERY}&method=query&version=1&query=SYNO.PhotoStation.Auth`;
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await raw(url, { method });
      assert.equal(res.status, 200, method);
      assert.equal(res.json!.success, true, method);
    }
    const head = await raw(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const json = await raw(`${s.sim.baseUrl}query.php`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api: QUERY, method: 'query', version: 1 }),
    });
    assertError(json, 101);
  });

  it('malformed request lines and URLs are answered or closed, never crash the server', async () => {
    const port = s.sim.port;
    for (const line of [
      'GET //[ HTTP/1.1', 'GET //photo/webapi/query.php HTTP/1.1', 'GET http://evil.example/photo/webapi/query.php?api=SYNO.API.Info&method=query&version=1&query=all HTTP/1.1',
      'OPTIONS * HTTP/1.1', 'GET /photo/webapi/%zz.php HTTP/1.1', 'GET /~%zz/photo/webapi/query.php HTTP/1.1',
      'GET /__sim/%zz HTTP/1.1', 'GET /photo/webapi/../../__sim/stats HTTP/1.1', 'BREW /photo/webapi/query.php HTTP/1.1',
      'GET /photo/webapi/query.php?%%%%=%%%% HTTP/1.1',
    ]) {
      const answer = await rawSocket(port, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.doesNotMatch(answer, /^HTTP\/1\.1 5\d\d/, line);
    }
    const garbage = await rawSocket(port, 'this is not http\r\n\r\n');
    assert.doesNotMatch(garbage, /^HTTP\/1\.1 5\d\d/);
    // Still alive.
    assert.equal((await s.call(QUERY, 'query', { query: 'all' })).json!.success, true);
  });

  it('a cookie header that is malformed is no session', async () => {
    for (const cookie of ['PHPSESSID', 'PHPSESSID=', '=x', ';;;', 'PHPSESSID=%zz', `PHPSESSID=${'x'.repeat(4000)}`]) {
      const res = await raw(`${s.sim.baseUrl}auth.php?api=${AUTH}&method=checkauth&version=1`, { headers: { Cookie: cookie } });
      assertError(res, 105);
    }
  });
});
