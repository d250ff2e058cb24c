import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeKitName, parseConfig, safeUrl } from '../../homebridge/src/config';

describe('Homebridge plugin configuration', () => {
  it('applies the defaults: 60 s polling, 1 h reconcile, 5 s timeout, 7d links, 10 s motion', () => {
    const { settings, problems } = parseConfig({ url: 'http://nas:5000', username: 'admin', password: 'pw', albums: [{ album: 'Family' }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings!.watch, { intervalMs: 60_000, reconcileMs: 3_600_000 });
    assert.equal(settings!.timeoutMs, 5000);
    assert.deepEqual(settings!.albums, [{
      id: 'album_46616d696c79', path: 'Family', name: 'Family',
      passwordSwitch: false, shareSwitch: true, shareLifetime: '7d', motionSensor: true, motionMs: 10_000,
    }]);
  });

  it('takes an album by id as well as by path, and derives the other locally', () => {
    const { settings } = parseConfig({ url: 'http://nas', albums: [{ album: 'album_46616d696c792f32303236', password: 'x' }] });
    assert.equal(settings!.albums[0]!.path, 'Family/2026');
    assert.equal(settings!.albums[0]!.name, 'Family 2026');
    assert.equal(settings!.albums[0]!.passwordSwitch, true, 'on by default where a password is given');
  });

  it('reports what is wrong without the secrets, and keeps the rest', () => {
    const { settings, problems } = parseConfig({
      url: 'https://nas:5001', password: 'top-secret',
      polling: { interval: 'often' }, timeout: 30,
      albums: [
        { album: '../etc' },
        { album: 'Kids', passwordSwitch: true },
        { album: 'Holidays/Italy 2025/Rome', password: 'hidden-pw' },
        { album: 'Garden', shareLifetime: 'forever' },
        { album: 'Garden' },
      ],
    });
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems.join('\n'), /polling.interval/);
    assert.match(problems.join('\n'), /albums\[0\].*album path/);
    assert.match(problems.join('\n'), /albums\[1\].*needs "password"/);
    assert.match(problems.join('\n'), /albums\[2\].*below level 2/);
    assert.match(problems.join('\n'), /albums\[3\].*shareLifetime "forever"/);
    assert.match(problems.join('\n'), /albums\[4\].*listed twice/);
    for (const p of problems) assert.doesNotMatch(p, /top-secret|hidden-pw/);
    assert.equal(settings!.timeoutMs, 8000, 'capped to what HomeKit waits for a write');
    assert.deepEqual(settings!.albums.map((a) => [a.path, a.passwordSwitch, a.shareLifetime]),
      [['Kids', false, '7d'], ['Holidays/Italy 2025/Rome', false, '7d'], ['Garden', false, '7d']]);
  });

  it('reads a CA from a file path or takes PEM text as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-hb-ca-'));
    try {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      writeFileSync(join(dir, 'ca.pem'), pem);
      assert.equal(parseConfig({ url: 'https://nas', tls: { ca: join(dir, 'ca.pem') } }).settings!.tls!.ca, pem);
      assert.equal(parseConfig({ url: 'https://nas', tls: { ca: pem } }).settings!.tls!.ca, pem.trim());
      const missing = parseConfig({ url: 'https://nas', tls: { ca: join(dir, 'nope.pem'), fingerprint: 'AB:CD' } });
      assert.match(missing.problems[0]!, /cannot read the CA file/);
      assert.deepEqual(missing.settings!.tls, { fingerprint: 'AB:CD' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start without a url', () => {
    const { settings, problems } = parseConfig({ albums: [] });
    assert.equal(settings, undefined);
    assert.match(problems[0]!, /url is missing/);
  });

  it('makes names HomeKit accepts and keeps credentials out of logged URLs', () => {
    assert.equal(homeKitName('Christmas 2025!'), 'Christmas 2025');
    assert.equal(homeKitName('  (Kids) & friends  '), 'Kids friends');
    assert.equal(homeKitName('***'), 'Album');
    assert.equal(safeUrl('https://admin:secret@nas:5001/photo/'), 'https://nas:5001/photo/');
  });
});
