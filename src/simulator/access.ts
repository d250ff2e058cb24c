import { ApiError, E } from './errors';
import { depthOf, type Library, parentOf } from './library';
import type { Album, AlbumType, Privileges, User } from './model';

/** Who is asking, as the rules of spec §5.2–§5.5 need it. */
export interface Caller {
  user?: User;
  /** Admin of this instance: a DSM administrator, or the owner of a personal Photo Station. */
  admin: boolean;
  unlocked?: Set<string>;
}

const NONE: Privileges = { browse: false, upload: false, manage: false };
const ALL: Privileges = { browse: true, upload: true, manage: true };

/**
 * The level-1 or level-2 album whose type, password and grants apply to `path` (spec §5.2):
 * a level-2 album with inheritParent defers to its level-1 parent; deeper albums use their level-2 ancestor.
 */
export function typeOwner(lib: Library, path: string): Album | undefined {
  if (path === '') return undefined;
  const parts = path.split('/');
  const level1 = lib.albums.get(parts[0]);
  if (parts.length === 1) return level1;
  const level2 = lib.albums.get(`${parts[0]}/${parts[1]}`);
  // A level-2 album without a type of its own (e.g. one that moved up from level 3) follows its parent too.
  return level2 && !level2.inheritParent && level2.type !== undefined ? level2 : level1;
}

export function effectiveType(lib: Library, path: string): AlbumType {
  return typeOwner(lib, path)?.type ?? 'public';
}

export function privileges(lib: Library, caller: Caller, path: string): Privileges {
  if (caller.admin) return ALL;
  if (path === '') return { browse: true, upload: false, manage: false };
  const owner = typeOwner(lib, path);
  const user = caller.user;
  const type = owner?.type ?? 'public';
  const result = { ...NONE };
  if (user) {
    // Owners hold every privilege on what they created (spec §5.4 choice).
    for (let p = path; p !== ''; p = parentOf(p)) {
      if (lib.albums.get(p)?.owner === user.name) return ALL;
      if (depthOf(p) <= 2 && p === owner?.path) break;
    }
    for (const grant of owner?.grants ?? []) {
      const applies = grant.type === 'user' ? grant.name === user.name : user.groups.includes(grant.name);
      if (!applies) continue;
      result.browse ||= grant.browse || grant.upload || grant.manage;
      result.upload ||= grant.upload;
      result.manage ||= grant.manage;
    }
  }
  if (type === 'public') result.browse = true;
  return result;
}

/**
 * Whether the caller may see the album at all, as a root listing decides it: public and password albums are
 * visible (a password album still asks for its password when opened), private ones only with browse right.
 */
export function isVisible(lib: Library, caller: Caller, path: string): boolean {
  const type = effectiveType(lib, path);
  return type !== 'private' || privileges(lib, caller, path).browse;
}

/**
 * Throws unless the caller may read the album's contents: 417 for a private album without browse right,
 * 416 for a password album without the right password (a missing password counts as wrong, spec §5.3).
 */
export function assertBrowse(
  lib: Library, caller: Caller, path: string, password: string | undefined,
  codes: { noAccess: number; password: number } = { noAccess: E.ALBUM_NO_ACCESS_RIGHT, password: E.ALBUM_PASSWORD_ERROR },
): void {
  if (path === '') return;
  const owner = typeOwner(lib, path);
  const type = owner?.type ?? 'public';
  const rights = privileges(lib, caller, path);
  if (type === 'public') return;
  if (type === 'private') {
    if (!rights.browse) throw new ApiError(codes.noAccess);
    return;
  }
  // Password albums: admins, owners and explicit browse grants are exempt.
  if (rights.browse) return;
  if (owner && caller.unlocked?.has(owner.path)) return;
  if (owner && password !== undefined && password === owner.password) {
    caller.unlocked?.add(owner.path);
    return;
  }
  throw new ApiError(codes.password);
}

export function canBrowse(lib: Library, caller: Caller, path: string, password?: string): boolean {
  try {
    assertBrowse(lib, caller, path, password);
    return true;
  } catch {
    return false;
  }
}
