// The built npm package (pkg/) in Node: it loads, analyses, throws real Errors, matches the
// JSON Schema, agrees with the CLI, and its TypeScript declarations name the real types.
// Run after pkg-scripts/build.sh and `cargo build`: node --test tests/node/

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { initSync, analyze, analyzeWithSurveys, version } from '../../pkg/custval.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(root + path);

initSync({ module: read('pkg/custval_bg.wasm') });

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(read('schema/report.schema.json')));

function assertMatchesSchema(report) {
  assert.ok(validateReport(report), ajv.errorsText(validateReport.errors));
}

test('analyses the hand-computed fixture', () => {
  const report = analyze(read('tests/fixtures/hand-computed.csv'), { asOf: '2024-03-01' });
  assertMatchesSchema(report);
  // Worked out by hand in tests/cli.rs: same-day purchases are one occasion, the return
  // subtracts 30, B's row on 03-05 is after asOf, two rows are skipped.
  const summary = report.customers.map((c) => [c.id, c.recencyDays, c.frequency, c.monetary]);
  assert.deepEqual(summary, [
    ['A', 29, 2, 200],
    ['B', 41, 1, 25.5],
    ['C', 1, 2, 22.25],
  ]);
  assert.equal(report.input.rowsSkipped, 2);
  assert.equal(report.input.rowsAfterAsOf, 1);
  assert.equal(report.input.rowsRead, 10);
});

test('a bad file throws an Error with a code and the CLI message', () => {
  const bad = read('tests/fixtures/no-customer-column.csv');
  assert.throws(() => analyze(bad), (error) => {
    assert.ok(error instanceof Error);
    assert.equal(error.code, 'missingColumn');
    assert.match(error.message, /^no customer id column found among the headers \[when, how much\]/);
    return true;
  });
  assert.throws(() => analyze(new Uint8Array()), { code: 'emptyInput' });
  assert.throws(() => analyze(read('tests/fixtures/hand-computed.csv'), { asof: '2024-01-01' }), {
    code: 'invalidOptions',
  });
});

test('the report is the same as the CLI prints, and matches the schema', () => {
  const cli = fileURLToPath(new URL('../../target/debug/custval', import.meta.url));
  for (const file of ['www/sample-transactions.csv', 'tests/fixtures/hand-computed.csv']) {
    const run = spawnSync(cli, ['analyze', root + file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    const fromCli = JSON.parse(run.stdout);
    assertMatchesSchema(fromCli);
    const fromWasm = analyze(read(file));
    assertMatchesSchema(fromWasm);
    assert.deepEqual(fromWasm, fromCli, file);
  }
});

test('the schema rejects a report with a misspelt or missing field', () => {
  const report = analyze(read('tests/fixtures/hand-computed.csv'));
  const { recencyDays, ...rest } = report.customers[0];
  assert.equal(validateReport({ ...report, customers: [{ ...rest, recency: recencyDays }] }), false);
});

test('a survey report, alone or joined, matches the schema and the CLI', () => {
  const cli = fileURLToPath(new URL('../../target/debug/custval', import.meta.url));
  const transactions = 'tests/fixtures/joined-transactions.csv';
  const surveys = 'tests/fixtures/joined-surveys.csv';
  const joined = analyzeWithSurveys(read(transactions), read(surveys), { asOf: '2024-06-30', minGroupAnswers: 2 });
  assertMatchesSchema(joined);
  const run = spawnSync(cli, ['analyze', root + transactions, '--surveys', root + surveys,
    '--as-of', '2024-06-30', '--min-group-answers', '2'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(joined, JSON.parse(run.stdout));
  // 9 answers: 4 promoters, 3 detractors.
  assert.equal(joined.satisfaction.nps.promoters, 4);
  assert.equal(joined.satisfaction.nps.detractors, 3);

  const alone = analyzeWithSurveys(undefined, read(surveys), { npsScale: '0-10', missingCodes: [-99, 'skipped'] });
  assertMatchesSchema(alone);
  assert.deepEqual(alone.customers, []);
  assert.equal(alone.rfm, null);
  assert.equal(alone.satisfaction.value, null);
  assert.throws(() => analyzeWithSurveys(undefined, new Uint8Array()), { code: 'emptyInput' });
  assert.throws(() => analyzeWithSurveys(undefined, read(surveys), { npsScale: 'ten' }), { code: 'invalidOptions' });
});

test('version is the crate version', () => {
  const cargoToml = read('Cargo.toml').toString();
  assert.equal(version(), cargoToml.match(/^version = "(.+)"$/m)[1]);
});

test('the TypeScript declarations type the report and the options', () => {
  const tsc = spawnSync(
    process.execPath,
    [root + 'node_modules/typescript/bin/tsc', '--noEmit', '--strict', '--target', 'es2022',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom,esnext.disposable',
      root + 'tests/node/types.ts'],
    { encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});
