'use strict';
const { Station } = require('../../dist/station');
const { EVENT_NAMES } = require('../../dist/watch');
const { toActionError } = require('../../dist/actions');
const { CATALOGUE } = require('./inputs');

/** What the editor shows of a failure: the product's code and message, never a credential. */
function errorBody(err) {
  err = toActionError(err);
  return { code: (err && err.code) || 'station_error', message: String((err && err.message) || err) };
}

/**
 * Editor endpoints under `<httpAdminRoot>/photostation/`. Reads need `photostation.read`, anything
 * that posts (test connection, rescan) needs `photostation.write`. Pickers answer only for server
 * config nodes the runtime has deployed: an id of anything else is a 404, so the endpoints cannot be
 * used to reach an arbitrary host with stored credentials.
 */
function registerAdminEndpoints(RED, { stationOptions, envCredential }) {
  const read = RED.auth.needsPermission('photostation.read');
  const write = RED.auth.needsPermission('photostation.write');

  function server(req, res) {
    const node = RED.nodes.getNode(req.params.id);
    if (!node || node.type !== 'photostation-server') {
      res.status(404).json({ error: { code: 'not_found', message: RED._('@photostation/node-red-photostation/photostation-server:photostation-server.errors.not-deployed') } });
      return null;
    }
    return node;
  }

  async function answer(res, work) {
    try {
      res.json(await work());
    } catch (err) {
      res.status(err && err.code === 'invalid_input' ? 400 : 502).json({ error: errorBody(err) });
    }
  }

  RED.httpAdmin.get('/photostation/catalogue', read, (_req, res) => {
    const groups = {};
    for (const a of CATALOGUE.values()) (groups[a.group] = groups[a.group] || []).push(a);
    res.json({ groups, events: EVENT_NAMES });
  });

  RED.httpAdmin.get('/photostation/servers/:id/albums', read, (req, res) => {
    const node = server(req, res);
    if (!node) return;
    const input = { limit: 1000 };
    if (typeof req.query.parent === 'string' && req.query.parent) input.parent = req.query.parent;
    answer(res, async () => {
      const result = await node.station().run('album.list', input);
      return { albums: result.albums.map((a) => ({ id: a.id, path: a.path, title: a.title, type: a.type })), total: result.total };
    });
  });

  RED.httpAdmin.get('/photostation/servers/:id/shares', read, (req, res) => {
    const node = server(req, res);
    if (!node) return;
    answer(res, async () => {
      const result = await node.station().run('share.list', { status: 'all' });
      return { shares: result.shares.map((s) => ({ share_id: s.share_id, name: s.name, status: s.status, url: s.url })), total: result.total };
    });
  });

  RED.httpAdmin.get('/photostation/servers/:id/status', read, (req, res) => {
    const node = server(req, res);
    if (!node) return;
    answer(res, () => node.station().run('station.status', {}));
  });

  RED.httpAdmin.post('/photostation/servers/:id/rescan', write, (req, res) => {
    const node = server(req, res);
    if (!node) return;
    answer(res, () => node.station().run('station.rescan', {}));
  });

  /**
   * "Test connection" from the config dialog, also before it was deployed: the dialog posts what is
   * typed. A password left as the editor's placeholder means "the stored one" of the deployed node
   * with that id. A throwaway station logs in, lists one album and logs out.
   */
  RED.httpAdmin.post('/photostation/test', write, (req, res) => {
    const body = req.body && typeof req.body === 'object' ? req.body : {};
    if (typeof body.url !== 'string' || !body.url.trim()) {
      res.status(400).json({ ok: false, error: { code: 'invalid_input', message: RED._('@photostation/node-red-photostation/photostation-server:photostation-server.errors.url-required') } });
      return;
    }
    let password = typeof body.password === 'string' ? body.password : undefined;
    if ((password === undefined || password === '__PWRD__') && typeof body.id === 'string') {
      // The stored password goes only to where it is already sent: the same deployed server config,
      // unchanged URL and user. Otherwise this endpoint could post any node's secret to any host.
      const deployed = RED.nodes.getNode(body.id);
      const same = deployed && deployed.type === 'photostation-server'
        && String(deployed.url || '').trim() === body.url.trim() && String(deployed.username || '') === String(body.username || '');
      const stored = same ? RED.nodes.getCredentials(body.id) : undefined;
      password = stored && stored.password;
    }
    if (password === '__PWRD__') password = undefined;
    const config = { url: body.url, username: body.username, fingerprint: body.fingerprint, ca: body.ca, watch: false };
    let station;
    (async () => {
      try {
        station = new Station(stationOptions(config, { password: envCredential(null, password) }, undefined));
        const albums = await station.run('album.list', { limit: 1 });
        const status = await station.run('station.status', {});
        res.json({ ok: true, user: status.user, title: status.title, version: status.version, albums: albums.total });
      } catch (err) {
        res.json({ ok: false, error: errorBody(err) });
      } finally {
        if (station) await station.close().catch(() => undefined);
      }
    })();
  });
}

module.exports = { registerAdminEndpoints };
