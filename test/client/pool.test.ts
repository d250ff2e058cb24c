// The client's requests and connection pool against a plain HTTP server we control: the headers
// on the wire (the transport writes them in Node's raw form), idle connections closed by the
// client before the server's keep-alive runs out, a connection in use never cut however long the
// answer takes, and a new connection per call when the server's keep-alive is too short.
import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PhotoStationClient } from '../../src/photostation';

interface Station {
  url: string;
  /** Connections opened so far. */
  opened: number;
  /** Connections the client closed (FIN from the client). */
  closedByClient: number;
  /** Headers of the last request. */
  lastHeaders: http.IncomingHttpHeaders;
  close(): Promise<void>;
}

const TABLE = { 'SYNO.API.Info': { path: 'query.php', minVersion: 1, maxVersion: 1 }, 'SYNO.PhotoStation.Album': { path: 'album.php', minVersion: 1, maxVersion: 1 } };

/** Answers discovery and Album calls; method "slow" answers after `slowMs`. */
async function station(keepAliveMs: number, slowMs = 0): Promise<Station> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    s.lastHeaders = req.headers;
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const data = body.includes('SYNO.API.Info') ? TABLE : { items: [] };
      const answer = (): void => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ success: true, data }));
      };
      if (body.includes('method=slow')) setTimeout(answer, slowMs);
      else answer();
    });
  });
  server.keepAliveTimeout = keepAliveMs;
  const s: Station = { url: '', opened: 0, closedByClient: 0, lastHeaders: {}, close: async () => undefined };
  server.on('connection', (socket: Socket) => {
    s.opened++;
    sockets.add(socket);
    socket.on('end', () => s.closedByClient++);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return s;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('client requests on the wire', function () {
  it('sends a user agent with control characters without them, and no header they would make', async () => {
    const s = await station(5000);
    const c = new PhotoStationClient({ url: s.url, userAgent: 'flow\r\nX-Injected: 1' });
    try {
      await c.album.getInfo('album_31');
      assert.equal(s.lastHeaders['user-agent'], 'flowX-Injected: 1');
      assert.equal(s.lastHeaders['x-injected'], undefined);
      assert.equal(s.lastHeaders.accept, 'application/json, */*');
      assert.equal(s.lastHeaders['content-type'], 'application/x-www-form-urlencoded; charset=UTF-8');
    } finally {
      await c.close();
      await s.close();
    }
  });
});

describe('client connection pool', function () {
  this.timeout(15_000);

  it('closes an idle connection before the server would, and never one in use', async () => {
    // The server keeps connections 3 s ("Keep-Alive: timeout=3"): the client keeps them idle at most 2 s.
    const s = await station(3000, 2500);
    const c = new PhotoStationClient({ url: s.url, timeoutMs: 10_000 });
    try {
      await c.album.getInfo('album_31');
      await c.album.getInfo('album_31');
      assert.equal(s.opened, 1, 'calls in a row share one connection');
      // Longer than the idle limit, on the same connection: not cut.
      await c.request({ api: 'SYNO.PhotoStation.Album', method: 'slow', read: false });
      assert.equal(s.opened, 1);
      assert.equal(s.closedByClient, 0);
      await sleep(2600);
      assert.equal(s.closedByClient, 1, 'the idle connection was closed by the client, before the server timed it out');
      await c.album.getInfo('album_31');
      assert.equal(s.opened, 2, 'the next call opens a new connection');
    } finally {
      await c.close();
      await s.close();
    }
  });

  it('does not reuse connections when the server keeps them only a second', async () => {
    const s = await station(1000);
    const c = new PhotoStationClient({ url: s.url });
    try {
      await c.album.getInfo('album_31'); // discovery, then the call
      await c.album.getInfo('album_31');
      assert.equal(s.opened, 3);
    } finally {
      await c.close();
      await s.close();
    }
  });
});
