// Benchmark of the Photo Station API client (issue 3). A script, not a test: it prints its own table.
//
//   npx tsx --expose-gc bench/client.ts       (bench/run.js runs it like that)
//
// The simulator runs in a child process (this same file with --serve), so the CPU time measured
// here is the client side only. In the same run, against the same simulator:
//   1. paging through `photos:100000` with Photo list, 1000 per page:
//      PhotoStationClient.photo.pages()  vs  a loop of bare http.request + JSON.parse;
//   2. 10,000 small reads (Album getinfo of one album), 8 in flight:
//      PhotoStationClient.album.getInfo()  vs  bare http.request.
// Bare and client are measured in back-to-back pairs, the order swapped every pair so that a
// drifting background load hits both alike: per round the paging pass and the reads, each in
// SLICES slices. The table shows the medians over ROUNDS rounds and, as the ratio client /
// bare for wall time and CPU (process.cpuUsage), the median of the pairs' ratios. Both sides
// use a keep-alive agent with the same number of sockets and send the same form bodies. Goal:
// at most 1.2x. Memory: heap after GC every 10 pages during a separate paging pass, which must
// stay flat.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { PhotoStationClient, albumId } from '../src/photostation';
import { startSimulator } from '../src/simulator';

const ITEMS = 100_000;
const PAGE = 1000;
const READS = 10_000;
const CONCURRENCY = 8;
const ROUNDS = 5;
const SLICES = 10;

// ------------------------------------------------------------------ simulator child

if (process.argv[2] === '--serve') {
  void (async () => {
    const sim = await startSimulator({ seed: `photos:${ITEMS}`, host: '127.0.0.1', port: 0 });
    process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, origin: sim.origin })}\n`);
    process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
    process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
    process.stdin.resume();
  })();
} else {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

function startChild(): Promise<{ child: ChildProcess; baseUrl: string; origin: string }> {
  const tsx = require.resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, __filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, ...(JSON.parse(buf.slice(0, nl)) as { baseUrl: string; origin: string }) });
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

// ------------------------------------------------------------------ bare http.request baseline

function post(agent: http.Agent, url: string, body: string, cookie?: string): Promise<{ body: string; setCookie?: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
          'Content-Length': Buffer.byteLength(body),
          ...(cookie ? { Cookie: `PHPSESSID=${cookie}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), setCookie: res.headers['set-cookie'] }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function envelope(text: string): { data?: Record<string, unknown> } {
  const env = JSON.parse(text) as { success: boolean; data?: Record<string, unknown> };
  if (!env.success) throw new Error('bare request failed');
  return env;
}

async function bareLogin(agent: http.Agent, baseUrl: string): Promise<string> {
  const res = await post(agent, `${baseUrl}auth.php`, 'api=SYNO.PhotoStation.Auth&version=1&method=login&username=admin&password=admin');
  envelope(res.body);
  const sid = /PHPSESSID=([^;]+)/.exec((res.setCookie ?? []).join(';'))?.[1];
  if (!sid) throw new Error('no session cookie');
  return sid;
}

async function barePaging(agent: http.Agent, baseUrl: string, sid: string, onPage?: (n: number) => void, from = 0, maxPages = Infinity): Promise<number> {
  let offset = from;
  let count = 0;
  let pages = 0;
  while (pages < maxPages) {
    const res = await post(agent, `${baseUrl}photo.php`, `api=SYNO.PhotoStation.Photo&version=1&method=list&offset=${offset}&limit=${PAGE}&type=photo%2Cvideo`, sid);
    const data = envelope(res.body).data as { total: number; items: unknown[] };
    if (data.items.length === 0) break;
    count += data.items.length;
    offset += data.items.length;
    pages++;
    onPage?.(pages);
    if (offset >= data.total) break;
  }
  return count;
}

async function bareReads(agent: http.Agent, baseUrl: string, sid: string, id: string, count = READS): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const res = await post(agent, `${baseUrl}album.php`, `api=SYNO.PhotoStation.Album&version=1&method=getinfo&id=${id}`, sid);
      const items = envelope(res.body).data?.items as unknown[];
      if (items.length !== 1) throw new Error('bad getinfo');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// ------------------------------------------------------------------ the client

/** Whole pages, as a bulk reader takes them (`iterate()` adds an async step per entry). */
async function clientPaging(c: PhotoStationClient, onPage?: (n: number) => void, from = 0, maxPages = Infinity): Promise<number> {
  let count = 0;
  let pages = 0;
  for await (const items of c.photo.pages({}, { pageSize: PAGE, offset: from })) {
    count += items.length;
    pages++;
    onPage?.(pages);
    if (pages >= maxPages) break;
  }
  return count;
}

async function clientReads(c: PhotoStationClient, id: string, count = READS): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const items = await c.album.getInfo(id);
      if (items.length !== 1) throw new Error('bad getinfo');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// ------------------------------------------------------------------ measuring

interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function measure(run: () => Promise<unknown>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  console.log(`starting simulator (photos:${ITEMS}) in a child process …`);
  const { child, baseUrl } = await startChild();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const c = new PhotoStationClient({ url: baseUrl, username: 'admin', password: 'admin', maxSockets: CONCURRENCY, timeoutMs: 60_000 });
  try {
    const sid = await bareLogin(agent, baseUrl);
    const target = albumId('2026');
    // Warm-up: JIT, connections, discovery and login of the client.
    await clientReads(c, target).catch(() => undefined);
    await bareReads(agent, baseUrl, sid, target);
    // Samples are taken in pairs, bare and client back to back (the order swapped every pair),
    // and the ratios are the medians of the pairs' ratios: a burst of background load then
    // spoils a pair or two instead of the comparison. Paging and reads run in SLICES slices
    // (10 pages, 1000 reads), so that each of the ROUNDS rounds gives SLICES pairs of each.
    const results: Record<string, { bare: Sample[]; client: Sample[]; wallRatios: number[]; cpuRatios: number[] }> = {
      paging: { bare: [], client: [], wallRatios: [], cpuRatios: [] },
      reads: { bare: [], client: [], wallRatios: [], cpuRatios: [] },
    };
    let pair = 0;
    const measurePair = async (bare: () => Promise<unknown>, client: () => Promise<unknown>): Promise<[Sample, Sample]> => {
      const first = pair++ % 2 === 0;
      const a = await measure(first ? bare : client);
      const b = await measure(first ? client : bare);
      return first ? [a, b] : [b, a];
    };
    const add = (name: string, [b, c]: [Sample, Sample]): void => {
      results[name]!.wallRatios.push(c.wallMs / b.wallMs);
      results[name]!.cpuRatios.push(c.cpuMs / b.cpuMs);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      // Paging in SLICES slices of consecutive pages (pairs of the same pages), the reads likewise.
      const pages = ITEMS / PAGE / SLICES;
      const pagingTotal = { bare: { wallMs: 0, cpuMs: 0 }, client: { wallMs: 0, cpuMs: 0 } };
      for (let slice = 0; slice < SLICES; slice++) {
        const from = slice * pages * PAGE;
        let nb = 0;
        let nc = 0;
        const paging = await measurePair(
          async () => (nb = await barePaging(agent, baseUrl, sid, undefined, from, pages)),
          async () => (nc = await clientPaging(c, undefined, from, pages)),
        );
        if (nb !== pages * PAGE || nc !== pages * PAGE) throw new Error(`paging saw ${nb} (bare) and ${nc} (client) items`);
        add('paging', paging);
        for (const [side, sample] of [['bare', paging[0]], ['client', paging[1]]] as const) {
          pagingTotal[side].wallMs += sample.wallMs;
          pagingTotal[side].cpuMs += sample.cpuMs;
        }
      }
      results.paging!.bare.push(pagingTotal.bare);
      results.paging!.client.push(pagingTotal.client);
      const total = { bare: { wallMs: 0, cpuMs: 0 }, client: { wallMs: 0, cpuMs: 0 } };
      for (let slice = 0; slice < SLICES; slice++) {
        const reads = await measurePair(() => bareReads(agent, baseUrl, sid, target, READS / SLICES), () => clientReads(c, target, READS / SLICES));
        add('reads', reads);
        for (const [side, sample] of [['bare', reads[0]], ['client', reads[1]]] as const) {
          total[side].wallMs += sample.wallMs;
          total[side].cpuMs += sample.cpuMs;
        }
      }
      results.reads!.bare.push(total.bare);
      results.reads!.client.push(total.client);
      console.log(`round ${round}/${ROUNDS} done`);
    }

    console.log('');
    console.log(`| workload (median of ${ROUNDS} rounds) | bare wall | client wall | wall ratio | bare CPU | client CPU | CPU ratio |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const verdicts: string[] = [];
    for (const [name, label] of [
      ['paging', `Photo list ${ITEMS} items, ${PAGE}/page`],
      ['reads', `${READS} Album getinfo, ${CONCURRENCY} in flight`],
    ] as const) {
      const r = results[name]!;
      const bw = median(r.bare.map((s) => s.wallMs));
      const cw = median(r.client.map((s) => s.wallMs));
      const bc = median(r.bare.map((s) => s.cpuMs));
      const cc = median(r.client.map((s) => s.cpuMs));
      const wr = median(r.wallRatios);
      const cr = median(r.cpuRatios);
      console.log(`| ${label} | ${bw.toFixed(0)} ms | ${cw.toFixed(0)} ms | ${wr.toFixed(2)}x | ${bc.toFixed(0)} ms | ${cc.toFixed(0)} ms | ${cr.toFixed(2)}x |`);
      verdicts.push(`${name}: wall ${wr.toFixed(2)}x, CPU ${cr.toFixed(2)}x ${wr <= 1.2 && cr <= 1.2 ? '(within the 1.2x goal)' : '(ABOVE the 1.2x goal)'} — ratios are medians of ${r.cpuRatios.length} back-to-back pairs`);
    }

    // Memory while paging: heap after a full GC every 10 pages, in an untimed pass.
    const heap: number[] = [];
    const sample = (page: number): void => {
      if (page % 10 !== 0) return;
      gc?.();
      heap.push(process.memoryUsage().heapUsed);
    };
    await clientPaging(c, sample);
    console.log('');
    console.log(`heap while paging (after GC${gc ? '' : ' — run with --expose-gc for exact figures'}, every 10 pages): ${heap.map(mb).join(', ')}`);
    const growth = heap.length > 1 ? heap[heap.length - 1]! - heap[0]! : 0;
    console.log(`heap growth from page 10 to page ${heap.length * 10}: ${mb(growth)} ${Math.abs(growth) < 5 * 1024 * 1024 ? '(flat)' : '(NOT flat)'}`);
    console.log('');
    for (const v of verdicts) console.log(v);
  } finally {
    await c.close();
    agent.destroy();
    child.stdin!.end();
    child.kill();
  }
}
