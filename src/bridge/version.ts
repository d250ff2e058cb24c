import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read at run time: the same file sits two levels up from src/bridge and dist/bridge. */
export function bridgeVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
