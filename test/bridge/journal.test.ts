// The request journal: what one life of the bridge took from the broker, the next one answers; a
// request the broker delivers again is not run twice.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    assert.equal(b.find(key(3))?.seq, done.seq);
    assert.equal(b.find(key(4)), undefined);
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
    assert.ok(new RequestJournal(file, () => now).find(key(1)));
    now += 2;
    const b = new RequestJournal(file, () => now);
    assert.equal(b.find(key(1)), undefined);
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

  it('stays small: settled entries are dropped when the file has grown', () => {
    let now = 0;
    const j = new RequestJournal(file, () => now);
    for (let i = 0; i < 10_000; i++) {
      const e = j.received({ key: key(i), action: 'album.get', responseTopic: 'r' });
      j.answered(e, '{}');
      j.delivered(e);
      now += 1000;
    }
    // 10,000 requests over almost 3 hours, 600 in the last 10 minutes: what is kept stays near that.
    assert.ok(j.size < 2000, `${j.size} entries`);
    assert.ok(readFileSync(file, 'utf8').split('\n').length < 6000);
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
