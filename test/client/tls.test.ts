import { strict as assert } from 'node:assert';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Simulator } from '../../src/simulator';
import { ClientErrorCode, PhotoStationClient } from '../../src/photostation';
import { client, guardUnhandledRejections, rejectsWith, withSim } from './helpers';

const LOGIN = 'SYNO.PhotoStation.Auth.login';

/** The side channel over https, trusting the simulator's own certificate. */
function httpsStats(sim: Simulator): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    https
      .get(`${sim.origin}/__sim/stats`, { ca: sim.certPem }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve((JSON.parse(text) as { requests: { byMethod: Record<string, number> } }).requests.byMethod));
      })
      .on('error', reject);
  });
}

function flip(fingerprint: string): string {
  const last = fingerprint.slice(-1);
  return fingerprint.slice(0, -1) + (last === '0' ? '1' : '0');
}

describe('client TLS', function () {
  let sim: Simulator;
  guardUnhandledRejections();

  before(async () => {
    ({ sim } = await withSim({ seed: 'demo', https: true }));
    assert.ok(sim.fingerprint && sim.certPem);
  });
  after(async () => {
    await sim.close();
  });

  it('rejects the self-signed certificate by default, with a hint and without sending the login', async () => {
    const before = (await httpsStats(sim))[LOGIN] ?? 0;
    const c = client(sim);
    try {
      const err = await rejectsWith(c.album.list({ limit: 1 }), ClientErrorCode.TLS);
      assert.match(err.message, /fingerprint|CA/);
      assert.ok(err.errno && /SELF_SIGNED|CERT/.test(err.errno), err.errno);
    } finally {
      await c.close();
    }
    assert.equal((await httpsStats(sim))[LOGIN] ?? 0, before);
  });

  it('accepts the pinned fingerprint, as AB:CD:… or plain lower-case hex', async () => {
    for (const fingerprint of [sim.fingerprint!, sim.fingerprint!.replace(/:/g, '').toLowerCase()]) {
      const c = client(sim, { tls: { fingerprint } });
      try {
        const page = await c.album.list({ limit: 1 });
        assert.equal(page.items.length, 1);
      } finally {
        await c.close();
      }
    }
  });

  it('accepts the certificate given as CA', async () => {
    const c = client(sim, { tls: { ca: sim.certPem! } });
    try {
      const page = await c.album.list({ limit: 1 });
      assert.equal(page.items.length, 1);
    } finally {
      await c.close();
    }
  });

  it('rejects a wrong fingerprint before any request is sent (fails closed)', async () => {
    const before = await httpsStats(sim);
    const c = client(sim, { tls: { fingerprint: flip(sim.fingerprint!) } });
    try {
      const err = await rejectsWith(c.album.list({ limit: 1 }), ClientErrorCode.TLS);
      assert.match(err.message, /fingerprint mismatch/);
      assert.ok(err.message.includes(sim.fingerprint!), 'names the presented fingerprint so the user can check it');
      await rejectsWith(c.info.getInfo(), ClientErrorCode.TLS);
    } finally {
      await c.close();
    }
    const after = await httpsStats(sim);
    assert.equal(after['SYNO.API.Info.query'] ?? 0, before['SYNO.API.Info.query'] ?? 0, 'not even discovery reached the server');
    assert.equal(after[LOGIN] ?? 0, before[LOGIN] ?? 0);
  });

  it('a wrong fingerprint never lets the password reach the server', async () => {
    // A raw TLS server with the simulator's certificate would be ideal; instead a TCP proxy
    // in front of the simulator records every byte the client sends after the handshake.
    let clientBytes = 0;
    const proxy = net.createServer((down) => {
      const up = net.connect(sim.port, '127.0.0.1');
      down.on('data', (d: Buffer) => {
        clientBytes += d.length;
        up.write(d);
      });
      up.on('data', (d: Buffer) => down.write(d));
      const end = (): void => {
        down.destroy();
        up.destroy();
      };
      down.on('error', end).on('close', end);
      up.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const handshakeOnly = await new Promise<number>((resolve, reject) => {
      // Bytes of a bare handshake that sends no application data, for comparison.
      const before = clientBytes;
      const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        s.end();
        setTimeout(() => resolve(clientBytes - before), 50);
      });
      s.on('error', reject);
    });
    const startBytes = clientBytes;
    const c = new PhotoStationClient({ url: `https://127.0.0.1:${port}`, username: 'admin', password: 'admin', tls: { fingerprint: flip(sim.fingerprint!) }, retry: { attempts: 1 } });
    try {
      await rejectsWith(c.album.list({ limit: 1 }), ClientErrorCode.TLS);
    } finally {
      await c.close();
      await new Promise((r) => setTimeout(r, 50));
      proxy.close();
    }
    const sent = clientBytes - startBytes;
    // The handshake differs a little between connections; a request would add hundreds of bytes.
    assert.ok(sent <= handshakeOnly + 100, `client sent ${sent} bytes, a bare handshake ${handshakeOnly}`);
  });

  it('keeps verification on for other clients and for the process', async () => {
    const pinned = client(sim, { tls: { fingerprint: sim.fingerprint! } });
    const plain = client(sim);
    try {
      await pinned.album.list({ limit: 1 });
      await rejectsWith(plain.album.list({ limit: 1 }), ClientErrorCode.TLS);
      assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
    } finally {
      await pinned.close();
      await plain.close();
    }
  });
});
