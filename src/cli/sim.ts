import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator';
import { FixtureError } from '../simulator/fixture';
import { isSeed } from '../simulator/seeds';

const USAGE = `Usage: photostation sim [--host 127.0.0.1] [--port 5080] [--seed demo|empty|photos:N]
                       [--fixture FILE] [--user NAME:PASSWORD[:admin]]... [--https]

Starts a Photo Station simulator and prints its base URL. Default account admin / admin.
`;

export class UsageError extends Error {}

/** `--user NAME:PASSWORD[:admin]` */
export function parseUser(spec: string): { name: string; password: string; admin: boolean } {
  const parts = spec.split(':');
  const admin = parts.length >= 3 && parts[parts.length - 1] === 'admin';
  const name = parts[0];
  const password = parts.slice(1, admin ? -1 : undefined).join(':');
  if (!name || parts.length < 2) throw new UsageError(`--user wants NAME:PASSWORD[:admin], got "${spec}"`);
  return { name, password, admin };
}

export async function runSim(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5080' },
        seed: { type: 'string', default: 'empty' },
        fixture: { type: 'string' },
        user: { type: 'string', multiple: true, default: [] },
        https: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`photostation sim: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
    if (!isSeed(values.seed)) throw new UsageError(`--seed must be demo, empty or photos:N, got "${values.seed}"`);
    const users = values.user.map(parseUser);
    let fixture;
    if (values.fixture) {
      try {
        fixture = JSON.parse(await readFile(values.fixture, 'utf8'));
      } catch (err) {
        throw new UsageError(`--fixture ${values.fixture}: ${(err as Error).message}`);
      }
    }
    const started = Date.now();
    let sim;
    try {
      sim = await startSimulator({ host: values.host, port, seed: values.seed, fixture, users, https: values.https });
    } catch (err) {
      // A library the user wrote is a usage error: say which file and which entry.
      if (err instanceof FixtureError) throw new UsageError(`--fixture ${values.fixture}: ${err.message}`);
      throw err;
    }
    // Handlers first: whoever reads the URL line may stop us at once, and must get a clean exit.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void sim.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const lib = sim.state.standard;
    process.stdout.write(`Photo Station simulator listening on ${sim.baseUrl}\n`);
    process.stdout.write(`  seed ${values.seed}: ${lib.albums.size} albums, ${lib.items.size} items, `
      + `${sim.state.users.size} accounts (ready in ${Date.now() - started} ms)\n`);
    if (sim.fingerprint) process.stdout.write(`  TLS certificate SHA-256 fingerprint ${sim.fingerprint}\n`);
    process.stdout.write(`  side channel ${sim.origin}/__sim/stats\n`);
    await stopped;
    return 0;
  } catch (err) {
    process.stderr.write(`photostation sim: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
