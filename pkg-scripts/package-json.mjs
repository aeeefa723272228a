// Turns wasm-pack's output in pkg/ into the published package: its manifest (the `exports` map
// per environment, a tight `files` list) and version.js, which the API exports as `version`.
// The package's own modules (npm/) are copied next to the glue by build.sh beforehand.
//
//   node pkg-scripts/package-json.mjs pkg/package.json

import { readFile, writeFile } from 'node:fs/promises';

const path = process.argv[2];
if (!path) throw new Error('usage: node pkg-scripts/package-json.mjs pkg/package.json');

const generated = JSON.parse(await readFile(path, 'utf8'));
const manifest = {
  name: generated.name,
  version: generated.version,
  description: generated.description,
  license: generated.license,
  keywords: generated.keywords,
  ...(generated.repository && { repository: generated.repository }),
  type: 'module',
  // Only what the entries import; no tests, no source maps, not the glue's own declarations.
  files: [
    'README.md',
    'LICENSE-MIT',
    'LICENSE-APACHE',
    'custval.js',
    'custval_bg.wasm',
    'report.d.ts',
    'version.js',
    'api.js',
    'index.js',
    'index.d.ts',
    'node.js',
    'worker-client.js',
    'worker-client.d.ts',
    'analysis-worker.js',
    'clv-worker.js',
    'clv-port.js',
    'report-view.js',
    'customer-pages.js',
    'i18n.js',
    'charts.js',
    'charts.d.ts',
    'echarts.js',
    'echarts.LICENSE.txt',
    'report.css',
    'report-element.js',
    'report-element.d.ts',
  ],
  exports: {
    // Node reads the .wasm with fs; browsers and bundlers find it by `new URL(…, import.meta.url)`.
    '.': { types: './index.d.ts', node: './node.js', default: './index.js' },
    './worker': { types: './worker-client.d.ts', default: './worker-client.js' },
    './element': { types: './report-element.d.ts', default: './report-element.js' },
    './charts': { types: './charts.d.ts', default: './charts.js' },
    './report.css': './report.css',
    './package.json': './package.json',
  },
  main: './node.js',
  module: './index.js',
  types: './index.d.ts',
  // The workers set their message handlers on load, the element defines itself, the ECharts
  // bundle registers its chart types and the stylesheet styles what imports it (`import
  // 'custval/report.css'`, which a bundler would otherwise drop); every other module only declares.
  sideEffects: ['./analysis-worker.js', './clv-worker.js', './report-element.js', './echarts.js', './report.css'],
  engines: { node: '>=20' },
};
await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
await writeFile(
  new URL('version.js', new URL(path, `file://${process.cwd()}/`)),
  `// Written by pkg-scripts/package-json.mjs from the crate version.\nexport const version = ${JSON.stringify(manifest.version)};\n`,
);
