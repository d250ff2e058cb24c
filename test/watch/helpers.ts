// Plumbing for the detector tests: a simulator over real HTTP, an "actor" client that makes
// changes the way a person or another program would, the side channel, and event capture.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PhotoStationClient } from '../../src/photostation';
import { type Simulator, startSimulator } from '../../src/simulator';
import { ChangeDetector, type ChangeDetectorOptions, type StationEvent } from '../../src/watch';

export interface SimChange {
  seq: number;
  at: string;
  kind: string;
  id: string;
  path?: string;
  fields?: string[];
}

export class Side {
  constructor(readonly sim: Simulator) {}

  async send<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.sim.origin}/__sim/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`side channel ${method} ${route}: ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async byMethod(): Promise<Record<string, number>> {
    return (await this.send<{ requests: { byMethod: Record<string, number> } }>('GET', 'stats')).requests.byMethod;
  }

  async total(): Promise<number> {
    return (await this.send<{ requests: { total: number } }>('GET', 'stats')).requests.total;
  }

  async logins(): Promise<number> {
    return (await this.send<{ logins: number }>('GET', 'stats')).logins;
  }

  resetStats(): Promise<unknown> {
    return this.send('POST', 'stats/reset', {});
  }

  expireSessions(): Promise<unknown> {
    return this.send('POST', 'sessions/expire', {});
  }

  async changes(since = 0): Promise<{ changes: SimChange[]; last: number }> {
    return this.send('GET', `changes?since=${since}`);
  }

  async lastSeq(): Promise<number> {
    return (await this.changes(0)).last;
  }

  advanceClock(ms: number): Promise<unknown> {
    return this.send('POST', 'clock', { advanceMs: ms });
  }
}

export interface World {
  sim: Simulator;
  side: Side;
  /** Makes the changes; its own session, separate from the detector's. */
  actor: PhotoStationClient;
  dir: string;
  statePath: string;
  detectors: ChangeDetector[];
  clients: PhotoStationClient[];
  detector(options?: Partial<ChangeDetectorOptions>): { det: ChangeDetector; events: StationEvent[]; errors: Error[] };
  close(): Promise<void>;
}

export async function world(seed: 'demo' | 'empty' | `photos:${number}` = 'demo'): Promise<World> {
  const sim = await startSimulator({ seed, port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-watch-'));
  const client = (): PhotoStationClient => new PhotoStationClient({ url: sim.baseUrl, username: 'admin', password: 'admin' });
  const w: World = {
    sim,
    side: new Side(sim),
    actor: client(),
    dir,
    statePath: path.join(dir, 'state.json'),
    detectors: [],
    clients: [],
    detector(options = {}) {
      const c = client();
      w.clients.push(c);
      const det = new ChangeDetector({ client: c, floorMs: 0, statePath: w.statePath, ...options });
      const events: StationEvent[] = [];
      const errors: Error[] = [];
      det.on('event', (e) => events.push(e));
      det.on('error', (e) => errors.push(e));
      w.detectors.push(det);
      return { det, events, errors };
    },
    async close() {
      for (const d of w.detectors) await d.stop();
      for (const c of [...w.clients, w.actor]) await c.close().catch(() => undefined);
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return w;
}

/** Smallest JPEG the simulator accepts for an upload. */
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

export function summary(events: readonly StationEvent[]): string[] {
  return events.map((e) => `${e.event} ${'path' in e ? e.path : e.id}`);
}
