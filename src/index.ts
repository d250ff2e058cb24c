// Main entry of @photostation/node-red-photostation: a flat list of re-exports.
export * from './photostation';
// The station: one per NAS, holding the client, the change detector and the action runner.
export { Station, StationMemory } from './station';
export type { RunActionOptions, ShareRecord, StationEvents, StationOptions, WatchOptions } from './station';
// The action catalogue every face runs.
export {
  ACTIONS, ACTION_ERROR_CODES, ACTION_NAMES, ActionError, describeCatalogue, findAction, parseAlbumRef, parseDateInput, parseDuration,
  runAction, toJsonResult, validateInput,
} from './actions';
export type { ActionContext, ActionDefinition, ActionErrorCode, ActionGroup, AlbumResult, ItemResult, ShareResult } from './actions';
// The MQTT bridge.
export { Bridge, ConfigError, loadConfig, parseConfig } from './bridge';
export type { BridgeConfig, BridgeOptions } from './bridge';
// The events of the change detector.
export { ChangeDetector, EVENT_NAMES } from './watch';
export type { ChangeDetectorOptions, EventName, StationEvent } from './watch';
