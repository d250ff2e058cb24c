// Shared plumbing for the client tests: a simulator per suite, its side channel, clients,
// and a guard that fails the run on any unhandled rejection.
import { strict as assert } from 'node:assert';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator';
import { PhotoStationClient, type PhotoStationClientOptions, PhotoStationError } from '../../src/photostation';

export interface Stats {
  requests: { total: number; byApi: Record<string, number>; byMethod: Record<string, number> };
}

export class Side {
  constructor(readonly sim: Simulator) {}

  async #send(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.sim.origin}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`side channel ${method} ${path}: ${res.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  stats(): Promise<Stats> {
    return this.#send('GET', 'stats') as Promise<Stats>;
  }
  async count(apiMethod: string): Promise<number> {
    return (await this.stats()).requests.byMethod[apiMethod] ?? 0;
  }
  resetStats(): Promise<unknown> {
    return this.#send('POST', 'stats/reset', {});
  }
  reset(seed = 'demo'): Promise<unknown> {
    return this.#send('POST', 'reset', { seed });
  }
  fault(spec: { api?: string; method?: string; kind: 'error' | 'latency' | 'drop' | 'garbage' | 'http'; code?: number; ms?: number; status?: number; times?: number }): Promise<unknown> {
    return this.#send('POST', 'faults', spec);
  }
  clearFaults(): Promise<unknown> {
    return this.#send('DELETE', 'faults');
  }
  expireSessions(): Promise<unknown> {
    return this.#send('POST', 'sessions/expire', {});
  }
  config(cfg: Record<string, unknown>): Promise<unknown> {
    return this.#send('POST', 'config', cfg);
  }
  state(): Promise<unknown> {
    return this.#send('GET', 'state');
  }
}

export async function withSim(options: SimulatorOptions = {}): Promise<{ sim: Simulator; side: Side }> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, seed: 'demo', ...options });
  return { sim, side: new Side(sim) };
}

/** Fast retries so fault tests do not sleep for real backoff times. */
export function client(sim: Simulator, options: Partial<PhotoStationClientOptions> = {}): PhotoStationClient {
  return new PhotoStationClient({
    url: sim.baseUrl,
    username: 'admin',
    password: 'admin',
    retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

/** Asserts that `p` rejects with a PhotoStationError of `code` and returns it. */
export async function rejectsWith(p: Promise<unknown>, code: number): Promise<PhotoStationError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof PhotoStationError, `expected PhotoStationError, got ${String(err)}`);
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a rejection with code ${code}`);
}

/** Collects unhandled rejections during a suite; the suite fails if there were any. */
export function guardUnhandledRejections(): void {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    seen.push(reason);
  };
  before(() => {
    process.on('unhandledRejection', onRejection);
  });
  after(async () => {
    // Late rejections surface a tick or two after the last test.
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onRejection);
    assert.deepEqual(seen.map(String), [], 'unhandled rejections');
  });
}
