export { ACTIONS, ACTION_NAMES, describeCatalogue, findAction, runAction, toJsonResult, validateInput } from './catalogue';
export type { RunOptions } from './catalogue';
export { ACTION_GROUPS, defineAction } from './define';
export type { ActionContext, ActionDefinition, ActionGroup, Progress } from './define';
export { ACTION_ERROR_CODES, ActionError, toActionError } from './errors';
export type { ActionErrorCode } from './errors';
export { parseAlbumRef, parseDateInput, parseDuration } from './schema';
export type { AlbumRef, FieldSpec, FieldType, Schema } from './schema';
export type { AlbumResult, ItemResult, ShareResult } from './views';
