/**
 * Persistence of the snapshot and the outbox.
 *
 * The state file holds the whole snapshot and the events of its commit (the outbox). It is
 * replaced atomically: written to a temp file, fsync'ed, renamed over the old one, and the
 * directory fsync'ed, so after a crash the file is either the old or the new state, never a
 * mix. A leftover temp file is a write that never finished and is deleted unread.
 *
 * Rewriting megabytes for every change would make event latency depend on the disk, so a
 * commit normally appends one line to a journal ("<state>.journal": the changed records
 * and the commit's events) and fsyncs it; the state file is rewritten when the journal has
 * grown. A line torn by a crash is the last one, is ignored and cut off on the next start.
 *
 * Delivery is acknowledged in a tiny side file ("<state>.ack" holding the commit serial), so
 * acknowledging does not rewrite megabytes: on start, an outbox newer than the ack is
 * delivered again, with the same event ids.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { StationEvent } from './events';
import { type AlbumRec, type HeadEntry, type ItemRec, type ShareRec, Snapshot, TagDictionary } from './snapshot';

const FORMAT = 'photostation-detector-state';
const VERSION = 1;

export interface StoredState {
  snapshot: Snapshot;
  /** Events of commits that were not acknowledged as delivered. */
  pending: StationEvent[];
}

/** The records one commit changed; null = removed. */
export interface Delta {
  albums: Array<[string, AlbumRec | null]>;
  items: Array<[string, ItemRec | null]>;
  shares: Array<[number, ShareRec | null]>;
}

interface JournalLine extends Delta {
  serial: number;
  tagBase: number;
  tags: string[];
  events: StationEvent[];
}

/** Journal size after which the next commit rewrites the state file instead. */
const COMPACT_BYTES = 4 * 1024 * 1024;

interface StateFile {
  format: string;
  version: number;
  station: string;
  serial: number;
  lastPollAt: number;
  lastReconcileAt: number;
  tags: string[];
  albums: Array<[string, ...AlbumRec]>;
  items: Array<[string, ...ItemRec]>;
  shares: Array<[number, ...ShareRec]>;
  head: HeadEntry[];
  outbox: StationEvent[];
}

export class StateStore {
  readonly file: string;
  readonly #tmp: string;
  readonly #ack: string;
  readonly #journal: string;
  #journalBytes = 0;
  #hasState = false;

  /** `station` identifies the NAS and account; a state file written for another one is not used. */
  constructor(file: string, readonly station: string) {
    this.file = path.resolve(file);
    this.#tmp = `${this.file}.tmp`;
    this.#ack = `${this.file}.ack`;
    this.#journal = `${this.file}.journal`;
  }

  /** The stored state, or undefined when there is none usable (first run, other station). */
  async load(): Promise<StoredState | undefined> {
    await fs.rm(this.#tmp, { force: true });
    await fs.rm(`${this.#journal}.tmp`, { force: true });
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const data = JSON.parse(text) as StateFile;
    if (data.format !== FORMAT || data.version !== VERSION) throw new Error(`${this.file} is not a detector state file of version ${VERSION}`);
    if (data.station !== this.station) return undefined;
    const snap = new Snapshot();
    snap.serial = data.serial;
    snap.lastPollAt = data.lastPollAt;
    snap.lastReconcileAt = data.lastReconcileAt;
    snap.tags = new TagDictionary(data.tags);
    for (const [id, ...rec] of data.albums) snap.albums.set(id, rec);
    for (const [id, ...rec] of data.items) snap.items.set(id, rec);
    for (const [id, ...rec] of data.shares) snap.shares.set(id, rec);
    snap.head = data.head;
    const acked = await this.#readAck();
    const pending = data.serial > acked ? [...data.outbox] : [];
    for (const line of await this.#readJournal()) {
      if (line.serial <= snap.serial) continue;
      // Tag indices in the records refer to the dictionary as it was when the line was written.
      snap.tags = new TagDictionary([...snap.tags.names.slice(0, line.tagBase), ...line.tags]);
      replay(snap.albums, line.albums);
      replay(snap.items, line.items);
      replay(snap.shares, line.shares);
      snap.serial = line.serial;
      if (line.serial > acked) pending.push(...line.events);
    }
    this.#hasState = true;
    return { snapshot: snap, pending };
  }

  /**
   * Persists one commit: `delta` (already applied to `snap`) with its events. Appends to the
   * journal, or rewrites the state file when there is none yet or the journal is big.
   * `tagBase` is the dictionary size at the previous commit: only newer names are written.
   */
  async commit(snap: Snapshot, delta: Delta, events: readonly StationEvent[], tagBase: number): Promise<void> {
    if (!this.#hasState || this.#journalBytes > COMPACT_BYTES || delta.items.length > 20_000) {
      await this.save(snap, events);
      return;
    }
    const line: JournalLine = { serial: snap.serial, tagBase, tags: snap.tags.names.slice(tagBase), ...delta, events: [...events] };
    const text = `${JSON.stringify(line)}\n`;
    const handle = await fs.open(this.#journal, 'a', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.#journalBytes += Buffer.byteLength(text);
  }

  /** The journal's complete lines; a torn last line (crash during an append) is cut off. */
  async #readJournal(): Promise<JournalLine[]> {
    let text: string;
    try {
      text = await fs.readFile(this.#journal, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const lines: JournalLine[] = [];
    let good = 0;
    for (const raw of text.split('\n')) {
      if (raw === '') break;
      try {
        lines.push(JSON.parse(raw) as JournalLine);
      } catch {
        break;
      }
      good += Buffer.byteLength(raw) + 1;
    }
    if (good !== Buffer.byteLength(text)) await this.#atomicWrite(this.#journal, `${this.#journal}.tmp`, text.slice(0, good));
    this.#journalBytes = good;
    return lines;
  }

  /** Persists the snapshot with the events of its commit, atomically. */
  async save(snap: Snapshot, outbox: readonly StationEvent[]): Promise<void> {
    const data: StateFile = {
      format: FORMAT,
      version: VERSION,
      station: this.station,
      serial: snap.serial,
      lastPollAt: snap.lastPollAt,
      lastReconcileAt: snap.lastReconcileAt,
      tags: snap.tags.names,
      albums: [...snap.albums].map(([id, rec]) => [id, ...rec]),
      items: [...snap.items].map(([id, rec]) => [id, ...rec]),
      shares: [...snap.shares].map(([id, rec]) => [id, ...rec]),
      head: snap.head,
      outbox: [...outbox],
    };
    await this.#atomicWrite(this.file, this.#tmp, JSON.stringify(data));
    this.#hasState = true;
    // The journal's lines are all in the file now (and would be skipped by serial anyway).
    await this.#atomicWrite(this.#journal, `${this.#journal}.tmp`, '');
    this.#journalBytes = 0;
  }

  /** Marks the outbox of commit `serial` as delivered. */
  async ack(serial: number): Promise<void> {
    await this.#atomicWrite(this.#ack, `${this.#ack}.tmp`, JSON.stringify({ serial }));
  }

  async #readAck(): Promise<number> {
    await fs.rm(`${this.#ack}.tmp`, { force: true });
    try {
      const { serial } = JSON.parse(await fs.readFile(this.#ack, 'utf8')) as { serial?: unknown };
      return typeof serial === 'number' ? serial : -1;
    } catch {
      // No ack (or a damaged one): delivering the outbox again is the safe side.
      return -1;
    }
  }

  async #atomicWrite(target: string, tmp: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
    await syncDir(path.dirname(target));
  }
}

function replay<K, V>(map: Map<K, V>, entries: ReadonlyArray<[K, V | null]>): void {
  for (const [key, value] of entries) {
    if (value === null) map.delete(key);
    else map.set(key, value);
  }
}

/** Makes the rename itself durable; not every platform lets a directory be opened, so best effort. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some network file systems refuse; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
