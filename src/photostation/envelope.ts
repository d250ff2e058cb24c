/** Reading the Synology answer envelope of spec §1.3: `{success, data}` or `{success:false, error:{code}}`. */
import { ClientErrorCode, PhotoStationError } from './errors';

export interface Context {
  api: string;
  method: string;
}

/** Returns `data` (undefined when the method returns nothing) or throws the mapped error. */
export function readEnvelope(body: Buffer, ctx: Context): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail: describeBody(body) });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail: 'JSON without a success flag' });
  }
  const env = parsed as { success?: unknown; data?: unknown; error?: unknown; err_msg?: unknown };
  // Like the plugin, an `error` member means failure even if `success` were missing.
  if (env.success === true && env.error === undefined) return env.data;
  if (env.error !== undefined || env.success === false) {
    const code = errorCode(env.error);
    if (code !== undefined) throw new PhotoStationError(code, ctx);
    throw new PhotoStationError(100, ctx);
  }
  throw new PhotoStationError(ClientErrorCode.BAD_RESPONSE, { ...ctx, detail: 'JSON without a success flag' });
}

function errorCode(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  return undefined;
}

/** A hint about what came back, without echoing it (an error page could quote the request). */
function describeBody(body: Buffer): string {
  if (body.length === 0) return 'empty body';
  const head = body.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<')) return `HTML or XML instead of JSON, ${body.length} bytes`;
  return `not JSON, ${body.length} bytes`;
}
