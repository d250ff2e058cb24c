export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface BridgeLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Masks known secret values wherever they turn up. The bridge never puts a secret in a message on
 * purpose; this is the second line of defence for text that comes from elsewhere (a library's error,
 * a NAS answer that echoes a parameter).
 */
export class Redactor {
  private secrets: string[] = [];

  add(...values: Array<string | undefined>): void {
    for (const v of values) {
      // Very short values would mask ordinary words; they are still never logged on purpose.
      if (v && v.length >= 3 && !this.secrets.includes(v)) this.secrets.push(v);
    }
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('***');
    return out;
  }
}

/** One line per message on the given sink (stderr by default), with the level and time, secrets masked. */
export function createLogger(level: LogLevel, redactor: Redactor, sink: (line: string) => void = (l) => process.stderr.write(l)): BridgeLogger {
  const write = (l: LogLevel, message: string): void => {
    if (ORDER[l] < ORDER[level]) return;
    sink(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${redactor.redact(message).replace(/\s*\n\s*/g, ' ')}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** A short, secret-free description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
