'use strict';
// Node-RED's idiom: callbacks of the node API get their own `this`, the node is `node`.
/* eslint-disable @typescript-eslint/no-this-alias */
const { EVENT_NAMES } = require('../dist/watch');
const { migrate } = require('./lib/migrate');
const { albumMatcher } = require('./lib/filter');

const NS = '@photostation/node-red-photostation/photostation-server:';

module.exports = function (RED) {
  function PhotoStationEventsNode(n) {
    RED.nodes.createNode(this, n);
    const node = this;
    const config = migrate(n);
    const wanted = new Set((Array.isArray(config.events) ? config.events : []).filter((e) => EVENT_NAMES.includes(e)));
    // No type ticked means every type: a new node works before anyone opens its dialog.
    const typeMatches = wanted.size ? (e) => wanted.has(e.event) : () => true;
    const albumMatches = albumMatcher(config.albums);
    const server = RED.nodes.getNode(config.server);
    let station = null;
    let timer = null;
    let progress = null;

    const onEvent = (event) => {
      if (!typeMatches(event) || !albumMatches(event)) return;
      // Several events nodes may receive the same event; each sends its own copy.
      node.send({ topic: event.event, payload: JSON.parse(JSON.stringify(event)) });
      showState();
    };
    const onProgress = (p) => {
      progress = p.done < p.total ? p : null;
      showState();
    };
    const onWarning = () => showState();

    let shown = '';
    function status(s) {
      // Refreshed every second; only a change goes to the editor.
      const key = JSON.stringify(s);
      if (key === shown) return;
      shown = key;
      node.status(s);
    }

    function showState() {
      if (!station) return;
      const detector = station.status().detector;
      if (!detector) {
        status({ fill: 'grey', shape: 'ring', text: `${NS}photostation-server.status.not-watching` });
      } else if (detector.lastError) {
        status({ fill: 'red', shape: 'ring', text: `${NS}photostation-server.status.poll-failed` });
      } else if (progress || detector.state === 'indexing') {
        const p = progress;
        status({ fill: 'yellow', shape: 'ring', text: p ? `${RED._(`${NS}photostation-server.status.indexing`)} ${p.done}/${p.total}` : `${NS}photostation-server.status.indexing` });
      } else if (detector.state === 'starting') {
        status({ fill: 'yellow', shape: 'ring', text: `${NS}photostation-server.status.starting` });
      } else if (detector.state === 'stopped') {
        status({ fill: 'grey', shape: 'ring', text: `${NS}photostation-server.status.stopped` });
      } else {
        status({ fill: 'green', shape: 'dot', text: `${NS}photostation-server.status.watching` });
      }
    }

    if (!server || server.type !== 'photostation-server') {
      node.status({ fill: 'red', shape: 'ring', text: `${NS}photostation-server.status.no-server` });
    } else {
      station = server.register(node);
      station.on('event', onEvent);
      station.on('progress', onProgress);
      station.on('warning', onWarning);
      showState();
      // The detector reports no state changes of its own (such as the end of the first index).
      timer = setInterval(showState, 1000);
      timer.unref();
    }

    node.on('close', function (_removed, done) {
      if (timer) clearInterval(timer);
      if (station) {
        station.off('event', onEvent);
        station.off('progress', onProgress);
        station.off('warning', onWarning);
      }
      if (server && server.deregister) server.deregister(node);
      node.status({});
      done();
    });
  }

  RED.nodes.registerType('photostation-events', PhotoStationEventsNode);
};
