/**
 * Per-client connection agents. TLS stays verified by default; a self-signed NAS is trusted
 * either through its CA (normal verification against that CA) or through a pinned SHA-256
 * fingerprint. Pinning turns chain verification off inside this one agent only, and the
 * socket is handed to the HTTP layer only after the fingerprint matched, so not a byte of a
 * request (which may carry a password) reaches a server with the wrong certificate.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
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

/**
 * How long a connection may sit idle in the pool: less than a typical server keep-alive
 * timeout (5 s), so a request is not written into a socket the server is just closing.
 */
export const IDLE_SOCKET_MS = 4000;
/** Interval of the idle sweep (see IdleSweeper); an idle socket is closed within one of these before its time. */
const SWEEP_MS = 1000;
/** Node's margin below a server's announced keep-alive timeout. */
const SERVER_HINT_MARGIN_MS = 1000;

const FREED_AT = Symbol('photostation.freedAt');
const IDLE_SWEEPS = Symbol('photostation.idleSweeps');

type PooledSocket = Socket & {
  [FREED_AT]?: number;
  [IDLE_SWEEPS]?: number;
  _httpMessage?: { res?: http.IncomingMessage };
};

/**
 * Closes pooled connections that sat idle for IDLE_SOCKET_MS (or less when the server
 * announces a shorter keep-alive), with one sweep a second while any connection is idle.
 * The usual way, a timeout on each socket (the agent's `timeout` option), puts the socket's
 * timer back on every read and write of every request: about a tenth of the CPU of a small
 * call (measured with bench/client.ts). Our requests have a deadline of their own.
 */
class IdleSweeper {
  readonly #agent: http.Agent;
  #sweeps = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(agent: http.Agent) {
    this.#agent = agent;
  }

  /** Node's keepSocketAlive (keep-alive probes, unref), plus the socket's place in the sweep. */
  keep(duplex: Duplex): boolean {
    const socket = duplex as PooledSocket;
    socket.setKeepAlive(true, (this.#agent as { keepAliveMsecs?: number }).keepAliveMsecs ?? 1000);
    socket.unref();
    // Like Node: a server announcing "Keep-Alive: timeout=N" closes idle sockets after N s.
    const hint = socket._httpMessage?.res?.headers['keep-alive'];
    const sweeps = typeof hint === 'string' ? idleSweepsFor(hint) : IDLE_SOCKET_MS / SWEEP_MS;
    if (sweeps <= 0) return false;
    socket[FREED_AT] = this.#sweeps;
    socket[IDLE_SWEEPS] = sweeps;
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sweep(), SWEEP_MS);
      this.#timer.unref();
    }
    return true;
  }

  #sweep(): void {
    const now = ++this.#sweeps;
    let idle = false;
    for (const list of Object.values(this.#agent.freeSockets)) {
      for (const socket of (list ?? []) as PooledSocket[]) {
        if (socket.destroyed) continue;
        if (now - (socket[FREED_AT] ?? 0) >= (socket[IDLE_SWEEPS] ?? 0)) socket.destroy();
        else idle = true;
      }
    }
    if (!idle) this.stop();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

let lastHint = '';
let lastHintSweeps = IDLE_SOCKET_MS / SWEEP_MS;

/** Idle sweeps allowed under a Keep-Alive header; 0 when the server's timeout is too short to reuse the socket. */
function idleSweepsFor(hint: string): number {
  if (hint === lastHint) return lastHintSweeps;
  const seconds = /^timeout=(\d+)/.exec(hint)?.[1];
  const serverMs = seconds !== undefined ? Number(seconds) * 1000 - SERVER_HINT_MARGIN_MS : IDLE_SOCKET_MS;
  lastHint = hint;
  lastHintSweeps = Math.max(0, Math.floor(Math.min(IDLE_SOCKET_MS, serverMs) / SWEEP_MS));
  return lastHintSweeps;
}

/** An agent of either protocol whose idle connections the sweep closes. */
// TypeScript requires a mixin base to take `...args: any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function pooled<T extends new (...args: any[]) => http.Agent>(Base: T) {
  return class extends Base {
    readonly #idle = new IdleSweeper(this);

    override keepSocketAlive(socket: Duplex): boolean {
      return this.#idle.keep(socket);
    }

    override destroy(): void {
      this.#idle.stop();
      super.destroy();
    }
  };
}

const PooledAgent = pooled(http.Agent);
const PooledHttpsAgent = pooled(https.Agent);

class PinnedAgent extends PooledHttpsAgent {
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
  // Idle sockets close after IDLE_SOCKET_MS (see IdleSweeper), deliberately without the
  // agent's `timeout` option.
  const common = { keepAlive: true, maxSockets: options.maxSockets ?? 8 };
  if (protocol === 'http:') return new PooledAgent(common);
  const { ca, fingerprint } = options.tls ?? {};
  if (fingerprint !== undefined && fingerprint !== '') return new PinnedAgent(normalizeFingerprint(fingerprint), common);
  return new PooledHttpsAgent(ca !== undefined ? { ...common, ca } : common);
}
