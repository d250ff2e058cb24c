import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import { ApiError, E } from './errors';

export interface Session {
  sid: string;
  user: string;
  createdAt: number;
  lastSeen: number;
  persistent: boolean;
  /** `photo_login` sessions are bound to the caller's address (spec §3.3). */
  boundTo?: string;
  /** Type-owning albums whose password this session has given (spec §5.3). */
  unlocked: Set<string>;
}

export interface SessionConfig {
  idleTimeoutMs: number;
  singleSession: boolean;
}

/** Why an old session id no longer works: kept so that its next call is told 106 or 107. */
type Ended = 106 | 107;

export class Sessions {
  private readonly live = new Map<string, Session>();
  private readonly ended = new Map<string, Ended>();
  logins = 0;

  constructor(private readonly clock: Clock, readonly config: SessionConfig) {}

  open(user: string, persistent: boolean, boundTo?: string): Session {
    if (this.config.singleSession) {
      for (const s of [...this.live.values()]) if (s.user === user) this.end(s.sid, 107);
    }
    const now = this.clock.now();
    const session: Session = {
      sid: randomBytes(13).toString('base64url'), user, createdAt: now, lastSeen: now, persistent, boundTo,
      unlocked: new Set(),
    };
    this.live.set(session.sid, session);
    this.logins++;
    return session;
  }

  /** The live session ids: for secret scans (`GET /__sim/sessions?secrets=1`), never shown otherwise. */
  ids(): string[] {
    return [...this.live.keys()];
  }

  end(sid: string, why: Ended = 106): void {
    if (this.live.delete(sid)) this.remember(sid, why);
  }

  private remember(sid: string, why: Ended): void {
    this.ended.set(sid, why);
    if (this.ended.size > 10_000) this.ended.delete(this.ended.keys().next().value!);
  }

  /** Every live session ends as if it had timed out. */
  expireAll(user?: string): number {
    let n = 0;
    for (const s of [...this.live.values()]) {
      if (user === undefined || s.user === user) {
        this.end(s.sid, 106);
        n++;
      }
    }
    return n;
  }

  /**
   * The session named by a cookie. An id that was never issued is no session (anonymous);
   * one that timed out, was logged out or was kicked answers 106 / 107 so that clients log in again.
   */
  resolve(sid: string | undefined, remote: string): Session | undefined {
    if (!sid) return undefined;
    const ended = this.ended.get(sid);
    if (ended) throw new ApiError(ended);
    const session = this.live.get(sid);
    if (!session) return undefined;
    const now = this.clock.now();
    if (!session.persistent && now - session.lastSeen > this.config.idleTimeoutMs) {
      this.end(sid, 106);
      throw new ApiError(E.SESSION_TIMEOUT);
    }
    if (session.boundTo !== undefined && session.boundTo !== remote) throw new ApiError(E.SESSION_TIMEOUT);
    session.lastSeen = now;
    return session;
  }

  get count(): number {
    return this.live.size;
  }

  clear(): void {
    this.live.clear();
    this.ended.clear();
    this.logins = 0;
  }
}
