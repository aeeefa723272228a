// The wasm build's stages, timed one by one in Node's V8 (the engine of Chromium): the file
// pushed into an `Analysis` in 64 KiB pieces as the package pushes it, the customers
// summarised, the lifetime-value models fitted, the customers scored and clustered (k chosen by
// silhouette, as in the page), the report finished, and its summary and first table page made.
// In the page the fit runs in a second worker beside the scoring; here they run in turn.
// Several passes in one process: the first runs while V8 is still optimising the code.
//
//   node benches/node/wasm-stages.mjs FILE [passes]
//
// Needs pkg/ (pkg-scripts/build.sh). Prints milliseconds per stage and the reading's MB/s, and
// after the first pass the module's memory after each stage.

import { readFileSync } from 'node:fs';

import { Analysis, fitClvModels, initSync } from '../../pkg/custval.js';

const [file, passes = '4'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/node/wasm-stages.mjs FILE [passes]');
  process.exit(2);
}
const { memory } = initSync({ module: readFileSync(new URL('../../pkg/custval_bg.wasm', import.meta.url)) });
const bytes = readFileSync(file);
const PIECE = 1 << 16;

for (let pass = 1; pass <= Number(passes); pass++) {
  const times = {};
  const mebibytes = {};
  let clock = performance.now();
  const lap = (stage) => {
    const now = performance.now();
    times[stage] = Math.round(now - clock);
    mebibytes[stage] = (memory.buffer.byteLength / 2 ** 20).toFixed(1);
    clock = now;
  };
  const analysis = new Analysis({ clusters: 'auto' });
  analysis.expectBytes(bytes.length);
  for (let start = 0; start < bytes.length; start += PIECE) analysis.push(bytes.subarray(start, start + PIECE));
  lap('push');
  const read = analysis.readCustomers();
  lap('readCustomers');
  const inputs = read.clvInputs();
  const models = inputs && fitClvModels(inputs);
  lap('fit');
  read.segment();
  lap('segment');
  const deliverables = read.finishWithExports(models, undefined);
  lap('finish');
  deliverables.summary();
  deliverables.customers({ limit: 500 });
  lap('summary');
  deliverables.free();
  const mbPerSecond = bytes.length / 1e6 / (times.push / 1000);
  console.log(`pass ${pass}: ${Object.entries(times).map(([stage, ms]) => `${stage} ${ms}`).join(', ')} ms; reading ${mbPerSecond.toFixed(0)} MB/s`);
  // A module's memory never shrinks: after the first pass it stays at that pass's peak.
  if (pass === 1) {
    console.log(`module memory after each stage: ${Object.entries(mebibytes).map(([stage, mib]) => `${stage} ${mib}`).join(', ')} MiB`);
  }
}
