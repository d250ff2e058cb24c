import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionError } from '../../src/actions/errors';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { Station, type StationOptions } from '../../src/station';

/** A simulator and a station logged in as `user`, with a fresh data directory. */
export class Rig {
  sim!: Simulator;
  station!: Station;
  dataDir!: string;
  private extra: Station[] = [];

  async start(options: SimulatorOptions = { seed: 'demo' }, user = 'admin', password = user): Promise<this> {
    this.sim = await startSimulator({ host: '127.0.0.1', port: 0, ...options });
    this.dataDir = mkdtempSync(join(tmpdir(), 'ps-actions-'));
    this.station = this.newStation({ username: user, password });
    return this;
  }

  newStation(options: Partial<StationOptions> = {}): Station {
    const station = new Station({ url: this.sim.origin, dataDir: this.dataDir, ...options });
    this.extra.push(station);
    return station;
  }

  run(action: string, input: unknown = {}): Promise<any> {
    return this.station.run(action, input);
  }

  async control(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.sim.origin}/__sim/${path}`, {
      method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  async stats(): Promise<{ total: number; byMethod: Record<string, number> }> {
    return (await this.control('GET', 'stats')).requests;
  }

  async stop(): Promise<void> {
    for (const s of this.extra) await s.close().catch(() => undefined);
    await this.sim.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Asserts that an action fails with an ActionError of `code` whose message matches. */
export async function rejects(promise: Promise<unknown>, code: string, message?: RegExp, field?: string): Promise<ActionError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ActionError, `expected an ActionError, got ${String(err)}`);
    assert.equal(err.code, code, `code of "${err.message}"`);
    if (message) assert.match(err.message, message);
    if (field !== undefined) assert.equal(err.field, field);
    return err;
  }
  assert.fail(`expected the action to fail with ${code}`);
}
