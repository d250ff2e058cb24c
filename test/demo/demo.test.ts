// The demo as a user starts it: `photostation demo`, its ready line, one example driven end to end
// (an MQTT message that shares an album, seen on the simulator and in a Node-RED debug message), Ctrl-C.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '..', '..');
// Node-RED brings its WebSocket client; the editor's debug messages travel over it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket = require(require.resolve('ws', { paths: [require.resolve('node-red', { paths: [ROOT] })] }));


/** Processes whose command line mentions `needle` (the demo's own data directory). */
function processesWith(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(needle) && !line.includes('ps -eo'));
}

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('photostation demo', function () {
  this.timeout(120_000);
  let demo: ChildProcess;
  let dataDir: string;
  let out = '';
  const ports = { sim: 0, mqtt: 0, nodeRed: 0 };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ps-demo-'));
    ports.sim = await freePort();
    ports.mqtt = await freePort();
    ports.nodeRed = await freePort();
    demo = spawn(process.execPath, [join(ROOT, 'bin', 'photostation.js'), 'demo', '--sim-port', String(ports.sim),
      '--mqtt-port', String(ports.mqtt), '--node-red-port', String(ports.nodeRed), '--data-dir', dataDir], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (d) => { out += String(d); });
    demo.stderr!.on('data', (d) => { out += String(d); });
    await until('the ready line', () => (/Photo Station demo ready/.test(out) ? true : undefined), 90_000);
  });

  after(async () => {
    if (demo.exitCode === null) demo.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints what runs where, with progress while it starts', () => {
    assert.match(out, /\[1\/4\] Photo Station simulator/);
    assert.match(out, /\[4\/4\] Node-RED/);
    assert.match(out, new RegExp(`editor http://127\\.0\\.0\\.1:${ports.nodeRed}/`));
    assert.match(out, new RegExp(`broker mqtt://127\\.0\\.0\\.1:${ports.mqtt}`));
    assert.match(out, new RegExp(`simulator http://127\\.0\\.0\\.1:${ports.sim}/photo/webapi/`));
    assert.match(out, /admin\/admin, family\/family/);
  });

  it('an MQTT message shares the party album: seen on the simulator and in a Node-RED debug message', async () => {
    const debug: any[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${ports.nodeRed}/comms`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.send(JSON.stringify({ subscribe: 'debug' }));
    ws.on('message', (data: Buffer) => {
      for (const m of [].concat(JSON.parse(String(data)))) if ((m as any).topic === 'debug') debug.push((m as any).data);
    });
    const client = mqtt.connect(`mqtt://127.0.0.1:${ports.mqtt}`, { protocolVersion: 4 });
    const responses: any[] = [];
    try {
      await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
      await client.subscribeAsync('photostation/response/#');
      client.on('message', (topic, payload) => responses.push({ topic, payload: JSON.parse(String(payload)) }));
      // The doorbell of example 01: Node-RED's share node makes the link.
      await client.publishAsync('home/doorbell', 'ding');
      const chat = await until('the debug message of example 01', () => debug.find((d) => d.name === "to the guests' chat"));
      assert.match(String(chat.msg), /\/photo\/share\//);
      // The same through the bridge: an MQTT request answered on its response topic.
      await client.publishAsync('photostation/request/share.create', JSON.stringify({ album: 'Holidays', lifetime: '1d', transaction: 'demo-1' }));
      const answer = await until('the bridge answer', () => responses.find((r) => r.payload.transaction === 'demo-1'));
      assert.equal(answer.payload.status, 'ok');
      const state = await (await fetch(`http://127.0.0.1:${ports.sim}/__sim/state`)).json() as any;
      const names = state.shared_albums.map((s: any) => s.name);
      assert.ok(names.includes('Party guests'), names.join(', '));
      assert.ok(names.includes('Holidays'), names.join(', '));
      const guest = await fetch(answer.payload.data.url);
      assert.equal(guest.status, 200);
    } finally {
      client.end(true);
      ws.close();
    }
  });

  it('Ctrl-C stops everything and leaves no process behind', async () => {
    assert.ok(processesWith(dataDir).length >= 1, 'Node-RED runs with the demo data directory');
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(out, /stopped/);
    await until('no process left', () => (processesWith(dataDir).length === 0 ? true : undefined), 10_000);
    const refused = await fetch(`http://127.0.0.1:${ports.sim}/__sim/stats`).then(() => false, () => true);
    assert.ok(refused, 'the simulator is stopped');
  });
});
