'use strict';
const { createActionNode, ACTION_NODE_OPTIONS } = require('./lib/action-node');

module.exports = function (RED) {
  RED.nodes.registerType('photostation-photo', createActionNode(RED, 'photostation-photo'), ACTION_NODE_OPTIONS);
};
