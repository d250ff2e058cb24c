import assert from 'node:assert/strict';
import { albumId, Sim } from './harness';

describe('simulator smoke', () => {
  const s = new Sim();
  before(() => s.start({ seed: 'demo' }));
  after(() => s.stop());

  it('lists the demo root as admin and hides private albums from anonymous visitors', async () => {
    await s.login();
    const root = await s.ok('SYNO.PhotoStation.Album', 'list', { type: 'album', offset: 0, limit: -1 });
    const titles = root.items.map((a: any) => a.info.title);
    assert.ok(titles.includes('Family') && titles.includes('Kids'));
    const anon = await s.ok('SYNO.PhotoStation.Album', 'list', { type: 'album', offset: 0, limit: -1 }, { cookie: null });
    const anonTitles = anon.items.map((a: any) => a.info.title);
    assert.ok(!anonTitles.includes('Family'));
    assert.ok(anonTitles.includes('Kids'));
    assert.equal(await s.code('SYNO.PhotoStation.Album', 'list', { id: albumId('Kids'), type: 'photo', offset: 0, limit: 10 }, { cookie: null }), 416);
    assert.equal(await s.code('SYNO.PhotoStation.Album', 'list', { id: albumId('Family'), type: 'photo', offset: 0, limit: 10 }, { cookie: null }), 417);
  });
});
