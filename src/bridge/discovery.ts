import type { AlbumState } from './album-state';
import type { Connection } from './connection';
import type { Topics } from './topics';

export interface DiscoveryOptions {
  prefix: string;
  version: string;
}

export interface DiscoveryMessage {
  topic: string;
  /** The config, or null to remove the entity (an empty retained payload). */
  config: Record<string, unknown> | null;
}

const ORIGIN_URL = 'https://github.com/photostation-automation/node-red-photostation';

/** Entity ids from album paths read better than hex ids: "Family/2026" → "family_2026". */
const slug = (text: string): string => text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'album';

const ENTITIES = ['password', 'shared', 'items', 'last_added'] as const;
type Entity = (typeof ENTITIES)[number];
const COMPONENT: Record<Entity, 'switch' | 'sensor'> = { password: 'switch', shared: 'switch', items: 'sensor', last_added: 'sensor' };

function configTopic(prefix: string, station: string, albumId: string, entity: Entity): string {
  return `${prefix}/${COMPONENT[entity]}/photostation_${station}/${albumId}_${entity}/config`;
}

/**
 * Home Assistant MQTT discovery payloads for one album: two switches (password protection, public
 * link) and two sensors (item count, last new photo), all on the station's device and available
 * while `<base>/bridge/state` says online. Full key names (not abbreviations) for readability.
 */
export function albumDiscovery(topics: Topics, options: DiscoveryOptions, station: string, album: Pick<AlbumState, 'id' | 'path' | 'title'>): DiscoveryMessage[] {
  const stateTopic = topics.album(station, album.id);
  const label = album.title || album.path;
  const base = (entity: Entity, name: string): Record<string, unknown> => ({
    name: `${label} ${name}`,
    unique_id: `photostation_${station}_${album.id}_${entity}`,
    default_entity_id: `${COMPONENT[entity]}.photostation_${station}_${slug(album.path)}_${entity}`,
    state_topic: stateTopic,
    availability: [{ topic: topics.state, payload_available: 'online', payload_not_available: 'offline' }],
    device: {
      identifiers: [`photostation_${station}`],
      name: `Photo Station ${station}`,
      manufacturer: 'Synology',
      model: 'Photo Station',
      sw_version: options.version,
    },
    origin: { name: 'photostation bridge', sw_version: options.version, support_url: ORIGIN_URL },
    qos: 1,
  });
  const configs: Record<Entity, Record<string, unknown>> = {
    password: {
      ...base('password', 'password protected'),
      command_topic: topics.albumSet(station, album.id),
      value_template: "{{ 'ON' if value_json.password_protected else 'OFF' }}",
      payload_on: '{"password_protected": true}',
      payload_off: '{"password_protected": false}',
      state_on: 'ON',
      state_off: 'OFF',
      optimistic: false,
      icon: 'mdi:lock',
    },
    shared: {
      ...base('shared', 'public link'),
      command_topic: topics.albumSet(station, album.id),
      value_template: "{{ 'ON' if value_json.shared else 'OFF' }}",
      payload_on: '{"shared": true}',
      payload_off: '{"shared": false}',
      state_on: 'ON',
      state_off: 'OFF',
      optimistic: false,
      icon: 'mdi:link-variant',
      json_attributes_topic: stateTopic,
      json_attributes_template: "{{ {'links': value_json.shares | map(attribute='url') | list} | tojson }}",
    },
    items: {
      ...base('items', 'items'),
      value_template: '{{ value_json.items.total }}',
      unit_of_measurement: 'items',
      state_class: 'measurement',
      icon: 'mdi:image-multiple',
      json_attributes_topic: stateTopic,
      json_attributes_template: '{{ value_json.items | tojson }}',
    },
    last_added: {
      ...base('last_added', 'last new photo'),
      device_class: 'timestamp',
      // "None" is Home Assistant's MQTT marker for "no value".
      value_template: '{{ value_json.last_added.at if value_json.last_added else None }}',
      json_attributes_topic: stateTopic,
      json_attributes_template: '{{ (value_json.last_added or {}) | tojson }}',
      icon: 'mdi:image-plus',
    },
  };
  return ENTITIES.map((e) => ({ topic: configTopic(options.prefix, station, album.id, e), config: configs[e] }));
}

/** The removal messages for an album that is gone. */
export function albumRemoval(options: DiscoveryOptions, station: string, albumId: string): DiscoveryMessage[] {
  return ENTITIES.map((e) => ({ topic: configTopic(options.prefix, station, albumId, e), config: null }));
}

/** Publishes discovery for the chosen albums, removes it for albums that disappear. */
export class Discovery {
  /** station → album ids whose entities are published. */
  private readonly published = new Map<string, Map<string, Pick<AlbumState, 'id' | 'path' | 'title'>>>();

  constructor(private readonly connection: Connection, private readonly topics: Topics, private readonly options: DiscoveryOptions) {}

  private send(messages: DiscoveryMessage[]): void {
    for (const m of messages) {
      this.connection.publish(m.topic, m.config ? JSON.stringify(m.config) : '', { qos: 1, retain: true });
    }
  }

  /** An album state appeared or changed; republishes only when what discovery shows (the title) changed. */
  album(station: string, state: AlbumState): void {
    let map = this.published.get(station);
    if (!map) this.published.set(station, (map = new Map()));
    const known = map.get(state.id);
    if (known && known.title === state.title && known.path === state.path) return;
    const entry = { id: state.id, path: state.path, title: state.title };
    map.set(state.id, entry);
    this.send(albumDiscovery(this.topics, this.options, station, entry));
  }

  /** `chosen`: the config names this album, so its entities may exist from an earlier run. */
  removed(station: string, albumId: string, chosen = false): void {
    if (!this.published.get(station)?.delete(albumId) && !chosen) return;
    this.send(albumRemoval(this.options, station, albumId));
  }

  /** After a reconnect or when Home Assistant comes online. */
  republish(): void {
    for (const [station, map] of this.published) {
      for (const entry of map.values()) this.send(albumDiscovery(this.topics, this.options, station, entry));
    }
  }
}
