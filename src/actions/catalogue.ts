import {
  albumCreate, albumDelete, albumGet, albumGrant, albumList, albumRevoke, albumSetProtection, albumTogglePassword,
} from './albums';
import type { ActionContext, ActionDefinition } from './define';
import { ActionError, invalidInput, toActionError } from './errors';
import {
  photoDownload, photoEdit, photoGet, photoSearch, photoTag, photoThumbnail, photoUntag, photoUpload, stationRescan,
  stationStatus,
} from './photos';
import { describeSchema, validate } from './schema';
import { shareCreate, shareGet, shareList, shareRevoke, shareUpdate } from './shares';
import { smartAlbumCreateFromEvent, smartAlbumDelete, smartAlbumList, smartAlbumUpdate } from './smart-albums';

/** Every action a user can trigger, from any face. Defined once; faces look them up here. */
export const ACTIONS: ReadonlyArray<ActionDefinition<never, unknown>> = [
  albumList, albumGet, albumCreate, albumDelete, albumSetProtection, albumTogglePassword, albumGrant, albumRevoke,
  shareCreate, shareUpdate, shareRevoke, shareList, shareGet,
  smartAlbumCreateFromEvent, smartAlbumUpdate, smartAlbumDelete, smartAlbumList,
  photoSearch, photoGet, photoEdit, photoTag, photoUntag, photoUpload, photoDownload, photoThumbnail,
  stationStatus, stationRescan,
] as unknown as ReadonlyArray<ActionDefinition<never, unknown>>;

const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]));

export const ACTION_NAMES: readonly string[] = ACTIONS.map((a) => a.name);

export function findAction(name: string): ActionDefinition<never, unknown> | undefined {
  return BY_NAME.get(name);
}

/** The catalogue as plain JSON: names, descriptions and input fields, for menus, docs and `call --list`. */
export function describeCatalogue(): Array<Record<string, unknown>> {
  return ACTIONS.map((a) => ({
    name: a.name,
    group: a.group,
    description: a.description,
    writes: a.writes,
    input: describeSchema(a.input),
    ...(a.oneOf ? { one_of: a.oneOf.map((pair) => [...pair]) } : {}),
  }));
}

/** Validates raw input for an action: the schema, then "exactly one of" pairs. */
export function validateInput(action: ActionDefinition<never, unknown>, raw: unknown, ignore: readonly string[] = []): Record<string, unknown> {
  const input = validate(action.input, raw, ignore);
  for (const pair of action.oneOf ?? []) {
    const given = pair.filter((f) => input[f] !== undefined && (raw as Record<string, unknown>)[f] !== undefined);
    if (given.length !== 1) {
      throw invalidInput(pair[0], given.length ? `give only one of ${pair.join(', ')}` : `give one of ${pair.join(', ')}`);
    }
  }
  return input;
}

/** What the action works on, so that "not found" says what was not found. */
function subject(input: Record<string, unknown>): string | undefined {
  const album = (input.album ?? input.parent) as { path?: string } | undefined;
  if (album?.path) return `album ${album.path}`;
  if (typeof input.id === 'string') return `item ${input.id}`;
  if (typeof input.share_id === 'string') return `share ${input.share_id}`;
  if (typeof input.smart_album === 'string') return `smart album ${input.smart_album}`;
  return undefined;
}

export interface RunOptions {
  /** Fields the face adds around the input (e.g. `transaction`), ignored by validation. */
  ignore?: readonly string[];
}

/** Runs one action by name: validates before anything reaches the NAS, and maps every failure to an ActionError. */
export async function runAction(ctx: ActionContext, name: string, raw: unknown, options: RunOptions = {}): Promise<unknown> {
  const action = findAction(name);
  if (!action) {
    throw new ActionError('unknown_action', `unknown action "${String(name).slice(0, 80)}"; known actions: ${ACTION_NAMES.join(', ')}`);
  }
  const input = validateInput(action, raw, options.ignore);
  try {
    return await action.run(ctx, input as never);
  } catch (err) {
    throw toActionError(err, subject(input));
  }
}

/** Results as JSON faces send them: bytes become base64 strings. */
export function toJsonResult(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJsonResult);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonResult(v)]));
  }
  return value;
}
