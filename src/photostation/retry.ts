/**
 * Repetition after transient failures. Only reads are repeated: a write that timed out may
 * well have been applied, and doing it twice (two albums, two uploads) is worse than an error.
 * The one exception is a refused connection, which proves nothing was sent.
 */
import type { CallSpec } from './caller';
import type { Logger } from './client';
import { ClientErrorCode, PhotoStationError, isPhotoStationError } from './errors';

export interface RetryOptions {
  /** Total attempts for a read, default 3 (the first try and two repetitions). */
  attempts?: number;
  /** Pause before the first repetition, default 200 ms; doubles each time, with jitter. */
  initialDelayMs?: number;
  /** Upper bound of a pause, default 2000 ms. */
  maxDelayMs?: number;
}


export function isRepeatable(err: unknown, read: boolean): boolean {
  if (!isPhotoStationError(err)) return false;
  if (err.code === ClientErrorCode.NETWORK && err.errno === 'ECONNREFUSED') return true;
  return read && err.isTransient;
}

type RetrySpec = Pick<CallSpec, 'api' | 'method' | 'read' | 'signal'>;

/**
 * `run(spec, arg)`, repeated after transient failures. `run` takes its inputs as arguments
 * rather than as a closure, so the common case — one attempt that succeeds — allocates
 * nothing beyond the attempt itself.
 */
export function withRetries<S extends RetrySpec, A, T>(
  run: (spec: S, arg: A) => Promise<T>,
  spec: S,
  arg: A,
  options: RetryOptions,
  logger?: Logger,
): Promise<T> {
  let first: Promise<T>;
  try {
    first = run(spec, arg);
  } catch (err) {
    first = Promise.reject(err);
  }
  if (Math.max(1, options.attempts ?? 3) <= 1) return first;
  return first.catch((err: unknown) => repeat(err, run, spec, arg, options, logger));
}

/** Attempts 2 … n, after attempt 1 failed with `err`. */
async function repeat<S extends RetrySpec, A, T>(
  err: unknown,
  run: (spec: S, arg: A) => Promise<T>,
  spec: S,
  arg: A,
  options: RetryOptions,
  logger?: Logger,
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    if (attempt >= attempts || !isRepeatable(err, spec.read) || spec.signal?.aborted) throw err;
    const base = Math.min(max, initial * 2 ** (attempt - 1));
    const pause = Math.round(base / 2 + (base / 2) * Math.random());
    logger?.debug?.(`${spec.api}.${spec.method}: ${(err as PhotoStationError).codeName}, attempt ${attempt + 1} in ${pause} ms`);
    await sleep(pause, spec.signal);
    try {
      return await run(spec, arg);
    } catch (next) {
      err = next;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new PhotoStationError(ClientErrorCode.ABORTED));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
