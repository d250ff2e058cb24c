/** Small helpers shared by the typed API modules. */
import type { CallSpec } from '../caller';
import { ClientErrorCode, PhotoStationError } from '../errors';
import type { CallOptions } from '../types';

/** One id or several → the list the API wants as csv; rejects an empty list early. */
export function idList(ids: string | readonly string[], api: string, method: string): string[] {
  const list = typeof ids === 'string' ? [ids] : [...ids];
  if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
    throw new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { api, method, message: 'at least one non-empty id is required' });
  }
  return list;
}

/** Copies only the per-call options, so unrelated properties never reach a request. */
export function callOptions(o: CallOptions | undefined): Pick<CallSpec, 'timeoutMs' | 'signal'> {
  const out: Pick<CallSpec, 'timeoutMs' | 'signal'> = {};
  if (o?.timeoutMs !== undefined) out.timeoutMs = o.timeoutMs;
  if (o?.signal !== undefined) out.signal = o.signal;
  return out;
}

export function invalid(api: string, method: string, message: string): PhotoStationError {
  return new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, { api, method, message });
}

export function badResponse(api: string, method: string, detail: string): PhotoStationError {
  return new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { api, method, detail });
}
