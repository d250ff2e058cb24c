import type { Clock } from './clock';
import { albumIdOf, itemIdOf, parseId, trimSlashes } from './ids';
import type {
  Album, Change, ChangeKind, Item, SharedAlbum, SmartAlbum, Tag, TagLink, TagType,
} from './model';

export const parentOf = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
};
export const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const depthOf = (path: string): number => (path === '' ? 0 : path.split('/').length);
export const joinPath = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/**
 * Everything one Photo Station instance stores: the album tree, items, tags, shared and smart albums.
 * Plain maps with the indices that listing 100,000 items in milliseconds needs.
 */
export class Library {
  readonly albums = new Map<string, Album>();
  private readonly children = new Map<string, Set<string>>([['', new Set()]]);
  readonly items = new Map<number, Item>();
  private readonly itemsByAlbum = new Map<string, Set<number>>([['', new Set()]]);
  private readonly itemByPath = new Map<string, number>();
  readonly tags = new Map<number, Tag>();
  readonly links = new Map<number, TagLink>();
  private readonly linksByItem = new Map<number, Set<number>>();
  private readonly linksByTag = new Map<number, Set<number>>();
  readonly sharedAlbums = new Map<number, SharedAlbum>();
  readonly smartAlbums = new Map<string, SmartAlbum>();
  readonly changes: Change[] = [];
  /** Bumped on every write; list caches are valid for one version. */
  version = 0;
  recording = true;
  rootMtime = 0;
  rootArrangement?: string[];
  private seq = 0;
  private nextUid = 1;
  private nextTag = 1;
  private nextLink = 1;
  private nextShared = 1;
  nextComment = 1;

  constructor(private readonly clock: Clock) {}

  // ---- ids -------------------------------------------------------------------------------

  albumId = (path: string): string => albumIdOf(path);
  itemId = (item: Item): string => itemIdOf(item.kind, item.album, item.name);

  albumByIdParam(id: string): Album | undefined {
    const parsed = parseId(id);
    return parsed?.kind === 'album' ? this.albums.get(parsed.path) : undefined;
  }

  itemByIdParam(id: string): Item | undefined {
    const parsed = parseId(id);
    if (!parsed || (parsed.kind !== 'photo' && parsed.kind !== 'video')) return undefined;
    const uid = this.itemByPath.get(joinPath(parsed.dir, parsed.file));
    const item = uid === undefined ? undefined : this.items.get(uid);
    return item && item.kind === parsed.kind ? item : undefined;
  }

  itemAt(albumPath: string, name: string): Item | undefined {
    const uid = this.itemByPath.get(joinPath(albumPath, name));
    return uid === undefined ? undefined : this.items.get(uid);
  }

  // ---- change log and times --------------------------------------------------------------

  record(kind: ChangeKind, id: string, path?: string, fields?: string[]): void {
    this.version++;
    if (!this.recording) return;
    this.changes.push({ seq: ++this.seq, at: new Date(this.clock.now()).toISOString(), kind, id, path, fields });
    // The log is a test oracle, not an archive: keep it bounded.
    if (this.changes.length > 200_000) this.changes.splice(0, 100_000);
  }

  /** An album's mtime moves with any change at or below it, up to the root. */
  touchAlbum(path: string): void {
    const now = this.clock.now();
    for (let p = path; ; p = parentOf(p)) {
      const album = this.albums.get(p);
      if (album) album.mtime = Math.max(now, album.mtime + 1);
      if (p === '') break;
    }
    this.rootMtime = now;
    this.version++;
  }

  // ---- albums ----------------------------------------------------------------------------

  childAlbums(path: string): Album[] {
    const set = this.children.get(path);
    return set ? [...set].map((p) => this.albums.get(p)!).filter(Boolean) : [];
  }

  itemsIn(path: string): Item[] {
    const set = this.itemsByAlbum.get(path);
    return set ? [...set].map((uid) => this.items.get(uid)!) : [];
  }

  itemCount(path: string): { photo: number; video: number } {
    const count = { photo: 0, video: 0 };
    for (const uid of this.itemsByAlbum.get(path) ?? []) count[this.items.get(uid)!.kind]++;
    return count;
  }

  addAlbum(album: Album): void {
    album.path = trimSlashes(album.path);
    const parent = parentOf(album.path);
    this.albums.set(album.path, album);
    this.children.get(parent)!.add(album.path);
    this.children.set(album.path, new Set());
    this.itemsByAlbum.set(album.path, new Set());
    this.touchAlbum(album.path);
    this.record('album.added', this.albumId(album.path), album.path);
  }

  changeAlbum(path: string, fields: string[]): void {
    this.touchAlbum(path);
    this.record('album.changed', this.albumId(path), path, fields);
  }

  /** Removes an album with everything below it, deepest first. */
  removeAlbum(path: string): void {
    for (const child of [...(this.children.get(path) ?? [])]) this.removeAlbum(child);
    for (const uid of [...(this.itemsByAlbum.get(path) ?? [])]) this.removeItem(uid);
    this.children.get(parentOf(path))?.delete(path);
    this.children.delete(path);
    this.itemsByAlbum.delete(path);
    this.albums.delete(path);
    this.touchAlbum(parentOf(path));
    this.record('album.removed', this.albumId(path), path);
  }

  /** Renames or moves a subtree; ids below it change, so the log sees removals and additions. */
  moveAlbum(from: string, to: string): void {
    const subtree = [...this.albums.keys()].filter((p) => p === from || p.startsWith(`${from}/`)).sort();
    const moved: Array<{ album: Album; items: Item[] }> = subtree.map((p) => ({
      album: this.albums.get(p)!,
      items: this.itemsIn(p),
    }));
    for (const { album, items } of moved) {
      for (const item of items) this.record('photo.removed', this.itemId(item), joinPath(item.album, item.name));
      this.record('album.removed', this.albumId(album.path), album.path);
    }
    // Detach the old subtree without deleting its items: uids (and shared-album references) survive.
    for (const { album, items } of [...moved].reverse()) {
      for (const item of items) this.itemByPath.delete(joinPath(item.album, item.name));
      this.children.get(parentOf(album.path))?.delete(album.path);
      this.children.delete(album.path);
      this.itemsByAlbum.delete(album.path);
      this.albums.delete(album.path);
    }
    this.touchAlbum(parentOf(from));
    for (const { album, items } of moved) {
      const newPath = to + album.path.slice(from.length);
      album.path = newPath;
      this.albums.set(newPath, album);
      this.children.get(parentOf(newPath))!.add(newPath);
      this.children.set(newPath, new Set());
      const set = new Set<number>();
      this.itemsByAlbum.set(newPath, set);
      this.record('album.added', this.albumId(newPath), newPath);
      for (const item of items) {
        item.album = newPath;
        set.add(item.uid);
        this.itemByPath.set(joinPath(newPath, item.name), item.uid);
        this.record('photo.added', this.itemId(item), joinPath(newPath, item.name));
      }
    }
    this.touchAlbum(to);
  }

  // ---- items -----------------------------------------------------------------------------

  newUid(): number {
    return this.nextUid++;
  }

  addItem(item: Item): void {
    this.items.set(item.uid, item);
    this.itemsByAlbum.get(item.album)!.add(item.uid);
    this.itemByPath.set(joinPath(item.album, item.name), item.uid);
    this.touchAlbum(item.album);
    this.record('photo.added', this.itemId(item), joinPath(item.album, item.name));
  }

  changeItem(item: Item, fields: string[]): void {
    item.mtime = Math.max(this.clock.now(), item.mtime + 1);
    this.touchAlbum(item.album);
    this.record('photo.changed', this.itemId(item), joinPath(item.album, item.name), fields);
  }

  removeItem(uid: number): void {
    const item = this.items.get(uid);
    if (!item) return;
    for (const linkId of [...(this.linksByItem.get(uid) ?? [])]) this.removeLink(linkId, false);
    for (const shared of this.sharedAlbums.values()) {
      const at = shared.uids.indexOf(uid);
      if (at >= 0) {
        shared.uids.splice(at, 1);
        shared.labels.delete(uid);
        // The share's item count changed: the change log is the tests' oracle, so it must say so.
        this.record('share.changed', String(shared.id), undefined, ['items']);
      }
    }
    this.items.delete(uid);
    this.itemsByAlbum.get(item.album)?.delete(uid);
    this.itemByPath.delete(joinPath(item.album, item.name));
    this.touchAlbum(item.album);
    this.record('photo.removed', this.itemId(item), joinPath(item.album, item.name));
  }

  moveItem(item: Item, album: string, name: string): void {
    this.record('photo.removed', this.itemId(item), joinPath(item.album, item.name));
    this.itemsByAlbum.get(item.album)?.delete(item.uid);
    this.itemByPath.delete(joinPath(item.album, item.name));
    this.touchAlbum(item.album);
    item.album = album;
    item.name = name;
    item.mtime = this.clock.now();
    this.itemsByAlbum.get(album)!.add(item.uid);
    this.itemByPath.set(joinPath(album, name), item.uid);
    this.touchAlbum(album);
    this.record('photo.added', this.itemId(item), joinPath(album, name));
  }

  /** Every item, in insertion order. */
  allItems(): IterableIterator<Item> {
    return this.items.values();
  }

  // ---- tags ------------------------------------------------------------------------------

  findTag(type: TagType, name: string): Tag | undefined {
    for (const tag of this.tags.values()) if (tag.type === type && tag.name === name) return tag;
    return undefined;
  }

  addTag(type: TagType, name: string, geo?: Tag['geo']): Tag {
    const tag: Tag = { id: this.nextTag++, type, name, geo };
    this.tags.set(tag.id, tag);
    this.linksByTag.set(tag.id, new Set());
    this.version++;
    return tag;
  }

  removeTag(tagId: number): void {
    for (const linkId of [...(this.linksByTag.get(tagId) ?? [])]) this.removeLink(linkId, true, false);
    this.tags.delete(tagId);
    this.linksByTag.delete(tagId);
    this.version++;
  }

  linksOf(uid: number): TagLink[] {
    return [...(this.linksByItem.get(uid) ?? [])].map((id) => this.links.get(id)!);
  }

  tagsOf(uid: number): Array<{ tag: Tag; link: TagLink }> {
    return this.linksOf(uid).map((link) => ({ tag: this.tags.get(link.tagId)!, link }));
  }

  linkCount(tagId: number): number {
    return this.linksByTag.get(tagId)?.size ?? 0;
  }

  addLink(tagId: number, uid: number, box?: TagLink['box'], confirmed = true): TagLink {
    const link: TagLink = { id: this.nextLink++, tagId, uid, confirmed, box };
    this.links.set(link.id, link);
    if (!this.linksByItem.has(uid)) this.linksByItem.set(uid, new Set());
    this.linksByItem.get(uid)!.add(link.id);
    this.linksByTag.get(tagId)!.add(link.id);
    const item = this.items.get(uid);
    if (item) this.changeItem(item, ['tags']);
    return link;
  }

  /** Removing the last link of a tag deletes the tag (spec §5.11). */
  removeLink(linkId: number, touch = true, dropOrphanTag = true): void {
    const link = this.links.get(linkId);
    if (!link) return;
    this.links.delete(linkId);
    this.linksByItem.get(link.uid)?.delete(linkId);
    this.linksByTag.get(link.tagId)?.delete(linkId);
    const item = this.items.get(link.uid);
    if (touch && item) this.changeItem(item, ['tags']);
    if (dropOrphanTag && this.linkCount(link.tagId) === 0) this.removeTag(link.tagId);
    this.version++;
  }

  // ---- shared albums ---------------------------------------------------------------------

  newSharedId(): number {
    return this.nextShared++;
  }

  sharedByShareId(shareid: string): SharedAlbum | undefined {
    for (const shared of this.sharedAlbums.values()) if (shared.share.shareid === shareid) return shared;
    return undefined;
  }
}
