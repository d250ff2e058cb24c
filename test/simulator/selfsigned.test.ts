import { strict as assert } from 'node:assert';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { get, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate } from '../../src/simulator/selfsigned';

function fetchBody(port: number, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // agent:false so no keep-alive socket outlives the test and holds mocha open.
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('simulator self-signed certificate', () => {
  const made = Date.now();
  const { key, cert, fingerprint256 } = createSelfSignedCertificate();
  const x509 = new X509Certificate(cert);

  it('parses, self-verifies and reports the same fingerprint', () => {
    assert.equal(x509.fingerprint256, fingerprint256);
    assert.match(fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(x509.verify(x509.publicKey));
    assert.ok(x509.checkPrivateKey(createPrivateKey(key)));
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(x509.ca, true);
    assert.equal(x509.subject, 'CN=localhost');
    assert.equal(x509.issuer, x509.subject);
    assert.deepEqual(x509.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('covers localhost and 127.0.0.1 and the requested validity window', () => {
    assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(x509.checkHost('localhost'), 'localhost');
    const day = 86_400_000;
    const from = Date.parse(x509.validFrom);
    const to = Date.parse(x509.validTo);
    assert.ok(Math.abs(from - (made - day)) < 60_000, x509.validFrom);
    assert.ok(Math.abs(to - (made + 365 * day)) < 60_000, x509.validTo);
  });

  it('adds extra names, honours days past 2049 and makes distinct certificates', () => {
    const other = createSelfSignedCertificate({
      commonName: 'Photo Station simulator',
      altNames: { dns: ['photostation.local'], ip: ['::1', '192.168.1.20'] },
      days: 36500,
    });
    const x = new X509Certificate(other.cert);
    assert.equal(x.subject, 'CN=Photo Station simulator');
    assert.equal(x.checkHost('photostation.local'), 'photostation.local');
    assert.equal(x.checkHost('localhost'), 'localhost');
    assert.equal(x.checkIP('::1'), '::1');
    assert.equal(x.checkIP('192.168.1.20'), '192.168.1.20');
    assert.equal(x.checkIP('10.0.0.1'), undefined);
    assert.ok(new Date(x.validTo).getUTCFullYear() > 2100);
    assert.ok(x.verify(x.publicKey));
    assert.notEqual(x.serialNumber, x509.serialNumber);
    assert.notEqual(other.fingerprint256, fingerprint256);
    assert.throws(() => createSelfSignedCertificate({ days: 0 }), RangeError);
  });

  describe('with a real HTTPS server', () => {
    let server: Server;
    let port: number;

    before(async () => {
      server = createServer({ key, cert }, (_req, res) => res.end('photostation'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('is trusted by a verifying client given the certificate as ca', async () => {
      assert.equal(await fetchBody(port, cert), 'photostation');
    });

    it('is rejected by a verifying client without it', async () => {
      await assert.rejects(fetchBody(port), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        return true;
      });
    });
  });
});
