import { EventEmitter } from 'node:events';
import { ActionError } from '../actions/errors';
import type { AlbumResult, ShareResult } from '../actions/views';
import { readJson, writeJsonAtomic } from '../station/json-file';
import type { StationEvent } from '../watch/events';
import type { AlbumSettings } from './config';
import { describeError, type BridgeLogger } from './log';

/** What `<base>/album/<id>` holds (retained). */
export interface AlbumState {
  id: string;
  path: string;
  name: string;
  title: string;
  description: string;
  type: AlbumResult['type'];
  password_protected: boolean;
  /** A public link made for this album is currently valid. */
  shared: boolean;
  items: { photo: number; video: number; total: number };
  /** Links made for this album (by this bridge or any face sharing its data_dir), not yet revoked. */
  shares: Array<{ share_id: string; url: string; status: string; start: string | null; end: string | null }>;
  /** The newest photo or video the detector saw arrive while the bridge ran; null until then. */
  last_added: { id: string; name: string; path: string; takendate: string; at: string } | null;
  url: string;
  station: string;
  updated_at: string;
}

type Run = (action: string, input: Record<string, unknown>) => Promise<unknown>;

export interface AlbumStatesEvents {
  /** A state to (re)publish. */
  state: [AlbumState];
  /** The album is gone: clear its retained state and discovery. */
  removed: [{ id: string; path: string }];
}

/**
 * The retained state of a station's albums: read once at start, then kept current from detector
 * events (and refreshed right after the bridge itself changed an album). Reads go through actions
 * only, like every face.
 */
export class AlbumStates extends EventEmitter<AlbumStatesEvents> {
  private readonly states = new Map<string, AlbumState>();
  private readonly lastAdded = new Map<string, AlbumState['last_added']>();
  private readonly dirty = new Set<string>();
  private sharesDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly station: string,
    private readonly mode: 'all' | 'configured' | 'none',
    private readonly settings: readonly AlbumSettings[],
    private readonly run: Run,
    private readonly log: BridgeLogger,
    private readonly options: {
      /** Bursts of events (a hundred photos uploaded) collapse into one read per album. */
      debounceMs?: number;
      /** Where `last_added` is kept, so a restarted bridge does not blank Home Assistant's "last new photo". */
      lastAddedFile?: string;
    } = {},
  ) {
    super();
    const file = options.lastAddedFile;
    if (!file) return;
    try {
      const saved = readJson(file);
      if (saved && typeof saved === 'object') {
        for (const [id, v] of Object.entries(saved as Record<string, unknown>)) {
          if (v && typeof v === 'object' && typeof (v as { at?: unknown }).at === 'string') this.lastAdded.set(id, v as AlbumState['last_added']);
        }
      }
    } catch (err) {
      log.warn(`station ${station}: ${describeError(err)}; last_added starts empty`);
    }
  }

  private saveLastAdded(): void {
    if (!this.options.lastAddedFile) return;
    try {
      writeJsonAtomic(this.options.lastAddedFile, Object.fromEntries(this.lastAdded));
    } catch (err) {
      this.log.warn(`station ${this.station}: could not keep last_added: ${describeError(err)}`);
    }
  }

  all(): AlbumState[] {
    return [...this.states.values()];
  }

  get(id: string): AlbumState | undefined {
    return this.states.get(id);
  }

  /** Emits a state again unchanged (after a refused command, so a switch flips back). */
  republish(id: string): void {
    const state = this.states.get(id);
    if (state) this.emit('state', state);
  }

  private tracks(id: string, path: string): boolean {
    if (this.mode === 'none') return false;
    if (this.mode === 'all') return true;
    return this.settings.some((s) => s.album.id === id || s.album.path === path);
  }

  /** Reads every tracked album and the links; publishes each state. */
  async load(): Promise<void> {
    if (this.mode === 'none') return;
    const albums: AlbumResult[] = [];
    if (this.mode === 'configured') {
      for (const s of this.settings) {
        try {
          albums.push((await this.run('album.get', { album: s.album.id })) as AlbumResult);
        } catch (err) {
          this.log.warn(`station ${this.station}: album ${s.album.path}: ${describeError(err)}`);
        }
      }
    } else {
      const parents: Array<string | undefined> = [undefined];
      while (parents.length) {
        const parent = parents.shift();
        for (let offset = 0; ; offset += 500) {
          const page = (await this.run('album.list', { ...(parent ? { parent } : {}), limit: 500, offset })) as { albums: AlbumResult[]; total: number };
          albums.push(...page.albums);
          parents.push(...page.albums.map((a) => a.id));
          if (page.albums.length < 500 || offset + 500 >= page.total) break;
        }
      }
    }
    const shares = await this.readShares();
    for (const a of albums) this.put(a, shares, true);
  }

  private async readShares(): Promise<ShareResult[]> {
    try {
      return ((await this.run('share.list', {})) as { shares: ShareResult[] }).shares;
    } catch (err) {
      this.log.warn(`station ${this.station}: reading links failed: ${describeError(err)}`);
      return [];
    }
  }

  private put(a: Omit<AlbumResult, 'parent'>, shares: readonly ShareResult[] | undefined, force = false): void {
    const previous = this.states.get(a.id);
    const mine = shares
      ? shares.filter((s) => s.album?.id === a.id && s.status !== 'revoked').map((s) => ({ share_id: s.share_id, url: s.url, status: s.status, start: s.start, end: s.end }))
      : previous?.shares ?? [];
    const photo = a.items?.photo ?? 0;
    const video = a.items?.video ?? 0;
    const state: AlbumState = {
      id: a.id,
      path: a.path,
      name: a.name,
      title: a.title,
      description: a.description,
      type: a.type,
      password_protected: a.type === 'password',
      shared: mine.some((s) => s.status === 'valid'),
      items: { photo, video, total: photo + video },
      shares: mine,
      last_added: this.lastAdded.get(a.id) ?? previous?.last_added ?? null,
      url: a.url,
      station: this.station,
      updated_at: previous?.updated_at ?? new Date().toISOString(),
    };
    const same = previous && JSON.stringify({ ...previous, updated_at: '' }) === JSON.stringify({ ...state, updated_at: '' });
    if (same && !force) return;
    if (!same) state.updated_at = new Date().toISOString();
    this.states.set(a.id, state);
    this.emit('state', state);
  }

  private remove(id: string, path: string): void {
    this.dirty.delete(id);
    if (this.lastAdded.delete(id)) this.saveLastAdded();
    if (this.states.delete(id) || this.tracks(id, path)) this.emit('removed', { id, path });
  }

  /** Keeps states current from the detector's events. */
  onEvent(e: StationEvent): void {
    switch (e.event) {
      case 'album.added':
      case 'album.changed':
        if (this.tracks(e.id, e.path)) this.mark(e.id);
        break;
      case 'album.removed':
        this.remove(e.id, e.path);
        break;
      case 'photo.added':
        if (!this.tracks(e.album.id, e.album.path)) break;
        this.lastAdded.set(e.album.id, { id: e.id, name: e.name, path: e.path, takendate: e.takendate, at: e.at });
        this.saveLastAdded();
        this.mark(e.album.id);
        break;
      case 'photo.removed':
      case 'photo.changed':
        if (this.tracks(e.album.id, e.album.path)) this.mark(e.album.id);
        break;
      default:
        this.sharesDirty = true;
        this.schedule();
    }
  }

  /** The bridge changed this album itself: read it again soon, when it is one it tracks. */
  touch(ref: { id: string; path: string }, shares = false): void {
    if (this.tracks(ref.id, ref.path) || this.states.has(ref.id)) this.mark(ref.id, shares);
  }

  touchShares(): void {
    this.sharesDirty = true;
    this.schedule();
  }

  /** Reads an album (and the links, when asked) again soon. */
  mark(id: string, shares = false): void {
    if (this.closed) return;
    this.dirty.add(id);
    if (shares) this.sharesDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flush());
    }, this.options.debounceMs ?? 200);
  }

  /** Reads what is dirty now (tests and /set call this to answer without waiting). */
  async flush(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    const sharesChanged = this.sharesDirty;
    this.sharesDirty = false;
    const shares = sharesChanged || ids.length ? await this.readShares() : undefined;
    for (const id of ids) {
      try {
        this.put((await this.run('album.get', { album: id })) as AlbumResult, shares);
      } catch (err) {
        if (err instanceof ActionError && err.code === 'not_found') {
          const known = this.states.get(id);
          this.remove(id, known?.path ?? '');
        } else {
          this.log.warn(`station ${this.station}: reading album ${this.states.get(id)?.path ?? id} failed: ${describeError(err)}`);
        }
      }
    }
    if (sharesChanged && shares) {
      for (const state of this.states.values()) {
        if (!ids.includes(state.id)) this.put({ ...state, items: state.items }, shares);
      }
    }
  }

  /** Waits for any scheduled read to finish. */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flush());
    }
    await this.flushing;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
