import type { API } from 'homebridge';
import { PhotoStationPlatform } from './platform';
import { PLATFORM_NAME } from './settings';

/** Homebridge calls this once when it loads the plugin. */
export = (api: API): void => {
  api.registerPlatform(PLATFORM_NAME, PhotoStationPlatform);
};
