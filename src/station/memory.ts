import type { AlbumType } from '../photostation/types';
import { readJson, writeJsonAtomic } from './json-file';

/** What the station remembers about a public link it made (the NAS knows only dates, not times). */
export interface ShareRecord {
  shared_album_id: number;
  name: string;
  album?: { id: string; path: string };
  created_at: number;
  start?: number;
  end?: number;
  /** The station has ended the link at `end` (so it is not checked again). */
  ended?: boolean;
}

interface MemoryData {
  version: 1;
  /** The type an album had before the station password-protected it, by album path. */
  previous_types: Record<string, AlbumType>;
  shares: Record<string, ShareRecord>;
}

/**
 * The little the station must remember beyond what the NAS stores: an album's type before
 * `album.toggle_password` locked it, and the exact window of links `share.create` made.
 * Persisted next to the detector state when the station has a data directory.
 */
export class StationMemory {
  private data: MemoryData = { version: 1, previous_types: {}, shares: {} };

  constructor(private readonly path?: string) {
    const stored = path ? readJson(path) : undefined;
    if (stored && typeof stored === 'object' && (stored as MemoryData).version === 1) {
      const s = stored as MemoryData;
      this.data = { version: 1, previous_types: { ...s.previous_types }, shares: { ...s.shares } };
    }
  }

  previousType(albumPath: string): AlbumType | undefined {
    return this.data.previous_types[albumPath];
  }

  setPreviousType(albumPath: string, type: AlbumType | undefined): void {
    if (type === undefined) delete this.data.previous_types[albumPath];
    else this.data.previous_types[albumPath] = type;
    this.save();
  }

  share(shareId: string): ShareRecord | undefined {
    return this.data.shares[shareId];
  }

  shares(): Array<[string, ShareRecord]> {
    return Object.entries(this.data.shares);
  }

  setShare(shareId: string, record: ShareRecord | undefined): void {
    if (record === undefined) delete this.data.shares[shareId];
    else this.data.shares[shareId] = record;
    this.save();
  }

  private save(): void {
    if (this.path) writeJsonAtomic(this.path, this.data);
  }
}
