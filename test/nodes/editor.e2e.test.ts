import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/simulator';
import { freePort } from '../support/free-port';

/**
 * The editor in headless Chromium (Debian's, never a downloaded one) against a real `node-red`
 * process with this package installed in its user directory: configure the server in the dialog,
 * test the connection, deploy, pick an album from the NAS, deploy, press the inject button and read
 * the result in the debug sidebar. Saves the screenshot the README shows.
 */
// Callbacks of page.evaluate run in the browser; the test compiles without the DOM library.
declare const window: any;
declare const document: any;

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
// The README's picture is refreshed on request (UPDATE_SCREENSHOTS=1), so test runs leave the work tree clean.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS
  ? join(ROOT, 'docs', 'images', 'node-red-editor.png')
  : join(tmpdir(), 'photostation-node-red-editor.png');
const SECRET = 'e2e-Secret-pw-7781';


describe('Node-RED editor in Chromium (end to end)', function () {
  this.timeout(120000);
  let sim: Simulator;
  let dir: string;
  let nodeRed: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let port: number;
  let log = '';

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    sim = await startSimulator({ seed: 'demo', port: 0, host: '127.0.0.1' });
    await fetch(`${sim.origin}/__sim/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'editor', password: SECRET, admin: true }) });
    dir = mkdtempSync(join(tmpdir(), 'ps-editor-'));
    const userDir = join(dir, 'user');
    mkdirSync(join(userDir, 'node_modules', '@photostation'), { recursive: true });
    // What `npm install /path/to/this/repo` in the user directory leaves behind: a link to the package.
    symlinkSync(ROOT, join(userDir, 'node_modules', '@photostation', 'node-red-photostation'), 'dir');
    writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true, dependencies: { '@photostation/node-red-photostation': `file:${ROOT}` } }));
    port = await freePort();
    writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify({
      uiHost: '127.0.0.1', uiPort: port, flowFile: 'flows.json', credentialSecret: 'e2e-test-key',
      telemetry: { enabled: false }, editorTheme: { tours: false, projects: { enabled: false } },
      logging: { console: { level: 'info', metrics: false, audit: false } },
    })};\n`);
    nodeRed = spawn(process.execPath, [join(ROOT, 'node_modules', 'node-red', 'red.js'), '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' },
    });
    nodeRed.stdout!.on('data', (d) => { log += String(d); });
    nodeRed.stderr!.on('data', (d) => { log += String(d); });
    for (let i = 0; i < 300 && !/Started flows|Server now running/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(log, /Server now running/, log);
    assert.doesNotMatch(log, /photostation[^\n]*(error|Error)/, log);

    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (err) => { log += `\n[page error] ${err.message}`; });
    page.on('console', (m) => { if (m.type() === 'error') console.log(`[browser] ${m.text()}`); });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const shot = join(tmpdir(), 'photostation-editor-failure.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`screenshot of the failure: ${shot}\n--- node-red log ---\n${log}`);
    }
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    if (nodeRed && nodeRed.exitCode === null) {
      const exited = new Promise((r) => nodeRed!.once('exit', r));
      nodeRed.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (nodeRed.exitCode === null) nodeRed.kill('SIGKILL');
    }
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('configures a server, picks an album from the NAS, deploys, runs and shows the result', async () => {
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="photostation-album"]', { timeout: 30000 });
    for (const type of ['photostation-events', 'photostation-share', 'photostation-smart-album', 'photostation-photo']) {
      assert.equal(await page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`).count(), 1, type);
    }

    // An inject, an album node and a debug node, wired; the server config is empty.
    await page.evaluate((origin) => {
      const w = window as any;
      w.RED.view.importNodes([
        { id: 'e2einject', type: 'inject', name: 'get the album', props: [{ p: 'payload' }], payload: '', payloadType: 'date', repeat: '', once: false, x: 160, y: 120, wires: [['e2ealbum']] },
        { id: 'e2ealbum', type: 'photostation-album', name: '', server: 'e2eserver', operation: 'album.get', fields: {}, version: 1, x: 380, y: 120, wires: [['e2edebug']] },
        { id: 'e2edebug', type: 'debug', name: 'result', active: true, tosidebar: true, console: false, complete: 'payload', targetType: 'msg', x: 600, y: 120, wires: [] },
        { id: 'e2eserver', type: 'photostation-server', name: 'simulator', url: origin, username: '', watch: false, interval: 60, reconcile: 60, version: 1 },
      ], { generateIds: false, addFlow: false, touchImport: true, notify: false });
      w.RED.view.select({ nodes: [] });
    }, sim.origin);

    // The album node's dialog: the operation select is the album group of the catalogue.
    await page.locator('#e2ealbum rect.red-ui-flow-node').dblclick();
    await page.waitForSelector('#node-input-operation option[value="album.toggle_password"]', { state: 'attached' });
    const operations = await page.$$eval('#node-input-operation option', (os) => os.map((o) => (o as any).value));
    assert.deepEqual(operations, ['album.list', 'album.get', 'album.create', 'album.delete', 'album.set_protection', 'album.toggle_password', 'album.grant', 'album.revoke', 'msg']);

    // Edit the server config from there: user, password, test connection.
    await page.locator('#node-input-btn-server-edit').click();
    await page.waitForSelector('#node-config-input-url');
    await page.fill('#node-config-input-username', 'editor');
    await page.fill('#node-config-input-password', SECRET);
    await page.click('#node-config-input-test');
    await page.waitForSelector('#node-config-input-test-result.photostation-ok', { timeout: 15000 });
    assert.match(await page.textContent('#node-config-input-test-result') ?? '', /editor, \d+/);
    await page.click('#node-config-dialog-ok');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
    await page.click('#node-dialog-ok');

    await deploy(page);

    // With the server deployed, the album picker lists what the NAS holds.
    await page.locator('#e2ealbum rect.red-ui-flow-node').dblclick();
    await page.waitForSelector('#node-input-ps-pick-album option[value="Kids"]', { state: 'attached', timeout: 15000 });
    const albums = await page.$$eval('#node-input-ps-pick-album option', (os) => os.map((o) => (o as any).value));
    assert.ok(albums.includes('Family') && albums.includes('Party 2026'), albums.join());
    await page.selectOption('#node-input-ps-pick-album', 'Kids');
    assert.equal(await page.inputValue('#node-input-ps-f-album'), 'Kids');
    mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
    await page.click('#node-dialog-ok');

    await deploy(page);

    // Press the inject button and read the debug sidebar.
    await page.evaluate(() => window.RED.sidebar.show('debug'));
    await page.locator('#e2einject .red-ui-flow-node-button-button').click();
    const message = page.locator('.red-ui-debug-msg', { hasText: 'Kids' }).first();
    await message.waitFor({ timeout: 15000 });
    const text = await message.textContent();
    assert.match(text ?? '', /path: "Kids"/);
    // The README's picture: the dialog with the picker filled from the NAS, the result beside it.
    await page.locator('#e2ealbum rect.red-ui-flow-node').dblclick();
    await page.waitForSelector('#node-input-ps-pick-album option[value="Kids"]', { state: 'attached', timeout: 15000 });
    await page.evaluate(() => document.querySelectorAll('.red-ui-notification').forEach((n: any) => n.remove()));
    await page.screenshot({ path: SCREENSHOT });
    await page.click('#node-dialog-cancel');

    // The flow as exported has no trace of the password, nor has the log.
    const exported = await page.evaluate(() => JSON.stringify(window.RED.nodes.createCompleteNodeSet()));
    assert.ok(!exported.includes(SECRET));
    const flows = await (await fetch(`http://127.0.0.1:${port}/flows`)).text();
    assert.ok(!flows.includes(SECRET));
    assert.ok(!log.includes(SECRET));
    assert.doesNotMatch(log, /\[page error\]/, log);
  });
});

async function deploy(page: Page): Promise<void> {
  await page.click('#red-ui-header-button-deploy');
  await page.waitForSelector('.red-ui-notification', { timeout: 15000 });
  await page.waitForFunction(() => document.querySelector('#red-ui-header-button-deploy')?.classList.contains('disabled'), null, { timeout: 15000 });
  await page.evaluate(() => document.querySelectorAll('.red-ui-notification').forEach((n: any) => n.remove()));
}
