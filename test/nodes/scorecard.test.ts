import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCatalogue } from '../../src/actions';
import { EVENT_NAMES } from '../../src/watch';

/**
 * The Node-RED Flow Library's scorecard (what `node-red-dev validate` checks, which needs the Flow
 * Library's servers), plus what makes the package complete: icons, texts in both languages, help.
 */
const ROOT = join(__dirname, '..', '..');
// semver ships no types; the two calls used here are typed where they are used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver: { validRange(r: string): string | null; satisfies(v: string, r: string): boolean } = require('semver');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const nodes: Record<string, string> = pkg['node-red']?.nodes ?? {};
const types = Object.keys(nodes);
const CONFIG_TYPES = ['photostation-server'];
const GROUPS: Record<string, string> = {
  'photostation-album': 'album', 'photostation-share': 'share', 'photostation-smart-album': 'smart_album', 'photostation-photo': 'photo',
};
const LANGS = ['en-US', 'de'];
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');

function keys(obj: unknown, prefix = ''): string[] {
  if (!obj || typeof obj !== 'object') return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

describe('Node-RED Flow Library scorecard', () => {
  it('has a scoped name, a license, a repository and the node-red keyword', () => {
    assert.match(pkg.name, /^@[a-z0-9-~][a-z0-9-._~]*\/[a-z0-9-~][a-z0-9-._~]*$/);
    assert.ok(typeof pkg.license === 'string' && pkg.license.length > 0);
    assert.ok(pkg.repository && typeof pkg.repository.url === 'string' && pkg.repository.url.length > 0);
    assert.ok(pkg.keywords.includes('node-red'));
  });

  it('declares node-red.version >=4.0.0 and an engines.node range with Node 20 and 22.9', () => {
    assert.equal(pkg['node-red'].version, '>=4.0.0');
    assert.ok(semver.validRange(pkg['node-red'].version));
    const range = pkg.engines.node;
    assert.ok(semver.validRange(range), range);
    for (const v of ['20.0.0', '20.19.0', '22.9.0', '22.12.0']) assert.ok(semver.satisfies(v, range), `${v} outside ${range}`);
  });

  it('has at most 6 runtime dependencies', () => {
    assert.ok(Object.keys(pkg.dependencies ?? {}).length <= 6, Object.keys(pkg.dependencies).join(', '));
  });

  it('lists the six node types, each with a .js and a same-named .html holding a literal registerType', () => {
    assert.deepEqual(types.sort(), ['photostation-album', 'photostation-events', 'photostation-photo', 'photostation-server', 'photostation-share', 'photostation-smart-album']);
    for (const [type, file] of Object.entries(nodes)) {
      assert.match(file, /\.js$/);
      assert.ok(existsSync(join(ROOT, file)), file);
      const html = file.replace(/\.js$/, '.html');
      assert.ok(existsSync(join(ROOT, html)), html);
      const registers = new RegExp(String.raw`RED\.nodes\.registerType\(\s*['"]${type}['"]\s*,\s*\{`);
      assert.match(read(html), registers, `${html} lacks RED.nodes.registerType('${type}', {…})`);
      assert.match(read(file), new RegExp(String.raw`registerType\(\s*['"]${type}['"]`), `${file} does not register ${type}`);
    }
  });

  it('ships the nodes and the examples (package.json files)', () => {
    for (const dir of ['nodes/', 'examples/', 'dist/']) assert.ok(pkg.files.includes(dir), dir);
  });

  it('has examples that use every non-config node', () => {
    const dir = join(ROOT, 'examples');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const flow = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      assert.ok(Array.isArray(flow), f);
      for (const n of flow) used.add(n.type);
      // Credentials are never part of an example.
      assert.ok(flow.every((n: any) => n.credentials === undefined), f);
    }
    for (const type of types.filter((t) => !CONFIG_TYPES.includes(t))) assert.ok(used.has(type), `no example uses ${type}`);
  });

  it('has an SVG icon for every node, and each .html names an existing one', () => {
    for (const type of types) {
      assert.ok(existsSync(join(ROOT, 'nodes', 'icons', `${type}.svg`)), type);
      const icon = read(nodes[type].replace(/\.js$/, '.html')).match(/icon:\s*'([^']+)'/);
      if (icon) assert.ok(existsSync(join(ROOT, 'nodes', 'icons', icon[1])), icon[1]);
    }
  });

  it('has texts and help in en-US and de with the same keys', () => {
    for (const type of types) {
      const [en, de] = LANGS.map((l) => JSON.parse(read('nodes', 'locales', l, `${type}.json`)));
      assert.deepEqual(keys(de), keys(en), `${type}: de and en-US keys differ`);
      for (const l of LANGS) assert.match(read('nodes', 'locales', l, `${type}.html`), new RegExp(`data-help-name="${type}"`));
    }
  });

  it('names every operation and every input field in both languages', () => {
    for (const l of LANGS) {
      const texts = JSON.parse(read('nodes', 'locales', l, 'photostation-server.json'))['photostation-server'];
      for (const a of describeCatalogue()) {
        assert.ok(texts.operations[a.name as string], `${l}: operation ${a.name}`);
        for (const f of a.input as Array<{ name: string }>) assert.ok(texts.fields[f.name], `${l}: field ${f.name}`);
      }
    }
  });

  it('has help in the Inputs / Outputs / Details layout that lists every operation', () => {
    const heads: Record<string, string[]> = { 'en-US': ['Inputs', 'Outputs', 'Details'], de: ['Eingaben', 'Ausgaben', 'Details'] };
    for (const l of LANGS) {
      for (const [type, group] of Object.entries(GROUPS)) {
        const help = read('nodes', 'locales', l, `${type}.html`);
        for (const h of heads[l]) assert.ok(help.includes(`<h3>${h}</h3>`), `${l} ${type}: ${h}`);
        for (const a of describeCatalogue().filter((x) => x.group === group)) assert.ok(help.includes(`<code>${a.name}</code>`), `${l} ${type}: ${a.name}`);
      }
      const events = read('nodes', 'locales', l, 'photostation-events.html');
      assert.ok(events.includes(`<h3>${heads[l][1]}</h3>`) && events.includes('<h3>Details</h3>'));
      for (const e of EVENT_NAMES) assert.ok(events.includes(e), `${l} events help: ${e}`);
      assert.ok(read('nodes', 'locales', l, 'photostation-server.html').includes('<h3>Details</h3>'));
    }
  });

  it('offers every event type in the events node dialog', () => {
    const html = read('nodes', 'photostation-events.html');
    for (const e of EVENT_NAMES) assert.ok(html.includes(`value="${e}"`), e);
  });
});
