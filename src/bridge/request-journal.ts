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
}

type Line =
  | { t: 'in'; r: Omit<JournaledRequest, 'answer'> }
  | { t: 'out'; seq: number; answer: string }
  | { t: 'done'; seq: number; at: number }
  /** A settled request, as compaction keeps it: only what recognises a redelivery. */
  | { t: 'seen'; key: string; at: number };

/**
 * Exactly one answer per request across crashes: every request is written down before the broker gets
 * its PUBACK (mqtt.js emits 'message' first), its answer before the answer is published, and the
 * broker's acknowledgement of the answer last. After a crash the new process finds what the old one
 * owed: answers made but perhaps not delivered are published again (same bytes), requests without an
 * answer are run again when that is safe or answered with an error that says what happened.
 * A request the broker delivers again (DUP, its PUBACK was lost with the process) is recognised by its
 * key and not run twice.
 *
 * One append-only JSON-lines file, rewritten when it has grown: what is owed stays whole, a settled
 * request shrinks to its key (its answer may be large, and thousands settle every few minutes).
 */
export class RequestJournal {
  /** Taken and not yet delivered, by seq. */
  private readonly owedBySeq = new Map<number, JournaledRequest>();
  private readonly owedByKey = new Map<string, JournaledRequest>();
  /** Delivered: key → when, for KEEP_MS. */
  private readonly settled = new Map<string, number>();
  private seq = 0;
  private bytes = 0;
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

  /** Whether this bridge (or its previous life) took a request with this key already. */
  knows(key: string): boolean {
    return this.owedByKey.has(key) || this.settled.has(key);
  }

  /** Requests a previous life took and did not see through, oldest first. */
  owed(): JournaledRequest[] {
    return [...this.owedBySeq.values()];
  }

  received(r: Omit<JournaledRequest, 'seq' | 'answer'>): JournaledRequest {
    const entry: JournaledRequest = { ...r, seq: ++this.seq };
    this.owedBySeq.set(entry.seq, entry);
    this.owedByKey.set(entry.key, entry);
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
    if (!this.owedBySeq.has(entry.seq)) return;
    const at = this.now();
    this.settle(entry, at);
    this.append({ t: 'done', seq: entry.seq, at });
    if (this.bytes >= this.compactAt) {
      try {
        this.compact();
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** Entries held: owed and remembered. */
  get size(): number {
    return this.owedBySeq.size + this.settled.size;
  }

  private settle(entry: JournaledRequest, at: number): void {
    this.owedBySeq.delete(entry.seq);
    if (this.owedByKey.get(entry.key) === entry) this.owedByKey.delete(entry.key);
    this.settled.set(entry.key, at);
  }

  private append(line: Line): void {
    const text = `${JSON.stringify(line)}\n`;
    try {
      appendFileSync(this.file, text, { mode: 0o600 });
      this.bytes += Buffer.byteLength(text);
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
        const entry = { ...line.r };
        this.owedBySeq.set(entry.seq, entry);
        this.owedByKey.set(entry.key, entry);
        this.seq = Math.max(this.seq, entry.seq);
      } else if (line.t === 'out') {
        const e = this.owedBySeq.get(line.seq);
        if (e && typeof line.answer === 'string') {
          e.answer = line.answer;
          delete e.rerun;
        }
      } else if (line.t === 'done') {
        const e = this.owedBySeq.get(line.seq);
        if (e) this.settle(e, typeof line.at === 'number' ? line.at : 0);
      } else if (line.t === 'seen' && typeof line.key === 'string') {
        this.settled.set(line.key, typeof line.at === 'number' ? line.at : 0);
      }
    }
  }

  /** Rewrites the file with what is owed and what is still remembered, atomically. */
  private compact(): void {
    const cutoff = this.now() - RequestJournal.KEEP_MS;
    for (const [key, at] of this.settled) if (at < cutoff) this.settled.delete(key);
    const out: string[] = [];
    for (const [key, at] of this.settled) out.push(JSON.stringify({ t: 'seen', key, at }));
    for (const e of this.owedBySeq.values()) {
      const { answer, ...r } = e;
      out.push(JSON.stringify({ t: 'in', r }));
      if (answer !== undefined) out.push(JSON.stringify({ t: 'out', seq: e.seq, answer }));
    }
    const text = out.length ? `${out.join('\n')}\n` : '';
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    // Growth between rewrites in proportion to what is kept: amortised, however busy the bridge is.
    this.bytes = Buffer.byteLength(text);
    this.compactAt = Math.max(1 << 20, 2 * this.bytes);
  }
}
