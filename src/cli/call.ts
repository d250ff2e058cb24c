import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCatalogue, findAction, toJsonResult } from '../actions/catalogue';
import { ActionError } from '../actions/errors';
import { Station } from '../station/station';

const USAGE = `Usage: photostation call ACTION [JSON | key=value | key:=JSON ...] [options]
       photostation call --list

Runs one action against a Photo Station and prints the result as JSON.

Options:
  --url URL            the station (or PHOTOSTATION_URL), e.g. https://nas:5001
  --user NAME          the account (or PHOTOSTATION_USER); the password comes from
                       PHOTOSTATION_PASSWORD or --password-file, never from the command line
  --password-file F    read the password from a file
  --fingerprint FP     trust a self-signed NAS by its SHA-256 certificate fingerprint
  --ca FILE            trust this CA certificate (PEM)
  --data-dir DIR       where the station remembers album types and share windows
                       (default ~/.local/state/photostation/<station>)
  --timeout MS         per request, default 10000
  --list               print the action catalogue
`;

export class CallUsageError extends Error {}

/** `key=value` pairs (strings) and `key:=json` pairs, or one JSON object. */
export function parseInput(args: string[]): Record<string, unknown> {
  if (args.length === 1 && args[0].trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(args[0]);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      throw new CallUsageError('the input is not valid JSON');
    }
    throw new CallUsageError('the input must be a JSON object');
  }
  const input: Record<string, unknown> = {};
  for (const arg of args) {
    const json = /^([A-Za-z_][A-Za-z0-9_]*):=(.*)$/s.exec(arg);
    const plain = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (json) {
      try {
        input[json[1]] = JSON.parse(json[2]);
      } catch {
        throw new CallUsageError(`${json[1]}: the value after := is not valid JSON`);
      }
    } else if (plain) {
      input[plain[1]] = plain[2];
    } else {
      throw new CallUsageError(`expected key=value, key:=JSON or one JSON object, got "${arg.slice(0, 40)}"`);
    }
  }
  return input;
}

/** One state folder per station and account, so two NAS never share what they remember. */
function defaultDataDir(url: string, user: string | undefined): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const key = createHash('sha256').update(`${url}\0${user ?? ''}`).digest('hex').slice(0, 16);
  return join(base, 'photostation', key);
}

export async function runCall(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' },
        fingerprint: { type: 'string' }, ca: { type: 'string' }, 'data-dir': { type: 'string' },
        timeout: { type: 'string' }, list: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`photostation call: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.list) {
    process.stdout.write(`${JSON.stringify(describeCatalogue(), null, 2)}\n`);
    return 0;
  }
  let station: Station | undefined;
  try {
    const [action, ...rest] = positionals;
    if (!action) throw new CallUsageError('name an action (photostation call --list shows them)');
    if (!findAction(action)) throw new ActionError('unknown_action', `unknown action "${action.slice(0, 80)}" (photostation call --list shows them)`);
    const input = parseInput(rest);
    const url = values.url ?? env.PHOTOSTATION_URL;
    if (!url) throw new CallUsageError('give the station with --url or PHOTOSTATION_URL');
    const username = values.user ?? env.PHOTOSTATION_USER;
    let password = env.PHOTOSTATION_PASSWORD;
    if (values['password-file']) {
      try {
        password = readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        throw new CallUsageError(`--password-file: ${(err as NodeJS.ErrnoException).code ?? 'cannot read it'}`);
      }
    }
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new CallUsageError('--timeout wants milliseconds');
    let ca: string | undefined;
    if (values.ca) {
      try {
        ca = readFileSync(values.ca, 'utf8');
      } catch (err) {
        throw new CallUsageError(`--ca: ${(err as NodeJS.ErrnoException).code ?? 'cannot read it'}`);
      }
    }
    station = new Station({
      url, username, password, timeoutMs: timeout,
      tls: values.fingerprint || ca ? { fingerprint: values.fingerprint, ca } : undefined,
      dataDir: values['data-dir'] ?? env.PHOTOSTATION_DATA_DIR ?? defaultDataDir(url, username),
    });
    const result = await station.run(action, input);
    process.stdout.write(`${JSON.stringify(toJsonResult(result), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CallUsageError) {
      process.stderr.write(`photostation call: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ActionError) {
      process.stderr.write(`photostation call: ${err.code}: ${err.message}\n`);
      return err.code === 'invalid_input' || err.code === 'unknown_action' ? 2 : 1;
    }
    process.stderr.write(`photostation call: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await station?.close().catch(() => undefined);
  }
}
