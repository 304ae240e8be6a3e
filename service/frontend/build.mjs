// Builds the sample frontend without dependencies: `node build.mjs [OUT_DIR]` (default: dist next to this file).
// app.js and app.css get a content hash in their names under assets/ and index.html is rewritten to
// name them, so they can be cached for a year; everything else is copied as it is.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'src');
const out = resolve(process.argv[2] ?? join(here, 'dist'));
const HASHED = ['app.js', 'app.css'];

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

let index = readFileSync(join(source, 'index.html'), 'utf8');
for (const name of HASHED) {
  const content = readFileSync(join(source, name));
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 10);
  const dot = name.lastIndexOf('.');
  const hashedName = `assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  writeFileSync(join(out, hashedName), content);
  index = index.replaceAll(`"/${name}"`, `"/${hashedName}"`);
}
writeFileSync(join(out, 'index.html'), index);
for (const name of readdirSync(source)) {
  if (name !== 'index.html' && !HASHED.includes(name)) copyFileSync(join(source, name), join(out, name));
}
process.stdout.write(`built ${out}\n`);
