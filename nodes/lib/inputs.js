'use strict';
const { describeCatalogue, ActionError } = require('../../dist/actions');

/** The catalogue as the editor and the nodes see it: by name, with input fields. */
const CATALOGUE = new Map(describeCatalogue().map((a) => [a.name, a]));

/** Node-RED group names: node type → catalogue group. */
const GROUPS = {
  'photostation-album': 'album',
  'photostation-share': 'share',
  'photostation-smart-album': 'smart_album',
  'photostation-photo': 'photo',
};

function actionsOf(group) {
  return [...CATALOGUE.values()].filter((a) => a.group === group);
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
const isEmpty = (v) => v === undefined || v === null || v === '';

/** Evaluates one TypedInput of the form; `undefined` means "left empty". */
function evaluate(RED, node, name, typed, msg, credentials) {
  if (!typed || typeof typed !== 'object') return Promise.resolve(undefined);
  const { v, vt } = typed;
  // Secret fields typed into the form live in the node's credentials, never in the flow file.
  if (vt === 'cred') return Promise.resolve(isEmpty(credentials?.[name]) ? undefined : credentials[name]);
  if (['str', 'num', 'json', 'jsonata', 'env', 'bool'].includes(vt) && isEmpty(v)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(v, vt, node, msg, (err, result) => (err ? reject(fieldError(name, err)) : resolve(result)));
    } catch (err) {
      reject(fieldError(name, err));
    }
  });
}

/** A form value that cannot be evaluated (bad JSON, a JSONata error) is the user's input error. */
function fieldError(name, err) {
  const e = new ActionError('invalid_input', `${name}: the node's value cannot be evaluated (${err && err.message ? err.message : err})`, { field: name });
  return e;
}

/**
 * A calendar node or an MQTT message speaks of `summary`, `eventStart`, `start_time`, Google's
 * `{dateTime}`… The smart-album node maps those onto the action's names, so an event can be wired
 * straight in. Only what the form and `msg` leave empty is taken from here.
 */
function eventFields(payload) {
  if (typeof payload === 'string') {
    try { payload = JSON.parse(payload); } catch { return {}; }
  }
  if (Buffer.isBuffer(payload)) {
    try { payload = JSON.parse(payload.toString('utf8')); } catch { return {}; }
  }
  if (!isPlainObject(payload)) return {};
  const date = (v) => (isPlainObject(v) ? v.dateTime ?? v.date ?? undefined : v);
  const first = (...keys) => keys.map((k) => payload[k]).find((v) => !isEmpty(v));
  const out = {
    name: first('name', 'summary', 'title', 'message'),
    start: date(first('start', 'eventStart', 'start_time', 'dtstart', 'startDate')),
    end: date(first('end', 'eventEnd', 'end_time', 'dtend', 'endDate')),
    tags: first('tags', 'categories'),
  };
  for (const key of ['people', 'places', 'keywords', 'item_type', 'smart_album']) out[key] = payload[key];
  return Object.fromEntries(Object.entries(out).filter(([, v]) => !isEmpty(v)));
}

/**
 * Builds an action's input from a message. Per field, the first that gives a value wins:
 *   1. `msg.<field>` (the documented overrides),
 *   2. the node's form (a fixed value or a TypedInput: msg / flow / global / env / JSONata …),
 *   3. `msg.payload.<field>` when the payload is an object (for the smart-album node also the
 *      calendar names above; for photo.upload a Buffer payload is the file's `data`),
 *   4. the catalogue's default (applied by the action's validation).
 */
async function buildInput(RED, node, action, msg) {
  const input = {};
  const payloadFields = action.name.startsWith('smart_album.')
    ? { ...(isPlainObject(msg.payload) ? pick(msg.payload, action) : {}), ...eventFields(msg.payload) }
    : isPlainObject(msg.payload) ? pick(msg.payload, action) : {};
  for (const field of action.input) {
    const name = field.name;
    let value = msg[name];
    if (isEmpty(value)) value = await evaluate(RED, node, name, node.fields?.[name], msg, node.credentials);
    if (isEmpty(value)) value = payloadFields[name];
    if (isEmpty(value) && name === 'data' && Buffer.isBuffer(msg.payload)) value = msg.payload;
    if (!isEmpty(value)) input[name] = normalize(field, value);
  }
  return input;
}

/**
 * Results and events name albums and items as objects (`{id, path}`, a search's `items`); taking
 * their ids lets one node's output feed the next without a Change node in between.
 */
function normalize(field, value) {
  const idOf = (v) => (isPlainObject(v) && typeof (v.id ?? v.path) === 'string' ? (v.id || v.path) : v);
  if (field.type === 'album' || field.type === 'item') return idOf(value);
  if (field.type === 'items' && Array.isArray(value)) return value.map(idOf);
  return value;
}

function pick(obj, action) {
  const out = {};
  for (const field of action.input) if (Object.hasOwn(obj, field.name)) out[field.name] = obj[field.name];
  return out;
}

module.exports = { CATALOGUE, GROUPS, actionsOf, buildInput, eventFields };
