// Schedules on a clock the test drives: node-cron decides which seconds match (time zones included),
// the test decides when those seconds come. Actions still run against the simulator for real.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { renderInput, type SchedulerClock } from '../../src/bridge/schedules';
import { Recorder, Rig, sleep, until } from './helpers';

const B = 'photostation';

/** A clock whose time only moves when the test says so. */
class ManualClock implements SchedulerClock {
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 1;
  constructor(public t: number) {}
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (id: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

const SCHEDULES = `schedules:
  - name: nightly
    cron: "0 2 * * *"
    timezone: Europe/Berlin
    action: share.revoke
    input: { older_than: 7d }
  - name: week-album
    cron: "0 20 * * 0"
    timezone: UTC
    action: smart_album.create_from_event
    input: { name: "Week {{week}}", start: "{{now-7d}}", end: "{{now}}" }
  - name: slow
    cron: "*/10 * * * * *"
    action: album.get
    input: { album: Family }
    enabled: false
  - name: jittery
    cron: "30 6 * * *"
    timezone: UTC
    jitter: 30s
    action: album.get
    input: { album: Kids }`;

describe('bridge schedules', function () {
  this.timeout(60_000);
  // Saturday 2026-03-07, 00:59:58 UTC = 01:59:58 in Berlin (CET, +1).
  const clock = new ManualClock(Date.parse('2026-03-07T00:59:58Z'));
  const rig = new Rig();
  let c: Recorder;

  before(async () => {
    await rig.start({ extra: SCHEDULES, polling: 'false', bridge: { clock } });
    c = await Recorder.connect(rig.broker.url, { subscribe: [`${B}/schedule/#`, `${B}/response/#`] });
  });
  after(async () => {
    await c?.close();
    await rig.close();
  });
  afterEach(() => sinon.restore());

  const results = (name: string): any[] => c.on(`${B}/schedule/${name}`).map((s) => s.json());

  it('runs at 2:00 in its time zone, once, and publishes the result on schedule/<name>', async () => {
    await clock.advance(1000);
    await sleep(200);
    assert.equal(results('nightly').length, 0, 'not yet at 01:59:59');
    await clock.advance(1500);
    const seen = await c.waitFor('nightly result', (s) => s.topic === `${B}/schedule/nightly`);
    assert.equal(seen.retain, false);
    const r = seen.json();
    assert.equal(r.status, 'ok');
    assert.equal(r.schedule, 'nightly');
    assert.equal(r.trigger, 'cron');
    assert.equal(r.action, 'share.revoke');
    assert.equal(r.scheduled_for, '2026-03-07T01:00:00.000Z');
    assert.match(r.started, /^2026-03-07T01:00:00\./);
    assert.ok(r.finished >= r.started);
    assert.deepEqual(r.data, { revoked: [], count: 0, status: 'revoked' });
    await clock.advance(3 * 3600_000);
    await sleep(200);
    assert.equal(results('nightly').length, 1, 'once a day');
  });

  it('renders {{week}} and {{now-7d}}: the smart album of the week on Sunday evening', async () => {
    clock.t = Date.parse('2026-03-08T19:59:58Z');
    await clock.advance(3000);
    const r = (await c.waitFor('week-album', (s) => s.topic === `${B}/schedule/week-album`)).json();
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.equal(r.data.name, 'Week 2026-W10');
    const list = await c.request(B, 'smart_album.list');
    assert.ok(list.data.smart_albums.some((s: any) => s.name === 'Week 2026-W10'));
    assert.deepEqual(renderInput({ a: '{{today-1d}}', b: ['{{now+1h}}'], c: 5 }, Date.parse('2026-01-01T00:30:00Z'), 'Europe/Berlin'), {
      a: '2025-12-31', b: ['2026-01-01T01:30:00.000Z'], c: 5,
    });
    assert.equal(renderInput({ w: '{{week}}' }, Date.parse('2027-01-01T12:00:00Z'), 'UTC').w, '2026-W53');
  });

  it('schedule.list, pause, resume over MQTT; a paused schedule does not run', async () => {
    const list = await c.request(B, 'schedule.list');
    assert.equal(list.status, 'ok');
    const byName = Object.fromEntries(list.data.schedules.map((s: any) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ['jittery', 'nightly', 'slow', 'week-album']);
    assert.equal(byName.nightly.next_run, '2026-03-09T01:00:00.000Z');
    assert.equal(byName.nightly.runs, 1);
    assert.equal(byName.slow.paused, true, 'enabled: false starts paused');
    assert.equal(byName.slow.next_run, null);

    assert.equal((await c.request(B, 'schedule.pause', { name: 'nightly' })).data.paused, true);
    clock.t = Date.parse('2026-03-09T00:59:59Z');
    await clock.advance(2000);
    await sleep(200);
    assert.equal(results('nightly').length, 1, 'paused: no run');
    assert.equal((await c.request(B, 'schedule.resume', { name: 'nightly' })).data.paused, false);
    const missing = await c.request(B, 'schedule.pause', { name: 'nope' });
    assert.equal(missing.error.code, 'not_found');
    const noName = await c.request(B, 'schedule.resume', {});
    assert.equal(noName.error.code, 'invalid_input');
  });

  it('schedule.run runs one now and answers its result', async () => {
    const r = await c.request(B, 'schedule.run', { name: 'jittery' });
    assert.equal(r.status, 'ok');
    assert.equal(r.data.trigger, 'mqtt');
    assert.equal(r.data.data.path, 'Kids');
    await c.waitFor('also on schedule/jittery', (s) => s.topic === `${B}/schedule/jittery` && s.json().trigger === 'mqtt');
  });

  it('no overlapping runs: a run that is still going makes the next one skip, and says so', async () => {
    clock.t = Date.parse('2026-03-09T10:00:08Z');
    await clock.advance(1000);
    assert.equal((await c.request(B, 'schedule.resume', { name: 'slow' })).status, 'ok');
    await rig.side('POST', 'faults', { kind: 'latency', ms: 1500, api: 'SYNO.PhotoStation.Album', method: 'getinfo', times: 1 });
    await clock.advance(1000); // 10:00:10 will start a run that takes 1.5 s of real time
    await sleep(100);
    await clock.advance(10_500); // 10:00:20 comes while it runs
    const skipped = (await c.waitFor('skipped', (s) => s.topic === `${B}/schedule/slow` && s.json().status === 'skipped')).json();
    assert.equal(skipped.error.code, 'conflict');
    const ok = (await c.waitFor('the long run', (s) => s.topic === `${B}/schedule/slow` && s.json().status === 'ok', 10_000)).json();
    assert.equal(ok.scheduled_for, '2026-03-09T10:00:10.000Z');
    assert.equal(skipped.scheduled_for, '2026-03-09T10:00:20.000Z');
    const running = await c.request(B, 'schedule.list');
    const slow = running.data.schedules.find((s: any) => s.name === 'slow');
    assert.equal(slow.skipped, 1);
    assert.equal(slow.runs, 1);
    await c.request(B, 'schedule.pause', { name: 'slow' });
    await rig.side('DELETE', 'faults');
  });

  it('jitter delays a run by a random part of the configured delay', async () => {
    sinon.stub(Math, 'random').returns(0.5);
    clock.t = Date.parse('2026-03-10T06:29:59Z');
    const before = results('jittery').length;
    await clock.advance(1500); // 06:30:00 matches: the run waits 15 s
    await clock.advance(13_000);
    await sleep(300);
    assert.equal(results('jittery').length, before, 'still waiting');
    await clock.advance(2000);
    const r = (await c.waitFor('jittered run', (s) => s.topic === `${B}/schedule/jittery` && s.json().trigger === 'cron')).json();
    assert.equal(r.scheduled_for, '2026-03-10T06:30:00.000Z');
    assert.match(r.started, /^2026-03-10T06:30:15\./);
  });

  it('errors of a scheduled action are reported, and the schedule keeps going', async () => {
    await rig.side('POST', 'faults', { kind: 'error', code: 417, api: 'SYNO.PhotoStation.Album', times: 1 });
    const r = await c.request(B, 'schedule.run', { name: 'jittery' });
    assert.equal(r.status, 'error');
    assert.equal(r.error.code, 'forbidden');
    const published = await c.waitFor('error result', (s) => s.topic === `${B}/schedule/jittery` && s.json().status === 'error');
    assert.equal(published.json().error.code, 'forbidden');
    assert.ok(published.json().finished);
    await until('works again', async () => (await c.request(B, 'schedule.run', { name: 'jittery' })).status === 'ok');
  });
});
