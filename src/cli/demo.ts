import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Aedes } from 'aedes';
import { Bridge } from '../bridge/bridge';
import { parseConfig } from '../bridge/config';
import { startSimulator, type Simulator } from '../simulator';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

const USAGE = `Usage: photostation demo [--sim-port 5080] [--mqtt-port 1883] [--node-red-port 1880] [--data-dir DIR]

Starts the whole product on this machine: the Photo Station simulator with the demo library, an embedded
MQTT broker, the MQTT bridge (examples/bridge.yaml) and Node-RED with the photostation nodes and the
example flows. Ctrl-C stops everything.
`;

/** The demo's accounts, as the demo seed makes them (docs/simulator.md). */
const DEMO_ENV = { NAS_PASSWORD: 'admin', KIDS_ALBUM_PASSWORD: 'kids' };

export class DemoError extends Error {}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

interface NodeRedNode {
  id: string;
  type: string;
  z?: string;
  [key: string]: unknown;
}

/**
 * The example flows of examples/*.json, one tab each, as a user would import them: the station and broker
 * config nodes they all carry are merged into one of each, and the broker points at the demo's port.
 */
export function demoFlows(mqttPort: number): NodeRedNode[] {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();
  const kept = new Map<string, string>();
  const rename = new Map<string, string>();
  const flows: NodeRedNode[] = [];
  files.forEach((file, i) => {
    const tab = `demo-tab-${i + 1}`;
    flows.push({ id: tab, type: 'tab', label: file.replace(/^\d+\s*/, '').replace(/\.json$/, ''), disabled: false, info: '' });
    for (const node of JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as NodeRedNode[]) {
      if (node.type === 'photostation-server' || node.type === 'mqtt-broker') {
        const first = kept.get(node.type);
        if (first) {
          rename.set(node.id, first);
          continue;
        }
        kept.set(node.type, node.id);
        flows.push(node.type === 'mqtt-broker' ? { ...node, port: String(mqttPort) } : node);
        continue;
      }
      flows.push({ ...node, z: tab });
    }
  });
  // References to the dropped duplicates (a node's `server`, `broker`, …) point at the kept ones.
  return flows.map((node) => Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === 'string' && rename.has(v) ? rename.get(v)! : v])) as NodeRedNode);
}

/** Node-RED in a child process, with this package linked into its user directory like an npm install. */
function startNodeRed(userDir: string, port: number, env: NodeJS.ProcessEnv, flows: NodeRedNode[]): Promise<ChildProcess> {
  let red: string;
  try {
    red = require.resolve('node-red/red.js', { paths: [ROOT] });
  } catch {
    throw new DemoError('Node-RED is not installed here: run `npm install` in the repository first');
  }
  mkdirSync(join(userDir, 'node_modules', '@photostation'), { recursive: true });
  const link = join(userDir, 'node_modules', '@photostation', 'node-red-photostation');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(ROOT, link, 'dir');
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'photostation-demo', private: true, dependencies: { '@photostation/node-red-photostation': `file:${ROOT}` } }, null, 2));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
  // What docs/node-red.md asks of a user after importing an example: the server's password typed as
  // ${PHOTOSTATION_PASSWORD}, so that it comes from the environment (credentials are never exported).
  const servers = flows.filter((n) => n.type === 'photostation-server');
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(Object.fromEntries(servers.map((s) => [s.id, { password: '${PHOTOSTATION_PASSWORD}' }])), null, 2));
  writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify({
    uiHost: '127.0.0.1', uiPort: port, flowFile: 'flows.json', credentialSecret: false,
    telemetry: { enabled: false }, editorTheme: { tours: false, projects: { enabled: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  }, null, 2)};\n`);
  const child = spawn(process.execPath, [red, '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  return new Promise((resolveStart, reject) => {
    let log = '';
    const onData = (d: Buffer): void => {
      log += String(d);
      if (/Started flows/.test(log)) {
        child.stdout!.off('data', onData);
        resolveStart(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => { log += String(d); });
    child.once('exit', (code) => reject(new DemoError(`Node-RED stopped while starting (exit ${code}):\n${log.slice(-2000)}`)));
    setTimeout(() => reject(new DemoError(`Node-RED did not start within 60 s:\n${log.slice(-2000)}`)), 60_000).unref();
  });
}

export async function runDemo(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'sim-port': { type: 'string', default: '5080' }, 'mqtt-port': { type: 'string', default: '1883' },
        'node-red-port': { type: 'string', default: '1880' }, 'data-dir': { type: 'string', default: '.photostation-demo' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`photostation demo: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const ports = { sim: Number(values['sim-port']), mqtt: Number(values['mqtt-port']), nodeRed: Number(values['node-red-port']) };
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      process.stderr.write(`photostation demo: --${name === 'nodeRed' ? 'node-red' : name}-port must be 1..65535\n`);
      return 2;
    }
  }
  const dataDir = resolve(values['data-dir']);
  const say = (line: string): void => { process.stdout.write(`${line}\n`); };

  let sim: Simulator | undefined;
  let broker: Aedes | undefined;
  let mqttServer: Server | undefined;
  let bridge: Bridge | undefined;
  let nodeRed: ChildProcess | undefined;
  const stopAll = async (): Promise<void> => {
    if (nodeRed && nodeRed.exitCode === null) {
      const exited = new Promise((r) => nodeRed!.once('exit', r));
      nodeRed.kill('SIGINT');
      const force = setTimeout(() => nodeRed?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
    await bridge?.stop().catch(() => undefined);
    await new Promise<void>((r) => (mqttServer ? mqttServer.close(() => r()) : r()));
    await new Promise<void>((r) => (broker ? broker.close(() => r()) : r()));
    await sim?.close();
  };

  try {
    for (const [name, port] of Object.entries(ports)) {
      if (!(await portFree(port))) {
        const flag = name === 'nodeRed' ? 'node-red' : name;
        throw new DemoError(`port ${port} is in use: stop what uses it, or pick another with --${flag}-port`);
      }
    }
    mkdirSync(dataDir, { recursive: true });

    say('[1/4] Photo Station simulator with the demo library …');
    sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: ports.sim });
    say(`      ${sim.baseUrl}  (admin/admin, family/family; the album Kids has the password "kids")`);

    say('[2/4] MQTT broker (embedded) …');
    broker = await Aedes.createBroker();
    mqttServer = createServer(broker.handle);
    await new Promise<void>((r, j) => { mqttServer!.once('error', j); mqttServer!.listen(ports.mqtt, '127.0.0.1', () => r()); });
    const mqttUrl = `mqtt://127.0.0.1:${ports.mqtt}`;
    say(`      ${mqttUrl}`);

    say('[3/4] MQTT bridge (examples/bridge.yaml) …');
    const file = join(EXAMPLES, 'bridge.yaml');
    const config = parseConfig(readFileSync(file, 'utf8'), file, { ...process.env, ...DEMO_ENV });
    // The example file names the default ports; the demo only moves them where it was told to.
    config.broker.url = mqttUrl;
    // The embedded broker (aedes) speaks MQTT 3.1.1; against Mosquitto the example uses MQTT 5.
    config.broker.protocolVersion = 4;
    for (const station of config.stations) {
      station.url = sim.origin;
      station.dataDir = join(dataDir, 'bridge', station.name);
    }
    bridge = new Bridge({ config });
    bridge.start();
    await bridge.ready();
    say(`      base topic ${config.baseTopic}; ${config.schedules.length} schedule(s); Home Assistant discovery ${config.homeassistant.enabled ? 'on' : 'off'}`);

    say('[4/4] Node-RED with the photostation nodes and the example flows …');
    nodeRed = await startNodeRed(join(dataDir, 'node-red'), ports.nodeRed, {
      PHOTOSTATION_URL: sim.origin, PHOTOSTATION_USER: 'admin', PHOTOSTATION_PASSWORD: 'admin',
    }, demoFlows(ports.mqtt));
    // Node-RED's own log goes to a file beside its user directory, so the terminal stays readable.
    const logFile = join(dataDir, 'node-red.log');
    const logStream = createWriteStream(logFile, { flags: 'w' });
    nodeRed.stdout!.pipe(logStream);
    nodeRed.stderr!.pipe(logStream);
    say(`      http://127.0.0.1:${ports.nodeRed}/  (log: ${logFile})`);

    say('');
    say(`Photo Station demo ready: editor http://127.0.0.1:${ports.nodeRed}/  broker ${mqttUrl}  simulator ${sim.baseUrl}`);
    say(`  try: mosquitto_pub -p ${ports.mqtt} -t ${config.baseTopic}/request/share.create -m '{"album":"Party 2026","lifetime":"1d"}'`);
    say(`       mosquitto_sub -p ${ports.mqtt} -t '${config.baseTopic}/#' -v`);
    say('  Ctrl-C stops everything.');
  } catch (err) {
    process.stderr.write(`photostation demo: ${(err as Error).message}\n`);
    await stopAll();
    return err instanceof DemoError ? 2 : 1;
  }

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      say('stopping …');
      void stopAll().then(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        say('stopped');
        done(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    nodeRed!.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`photostation demo: Node-RED stopped unexpectedly (exit ${code})\n`);
      stop();
    });
  });
}

