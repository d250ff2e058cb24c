import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { HAP, Homebridge, RUNTIMES, albumAccessories, buildPlugin, checkRuntime, findChar, until } from './harness';
import { freePort } from '../support/free-port';

const ACCOUNT = { name: 'hbtls', password: 'Tls-Acc0unt-Pw' };

for (const runtime of RUNTIMES) {
  describe(`Homebridge platform PhotoStation over HTTPS: ${runtime.label}`, function () {
    this.timeout(60_000);
    let sim: Simulator;
    let hb: Homebridge;
    let storage: string;

    const platform = (tls: Record<string, string>) => ({
      platform: 'PhotoStation', name: 'Photo Station', url: sim.origin, username: ACCOUNT.name, password: ACCOUNT.password,
      tls, timeout: 3, polling: { interval: 0.25, reconcile: 3, floor: 0.1 },
      albums: [{ album: 'Kids', password: 'whatever-pw', shareSwitch: false, motionSensor: false }],
    });
    const kidsSwitch = async () => findChar(albumAccessories(await hb.accessories()).get('Kids')!, HAP.Switch, 'Password Protected', HAP.On);

    before(async () => {
      checkRuntime(runtime);
      buildPlugin();
      sim = await startSimulator({ seed: 'demo', port: 0, host: '127.0.0.1', https: true, users: [{ ...ACCOUNT, admin: true }] });
      storage = mkdtempSync(join(tmpdir(), 'ps-homebridge-tls-'));
      hb = new Homebridge(runtime, storage);
    });

    after(async () => {
      await hb?.stop({ force: true });
      await sim?.close();
      if (storage) rmSync(storage, { recursive: true, force: true });
    });

    afterEach(function () {
      if (this.currentTest?.state === 'failed') console.log(`--- Homebridge output (${runtime.label}) ---\n${hb?.output.slice(-6000)}`);
    });

    it('a malformed fingerprint is logged and leaves the bridge running, the accessories saying "No Response"', async () => {
      hb.writeConfig(platform({ fingerprint: 'AB:CD' }), await freePort());
      await hb.start();
      const sw = await kidsSwitch();
      assert.equal((await hb.read(sw)).status, -70402);
      assert.equal((await hb.write(sw, true)).status, -70402);
      assert.match(hb.output, /Not started: TLS fingerprint must be a SHA-256 fingerprint/);
      assert.ok(hb.alive);
      await hb.stop({ force: true });
    });

    it('a certificate that is not the pinned one gives "No Response" and one TLS message', async () => {
      hb.output = '';
      hb.writeConfig(platform({ fingerprint: '00'.repeat(32) }), hb.port);
      await hb.start();
      const sw = await kidsSwitch();
      await until('No Response', async () => (await hb.read(sw)).status === -70402);
      const lines = hb.output.split('\n').filter((l) => /TLS certificate this configuration does not trust/.test(l));
      assert.equal(lines.length, 1, hb.output.slice(-3000));
      assert.ok(!hb.output.includes(ACCOUNT.password));
      await hb.stop({ force: true });
    });

    it('the pinned fingerprint of a self-signed NAS works', async () => {
      hb.output = '';
      hb.writeConfig(platform({ fingerprint: sim.fingerprint!.toLowerCase() }), hb.port);
      await hb.start();
      const sw = await kidsSwitch();
      await until('Kids to read as locked', async () => (await hb.read(sw)).value === true);
      assert.doesNotMatch(hb.output, /not trust|not reachable/);
    });
  });
}
