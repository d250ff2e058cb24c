// The bridge's YAML config: defaults, secrets from the environment or files, and refusals that name
// the line and the problem without ever quoting a secret.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/bridge/config';

const MINIMAL = `broker:
  url: mqtt://127.0.0.1:1883
stations:
  - name: home
    url: http://127.0.0.1:5080
    user: admin
    password_env: NAS_PW
`;

const ENV = { NAS_PW: 'nas-Secret-123', HOME: '/home/test' };

function refused(text: string, line: number | undefined, message: RegExp, env: NodeJS.ProcessEnv = ENV): ConfigError {
  try {
    parseConfig(text, 'bridge.yaml', env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.line, line, `line of: ${err.message}`);
    assert.match(err.message, message);
    assert.ok(err.message.startsWith(line === undefined ? 'bridge.yaml: ' : `bridge.yaml:${line}: `), err.message);
    for (const secret of Object.values(env)) if (secret && secret.length > 5 && secret !== '/home/test') assert.equal(err.message.includes(secret), false);
    return err;
  }
  assert.fail('expected the config to be refused');
}

describe('bridge config', () => {
  it('fills in the defaults', () => {
    const c = parseConfig(MINIMAL, '/etc/photostation/bridge.yaml', ENV);
    assert.equal(c.baseTopic, 'photostation');
    assert.equal(c.broker.protocolVersion, 5);
    assert.match(c.broker.clientId, /^photostation_[0-9a-f]{8}$/);
    assert.equal(c.homeassistant.enabled, false);
    assert.equal(c.homeassistant.discoveryPrefix, 'homeassistant');
    assert.equal(c.homeassistant.statusTopic, 'homeassistant/status');
    assert.equal(c.actions.readOnly, false);
    assert.equal(c.actions.allow, undefined);
    assert.equal(c.concurrency, 4);
    assert.deepEqual(c.stations[0].polling, { intervalMs: 60_000, reconcileMs: 3_600_000 });
    assert.equal(c.stations[0].password, 'nas-Secret-123');
    assert.equal(c.stations[0].albumState, 'all');
    assert.ok(c.stations[0].dataDir.endsWith(path.join('photostation', 'bridge', 'home')));
    assert.deepEqual(c.secrets, ['nas-Secret-123']);
  });

  it('reads the example config (examples/bridge.yaml)', () => {
    const c = loadConfig(path.join(__dirname, '..', '..', 'examples', 'bridge.yaml'), { NAS_PASSWORD: 'admin', KIDS_ALBUM_PASSWORD: 'kids' });
    assert.equal(c.schedules.length, 2);
    assert.equal(c.schedules[0].action, 'share.revoke');
    assert.equal(c.stations[0].albums[0].password, 'kids');
    assert.equal(c.homeassistant.enabled, true);
  });

  it('reads secrets from files, relative to the config file, without the trailing newline', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-conf-'));
    try {
      writeFileSync(path.join(dir, 'nas.pw'), 'from-a-file\n');
      writeFileSync(path.join(dir, 'mqtt.pw'), 'mqtt-file-pw');
      const file = path.join(dir, 'bridge.yaml');
      writeFileSync(file, MINIMAL.replace('password_env: NAS_PW', 'password_file: nas.pw').replace('  url: mqtt://127.0.0.1:1883', '  url: mqtt://127.0.0.1:1883\n  username: bridge\n  password_file: mqtt.pw'));
      const c = loadConfig(file, {});
      assert.equal(c.stations[0].password, 'from-a-file');
      assert.equal(c.broker.password, 'mqtt-file-pw');
      assert.deepEqual(c.secrets.sort(), ['from-a-file', 'mqtt-file-pw']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the line of an unknown key, with a suggestion', () => {
    refused(MINIMAL.replace('    user: admin', '    usr: admin'), 6, /stations\[0\]\.usr: unknown key \(did you mean "user"\?\)/);
    refused(`${MINIMAL}homeassistent:\n  enabled: true\n`, 8, /homeassistent: unknown key \(did you mean "homeassistant"\?\)/);
  });

  it('names the line of a bad value', () => {
    refused(MINIMAL.replace('mqtt://127.0.0.1:1883', 'http://broker'), 2, /broker\.url: the scheme must be mqtt/);
    refused(MINIMAL.replace('name: home', 'name: Home Station'), 4, /stations\[0\]\.name: expected a short lower-case name/);
    refused(`${MINIMAL}concurrency: many\n`, 8, /concurrency: expected a whole number/);
    refused(`${MINIMAL}    polling:\n      interval: soon\n`, 9, /stations\[0\]\.polling\.interval: expected a duration/);
    refused(`${MINIMAL}    polling:\n      quiet_hours: { from: "25:00", to: "06:00" }\n`, 9, /quiet_hours\.from: expected a time/);
    refused(`${MINIMAL}base_topic: "a/#"\n`, 8, /base_topic: expected a topic without wildcards/);
    refused(MINIMAL.replace('http://127.0.0.1:5080', 'http://admin:pw@nas'), 5, /not in the URL/);
  });

  it('names the line of a missing environment variable, and never prints the value of a set one', () => {
    refused(MINIMAL, 7, /the environment variable NAS_PW is not set/, {});
    refused(MINIMAL.replace('password_env: NAS_PW', 'password_env: NAS_PW\n    password: inline-secret-value'), 7, /give only one of password, password_env/);
  });

  it('checks schedules: the cron expression, the time zone, the action, its input, the station', () => {
    const schedule = (body: string): string => `${MINIMAL}schedules:\n  - name: nightly\n${body}`;
    refused(schedule('    cron: "61 2 * * *"\n    action: share.list\n'), 10, /cron: not a valid cron expression \(61 is a invalid expression for minute\)/);
    refused(schedule('    cron: "0 2 * * *"\n    timezone: Mars/Olympus\n    action: share.list\n'), 11, /timezone: unknown time zone/);
    refused(schedule('    cron: "0 2 * * *"\n    action: share.explode\n'), 11, /unknown action "share.explode"/);
    refused(schedule('    cron: "0 2 * * *"\n    action: share.revoke\n    input:\n      older_than: soon\n'), 13, /input\.older_than: expected a duration/);
    refused(schedule('    cron: "0 2 * * *"\n    station: garage\n    action: share.list\n'), 11, /no station named "garage"/);
    refused(schedule('    cron: "0 2 * * *"\n'), 9, /action: expected a non-empty text/);
    const ok = parseConfig(schedule('    cron: "0 2 * * *"\n    action: share.revoke\n    input: { older_than: 7d }\n    jitter: 90\n'), 'bridge.yaml', ENV);
    assert.equal(ok.schedules[0].jitterMs, 90_000);
    assert.equal(ok.schedules[0].station, 'home');
  });

  it('refuses schedules the action policy would refuse anyway', () => {
    const text = `${MINIMAL}actions:\n  read_only: true\nschedules:\n  - name: nightly\n    cron: "0 2 * * *"\n    action: share.revoke\n    input: { older_than: 7d }\n`;
    refused(text, 13, /read-only and share.revoke changes the station/);
    refused(`${MINIMAL}actions:\n  allow: [album.get, share.explode]\n`, 9, /unknown action "share.explode"/);
  });

  it('refuses YAML that is not YAML, empty files, duplicate keys and duplicate names', () => {
    refused('broker:\n  url: [\n', 3, /not valid YAML/);
    refused('', undefined, /the file is empty/);
    refused(`${MINIMAL}base_topic: a\nbase_topic: b\n`, 9, /not valid YAML: Map keys must be unique/);
    refused(`${MINIMAL}  - name: home\n    url: http://other\n`, 8, /a second station named "home"/);
    refused('broker:\n  url: mqtt://x\n', 1, /stations: expected a list/);
  });
});
