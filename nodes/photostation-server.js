'use strict';
// Node-RED's idiom: callbacks of the node API get their own `this`, the node is `node`.
/* eslint-disable @typescript-eslint/no-this-alias */
const path = require('node:path');
const { Station } = require('../dist/station');
const { migrate } = require('./lib/migrate');
const { registerAdminEndpoints } = require('./lib/admin');

/** Station options from a (migrated) server config and its credentials. */
function stationOptions(config, credentials, dataDir) {
  const seconds = Number(config.interval) > 0 ? Number(config.interval) : 60;
  const watch = config.watch === false || config.watch === 'false' ? false : {
    intervalMs: seconds * 1000,
    reconcileMs: Math.max(seconds, (Number(config.reconcile) > 0 ? Number(config.reconcile) : 60) * 60) * 1000,
    // Tests (and impatient demos) set `floor` to poll faster than the default 5 s minimum.
    ...(Number(config.floor) >= 0 && config.floor !== '' && config.floor !== undefined ? { floorMs: Number(config.floor) * 1000 } : {}),
    ...(config.quietFrom && config.quietTo ? { quietHours: { from: config.quietFrom, to: config.quietTo } } : {}),
  };
  const tls = {};
  if (config.fingerprint && String(config.fingerprint).trim()) tls.fingerprint = String(config.fingerprint).trim();
  if (config.ca && String(config.ca).trim()) tls.ca = String(config.ca).trim();
  return {
    url: String(config.url || '').trim(),
    username: config.username ? String(config.username) : undefined,
    password: credentials && credentials.password ? String(credentials.password) : undefined,
    tls,
    timeoutMs: Number(config.timeout) > 0 ? Number(config.timeout) * 1000 : undefined,
    dataDir,
    watch,
  };
}

module.exports = function (RED) {
  /**
   * Node-RED substitutes `${VAR}` in node properties but not in credentials; a password typed as
   * `${PHOTOSTATION_PASSWORD}` is read from the environment here, so flows can share one setup.
   */
  function envCredential(node, value) {
    const m = typeof value === 'string' && /^\$\{(\w+)\}$/.exec(value.trim());
    if (!m) return value;
    const resolved = RED.util.evaluateNodeProperty(m[1], 'env', node, {});
    return resolved === undefined || resolved === '' ? undefined : String(resolved);
  }

  /**
   * The config node owns one Station for every node that uses it (like the core mqtt-broker owns
   * one connection): made when the first node registers, started then, and closed only when this
   * config node itself stops. A partial deploy that leaves the config unchanged keeps the station,
   * its session and its detector running.
   */
  function PhotoStationServerNode(n) {
    RED.nodes.createNode(this, n);
    const node = this;
    const config = migrate(n);
    node.config = config;
    node.url = config.url;
    node.username = config.username;
    node.users = new Set();
    let station = null;
    let closing = null;

    const userDir = RED.settings.userDir;
    // Album types before a lock, exact share windows and the detector's snapshot survive restarts here.
    node.dataDir = userDir ? path.join(userDir, 'photostation', node.id) : undefined;

    function create() {
      const options = stationOptions(config, { password: envCredential(node, node.credentials && node.credentials.password) }, node.dataDir);
      options.logger = {
        debug: (m) => node.debug(m),
        warn: (m) => node.warn(m),
      };
      const s = new Station(options);
      s.on('warning', (err) => node.debug(`background: ${err && err.message}`));
      // Without a listener an 'error' would crash the runtime; the station reports through 'warning'.
      s.on('error', (err) => node.debug(`station: ${err && err.message}`));
      return s;
    }

    /** The shared station, made and started on first use. */
    node.station = function () {
      if (closing) throw new Error('the server config is being closed');
      if (!station) {
        station = create();
        station.start();
      }
      return station;
    };
    node.register = function (user) {
      node.users.add(user.id);
      return node.station();
    };
    node.deregister = function (user) {
      node.users.delete(user.id);
    };
    node.isWatching = () => config.watch !== false && config.watch !== 'false';

    node.on('close', function (_removed, done) {
      const s = station;
      station = null;
      closing = s ? s.close().catch((err) => node.debug(`close: ${err && err.message}`)) : Promise.resolve();
      closing.then(() => done());
    });
  }

  RED.nodes.registerType('photostation-server', PhotoStationServerNode, {
    credentials: { password: { type: 'password' } },
  });
  registerAdminEndpoints(RED, { stationOptions, envCredential });
};
