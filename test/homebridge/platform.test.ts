import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { placeholderJpeg } from '../../src/simulator/jpeg';
import { Station } from '../../src/station';
import { freePort } from '../support/free-port';
import {
  HAP, Homebridge, RUNTIMES, albumAccessories, buildPlugin, checkRuntime, findChar, hasService, sleep, until,
  type CharRef, type HapAccessory,
} from './harness';

// Distinct secrets, so that the log can be searched for them.
const ACCOUNT = { name: 'hbadmin', password: 'Acc0unt-S3cret!' };
const LOCK_PASSWORD = 'L0ck-Pw-7731';
/** Polling every 250 ms: a change is an event well within this. */
const EVENT_WAIT_MS = 2000;

for (const runtime of RUNTIMES) {
  describe(`Homebridge platform PhotoStation: ${runtime.label}`, function () {
    this.timeout(60_000);
    let sim: Simulator;
    let hb: Homebridge;
    let station: Station;
    let storage: string;
    let dataDir: string;
    let accessories: Map<string, HapAccessory>;

    const platform = (albums: unknown[]) => ({
      platform: 'PhotoStation',
      name: 'Photo Station',
      url: sim.origin,
      username: ACCOUNT.name,
      password: ACCOUNT.password,
      timeout: 3,
      polling: { interval: 0.25, reconcile: 3, floor: 0.1 },
      albums,
    });
    const ALBUMS = [
      { album: 'Garden', password: LOCK_PASSWORD, shareLifetime: '2d', motionSeconds: 2 },
      { album: 'Kids', name: 'Kids album', password: LOCK_PASSWORD, shareSwitch: false },
      { album: 'Holidays', passwordSwitch: false, shareSwitch: false },
      { album: 'Pets', password: LOCK_PASSWORD },
    ];

    const album = async (path: string): Promise<any> => station.run('album.get', { album: path });
    const ref = (path: string, serviceType: string, suffix: string, charType: string): CharRef =>
      findChar(accessories.get(path)!, serviceType, suffix, charType);
    const valueOf = async (r: CharRef): Promise<unknown> => (await hb.read(r)).value;

    before(async () => {
      const versions = checkRuntime(runtime);
      assert.match(versions.homebridge, new RegExp(`^${runtime.major}\\.`), `runtime reports Homebridge ${versions.homebridge}`);
      if (runtime.major === 2) assert.match(versions.node, /^v22\./, `Homebridge 2 must run on Node 22, not ${versions.node}`);
      buildPlugin();
      sim = await startSimulator({ seed: 'demo', port: 0, host: '127.0.0.1', users: [{ ...ACCOUNT, admin: true }] });
      storage = mkdtempSync(join(tmpdir(), 'ps-homebridge-'));
      dataDir = mkdtempSync(join(tmpdir(), 'ps-hb-station-'));
      station = new Station({ url: sim.origin, username: 'admin', password: 'admin', dataDir });
      hb = new Homebridge(runtime, storage);
      hb.writeConfig(platform(ALBUMS), await freePort());
      await hb.start();
      accessories = albumAccessories(await hb.accessories());
    });

    after(async () => {
      await hb?.stop();
      await station?.close();
      await sim?.close().catch(() => undefined);
      if (storage) rmSync(storage, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    afterEach(function () {
      if (this.currentTest?.state === 'failed') console.log(`--- Homebridge output (${runtime.label}) ---\n${hb?.output.slice(-6000)}`);
    });

    it('exposes one accessory per configured album with the configured services', () => {
      assert.deepEqual([...accessories.keys()].sort(), ['Garden', 'Holidays', 'Kids', 'Pets']);
      const garden = accessories.get('Garden')!;
      assert.ok(hasService(garden, HAP.Switch, 'Password Protected'));
      assert.ok(hasService(garden, HAP.Switch, 'Shared Link'));
      assert.ok(hasService(garden, HAP.MotionSensor, 'New Photos'));
      const kids = accessories.get('Kids')!;
      assert.ok(hasService(kids, HAP.Switch, 'Kids album Password Protected'), 'the display name from the config');
      assert.ok(!hasService(kids, HAP.Switch, 'Shared Link'), 'shareSwitch: false');
      const holidays = accessories.get('Holidays')!;
      assert.ok(!hasService(holidays, HAP.Switch, 'Password Protected'));
      assert.ok(hasService(holidays, HAP.MotionSensor, 'New Photos'));
    });

    it('reads the albums\' current state from the station at start', async () => {
      await until('Kids (a password album) to read as locked', async () => (await valueOf(ref('Kids', HAP.Switch, 'Password Protected', HAP.On))) === true);
      assert.equal(await valueOf(ref('Garden', HAP.Switch, 'Password Protected', HAP.On)), false);
      assert.equal(await valueOf(ref('Garden', HAP.Switch, 'Shared Link', HAP.On)), false);
      assert.equal(await valueOf(ref('Garden', HAP.MotionSensor, 'New Photos', HAP.MotionDetected)), false);
    });

    it('the password switch locks the album with the configured password, and off restores its previous type', async () => {
      const on = ref('Garden', HAP.Switch, 'Password Protected', HAP.On);
      assert.deepEqual(await hb.write(on, true), { http: 204, status: undefined });
      assert.equal((await album('Garden')).type, 'password');
      // The lock uses the configured password: an anonymous visitor gets in with it.
      const anon = await fetch(`${sim.origin}/photo/webapi/album.php`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api: 'SYNO.PhotoStation.Album', method: 'list', version: '1', id: (await album('Garden')).id, type: 'album,photo,video', offset: '0', limit: '1', password: LOCK_PASSWORD }),
      }).then((r) => r.json() as Promise<any>);
      assert.equal(anon.success, true, `anonymous list with the lock password: ${JSON.stringify(anon)}`);
      assert.equal(await valueOf(on), true);
      assert.deepEqual(await hb.write(on, false), { http: 204, status: undefined });
      assert.equal((await album('Garden')).type, 'public');
      assert.equal(await valueOf(on), false);
    });

    it('the shared link switch makes a link with the configured lifetime and revokes it', async () => {
      const sw = ref('Garden', HAP.Switch, 'Shared Link', HAP.On);
      assert.deepEqual(await hb.write(sw, true), { http: 204, status: undefined });
      const shares = (await station.run('share.list', { status: 'valid' }) as any).shares.filter((s: any) => s.name === 'Garden');
      assert.equal(shares.length, 1, JSON.stringify(shares));
      const lifetimeDays = (Date.parse(shares[0].end) - Date.now()) / 86_400_000;
      assert.ok(lifetimeDays > 1 && lifetimeDays <= 2.01, `a 2d link ends in ${lifetimeDays} days`);
      // Turning it on again must not make a second link.
      assert.equal((await hb.write(sw, true)).http, 204);
      assert.equal((await station.run('share.list', { status: 'valid' }) as any).shares.filter((s: any) => s.name.startsWith('Garden')).length, 1);
      assert.deepEqual(await hb.write(sw, false), { http: 204, status: undefined });
      const after = await station.run('share.get', { share_id: shares[0].share_id }) as any;
      assert.equal(after.status, 'revoked');
      assert.equal(await valueOf(sw), false);
    });

    // Reads answer from what the plugin knows and only then refresh in the background, so one read
    // after a pause (and no reads during it) shows what the change detector's events delivered.
    const afterEvents = async (r: CharRef): Promise<unknown> => {
      await sleep(EVENT_WAIT_MS);
      return valueOf(r);
    };

    it('follows protection changes made elsewhere, through the detector\'s events', async () => {
      const sw = ref('Pets', HAP.Switch, 'Password Protected', HAP.On);
      assert.equal(await valueOf(sw), false);
      await station.run('album.set_protection', { album: 'Pets', type: 'password', password: 'elsewhere' });
      assert.equal(await afterEvents(sw), true);
      await station.run('album.set_protection', { album: 'Pets', type: 'private' });
      assert.equal(await afterEvents(sw), false);
    });

    it('follows a link revoked elsewhere, through the detector\'s events', async () => {
      const sw = ref('Garden', HAP.Switch, 'Shared Link', HAP.On);
      assert.equal((await hb.write(sw, true)).http, 204);
      const share = (await station.run('share.list', { status: 'valid' }) as any).shares.find((s: any) => s.name.startsWith('Garden'));
      assert.ok(share, 'the switch made a link');
      await station.run('share.revoke', { share_id: share.share_id });
      assert.equal(await afterEvents(sw), false);
    });

    it('the motion sensor fires for new photos in the album and below it, then resets', async () => {
      const garden = ref('Garden', HAP.MotionSensor, 'New Photos', HAP.MotionDetected);
      const holidays = ref('Holidays', HAP.MotionSensor, 'New Photos', HAP.MotionDetected);
      const kids = ref('Kids', HAP.MotionSensor, 'New Photos', HAP.MotionDetected);
      const jpeg = placeholderJpeg(64, 48).toString('base64');
      await station.run('photo.upload', { album: 'Garden', filename: 'hb-motion.jpg', data: jpeg });
      await until('motion in Garden', async () => (await valueOf(garden)) === true);
      assert.equal(await valueOf(kids), false, 'only the album that got the photo');
      await station.run('photo.upload', { album: 'Holidays/Italy 2025', filename: 'hb-nested.jpg', data: jpeg });
      await until('motion in Holidays (photo in a sub-album)', async () => (await valueOf(holidays)) === true);
      // motionSeconds: 2 for Garden
      await until('Garden motion to reset', async () => (await valueOf(garden)) === false, 6000);
      assert.equal(await valueOf(kids), false);
    });

    it('restores the accessories from the cache after a restart and removes an album that left the config', async () => {
      const before = albumAccessories(await hb.accessories());
      // A link made before the restart must still count as the album's after it (the station's data folder).
      assert.equal((await hb.write(ref('Garden', HAP.Switch, 'Shared Link', HAP.On), true)).http, 204);
      await hb.stop();
      const cached = hb.cachedAccessories();
      assert.equal(cached.length, 4);
      const uuids = new Map(cached.map((a) => [a.context.album.path as string, a.UUID]));
      const firstLog = hb.output;
      hb.output = '';
      hb.writeConfig(platform(ALBUMS.filter((a) => a.album !== 'Pets')), hb.port);
      // A photo that arrives while Homebridge is stopped is still news when it starts.
      await station.run('photo.upload', { album: 'Garden', filename: 'while-stopped.jpg', data: placeholderJpeg(32, 32).toString('base64') });
      await hb.start();
      const after = albumAccessories(await hb.accessories());
      await until('motion in Garden for the photo added while stopped',
        async () => (await valueOf(findChar(after.get('Garden')!, HAP.MotionSensor, 'New Photos', HAP.MotionDetected))) === true);
      assert.deepEqual([...after.keys()].sort(), ['Garden', 'Holidays', 'Kids']);
      for (const [path, acc] of after) assert.equal(acc.aid, before.get(path)!.aid, `aid of ${path} kept`);
      assert.match(firstLog, /Added .*Garden/);
      assert.doesNotMatch(hb.output, /Added /, 'nothing is re-created');
      assert.match(hb.output, /Removed Pets/);
      // Let Homebridge write its cache again, then compare UUIDs.
      await hb.stop();
      const recached = hb.cachedAccessories();
      assert.deepEqual(new Map(recached.map((a) => [a.context.album.path as string, a.UUID])),
        new Map([...uuids].filter(([p]) => p !== 'Pets')));
      hb.output = firstLog + hb.output;
      await hb.start();
      accessories = albumAccessories(await hb.accessories());
      // The restored state answers at once and is right.
      await until('Kids to read as locked after restart', async () => (await valueOf(ref('Kids', HAP.Switch, 'Password Protected', HAP.On))) === true);
      const share = ref('Garden', HAP.Switch, 'Shared Link', HAP.On);
      assert.equal(await valueOf(share), true, 'the link made before the restart');
      assert.equal((await hb.write(share, false)).http, 204);
      assert.equal((await station.run('share.list', { status: 'valid' }) as any).shares.filter((s: any) => s.name.startsWith('Garden')).length, 0);
    });

    it('an album deleted on the station says "No Response" (logged once) until it is back', async () => {
      const motion = ref('Holidays', HAP.MotionSensor, 'New Photos', HAP.MotionDetected);
      const logStart = hb.output.length;
      await station.run('album.delete', { album: 'Holidays' });
      await until('No Response on Holidays', async () => (await hb.read(motion)).status === -70402);
      assert.equal(await valueOf(ref('Garden', HAP.Switch, 'Password Protected', HAP.On)), false, 'the other albums keep working');
      await sleep(1000);
      const lines = hb.output.slice(logStart).split('\n').filter((l) => /Album Holidays does not exist/.test(l));
      assert.equal(lines.length, 1, lines.join('\n'));
      await station.run('album.create', { name: 'Holidays', type: 'public' });
      await until('Holidays to answer again', async () => (await hb.read(motion)).value === false);
      assert.match(hb.output.slice(logStart), /Album Holidays is available again/);
    });

    it('a station that hangs does not block HomeKit: reads answer at once, a tap gives up after the timeout', async () => {
      const sw = ref('Garden', HAP.Switch, 'Password Protected', HAP.On);
      const control = (method: string, body?: unknown) => fetch(`${sim.origin}/__sim/faults`, {
        method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      assert.equal((await control('POST', { kind: 'latency', ms: 3500, times: 10_000 })).status, 200);
      try {
        let started = Date.now();
        const read = await hb.read(sw);
        assert.ok(Date.now() - started < 1000, `a read took ${Date.now() - started} ms`);
        assert.ok(read.value === false || read.status === -70402, JSON.stringify(read));
        started = Date.now();
        const write = await hb.write(sw, true);
        const took = Date.now() - started;
        assert.equal(write.status, -70402);
        assert.ok(took >= 2500 && took < 3500, `the tap failed after ${took} ms (timeout 3 s)`);
        started = Date.now();
        await hb.read(sw);
        assert.ok(Date.now() - started < 1000, 'reads still answer at once');
      } finally {
        await control('DELETE');
      }
      // The tap may still land once the late answers arrive (3.5 s); either way the switch then shows the truth.
      await sleep(4000);
      await until('the switch to agree with the station again', async () => {
        const [value, album] = [(await hb.read(sw)).value, (await station.run('album.get', { album: 'Garden' }) as any).type];
        return value === (album === 'password') && (album === 'password' ? 'locked' : 'unlocked');
      }, 20_000);
      if ((await album('Garden')).type === 'password') await station.run('album.toggle_password', { album: 'Garden', enabled: false });
    });

    it('a station that is down shows "No Response" without crashing the bridge, and logs it once without secrets', async () => {
      const logStart = hb.output.length;
      const sw = ref('Garden', HAP.Switch, 'Password Protected', HAP.On);
      const motion = ref('Garden', HAP.MotionSensor, 'New Photos', HAP.MotionDetected);
      await sim.close();
      await until('No Response (-70402) on the switch', async () => (await hb.read(sw)).status === -70402);
      assert.equal((await hb.read(motion)).status, -70402);
      const started = Date.now();
      const write = await hb.write(sw, true);
      assert.equal(write.http, 207);
      assert.equal(write.status, -70402);
      assert.ok(Date.now() - started < 5000, 'a tap fails within the configured timeout');
      // Several polling intervals pass; the bridge keeps answering and the error is not repeated.
      await sleep(2000);
      assert.ok(hb.alive, `Homebridge is still running:\n${hb.output.slice(-2000)}`);
      assert.equal((await hb.read(sw)).status, -70402);
      const unreachable = hb.output.slice(logStart).split('\n').filter((l) => /is not reachable/.test(l));
      assert.equal(unreachable.length, 1, unreachable.join('\n'));
      for (const secret of [ACCOUNT.password, LOCK_PASSWORD]) assert.ok(!hb.output.includes(secret), `the log shows the secret ${secret}`);
    });

    it('answers again when the station is back', async () => {
      const sw = ref('Kids', HAP.Switch, 'Password Protected', HAP.On);
      sim = await startSimulator({ seed: 'demo', port: sim.port, host: '127.0.0.1', users: [{ ...ACCOUNT, admin: true }] });
      await until('the Kids switch to answer again', async () => (await hb.read(sw)).value === true);
      assert.match(hb.output, /answers again/);
      assert.ok(hb.alive);
    });
  });
}
