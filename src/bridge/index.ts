// The MQTT bridge (docs/mqtt.md): config, the bridge itself, and the pieces tests and other faces reuse.
export { Bridge } from './bridge';
export type { BridgeOptions } from './bridge';
export { ConfigError, loadConfig, parseConfig } from './config';
export type { AlbumSettings, BridgeConfig, BrokerConfig, ScheduleConfig, StationConfig } from './config';
export { albumDiscovery, albumRemoval } from './discovery';
export type { AlbumState } from './album-state';
export { BRIDGE_ACTIONS, isActionAllowed } from './allow';
export { renderInput, realClock } from './schedules';
export type { ScheduleResult, SchedulerClock } from './schedules';
export { Topics } from './topics';
