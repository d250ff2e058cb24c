// The request journal: what one life of the bridge took from the broker, the next one answers; a
// request the broker delivers again is not run twice.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IPublishPacket } from 'mqtt';
import { RequestJournal } from '../../src/bridge/request-journal';
import { Rig, sleep } from './helpers';

const B = 'photostation';

describe('request journal (src/bridge/request-journal.ts)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ps-journal-'));
    file = path.join(dir, 'requests.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const key = (id: number, payload = '{}'): string => RequestJournal.key(id, `${B}/request/album.get`, Buffer.from(payload), `${B}/response/album.get`);

  it('a new life owes what the last one took and did not see delivered, with the answer it made', () => {
    const a = new RequestJournal(file);
    const read = a.received({ key: key(1), action: 'album.get', responseTopic: 'r', transaction: 't1', rerun: '{"album":"Family"}' });
    const write = a.received({ key: key(2), action: 'photo.edit', responseTopic: 'r', transaction: 't2' });
    const done = a.received({ key: key(3), action: 'album.list', responseTopic: 'r', rerun: '{}' });
    a.answered(write, '{"status":"ok"}');
    a.answered(done, '{"status":"ok","data":[]}');
    a.delivered(done);

    const b = new RequestJournal(file);
    const owed = b.owed();
    assert.deepEqual(owed.map((e) => [e.seq, e.action, e.transaction, e.rerun, e.answer]), [
      [read.seq, 'album.get', 't1', '{"album":"Family"}', undefined],
      [write.seq, 'photo.edit', 't2', undefined, '{"status":"ok"}'],
    ]);
    // The delivered one is still recognised, for a late redelivery.
    assert.equal(b.knows(key(3)), true);
    assert.equal(b.knows(key(1)), true);
    assert.equal(b.knows(key(4)), false);
    // Sequence numbers go on from the last life.
    assert.ok(b.received({ key: key(5), action: 'album.get', responseTopic: 'r' }).seq > done.seq);
  });

  it('forgets delivered requests after KEEP_MS, and a half-written last line does not stop it', () => {
    let now = 1_000_000;
    const a = new RequestJournal(file, () => now);
    const e = a.received({ key: key(1), action: 'album.get', responseTopic: 'r' });
    a.answered(e, '{}');
    a.delivered(e);
    appendFileSync(file, '{"t":"in","r":{"seq":99,"ke');
    now += RequestJournal.KEEP_MS - 1;
    assert.ok(new RequestJournal(file, () => now).knows(key(1)));
    now += 2;
    const b = new RequestJournal(file, () => now);
    assert.equal(b.knows(key(1)), false);
    assert.equal(b.size, 0);
    assert.equal(readFileSync(file, 'utf8'), '');
  });

  it('the key tells deliveries apart by packet id, topic, bytes, response topic and correlation data', () => {
    const base = RequestJournal.key(1, 'a', Buffer.from('x'), 'r', Buffer.from('c'));
    assert.equal(RequestJournal.key(1, 'a', Buffer.from('x'), 'r', Buffer.from('c')), base);
    for (const other of [
      RequestJournal.key(2, 'a', Buffer.from('x'), 'r', Buffer.from('c')),
      RequestJournal.key(1, 'b', Buffer.from('x'), 'r', Buffer.from('c')),
      RequestJournal.key(1, 'a', Buffer.from('y'), 'r', Buffer.from('c')),
      RequestJournal.key(1, 'a', Buffer.from('x'), 's', Buffer.from('c')),
      RequestJournal.key(1, 'a', Buffer.from('x'), 'r'),
    ]) assert.notEqual(other, base);
  });

  it('a write that fails is reported and the request goes on', () => {
    const errors: unknown[] = [];
    const j = new RequestJournal(file, Date.now, (err) => errors.push(err));
    rmSync(file);
    mkdirSync(file);
    const e = j.received({ key: key(1), action: 'album.get', responseTopic: 'r' });
    j.answered(e, '{}');
    assert.equal(errors.length, 2);
    assert.match(String(errors[0]), /EISDIR/);
    assert.equal(j.owed().length, 1);
  });

  it('stays small: a settled request keeps only its key, and the file is rewritten as it grows', () => {
    let now = 0;
    const j = new RequestJournal(file, () => now);
    // 12,000 requests in 10 minutes (20 a second), each answered with 20 kB: 240 MB of answers.
    const answer = JSON.stringify({ status: 'ok', data: 'x'.repeat(20_000) });
    let maxBytes = 0;
    for (let i = 0; i < 12_000; i++) {
      const e = j.received({ key: key(i), action: 'album.list', responseTopic: 'r', rerun: '{}' });
      j.answered(e, answer);
      j.delivered(e);
      now += 50;
      if (i % 100 === 0) maxBytes = Math.max(maxBytes, statSync(file).size);
    }
    assert.ok(maxBytes < 8 << 20, `the file reached ${(maxBytes / 1048576).toFixed(1)} MB`);
    // Everything is remembered for the 10 minutes, as keys only.
    assert.equal(j.size, 12_000);
    assert.equal(j.knows(key(0)), true);
    const reloaded = new RequestJournal(file, () => now);
    assert.equal(reloaded.owed().length, 0);
    assert.ok(statSync(file).size < 1 << 20, `${statSync(file).size} bytes after a restart`);
    now += RequestJournal.KEEP_MS;
    assert.equal(new RequestJournal(file, () => now).size, 0);
  });
});

describe('bridge: a request delivered again is answered once', function () {
  this.timeout(60_000);

  it('a DUP delivery of a request it took is not run again; one it never took is', async () => {
    const rig = await new Rig().start();
    try {
      const topic = `${B}/request/album.get`;
      const packet = (messageId: number, dup: boolean): IPublishPacket => ({ cmd: 'publish', topic, payload: '', qos: 1, dup, retain: false, messageId });
      const send = (tx: string, messageId: number, dup: boolean): void => {
        rig.bridge.requests.handle(topic, Buffer.from(JSON.stringify({ album: 'Family', transaction: tx })), packet(messageId, dup));
      };
      send('first', 7, false);
      send('first', 7, true);
      // DUP, but never seen: the first delivery was lost on the way (a broken connection).
      send('unseen', 8, true);
      // Not DUP: the same bytes and packet id again are a new request (packet ids are reused).
      await rig.client.waitFor('first answer', (s) => s.text.includes('"first"'));
      send('first', 7, false);
      await rig.client.waitFor('the unseen one', (s) => s.text.includes('"unseen"'));
      await sleep(800);
      const count = (tx: string): number => rig.client.seen.filter((s) => s.topic === `${B}/response/album.get` && s.text.includes(`"${tx}"`)).length;
      assert.equal(count('first'), 2);
      assert.equal(count('unseen'), 1);
      assert.equal(rig.bridge.requests.stats.redelivered, 1);
    } finally {
      await rig.close();
    }
  });
});
