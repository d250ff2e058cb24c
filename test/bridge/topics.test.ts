// The MQTT contract of the design, topic by topic, against a real Mosquitto and the simulator,
// with MQTT 3.1.1 and MQTT 5 clients on both sides.
import assert from 'node:assert/strict';
import { EVENT_NAMES } from '../../src/watch/events';
import { JPEG, Recorder, Rig, sleep, until } from './helpers';

for (const bridgeVersion of [5, 4] as const) {
  describe(`bridge topics (bridge on MQTT ${bridgeVersion === 5 ? '5' : '3.1.1'})`, function () {
    this.timeout(60_000);
    const rig = new Rig();
    const B = 'photostation';

    before(async () => {
      await rig.start({
        protocolVersion: bridgeVersion,
        stationExtra: ['    albums:', '      - album: Kids', '        password_env: KIDS_PW', '        share_lifetime: 2d'].join('\n'),
        env: { KIDS_PW: 'kids-secret-pw' },
      });
    });
    after(() => rig.close());

    it('bridge/state is retained "online", and "offline" is the Last Will', async () => {
      const late = await Recorder.connect(rig.broker.url, { protocolVersion: 4, subscribe: [`${B}/bridge/state`] });
      try {
        const seen = await late.waitFor('retained state', (s) => s.topic === `${B}/bridge/state`);
        assert.equal(seen.text, 'online');
        assert.equal(seen.retain, true);
        // Cut the bridge's TCP connection without a DISCONNECT: the broker must publish the Will,
        // then the bridge reconnects and says online again.
        const before = late.seen.length;
        (rig.bridge.connection as any).client.stream.destroy();
        const offline = await late.waitFor('the Will', (s) => s.text === 'offline');
        assert.equal(offline.topic, `${B}/bridge/state`);
        await late.waitFor('online again', (s) => s.text === 'online' && late.seen.indexOf(s) > before);
      } finally {
        await late.close();
      }
    });

    it('bridge/info is retained JSON with the version, the station, its detector state and last poll', async () => {
      const late = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/bridge/info`] });
      try {
        const info = (await late.waitFor('info', (s) => s.topic === `${B}/bridge/info`)).json();
        assert.equal(late.seen[0].retain, true);
        assert.match(info.version, /^\d+\.\d+\.\d+/);
        assert.equal(info.stations.length, 1);
        const st = info.stations[0];
        assert.equal(st.name, 'home');
        assert.equal(st.url, rig.sim.origin);
        assert.ok(['idle', 'polling', 'indexing'].includes(st.detector.state), st.detector.state);
        assert.ok(!Number.isNaN(Date.parse(st.detector.last_poll)), 'last_poll is a time');
        assert.equal(st.detector.counts.albums, 20);
      } finally {
        await late.close();
      }
    });

    for (const clientVersion of [4, 5] as const) {
      it(`request/<action> is answered on response/<action> with the transaction (client MQTT ${clientVersion === 5 ? '5' : '3.1.1'})`, async () => {
        const c = await Recorder.connect(rig.broker.url, { protocolVersion: clientVersion, subscribe: [`${B}/response/#`] });
        try {
          const ok = await c.request(B, 'album.get', { album: 'Family' });
          assert.equal(ok.status, 'ok');
          assert.equal(ok.data.path, 'Family');
          assert.match(ok.transaction, /^t-/);
          const err = await c.request(B, 'album.get', { album: 'Family/Missing' });
          assert.equal(err.status, 'error');
          assert.equal(err.error.code, 'not_found');
          assert.match(err.error.message, /Family\/Missing/);
          assert.match(err.transaction, /^t-/);
          // Any JSON value comes back as it was sent.
          await c.publish(`${B}/request/album.list`, JSON.stringify({ transaction: { n: 42, s: 'x' } }));
          const back = await c.waitFor('object transaction', (s) => s.topic === `${B}/response/album.list` && s.text.includes('"n":42'));
          assert.deepEqual(back.json().transaction, { n: 42, s: 'x' });
          assert.equal(back.json().data.total, 14);
        } finally {
          await c.close();
        }
      });
    }

    it('a request without transaction is answered without one', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/station.status`] });
      try {
        await c.publish(`${B}/request/station.status`, '');
        const answer = (await c.waitFor('status', (s) => s.topic === `${B}/response/station.status`)).json();
        assert.equal(answer.status, 'ok');
        assert.equal('transaction' in answer, false);
      } finally {
        await c.close();
      }
    });

    it('MQTT 5 response topic and correlation data are honoured', async function () {
      const c = await Recorder.connect(rig.broker.url, { protocolVersion: 5, subscribe: ['my/replies/#', `${B}/response/#`] });
      try {
        const correlationData = Buffer.from([0, 1, 2, 250, 255]);
        await c.publish(`${B}/request/album.get`, JSON.stringify({ album: 'Kids', transaction: 'rt' }), { properties: { responseTopic: 'my/replies/1', correlationData } });
        if (bridgeVersion === 4) {
          // An MQTT 3.1.1 bridge never sees the properties: it answers on the usual topic (docs/mqtt.md).
          const reply = await c.waitFor('reply', (s) => s.topic === `${B}/response/album.get` && s.text.includes('"rt"'));
          assert.equal(reply.json().data.path, 'Kids');
          return;
        }
        const reply = await c.waitFor('reply', (s) => s.topic === 'my/replies/1');
        assert.equal(reply.json().status, 'ok');
        assert.equal(reply.json().data.path, 'Kids');
        assert.equal(reply.json().transaction, 'rt');
        assert.deepEqual(Buffer.from(reply.properties!.correlationData), correlationData);
        await sleep(200);
        assert.equal(c.on(`${B}/response/album.get`).length, 0, 'answered only on the response topic asked for');
      } finally {
        await c.close();
      }
    });

    it('a retained request is ignored, whether it was there before or arrives live', async () => {
      const c = await Recorder.connect(rig.broker.url, { protocolVersion: 5, subscribe: [`${B}/response/#`] });
      try {
        const ignored = rig.bridge.requests.stats.ignoredRetained;
        await c.publish(`${B}/request/album.get`, JSON.stringify({ album: 'Pets', transaction: 'retained-1' }), { retain: true });
        await sleep(300);
        // MQTT 5 keeps the retain flag on live delivery (retain-as-published); MQTT 3.1.1 cannot, so a
        // 3.1.1 bridge only recognises a retained request when the broker hands it over on subscribing.
        assert.equal(c.seen.filter((s) => s.text.includes('retained-1')).length, bridgeVersion === 5 ? 0 : 1);
        const answersBefore = c.seen.filter((s) => s.text.includes('retained-1')).length;
        // Reconnecting makes the broker hand the retained request to the bridge again, flagged retained.
        const connects = rig.bridge.connection.connects;
        (rig.bridge.connection as any).client.stream.destroy();
        await until('reconnected', () => rig.bridge.connection.connected && rig.bridge.connection.connects > connects);
        await sleep(500);
        assert.equal(c.seen.filter((s) => s.text.includes('retained-1')).length, answersBefore, 'a retained request is never run again');
        assert.equal(rig.bridge.requests.stats.ignoredRetained - ignored, bridgeVersion === 5 ? 2 : 1);
        await c.publish(`${B}/request/album.get`, '', { retain: true });
      } finally {
        await c.close();
      }
    });

    it('event/<event> carries each detector event, QoS 1, not retained; album state follows', async () => {
      const c = await Recorder.connect(rig.broker.url, { protocolVersion: 5, subscribe: [`${B}/event/#`, `${B}/album/#`] });
      try {
        const uploaded = (await rig.actor.run('photo.upload', { album: 'Family', filename: 'bridge-event.jpg', data: JPEG.toString('base64') })) as any;
        await rig.poll();
        const added = await c.waitFor('photo.added', (s) => s.topic === `${B}/event/photo.added` && s.text.includes('bridge-event.jpg'));
        assert.equal(added.qos, 1);
        assert.equal(added.retain, false);
        const e = added.json();
        assert.equal(e.event, 'photo.added');
        assert.equal(e.id, uploaded.id);
        assert.equal(e.album.path, 'Family');
        assert.equal(e.station, 'home');
        assert.match(e.event_id, /^[0-9a-f]{24}$/);
        const family = await c.waitFor('Family state', (s) => s.topic === `${B}/album/album_46616d696c79` && s.json().last_added?.id === uploaded.id);
        assert.equal(family.retain, false, 'live update (retained on the broker, delivered live)');
        assert.equal(family.json().items.total, 9);
        assert.equal(family.json().items.photo, 9);
        for (const name of new Set(c.seen.filter((s) => s.topic.startsWith(`${B}/event/`)).map((s) => s.topic.slice(`${B}/event/`.length)))) {
          assert.ok((EVENT_NAMES as readonly string[]).includes(name), name);
        }
        // A retained album state for someone who subscribes later.
        const late = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/album/album_46616d696c79`] });
        const kept = await late.waitFor('retained Family', () => true);
        assert.equal(kept.retain, true);
        assert.equal(kept.json().items.total, 9);
        await late.close();
        await rig.actor.run('photo.edit', { id: uploaded.id, title: 'changed title' });
        await rig.poll();
        await c.waitFor('photo.changed', (s) => s.topic === `${B}/event/photo.changed` && s.json().id === uploaded.id);
      } finally {
        await c.close();
      }
    });

    it('album/<id> states: every album, with title, path, protection, items and shares; removed albums are cleared', async () => {
      const late = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/album/+`] });
      try {
        await until('20 album states', () => new Set(late.seen.map((s) => s.topic)).size >= 20 && true);
        const kids = late.on(`${B}/album/album_4b696473`)[0].json();
        assert.equal(kids.path, 'Kids');
        assert.equal(kids.title, 'Kids');
        assert.equal(kids.type, 'password');
        assert.equal(kids.password_protected, true);
        assert.equal(kids.items.total, 25);
        assert.deepEqual(kids.shares, []);
        assert.equal(JSON.stringify(kids).includes('kids-secret-pw'), false);
        await rig.actor.run('album.create', { name: 'Bridge temp' });
        await rig.poll();
        const created = await late.waitFor('new album state', (s) => s.json?.() && s.text.includes('"path":"Bridge temp"'));
        const id = created.json().id;
        await rig.actor.run('album.delete', { album: 'Bridge temp' });
        await rig.poll();
        await late.waitFor('cleared state', (s) => s.topic === `${B}/album/${id}` && s.text === '');
        const fresh = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/album/${id}`] });
        await sleep(300);
        assert.equal(fresh.seen.length, 0, 'no retained state left for a deleted album');
        await fresh.close();
      } finally {
        await late.close();
      }
    });

    it('album/<id>/set locks and unlocks with the configured password and opens and ends a link', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/album/album_4b696473`, `${B}/response/album.set`] });
      const state = (): any => c.on(`${B}/album/album_4b696473`).at(-1)?.json();
      const setAndWait = async (payload: object, check: (s: any) => boolean): Promise<any> => {
        const n = c.on(`${B}/response/album.set`).length;
        await c.publish(`${B}/album/album_4b696473/set`, JSON.stringify(payload));
        const answer = await until('album.set answer', () => c.on(`${B}/response/album.set`)[n]);
        assert.equal(answer.json().status, 'ok', answer.text);
        return until('state', () => (check(state()) ? state() : undefined));
      };
      try {
        await setAndWait({ password_protected: false }, (s) => s.password_protected === false);
        assert.notEqual((await rig.actor.run('album.get', { album: 'Kids' }) as any).type, 'password');
        await setAndWait({ password_protected: true }, (s) => s.password_protected === true);
        assert.equal((await rig.actor.run('album.get', { album: 'Kids' }) as any).type, 'password');
        const shared = await setAndWait({ shared: true }, (s) => s.shared === true);
        assert.equal(shared.shares.length, 1);
        assert.match(shared.shares[0].url, /^http:\/\/127\.0\.0\.1:\d+\//);
        const link = (await rig.actor.run('share.get', { share_id: shared.shares[0].share_id })) as any;
        assert.equal(link.status, 'valid');
        const end = Date.parse(shared.shares[0].end);
        assert.ok(end - Date.now() > 47 * 3600_000 && end - Date.now() <= 48 * 3600_000 + 60_000, `2 days: ${shared.shares[0].end}`);
        await setAndWait({ shared: false }, (s) => s.shared === false);
        assert.equal(((await rig.actor.run('share.get', { share_id: shared.shares[0].share_id })) as any).status, 'revoked');
        // A bad command is answered with an error, and the unchanged state is published again.
        const before = c.on(`${B}/album/album_4b696473`).length;
        await c.publish(`${B}/album/album_4b696473/set`, '{"password_protected": "yes"}');
        const err = await c.waitFor('error', (s) => s.topic === `${B}/response/album.set` && s.text.includes('"error"'));
        assert.equal(err.json().error.code, 'invalid_input');
        await until('state republished', () => c.on(`${B}/album/album_4b696473`).length > before);
        const all = c.seen.map((s) => s.text).join('\n');
        assert.equal(all.includes('kids-secret-pw'), false, 'the album password is never published');
      } finally {
        await c.close();
      }
    });

    it('/set on an album without a configured password refuses to lock it', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/response/album.set`] });
      try {
        await c.publish(`${B}/album/album_50657473/set`, '{"password_protected": true}');
        const err = (await c.waitFor('error', () => true)).json();
        assert.equal(err.status, 'error');
        assert.equal(err.error.code, 'invalid_input');
        assert.match(err.error.message, /no password is configured for album Pets/);
        assert.equal(((await rig.actor.run('album.get', { album: 'Pets' })) as any).type, 'public');
      } finally {
        await c.close();
      }
    });
  });
}
