/**
 * Change detector benchmark: `npx tsx bench/detector.ts [--items 100000]`.
 *
 * The simulator runs in a child process (so the detector's heap and CPU are measured alone)
 * on 127.0.0.1 with the photos:N seed. Compared in the same run against a naive poller that
 * lists every album with every item on each cycle. Prints a table; not a test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PhotoStationClient, isAlbum } from '../src/photostation';
import { startSimulator } from '../src/simulator';
import { ChangeDetector, type StationEvent } from '../src/watch';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const DEADLINE_MS = 10 * 60_000;

// ------------------------------------------------------------------ child: the simulator

async function child(seed: string): Promise<void> {
  const sim = await startSimulator({ seed: seed as 'photos:1', host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, origin: sim.origin })}\n`);
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
}

function startChild(seed: string): Promise<{ proc: ChildProcess; baseUrl: string; origin: string }> {
  const proc = spawn(process.execPath, [...process.execArgv, __filename, '--child', seed], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ proc, ...(JSON.parse(buf.slice(0, nl)) as { baseUrl: string; origin: string }) });
    });
    proc.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

// ------------------------------------------------------------------ helpers

async function side<T>(origin: string, method: string, route: string): Promise<T> {
  const res = await fetch(`${origin}/__sim/${route}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
  return (await res.json()) as T;
}
const requests = async (origin: string): Promise<number> => (await side<{ requests: { total: number } }>(origin, 'GET', 'stats')).requests.total;
const resetStats = (origin: string): Promise<unknown> => side(origin, 'POST', 'stats/reset');

async function measure<T>(origin: string, run: () => Promise<T>): Promise<{ ms: number; requests: number; value: T }> {
  await resetStats(origin);
  const t0 = performance.now();
  const value = await run();
  const ms = performance.now() - t0;
  return { ms, requests: await requests(origin), value };
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What a first attempt would do: walk every album and list all of its content, every cycle. */
async function naivePoll(client: PhotoStationClient, concurrency: number): Promise<number> {
  let count = 0;
  let frontier = [''];
  while (frontier.length > 0) {
    const next: string[] = [];
    let i = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (i < frontier.length) {
          const id = frontier[i++]!;
          for await (const e of client.album.iterate({ id, type: ['album', 'photo', 'video'] }, { pageSize: 5000 })) {
            if (isAlbum(e)) next.push(e.id);
            else count++;
          }
        }
      }),
    );
    frontier = next;
  }
  return count;
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--items');
  const items = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
  const timer = setTimeout(() => {
    console.error('benchmark deadline reached');
    process.exit(2);
  }, DEADLINE_MS);
  timer.unref();

  const dir = mkdtempSync(path.join(tmpdir(), 'ps-bench-'));
  const sim = await startChild(`photos:${items}`);
  const client = (): PhotoStationClient => new PhotoStationClient({ url: sim.baseUrl, username: 'admin', password: 'admin', timeoutMs: 60_000 });
  const actor = client();
  const naiveClient = client();
  const detClient = client();
  const statePath = path.join(dir, 'state.json');
  const rows: Array<[string, string, string, string]> = [];
  try {
    await actor.login();
    console.log(`photos:${items} simulator at ${sim.baseUrl}\n`);

    // --- first index and heap
    const heap0 = heapMb();
    const det = new ChangeDetector({ client: detClient, statePath, intervalMs: 3_600_000, floorMs: 0, reconcileMs: 24 * 3_600_000 });
    const events: StationEvent[] = [];
    det.on('event', (e) => events.push(e));
    const index = await measure(sim.origin, () => det.start());
    const heap1 = heapMb();
    const counts = det.status().counts;

    // The seed tags items at start-up, which makes them "hot" for one second.
    await sleep(2100);
    await det.pollNow();

    // --- idle poll: ours vs naive
    const ours: Array<{ ms: number; requests: number }> = [];
    const extra = new Set<string>();
    for (let i = 0; i < 5; i++) {
      ours.push(await measure(sim.origin, () => det.pollNow()));
      const { byMethod } = (await side<{ requests: { byMethod: Record<string, number> } }>(sim.origin, 'GET', 'stats')).requests;
      for (const m of Object.keys(byMethod)) if (!/^SYNO\.PhotoStation\.(Photo|Album|SharedAlbum)\.list$/.test(m)) extra.add(m);
    }
    const naive: Array<{ ms: number; requests: number }> = [];
    for (let i = 0; i < 2; i++) naive.push(await measure(sim.origin, () => naivePoll(naiveClient, 6)));
    const idleReq = median(ours.map((x) => x.requests));
    const idleMs = median(ours.map((x) => x.ms));
    const naiveReq = median(naive.map((x) => x.requests));
    const naiveMs = median(naive.map((x) => x.ms));

    // --- one added photo
    await actor.file.uploadPhoto({ album: '2026', filename: 'BENCH_ADD.JPG', data: JPEG, duplicate: 'ignore' });
    const before = events.length;
    const added = await measure(sim.origin, () => det.pollNow());
    const addOk = events.length === before + 1 && events.at(-1)?.event === 'photo.added';

    // --- full reconcile
    await sleep(1100);
    const rec = await measure(sim.origin, () => det.reconcileNow());
    const heap2 = heapMb();
    await det.stop();

    // --- event latency on the timer
    const intervalMs = 1000;
    const live = new ChangeDetector({ client: client(), statePath, intervalMs, floorMs: intervalMs, reconcileMs: 24 * 3_600_000 });
    let seen: ((e: StationEvent) => void) | undefined;
    live.on('event', (e) => seen?.(e));
    await live.start();
    const target = (await actor.photo.list({ limit: 1, sort_by: 'filename' })).items[0]!.id;
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(137 + i * 211);
      const got = new Promise<number>((resolve) => {
        seen = (e) => {
          if (e.id === target) resolve(performance.now());
        };
      });
      const t0 = performance.now();
      await actor.photo.edit(target, { title: `latency ${i}` });
      latencies.push((await got) - t0);
    }
    await live.stop();

    const fmt = (n: number, d = 0): string => n.toFixed(d);
    rows.push(['first index (no events)', `${fmt(index.ms)} ms`, `${index.requests} req`, `${counts.items} items, ${counts.albums} albums`]);
    const reqs = ours.map((x) => x.requests);
    rows.push(['idle poll: detector', `${fmt(idleMs, 1)} ms`, `${idleReq} req`, `goal <= 3 req; 5 polls: ${reqs.join(',')}${extra.size ? ` (+${[...extra].join(',')})` : ''}`]);
    rows.push(['idle poll: naive full scan', `${fmt(naiveMs)} ms`, `${naiveReq} req`, '']);
    rows.push(['  naive / detector', `${fmt(naiveMs / idleMs)}x`, `${fmt(naiveReq / idleReq)}x`, 'goal >= 100x both']);
    rows.push(['one added photo', `${fmt(added.ms, 1)} ms`, `${added.requests} req`, `+${added.requests - idleReq} beyond idle (goal <= 3)${addOk ? '' : ' MISSED'}`]);
    rows.push(['full reconcile', `${fmt(rec.ms)} ms`, `${rec.requests} req`, 'goal < 10000 ms']);
    rows.push(['heap added by detector state', `${fmt(heap1 - heap0, 1)} MB`, '', `after reconcile ${fmt(heap2 - heap0, 1)} MB, goal <= 64 MB`]);
    rows.push(['state file', `${fmt(statSync(statePath).size / 1024 / 1024, 1)} MB`, '', '']);
    rows.push([`event latency (interval ${intervalMs} ms)`, `max ${fmt(Math.max(...latencies))} ms`, '', `median ${fmt(median(latencies))} ms, goal <= ${intervalMs + 200} ms`]);

    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['measure', 'time', 'requests', 'notes'][c]!.length));
    const line = (r: readonly string[]): string => r.map((x, c) => (c === 0 || c === 3 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
    console.log(line(['measure', 'time', 'requests', 'notes']));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
  } finally {
    for (const c of [actor, naiveClient, detClient]) await c.close().catch(() => undefined);
    sim.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(timer);
  }
}

if (process.argv.includes('--child')) void child(process.argv[process.argv.indexOf('--child') + 1]!);
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
