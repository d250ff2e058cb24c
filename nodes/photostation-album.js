'use strict';
const { createActionNode, ACTION_NODE_OPTIONS } = require('./lib/action-node');

module.exports = function (RED) {
  RED.nodes.registerType('photostation-album', createActionNode(RED, 'photostation-album'), ACTION_NODE_OPTIONS);
};
