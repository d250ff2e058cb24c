import { albumId, normalizeAlbumPath, parseId } from '../photostation/ids';
import { invalidInput } from './errors';

/**
 * A small input schema language: enough to validate MQTT payloads, `msg` properties, CLI `key=value`
 * pairs and schedule inputs the same way, with messages that name the field and what was expected,
 * and to describe itself so that faces can build menus and docs from it.
 */
export type FieldType =
  | 'string' | 'boolean' | 'integer' | 'enum' | 'album' | 'item' | 'items' | 'strings' | 'date' | 'duration'
  | 'bytes' | 'share';

export interface FieldSpec {
  type: FieldType;
  description: string;
  required?: boolean;
  /** enum */
  values?: readonly string[];
  /** integer / string length */
  min?: number;
  max?: number;
  /** Shown in docs and editors; applied when the field is absent. */
  default?: unknown;
  /** Never echoed anywhere (passwords). */
  secret?: boolean;
}

export type Schema = Record<string, FieldSpec>;

/** An album named by id or by path; both are known after validation. */
export interface AlbumRef {
  id: string;
  path: string;
}

const MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|[smhdw])/gi)];
  if (!parts.length || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * MS[p[2].toLowerCase() as keyof typeof MS], 0);
}

/** ISO strings (`2026-06-20`, `2026-06-20T18:00:00Z`), Photo Station dates, epoch seconds or milliseconds. */
export function parseDateInput(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return parseDateInput(Number(text));
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text) ? text.replace(' ', 'T') : text;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) || /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function toList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return undefined;
}

/** An album id (`album_…`) or a path (`Family/2026`); the root album is not an album one can act on. */
export function parseAlbumRef(value: unknown): AlbumRef | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.startsWith('album_')) {
    try {
      const parsed = parseId(text);
      if (parsed.kind === 'album' && parsed.path !== '') return { id: albumId(parsed.path), path: parsed.path };
    } catch {
      return undefined;
    }
    return undefined;
  }
  const path = normalizeAlbumPath(text);
  if (path === '' || path.split('/').some((s) => s.startsWith('@') || s === '.' || s === '..')) return undefined;
  return { id: albumId(path), path };
}

function isItemId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const parsed = parseId(value.trim());
    return parsed.kind === 'photo' || parsed.kind === 'video';
  } catch {
    return false;
  }
}

function convert(name: string, spec: FieldSpec, value: unknown): unknown {
  const fail = (expected: string): never => {
    throw invalidInput(name, `expected ${expected}, got ${spec.secret ? 'a value that does not fit' : show(value)}`);
  };
  switch (spec.type) {
    case 'string': {
      if (typeof value === 'number') value = String(value);
      if (typeof value !== 'string') return fail('a string');
      if (spec.min !== undefined && value.length < spec.min) fail(`at least ${spec.min} characters`);
      if (spec.max !== undefined && value.length > spec.max) fail(`at most ${spec.max} characters`);
      return value;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'on' || value === '1' || value === 1) return true;
      if (value === 'false' || value === 'off' || value === '0' || value === 0) return false;
      return fail('true or false');
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail('a whole number');
      if (spec.min !== undefined && n < spec.min) fail(`a number of at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) fail(`a number of at most ${spec.max}`);
      return n;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.values!.includes(value)) return fail(`one of ${spec.values!.join(', ')}`);
      return value;
    case 'album':
      return parseAlbumRef(value) ?? fail('an album id (album_…) or an album path such as Family/2026');
    case 'item':
      return isItemId(value) ? value.trim() : fail('a photo or video id (photo_… or video_…)');
    case 'items': {
      const list = toList(value);
      if (!list || !list.length) return fail('a non-empty list of photo or video ids');
      if (list.length > (spec.max ?? 10_000)) fail(`at most ${spec.max ?? 10_000} ids`);
      const bad = list.find((v) => !isItemId(v));
      if (bad !== undefined) throw invalidInput(name, `expected photo or video ids (photo_… or video_…), got ${show(bad)}`);
      return (list as string[]).map((v) => v.trim());
    }
    case 'strings': {
      const list = toList(value);
      if (!list || list.some((v) => typeof v !== 'string' || v.trim() === '')) return fail('a list of names');
      if (list.length > (spec.max ?? 100)) fail(`at most ${spec.max ?? 100} names`);
      return (list as string[]).map((v) => v.trim());
    }
    case 'date':
      return parseDateInput(value) ?? fail('a date (ISO 8601 such as 2026-06-20T18:00:00Z, or epoch seconds)');
    case 'duration': {
      const ms = parseDuration(value);
      return ms === undefined || ms <= 0 ? fail('a duration such as 7d, 12h or 30m') : ms;
    }
    case 'bytes': {
      if (Buffer.isBuffer(value)) return value;
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s_-]*$/.test(value)) return fail('base64 data');
      const data = Buffer.from(value, 'base64');
      if (!data.length) fail('non-empty base64 data');
      return data;
    }
    case 'share':
      return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value.trim()) ? value.trim() : fail('a share id');
  }
}

/**
 * Validates raw input against a schema: unknown fields are refused (a typo must not be ignored silently),
 * required ones must be present, values are converted to their plain form.
 */
export function validate(schema: Schema, raw: unknown, ignore: readonly string[] = []): Record<string, unknown> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw) || Buffer.isBuffer(raw)) {
    throw invalidInput('input', `expected an object with the action's fields, got ${show(raw)}`);
  }
  const input = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(schema, key) && !ignore.includes(key)) {
      const known = Object.keys(schema);
      throw invalidInput(key, `unknown field; this action takes ${known.length ? known.join(', ') : 'no input'}`);
    }
  }
  for (const [name, spec] of Object.entries(schema)) {
    const value = input[name];
    if (value === undefined || value === null || value === '') {
      if (spec.required) throw invalidInput(name, `is required (${spec.description})`);
      if (spec.default !== undefined) out[name] = spec.default;
      continue;
    }
    out[name] = convert(name, spec, value);
  }
  return out;
}

/** The schema as plain JSON for menus, docs and editors. */
export function describeSchema(schema: Schema): Array<Record<string, unknown>> {
  return Object.entries(schema).map(([name, spec]) => {
    const field: Record<string, unknown> = { name, type: spec.type, description: spec.description, required: !!spec.required };
    if (spec.values) field.values = [...spec.values];
    if (spec.min !== undefined) field.min = spec.min;
    if (spec.max !== undefined) field.max = spec.max;
    if (spec.default !== undefined) field.default = spec.default;
    if (spec.secret) field.secret = true;
    return field;
  });
}
