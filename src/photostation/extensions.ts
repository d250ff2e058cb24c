import type { ItemKind } from './ids';

/** The file types Photo Station accepts (spec §3.15.1); photo or video follows from the extension. */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg', 'jpeg', 'jpe', 'bmp', 'gif', 'png', 'tiff', 'tif',
  'arw', 'srf', 'sr2', 'dcr', 'k25', 'kdc', 'cr2', 'crw', 'nef', 'mrw', 'ptx', 'pef', 'raf', '3fr', 'erf', 'mef',
  'mos', 'orf', 'rw2', 'dng', 'x3f', 'raw',
]);

export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mpg', 'mpeg', 'avi', 'wmv', 'asf', 'mov', 'flv', 'f4v', '3gp', '3g2', 'mp4', 'm4v', 'qt', 'divx', 'xvid', 'dat',
  'm2ts', 'm2t', 'mts',
]);

/** 'photo', 'video', or undefined for a file Photo Station refuses (case-insensitive). */
export function kindOfFilename(name: string): ItemKind | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  if (PHOTO_EXTENSIONS.has(ext)) return 'photo';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  return undefined;
}
