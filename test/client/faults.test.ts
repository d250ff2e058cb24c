import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import type { Simulator } from '../../src/simulator';
import { ClientErrorCode, type PhotoStationClient, PhotoStationError } from '../../src/photostation';
import { type Side, client, guardUnhandledRejections, rejectsWith, withSim } from './helpers';

const ALBUM = 'SYNO.PhotoStation.Album';
const LIST = `${ALBUM}.list`;
const CREATE = `${ALBUM}.create`;

describe('client transport faults', function () {
  let sim: Simulator;
  let side: Side;
  let c: PhotoStationClient;
  guardUnhandledRejections();

  before(async () => {
    ({ sim, side } = await withSim({ seed: 'demo' }));
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await side.reset('demo');
    await side.clearFaults();
    c = client(sim, { timeoutMs: 300 });
    await c.album.list({ limit: 1 }); // discovery and login out of the way
    await side.resetStats();
  });
  afterEach(async () => {
    await side.clearFaults();
    await c.close();
  });

  describe('slow answers past the timeout', () => {
    it('a read is repeated and succeeds', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'latency', ms: 600 });
      const started = Date.now();
      const page = await c.album.list({ limit: 2 });
      assert.equal(page.items.length, 2);
      assert.ok(Date.now() - started >= 300, 'waited for the timeout');
      assert.equal(await side.count(LIST), 2);
    });

    it('a read that keeps timing out ends in CLIENT_TIMEOUT after the configured attempts', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'latency', ms: 600, times: 3 });
      const err = await rejectsWith(c.album.list({ limit: 2 }), ClientErrorCode.TIMEOUT);
      assert.equal(err.codeName, 'CLIENT_TIMEOUT');
      assert.equal(err.api, ALBUM);
      assert.equal(err.method, 'list');
      assert.match(err.message, /did not answer in time.*300 ms/);
      assert.equal(await side.count(LIST), 3);
    });

    it('a write is never repeated: one request, a timeout error', async () => {
      await side.fault({ api: ALBUM, method: 'create', kind: 'latency', ms: 600 });
      await rejectsWith(c.album.create({ name: 'Slow' }), ClientErrorCode.TIMEOUT);
      assert.equal(await side.count(CREATE), 1);
    });

    it('a per-call timeout overrides the client default', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'latency', ms: 400 });
      const page = await c.album.list({ limit: 1 }, { timeoutMs: 2000 });
      assert.equal(page.items.length, 1);
      assert.equal(await side.count(LIST), 1);
    });

    it('an answer slower than the idle-socket timeout of the agent still arrives', async function () {
      this.timeout(15_000);
      const slow = client(sim, { timeoutMs: 8000 });
      try {
        await side.fault({ api: ALBUM, method: 'list', kind: 'latency', ms: 5000 });
        const page = await slow.album.list({ limit: 1 });
        assert.equal(page.items.length, 1);
      } finally {
        await slow.close();
      }
    });
  });

  describe('dropped connections', () => {
    it('a read is repeated and succeeds', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'drop' });
      const page = await c.album.list({ limit: 2 });
      assert.equal(page.items.length, 2);
      assert.equal(await side.count(LIST), 2);
    });

    it('a write fails with CLIENT_NETWORK_ERROR and is not repeated', async () => {
      await side.fault({ api: ALBUM, method: 'create', kind: 'drop' });
      const err = await rejectsWith(c.album.create({ name: 'Dropped' }), ClientErrorCode.NETWORK);
      assert.match(err.message, /could not be reached or dropped the connection/);
      assert.ok(err.errno, 'low-level code kept');
      assert.equal(await side.count(CREATE), 1);
    });

    it('a refused connection (nothing sent) is reported clearly', async () => {
      const closedPort = client(sim, { url: 'http://127.0.0.1:1/' });
      try {
        const err = await rejectsWith(closedPort.album.list(), ClientErrorCode.NETWORK);
        assert.equal(err.errno, 'ECONNREFUSED');
      } finally {
        await closedPort.close();
      }
    });
  });

  describe('HTTP errors', () => {
    it('a 502 on a read is repeated and succeeds', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'http', status: 502, times: 2 });
      const page = await c.album.list({ limit: 1 });
      assert.equal(page.items.length, 1);
      assert.equal(await side.count(LIST), 3);
    });

    it('a 503 on a write is reported with its status and not repeated', async () => {
      await side.fault({ api: ALBUM, method: 'create', kind: 'http', status: 503 });
      const err = await rejectsWith(c.album.create({ name: 'Busy' }), ClientErrorCode.HTTP);
      assert.equal(err.httpStatus, 503);
      assert.match(err.message, /HTTP 503/);
      assert.equal(await side.count(CREATE), 1);
    });

    it('a 404 is not transient: no repetition even for a read', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'http', status: 404 });
      const err = await rejectsWith(c.album.list({ limit: 1 }), ClientErrorCode.HTTP);
      assert.equal(err.httpStatus, 404);
      assert.equal(await side.count(LIST), 1);
    });
  });

  describe('bodies that are not JSON', () => {
    it('a read is repeated and succeeds', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'garbage' });
      const page = await c.album.list({ limit: 1 });
      assert.equal(page.items.length, 1);
      assert.equal(await side.count(LIST), 2);
    });

    it('a write reports CLIENT_BAD_RESPONSE without quoting the body', async () => {
      await side.fault({ api: ALBUM, method: 'create', kind: 'garbage' });
      const err = await rejectsWith(c.album.create({ name: 'Garbage' }), ClientErrorCode.BAD_RESPONSE);
      assert.match(err.message, /not a Photo Station JSON answer/);
      assert.ok(!err.message.includes('Fatal error'));
      assert.equal(await side.count(CREATE), 1);
    });

    it('persistent garbage ends in CLIENT_BAD_RESPONSE', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'garbage', times: 5 });
      await rejectsWith(c.album.list({ limit: 1 }), ClientErrorCode.BAD_RESPONSE);
      assert.equal(await side.count(LIST), 3);
    });
  });

  describe('error envelopes', () => {
    const cases: Array<[number, string, RegExp]> = [
      [416, 'PHOTOSTATION_ALBUM_PASSWORD_ERROR', /album password is wrong/],
      [417, 'PHOTOSTATION_ALBUM_NO_ACCESS_RIGHT', /no right to view this album/],
      [101, 'WEBAPI_ERR_BAD_REQUEST', /malformed or names something that does not exist/],
      [100, 'WEBAPI_ERR_UNKNOWN', /unknown error/],
      [555, 'PHOTOSTATION_SHARED_ALBUM_NOT_EXISTS', /shared album does not exist/],
      [599, 'PHOTOSTATION_UNKNOWN_CODE', /error code 599/],
    ];
    for (const [code, name, text] of cases) {
      it(`maps ${code} to ${name} with a readable message, once (server errors are not transient)`, async () => {
        await side.fault({ api: ALBUM, method: 'list', kind: 'error', code });
        const err = await rejectsWith(c.album.list({ limit: 1 }), code);
        assert.equal(err.codeName, name);
        assert.match(err.message, text);
        assert.ok(err.message.includes(`${ALBUM}.list`));
        assert.equal(await side.count(LIST), 1);
      });
    }

    it('maps real server answers too: a wrong album password', async () => {
      const albums = await c.album.list({ type: ['album'], limit: -1 });
      const locked = albums.items.find((a) => a.type === 'album' && a.info.type === 'password');
      assert.ok(locked, 'the demo seed has a password album');
      const family = client(sim, { username: 'family', password: 'family' });
      try {
        const err = await rejectsWith(family.album.list({ id: locked.id, password: 'not-it' }), 416);
        assert.ok(!err.message.includes('not-it'));
        assert.ok(!inspect(err).includes('not-it'));
        assert.ok(!JSON.stringify(err).includes('not-it'));
      } finally {
        await family.close();
      }
    });
  });

  describe('callers', () => {
    it('can abort a call with an AbortSignal', async () => {
      await side.fault({ api: ALBUM, method: 'list', kind: 'latency', ms: 250 });
      const ac = new AbortController();
      const p = c.album.list({ limit: 1 }, { signal: ac.signal, timeoutMs: 5000 });
      setTimeout(() => ac.abort(), 20);
      await rejectsWith(p, ClientErrorCode.ABORTED);
    });

    it('every failure is a PhotoStationError, never a raw axios error', async () => {
      const kinds = ['drop', 'garbage', 'http'] as const;
      for (const kind of kinds) {
        await side.fault({ api: ALBUM, method: 'create', kind, status: 500 });
        try {
          await c.album.create({ name: `x-${kind}` });
          assert.fail('should have failed');
        } catch (err) {
          assert.ok(err instanceof PhotoStationError, String(err));
          assert.equal((err as Error & { cause?: unknown }).cause, undefined);
          assert.equal((err as unknown as Record<string, unknown>).config, undefined);
        }
      }
    });
  });
});
