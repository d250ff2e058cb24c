/**
 * Per-client connection agents. TLS stays verified by default; a self-signed NAS is trusted
 * either through its CA (normal verification against that CA) or through a pinned SHA-256
 * fingerprint. Pinning turns chain verification off inside this one agent only, and the
 * socket is handed to the HTTP layer only after the fingerprint matched, so not a byte of a
 * request (which may carry a password) reaches a server with the wrong certificate.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type * as tls from 'node:tls';
import { ClientErrorCode, PhotoStationError } from './errors';

export interface TlsOptions {
  /** PEM certificate(s) of the CA (or the self-signed certificate itself) to trust, instead of the system CAs. */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * SHA-256 fingerprint of the NAS certificate, as "AB:CD:…" or plain hex, any case.
   * When set, only a server presenting exactly this certificate is accepted (host name and
   * chain are not checked: a pinned certificate is stronger than both).
   */
  fingerprint?: string;
}

export interface AgentOptions {
  tls?: TlsOptions;
  /** Upper bound of parallel connections to the NAS. */
  maxSockets?: number;
}

export const FINGERPRINT_MISMATCH = 'ERR_PHOTOSTATION_FINGERPRINT_MISMATCH';

/** "ab cd:EF…" or "abcdef…" → "AB:CD:EF:…"; throws INVALID_ARGUMENT unless it is 32 bytes. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.trim().replace(/^sha256[:/=]?/i, '').replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new PhotoStationError(ClientErrorCode.INVALID_ARGUMENT, {
      message: 'TLS fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, optionally separated by ":"',
    });
  }
  return hex.match(/../g)!.join(':');
}

class PinnedAgent extends https.Agent {
  readonly #fingerprint: string;

  constructor(fingerprint: string, options: https.AgentOptions) {
    // No session cache: a resumed session skips the certificate exchange we want to check.
    super({ ...options, rejectUnauthorized: false, maxCachedSessions: 0 });
    this.#fingerprint = fingerprint;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(
      { ...options, rejectUnauthorized: false, checkServerIdentity: () => undefined },
    ) as tls.TLSSocket;
    const expected = this.#fingerprint;
    const onError = (err: Error): void => callback?.(err, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.removeListener('error', onError);
      const presented = socket.getPeerCertificate()?.fingerprint256;
      if (presented && presented.toUpperCase() === expected) {
        callback?.(null, socket);
        return;
      }
      const err = Object.assign(
        new Error(`certificate fingerprint mismatch: the server presented ${presented || 'no certificate'}, expected ${expected}`),
        { code: FINGERPRINT_MISMATCH },
      );
      socket.destroy();
      callback?.(err, socket);
    });
    // Returning nothing makes the agent wait for the callback, i.e. for the check above.
    return undefined;
  }
}

/** Creates the agent one client uses for every request (keep-alive, bounded sockets). */
export function createAgent(protocol: 'http:' | 'https:', options: AgentOptions = {}): http.Agent {
  const common = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 8,
    // Close idle sockets before a typical server keep-alive timeout (5 s) does, so a
    // request is not written into a socket the server is just closing.
    timeout: 4000,
  };
  if (protocol === 'http:') return new http.Agent(common);
  const { ca, fingerprint } = options.tls ?? {};
  if (fingerprint !== undefined && fingerprint !== '') return new PinnedAgent(normalizeFingerprint(fingerprint), common);
  return new https.Agent(ca !== undefined ? { ...common, ca } : common);
}
