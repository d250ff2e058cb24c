import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import type { Simulator } from '../../src/simulator';
import { PhotoStationError, albumId } from '../../src/photostation';
import { type Side, client, guardUnhandledRejections, withSim } from './helpers';

const PASSWORD = 'Adm1n-Secret-Pa55';
const WRONG = 'Wr0ng-Secret-Pa55';
const ALBUM_PASSWORD = 'Album-Secret-77';
const SHARE_PASSWORD = 'Share-Secret-88';

/** Session ids the simulator handed out (read from its in-process state; never exposed by the client). */
function liveSessionIds(sim: Simulator): string[] {
  const sessions = sim.state.sessions as unknown as { live: Map<string, unknown> };
  return [...sessions.live.keys()];
}

describe('client secrets', function () {
  let sim: Simulator;
  let side: Side;
  guardUnhandledRejections();

  before(async () => {
    ({ sim, side } = await withSim({ seed: 'demo', users: [{ name: 'owner', password: PASSWORD, admin: true }] }));
  });
  after(async () => {
    await sim.close();
  });

  it('never show a password, album password, share password or session id in errors, logs, inspect or JSON', async () => {
    const logs: string[] = [];
    const logger = { debug: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
    const c = client(sim, { username: 'owner', password: PASSWORD, logger, timeoutMs: 200 });
    const errors: unknown[] = [];
    const keep = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => errors.push(e));
    const sids = new Set<string>();
    try {
      await c.album.list({ limit: 1 });
      liveSessionIds(sim).forEach((s) => sids.add(s));
      // A password album with the wrong and the right password, a share link with a password.
      const { id } = await c.album.create({ name: 'Secret album', type: 'password', password: ALBUM_PASSWORD });
      await keep(client(sim, { username: undefined, password: undefined }).album.list({ id, password: 'nope' }));
      await keep(c.album.edit(albumId('Nope/Missing'), { type: 'password', password: ALBUM_PASSWORD }));
      const share = await c.sharedAlbum.create('Secret share');
      await c.sharedAlbum.editPublicShare(share.id, { is_shared: true, enable_password: true, password: SHARE_PASSWORD });
      await side.fault({ api: 'SYNO.PhotoStation.SharedAlbum', method: 'edit_public_share', kind: 'error', code: 551 });
      await keep(c.sharedAlbum.editPublicShare(share.id, { enable_password: true, password: SHARE_PASSWORD }));
      // Transport failures of calls carrying secrets.
      for (const kind of ['drop', 'garbage', 'http', 'latency'] as const) {
        await side.fault({ api: 'SYNO.PhotoStation.Album', method: 'edit', kind, status: 500, ms: 500 });
        await keep(c.album.edit(id, { type: 'password', password: ALBUM_PASSWORD }));
      }
      // Session loss and re-login, then a login that fails on the network and one refused.
      await side.expireSessions();
      await c.album.list({ limit: 1 });
      liveSessionIds(sim).forEach((s) => sids.add(s));
      await side.fault({ api: 'SYNO.PhotoStation.Auth', method: 'login', kind: 'drop', times: 3 });
      await side.expireSessions();
      await keep(c.album.list({ limit: 1 }));
      const wrong = client(sim, { username: 'owner', password: WRONG, logger });
      await keep(wrong.album.list({ limit: 1 }));
      await keep(wrong.album.list({ limit: 1 }));
      await wrong.close();
      assert.ok(errors.length >= 8, `collected ${errors.length} errors`);
      assert.ok(sids.size >= 2);

      const texts: string[] = [...logs, String(c), inspect(c, { showHidden: true, depth: null }), JSON.stringify(c), inspect(c.sharedAlbum, { showHidden: true, depth: null })];
      for (const e of errors) {
        assert.ok(e instanceof PhotoStationError, String(e));
        texts.push(String(e), e.message, e.stack ?? '', inspect(e, { showHidden: true, depth: null }), JSON.stringify(e));
      }
      const haystack = texts.join('\n');
      for (const secret of [PASSWORD, WRONG, ALBUM_PASSWORD, SHARE_PASSWORD, ...sids]) {
        assert.ok(!haystack.includes(secret), `secret leaked: ${secret.slice(0, 4)}…`);
      }
      assert.ok(logs.some((l) => /logging in as owner/.test(l)), 'the logger was used');
    } finally {
      await side.clearFaults();
      await c.close();
    }
  });
});
