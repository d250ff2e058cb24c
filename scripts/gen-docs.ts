// Regenerates the marked sections of README.md and docs/*.md from the catalogue (npm run docs).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshGenerated } from '../src/actions/reference';

const root = join(__dirname, '..');
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
for (const file of files) {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = refreshGenerated(before);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${file}`);
  }
}
