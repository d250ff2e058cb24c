/**
 * Uniform grey baseline JPEGs of any size, for thumbnails and "originals" the simulator serves.
 * A flat image has no AC energy, so each 8x8 block is just a DC value and an end-of-block:
 * that keeps the encoder to a few dozen lines with no DCT at all.
 */

const MAX_SIDE = 16384;
const CACHE_LIMIT = 64;
// Huge images would pin megabytes each in the cache; they are rare enough to rebuild.
const CACHE_MAX_BYTES = 1 << 20;
const cache = new Map<string, Buffer>();

// ITU T.81 Annex K.3: the standard luminance DC table (code-length counts, then symbols).
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

// Annex K.3 luminance AC table. Its 162 symbols are every run/size pair (run 0-15, size 1-10)
// plus EOB (0x00) and ZRL (0xF0); the frequent ones come first in a fixed order, the rest ascend.
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_HEAD = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a,
];
const AC_VALUES = [
  ...AC_HEAD,
  ...Array.from({ length: 256 }, (_, s) => s).filter((s) => (s & 0x0f) >= 1 && (s & 0x0f) <= 10 && !AC_HEAD.includes(s)),
];

/** Canonical Huffman codes (T.81 Annex C): symbol -> [code, length]. */
function huffmanCodes(counts: number[], values: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  counts.forEach((count, i) => {
    for (let j = 0; j < count; j++) codes.set(values[k++]!, [code++, i + 1]);
    code <<= 1;
  });
  return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0x00)!;

function segment(marker: number, body: number[]): Buffer {
  const len = body.length + 2;
  return Buffer.from([0xff, marker, len >> 8, len & 0xff, ...body]);
}

function entropyData(blocks: number, diff: number): Buffer {
  // Worst case every byte is 0xFF and gets stuffed: twice the raw bit count, plus the first block.
  const out = Buffer.alloc(2 * Math.ceil((blocks * 6 + 32) / 8));
  let pos = 0;
  let acc = 0;
  let nbits = 0;
  const put = (code: number, length: number): void => {
    acc = (acc << length) | (code & ((1 << length) - 1));
    nbits += length;
    while (nbits >= 8) {
      nbits -= 8;
      const byte = (acc >> nbits) & 0xff;
      out[pos++] = byte;
      // A literal 0xFF would read as a marker prefix; T.81 F.1.2.3 escapes it with a zero byte.
      if (byte === 0xff) out[pos++] = 0;
    }
    acc &= (1 << nbits) - 1;
  };
  const category = diff === 0 ? 0 : 32 - Math.clz32(Math.abs(diff));
  put(...DC_CODES.get(category)!);
  // Negative differences are sent as the one's complement of their magnitude.
  if (category > 0) put(diff > 0 ? diff : diff + (1 << category) - 1, category);
  put(...EOB);
  const [zero, zeroLen] = DC_CODES.get(0)!;
  for (let i = 1; i < blocks; i++) {
    put(zero, zeroLen);
    put(...EOB);
  }
  // Pad the last byte with 1-bits, as F.1.2.3 asks, so no decoder sees a spurious code.
  if (nbits > 0) put(0xff, 8 - nbits);
  return out.subarray(0, pos);
}

function checkSide(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE) {
    throw new RangeError(`${name} must be an integer in 1..${MAX_SIDE}, got ${v}`);
  }
}

/** A valid single-component baseline JPEG of the given size filled with one grey level. */
export function placeholderJpeg(width: number, height: number, shade = 128): Buffer {
  checkSide('width', width);
  checkSide('height', height);
  if (!Number.isFinite(shade)) throw new RangeError(`shade must be a number in 0..255, got ${shade}`);
  const level = Math.min(255, Math.max(0, Math.round(shade)));
  const key = `${width}x${height}x${level}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the Map's insertion order doubles as least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return Buffer.from(hit);
  }

  // DC quantiser 8 cancels the DCT's 8x gain, so the coded DC diff is exactly level - 128
  // and decoders reproduce the shade without rounding. AC entries are never used.
  const quant = [8, ...Array<number>(63).fill(1)];
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0x00, ...quant]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    entropyData(blocks, level - 128),
    Buffer.from([0xff, 0xd9]),
  ]);

  if (jpeg.length <= CACHE_MAX_BYTES) {
    cache.set(key, jpeg);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return Buffer.from(jpeg);
}
