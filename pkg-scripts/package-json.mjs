// Adds what wasm-pack's generated package.json lacks: the generated report.d.ts in `files`,
// and the project's metadata.
//
//   node pkg-scripts/package-json.mjs pkg/package.json

import { readFile, writeFile } from 'node:fs/promises';

const path = process.argv[2];
if (!path) throw new Error('usage: node pkg-scripts/package-json.mjs pkg/package.json');

const manifest = JSON.parse(await readFile(path, 'utf8'));
manifest.files = [...new Set([...(manifest.files ?? []), 'report.d.ts'])];
manifest.sideEffects = manifest.sideEffects ?? ['./snippets/*'];
await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
