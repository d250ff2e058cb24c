// What clients can throw at the bridge: bursts, garbage, refused actions, a slow or forgetful NAS.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ACTION_ERROR_CODES } from '../../src/actions/errors';
import { Recorder, Rig, sleep, until } from './helpers';

const B = 'photostation';

describe('bridge under load and abuse', function () {
  this.timeout(120_000);
  const rig = new Rig();

  before(() => rig.start({ extra: 'concurrency: 3\nqueue: 200' }));
  after(() => rig.close());
  afterEach(() => rig.side('DELETE', 'faults'));

  it('50 requests at once are all answered, never more than the bound in flight', async () => {
    const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/album.get`] });
    try {
      const handle = rig.bridge.stations.get('home')!;
      handle.limiter.peak = 0;
      await rig.side('POST', 'faults', { kind: 'latency', ms: 40, api: 'SYNO.PhotoStation.Album', times: 1000 });
      const names = ['Family', 'Kids', 'Pets', 'Garden', 'Nature'];
      const sent = Array.from({ length: 50 }, (_, i) => ({ album: names[i % names.length], transaction: i }));
      let peakSeen = 0;
      const watch = setInterval(() => { peakSeen = Math.max(peakSeen, handle.limiter.inFlight); }, 2);
      await Promise.all(sent.map((body) => c.publish(`${B}/request/album.get`, JSON.stringify(body))));
      await until('50 answers', () => c.seen.length >= 50, 30_000);
      clearInterval(watch);
      const answers = c.seen.map((s) => s.json());
      assert.deepEqual(answers.map((a) => a.transaction).sort((a, b) => a - b), sent.map((s) => s.transaction));
      for (const a of answers) {
        assert.equal(a.status, 'ok', JSON.stringify(a));
        assert.equal(a.data.path, names[a.transaction % names.length]);
      }
      assert.equal(handle.limiter.peak, 3, 'the bound is reached and never passed');
      assert.ok(peakSeen <= 3);
    } finally {
      await c.close();
    }
  });

  it('a slow NAS does not block the broker connection or the bridge\'s own requests', async () => {
    const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`, `${B}/bridge/state`] });
    try {
      await rig.side('POST', 'faults', { kind: 'latency', ms: 2500, api: 'SYNO.PhotoStation.Album', times: 6 });
      for (let i = 0; i < 6; i++) await c.publish(`${B}/request/album.get`, JSON.stringify({ album: 'Family', transaction: `slow${i}` }));
      await sleep(100);
      const started = Date.now();
      const list = await c.request(B, 'schedule.list');
      assert.equal(list.status, 'ok');
      assert.ok(Date.now() - started < 1000, 'answered while the NAS is busy');
      assert.equal(rig.bridge.connection.connected, true);
      await until('slow answers', () => c.seen.filter((s) => s.text.includes('"slow')).length === 6, 20_000);
    } finally {
      await c.close();
    }
  });

  it('1,000 malformed payloads: each answered with invalid_input, and the bridge keeps running', async () => {
    const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`] });
    try {
      const garbage = (i: number): Buffer => {
        switch (i % 8) {
          case 0: return Buffer.from('not json at all');
          case 1: return Buffer.from('[1,2,3]');
          case 2: return Buffer.from('"a string"');
          case 3: return Buffer.from('null');
          case 4: return Buffer.from('{"album": ');
          case 5: return randomBytes(64);
          case 6: return Buffer.from('42');
          default: return Buffer.from('{"album": {"nested": true}}');
        }
      };
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => c.publish(`${B}/request/album.get`, garbage(batch * 100 + j))));
        await until(`batch ${batch} answered`, () => c.seen.length >= (batch + 1) * 100, 20_000);
      }
      // One megabyte of garbage.
      await c.publish(`${B}/request/album.get`, randomBytes(1024 * 1024));
      await until('1 MB answered', () => c.seen.length >= 1001, 20_000);
      assert.equal(c.seen.length, 1001);
      for (const s of c.seen) {
        const a = s.json();
        assert.equal(a.status, 'error');
        assert.equal(a.error.code, 'invalid_input', s.text);
        assert.ok(a.error.message.length > 10);
      }
      const ok = await c.request(B, 'album.get', { album: 'Family' });
      assert.equal(ok.status, 'ok');
    } finally {
      await c.close();
    }
  });

  it('unknown actions and invalid input are answered with their codes; weird topics do not hurt', async () => {
    const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`] });
    try {
      const unknown = await c.request(B, 'album.explode', {});
      assert.equal(unknown.error.code, 'unknown_action');
      assert.match(unknown.error.message, /album\.explode/);
      const invalid = await c.request(B, 'album.get', {});
      assert.equal(invalid.error.code, 'invalid_input');
      assert.equal(invalid.error.field, 'album');
      const badStation = await c.request(B, 'album.get', { album: 'Family', station: 'garage' });
      assert.equal(badStation.error.code, 'invalid_input');
      assert.equal(badStation.error.field, 'station');
      const badType = await c.request(B, 'album.list', { limit: 'lots' });
      assert.equal(badType.error.code, 'invalid_input');
      assert.equal(badType.error.field, 'limit');
      await c.publish(`${B}/request/${'x'.repeat(5000)}`, '{}');
      await c.publish(`${B}/request/schedule.run`, '{"name": 5}');
      await c.waitFor('schedule.run answer', (s) => s.topic === `${B}/response/schedule.run`);
      for (const s of c.seen) assert.ok((ACTION_ERROR_CODES as readonly string[]).includes(s.json().error.code));
      assert.equal((await c.request(B, 'station.status')).status, 'ok');
    } finally {
      await c.close();
    }
  });

  it('a NAS session that expires is renewed: requests keep succeeding', async () => {
    const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`] });
    try {
      assert.equal((await c.request(B, 'album.get', { album: 'Family' })).status, 'ok');
      const logins = (await rig.side('GET', 'stats')).logins;
      await rig.side('POST', 'sessions/expire', {});
      const answers = await Promise.all([c.request(B, 'album.get', { album: 'Kids' }), c.request(B, 'album.list', {}), c.request(B, 'share.list', {})]);
      for (const a of answers) assert.equal(a.status, 'ok', JSON.stringify(a));
      assert.ok((await rig.side('GET', 'stats')).logins > logins, 'logged in again');
    } finally {
      await c.close();
    }
  });
});

describe('bridge allow list and read-only', function () {
  this.timeout(60_000);

  it('an allow list refuses everything else with not_allowed, before the NAS is asked', async () => {
    const rig = await new Rig().start({ extra: 'actions:\n  allow: [album.get, share.*]', polling: 'false' });
    try {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`] });
      assert.equal((await c.request(B, 'album.get', { album: 'Family' })).status, 'ok');
      assert.equal((await c.request(B, 'share.list')).status, 'ok');
      const before = (await rig.side('GET', 'stats')).requests.total;
      for (const [action, body] of [['album.delete', { album: 'Pets' }], ['album.list', {}], ['schedule.list', {}], ['photo.search', {}]] as const) {
        const refused = await c.request(B, action, body);
        assert.equal(refused.status, 'error');
        assert.equal(refused.error.code, 'not_allowed', action);
        assert.match(refused.error.message, new RegExp(action.replace('.', '\\.')));
      }
      assert.equal((await rig.side('GET', 'stats')).requests.total, before, 'no request reached the NAS');
      await c.close();
    } finally {
      await rig.close();
    }
  });

  it('read_only allows only actions that change nothing, also through /set', async () => {
    const rig = await new Rig().start({ extra: 'actions:\n  read_only: true', stationExtra: '    albums: [Kids]' });
    try {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/#`] });
      assert.equal((await c.request(B, 'album.list')).status, 'ok');
      assert.equal((await c.request(B, 'photo.search', { keyword: 'beach' })).status, 'ok');
      for (const [action, body] of [['album.delete', { album: 'Pets' }], ['share.create', { album: 'Pets' }], ['album.create', { name: 'x' }], ['share.revoke', { older_than: '1d' }]] as const) {
        const refused = await c.request(B, action, body);
        assert.equal(refused.error.code, 'not_allowed', action);
        assert.match(refused.error.message, /read-only/);
      }
      await c.publish(`${B}/album/album_4b696473/set`, '{"shared": true}');
      const setAnswer = await c.waitFor('album.set', (s) => s.topic === `${B}/response/album.set`);
      assert.equal(setAnswer.json().error.code, 'not_allowed');
      assert.equal(((await rig.actor.run('album.get', { album: 'Pets' })) as any).path, 'Pets');
      assert.equal(((await rig.actor.run('share.list', {})) as any).shares.filter((s: any) => s.status === 'valid').length, 1, 'only the demo link');
      await c.close();
    } finally {
      await rig.close();
    }
  });
});
