/** The `platform` value in config.json and `pluginAlias` in config.schema.json: the two must match. */
export const PLATFORM_NAME = 'PhotoStation';

/** Must equal package.json `name`: Homebridge files cached accessories under it. */
export const PLUGIN_NAME = '@photostation/homebridge-photostation';

/**
 * Seed of the accessory UUIDs. Changing it orphans every accessory users have put into rooms,
 * scenes and automations, so it stays as it is even if the product is renamed.
 */
export const UUID_NAMESPACE = 'PhotoStation:album:';
