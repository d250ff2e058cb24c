// Benchmark of the Photo Station simulator (issue 2 §4). A script, not a test: it prints its own table.
//
//   npx tsx --expose-gc bench/sim.ts        (bench/run.js runs it like that; without --expose-gc the
//                                            memory figures include garbage that was not collected yet)
//
// 1. start-up time and memory (heap and RSS delta) of `--seed photos:100000`, in-process;
// 2. paging through all 100,000 items with `Photo list` at page sizes 100, 1000 and 5000
//    (total time, per-page p50 / p99), each size bounded in time and extrapolated when cut short;
// 3. requests per second of small `Album getinfo` calls against the simulator and against a bare Node `http`
//    server answering the same JSON body, same client loop, same run; the ratio simulator / bare.
// Everything runs on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startSimulator, type Simulator } from '../src/simulator';

const ITEMS = 100_000;
const PAGE_SIZES = [100, 1000, 5000];
/** Paging one page size stops after this long; the rest is extrapolated from the pages done. */
const PAGING_BUDGET_MS = 12_000;
const RPS_REQUESTS = 4000;
const RPS_WARMUP = 400;
const CONCURRENCY = 16;

const gc = (globalThis as { gc?: () => void }).gc;
const collect = (): void => {
  if (gc) {
    gc();
    gc();
  }
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Reply {
  status: number;
  body: string;
}

/** One POST over the given agent, the body read completely. */
function post(agent: http.Agent, url: URL, body: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
        ...(cookie ? { Cookie: `PHPSESSID=${cookie}` } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const form = (params: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

async function api(agent: http.Agent, sim: Simulator, file: string, params: Record<string, string | number>, cookie?: string): Promise<any> {
  const reply = await post(agent, new URL(file, sim.baseUrl), form(params), cookie);
  const json = JSON.parse(reply.body);
  if (!json.success) throw new Error(`${String(params.api)} ${String(params.method)}: ${reply.body.slice(0, 200)}`);
  return json.data;
}

/** `count` requests with at most `concurrency` in flight; returns the elapsed milliseconds. */
async function load(count: number, concurrency: number, send: () => Promise<Reply>, expect: string): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const reply = await send();
      if (reply.status !== 200 || reply.body.length !== expect.length) throw new Error(`unexpected answer: ${reply.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const began = performance.now();
  const rows: Array<[string, string]> = [];

  // ---- 1. start-up ------------------------------------------------------------------------
  collect();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, seed: `photos:${ITEMS}` });
  const startMs = performance.now() - t0;
  collect();
  const after = process.memoryUsage();
  rows.push([`start-up photos:${ITEMS}`, `${ms(startMs)} ms`]);
  rows.push(['  heap used delta', mb(after.heapUsed - before.heapUsed)]);
  rows.push(['  RSS delta', mb(after.rss - before.rss)]);

  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const login = await post(agent, new URL('auth.php', sim.baseUrl),
      form({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: 'admin', password: 'admin' }));
    const sid = JSON.parse(login.body).data.sid as string;

    // ---- 2. paging --------------------------------------------------------------------------
    const paging: string[][] = [];
    for (const size of PAGE_SIZES) {
      const times: number[] = [];
      let offset = 0;
      let total = Infinity;
      const started = performance.now();
      while (offset < total && performance.now() - started < PAGING_BUDGET_MS) {
        const t = performance.now();
        const data = await api(agent, sim, 'photo.php', {
          api: 'SYNO.PhotoStation.Photo', method: 'list', version: 1, type: 'photo,video', offset, limit: size,
        }, sid);
        times.push(performance.now() - t);
        total = data.total;
        if (data.offset <= offset) throw new Error('paging did not advance');
        offset = data.offset;
      }
      const elapsed = performance.now() - started;
      if (total !== ITEMS) throw new Error(`total ${total}, expected ${ITEMS}`);
      const pages = Math.ceil(ITEMS / size);
      const complete = times.length === pages;
      const sorted = [...times].sort((a, b) => a - b);
      paging.push([
        String(size), `${times.length}/${pages}`,
        complete ? `${ms(elapsed)} ms` : `~${ms((elapsed / times.length) * pages)} ms (extrapolated)`,
        `${ms(percentile(sorted, 50))} ms`, `${ms(percentile(sorted, 99))} ms`,
        `${Math.round((offset / elapsed) * 1000)}`,
      ]);
    }

    // ---- 3. requests per second against a bare server --------------------------------------
    const albumParams = form({ api: 'SYNO.PhotoStation.Album', method: 'getinfo', version: 1, id: `album_${Buffer.from('2026').toString('hex')}` });
    const albumUrl = new URL('album.php', sim.baseUrl);
    const sample = await post(agent, albumUrl, albumParams, sid);
    if (!JSON.parse(sample.body).success) throw new Error(`Album getinfo failed: ${sample.body}`);
    const bodyBytes = Buffer.from(sample.body, 'utf8');
    const bare = http.createServer((req, res) => {
      // Read the form body like the simulator has to, then answer the same JSON.
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bodyBytes.length });
        res.end(bodyBytes);
      });
    });
    bare.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = new URL(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/photo/webapi/album.php`);
    const bareAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
      const toSim = (): Promise<Reply> => post(agent, albumUrl, albumParams, sid);
      const toBare = (): Promise<Reply> => post(bareAgent, bareUrl, albumParams, sid);
      await load(RPS_WARMUP, CONCURRENCY, toSim, sample.body);
      await load(RPS_WARMUP, CONCURRENCY, toBare, sample.body);
      // Interleave two rounds each so that neither side profits from a warmer process.
      let simMs = 0;
      let bareMs = 0;
      for (let round = 0; round < 2; round++) {
        simMs += await load(RPS_REQUESTS / 2, CONCURRENCY, toSim, sample.body);
        bareMs += await load(RPS_REQUESTS / 2, CONCURRENCY, toBare, sample.body);
      }
      const simRps = (RPS_REQUESTS / simMs) * 1000;
      const bareRps = (RPS_REQUESTS / bareMs) * 1000;
      rows.push([`Album getinfo (${bodyBytes.length} B body), ${RPS_REQUESTS} req, ${CONCURRENCY} in flight`, '']);
      rows.push(['  simulator', `${Math.round(simRps)} req/s`]);
      rows.push(['  bare node:http, same JSON', `${Math.round(bareRps)} req/s`]);
      rows.push(['  ratio simulator / bare', `${(simRps / bareRps).toFixed(2)}`]);
    } finally {
      bareAgent.destroy();
      await new Promise<void>((resolve) => bare.close(() => resolve()));
    }

    // ---- the table --------------------------------------------------------------------------
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    console.log(`\nPhoto Station simulator benchmark (node ${process.version}, ${gc ? 'gc exposed' : 'no --expose-gc: memory figures include garbage'})\n`);
    for (const [k, v] of rows.slice(0, 3)) console.log(`${k.padEnd(width)}${v}`);
    console.log(`\nPhoto list, all ${ITEMS} items (admin, no filter; each size bounded to ${PAGING_BUDGET_MS / 1000} s)`);
    const head = ['page size', 'pages', 'total', 'p50/page', 'p99/page', 'items/s'];
    const table = [head, ...paging];
    const cols = head.map((_, c) => Math.max(...table.map((r) => r[c].length)) + 2);
    for (const r of table) console.log(`  ${r.map((cell, c) => cell.padStart(cols[c])).join('')}`);
    console.log('');
    for (const [k, v] of rows.slice(3)) console.log(`${k.padEnd(width)}${v}`);
    console.log(`\n(whole benchmark ${ms((performance.now() - began) / 1000)} s)`);
  } finally {
    agent.destroy();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
