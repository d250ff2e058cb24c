// No secret in any payload or log line: known passwords are planted everywhere the bridge touches one
// (the NAS account, the broker account, an album lock password, link passwords in requests, a wrong
// password on a second station) and everything published or logged is scanned for them.
import assert from 'node:assert/strict';
import { Recorder, Rig, until } from './helpers';

const B = 'photostation';
const NAS = 'Nas-Planted-Secret-7731';
const MQTT = 'Mqtt-Planted-Secret-4412';
const ALBUM = 'Album-Planted-Secret-9023';
const LINK = 'Link-Planted-Secret-5560';
const WRONG = 'Wrong-Planted-Secret-1187';
const ALL = [NAS, MQTT, ALBUM, LINK, WRONG];

describe('bridge secrets', function () {
  this.timeout(60_000);
  const rig = new Rig();
  let c: Recorder;

  before(async () => {
    await rig.start({
      user: 'keeper',
      password: NAS,
      logLevel: 'debug',
      brokerExtra: '  username: bridge\n  password_env: MQTT_PW',
      env: { MQTT_PW: MQTT, ALBUM_PW: ALBUM, WRONG_PW: WRONG },
      stationExtra: ['    albums:', '      - album: Kids', '        password_env: ALBUM_PW'].join('\n'),
      extra: [
        '  - name: second',
        `    url: http://127.0.0.1:9`,
        '    user: admin',
        '    password_env: WRONG_PW',
        '    polling: false',
        '    timeout: 0.5',
        'homeassistant:',
        '  enabled: true',
        'schedules:',
        '  - name: links',
        '    cron: "0 3 * * *"',
        '    action: share.list',
      ].join('\n'),
      beforeBridge: async (r) => {
        await r.side('POST', 'users', { name: 'keeper', password: NAS, admin: true });
      },
    });
    c = await Recorder.connect(rig.broker.url, { subscribe: ['#'] });
  });
  after(async () => {
    await c?.close();
    await rig.close();
  });

  it('never appear in any published payload or log line', async () => {
    // Lock and unlock with the configured album password, from HA's switch topic.
    await c.publish(`${B}/album/album_4b696473/set`, '{"password_protected": false}');
    await c.publish(`${B}/album/album_4b696473/set`, '{"password_protected": true}');
    // Requests that carry passwords, good and bad.
    assert.equal((await c.request(B, 'share.create', { album: 'Pets', password: LINK, lifetime: '1d' })).status, 'ok');
    const bad = await c.request(B, 'album.set_protection', { album: 'Pets/Deeper', type: 'password', password: LINK });
    assert.equal(bad.status, 'error');
    assert.equal((await c.request(B, 'album.toggle_password', { album: 'Garden', enabled: true, password: LINK })).status, 'ok');
    assert.equal((await c.request(B, 'album.toggle_password', { album: 'Garden', enabled: false })).status, 'ok');
    // A request to the station whose password is wrong and whose NAS does not answer.
    const down = await c.request(B, 'album.list', { station: 'second' });
    assert.equal(down.status, 'error');
    assert.equal((await c.request(B, 'schedule.run', { name: 'links' })).status, 'ok');
    await c.publish(`${B}/request/album.get`, `{"album": "${LINK}"`);
    await rig.poll();
    await until('answers', () => c.seen.filter((s) => s.topic === `${B}/response/album.set`).length === 2);
    (rig.bridge.connection as any).client.stream.destroy();
    await until('reconnected', () => rig.bridge.connection.connected && rig.bridge.connection.connects >= 2);
    await rig.bridge.stop();
    await until('offline', () => c.seen.some((s) => s.topic === `${B}/bridge/state` && s.text === 'offline'));

    // What the bridge published (the test's own requests carry the link password, of course).
    const published = c.seen.filter((s) => !s.topic.startsWith(`${B}/request/`)).map((s) => `${s.topic}\n${s.text}`);
    assert.ok(published.length > 50, `${published.length} messages scanned`);
    assert.ok(rig.logs.length > 10, `${rig.logs.length} log lines scanned`);
    for (const secret of ALL) {
      for (const text of published) assert.equal(text.includes(secret), false, `a published message holds a planted secret: ${text.slice(0, 200)}`);
      for (const line of rig.logs) assert.equal(line.includes(secret), false, `a log line holds a planted secret: ${line}`);
    }
    // The planted values were really used: the NAS accepted the account, the album was locked.
    assert.ok(published.some((t) => t.includes('"password_protected":true')));
  });
});
