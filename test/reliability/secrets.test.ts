// Planted secrets (NAS password, album lock password, link password, a wrong password, the live session ids)
// must never appear in anything a face produces: MQTT messages on `#` and the bridge's debug log, Node-RED
// node statuses, messages, errors and log, `photostation call` output, and client/station errors in every
// form (message, stack, inspect, JSON). The Node-RED flow export is checked in access.test.ts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { Station } from '../../src/station';
import { Rig } from '../bridge/helpers';
import { NodeRig, actionFlow, helper, load, run } from '../nodes/rig';
import { installGuard, runCli } from './guard';

const NAS = 'S3cret-NAS-pw-71';
const ALBUM = 'S3cret-album-pw-72';
const LINK = 'S3cret-link-pw-73';
const WRONG = 'S3cret-wrong-pw-74';

/** Every secret found in the texts, with where. */
function leaks(texts: string[], secrets: string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const s of secrets) if (s && t.includes(s)) out.push(`${s.slice(0, 6)}… in ${t.slice(0, 160)}`);
  return out;
}

async function sessionIds(origin: string): Promise<string[]> {
  return ((await (await fetch(`${origin}/__sim/sessions?secrets=1`)).json()) as { sids: string[] }).sids;
}

const errorForms = (err: unknown): string[] => {
  const e = err as Error & { cause?: unknown };
  return [String(e?.message), String(e?.stack), inspect(e, { depth: 10 }), JSON.stringify(e), JSON.stringify(e?.cause ?? null), inspect(e?.cause, { depth: 10 })];
};

describe('reliability: planted secrets never leak', function () {
  this.timeout(60_000);
  let guard: ReturnType<typeof installGuard>;
  before(() => { guard = installGuard(); });
  afterEach(() => guard.check());
  after(() => guard.remove());

  describe('MQTT bridge (everything on #, debug log)', () => {
    const rig = new Rig();
    const sids = new Set<string>();
    before(() => rig.start({
      logLevel: 'debug', user: 'planted', password: NAS, polling: '{ interval: 0.2, reconcile: 1h, floor: 0 }',
      stationExtra: '    albums:\n      - album: Kids\n        password_env: KIDS_LOCK', env: { KIDS_LOCK: ALBUM },
      beforeBridge: async (r) => { await r.side('POST', 'users', { name: 'planted', password: NAS, admin: true }); },
    }));
    after(() => rig.close());

    it('requests, /set, events, errors and session renewals carry no secret', async () => {
      const collect = async (): Promise<void> => { for (const s of await sessionIds(rig.sim.origin)) sids.add(s); };
      await collect();
      const b = rig.base;
      await rig.client.request(b, 'album.set_protection', { album: 'Wedding', type: 'password', password: ALBUM });
      await rig.client.request(b, 'album.toggle_password', { album: 'Wedding', enabled: false });
      await rig.client.request(b, 'share.create', { album: 'Family', password: LINK, lifetime: '1d' });
      await rig.client.request(b, 'album.set_protection', { album: 'No/Such', type: 'password', password: WRONG });
      await rig.client.request(b, 'share.create', { album: 'Family', password: 42 });
      await rig.client.publish(`${b}/album/album_4b696473/set`, JSON.stringify({ password_protected: false }));
      await rig.client.publish(`${b}/album/album_4b696473/set`, JSON.stringify({ password_protected: true }));
      await collect();
      // A forgotten session: the client logs in again, with the password, and must not say so anywhere.
      await rig.side('POST', 'sessions/expire', {});
      await rig.side('POST', 'faults', { kind: 'error', code: 107, times: 2 });
      await rig.client.request(b, 'album.list', {});
      await rig.actor.run('album.create', { name: 'NewOne' });
      await rig.poll();
      await collect();
      await new Promise((r) => setTimeout(r, 500));
      await collect();
      // What the test itself published (requests, /set) holds the passwords it chose; everything else is the bridge's.
      const texts = [...rig.client.seen.filter((s) => !s.topic.startsWith(`${b}/request/`) && !s.topic.endsWith('/set')).map((s) => `${s.topic} ${s.text}`), ...rig.logs];
      assert.ok(rig.client.seen.some((s) => s.topic.startsWith(`${b}/event/`)), 'no event was produced');
      assert.ok(rig.logs.length > 10, 'the debug log is empty');
      assert.ok(sids.size >= 2, `${sids.size} session ids`);
      assert.deepEqual(leaks(texts, [NAS, ALBUM, LINK, WRONG, ...sids]), []);
    });
  });

  describe('Node-RED nodes (statuses, messages, caught errors, log)', () => {
    const rig = new NodeRig();
    before(() => rig.start());
    after(() => rig.stop());

    it('album locks, links and a wrong NAS password leave no trace', async () => {
      await rig.control('POST', 'users', { name: 'planted', password: NAS, admin: true });
      const texts: string[] = [];
      const statuses: unknown[] = [];
      const flow = (op: string, type = 'photostation-album', user = 'planted'): unknown[] => {
        const f = actionFlow(rig, type, op) as Array<Record<string, unknown>>;
        f[1] = { ...f[1], username: user };
        return f;
      };
      const exercise = async (type: string, op: string, msg: Record<string, unknown>, creds: string): Promise<void> => {
        await helper.unload();
        await load(flow(op, type), { srv: { password: creds } });
        const node = helper.getNode('n1');
        const original = node.status.bind(node);
        node.status = (s: unknown) => { statuses.push(s); return original(s); };
        const result = await run('n1', msg, 'out', 'caught', 15_000);
        texts.push(JSON.stringify(result.msg), inspect(result.msg, { depth: 10 }));
      };
      await exercise('photostation-album', 'album.set_protection', { album: 'Wedding', type: 'password', password: ALBUM }, NAS);
      await exercise('photostation-album', 'album.toggle_password', { album: 'Wedding', enabled: false }, NAS);
      await exercise('photostation-share', 'share.create', { album: 'Family', password: LINK, lifetime: '1d' }, NAS);
      await exercise('photostation-album', 'album.get', { album: 'Family' }, WRONG);
      const sids = await sessionIds(rig.sim.origin);
      texts.push(...statuses.map((s) => JSON.stringify(s)));
      texts.push(...helper.log().args.map((a: unknown[]) => inspect(a, { depth: 10 })));
      // The messages themselves carry the passwords the flow put in them; what a face adds must not.
      const added = texts.map((t) => t.replaceAll(`"password":"${ALBUM}"`, '').replaceAll(`"password":"${LINK}"`, '')
        .replaceAll(`password: '${ALBUM}'`, '').replaceAll(`password: '${LINK}'`, ''));
      assert.ok(statuses.length > 0);
      assert.deepEqual(leaks(added, [NAS, ALBUM, LINK, WRONG, ...sids]), []);
    });
  });

  describe('CLI and client/station errors', () => {
    const rig = new NodeRig();
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-secrets-'));
    before(() => rig.start());
    after(async () => {
      await rig.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const cli = async (argv: string[], password: string): Promise<string> => {
      const r = await runCli(argv, { PHOTOSTATION_PASSWORD: password });
      return r.out + r.err;
    };

    it('`photostation call` output, success and failure, has no secret', async () => {
      await rig.control('POST', 'users', { name: 'planted', password: NAS, admin: true });
      const base = ['--url', rig.sim.origin, '--user', 'planted', '--data-dir', dir];
      const outs = [
        await cli(['call', 'album.set_protection', 'album=Wedding', 'type=password', `password=${ALBUM}`, ...base], NAS),
        await cli(['call', 'share.create', 'album=Family', `password=${LINK}`, 'lifetime=1d', ...base], NAS),
        await cli(['call', 'album.set_protection', 'album=No/Such', 'type=password', `password=${WRONG}`, ...base], NAS),
        await cli(['call', 'album.get', 'album=Family', ...base], WRONG),
        await cli(['call', 'album.get', 'album=Family', '--url', 'http://127.0.0.1:1', '--user', 'planted', '--data-dir', dir], NAS),
      ];
      const sids = await sessionIds(rig.sim.origin);
      assert.ok(outs[0].includes('"type": "password"') || outs[0].includes('"type":"password"'), outs[0]);
      assert.deepEqual(leaks(outs, [NAS, ALBUM, LINK, WRONG, ...sids]), []);
    });

    it('station errors in every form (message, stack, inspect, JSON, cause) and the station itself', async () => {
      const texts: string[] = [];
      const wrong = new Station({ url: rig.sim.origin, username: 'planted', password: WRONG, dataDir: dir });
      const right = new Station({ url: rig.sim.origin, username: 'planted', password: NAS, dataDir: dir });
      try {
        for (const [st, action, input] of [
          [wrong, 'album.get', { album: 'Family' }],
          [right, 'album.set_protection', { album: 'No/Such', type: 'password', password: ALBUM }],
          [right, 'share.create', { album: 'No/Such', password: LINK }],
          [right, 'album.toggle_password', { album: 'Family', enabled: true }],
        ] as const) {
          await st.run(action, input).then(() => assert.fail(`${action} should fail`), (err) => texts.push(...errorForms(err)));
        }
        await right.run('album.get', { album: 'Family' });
        texts.push(inspect(right.client, { depth: 6 }), JSON.stringify(right.client), String(right.client));
        const sids = await sessionIds(rig.sim.origin);
        assert.ok(sids.length >= 1);
        assert.deepEqual(leaks(texts, [NAS, ALBUM, LINK, WRONG, ...sids]), []);
      } finally {
        await wrong.close();
        await right.close();
      }
    });

    // The Station keeps only the user name; the password lives in the client's private field, so
    // `util.inspect(station)` / `console.log(station)` (or a Node-RED debug of an object holding it) is safe.
    it('util.inspect(station) does not show the NAS password', async () => {
      const st = new Station({ url: rig.sim.origin, username: 'planted', password: NAS, dataDir: dir });
      try {
        await st.run('album.list', {});
        assert.deepEqual(leaks([inspect(st, { depth: 8, showHidden: true }), JSON.stringify(st.status())], [NAS]), []);
      } finally {
        await st.close();
      }
    });
  });
});
