export { Station } from './station';
export type { RunActionOptions, StationEvents, StationOptions, WatchOptions } from './station';
export { StationMemory } from './memory';
export type { ShareRecord } from './memory';
