import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeholderJpeg } from '../../src/simulator/jpeg';

interface Segment {
  marker: number;
  body: Buffer;
}

interface Parsed {
  segments: Segment[];
  entropy: Buffer;
  width: number;
  height: number;
}

/** Walks the marker stream strictly: any inconsistent length or stray byte fails the test. */
function parse(jpeg: Buffer): Parsed {
  assert.equal(jpeg.readUInt16BE(0), 0xffd8, 'SOI');
  assert.equal(jpeg.readUInt16BE(jpeg.length - 2), 0xffd9, 'EOI');
  const segments: Segment[] = [];
  let pos = 2;
  for (;;) {
    assert.equal(jpeg[pos], 0xff, `marker expected at ${pos}`);
    const marker = jpeg[pos + 1]!;
    assert.notEqual(marker, 0xd9, 'EOI before SOS');
    const len = jpeg.readUInt16BE(pos + 2);
    assert.ok(len >= 2 && pos + 2 + len <= jpeg.length, `segment ${marker.toString(16)} overruns the file`);
    segments.push({ marker, body: jpeg.subarray(pos + 4, pos + 2 + len) });
    pos += 2 + len;
    if (marker === 0xda) break;
  }
  const start = pos;
  while (pos < jpeg.length - 1) {
    if (jpeg[pos] === 0xff) {
      const next = jpeg[pos + 1]!;
      if (next === 0xd9) break;
      assert.ok(next === 0x00 || (next >= 0xd0 && next <= 0xd7), `unescaped 0xFF ${next.toString(16)} at ${pos}`);
      pos += 2;
    } else {
      pos++;
    }
  }
  assert.equal(pos, jpeg.length - 2, 'entropy data must run up to the final EOI');
  const sof = segments.find((s) => s.marker === 0xc0);
  assert.ok(sof, 'SOF0 present');
  return { segments, entropy: jpeg.subarray(start, pos), height: sof.body.readUInt16BE(1), width: sof.body.readUInt16BE(3) };
}

/** Huffman tables from the file's own DHT, keyed "length:code". */
function tables(segments: Segment[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const { body } of segments.filter((s) => s.marker === 0xc4)) {
    let p = 0;
    while (p < body.length) {
      const id = body[p]!;
      const counts = [...body.subarray(p + 1, p + 17)];
      let k = p + 17;
      let code = 0;
      const map = new Map<string, number>();
      counts.forEach((n, i) => {
        for (let j = 0; j < n; j++) map.set(`${i + 1}:${code++}`, body[k++]!);
        code <<= 1;
      });
      out.set(id, map);
      p = k;
    }
  }
  return out;
}

/** Decodes every block of a grayscale baseline scan and returns the DC levels seen. */
function decodeLevels(jpeg: Buffer): { blocks: number; levels: Set<number> } {
  const { segments, entropy, width, height } = parse(jpeg);
  const dqt = segments.find((s) => s.marker === 0xdb)!.body;
  const dcQuant = dqt[1]!;
  const huff = tables(segments);
  const dc = huff.get(0x00)!;
  const ac = huff.get(0x10)!;
  const bytes = [...entropy].filter((b, i, all) => !(b === 0 && all[i - 1] === 0xff));
  let bit = 0;
  const read = (): number => (bytes[bit >> 3]! >> (7 - (bit++ & 7))) & 1;
  const symbol = (table: Map<string, number>): number => {
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | read();
      const v = table.get(`${len}:${code}`);
      if (v !== undefined) return v;
    }
    throw new Error(`bad Huffman code at bit ${bit}`);
  };
  const total = Math.ceil(width / 8) * Math.ceil(height / 8);
  const levels = new Set<number>();
  let pred = 0;
  for (let b = 0; b < total; b++) {
    const cat = symbol(dc);
    let diff = 0;
    for (let i = 0; i < cat; i++) diff = (diff << 1) | read();
    if (cat > 0 && diff < 1 << (cat - 1)) diff -= (1 << cat) - 1;
    pred += diff;
    assert.equal(symbol(ac), 0x00, `block ${b} must end right after its DC`);
    levels.add((pred * dcQuant) / 8 + 128);
  }
  // Whatever is left must be the 1-bit padding of the last byte.
  while (bit < bytes.length * 8) assert.equal(read(), 1, 'padding bits are ones');
  return { blocks: total, levels };
}

describe('simulator placeholder JPEG', () => {
  const sizes: Array<[number, number]> = [[1, 1], [8, 8], [9, 17], [1280, 960], [4032, 3024]];

  for (const [w, h] of sizes) {
    it(`encodes ${w}x${h} with a consistent marker structure`, () => {
      const jpeg = placeholderJpeg(w, h);
      const { segments, width, height } = parse(jpeg);
      assert.equal(width, w);
      assert.equal(height, h);
      assert.deepEqual(
        segments.map((s) => s.marker),
        [0xe0, 0xdb, 0xc0, 0xc4, 0xda],
      );
      assert.equal(segments[0]!.body.subarray(0, 5).toString('latin1'), 'JFIF\0');
    });
  }

  it('decodes to exactly the requested shade in every block', () => {
    for (const [w, h, shade] of [[1, 1, 0], [1, 1, 255], [9, 17, 200], [33, 7, 1], [1280, 960, 128], [640, 480, 77]]) {
      const { blocks, levels } = decodeLevels(placeholderJpeg(w!, h!, shade));
      assert.equal(blocks, Math.ceil(w! / 8) * Math.ceil(h! / 8));
      assert.deepEqual([...levels], [shade], `${w}x${h} shade ${shade}`);
    }
  });

  it('uses the standard luminance Huffman tables', () => {
    const huff = tables(parse(placeholderJpeg(16, 16)).segments);
    assert.equal(huff.get(0x00)!.size, 12);
    assert.equal(huff.get(0x10)!.size, 162);
    // Well-known codes from T.81 Annex K: EOB = 1010, ZRL = 11111111001, DC category 0 = 00.
    assert.equal(huff.get(0x10)!.get('4:10'), 0x00);
    assert.equal(huff.get(0x10)!.get('11:2041'), 0xf0);
    assert.equal(huff.get(0x00)!.get('2:0'), 0);
  });

  it('stays fast and returns independent buffers from the cache', () => {
    const started = Date.now();
    const first = placeholderJpeg(1280, 960, 90);
    for (let i = 0; i < 50; i++) placeholderJpeg(1280, 960, 90);
    assert.ok(Date.now() - started < 1000);
    first[first.length - 1] = 0;
    assert.equal(placeholderJpeg(1280, 960, 90).readUInt16BE(first.length - 2), 0xffd9);
  });

  it('handles the largest sides and rejects bad sizes', () => {
    const { width, height } = parse(placeholderJpeg(8192, 8192));
    assert.deepEqual([width, height], [8192, 8192]);
    parse(placeholderJpeg(16384, 3));
    for (const [w, h] of [[0, 1], [1, 0], [16385, 1], [1.5, 2], [Number.NaN, 1], [-8, 8]]) {
      assert.throws(() => placeholderJpeg(w!, h!), RangeError);
    }
    assert.throws(() => placeholderJpeg(1, 1, Number.NaN), RangeError);
    assert.deepEqual([...decodeLevels(placeholderJpeg(2, 2, 999)).levels], [255]);
    assert.deepEqual([...decodeLevels(placeholderJpeg(2, 2, -4)).levels], [0]);
  });

  it('is read with the right geometry by ImageMagick when installed', function () {
    if (!existsSync('/usr/bin/identify')) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'ps-jpeg-'));
    try {
      for (const [w, h] of sizes) {
        const file = join(dir, `${w}x${h}.jpg`);
        writeFileSync(file, placeholderJpeg(w, h, 60));
        const out = execFileSync('/usr/bin/identify', ['-format', '%m %w %h', file], { encoding: 'utf8' });
        assert.equal(out.trim(), `JPEG ${w} ${h}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
