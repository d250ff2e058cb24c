'use strict';
// Node-RED's idiom: callbacks of the node API get their own `this`, the node is `node`.
/* eslint-disable @typescript-eslint/no-this-alias */
const { toActionError } = require('../../dist/actions');
const { migrate } = require('./migrate');
const { CATALOGUE, GROUPS, buildInput } = require('./inputs');

/** Actions whose result is a picture or file: the bytes go to msg.payload as a Buffer. */
const BYTES = new Set(['photo.download', 'photo.thumbnail']);

/** Status texts are message ids of the server's catalogue; the editor translates them. */
const NS = '@photostation/node-red-photostation/photostation-server:';

/**
 * One constructor for the four action nodes; they differ only in their catalogue group.
 * The node stays thin: it builds the input and hands it to `station.run`.
 */
function createActionNode(RED, type) {
  const group = GROUPS[type];

  function PhotoStationActionNode(n) {
    RED.nodes.createNode(this, n);
    const node = this;
    const config = migrate(n);
    node.operation = config.operation;
    // Not `inputs`: the editor reserves that name for the number of input ports.
    node.fields = config.fields && typeof config.fields === 'object' ? config.fields : {};
    node.server = RED.nodes.getNode(config.server);
    let station = null;
    let busy = 0;

    if (!node.server || node.server.type !== 'photostation-server') {
      node.status({ fill: 'red', shape: 'ring', text: `${NS}photostation-server.status.no-server` });
    } else {
      station = node.server.register(node);
    }

    node.on('input', async function (msg, send, done) {
      const operation = node.operation === 'msg' ? msg.operation : node.operation;
      try {
        if (!station) throw Object.assign(new Error(RED._(`${NS}photostation-server.errors.no-server`)), { code: 'not_allowed' });
        const action = typeof operation === 'string' ? CATALOGUE.get(operation) : undefined;
        if (!action || action.group !== group) {
          const known = [...CATALOGUE.values()].filter((a) => a.group === group).map((a) => a.name).join(', ');
          throw Object.assign(new Error(`operation: "${String(operation).slice(0, 60)}" is not an operation of this node; it knows ${known}`), { code: 'invalid_input', field: 'operation' });
        }
        busy += 1;
        node.status({ fill: 'yellow', shape: 'ring', text: `${NS}photostation-server.status.working` });
        const input = await buildInput(RED, node, action, msg);
        const result = await station.run(action.name, input, {
          progress: (p) => node.status({ fill: 'yellow', shape: 'ring', text: `${p.step} ${p.done}/${p.total}` }),
        });
        if (BYTES.has(action.name) && result && Buffer.isBuffer(result.data)) {
          const { data, ...meta } = result;
          msg.payload = data;
          msg.photo = meta;
        } else {
          msg.payload = result;
        }
        delete msg.error;
        busy -= 1;
        if (!busy) node.status({ fill: 'green', shape: 'dot', text: `${NS}photostation-server.status.done` });
        send(msg);
        done();
      } catch (err) {
        if (busy) busy -= 1;
        fail(msg, err, done);
      }
    });

    /**
     * The Catch node receives the original msg with `msg.error.code` and `msg.error.message`
     * (Node-RED copies `code` from the error) and the whole ActionError as `msg.error.cause`
     * (`{code, message, field}`), since Node-RED rebuilds `msg.error` for the Catch node.
     */
    function fail(msg, err, done) {
      const code = err && typeof err.code === 'string' ? err.code : toActionError(err).code;
      const message = err && err.code && typeof err.code === 'string' ? err.message : toActionError(err).message;
      const detail = { code, message };
      if (err && err.field) detail.field = err.field;
      const error = new Error(message, { cause: detail });
      error.code = code;
      if (err && err.field) error.field = err.field;
      // The stack points into the runtime; it says nothing a user needs and Node-RED would copy it.
      delete error.stack;
      node.status({ fill: 'red', shape: 'ring', text: `${NS}photostation-server.errors.codes.${code}` });
      done(error);
    }

    node.on('close', function (_removed, done) {
      if (node.server && node.server.deregister) node.server.deregister(node);
      node.status({});
      done();
    });
  }

  return PhotoStationActionNode;
}

/** A secret input typed into the form (an album or link password) is kept as a credential. */
const ACTION_NODE_OPTIONS = { credentials: { password: { type: 'password' } } };

module.exports = { createActionNode, ACTION_NODE_OPTIONS, NS };
