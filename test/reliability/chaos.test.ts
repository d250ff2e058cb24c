// The chaos run of scripts/chaos.ts in its short form (about 25 s). The long form is the same script:
// `npm run chaos -- --duration 1h`, or here with PHOTOSTATION_CHAOS_DURATION=1h.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChaosReport } from '../../scripts/chaos';

const ROOT = path.resolve(__dirname, '..', '..');

describe('reliability: chaos run (scripts/chaos.ts)', function () {
  const duration = process.env.PHOTOSTATION_CHAOS_DURATION ?? '22s';
  const seed = process.env.PHOTOSTATION_CHAOS_SEED ?? '7';
  this.timeout(duration.endsWith('h') ? 2 * 3_600_000 : 240_000);
  let report: ChaosReport;
  let output = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-chaos-test-'));

  before(async function () {
    // The bridge runs as `node bin/photostation.js`, i.e. from dist/.
    assert.ok(existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')), 'build first (npx tsc -p tsconfig.json)');
    const json = path.join(dir, 'report.json');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', '--duration', duration, '--seed', seed, '--json', json], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.ok(existsSync(json), `the script wrote no report (exit ${code}):\n${output}`);
    report = JSON.parse(readFileSync(json, 'utf8')) as ChaosReport;
    if (process.env.PHOTOSTATION_CHAOS_PRINT) console.log(output);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every check of the run', () => {
    const failed = report.checks.filter((c) => !c.ok);
    assert.deepEqual(failed, [], output);
    assert.ok(report.ok);
  });

  it('really was chaotic: every fault kind, bridge kills, a broker restart, traffic both ways', () => {
    const f = report.figures;
    for (const kind of ['expire_session', 'kick', 'http', 'latency', 'drop', 'garbage']) {
      assert.ok(Number(f[`  ${kind}`]) > 0, `no ${kind} fault was injected\n${output}`);
    }
    // At least one SIGKILL and restart of the bridge; on a loaded machine the short form may fit only one.
    assert.ok(Number(String(f['bridge processes (SIGKILL restarts)']).split(' ')[0]) >= 2, output);
    assert.ok(Number(f['Mosquitto restarts']) >= 1, output);
    assert.ok(Number(f['answered exactly once']) >= 200, output);
    assert.ok(Number(f['distinct event_ids']) >= 50, output);
    assert.ok(Number(f['changes in the simulator log']) >= 100, output);
    assert.ok(Number(f['session ids collected']) >= 2, output);
  });
});
