import { strict as assert } from 'node:assert';
import {
  PhotoStationError,
  albumId,
  albumPath,
  canonicalId,
  hexDecode,
  isAlbumId,
  isItemId,
  itemIdFromPath,
  itemPath,
  parentAlbumId,
  parseId,
  photoId,
  smartAlbumId,
  videoId,
  webUiUrl,
} from '../../src/photostation';

describe('id codec (spec §2)', () => {
  it('reproduces the worked example of spec §2.3', () => {
    assert.equal(albumId('Holiday 2019/Beach'), 'album_486f6c6964617920323031392f4265616368');
    assert.equal(albumId('Holiday 2019'), 'album_486f6c696461792032303139');
    assert.equal(photoId('Holiday 2019/Beach', 'IMG_0001.JPG'), 'photo_486f6c6964617920323031392f4265616368_494d475f303030312e4a5047');
    assert.equal(videoId('Holiday 2019/Beach', 'IMG_0001.JPG'), 'video_486f6c6964617920323031392f4265616368_494d475f303030312e4a5047');
    assert.equal(
      webUiUrl('http://nas/photo/', 'photo_486f6c6964617920323031392f4265616368_494d475f303030312e4a5047'),
      'http://nas/photo/#!Albums/album_486f6c696461792032303139/album_486f6c6964617920323031392f4265616368/photo_486f6c6964617920323031392f4265616368_494d475f303030312e4a5047',
    );
  });

  it('encodes non-ASCII paths as UTF-8 bytes (Fotos/Köln)', () => {
    assert.equal(albumId('Fotos/Köln'), 'album_466f746f732f4bc3b66c6e');
    assert.equal(albumPath('album_466f746f732f4bc3b66c6e'), 'Fotos/Köln');
    const id = photoId('Ferien/Zürich 東京', 'Bild ä 😀.jpg');
    assert.deepEqual(itemPath(id), { kind: 'photo', dir: 'Ferien/Zürich 東京', file: 'Bild ä 😀.jpg', path: 'Ferien/Zürich 東京/Bild ä 😀.jpg' });
  });

  it('decodes the reference sample id of Photo list', () => {
    const parsed = parseId('photo_323031392f323031392d30322d3130_494d472d32303139303231302d32313035333230382e6a7067');
    assert.deepEqual(parsed, { kind: 'photo', dir: '2019/2019-02-10', file: 'IMG-20190210-21053208.jpg', path: '2019/2019-02-10/IMG-20190210-21053208.jpg' });
  });

  it('uses "/" as the directory of items in the root album, both ways', () => {
    assert.equal(photoId('', 'IMG.jpg'), 'photo_2f_494d472e6a7067');
    assert.equal(itemIdFromPath('photo', '/IMG.jpg'), 'photo_2f_494d472e6a7067');
    assert.deepEqual(parseId('photo_2f_494d472e6a7067'), { kind: 'photo', dir: '', file: 'IMG.jpg', path: 'IMG.jpg' });
    assert.equal(parentAlbumId('photo_2f_494d472e6a7067'), '');
  });

  it('gives the root album the empty id and strips surrounding slashes', () => {
    assert.equal(albumId(''), '');
    assert.equal(albumId('/'), '');
    assert.equal(albumId('/2019/'), 'album_32303139');
    assert.equal(albumPath(''), '');
  });

  it('accepts upper-case hex and canonicalises to lower case', () => {
    assert.equal(albumPath('ALBUM_466F746F732F4BC3B66C6E'.replace('ALBUM', 'album')), 'Fotos/Köln');
    assert.equal(canonicalId('album_466F746F732F4BC3B66C6E'), 'album_466f746f732f4bc3b66c6e');
    assert.equal(canonicalId('photo_2F_494D472E6A7067'), 'photo_2f_494d472e6a7067');
  });

  it('round-trips smart album ids and numbered ids', () => {
    assert.equal(smartAlbumId('Beaches 2019'), 'smart_426561636865732032303139');
    assert.deepEqual(parseId('smart_426561636865732032303139'), { kind: 'smart', name: 'Beaches 2019' });
    assert.deepEqual(parseId('tag_103'), { kind: 'tag', number: 103 });
    assert.deepEqual(parseId('item_tag_1435'), { kind: 'item_tag', number: 1435 });
    assert.deepEqual(parseId('comment_17'), { kind: 'comment', number: 17 });
    assert.deepEqual(parseId('dsmshare_2f766f6c756d6531'), { kind: 'other', raw: 'dsmshare_2f766f6c756d6531' });
  });

  it('finds the parent album of albums and items', () => {
    assert.equal(parentAlbumId(albumId('Holiday 2019/Beach')), albumId('Holiday 2019'));
    assert.equal(parentAlbumId(albumId('Holiday 2019')), '');
    assert.equal(parentAlbumId(photoId('Holiday 2019/Beach', 'a.jpg')), albumId('Holiday 2019/Beach'));
  });

  it('rejects malformed ids with a client error instead of decoding garbage', () => {
    for (const bad of ['album_zz', 'album_abc', 'photo_61', 'photo_61_', 'album_ff', 'video_6162_63_64']) {
      assert.throws(() => parseId(bad), (e: unknown) => e instanceof PhotoStationError && e.codeName === 'CLIENT_INVALID_ARGUMENT', bad);
    }
    assert.throws(() => hexDecode('c3'), PhotoStationError); // a lone UTF-8 lead byte
    assert.throws(() => photoId('a', 'b/c'), PhotoStationError);
    assert.throws(() => albumPath('photo_2f_61'), PhotoStationError);
  });

  it('classifies ids', () => {
    assert.ok(isAlbumId('album_32303139'));
    assert.ok(!isAlbumId('album_'));
    assert.ok(isItemId('photo_2f_61'));
    assert.ok(!isItemId('photo_2f'));
  });
});
