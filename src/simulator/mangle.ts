import type { MangleMode } from './faults';

/** How many entries a `huge` answer's lists get. */
export const HUGE_LIST = 100_000;
const BAD_BYTES = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
const MARK = '\u0000mangled\u0000';

function wrongType(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return v.length % 2 ? 42 : { text: v };
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 0;
  if (v === null) return [];
  if (Array.isArray(v)) return depth === 0 ? { items: v.length } : v.map((e) => wrongType(e, depth + 1));
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, wrongType(e, depth + 1)]));
  }
  return v;
}

/** Drops every other key, at every level, and nulls what is left of the first list entry. */
function missing(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e, i) => (i === 0 ? null : missing(e)));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as object).filter((_e, i) => i % 2 === 1).map(([k, e]) => [k, missing(e)]));
  }
  return v;
}

function huge(v: unknown): unknown {
  if (Array.isArray(v)) {
    const sample = v.length ? v[0] : { id: 'x', name: 'x' };
    return Array.from({ length: HUGE_LIST }, () => sample);
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, k === 'total' && typeof e === 'number' ? HUGE_LIST : huge(e)]));
  }
  return v;
}

function marked(v: unknown): unknown {
  if (typeof v === 'string') return `${v}${MARK}`;
  if (Array.isArray(v)) return v.map(marked);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, marked(e)]));
  return v;
}

/**
 * A well-formed success envelope (`{"success":true,"data":…}`) whose data lies: wrong types, missing
 * fields, 100,000-entry lists, or strings with bytes that are not UTF-8. What a confused or hostile NAS
 * (or a proxy in front of it) might send; the client must answer with an error, never crash.
 */
export function mangle(body: object, mode: MangleMode): Buffer {
  const envelope = body as { success?: boolean; data?: unknown };
  const data = envelope.data ?? {};
  switch (mode) {
    case 'types':
      return Buffer.from(JSON.stringify({ ...envelope, success: true, data: wrongType(data, 0) }));
    case 'missing':
      return Buffer.from(JSON.stringify({ ...envelope, success: true, data: missing(data) }));
    case 'huge':
      return Buffer.from(JSON.stringify({ ...envelope, success: true, data: huge(data) }));
    case 'utf8': {
      const text = JSON.stringify({ ...envelope, success: true, data: marked(data) });
      const escaped = JSON.stringify(MARK).slice(1, -1);
      const parts = text.split(escaped).map((p) => Buffer.from(p));
      const out: Buffer[] = [];
      parts.forEach((p, i) => {
        if (i > 0) out.push(BAD_BYTES);
        out.push(p);
      });
      return Buffer.concat(out);
    }
  }
}
