/** The change detector: polling, persisted snapshot, typed events (docs/detector.md). */
export { ChangeDetector, scrub } from './detector';
export type {
  ChangeDetectorEvents, ChangeDetectorOptions, DetectorLogger, DetectorProgress, DetectorState, DetectorStatus,
} from './detector';
export { EVENT_NAMES, isEventName, makeEventId } from './events';
export type {
  AlbumEvent, AlbumFields, AlbumProtection, AlbumRef, EventName, EventOf, PhotoEvent, PhotoFields, ShareEvent, ShareFields, StationEvent,
} from './events';
export type { QuietHours } from './schedule';
