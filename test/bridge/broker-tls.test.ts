// The bridge on a broker that speaks TLS (mqtts://, Mosquitto with a self-signed certificate): it works
// with the broker's CA in `broker.tls.ca`, and fails closed, saying why, without it or with another CA.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Bridge } from '../../src/bridge/bridge';
import { parseConfig } from '../../src/bridge/config';
import { startSimulator, type Simulator } from '../../src/simulator';
import { createSelfSignedCertificate } from '../../src/simulator/selfsigned';
import { Broker, Recorder, sleep, until } from './helpers';

describe('bridge on a TLS broker (mqtts://)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-broker-tls-'));
  const cert = createSelfSignedCertificate({ commonName: '127.0.0.1', altNames: { ip: ['127.0.0.1'] } });
  const other = createSelfSignedCertificate({ commonName: '127.0.0.1', altNames: { ip: ['127.0.0.1'] } });
  let sim: Simulator;
  let broker: Broker;

  before(async () => {
    sim = await startSimulator({ seed: 'demo', host: '127.0.0.1', port: 0 });
    broker = await new Broker(false, cert).start();
    writeFileSync(path.join(dir, 'broker-ca.pem'), cert.cert);
    writeFileSync(path.join(dir, 'other-ca.pem'), other.cert);
  });
  after(async () => {
    await broker?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bridgeWith = (tls: string, logs: string[]): Bridge => {
    const file = path.join(dir, 'bridge.yaml');
    const yaml = `broker:\n  url: ${broker.url}\n  reconnect: { min: 200ms, max: 1s }\n${tls}`
      + `stations:\n  - name: home\n    url: ${sim.origin}\n    user: admin\n    password: admin\n    polling: false\n    data_dir: ${dir}/home\n`;
    writeFileSync(file, yaml);
    return new Bridge({ config: parseConfig(yaml, file, {}), logSink: (line) => logs.push(line) });
  };

  it('connects with the broker\'s CA and answers requests over TLS', async () => {
    const logs: string[] = [];
    const bridge = bridgeWith('  tls:\n    ca: broker-ca.pem\n', logs);
    const client = await Recorder.connect(broker.url, { ca: cert.cert, subscribe: ['photostation/#'] });
    try {
      bridge.start();
      await client.waitFor('online', (s) => s.topic === 'photostation/bridge/state' && s.text === 'online', 20_000);
      assert.equal((await client.request('photostation', 'album.get', { album: 'Family' })).status, 'ok');
    } finally {
      await client.close();
      await bridge.stop();
    }
  });

  for (const [name, tls] of [
    ['without a CA (verification is on by default)', ''],
    ['with another CA', '  tls:\n    ca: other-ca.pem\n'],
  ] as const) {
    it(`refuses the broker ${name}, and says why in its log`, async () => {
      const logs: string[] = [];
      const bridge = bridgeWith(tls, logs);
      try {
        bridge.start();
        await until('a TLS error in the log', () => logs.some((l) => /certificate is not trusted: give its CA as broker\.tls\.ca/.test(l)), 10_000);
        await sleep(1000);
        assert.equal(bridge.connection.connected, false);
        assert.equal(bridge.connection.connects, 0, logs.join('\n'));
      } finally {
        await bridge.stop();
      }
    });
  }
});
