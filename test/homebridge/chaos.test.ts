// The Homebridge platform under the simulator's chaos mode (issue 9): a quarter of all NAS requests
// expire the session, kick it out, answer 5xx, HTML, lying data or nothing, while HomeKit taps the
// switches and albums change on the NAS. Homebridge stays up, nothing goes unhandled, no secret is
// logged, and once the NAS behaves again the accessories show the NAS's state.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { mulberry32 } from '../../src/simulator/random';
import { Station } from '../../src/station';
import { HAP, Homebridge, RUNTIMES, albumAccessories, buildPlugin, checkRuntime, findChar, sleep, until, type CharRef } from './harness';
import { freePort } from '../support/free-port';

const ACCOUNT = { name: 'hbchaos', password: 'Ch4os-Acc0unt-Pw' };
const LOCK_PASSWORD = 'Ch4os-L0ck-Pw';
const CHAOS_MS = 12_000;

for (const runtime of RUNTIMES) {
  describe(`Homebridge platform under NAS chaos: ${runtime.label}`, function () {
    this.timeout(120_000);
    let sim: Simulator;
    let hb: Homebridge;
    let station: Station;
    const dirs: string[] = [];

    before(async () => {
      checkRuntime(runtime);
      buildPlugin();
      sim = await startSimulator({ seed: 'demo', port: 0, host: '127.0.0.1', users: [{ ...ACCOUNT, admin: true }] });
      const storage = mkdtempSync(join(tmpdir(), 'ps-hb-chaos-'));
      const dataDir = mkdtempSync(join(tmpdir(), 'ps-hb-chaos-station-'));
      dirs.push(storage, dataDir);
      station = new Station({ url: sim.origin, username: 'admin', password: 'admin', dataDir });
      hb = new Homebridge(runtime, storage);
      hb.writeConfig({
        platform: 'PhotoStation', name: 'Photo Station', url: sim.origin, username: ACCOUNT.name, password: ACCOUNT.password,
        timeout: 2, polling: { interval: 0.25, reconcile: 3, floor: 0.1 },
        albums: [{ album: 'Garden', password: LOCK_PASSWORD, motionSeconds: 1 }, { album: 'Pets', password: LOCK_PASSWORD }],
      }, await freePort());
      await hb.start();
    });

    after(async () => {
      await fetch(`${sim.origin}/__sim/chaos`, { method: 'DELETE' }).catch(() => undefined);
      await hb?.stop();
      await station?.close();
      await sim?.close().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    afterEach(function () {
      if (this.currentTest?.state === 'failed') console.log(`--- Homebridge output (${runtime.label}) ---\n${hb?.output.slice(-6000)}`);
    });

    it('stays up through the faults and then shows what the NAS holds', async () => {
      const accessories = albumAccessories(await hb.accessories());
      const sw = (album: string, name: string): CharRef => findChar(accessories.get(album)!, HAP.Switch, name, HAP.On);
      const switches = [sw('Garden', 'Password Protected'), sw('Garden', 'Shared Link'), sw('Pets', 'Password Protected'), sw('Pets', 'Shared Link')];
      const rng = mulberry32(9);
      const chaos = await fetch(`${sim.origin}/__sim/chaos`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rate: 0.25, seed: 9, ms: 500, kinds: ['expire_session', 'kick', 'http', 'latency', 'drop', 'garbage', 'error', 'mangle'] }),
      });
      assert.equal(chaos.status, 200);
      const writes = { sent: 0, ok: 0, refused: 0 };
      const stopAt = Date.now() + CHAOS_MS;
      // HomeKit taps and reads, while the albums change on the NAS (both through the faults).
      await Promise.all([
        (async () => {
          while (Date.now() < stopAt) {
            const r = switches[Math.floor(rng() * switches.length)];
            writes.sent++;
            const w = await hb.write(r, rng() < 0.5);
            if (w.http === 204 && w.status === undefined) writes.ok++;
            else writes.refused++;
            await hb.read(switches[Math.floor(rng() * switches.length)]);
            await sleep(100);
          }
        })(),
        (async () => {
          while (Date.now() < stopAt) {
            const type = (['public', 'private', 'password'] as const)[Math.floor(rng() * 3)];
            await station.run('album.set_protection', { album: rng() < 0.5 ? 'Garden' : 'Pets', type, ...(type === 'password' ? { password: 'elsewhere' } : {}) }).catch(() => undefined);
            await sleep(300);
          }
        })(),
      ]);
      const report = await (await fetch(`${sim.origin}/__sim/chaos`, { method: 'DELETE' })).json() as { injected: Record<string, number> };
      assert.ok(Object.values(report.injected).reduce((a, b) => a + b, 0) >= 20, `faults injected: ${JSON.stringify(report.injected)}`);
      assert.ok(writes.ok > 0 && writes.sent >= 10, `HomeKit writes: ${JSON.stringify(writes)}`);
      console.log(`      ${Object.values(report.injected).reduce((a, b) => a + b, 0)} faults, HomeKit writes ${writes.ok} done / ${writes.refused} refused`);
      assert.ok(hb.alive, 'Homebridge is still running');

      // A known state, set while the NAS behaves: the accessories follow it.
      await station.run('album.set_protection', { album: 'Garden', type: 'password', password: 'final' });
      await station.run('album.set_protection', { album: 'Pets', type: 'public' });
      for (const s of (await station.run('share.list', { status: 'valid' }) as any).shares) await station.run('share.revoke', { share_id: s.share_id });
      const expected: Array<[CharRef, boolean]> = [[switches[0], true], [switches[1], false], [switches[2], false], [switches[3], false]];
      await until('the accessories show the NAS state', async () => {
        for (const [r, v] of expected) if ((await hb.read(r)).value !== v) return false;
        return true;
      }, 20_000, 500);
      // And they still work.
      assert.deepEqual(await hb.write(switches[2], true), { http: 204, status: undefined });
      assert.equal((await station.run('album.get', { album: 'Pets' }) as any).type, 'password');

      assert.ok(hb.alive, 'Homebridge is still running');
      assert.doesNotMatch(hb.output, /unhandled|uncaught|TypeError|ReferenceError|RangeError/i);
      for (const secret of [ACCOUNT.password, LOCK_PASSWORD]) assert.ok(!hb.output.includes(secret), 'a password in the Homebridge log');
      for (const sid of (await (await fetch(`${sim.origin}/__sim/sessions?secrets=1`)).json() as { sids: string[] }).sids) {
        assert.ok(!hb.output.includes(sid), 'a session id in the Homebridge log');
      }
    });
  });
}
