import { ClientErrorCode, isPhotoStationError, type PhotoStationError } from '../photostation/errors';

/**
 * The product's error codes: what every face reports (MQTT `error.code`, Node-RED `msg.error`,
 * CLI stderr). Photo Station's numeric codes stay available as `station_code` for the curious.
 */
export const ACTION_ERROR_CODES = [
  'invalid_input', // the input does not fit the action's schema; never reached the NAS
  'unknown_action',
  'not_allowed', // the face's configuration forbids this action (allow list, read-only)
  'not_found', // the album, item, share or tag does not exist (or is invisible to this account)
  'forbidden', // the account lacks the right (not admin, no manage/upload privilege)
  'password_required', // a password album or link needs its password
  'conflict', // already exists
  'unauthorized', // login refused: wrong credentials, disabled, blocked
  'unavailable', // the NAS cannot be reached: network, TLS, timeout, garbage answers
  'station_error', // the NAS refused for another reason
] as const;
export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[number];

export interface ActionErrorOptions {
  field?: string;
  stationCode?: number;
  cause?: unknown;
}

/** An action failed; `message` is for people and never carries a secret. */
export class ActionError extends Error {
  readonly code: ActionErrorCode;
  readonly field?: string;
  /** The Photo Station (or client) code behind it, when there is one. */
  readonly stationCode?: number;

  constructor(code: ActionErrorCode, message: string, options: ActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.code = code;
    this.field = options.field;
    this.stationCode = options.stationCode;
  }

  /** The shape the JSON faces put under `error`. */
  toJSON(): { code: ActionErrorCode; message: string; field?: string; station_code?: number } {
    const out: { code: ActionErrorCode; message: string; field?: string; station_code?: number } = {
      code: this.code, message: this.message,
    };
    if (this.field !== undefined) out.field = this.field;
    if (this.stationCode !== undefined) out.station_code = this.stationCode;
    return out;
  }
}

export const invalidInput = (field: string, message: string): ActionError =>
  new ActionError('invalid_input', `${field}: ${message}`, { field });

// Input is validated before it reaches the NAS, so its "bad parameter" answers (456, 501, 506) mean a missing item.
const NOT_FOUND = new Set([101, 449, 450, 456, 467, 469, 501, 503, 504, 506, 519, 527, 528, 555]);
const FORBIDDEN = new Set([105, 406, 417, 418, 419, 420, 427, 440, 448, 457, 466, 492, 502, 507, 517, 526, 547, 551]);
const PASSWORD = new Set([416]);
const CONFLICT = new Set([421, 441, 451, 468, 553]);
const UNAUTHORIZED = new Set([407, 408, 409, 410]);
const UNAVAILABLE = new Set<number>([
  ClientErrorCode.NETWORK, ClientErrorCode.HTTP, ClientErrorCode.BAD_RESPONSE, ClientErrorCode.TIMEOUT,
  ClientErrorCode.TLS, ClientErrorCode.API_UNAVAILABLE, ClientErrorCode.CLOSED, 106, 107, 119,
]);

function classify(code: number): ActionErrorCode {
  if (NOT_FOUND.has(code)) return 'not_found';
  if (PASSWORD.has(code)) return 'password_required';
  if (FORBIDDEN.has(code)) return 'forbidden';
  if (CONFLICT.has(code)) return 'conflict';
  if (UNAUTHORIZED.has(code)) return 'unauthorized';
  if (UNAVAILABLE.has(code)) return 'unavailable';
  if (code === ClientErrorCode.INVALID_ARGUMENT) return 'invalid_input';
  return 'station_error';
}

/**
 * Turns whatever an action threw into an ActionError. `what` names the thing the action was
 * working on ("album Family/2026") so that "not found" says what was not found.
 */
export function toActionError(err: unknown, what?: string): ActionError {
  if (err instanceof ActionError) return err;
  if (isPhotoStationError(err)) {
    const e = err as PhotoStationError;
    const code = classify(e.code);
    const lead: Partial<Record<ActionErrorCode, string>> = {
      not_found: 'does not exist or this account cannot see it',
      forbidden: 'this account lacks the right',
      password_required: 'needs its password',
    };
    const message = what && lead[code] ? `${what} ${lead[code]} (${e.message})` : e.message;
    return new ActionError(code, message, { stationCode: e.code });
  }
  // Programming errors must not leak their details (they may quote inputs), but must stay visible.
  return new ActionError('station_error', `internal error: ${err instanceof Error ? err.name : 'unexpected failure'}`);
}
