// The browsers the package's README says it runs in are the earliest with every WebAssembly
// feature the built module uses (as binaryen reads them from it) and the web features the
// package's modules need. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The first version of each browser to run a feature by default, from the WebAssembly feature
// table (webassembly.org/features) and MDN's compatibility data.
const WASM_FEATURES = {
  'mutable-globals': { chrome: 74, firefox: 61, safari: 13.1 },
  'nontrapping-float-to-int': { chrome: 75, firefox: 64, safari: 15 },
  'sign-ext': { chrome: 74, firefox: 62, safari: 14.1 },
  'bulk-memory': { chrome: 75, firefox: 79, safari: 15 },
  // memory.copy and memory.fill alone: a part of bulk memory.
  'bulk-memory-opt': { chrome: 75, firefox: 79, safari: 15 },
  multivalue: { chrome: 85, firefox: 78, safari: 13.1 },
  'reference-types': { chrome: 96, firefox: 79, safari: 15 },
  // The table index of call_indirect as a LEB: a part of reference types.
  'call-indirect-overlong': { chrome: 96, firefox: 79, safari: 15 },
  simd: { chrome: 91, firefox: 89, safari: 16.4 },
};
// Module workers (the worker client and the element), and Object.hasOwn (customer-pages.js).
const WEB_FEATURES = [
  { chrome: 80, firefox: 114, safari: 15 },
  { chrome: 93, firefox: 92, safari: 15.4 },
];

test('the README names the earliest browsers that run the module and the package', () => {
  const features = execFileSync(join(ROOT, 'node_modules/.bin/wasm-opt'), ['pkg/custval_bg.wasm', '--print-features'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n')
    .map((line) => line.replace(/^--enable-/, ''));
  const unknown = features.filter((feature) => !WASM_FEATURES[feature]);
  assert.deepEqual(unknown, [], 'a WebAssembly feature without its first browser versions here');
  const needs = [...features.map((feature) => WASM_FEATURES[feature]), ...WEB_FEATURES];
  const earliest = (browser) => Math.max(...needs.map((versions) => versions[browser]));
  const readme = readFileSync(join(ROOT, 'npm/README.md'), 'utf8');
  const [, chrome, firefox, safari] = readme.match(/Chrome and Edge ([\d.]+)\+, Firefox ([\d.]+)\+, Safari ([\d.]+)\+/);
  assert.deepEqual(
    { chrome: Number(chrome), firefox: Number(firefox), safari: Number(safari) },
    { chrome: earliest('chrome'), firefox: earliest('firefox'), safari: earliest('safari') },
  );
});
