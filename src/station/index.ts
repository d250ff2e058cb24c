export { Station } from './station';
export type { RunActionOptions, StationOptions } from './station';
export { StationMemory } from './memory';
export type { ShareRecord } from './memory';
