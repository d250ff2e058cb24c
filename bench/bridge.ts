/**
 * MQTT bridge benchmark: `npx tsx bench/bridge.ts [--requests 2000] [--concurrency 16]`.
 *
 * `request/album.get` round trips through a Mosquitto of its own (127.0.0.1, a free port) and the
 * bridge, against calling the same action in-process (station.run) in the same run. The simulator
 * runs in a child process so that it does not share the event loop being measured.
 * Goal: at least 500 round trips per second, and under 2 ms of bridge overhead at p50.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { Bridge } from '../src/bridge/bridge';
import { parseConfig } from '../src/bridge/config';
import { startSimulator } from '../src/simulator';
import { Station } from '../src/station';
import { freePort } from '../test/support/free-port';

const MOSQUITTO = process.env.MOSQUITTO ?? '/usr/sbin/mosquitto';
const DEADLINE_MS = 5 * 60_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function child(): Promise<void> {
  const sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ origin: sim.origin })}\n`);
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
}

function startChild(): Promise<{ proc: ChildProcess; origin: string }> {
  const proc = spawn(process.execPath, [...process.execArgv, __filename, '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ proc, ...(JSON.parse(buf.slice(0, nl)) as { origin: string }) });
    });
    proc.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}


async function startBroker(dir: string, noDelay: boolean): Promise<{ proc: ChildProcess; port: number }> {
  const port = await freePort();
  const conf = path.join(dir, `mosquitto-${noDelay}.conf`);
  // Mosquitto leaves Nagle's algorithm on by default; small request/answer packets then wait ~40 ms for
  // delayed ACKs. Both settings are measured, so the table shows what the broker's config costs.
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay ${noDelay}\n`);
  const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); r(true); });
      s.once('error', () => r(false));
    });
    if (open) return { proc, port };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('mosquitto did not start');
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

/** `n` calls one at a time (latency), then `n` calls with `concurrency` in flight (throughput). */
async function measure(call: () => Promise<unknown>, n: number, concurrency: number): Promise<Figures> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      await call();
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return { rps: n / seconds, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** One bridge on one broker: measures `album.get` round trips through it. */
async function viaBroker(dir: string, origin: string, noDelay: boolean, n: number, concurrency: number): Promise<Figures> {
  const broker = await startBroker(dir, noDelay);
  const yaml = `broker:
  url: mqtt://127.0.0.1:${broker.port}
  client_id: bench_bridge
stations:
  - name: home
    url: ${origin}
    user: admin
    password_env: BENCH_PW
    polling: false
    album_state: none
    data_dir: ${dir}/bridge
concurrency: ${concurrency}
log_level: warn
`;
  const bridge = new Bridge({ config: parseConfig(yaml, path.join(dir, 'bridge.yaml'), { BENCH_PW: 'admin' }) });
  const client = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5, clientId: 'bench_client' });
  client.on('connect', () => (client.stream as { setNoDelay?(v: boolean): void }).setNoDelay?.(true));
  try {
    bridge.start();
    await new Promise<void>((r) => client.once('connect', () => r()));
    const waiting = new Map<number, () => void>();
    client.on('message', (_t, payload) => {
      const m = /"transaction":(\d+)/.exec(payload.toString());
      if (m) waiting.get(Number(m[1]))?.();
    });
    await client.subscribeAsync('photostation/response/album.get', { qos: 0 });
    await new Promise<void>((r) => {
      const check = (): void => void (bridge.connection.connected ? r() : setTimeout(check, 20));
      check();
    });
    let seq = 0;
    const call = (): Promise<void> => new Promise<void>((resolve) => {
      const t = ++seq;
      waiting.set(t, () => {
        waiting.delete(t);
        resolve();
      });
      client.publish('photostation/request/album.get', `{"album":"Family","transaction":${t}}`, { qos: 0 });
    });
    await measure(call, 200, concurrency);
    return await measure(call, n, concurrency);
  } finally {
    await client.endAsync(true).catch(() => undefined);
    await bridge.stop();
    broker.proc.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const n = arg('requests', 2000);
  const concurrency = arg('concurrency', 16);
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-bench-bridge-'));
  const deadline = setTimeout(() => {
    console.error('benchmark took too long; giving up');
    process.exit(1);
  }, DEADLINE_MS);
  const sim = await startChild();
  const direct = new Station({ url: sim.origin, username: 'admin', password: 'admin', dataDir: path.join(dir, 'direct') });
  try {
    const inProcess = (): Promise<unknown> => direct.run('album.get', { album: 'Family' });
    // Warm the in-process path (login, JIT, sockets) before measuring.
    await measure(inProcess, 200, concurrency);
    const d = await measure(inProcess, n, concurrency);
    const fast = await viaBroker(dir, sim.origin, true, n, concurrency);
    const stock = await viaBroker(dir, sim.origin, false, Math.min(n, 300), concurrency);

    const row = (name: string, f: Figures): string => `${name.padEnd(48)}${f.rps.toFixed(0).padStart(9)}${f.p50.toFixed(2).padStart(9)}${f.p99.toFixed(2).padStart(9)}`;
    console.log(`album.get: ${n} calls one at a time (latency), then ${n} with ${concurrency} in flight (throughput)\n`);
    console.log(`${'path'.padEnd(48)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
    console.log(row('in-process station.run (baseline)', d));
    console.log(row('MQTT via Mosquitto, set_tcp_nodelay true', fast));
    console.log(row('MQTT via Mosquitto, stock config (300 calls)', stock));
    const overhead = fast.p50 - d.p50;
    console.log(`\nratios MQTT (nodelay) / in-process: throughput ${(fast.rps / d.rps).toFixed(2)}x, p50 ${(fast.p50 / d.p50).toFixed(2)}x, p99 ${(fast.p99 / d.p99).toFixed(2)}x`);
    console.log(`bridge overhead at p50: ${overhead.toFixed(2)} ms (goal < 2 ms: ${overhead < 2 ? 'met' : 'MISSED'}); with a stock Mosquitto: ${(stock.p50 - d.p50).toFixed(2)} ms`);
    console.log(`MQTT round trips per second: ${fast.rps.toFixed(0)} (goal >= 500: ${fast.rps >= 500 ? 'met' : 'MISSED'}); with a stock Mosquitto: ${stock.rps.toFixed(0)}`);
  } finally {
    clearTimeout(deadline);
    await direct.close();
    sim.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) void child();
else main().catch((err) => {
  console.error(err);
  process.exit(1);
});
