/**
 * Shared set-up of the Node-RED node tests: the test helper of the Node-RED under test (4.x from the
 * root node_modules, or 5.x when PHOTOSTATION_NR_MODULES names the matrix folder's node_modules),
 * the simulator, and flows built from short descriptions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';

const modules = process.env.PHOTOSTATION_NR_MODULES;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper: any = require(modules ? join(modules, 'node-red-node-test-helper') : 'node-red-node-test-helper');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const nodeRedVersion: string = require(modules ? join(modules, 'node-red', 'package.json') : 'node-red/package.json').version;

const NODES = resolve(__dirname, '..', '..', 'nodes');
/* eslint-disable @typescript-eslint/no-require-imports */
export const serverNode = require(join(NODES, 'photostation-server.js'));
export const eventsNode = require(join(NODES, 'photostation-events.js'));
export const albumNode = require(join(NODES, 'photostation-album.js'));
export const shareNode = require(join(NODES, 'photostation-share.js'));
export const smartAlbumNode = require(join(NODES, 'photostation-smart-album.js'));
export const photoNode = require(join(NODES, 'photostation-photo.js'));
/* eslint-enable @typescript-eslint/no-require-imports */
export const ALL_NODES = [serverNode, eventsNode, albumNode, shareNode, smartAlbumNode, photoNode];

export class NodeRig {
  sim!: Simulator;
  userDir!: string;

  async start(): Promise<this> {
    this.sim = await startSimulator({ seed: 'demo', port: 0, host: '127.0.0.1' });
    this.userDir = mkdtempSync(join(tmpdir(), 'ps-nodered-'));
    helper.settings({ userDir: this.userDir });
    await new Promise<void>((r) => helper.startServer(r));
    return this;
  }

  async stop(): Promise<void> {
    await helper.unload();
    await new Promise<void>((r) => helper.stopServer(r));
    await this.sim.close();
    rmSync(this.userDir, { recursive: true, force: true });
  }

  /** A server config node pointing at the simulator. */
  server(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { id: 'srv', type: 'photostation-server', name: 'sim', url: this.sim.origin, username: 'admin', watch: false, interval: 60, reconcile: 60, version: 1, ...extra };
  }

  async control(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.sim.origin}/__sim/${path}`, {
      method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  async logins(): Promise<number> {
    const stats = await this.control('GET', 'stats');
    return stats.requests.byMethod['SYNO.PhotoStation.Auth.login'] ?? 0;
  }

  /** Resets the library to the demo seed between tests (the station keeps its session). */
  reset(): Promise<unknown> {
    return this.control('POST', 'reset', { seed: 'demo' });
  }
}

export const CREDS = { srv: { password: 'admin' } };

/** Loads a flow and answers when it started. */
export function load(flow: unknown[], credentials: Record<string, unknown> = CREDS): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    helper.load(ALL_NODES, flow, credentials, (err: unknown) => (err ? reject(err) : resolvePromise()));
  });
}

/** The next message a helper node receives. */
export function nextMessage(id: string, timeoutMs = 8000): Promise<any> {
  const node = helper.getNode(id);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      node.off('input', onInput);
      reject(new Error(`no message at ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onInput = (msg: unknown) => {
      clearTimeout(timer);
      resolvePromise(msg);
    };
    node.once('input', onInput);
  });
}

/** Sends msg into node `id` and answers what comes out at `out`, or what the Catch node's helper receives. */
export function run(id: string, msg: Record<string, unknown>, out = 'out', catcher = 'caught', timeoutMs = 8000): Promise<{ ok: boolean; msg: any }> {
  const outNode = helper.getNode(out);
  const catchNode = helper.getNode(catcher);
  return new Promise((resolvePromise, reject) => {
    const finish = (result: { ok: boolean; msg: any } | Error) => {
      clearTimeout(timer);
      outNode.off('input', onOut);
      catchNode?.off('input', onCaught);
      if (result instanceof Error) reject(result);
      else resolvePromise(result);
    };
    const onOut = (m: any) => finish({ ok: true, msg: m });
    const onCaught = (m: any) => finish({ ok: false, msg: m });
    const timer = setTimeout(() => finish(new Error(`neither ${out} nor ${catcher} got a message within ${timeoutMs} ms`)), timeoutMs);
    outNode.on('input', onOut);
    catchNode?.on('input', onCaught);
    helper.getNode(id).receive(msg);
  });
}

/** A flow of one action node wired to a helper, with a Catch node for its errors. */
export function actionFlow(rig: NodeRig, type: string, operation: string, fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): unknown[] {
  return [
    { id: 'f1', type: 'tab', label: 'test' },
    rig.server(),
    { id: 'n1', z: 'f1', type, name: '', server: 'srv', operation, fields, version: 1, wires: [['out']], ...extra },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

/** A core node module of the Node-RED under test, e.g. `common/20-inject.js`. */
export function coreNode(file: string): unknown {
  const nodeRed = modules ? join(modules, 'node-red', 'package.json') : require.resolve('node-red/package.json');
  const nodesPkg = require.resolve('@node-red/nodes/package.json', { paths: [join(nodeRed, '..')] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(nodesPkg, '..', 'core', file));
}
