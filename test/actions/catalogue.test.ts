import assert from 'node:assert/strict';
import { ACTION_NAMES, describeCatalogue, parseDateInput, parseDuration } from '../../src/actions';
import { Rig, rejects } from './helpers';

// The action names of the design: every face uses exactly these.
const DESIGN_ACTIONS = [
  'album.list', 'album.get', 'album.create', 'album.delete', 'album.set_protection', 'album.toggle_password', 'album.grant',
  'album.revoke', 'share.create', 'share.update', 'share.revoke', 'share.list', 'smart_album.create_from_event',
  'smart_album.update', 'smart_album.delete', 'smart_album.list', 'photo.search', 'photo.get', 'photo.edit', 'photo.tag',
  'photo.untag', 'photo.upload', 'photo.download', 'photo.thumbnail', 'station.status', 'station.rescan',
];

describe('action catalogue', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('holds every action of the design, each describing itself', () => {
    for (const name of DESIGN_ACTIONS) assert.ok(ACTION_NAMES.includes(name), `${name} missing`);
    for (const action of describeCatalogue()) {
      assert.ok(typeof action.description === 'string' && (action.description as string).length > 10, `${action.name}`);
      for (const field of action.input as Array<Record<string, unknown>>) {
        assert.ok(field.name && field.type && field.description, `${action.name}.${field.name}`);
      }
    }
    const share = describeCatalogue().find((a) => a.name === 'share.create')!;
    assert.deepEqual(share.one_of, [['album', 'items']]);
    assert.equal((share.input as any[]).find((f) => f.name === 'password').secret, true);
  });

  it('answers an unknown action with the list of known ones', async () => {
    await rejects(rig.run('album.explode', {}), 'unknown_action', /unknown action "album.explode"; known actions: album.list/);
  });

  describe('validation happens before anything reaches the NAS', () => {
    let before: number;
    beforeEach(async () => {
      before = (await rig.stats()).total;
    });
    afterEach(async () => {
      assert.equal((await rig.stats()).total, before, 'a request reached the simulator');
    });

    const cases: Array<[string, unknown, string, RegExp]> = [
      ['album.get', {}, 'album', /album: is required/],
      ['album.get', { album: 42 }, 'album', /album: expected an album id \(album_…\) or an album path such as Family\/2026, got 42/],
      ['album.get', { album: 'album_zz' }, 'album', /expected an album id/],
      ['album.get', { album: 'Family', colour: 'red' }, 'colour', /colour: unknown field; this action takes album/],
      ['album.get', 'Family', 'input', /expected an object/],
      ['album.toggle_password', { album: 'Kids', enabled: 'maybe' }, 'enabled', /enabled: expected true or false, got "maybe"/],
      ['album.set_protection', { album: 'Kids', type: 'secret' }, 'type', /type: expected one of public, private, password/],
      ['album.set_protection', { album: 'Kids', type: 'password' }, 'password', /password: is required with type password/],
      ['album.set_protection', { album: 'Family/2026/June', type: 'public' }, 'album', /level-1 and level-2 albums; Family\/2026\/June takes the type of Family\/2026/],
      ['album.list', { limit: 0 }, 'limit', /limit: expected a number of at least 1, got 0/],
      ['album.list', { limit: '12abc' }, 'limit', /limit: expected a whole number/],
      ['album.grant', { album: 'Family', user: 'a', group: 'b' }, 'user', /give only one of user, group/],
      ['album.grant', { album: 'Family' }, 'user', /give one of user, group/],
      ['share.create', { lifetime: '7d' }, 'album', /give one of album, items/],
      ['share.create', { album: 'Party 2026', items: ['photo_2f_61'] }, 'album', /give only one of album, items/],
      ['share.create', { items: ['album_61'] }, 'items', /items: expected photo or video ids/],
      ['share.create', { album: 'Party 2026', lifetime: 'a week' }, 'lifetime', /lifetime: expected a duration such as 7d/],
      ['share.create', { album: 'Party 2026', end: 'next tuesday' }, 'end', /end: expected a date/],
      ['share.create', { album: 'Party 2026', end: '2026-01-01', lifetime: '1d' }, 'lifetime', /either end or lifetime/],
      ['share.create', { album: 'Party 2026', start: '2030-01-02', end: '2030-01-01' }, 'end', /end before it starts/],
      ['share.revoke', {}, 'share_id', /give one of share_id, older_than/],
      ['share.revoke', { share_id: 'has space' }, 'share_id', /expected a share id/],
      ['smart_album.create_from_event', { start: '2026-01-01' }, 'name', /name: is required/],
      ['smart_album.create_from_event', { name: 'x', item_type: 'gif' }, 'item_type', /one of photo, video, all/],
      ['smart_album.create_from_event', { name: 'x', tags: [1, 2] }, 'tags', /expected a list of names/],
      ['photo.edit', { id: 'photo_2f_61' }, 'input', /nothing to change/],
      ['photo.edit', { id: 'photo_2f_61', rating: 6 }, 'rating', /at most 5/],
      ['photo.edit', { id: 'photo_2f_61', lat: '10' }, 'lng', /lat and lng go together/],
      ['photo.edit', { id: 'photo_2f_61', lat: '100', lng: '10' }, 'lat', /latitude between -90 and 90/],
      ['photo.upload', { album: 'Family', data: 'not base64!' }, 'data', /expected base64 data/],
      ['photo.upload', { album: 'Family', data: 'AAAA' }, 'filename', /filename: is required with data/],
      ['photo.upload', { album: 'Family', data: 'AAAA', filename: 'notes.txt' }, 'filename', /photos and videos only/],
      ['photo.upload', { album: 'Family', data: 'AAAA', path: '/tmp/x.jpg', filename: 'x.jpg' }, 'data', /give only one of data, path/],
      ['photo.thumbnail', { id: 'photo_2f_61', size: 'huge' }, 'size', /one of preview, small, large/],
      ['photo.search', { limit: 100000 }, 'limit', /at most 5000/],
    ];
    for (const [action, input, field, message] of cases) {
      it(`${action} ${JSON.stringify(input)}`, async () => {
        await rejects(rig.run(action, input), 'invalid_input', message, field);
      });
    }
  });

  it('reads durations and dates in the documented forms', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration(90), 90_000);
    assert.equal(parseDuration('a week'), undefined);
    assert.equal(parseDateInput('2026-06-20'), Date.parse('2026-06-20T00:00:00Z'));
    assert.equal(parseDateInput('2026-06-20 18:00:00'), Date.parse('2026-06-20T18:00:00Z'));
    assert.equal(parseDateInput(1781978400), 1781978400_000);
    assert.equal(parseDateInput('tomorrow'), undefined);
  });

  it('never echoes a secret in a validation error', async () => {
    const err = await rejects(rig.run('album.toggle_password', { album: 'Kids', enabled: true, password: { secret: 'hunter2' } }), 'invalid_input');
    assert.doesNotMatch(err.message, /hunter2/);
  });
});
