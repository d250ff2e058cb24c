import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/**
 * A request the bridge took from the broker. Only a request that is safe to run twice keeps its payload
 * (`rerun`): the payload of a write may hold an album password, and a write interrupted by a crash is not
 * run again anyway, since it may already have taken effect.
 */
export interface JournaledRequest {
  seq: number;
  key: string;
  action: string;
  responseTopic: string;
  /** base64 */
  correlationData?: string;
  transaction?: unknown;
  /** The payload (utf8), for a request that may be run again. */
  rerun?: string;
  /** The answer as published, once there is one. */
  answer?: string;
  doneAt?: number;
}

type Line =
  | { t: 'in'; r: Omit<JournaledRequest, 'answer' | 'doneAt'> }
  | { t: 'out'; seq: number; answer: string }
  | { t: 'done'; seq: number; at: number };

/**
 * Exactly one answer per request across crashes: every request is written down before the broker gets
 * its PUBACK (mqtt.js emits 'message' first), its answer before the answer is published, and the
 * broker's acknowledgement of the answer last. After a crash the new process finds what the old one
 * owed: answers made but perhaps not delivered are published again (same bytes), requests without an
 * answer are run again when that is safe or answered with an error that says what happened.
 * A request the broker delivers again (DUP, its PUBACK was lost with the process) is recognised by its
 * key and not run twice.
 *
 * One append-only JSON-lines file, rewritten without the settled entries when it has grown.
 */
export class RequestJournal {
  private readonly entries = new Map<number, JournaledRequest>();
  private readonly byKey = new Map<string, JournaledRequest>();
  private seq = 0;
  private lines = 0;
  private compactAt = 0;

  /** How long a settled request is remembered, to recognise a late redelivery. */
  static readonly KEEP_MS = 10 * 60_000;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
    /** A write that failed (a full disk): the request is still answered, only not protected from a crash. */
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.load();
    this.compact();
  }

  /**
   * The key of one delivery: a redelivery carries the same packet id, topic and bytes. The payload is
   * hashed, never stored, so a password in it stays out of the file.
   */
  static key(messageId: number | undefined, topic: string, payload: Buffer, responseTopic: string, correlationData?: Buffer): string {
    const h = createHash('sha256');
    for (const part of [String(messageId ?? ''), topic, responseTopic]) h.update(part).update('\0');
    h.update(payload).update('\0');
    if (correlationData) h.update(correlationData);
    return h.digest('base64url').slice(0, 32);
  }

  /** The entry a redelivered request belongs to, if this bridge (or its previous life) took it already. */
  find(key: string): JournaledRequest | undefined {
    return this.byKey.get(key);
  }

  /** Requests a previous life took and did not see through, oldest first. */
  owed(): JournaledRequest[] {
    return [...this.entries.values()].filter((e) => e.doneAt === undefined);
  }

  received(r: Omit<JournaledRequest, 'seq' | 'answer' | 'doneAt'>): JournaledRequest {
    const entry: JournaledRequest = { ...r, seq: ++this.seq };
    this.remember(entry);
    this.append({ t: 'in', r: entry });
    return entry;
  }

  answered(entry: JournaledRequest, answer: string): void {
    entry.answer = answer;
    delete entry.rerun;
    this.append({ t: 'out', seq: entry.seq, answer });
  }

  /** The broker has the answer. */
  delivered(entry: JournaledRequest): void {
    if (entry.doneAt !== undefined || !this.entries.has(entry.seq)) return;
    entry.doneAt = this.now();
    this.append({ t: 'done', seq: entry.seq, at: entry.doneAt });
    if (this.lines >= this.compactAt) {
      try {
        this.compact();
      } catch (err) {
        this.onError(err);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(entry: JournaledRequest): void {
    this.entries.set(entry.seq, entry);
    this.byKey.set(entry.key, entry);
  }

  private append(line: Line): void {
    try {
      appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      this.lines++;
    } catch (err) {
      this.onError(err);
    }
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    // A crash can cut the last line short; everything before it stands.
    for (const text of readFileSync(this.file, 'utf8').split('\n')) {
      if (!text) continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        continue;
      }
      if (line.t === 'in' && line.r && typeof line.r.seq === 'number' && typeof line.r.key === 'string') {
        this.remember({ ...line.r });
        this.seq = Math.max(this.seq, line.r.seq);
      } else if (line.t === 'out') {
        const e = this.entries.get(line.seq);
        if (e && typeof line.answer === 'string') {
          e.answer = line.answer;
          delete e.rerun;
        }
      } else if (line.t === 'done') {
        const e = this.entries.get(line.seq);
        if (e) e.doneAt = typeof line.at === 'number' ? line.at : 0;
      }
    }
  }

  /** Rewrites the file with what is still owed or still remembered, atomically. */
  private compact(): void {
    const cutoff = this.now() - RequestJournal.KEEP_MS;
    for (const [seq, e] of this.entries) {
      if (e.doneAt !== undefined && e.doneAt < cutoff) {
        this.entries.delete(seq);
        if (this.byKey.get(e.key) === e) this.byKey.delete(e.key);
      }
    }
    const out: string[] = [];
    for (const e of this.entries.values()) {
      const { answer, doneAt, ...r } = e;
      out.push(JSON.stringify({ t: 'in', r }));
      if (answer !== undefined) out.push(JSON.stringify({ t: 'out', seq: e.seq, answer }));
      if (doneAt !== undefined) out.push(JSON.stringify({ t: 'done', seq: e.seq, at: doneAt }));
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, out.length ? `${out.join('\n')}\n` : '');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.lines = out.length;
    // Growth between rewrites in proportion to what is kept: amortised, however busy the bridge is.
    this.compactAt = Math.max(1000, 2 * out.length);
  }
}
