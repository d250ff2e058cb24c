// A process-level guard for the hostile-input tests: any unhandled rejection or uncaught exception while
// a test runs is a failure of that test, not a warning lost in the log.
import { strict as assert } from 'node:assert';
import { main } from '../../src/cli/main';

export function installGuard(): { check(): void; remove(): void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => { seen.push(reason); };
  const onException = (err: unknown): void => { seen.push(err); };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    check(): void {
      const copy = seen.splice(0);
      assert.deepEqual(copy.map((e) => (e instanceof Error ? e.stack : String(e))), [], 'unhandled rejection or uncaught exception');
    },
    remove(): void {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Values of every JSON type and some that are not quite JSON, for fuzzers. */
export function hostileValue(r: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const k = Math.floor(r() * (depth > 2 ? 9 : 12));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 42]);
    case 3: return pick(['', ' ', 'Family', '../../etc/passwd', 'album_zz', 'photo_', '%00', '\u0000', 'a'.repeat(5000), '😀', '\ud800', '{{now}}', '7d', '-1d', 'true', 'null', '<script>', 'Kids', 'album_46616d696c79']);
    case 4: return pick(['2026-13-45', '2026-01-01T00:00:00Z', 'yesterday', '9999-12-31', '0000-00-00 00:00:00']);
    case 5: return pick(['public', 'private', 'password', 'photo', 'video', 'all', 'Kids', 'admin']);
    case 6: return pick([Number.NaN, Number.POSITIVE_INFINITY]).toString();
    case 7: return Math.floor(r() * 1e6) - 5e5;
    case 8: return pick(['__proto__', 'constructor', 'toString']);
    case 9: return Array.from({ length: Math.floor(r() * 4) }, () => hostileValue(r, depth + 1));
    case 10:
    case 11: {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(r() * 4); i++) o[pick(['album', 'id', 'items', 'name', 'title', '__proto__', 'x', 'password', 'share_id'])] = hostileValue(r, depth + 1);
      return o;
    }
  }
  return undefined;
}

/** Runs `photostation ARGV` in this process with `env` set for the call; answers the exit code and what it wrote. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  process.stdout.write = ((c: string | Uint8Array) => { out += String(c); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => { err += String(c); return true; }) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    return { code: await main(argv), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}
