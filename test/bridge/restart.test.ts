// Broker loss in the middle of a run: the bridge reconnects with backoff, subscribes again, publishes
// its retained state again, and delivers the events of the outage once each.
import assert from 'node:assert/strict';
import { JPEG, Recorder, Rig, sleep, until } from './helpers';

const B = 'photostation';

describe('bridge across a broker restart', function () {
  this.timeout(120_000);

  it('events detected while the broker is down arrive after it is back, none twice', async () => {
    const rig = await new Rig().start({ persistentBroker: true });
    // A subscriber with a persistent session, as Home Assistant or Node-RED would keep one.
    const listen = (subscribe: string[]): Promise<Recorder> => Recorder.connect(rig.broker.url, {
      clientId: 'persistent_listener', clean: false, protocolVersion: 5, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 0, subscribe,
    });
    const first = await listen([`${B}/event/#`, `${B}/bridge/state`]);
    let sub = first;
    try {
      await rig.actor.run('photo.upload', { album: 'Garden', filename: 'before.jpg', data: JPEG.toString('base64') });
      await rig.poll();
      await sub.waitFor('event before the outage', (s) => s.text.includes('before.jpg'));

      // The listener leaves; its session (subscriptions, queue) stays on the broker, across the restart.
      await first.client.endAsync();
      await rig.broker.stop();
      await until('bridge notices', () => !rig.bridge.connection.connected);
      const names = Array.from({ length: 5 }, (_, i) => `outage-${i}.jpg`);
      for (const filename of names) await rig.actor.run('photo.upload', { album: 'Garden', filename, data: JPEG.toString('base64') });
      await rig.actor.run('album.create', { name: 'Made during outage' });
      await rig.poll();
      await until('events waiting in the outbox', () => rig.bridge.connection.pending >= 6);

      await sleep(300);
      await rig.broker.start();
      // The listener comes back only after the bridge flushed its outbox: the events can only reach it
      // through its persistent session on the broker.
      await until('outbox flushed to the broker', () => rig.bridge.connection.connected && rig.bridge.connection.pending === 0);
      sub = await listen([]);
      for (const filename of names) await sub.waitFor(filename, (s) => s.topic === `${B}/event/photo.added` && s.text.includes(filename), 20_000);
      await sub.waitFor('album.added', (s) => s.topic === `${B}/event/album.added` && s.text.includes('Made during outage'));
      await until('outbox empty', () => rig.bridge.connection.pending === 0);
      await sub.waitFor('online again, queued for the listener', (s) => s.topic === `${B}/bridge/state` && s.text === 'online');

      // Later changes flow normally, and nothing was delivered twice.
      await rig.actor.run('photo.upload', { album: 'Garden', filename: 'after.jpg', data: JPEG.toString('base64') });
      await rig.poll();
      await sub.waitFor('event after', (s) => s.text.includes('after.jpg'));
      await sleep(500);
      const ids = [...first.seen, ...sub.seen].filter((s) => s.topic.startsWith(`${B}/event/`)).map((s) => s.json().event_id);
      assert.equal(new Set(ids).size, ids.length, 'every event exactly once');
      assert.ok(ids.length >= 8);
      assert.ok(rig.bridge.connection.connects >= 2);
    } finally {
      await first.close();
      await sub.close();
      await rig.close();
    }
  });

  it('events still waiting for the broker when the bridge stops are sent by the next bridge, once', async () => {
    const rig = await new Rig().start({ persistentBroker: true });
    const listen = (subscribe: string[]): Promise<Recorder> => Recorder.connect(rig.broker.url, {
      clientId: 'persistent_listener_2', clean: false, protocolVersion: 5, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 0, subscribe,
    });
    const first = await listen([`${B}/event/#`]);
    await first.client.endAsync();
    let sub: Recorder | undefined;
    try {
      await rig.broker.stop();
      await until('bridge notices', () => !rig.bridge.connection.connected);
      await rig.actor.run('photo.upload', { album: 'Garden', filename: 'while-stopped.jpg', data: JPEG.toString('base64') });
      await rig.poll();
      await until('the event waits for the broker', () => rig.bridge.connection.pending >= 1);
      // The bridge goes away before the broker ever confirmed the event (a restart, a crash).
      await rig.bridge.stop();
      await rig.broker.start();
      rig.bridge = rig.makeBridge();
      rig.bridge.start();
      await rig.bridge.ready();
      await until('the new bridge flushed', () => rig.bridge.connection.connected && rig.bridge.connection.pending === 0, 20_000);
      sub = await listen([]);
      await sub.waitFor('the event, sent again by the new bridge', (s) => s.topic === `${B}/event/photo.added` && s.text.includes('while-stopped.jpg'), 20_000);
      await sleep(500);
      const ids = sub.seen.filter((s) => s.topic.startsWith(`${B}/event/`)).map((s) => s.json().event_id);
      assert.equal(new Set(ids).size, ids.length, 'none twice');
    } finally {
      await first.close();
      await sub?.close();
      await rig.close();
    }
  });

  it('with session_expiry, requests sent while the bridge restarts wait on the broker and are answered', async () => {
    const rig = await new Rig().start({ brokerExtra: '  session_expiry: 1h' });
    try {
      await rig.bridge.stop();
      await rig.client.publish(`${B}/request/album.get`, JSON.stringify({ album: 'Family', transaction: 'while-away' }), { qos: 1 });
      rig.bridge = rig.makeBridge();
      rig.bridge.start();
      const answer = await rig.client.waitFor('the queued request answered', (s) => s.topic === `${B}/response/album.get` && s.text.includes('while-away'), 20_000);
      assert.equal(answer.json().status, 'ok');
    } finally {
      await rig.close();
    }
  });

  it('without it (the default) such requests are dropped', async () => {
    const rig = await new Rig().start();
    try {
      await rig.bridge.stop();
      await rig.client.publish(`${B}/request/album.get`, JSON.stringify({ album: 'Family', transaction: 'dropped' }), { qos: 1 });
      rig.bridge = rig.makeBridge();
      rig.bridge.start();
      await rig.bridge.ready();
      await until('connected again', () => rig.bridge.connection.connected);
      await sleep(1000);
      assert.ok(!rig.client.seen.some((s) => s.text.includes('"dropped"') && s.topic.includes('/response/')));
    } finally {
      await rig.close();
    }
  });

  it('last_added survives a bridge restart (Home Assistant\'s "last new photo" is not blanked)', async () => {
    const rig = await new Rig().start();
    try {
      await rig.actor.run('photo.upload', { album: 'Kids', filename: 'before-restart.jpg', data: JPEG.toString('base64') });
      await rig.poll();
      await rig.client.waitFor('last_added', (s) => s.topic === `${B}/album/album_4b696473` && s.json().last_added?.name === 'before-restart.jpg');
      await rig.bridge.stop();
      const from = rig.client.seen.length;
      rig.bridge = rig.makeBridge();
      rig.bridge.start();
      await rig.bridge.ready();
      const again = await rig.client.waitFor('the state after the restart', (s) => rig.client.seen.indexOf(s) >= from && s.topic === `${B}/album/album_4b696473`);
      assert.equal(again.json().last_added?.name, 'before-restart.jpg');
    } finally {
      await rig.close();
    }
  });

  it('a broker that lost everything gets the retained state back: state, info, albums, discovery', async () => {
    const rig = await new Rig().start({ extra: 'homeassistant:\n  enabled: true', stationExtra: '    albums: [Kids]' });
    try {
      await rig.broker.stop();
      await until('bridge notices', () => !rig.bridge.connection.connected);
      await rig.actor.run('photo.upload', { album: 'Kids', filename: 'while-down.jpg', data: JPEG.toString('base64') });
      await rig.poll();
      const albums = rig.bridge.stations.get('home')!.albums;
      await until('the bridge saw the change', () => albums.get('album_4b696473')?.items.total === 26);
      // Backoff: attempts against a dead port are spaced out (50 ms doubling up to 500 ms), not hammered.
      const refusedBefore = rig.logs.filter((l) => l.includes('ECONNREFUSED')).length;
      await sleep(1500);
      const refused = rig.logs.filter((l) => l.includes('ECONNREFUSED')).length - refusedBefore;
      assert.ok(refused >= 2 && refused <= 6, `${refused} attempts in 1.5 s`);
      await rig.broker.start();
      await until('bridge back', () => rig.bridge.connection.connected, 10_000);
      await sleep(300);
      const late = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/bridge/#`, `${B}/album/+`, 'homeassistant/#'] });
      try {
        await until('retained album states', () => late.seen.filter((s) => s.topic.startsWith(`${B}/album/`)).length >= 20);
        assert.equal(late.on(`${B}/bridge/state`)[0]?.text, 'online');
        assert.ok(late.on(`${B}/bridge/info`)[0]?.json().version);
        const kids = late.on(`${B}/album/album_4b696473`)[0];
        assert.equal(kids.retain, true);
        assert.equal(kids.json().items.total, 26, 'the state includes the change made during the outage');
        assert.equal(kids.json().last_added.name, 'while-down.jpg');
        await until('discovery', () => late.seen.filter((s) => s.topic.startsWith('homeassistant/')).length === 4);
      } finally {
        await late.close();
      }
    } finally {
      await rig.close();
    }
  });
});
