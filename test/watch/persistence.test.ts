// Restarts, crashes and the outbox: exactly once across process lifetimes.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { albumId } from '../../src/photostation';
import type { StationEvent } from '../../src/watch';
import { JPEG, type World, summary, world } from './helpers';

describe('change detector: restarts and crashes', function () {
  let w: World;
  beforeEach(async () => {
    w = await world('demo');
  });
  afterEach(() => w.close());

  async function firstPhoto(album: string): Promise<string> {
    return (await w.actor.photo.list({ filter_album: albumId(album), limit: 1, type: ['photo'] })).items[0]!.id;
  }

  it('a restart reports exactly the changes made while it was down, and none twice', async () => {
    const one = w.detector();
    await one.det.start();
    const before = await firstPhoto('Pets');
    await w.actor.photo.edit(before, { title: 'Seen live' });
    await one.det.pollNow();
    assert.deepEqual(one.events.map((e) => e.id), [before]);
    await one.det.stop();
    assert.equal(one.det.status().state, 'stopped');

    // While down: one of each kind.
    const edited = await firstPhoto('Garden');
    await w.actor.photo.edit(edited, { rating: 0, description: 'while down' });
    await w.actor.file.uploadPhoto({ album: 'Nature', filename: 'DOWN.JPG', data: JPEG, duplicate: 'ignore' });
    const removed = await firstPhoto('Sports');
    await w.actor.photo.delete(removed);
    await w.actor.album.create({ name: 'Offline' });

    const two = w.detector();
    await two.det.start();
    assert.equal(two.det.status().lastCycle?.kind, 'reconcile', 'a restart catches up with a reconcile');
    const got = summary(two.events).sort();
    assert.equal(got.length, 4, got.join('\n'));
    assert.ok(got.includes('album.added Offline'));
    assert.ok(got.includes('photo.added Nature/DOWN.JPG'));
    assert.ok(two.events.some((e) => e.event === 'photo.changed' && e.id === edited));
    assert.ok(two.events.some((e) => e.event === 'photo.removed' && e.id === removed));
    assert.ok(!two.events.some((e) => e.id === before), 'the change seen before the restart is not repeated');

    await two.det.pollNow();
    await two.det.reconcileNow();
    assert.equal(two.events.length, 4, 'nothing repeated after the catch-up');
  });

  it('events of a commit whose delivery was cut off are delivered again with the same ids', async () => {
    const one = w.detector();
    await one.det.start();
    const id = await firstPhoto('Pets');
    await w.actor.photo.edit(id, { title: 'Crash test' });
    await w.actor.album.create({ name: 'Crash' });
    await one.det.pollNow();
    assert.equal(one.events.length, 2);
    await one.det.stop();
    // The process died after the commit but before the delivery was acknowledged.
    rmSync(`${w.statePath}.ack`);

    const two = w.detector();
    await two.det.start();
    assert.deepEqual(two.events.map((e) => e.event_id), one.events.map((e) => e.event_id));
    assert.deepEqual(two.events, one.events, 're-delivered unchanged, including at');

    const three = w.detector();
    await three.det.start();
    assert.deepEqual(three.events, [], 'acknowledged now: not again');
  });

  it('a crash during a state write (half-written temp file) is ignored', async () => {
    const one = w.detector();
    await one.det.start();
    await one.det.stop();
    const good = readFileSync(w.statePath, 'utf8');
    writeFileSync(`${w.statePath}.tmp`, good.slice(0, Math.floor(good.length / 3)));
    writeFileSync(`${w.statePath}.ack.tmp`, '{"ser');

    const id = await firstPhoto('Garden');
    await w.actor.photo.edit(id, { title: 'After the crash' });
    const two = w.detector();
    await two.det.start();
    assert.deepEqual(two.errors, []);
    assert.deepEqual(summary(two.events), [`photo.changed ${two.events[0] && 'path' in two.events[0] ? two.events[0].path : ''}`]);
    assert.equal(two.events[0]!.id, id);
    assert.ok(!existsSync(`${w.statePath}.tmp`), 'the leftover is cleaned up');
  });

  it('a crash while appending to the journal (torn last line) loses only that commit', async () => {
    const one = w.detector();
    await one.det.start();
    const a = await firstPhoto('Pets');
    await w.actor.photo.edit(a, { title: 'journaled' });
    await one.det.pollNow();
    assert.equal(one.events.length, 1);
    await one.det.stop();
    const journal = `${w.statePath}.journal`;
    const good = readFileSync(journal, 'utf8');
    assert.equal(good.split('\n').filter(Boolean).length, 1, 'the commit went to the journal, not a full rewrite');
    // A second commit whose append was cut off by the crash: never acknowledged, never delivered.
    writeFileSync(journal, `${good}{"serial":99,"tagBase":0,"tags":[],"albu`);

    const b = await firstPhoto('Garden');
    await w.actor.photo.edit(b, { title: 'after torn line' });
    const two = w.detector();
    await two.det.start();
    assert.deepEqual(two.errors, []);
    assert.deepEqual(two.events.map((e) => e.id), [b], 'the journaled change is not repeated, the new one is found');
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    assert.ok(lines.every((l) => !l.includes('"serial":99')), 'the torn line is cut off');
    assert.doesNotThrow(() => lines.map((l) => JSON.parse(l) as unknown));
  });

  it('an unreadable state file costs a silent re-index, not a flood of events', async () => {
    writeFileSync(w.statePath, '{"format": "photostation-detector-st');
    const one = w.detector();
    await one.det.start();
    assert.deepEqual(one.events, []);
    assert.equal(one.errors.length, 1);
    assert.match(one.errors[0]!.message, /could not read the detector state/);
    assert.equal(one.det.status().lastCycle?.kind, 'index');
    assert.deepEqual(one.det.status().counts, { albums: 20, items: 294, shares: 1 });
  });

  it('a state file of another station is not used', async () => {
    const one = w.detector();
    await one.det.start();
    await one.det.stop();
    const data = JSON.parse(readFileSync(w.statePath, 'utf8')) as { station: string };
    data.station = 'http://elsewhere/photo/webapi/|admin';
    writeFileSync(w.statePath, JSON.stringify(data));
    await w.actor.album.create({ name: 'Elsewhere' });
    const two = w.detector();
    await two.det.start();
    assert.deepEqual(two.events, []);
    assert.equal(two.det.status().lastCycle?.kind, 'index');
  });

  it('the state file stays compact and holds no secrets', async () => {
    const { id } = await w.actor.album.create({ name: 'Vault', type: 'password', password: 'S3cr3t-album' });
    const share = await w.actor.sharedAlbum.create('Locked link');
    await w.actor.sharedAlbum.editPublicShare(share.id, { is_shared: true, enable_password: true, password: 'S3cr3t-link' });
    const one = w.detector();
    await one.det.start();
    await w.actor.album.edit(id, { description: 'changed' });
    await one.det.pollNow();
    assert.equal(one.events.length, 1);
    const text = readFileSync(w.statePath, 'utf8');
    assert.ok(!/S3cr3t|PHPSESSID|sid=/i.test(text), 'no passwords or sessions');
    assert.ok(!/S3cr3t/.test(JSON.stringify(one.events)), 'none in events either');
    assert.ok(text.length < 294 * 200, `state is ${text.length} bytes for 294 items`);
  });

  it('a session expiry during polling is handled by the client re-login', async () => {
    const one = w.detector();
    await one.det.start();
    const loginsBefore = await w.side.logins();
    await w.side.expireSessions();
    const id = await firstPhoto('Pets');
    await w.actor.photo.edit(id, { title: 'After expiry' });
    await one.det.pollNow();
    assert.deepEqual(one.errors, []);
    assert.equal(one.events.length, 1);
    assert.equal(one.events[0]!.id, id);
    assert.ok((await w.side.logins()) >= loginsBefore + 1, 'logged in again');
    assert.equal(one.det.status().lastError, undefined);
  });

  it('a failing poll reports an error without secrets and loses nothing', async () => {
    const one = w.detector();
    await one.det.start();
    const id = await firstPhoto('Pets');
    await w.actor.photo.edit(id, { title: 'Despite the failure' });
    await w.side.send('POST', 'faults', { api: 'SYNO.PhotoStation.SharedAlbum', method: 'list', kind: 'error', code: 100, times: 1 });
    await one.det.pollNow();
    assert.equal(one.events.length, 0);
    assert.equal(one.errors.length, 1);
    const status = one.det.status();
    assert.match(status.lastError ?? '', /probe failed/);
    assert.ok(!/admin/.test(status.lastError ?? ''));
    await one.det.pollNow();
    assert.deepEqual(one.events.map((e) => e.id), [id], 'the change is found by the next poll');
    assert.equal(one.det.status().lastError, undefined);
  });

  it('the same change made twice', async () => {
    const one = w.detector();
    await one.det.start();
    const id = await firstPhoto('Pets');
    const [orig] = await w.actor.photo.getInfo(id);
    const a = orig!.info.title;
    const seen = (): StationEvent[] => one.events.filter((e) => e.id === id);

    // A→B, then B→A→B before the next poll: the net change is A→B once, then nothing.
    await w.actor.photo.edit(id, { title: 'B' });
    await one.det.pollNow();
    await w.actor.photo.edit(id, { title: a });
    await w.actor.photo.edit(id, { title: 'B' });
    await one.det.pollNow();
    assert.equal(seen().length, 1);

    // A→B, B→A, A→B with a poll in between: three changes, three distinct ids.
    await w.actor.photo.edit(id, { title: a });
    await one.det.pollNow();
    await w.actor.photo.edit(id, { title: 'B' });
    await one.det.pollNow();
    const events = seen();
    assert.equal(events.length, 3);
    assert.deepEqual(events.map((e) => (e as { after: { title: string } }).after.title), ['B', a, 'B']);
    assert.equal(new Set(events.map((e) => e.event_id)).size, 3, 'a repeated change is not mistaken for a duplicate');

    // Setting the value it already has is no change at all.
    await w.actor.photo.edit(id, { title: 'B' });
    await one.det.pollNow();
    assert.equal(seen().length, 3);
  });
});
