import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_NAMES } from '../../src/actions';
import { refreshGenerated } from '../../src/actions/reference';

const root = join(__dirname, '..', '..');
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

describe('generated documentation', () => {
  for (const file of docs) {
    it(`${file} holds the current catalogue (npm run docs regenerates it)`, () => {
      const text = readFileSync(join(root, file), 'utf8');
      assert.equal(refreshGenerated(text), text);
    });
  }

  it('docs/actions.md lists every action', () => {
    const text = readFileSync(join(root, 'docs', 'actions.md'), 'utf8');
    for (const name of ACTION_NAMES) assert.ok(text.includes(`| \`${name}\` |`), name);
  });
});
