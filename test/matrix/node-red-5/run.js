#!/usr/bin/env node
'use strict';
/*
 * The Node-RED 5 half of the test matrix: the same test files as `npm test` runs against Node-RED 4 on
 * the machine's Node 20, here run by the Node 22 binary of the npm `node` package against this
 * folder's Node-RED 5 (test/nodes/rig.ts picks the helper and runtime from PHOTOSTATION_NR_MODULES).
 * Install first: `npm ci --prefix test/matrix/node-red-5` (.ci/run does).
 */
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const here = __dirname;
const root = join(here, '..', '..', '..');
const modules = join(here, 'node_modules');
const node22 = join(modules, 'node', 'bin', 'node');
for (const needed of [node22, join(modules, 'node-red', 'package.json'), join(modules, 'node-red-node-test-helper', 'package.json')]) {
  if (!existsSync(needed)) {
    console.error(`missing ${needed}: run \`npm ci --prefix test/matrix/node-red-5\` first`);
    process.exit(1);
  }
}
const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
const nodeRed = require(join(modules, 'node-red', 'package.json')).version;
console.log(`Node-RED ${nodeRed} on Node ${version}`);
if (!/^v22\./.test(version) || !/^5\./.test(nodeRed)) {
  console.error('expected Node 22 and Node-RED 5');
  process.exit(1);
}

// The browser test drives a real Node-RED 4 process once; everything else runs here again.
const files = process.argv.slice(2).length ? process.argv.slice(2) : ['test/nodes/*.test.ts'];
const result = spawnSync(node22, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--ignore', 'test/nodes/*.e2e.test.ts', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PHOTOSTATION_NR_MODULES: modules },
});
process.exit(result.status ?? 1);
