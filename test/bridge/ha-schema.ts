// Home Assistant's MQTT discovery schema for the two entity types the bridge announces, written from
// HA's documentation (integrations/mqtt, switch.mqtt, sensor.mqtt): the documented keys and their types,
// what is required, and the rules for discovery topics, unique ids and devices.

type Check = (value: unknown) => string | undefined;

const str: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const nonEmpty: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean');
const qos: Check = (v) => ([0, 1, 2].includes(v as number) ? undefined : 'must be 0, 1 or 2');
const oneOf = (...values: string[]): Check => (v) => (values.includes(v as string) ? undefined : `must be one of ${values.join(', ')}`);
const publishTopic: Check = (v) => (typeof v === 'string' && v.length > 0 && !/[+#]/.test(v) ? undefined : 'must be a topic without wildcards');
const subscribeTopic: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a topic');
/** HA templates are Jinja2: at least the delimiters must pair up. */
const template: Check = (v) => {
  if (typeof v !== 'string') return 'must be a template string';
  const open = (v.match(/\{\{/g) ?? []).length;
  const close = (v.match(/\}\}/g) ?? []).length;
  return open === close && open > 0 ? undefined : 'must be a Jinja template with matching {{ }}';
};
const availabilityList: Check = (v) => {
  if (!Array.isArray(v) || v.length === 0) return 'must be a non-empty list';
  for (const entry of v) {
    const problems = checkKeys(entry, { topic: subscribeTopic, payload_available: str, payload_not_available: str, value_template: template }, ['topic']);
    if (problems.length) return `entry: ${problems.join('; ')}`;
  }
  return undefined;
};
const device: Check = (v) => {
  const problems = checkKeys(v, {
    configuration_url: str, connections: (x) => (Array.isArray(x) ? undefined : 'must be a list'),
    hw_version: str, identifiers: (x) => (typeof x === 'string' || (Array.isArray(x) && x.every((i) => typeof i === 'string')) ? undefined : 'must be a string or list of strings'),
    manufacturer: str, model: str, model_id: str, name: str, serial_number: str, suggested_area: str, sw_version: str, via_device: str,
  }, []);
  const d = v as Record<string, unknown>;
  if (!d?.identifiers && !d?.connections) problems.push('needs identifiers or connections');
  return problems.length ? problems.join('; ') : undefined;
};
const origin: Check = (v) => {
  const problems = checkKeys(v, { name: nonEmpty, sw_version: str, support_url: str }, ['name']);
  return problems.length ? problems.join('; ') : undefined;
};

const COMMON: Record<string, Check> = {
  availability: availabilityList,
  availability_mode: oneOf('all', 'any', 'latest'),
  availability_template: template,
  availability_topic: subscribeTopic,
  device,
  default_entity_id: str,
  enabled_by_default: bool,
  encoding: str,
  entity_category: oneOf('config', 'diagnostic'),
  entity_picture: str,
  icon: (v) => (typeof v === 'string' && /^[a-z]+:[a-z0-9-]+$/.test(v) ? undefined : 'must be an icon such as mdi:lock'),
  json_attributes_template: template,
  json_attributes_topic: subscribeTopic,
  name: (v) => (v === null || typeof v === 'string' ? undefined : 'must be a string or null'),
  object_id: str,
  origin,
  payload_available: str,
  payload_not_available: str,
  platform: str,
  qos,
  unique_id: nonEmpty,
  value_template: template,
};

export const SWITCH_SCHEMA: Record<string, Check> = {
  ...COMMON,
  command_template: template,
  command_topic: publishTopic,
  device_class: oneOf('outlet', 'switch'),
  optimistic: bool,
  payload_off: str,
  payload_on: str,
  retain: bool,
  state_off: str,
  state_on: str,
  state_topic: subscribeTopic,
};

const SENSOR_DEVICE_CLASSES = ['apparent_power', 'aqi', 'area', 'atmospheric_pressure', 'battery', 'blood_glucose_concentration', 'carbon_dioxide', 'carbon_monoxide', 'current', 'data_rate', 'data_size', 'date', 'distance', 'duration', 'energy', 'energy_storage', 'enum', 'frequency', 'gas', 'humidity', 'illuminance', 'irradiance', 'moisture', 'monetary', 'nitrogen_dioxide', 'nitrogen_monoxide', 'nitrous_oxide', 'ozone', 'ph', 'pm1', 'pm10', 'pm25', 'power_factor', 'power', 'precipitation', 'precipitation_intensity', 'pressure', 'reactive_power', 'signal_strength', 'sound_pressure', 'speed', 'sulphur_dioxide', 'temperature', 'timestamp', 'volatile_organic_compounds', 'volatile_organic_compounds_parts', 'voltage', 'volume', 'volume_flow_rate', 'volume_storage', 'water', 'weight', 'wind_direction', 'wind_speed'];

export const SENSOR_SCHEMA: Record<string, Check> = {
  ...COMMON,
  device_class: oneOf(...SENSOR_DEVICE_CLASSES),
  expire_after: (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be seconds'),
  force_update: bool,
  last_reset_value_template: template,
  options: (v) => (Array.isArray(v) ? undefined : 'must be a list'),
  state_class: oneOf('measurement', 'measurement_angle', 'total', 'total_increasing'),
  state_topic: subscribeTopic,
  suggested_display_precision: (v) => (Number.isInteger(v) ? undefined : 'must be an integer'),
  unit_of_measurement: str,
};

function checkKeys(value: unknown, schema: Record<string, Check>, required: string[]): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['must be an object'];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const check = schema[k];
    if (!check) problems.push(`${k}: not a documented key`);
    else {
      const p = check(v);
      if (p) problems.push(`${k}: ${p}`);
    }
  }
  for (const k of required) if (!(k in (value as object))) problems.push(`${k}: required`);
  return problems;
}

/**
 * Checks one discovery message: the topic (`<prefix>/<component>/[<node_id>/]<object_id>/config`),
 * the documented keys and types, the required ones, and the rules that tie them together.
 * Answers the problems found (empty when it conforms).
 */
export function checkDiscovery(prefix: string, topic: string, config: Record<string, any>): string[] {
  const m = new RegExp(`^${prefix}/(switch|sensor)/(?:([a-zA-Z0-9_-]+)/)?([a-zA-Z0-9_-]+)/config$`).exec(topic);
  if (!m) return [`topic ${topic} is not <prefix>/<component>/[<node_id>/]<object_id>/config`];
  const component = m[1] as 'switch' | 'sensor';
  const problems = checkKeys(config, component === 'switch' ? SWITCH_SCHEMA : SENSOR_SCHEMA, component === 'switch' ? ['command_topic'] : ['state_topic']);
  if (config.device && !config.unique_id) problems.push('a device needs a unique_id');
  if (config.availability && config.availability_topic) problems.push('availability and availability_topic are exclusive');
  if (config.default_entity_id !== undefined && !new RegExp(`^${component}\\.[a-z0-9_]+$`).test(config.default_entity_id)) {
    problems.push(`default_entity_id must be ${component}.<lower-case id>`);
  }
  if (component === 'switch' && config.value_template && (config.state_on === undefined || config.state_off === undefined)) {
    // Without them HA compares the rendered value with payload_on/off (JSON here), and never matches.
    problems.push('a switch with a value_template rendering ON/OFF needs state_on and state_off');
  }
  if (config.device_class === 'timestamp' && config.unit_of_measurement) problems.push('timestamp sensors take no unit');
  if (config.state_class && config.device_class === 'timestamp') problems.push('timestamp sensors take no state_class');
  return problems;
}
