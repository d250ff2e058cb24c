/**
 * Persistence of the snapshot and the outbox.
 *
 * One state file holds the snapshot and the events of the last commit (the outbox). It is
 * replaced atomically: written to a temp file, fsync'ed, renamed over the old one, and the
 * directory fsync'ed, so after a crash the file is either the old or the new state, never a
 * mix. A leftover temp file is a write that never finished and is deleted unread.
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
  /** Events of the last commit that were not acknowledged as delivered. */
  pending: StationEvent[];
}

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

  /** `station` identifies the NAS and account; a state file written for another one is not used. */
  constructor(file: string, readonly station: string) {
    this.file = path.resolve(file);
    this.#tmp = `${this.file}.tmp`;
    this.#ack = `${this.file}.ack`;
  }

  /** The stored state, or undefined when there is none usable (first run, other station). */
  async load(): Promise<StoredState | undefined> {
    await fs.rm(this.#tmp, { force: true });
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
    return { snapshot: snap, pending: acked >= snap.serial ? [] : data.outbox };
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
