'use strict';
const { createActionNode, ACTION_NODE_OPTIONS } = require('./lib/action-node');

module.exports = function (RED) {
  RED.nodes.registerType('photostation-share', createActionNode(RED, 'photostation-share'), ACTION_NODE_OPTIONS);
};
