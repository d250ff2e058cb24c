'use strict';
const { createActionNode, ACTION_NODE_OPTIONS } = require('./lib/action-node');

module.exports = function (RED) {
  RED.nodes.registerType('photostation-smart-album', createActionNode(RED, 'photostation-smart-album'), ACTION_NODE_OPTIONS);
};
