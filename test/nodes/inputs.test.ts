import assert from 'node:assert/strict';
import { NodeRig, actionFlow, helper, load, run } from './rig';

/** Where an action's input comes from: msg overrides, the form's TypedInputs, msg.payload, defaults. */
describe('Node-RED action nodes: inputs and precedence', function () {
  this.timeout(20000);
  const rig = new NodeRig();
  before(() => rig.start());
  after(() => rig.stop());
  afterEach(() => helper.unload());

  async function albumGet(form: Record<string, unknown>, msg: Record<string, unknown>, prepare?: () => void): Promise<any> {
    await helper.unload();
    await load(actionFlow(rig, 'photostation-album', 'album.get', form));
    prepare?.();
    const result = await run('n1', msg);
    assert.equal(result.ok, true, JSON.stringify(result.msg.error));
    return result.msg.payload;
  }

  it('msg.<field> wins over the form, the form over msg.payload', async () => {
    assert.equal((await albumGet({ album: { v: 'Kids', vt: 'str' } }, { album: 'Wedding', payload: { album: 'Archive' } })).path, 'Wedding');
    assert.equal((await albumGet({ album: { v: 'Kids', vt: 'str' } }, { payload: { album: 'Archive' } })).path, 'Kids');
    assert.equal((await albumGet({}, { payload: { album: 'Archive' } })).path, 'Archive');
  });

  it('an empty msg property or form value does not count', async () => {
    assert.equal((await albumGet({ album: { v: '', vt: 'str' } }, { album: '', payload: { album: 'Archive' } })).path, 'Archive');
  });

  it('takes the album of an event or a result ({id, path}) as the album', async () => {
    const payload = { event: 'photo.added', album: { id: 'album_4b696473', path: 'Kids' }, id: 'photo_x' };
    assert.equal((await albumGet({}, { payload })).path, 'Kids');
  });

  it('evaluates TypedInputs: msg, flow, global, env, JSONata', async () => {
    assert.equal((await albumGet({ album: { v: 'topic', vt: 'msg' } }, { topic: 'Wedding' })).path, 'Wedding');
    assert.equal((await albumGet({ album: { v: 'which', vt: 'flow' } }, {}, () => helper.getNode('n1').context().flow.set('which', 'Archive'))).path, 'Archive');
    assert.equal((await albumGet({ album: { v: 'which', vt: 'global' } }, {}, () => helper.getNode('n1').context().global.set('which', 'Kids'))).path, 'Kids');
    process.env.PS_TEST_ALBUM = 'Christmas 2025';
    assert.equal((await albumGet({ album: { v: 'PS_TEST_ALBUM', vt: 'env' } }, {})).path, 'Christmas 2025');
    assert.equal((await albumGet({ album: { v: '"Wed" & "ding"', vt: 'jsonata' } }, {})).path, 'Wedding');
  });

  it('evaluates num, bool and json form values', async () => {
    await load(actionFlow(rig, 'photostation-photo', 'photo.search', {
      limit: { v: '2', vt: 'num' }, tags: { v: '["Beach"]', vt: 'json' }, with_tags: { v: 'true', vt: 'bool' },
    }));
    const result = await run('n1', {});
    assert.equal(result.msg.payload.items.length, 2);
    assert.ok(result.msg.payload.items.every((i: any) => i.tags.includes('Beach')));
  });

  it('a form value that cannot be evaluated is an invalid_input naming the field', async () => {
    await load(actionFlow(rig, 'photostation-photo', 'photo.search', { tags: { v: '[broken', vt: 'json' } }));
    const result = await run('n1', { topic: 't' });
    assert.equal(result.ok, false);
    assert.equal(result.msg.error.code, 'invalid_input');
    assert.equal(result.msg.error.cause.field, 'tags');
  });

  it('operation "msg" takes msg.operation, only from the node\'s own group', async () => {
    await load(actionFlow(rig, 'photostation-album', 'msg'));
    const ok = await run('n1', { operation: 'album.get', album: 'Kids' });
    assert.equal(ok.msg.payload.path, 'Kids');
    const wrong = await run('n1', { operation: 'share.list' });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.msg.error.code, 'invalid_input');
    assert.equal(wrong.msg.error.cause.field, 'operation');
  });

  it('a node without a server config fails each message with a Catch-able error', async () => {
    const flow = actionFlow(rig, 'photostation-album', 'album.list');
    (flow[2] as any).server = '';
    await load(flow);
    const result = await run('n1', { topic: 'x' });
    assert.equal(result.ok, false);
    assert.equal(result.msg.topic, 'x');
  });

  it('a secret typed into the form is a credential of the node and works', async () => {
    const flow = actionFlow(rig, 'photostation-album', 'album.toggle_password', {
      album: { v: 'Wedding', vt: 'str' }, enabled: { v: 'true', vt: 'bool' }, password: { v: '', vt: 'cred' },
    });
    await load(flow, { srv: { password: 'admin' }, n1: { password: 'babysitter-secret' } });
    const locked = await run('n1', {});
    assert.equal(locked.ok, true, JSON.stringify(locked.msg.error));
    assert.equal(locked.msg.payload.type, 'password');
    // The flow (what an export holds) has no trace of it.
    assert.ok(!JSON.stringify(helper._redNodes.getFlows().flows).includes('babysitter-secret'));
    // Unlock goes back to the type the album had.
    await helper.unload();
    await load(actionFlow(rig, 'photostation-album', 'album.toggle_password', { album: { v: 'Wedding', vt: 'str' } }));
    const unlocked = await run('n1', { enabled: false });
    assert.equal(unlocked.msg.payload.type, 'private');
  });

  it('the smart-album node reads calendar and MQTT payloads (JSON strings, Google dates, ical names)', async () => {
    await load(actionFlow(rig, 'photostation-smart-album', 'smart_album.create_from_event'));
    const mqtt = await run('n1', { payload: JSON.stringify({ name: 'Beach week', start: '2026-06-01', end: '2026-08-31', tags: 'Beach' }) });
    assert.equal(mqtt.ok, true, JSON.stringify(mqtt.msg.error));
    assert.equal(mqtt.msg.payload.name, 'Beach week');
    const google = await run('n1', { payload: { summary: 'Google trip', start: { dateTime: '2026-06-01T08:00:00Z' }, end: { date: '2026-07-01' } } });
    assert.equal(google.msg.payload.name, 'Google trip');
    const ical = await run('n1', { payload: { summary: 'ICal trip', eventStart: new Date('2026-06-01T00:00:00Z'), eventEnd: new Date('2026-06-30T00:00:00Z'), categories: ['Beach'] } });
    assert.equal(ical.msg.payload.name, 'ICal trip');
    // The same event again updates the album it made.
    const again = await run('n1', { payload: { summary: 'ICal trip', start: '2026-06-01', end: '2026-06-30' } });
    assert.equal(again.msg.payload.created, false);
  });
});
