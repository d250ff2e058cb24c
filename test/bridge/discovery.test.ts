// Home Assistant MQTT discovery: payloads checked against HA's documented schema, republished when
// HA comes online, removed when an album disappears, and switches that really work end to end.
import assert from 'node:assert/strict';
import { albumDiscovery } from '../../src/bridge/discovery';
import { Topics } from '../../src/bridge/topics';
import { checkDiscovery } from './ha-schema';
import { JPEG, Recorder, Rig, sleep, until } from './helpers';

const B = 'photostation';

describe('Home Assistant discovery', function () {
  this.timeout(60_000);

  it('the schema check itself rejects what HA would reject', () => {
    const good = albumDiscovery(new Topics('ps', 'home'), { prefix: 'homeassistant', version: '1.0.0' }, 'home', { id: 'album_4b696473', path: 'Kids', title: 'Kids' });
    for (const m of good) assert.deepEqual(checkDiscovery('homeassistant', m.topic, m.config!), [], m.topic);
    const sw = good[0].config!;
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, command_topic: undefined }).some((p) => p.includes('command_topic')));
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, colour: 'red' }).some((p) => p.includes('not a documented key')));
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, state_on: undefined }).length > 0);
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, unique_id: undefined }).length > 0);
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, device: { name: 'x' } }).some((p) => p.includes('identifiers')));
    assert.ok(checkDiscovery('homeassistant', good[0].topic, { ...sw, default_entity_id: 'sensor.x' }).length > 0);
    assert.ok(checkDiscovery('homeassistant', 'homeassistant/switch/a b/config', sw).length > 0);
    assert.ok(checkDiscovery('homeassistant', good[2].topic, { ...good[2].config, state_class: 'sometimes' }).length > 0);
  });

  it('is off by default', async () => {
    const rig = await new Rig().start({ stationExtra: '    albums: [Kids]', polling: 'false' });
    try {
      const c = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/#'] });
      await sleep(300);
      assert.equal(c.seen.length, 0);
      await c.close();
    } finally {
      await rig.close();
    }
  });

  describe('enabled', () => {
    const rig = new Rig();
    before(() => rig.start({
      extra: 'homeassistant:\n  enabled: true',
      stationExtra: ['    albums:', '      - album: Kids', '        password_env: KIDS_PW', '      - album: Family/2026', '      - album: Gone soon', '      - album: Pets', '        homeassistant: false'].join('\n'),
      env: { KIDS_PW: 'kids' },
    }));
    after(() => rig.close());

    const ALBUMS: Record<string, string> = { album_4b696473: 'Kids', album_46616d696c792f32303236: 'Family/2026' };

    it('a device per station; per chosen album two switches and two sensors, all valid by HA\'s schema', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/#', `${B}/album/+`] });
      try {
        await until('8 configs', () => c.seen.filter((s) => s.topic.startsWith('homeassistant/')).length === 8);
        await sleep(200);
        const configs = c.seen.filter((s) => s.topic.startsWith('homeassistant/'));
        assert.equal(configs.length, 8, 'Pets opted out; "Gone soon" does not exist');
        const uniqueIds = new Set<string>();
        for (const s of configs) {
          assert.equal(s.retain, true);
          const config = s.json();
          assert.deepEqual(checkDiscovery('homeassistant', s.topic, config), [], s.topic);
          uniqueIds.add(config.unique_id);
          assert.deepEqual(config.device.identifiers, ['photostation_home']);
          assert.equal(config.device.manufacturer, 'Synology');
          assert.equal(config.device.model, 'Photo Station');
          assert.match(config.device.sw_version, /^\d+\.\d+\.\d+/);
          assert.deepEqual(config.availability, [{ topic: `${B}/bridge/state`, payload_available: 'online', payload_not_available: 'offline' }]);
          const albumId = Object.keys(ALBUMS).find((id) => s.topic.includes(id))!;
          assert.ok(albumId, s.topic);
          assert.equal(config.state_topic, `${B}/album/${albumId}`);
          // Every field a template reads exists in the album state it reads.
          const state = c.on(`${B}/album/${albumId}`)[0].json();
          for (const t of [config.value_template, config.json_attributes_template].filter(Boolean)) {
            for (const [, field] of t.matchAll(/value_json\.(\w+)/g)) assert.ok(field in state, `${field} in the album state`);
          }
          if (s.topic.startsWith('homeassistant/switch/')) {
            assert.equal(config.command_topic, `${B}/album/${albumId}/set`);
            assert.ok(JSON.parse(config.payload_on));
            assert.ok(JSON.parse(config.payload_off));
          }
        }
        assert.equal(uniqueIds.size, 8);
        const kidsSwitch = c.seen.find((s) => s.topic === 'homeassistant/switch/photostation_home/album_4b696473_password/config')!.json();
        assert.equal(kidsSwitch.name, 'Kids password protected');
        assert.equal(kidsSwitch.default_entity_id, 'switch.photostation_home_kids_password');
        assert.equal(kidsSwitch.payload_on, '{"password_protected": true}');
        const family = c.seen.find((s) => s.topic === 'homeassistant/sensor/photostation_home/album_46616d696c792f32303236_items/config')!.json();
        assert.equal(family.value_template, '{{ value_json.items.total }}');
        assert.equal(family.default_entity_id, 'sensor.photostation_home_family_2026_items');
      } finally {
        await c.close();
      }
    });

    it('HA\'s switch payloads, sent as HA sends them, do what they say', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/album/album_4b696473`] });
      try {
        const config = JSON.parse((await (async () => {
          const d = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/switch/photostation_home/album_4b696473_password/config'] });
          const seen = await d.waitFor('config', () => true);
          await d.close();
          return seen.text;
        })()));
        await c.publish(config.command_topic, config.payload_off);
        await until('unlocked', () => c.seen.at(-1)?.json().password_protected === false);
        await c.publish(config.command_topic, config.payload_on);
        await until('locked', () => c.seen.at(-1)?.json().password_protected === true);
      } finally {
        await c.close();
      }
    });

    it('is published again when Home Assistant announces it is online', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/#'] });
      try {
        const configs = (): number => c.seen.filter((s) => s.topic.endsWith('/config')).length;
        await until('retained configs', () => configs() === 8);
        await c.publish('homeassistant/status', 'offline');
        await sleep(200);
        assert.equal(configs(), 8);
        await c.publish('homeassistant/status', 'online');
        await until('republished', () => configs() === 16);
        assert.deepEqual(c.seen.filter((s) => s.topic.endsWith('/config')).slice(8).map((s) => s.topic).sort(), c.seen.filter((s) => s.topic.endsWith('/config')).slice(0, 8).map((s) => s.topic).sort());
      } finally {
        await c.close();
      }
    });

    it('is removed (empty retained config) when an album disappears, and announced when a chosen one appears', async () => {
      const c = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/#'] });
      try {
        await until('retained configs', () => c.seen.length === 8);
        await rig.actor.run('album.create', { name: 'Gone soon' });
        await rig.actor.run('photo.upload', { album: 'Gone soon', filename: 'x.jpg', data: JPEG.toString('base64') });
        await rig.poll();
        await until('new album announced', () => c.seen.filter((s) => s.topic.includes('album_476f6e6520736f6f6e') && s.text !== '').length === 4);
        await rig.actor.run('album.delete', { album: 'Gone soon' });
        await rig.poll();
        await until('removed', () => c.seen.filter((s) => s.topic.includes('album_476f6e6520736f6f6e') && s.text === '').length === 4);
        const fresh = await Recorder.connect(rig.broker.url, { subscribe: ['homeassistant/#'] });
        await sleep(300);
        assert.equal(fresh.seen.length, 8, 'nothing retained for the deleted album');
        await fresh.close();
      } finally {
        await c.close();
      }
    });
  });
});
