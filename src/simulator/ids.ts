// The simulator's own reading of spec §2. It deliberately does not import the product's
// codec in src/photostation: the simulator is the independent oracle the client is tested against.

export type ItemKind = 'photo' | 'video';

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

function unhex(h: string): string | undefined {
  if (h.length === 0 || h.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(h)) return undefined;
  const s = Buffer.from(h, 'hex').toString('utf8');
  // A byte sequence that is not valid UTF-8 cannot name a stored path.
  return s.includes('\uFFFD') ? undefined : s;
}

export const trimSlashes = (p: string): string => p.replace(/^\/+|\/+$/g, '');

export const albumIdOf = (path: string): string => {
  const p = trimSlashes(path);
  return p === '' ? '' : `album_${hex(p)}`;
};

export const itemIdOf = (kind: ItemKind, dir: string, file: string): string =>
  `${kind}_${hex(trimSlashes(dir) || '/')}_${hex(file)}`;

export const smartIdOf = (name: string): string => `smart_${hex(name)}`;

export type ParsedId =
  | { kind: 'album'; path: string }
  | { kind: ItemKind; dir: string; file: string }
  | { kind: 'smart'; name: string };

/** Parses album, photo, video and smart-album ids; anything else is undefined. */
export function parseId(id: string): ParsedId | undefined {
  const parts = id.split('_');
  if (parts[0] === 'album' && parts.length === 2) {
    const path = unhex(parts[1]);
    return path === undefined ? undefined : { kind: 'album', path: trimSlashes(path) };
  }
  if ((parts[0] === 'photo' || parts[0] === 'video') && parts.length === 3) {
    const dir = unhex(parts[1]);
    const file = unhex(parts[2]);
    if (dir === undefined || file === undefined) return undefined;
    return { kind: parts[0], dir: dir === '/' ? '' : trimSlashes(dir), file };
  }
  if (parts[0] === 'smart' && parts.length === 2) {
    const name = unhex(parts[1]);
    return name === undefined ? undefined : { kind: 'smart', name };
  }
  return undefined;
}

export const PHOTO_EXTENSIONS = new Set([
  'jpg', 'jpeg', 'jpe', 'bmp', 'gif', 'png', 'tiff', 'tif',
  'arw', 'srf', 'sr2', 'dcr', 'k25', 'kdc', 'cr2', 'crw', 'nef', 'mrw', 'ptx', 'pef', 'raf', '3fr', 'erf', 'mef',
  'mos', 'orf', 'rw2', 'dng', 'x3f', 'raw',
]);
export const VIDEO_EXTENSIONS = new Set([
  'mpg', 'mpeg', 'avi', 'wmv', 'asf', 'mov', 'flv', 'f4v', '3gp', '3g2', 'mp4', 'm4v', 'qt', 'divx', 'xvid', 'dat',
  'm2ts', 'm2t', 'mts',
]);

/** Photo vs video follows from the extension (spec §5.1); undefined when it is not a supported file. */
export function kindOfFile(name: string): ItemKind | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  if (PHOTO_EXTENSIONS.has(ext)) return 'photo';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  return undefined;
}

export const baseName = (file: string): string => {
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
};

/** Spec §8 G31: names are byte-exact, may not contain '/', may not start with '@'. */
export const isValidName = (name: string): boolean =>
  name.length > 0 && name.length <= 255 && !name.includes('/') && !name.startsWith('@') && name !== '.' && name !== '..'
  && ![...name].some((c) => c.charCodeAt(0) < 0x20);
