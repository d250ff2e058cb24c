import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export interface SelfSignedOptions {
  commonName?: string;
  altNames?: { dns?: string[]; ip?: string[] };
  days?: number;
}

export interface SelfSignedCertificate {
  /** PKCS#8 PEM private key. */
  key: string;
  /** PEM X.509 certificate; also usable as a client's `ca`, since it is its own CA. */
  cert: string;
  /** SHA-256 over the DER, `AB:CD:...`, identical to `X509Certificate#fingerprint256`. */
  fingerprint256: string;
}

// A minimal DER encoder: only the definite-length forms a certificate needs.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) {
    len = Buffer.from([n]);
  } else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const bits = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1]! & 0x80) === 0) i++;
  const body = b.subarray(i);
  // DER integers are signed: a set high bit would read as negative.
  return tlv(0x02, body[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on.
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) throw new TypeError(`not an IP address: ${ip}`);
  let text = ip.replace(/%.*$/, '');
  // An embedded dotted quad (::ffff:1.2.3.4) stands for the last two hextets.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number);
    text = text.slice(0, -quad[1]!.length) + `${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** A fresh P-256 key and a self-signed server certificate, built without any third-party ASN.1 library. */
export function createSelfSignedCertificate(opts: SelfSignedOptions = {}): SelfSignedCertificate {
  const commonName = opts.commonName ?? 'localhost';
  const days = opts.days ?? 365;
  if (!Number.isFinite(days) || days <= 0) throw new RangeError(`days must be a positive number, got ${days}`);
  const dns = [...new Set(['localhost', ...(opts.altNames?.dns ?? [])])];
  const ips = [...new Set(['127.0.0.1', ...(opts.altNames?.ip ?? [])])];

  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));

  const serial = randomBytes(16);
  // Positive and exactly 16 bytes long, so no DER trimming or sign padding is ever needed.
  serial[0] = (serial[0]! & 0x7f) | 0x40;

  const now = Date.now();
  const notBefore = new Date(now - 86_400_000);
  const notAfter = new Date(now + days * 86_400_000);

  // The key identifier lets strict verifiers (and the CA:TRUE role) link issuer and subject.
  const keyId = createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
  const san = seq(
    ...dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...ips.map((ip) => tlv(0x87, ipBytes(ip))),
  );
  const extensions = seq(
    extension('2.5.29.19', true, seq(bool(true))),
    // digitalSignature (bit 0) + keyCertSign (bit 5) = 0b10000100; the two trailing zero bits are "unused".
    extension('2.5.29.15', true, bits(Buffer.from([0x84]), 2)),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
    extension('2.5.29.17', false, san),
    extension('2.5.29.14', false, octets(keyId)),
  );

  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, bits(signature));

  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    fingerprint256: createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':'),
  };
}
