'use strict';
/**
 * Node configs carry `version`. A flow saved by an older release is brought forward here when the
 * runtime starts the node (the stored flow is only rewritten when the user next deploys from the
 * editor, which runs the same steps in its oneditprepare). Each step takes one version to the next,
 * so a v0 config walks through every step in order.
 *
 * v0 is the 0.0.x pre-release format:
 *  - server: `interval` in milliseconds (0 = no polling), no `watch`, `reconcile` or quiet hours;
 *  - action nodes: `action` instead of `operation`, and each input as a flat string property
 *    (`album: "Kids"`) instead of the `fields` map of typed values;
 *  - events: `events` as a comma separated string and `album` as a single pattern.
 */

const CURRENT_VERSION = 1;

const ACTION_TYPES = ['photostation-album', 'photostation-share', 'photostation-smart-album', 'photostation-photo'];

/** Properties every node has, never action inputs. */
const NODE_KEYS = new Set(['id', 'type', 'z', 'g', 'x', 'y', 'w', 'h', 'wires', 'name', 'server', 'action', 'operation', 'fields', 'inputs', 'outputs', 'version', 'd', 'info', 'l', '_users']);

const toV1 = {
  'photostation-server'(c) {
    const ms = Number(c.interval);
    const seconds = Number.isFinite(ms) && ms > 0 ? Math.max(1, Math.round(ms / 1000)) : 60;
    return { ...c, interval: seconds, watch: !(Number.isFinite(ms) && ms === 0), reconcile: c.reconcile ?? 60, quietFrom: c.quietFrom ?? '', quietTo: c.quietTo ?? '' };
  },
  'photostation-events'(c) {
    const events = Array.isArray(c.events) ? c.events
      : typeof c.events === 'string' ? c.events.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const out = { ...c, events, albums: c.albums ?? (typeof c.album === 'string' ? c.album : '') };
    delete out.album;
    return out;
  },
  action(c) {
    const out = { operation: c.operation ?? c.action ?? '', fields: { ...(c.fields || {}) } };
    for (const [key, value] of Object.entries(c)) {
      if (NODE_KEYS.has(key)) { if (key !== 'action') out[key] = out[key] ?? value; continue; }
      if (value === undefined || value === null || value === '') continue;
      out.fields[key] = { v: typeof value === 'string' ? value : JSON.stringify(value), vt: typeof value === 'string' ? 'str' : typeof value === 'number' ? 'num' : typeof value === 'boolean' ? 'bool' : 'json' };
    }
    return out;
  },
};

/** Answers a copy of `config` at the current version; the input is not changed. */
function migrate(config) {
  let c = { ...config };
  let version = Number.isInteger(c.version) ? c.version : Number.parseInt(c.version, 10) || 0;
  if (version > CURRENT_VERSION) {
    // A flow from a newer release: keep what we understand rather than refusing to start.
    return c;
  }
  while (version < CURRENT_VERSION) {
    if (version === 0) {
      const step = ACTION_TYPES.includes(c.type) ? toV1.action : toV1[c.type];
      if (step) c = step(c);
    }
    version += 1;
    c.version = version;
  }
  return c;
}

module.exports = { migrate, CURRENT_VERSION };
