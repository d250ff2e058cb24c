/** The narrow interface the typed API modules use to reach the NAS; implemented by the client. */
import type { FilePart } from './form';
import type { Binary, CallOptions, Params } from './types';

export interface CallSpec extends CallOptions {
  api: string;
  method: string;
  /** Defaults to 1 (spec §1.5); checked against the discovered range. */
  version?: number;
  params?: Params;
  /**
   * Reads may be repeated after a transient failure; writes never are, because the NAS may
   * already have applied them. Session errors are the exception for both: the server refused
   * the call before doing anything.
   */
  read: boolean;
  /** Files make the call a multipart upload. */
  files?: readonly FilePart[];
  /** Send without the session cookie (discovery, login, public reads). */
  anonymous?: boolean;
}

export interface Caller {
  /** A JSON API call; resolves to the envelope's `data`. */
  call<T = unknown>(spec: CallSpec): Promise<T>;
  /** A call answered with bytes (thumbnails, downloads); JSON answers are errors. */
  binary(spec: CallSpec): Promise<Binary>;
}
