// The built npm package (pkg/) in Node: it loads, analyses, throws real Errors, matches the
// JSON Schema, agrees with the CLI, and its TypeScript declarations name the real types.
// Run after pkg-scripts/build.sh and `cargo build`: node --test tests/node/

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    assert.equal(error.messages.en, error.message);
    assert.match(error.messages['zh-CN'], /^在标题 \[when, how much\] 中找不到客户编号列；请将该列命名为客户编号（或 customer_id）/);
    // The file's headers, for a page to offer them.
    assert.deepEqual([error.headers, error.inSurveyFile], [['when', 'how much'], undefined]);
    return true;
  });
  assert.throws(() => analyze(new Uint8Array()), { code: 'emptyInput' });
  assert.throws(() => analyze(read('tests/fixtures/hand-computed.csv'), { asof: '2024-01-01' }), {
    code: 'invalidOptions',
  });
  // false leaves a role out; true names no column.
  assert.throws(() => analyze(read('tests/fixtures/hand-computed.csv'), { columns: { customer: false } }), {
    code: 'missingColumn',
  });
  assert.throws(() => analyze(read('tests/fixtures/hand-computed.csv'), { columns: { order: true } }), {
    code: 'invalidOptions',
    message: /^invalid options: columns\.order: true names no column/,
  });
});

test('the report is the same as the CLI prints, and matches the schema', () => {
  const cli = fileURLToPath(new URL('../../target/debug/custval', import.meta.url));
  // A title above the table, a customer file's own reasons for skipping rows, and costs
  // (the groups' and the regions' profit) among them.
  const files = [
    'www/sample-transactions.csv',
    'tests/fixtures/hand-computed.csv',
    'tests/fixtures/attribute-costs.csv',
    'tests/fixtures/nasty/titled-report.csv',
    'tests/fixtures/customer-level/chinese-semicolon.csv',
  ];
  for (const file of files) {
    const run = spawnSync(cli, ['analyze', root + file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    const fromCli = JSON.parse(run.stdout);
    assertMatchesSchema(fromCli);
    const fromWasm = analyze(read(file));
    assertMatchesSchema(fromWasm);
    assert.deepEqual(fromWasm, fromCli, file);
  }
});

test('a file whose Chinese comes after its first 64 KiB is GBK in pieces of any size, as the CLI reads it', async () => {
  const api = await import('../../pkg/node.js');
  // An English header and 3,000 ASCII rows (75 KB), then 100 rows from 华东 in GBK (华 is
  // 0xBB 0xAA, 东 0xB6 0xAB). Before, the package, which pushes 64 KiB pieces, read UTF-8.
  const ascii = 'CustomerID,Date,Amount,Region\n' + 'C1,2024-01-05,10.00,North\n'.repeat(3000);
  const gbkRow = [...Buffer.from('C2,2024-02-01,12.50,'), 0xbb, 0xaa, 0xb6, 0xab, 0x0a];
  const bytes = new Uint8Array([...Buffer.from(ascii), ...Array(100).fill(gbkRow).flat()]);
  const dir = mkdtempSync(join(tmpdir(), 'custval-gbk-'));
  try {
    writeFileSync(join(dir, 'late-gbk.csv'), bytes);
    const cli = fileURLToPath(new URL('../../target/debug/custval', import.meta.url));
    const run = spawnSync(cli, ['analyze', join(dir, 'late-gbk.csv')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const fromCli = JSON.parse(run.stdout);
    const regions = (report) => report.attributes[0].values.map(({ value, rows }) => [value, rows]);
    assert.equal(fromCli.input.encoding, 'gb18030');
    assert.deepEqual(regions(fromCli), [['North', 3000], ['华东', 100]]);
    assert.deepEqual(await api.analyze(new Blob([bytes])), fromCli);
    assert.deepEqual(analyze(bytes), fromCli);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a large messy file reads the same in the CLI, on both cores, as in the module, on one', async () => {
  const api = await import('../../pkg/node.js');
  // 40,000 seeded rows (1.5 MB): past the 10,000 the formats are chosen by, the CLI reads each
  // slice of text in halves on two cores and appends the second half's rows to the first's.
  // Further lines of an order without an amount, quoted notes across lines and with commas, a
  // quote inside an unquoted note, returns, rows without a customer, both kinds of line end.
  let seed = 7;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  const notes = ['', 'plain', '"a, b"', '"two\nlines"', '5" screen', '"say ""hi"""'];
  let text = 'customer,date,amount,order,currency,region,note\n';
  for (let row = 0; row < 40000; row += 1) {
    const customer = next(20) === 0 ? '' : `c${next(3000)}`;
    const date = `2024-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
    const amount = next(30) === 0 ? `-${1 + next(50)}` : `${1 + next(500)}.${next(100)}`;
    const currency = ['USD', 'EUR', 'GBP'][next(3)];
    const region = ['North', 'South', '华东', ''][next(4)];
    const end = next(5) === 0 ? '\r\n' : '\n';
    const fields = [customer, date, amount, next(5000), currency, region, notes[next(notes.length)]];
    text += fields.join(',') + end;
    if (next(8) === 0) text += [customer, date, '', fields[3], currency, region, ''].join(',') + end;
  }
  const bytes = new TextEncoder().encode(text);
  const dir = mkdtempSync(join(tmpdir(), 'custval-halves-'));
  try {
    writeFileSync(join(dir, 'messy.csv'), bytes);
    const cli = fileURLToPath(new URL('../../target/debug/custval', import.meta.url));
    const run = spawnSync(cli, ['analyze', join(dir, 'messy.csv')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(run.status, 0, run.stderr);
    const fromCli = JSON.parse(run.stdout);
    const reasons = (rows) => Object.fromEntries(rows.map(({ reason, count }) => [reason, count]));
    assert.ok(reasons(fromCli.input.skipped).lineWithoutAmount > 4000, JSON.stringify(fromCli.input.skipped));
    assert.ok(reasons(fromCli.input.altered).spansLines > 4000, JSON.stringify(fromCli.input.altered));
    assert.deepEqual(analyze(bytes), fromCli);
    assert.deepEqual(await api.analyze(new Blob([bytes])), fromCli);
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

test('a question of effort is read the right way round with cesReversed, as by the CLI', () => {
  // 1 very low effort to 5 very high: turned around, 1 2 5 4 1 are 5 4 1 2 5 (mean 3.4, easy 4–5: 3).
  const effort = 'How much effort did you put forth?';
  const csv = new TextEncoder().encode(`customer,${effort}\na,1\nb,2\nc,5\nd,4\ne,1\n`);
  const report = analyzeWithSurveys(undefined, csv, { cesColumn: effort, cesScale: '1-5', cesReversed: true });
  assertMatchesSchema(report);
  const { ces } = report.satisfaction;
  assert.equal(ces.reversed, true);
  assert.equal(ces.mean, 3.4);
  assert.equal(ces.easy, 3);
  const asWritten = analyzeWithSurveys(undefined, csv, { cesColumn: effort, cesScale: '1-5' });
  assert.equal(asWritten.satisfaction.ces.reversed, false);
  assert.equal(asWritten.satisfaction.ces.mean, 2.6);
  assert.throws(() => analyzeWithSurveys(undefined, csv, { cesReversed: 'yes' }), { code: 'invalidOptions' });
});

test('version is the crate version', () => {
  const cargoToml = read('Cargo.toml').toString();
  assert.equal(version(), cargoToml.match(/^version = "(.+)"$/m)[1]);
});

// A bundler drops an import of a file the manifest's sideEffects does not list once nothing is
// used from it, and nothing is ever used from a stylesheet: `import 'custval/report.css'` would
// style nothing.
test('every stylesheet the package ships is declared a side effect', () => {
  const manifest = JSON.parse(read('pkg/package.json'));
  const stylesheets = manifest.files.filter((file) => file.endsWith('.css'));
  assert.notDeepEqual(stylesheets, []);
  for (const file of stylesheets) assert.ok(manifest.sideEffects.includes(`./${file}`), file);
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

// The option types in report.d.ts come from the schema's AnalyzeOptions; the binding's serde
// structs decide what is accepted. serde names every field it knows when it rejects an unknown
// one, so the two lists are compared here, at each level.
test('the typed options are exactly the options the binding accepts', () => {
  const schema = JSON.parse(read('schema/report.schema.json'));
  const typed = schema.$defs.AnalyzeOptions;
  const bytes = read('tests/fixtures/hand-computed.csv');
  for (const nested of [null, 'columns', 'thresholds', 'tierShares']) {
    const probe = { unknownProbe: 1 };
    const options = nested ? { [nested]: probe } : probe;
    let message;
    assert.throws(() => analyze(bytes, options), (error) => ((message = error.message), error.code === 'invalidOptions'));
    const accepted = [...message.matchAll(/`(\w+)`/g)].map((match) => match[1]).filter((name) => name !== 'unknownProbe');
    const properties = nested ? typed.properties[nested].properties : typed.properties;
    assert.deepEqual(accepted.toSorted(), Object.keys(properties).toSorted(), nested ?? 'top level');
  }
});

// A string is a file's text, as `await file.text()`, a <textarea> or a spreadsheet's copied cells
// give it: read as its UTF-8 bytes, whatever it holds.
test('the package API reads a string as the text of a file', async () => {
  const api = await import('../../pkg/node.js');
  const text = '客户编号,订单日期,实付金额\n张三,2024-03-01,99.00\n张三,2024-03-20,-19.00\n李四,2024-03-18,45\n';
  const report = await api.analyze(text);
  // 张三 buys for 99.00 and returns 19.00: 80.00 net; 李四 45.00.
  assert.deepEqual(report.customers.map((c) => [c.id, c.monetary]), [['张三', 80], ['李四', 45]]);
  assert.equal(report.input.columns.customer, '客户编号');
  const shown = await api.preview(text);
  assert.deepEqual(shown.rows.map((row) => row[0]), ['张三', '张三', '李四']);
  const surveys = 'customer,date,nps\n张三,2024-03-21,9\n李四,2024-03-21,3\n';
  const joined = await api.analyzeWithSurveys(text, surveys);
  // One promoter and one detractor of two: NPS 0.
  assert.equal(joined.satisfaction.nps.score, 0);
});

// The package's API (pkg/node.js, the Node entry) over the same glue.
test('the package API: bytes, Blobs, progress, cancelling, CustvalError, version', async () => {
  const api = await import('../../pkg/node.js');
  const csv = read('tests/fixtures/hand-computed.csv');
  const expected = analyze(csv, { asOf: '2024-03-01' });
  assert.deepEqual(await api.analyze(csv, { asOf: '2024-03-01' }), expected);
  assert.deepEqual(await api.analyze(csv.buffer.slice(csv.byteOffset, csv.byteOffset + csv.length), { asOf: '2024-03-01' }), expected);
  assert.deepEqual(await api.analyze(csv.toString('utf8'), { asOf: '2024-03-01' }), expected);

  // A Blob is streamed in pieces, with progress reports.
  const sample = read('www/sample-transactions.csv');
  const progress = [];
  const streamed = await api.analyze(new Blob([sample]), {}, { onProgress: (step) => progress.push(step) });
  assert.deepEqual(streamed, analyze(sample));
  assert.ok(progress.length >= 1);
  assert.deepEqual(progress.at(-1), {
    bytes: sample.length,
    total: sample.length,
    rows: streamed.input.rowsRead,
    stage: 'done',
  });
  // The stages in order: the first piece read is always reported, analysing once, then the totals.
  assert.deepEqual(
    progress.map((step) => step.stage).filter((stage, i, all) => stage !== all[i - 1]),
    ['reading', 'analysing', 'done'],
  );
  assert.ok(progress.every((step, i) => i === 0 || step.bytes >= progress[i - 1].bytes));

  await assert.rejects(api.analyze(new Blob([read('tests/fixtures/no-customer-column.csv')])), (error) => {
    assert.ok(error instanceof api.CustvalError && error instanceof Error);
    assert.equal(error.name, 'CustvalError');
    assert.equal(error.code, 'missingColumn');
    assert.deepEqual([error.headers, error.inSurveyFile], [['when', 'how much'], undefined]);
    return true;
  });
  // A survey file's columns come with the survey file's headers.
  await assert.rejects(api.analyzeWithSurveys(undefined, new TextEncoder().encode('customer,Q1\na,9\n')), {
    code: 'missingColumn',
    inSurveyFile: true,
    headers: ['customer', 'Q1'],
  });
  // A column the options name and the file lacks is unknown, as a transactions column is.
  await assert.rejects(api.analyzeWithSurveys(undefined, new TextEncoder().encode('customer,Q1\na,9\n'), { npsColumn: 'Q7' }), {
    code: 'unknownColumn',
    inSurveyFile: true,
    headers: ['customer', 'Q1'],
  });
  await assert.rejects(api.analyze(csv, { asof: '2024-01-01' }), { name: 'CustvalError', code: 'invalidOptions' });
  await assert.rejects(api.analyze(42), { name: 'CustvalError', code: 'invalidInput' });
  await assert.rejects(api.analyze(new Blob([sample]), {}, { signal: AbortSignal.abort() }), { code: 'cancelled' });
  // A progress callback's own exception is passed on as it is, as the README says.
  const own = new Error('the progress bar is gone');
  const throwing = () => {
    throw own;
  };
  await assert.rejects(api.analyze(new Blob([sample]), {}, { onProgress: throwing }), (error) => error === own);
  // Cancelled at each stage of a long analysis, as a cancel button does, it rejects.
  for (const stage of ['reading', 'analysing']) {
    const controller = new AbortController();
    const onProgress = (step) => step.stage === stage && controller.abort();
    await assert.rejects(
      api.analyze(new Blob([sample]), {}, { signal: controller.signal, onProgress }),
      { name: 'CustvalError', code: 'cancelled' },
      stage,
    );
  }

  const surveys = read('tests/fixtures/joined-surveys.csv');
  const transactions = read('tests/fixtures/joined-transactions.csv');
  const options = { asOf: '2024-06-30', minGroupAnswers: 2 };
  const controllerOf = new AbortController();
  assert.deepEqual(
    await api.analyzeWithSurveys(new Blob([transactions]), surveys, options),
    analyzeWithSurveys(transactions, surveys, options),
  );
  // Read whole, a file's analysis ends with the totals too, as a progress bar waits for them.
  const steps = [];
  const report = await api.analyzeWithSurveys(transactions, surveys, options, { onProgress: (step) => steps.push(step) });
  const bytes = transactions.length;
  assert.deepEqual(steps, [{ bytes, total: bytes, rows: report.input.rowsRead, stage: 'done' }]);
  // A survey file alone is the input: its bytes and rows, analysed, then done.
  for (const given of [surveys, new Blob([surveys])]) {
    const steps = [];
    const report = await api.analyzeWithSurveys(undefined, given, options, { onProgress: (step) => steps.push(step) });
    const [bytes, rows] = [surveys.length, report.satisfaction.input.rowsRead];
    assert.ok(rows > 0);
    assert.deepEqual(steps, [
      { bytes, total: bytes, rows: 0, stage: 'analysing' },
      { bytes, total: bytes, rows, stage: 'done' },
    ]);
  }
  await assert.rejects(api.analyzeWithSurveys(undefined, surveys, options, { onProgress: () => controllerOf.abort(), signal: controllerOf.signal }), {
    code: 'cancelled',
  });
  // A buffer handed to a worker is detached: it has no bytes to read.
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  await assert.rejects(api.analyze(detached), { name: 'CustvalError', code: 'invalidInput' });
  // The deliverables' methods throw CustvalErrors too.
  const { deliverables } = await api.analyzeForExports(csv, undefined, { asOf: '2024-03-01' });
  assert.throws(() => deliverables.customers({ colour: 'red' }), (error) => {
    assert.ok(error instanceof api.CustvalError);
    assert.equal(error.code, 'invalidOptions');
    return true;
  });
  assert.equal(deliverables.customers({ limit: 1 }).customers.length, 1);
  deliverables.free();
  // Once freed, it says so, not the glue's "null pointer passed to rust"; a second free too.
  for (const call of [() => deliverables.customers(), () => deliverables.customersCsv(), () => deliverables.free()]) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof api.CustvalError);
      assert.equal(error.code, 'invalidInput');
      assert.match(error.message, /^this result was freed(, so \w+\(\) has nothing to work on: call it before free\(\)| already: free\(\) it once$)/);
      assert.match(error.messages['zh-CN'], /^该结果已被释放/);
      return true;
    });
  }

  assert.equal(api.version, version());
});

// The hook's fit runs in another worker and may take long: a cancel must not wait for it.
test('the package API takes hooks of null as none, as it takes options of null', async () => {
  const api = await import('../../pkg/node.js');
  const csv = read('tests/fixtures/hand-computed.csv');
  const surveys = read('tests/fixtures/joined-surveys.csv');
  const records = [{ id: 'a', lastPurchase: '2024-06-01', frequency: 1, monetary: 5 }];
  assert.equal((await api.analyze(csv, null, null)).customers.length, 3);
  assert.ok((await api.analyzeWithSurveys(undefined, surveys, null, null)).satisfaction);
  assert.equal((await api.analyzeCustomers(records, null, null)).customers.length, 1);
  const { deliverables } = await api.analyzeForExports(csv, undefined, null, null);
  deliverables.free();
  await api.warmUp(null);
});

test('analyzeForExports cancelled while its fitClv hook fits rejects at once', async () => {
  const api = await import('../../pkg/node.js');
  const sample = read('www/sample-transactions.csv');
  const controller = new AbortController();
  let asked;
  const asking = new Promise((resolve) => (asked = resolve));
  const running = api.analyzeForExports(new Blob([sample]), undefined, {}, {
    signal: controller.signal,
    // Never done, as a worker that is busy or gone.
    fitClv: () => (asked(), new Promise(() => {})),
  });
  await asking;
  // The scoring, after the hook was asked, is synchronous: the cancel comes during the wait.
  setTimeout(() => controller.abort(), 10);
  const outcome = await Promise.race([
    running.then(
      () => 'resolved',
      (error) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve('still waiting a second after the cancel'), 1000)),
  ]);
  assert.ok(outcome instanceof api.CustvalError, String(outcome));
  assert.equal(outcome.code, 'cancelled');
  // A hook that fails after the cancel is not fitted here for nothing, nor left unhandled.
  const late = new AbortController();
  let fail;
  const failing = api.analyzeForExports(new Blob([sample]), undefined, {}, {
    signal: late.signal,
    fitClv: () => new Promise((_, reject) => (fail = reject)),
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  late.abort();
  await assert.rejects(failing, { code: 'cancelled' });
  fail?.(new Error('the worker is gone'));
  await new Promise((resolve) => setTimeout(resolve, 10));
});

// The worker client fits the lifetime-value models in a second worker through this hook: the
// report must be the one made in one go, whether the hook fits them, fails, or hands back
// models that are not the analysis's.
test('analyzeForExports with fitClv: models fitted elsewhere, or here when that fails', async () => {
  const api = await import('../../pkg/node.js');
  const sample = read('www/sample-transactions.csv');
  const options = { clusters: 'auto' };
  const expected = analyze(sample, options);
  assert.ok(expected.clv && expected.clusters);
  const reportWith = async (fitClv) => {
    const { report, deliverables } = await api.analyzeForExports(new Blob([sample]), undefined, options, { fitClv });
    deliverables.free();
    return report;
  };
  const asked = [];
  const fitted = await reportWith((inputs) => {
    asked.push(inputs);
    return api.fitClv(inputs);
  });
  assert.deepEqual(fitted, expected);
  // One fit, of four numbers per customer: x (repeat purchase days), t_x, T, the mean spend.
  assert.equal(asked.length, 1);
  assert.ok(asked[0] instanceof Float64Array);
  assert.equal(asked[0].length, 4 * expected.customers.length);
  assert.equal(asked[0][0], expected.customers[0].frequency - 1);

  const warnings = [];
  const warn = console.warn;
  console.warn = (message) => warnings.push(message);
  try {
    assert.deepEqual(await reportWith(() => Promise.reject(new Error('the worker is gone'))), expected);
    assert.deepEqual(await reportWith(() => {
      throw new Error('no worker');
    }), expected);
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /fitting the lifetime-value models here.*the worker is gone/);

  // A hook that hands back nothing for the inputs it was given (a missing `return`) leaves the
  // fit to be done here.
  assert.deepEqual(await reportWith(() => undefined), expected);
  await assert.rejects(reportWith(async () => ({ r: 1 })), { name: 'CustvalError', code: 'invalidInput' });
  const otherCustomers = () => api.fitClv(new Float64Array([1, 3, 10, 5, 0, 0, 8, NaN]));
  await assert.rejects(reportWith(otherCustomers), { code: 'invalidInput', message: /other customers/ });
  await assert.rejects(api.fitClv(new Float64Array([1, 2, 3])), { code: 'invalidInput' });
});

// preview: how analyze would read a file, from its first 64 KiB only; a mapping problem is data,
// with the code the analysis throws. tests/fixtures/mapping-gbk.csv is described in its README.
test('preview: the detected reading of a file, its problems, and only its first bytes read', async () => {
  const api = await import('../../pkg/node.js');
  const gbk = read('tests/fixtures/mapping-gbk.csv');
  const found = await api.preview(new Blob([gbk]));
  assert.deepEqual(
    [found.encoding, found.delimiter, found.header, found.kind, found.rowsRead],
    ['gb18030', ',', true, 'transactions', 4],
  );
  assert.deepEqual(
    found.columns.map((column) => [column.name, column.role]),
    [['订单号', 'order'], ['客户编号', 'customer'], ['下单时间', 'date'], ['订单金额', null], ['实付金额', 'amount'], ['备注', null]],
  );
  assert.deepEqual(found.rows[0], ['A001', '张三', '2024-03-01', '100.00', '90.00', '首单']);
  assert.deepEqual(found.dateFormat, { format: 'YYYY-MM-DD', source: 'detected', ambiguous: 0 });
  assert.deepEqual([found.problem, found.unreadable], [null, null]);
  // Read as UTF-8, the GBK text is not: the preview says which lines, as the report would.
  const misread = await api.preview(gbk, { encoding: 'utf-8' });
  const limitation = analyze(gbk, { encoding: 'utf-8', columns: { amount: 5, customer: 2, date: 3 } }).input.limitations;
  assert.deepEqual(misread.unreadable, limitation.find((item) => item.key === 'unreadableCharacters'));
  assert.match(misread.unreadable.text.en, /on lines 1, 2, 3, 4, 5\)/);
  // The choices made in a preview are the analysis' options: the report maps the same columns.
  const options = { columns: { amount: 4, customer: 2, date: 3, order: 1 } };
  const remapped = await api.preview(gbk, options);
  assert.deepEqual(remapped.columns.map((column) => column.role), ['order', 'customer', 'date', 'amount', null, null]);
  const report = analyze(gbk, options);
  assert.equal(report.input.columns.amount, '订单金额');
  assert.equal(report.input.netRevenue, 260);

  const bad = read('tests/fixtures/no-customer-column.csv');
  const problem = (await api.preview(bad)).problem;
  assert.throws(() => analyze(bad), (error) => error.code === problem.code && error.message === problem.message);
  // The role no column has, for a page to offer; its header suggests no misreading. The rest of
  // the file cannot change it, unlike rows that are all returns so far.
  assert.deepEqual([problem.role, problem.hint, problem.settled], ['customer', null, true]);
  const returns = (await api.preview(new Blob(['customer,date,amount\nk1,2024-05-01,-10\n']))).problem;
  assert.deepEqual([returns.code, returns.settled], ['noUsableRows', false]);
  const dataRow = (await api.preview(new Blob(['A,2024-01-01,5\nB,2024-01-02,6\n']))).problem;
  assert.equal(dataRow.role, 'customer');
  assert.ok(dataRow.message.endsWith(dataRow.hint.en) && dataRow.hint.en.includes('the first row looks like data'), dataRow.message);

  // A Blob larger than 64 KiB is sliced: a row cut by the slice is left out, and what lies
  // beyond it (here a row without a date, which the analysis skips) is never read.
  const line = 'c1,2024-01-01,1\n';
  const lines = Math.ceil(70_000 / line.length);
  const big = new Blob(['customer,date,amount\n', line.repeat(lines), 'c2,someday,1\n']);
  const sliced = await api.preview(big);
  assert.equal(sliced.problem, null);
  assert.equal(sliced.rowsRead, Math.floor((65_536 - 'customer,date,amount\n'.length) / line.length));
  assert.deepEqual(sliced.skipped, []);
  const whole = await api.analyze(big);
  assert.deepEqual(whole.input.skipped.map((group) => [group.reason, group.examples[0].line]), [['invalidDate', lines + 2]]);
  await assert.rejects(api.preview(gbk, { encoding: 'klingon' }), { name: 'CustvalError', code: 'invalidOptions' });
  // Options analyze refuses before reading are refused here too, not previewed as fine.
  for (const options of [{ scoreLevels: 9 }, { clusters: 99 }, { margin: 5 }]) {
    await assert.rejects(api.preview(gbk, options), { name: 'CustvalError', code: 'invalidOptions' }, JSON.stringify(options));
    await assert.rejects(api.analyze(gbk, options), { name: 'CustvalError', code: 'invalidOptions' }, JSON.stringify(options));
  }
});

// A Blob whose stream is a byte stream (as in Chromium and Node) or a default stream
// (as an engine may have) of 100,000-byte pieces, noting whether its reading was cancelled.
function blobStreaming(bytes, type) {
  const blob = new Blob([bytes]);
  blob.stream = () => {
    let offset = 0;
    return new ReadableStream({
      type,
      pull(controller) {
        // A copy: a byte stream takes over the buffer of what it is given.
        if (offset < bytes.length) return controller.enqueue(new Uint8Array(bytes.subarray(offset, (offset += 100_000))));
        controller.close();
        controller.byobRequest?.respond(0);
      },
      cancel() {
        blob.cancelled = true;
      },
    });
  };
  return blob;
}

// A byte stream is read into one buffer over and over, a default stream piece by piece: the
// sample's 225 KB must come out whole either way, and a cancel while reading cancels the
// stream.
test('a Blob is read whole from a byte stream or a default stream, and a cancel stops the reading', async () => {
  const api = await import('../../pkg/node.js');
  const sample = read('www/sample-transactions.csv');
  const expected = analyze(sample);
  for (const type of ['bytes', undefined]) {
    assert.deepEqual(await api.analyze(blobStreaming(sample, type)), expected, `${type} stream`);
    const blob = blobStreaming(sample, type);
    const controller = new AbortController();
    const reading = api.analyze(blob, {}, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(reading, { code: 'cancelled' });
    assert.equal(blob.cancelled, true, `${type} stream`);
  }
});

// Customer-level input: a customer file and the same customers as records give the report of
// the transactions they were aggregated from (worked out by hand in tests/customer_input.rs).
test('analyzeCustomers: a customer file, records, strict checks, the schema', async () => {
  const api = await import('../../pkg/node.js');
  const options = { asOf: '2024-06-30' };
  const fromTransactions = await api.analyze(read('tests/fixtures/customer-level/transactions.csv'), options);
  const file = read('tests/fixtures/customer-level/customers.csv');
  const fromFile = await api.analyzeCustomers(new Blob([file]), options);
  assertMatchesSchema(fromFile);
  const figures = (report) =>
    report.customers.map((c) => [c.id, c.recencyDays, c.frequency, c.monetary, c.rfmCell, c.segment, c.tier]);
  assert.deepEqual(figures(fromFile), figures(fromTransactions));
  assert.deepEqual(figures(fromFile)[0], ['ann', 107, 3, 95, ...figures(fromTransactions)[0].slice(4)]);
  assert.equal(fromFile.input.kind, 'customers');
  assert.equal(fromFile.migration, null);
  assert.deepEqual(fromFile.input.limitations.map((l) => l.key), ['noMigration']);

  const records = fromFile.customers.map((c) => ({
    id: c.id,
    firstPurchase: c.firstPurchase,
    lastPurchase: c.lastPurchase,
    frequency: c.frequency,
    monetary: c.monetary,
  }));
  const progress = [];
  const fromRecords = await api.analyzeCustomers(records, options, { onProgress: (step) => progress.push(step) });
  assertMatchesSchema(fromRecords);
  assert.deepEqual(figures(fromRecords), figures(fromFile));
  assert.deepEqual(progress, [{ bytes: 0, total: 0, rows: 6, stage: 'done' }]);
  assert.deepEqual(fromRecords.input.columns.firstPurchase, 'firstPurchase');
  assert.deepEqual(fromRecords.input.limitations.map((l) => l.key), [
    'noMigration',
    'purchaseDaysFromFrequency',
    'repeatSpendFromAverage',
  ]);

  // Recency in days, numeric ids, and no first purchase: no lifetime value, with the reason.
  const byRecency = await api.analyzeCustomers(
    [
      { id: 17850, recencyDays: 0, frequency: 2, monetary: 40 },
      { id: 'b', recencyDays: 31, frequency: 1, monetary: 10.5 },
    ],
    { asOf: '2024-03-31' },
  );
  assertMatchesSchema(byRecency);
  assert.deepEqual(
    byRecency.customers.map((c) => [c.id, c.lastPurchase, c.firstPurchase, c.recencyDays]),
    [
      ['17850', '2024-03-31', null, 0],
      ['b', '2024-02-29', null, 31],
    ],
  );
  assert.equal(byRecency.clv, null);
  assert.ok(byRecency.input.limitations.some((l) => l.key === 'noClv'));

  // A gross profit gives the cost where none is given, as a customer file's profit column does:
  // 30 of 150 is a margin of 0.2, a loss of 10 on 40 one of -0.25; with both, the cost counts.
  const withProfits = await api.analyzeCustomers(
    [
      { id: 'a', lastPurchase: '2024-03-01', frequency: 2, monetary: 150, profit: 30 },
      { id: 'b', lastPurchase: '2024-03-02', frequency: 1, monetary: 40, profit: -10 },
      { id: 'c', lastPurchase: '2024-03-03', frequency: 1, monetary: 100, cost: 60, profit: 99 },
    ],
    { asOf: '2024-03-31' },
  );
  assertMatchesSchema(withProfits);
  assert.deepEqual(
    withProfits.customers.map((c) => [c.id, c.grossProfit, c.grossMargin]).toSorted(),
    [
      ['a', 30, 0.2],
      ['b', -10, -0.25],
      ['c', 40, 0.4],
    ],
  );

  const rejects = async (bad, pattern) =>
    assert.rejects(api.analyzeCustomers([{ id: 'ok', lastPurchase: '2024-01-02', frequency: 1, monetary: 5 }, bad]), (error) => {
      assert.ok(error instanceof api.CustvalError);
      assert.equal(error.code, 'invalidRecord');
      assert.match(error.message, pattern);
      return true;
    });
  await rejects({ id: 'a', lastPurchase: '2024-01-01', frequency: 1.5, monetary: 5 }, /^customers\[1\]: frequency '1.5' is not a whole number of at least 1$/);
  // A whole number is echoed as JS writes it: 0, not 0.0.
  await rejects({ id: 'a', lastPurchase: '2024-01-01', frequency: 0, monetary: 5 }, /^customers\[1\]: frequency '0' is not a whole number of at least 1/);
  await rejects({ id: 'a', lastPurchase: '01/02/2024', frequency: 1, monetary: 5 }, /^customers\[1\]: lastPurchase: /);
  await rejects({ id: 'a', lastPurchase: '2024-01-01', frequency: 1, monetary: 5, profit: 1e16 }, /^customers\[1\]: profit '1e16' is past 10\^15/);
  await rejects({ id: 'a', frequency: 1, monetary: 5 }, /^customers\[1\]: give either lastPurchase \(YYYY-MM-DD\) or recencyDays/);
  await rejects({ id: 'ok', lastPurchase: '2024-01-01', frequency: 1, monetary: 5 }, /^customers\[1\]: customer 'ok' is also customers\[0\]/);
  await rejects({ id: 'a', firstPurchase: '2024-02-01', lastPurchase: '2024-01-01', frequency: 1, monetary: 5 }, /before the first purchase/);
  await assert.rejects(api.analyzeCustomers({ id: 'a' }), { code: 'invalidInput' });
  // A record that is no object is told so in both languages, not as serde's struct name.
  for (const [bad, en, zh] of [
    [null, 'null', ' null'],
    ['a', 'a string', '字符串'],
    [[1], 'an array', '数组'],
  ]) {
    await assert.rejects(api.analyzeCustomers([{ id: 'ok', lastPurchase: '2024-01-02', frequency: 1, monetary: 5 }, bad]), {
      code: 'invalidRecord',
      message: `customers[1]: a customer record is an object { id, lastPurchase or recencyDays, frequency, monetary }, not ${en}`,
      messages: {
        en: `customers[1]: a customer record is an object { id, lastPurchase or recencyDays, frequency, monetary }, not ${en}`,
        'zh-CN': `customers[1]：客户记录应是对象 { id, lastPurchase 或 recencyDays, frequency, monetary }，而不是${zh}`,
      },
    });
  }
  // A field missing, unknown or of the wrong type is named, with what it takes, in both
  // languages: not in serde's words for Rust types (which the Chinese had in English).
  const fields = '`id`, `lastPurchase`, `recencyDays`, `frequency`, `monetary`, `firstPurchase`, `purchaseDays`, `repeatMonetary`, `cost`, `profit`';
  for (const [bad, en, zh] of [
    [
      { id: 'a', lastPurchase: '2024-01-01', monetary: 5 },
      'frequency is missing: a customer record is { id, lastPurchase or recencyDays, frequency, monetary }',
      '缺少 frequency：客户记录应是 { id, lastPurchase 或 recencyDays, frequency, monetary }',
    ],
    [
      { id: 'a', lastPurchase: '2024-01-01', frequency: 1, monetary: 5, frist: 1 },
      `frist is not a field of a customer record (unknown field \`frist\`); the fields are ${fields}`,
      `frist 不是客户记录的字段；可用的字段有 ${fields}`,
    ],
    [{ id: 'a', lastPurchase: '2024-01-01', frequency: 1, monetary: '5' }, 'monetary must be a number, not "5"', 'monetary 必须是数值，而不是 "5"'],
    [{ id: true, lastPurchase: '2024-01-01', frequency: 1, monetary: 5 }, 'id must be a string or a number, not true', 'id 必须是字符串或数字，而不是 true'],
    [
      { id: 'a', lastPurchase: 20240101, frequency: 1, monetary: 5 },
      'lastPurchase must be a date written "YYYY-MM-DD", not 20240101',
      'lastPurchase 必须是写作“YYYY-MM-DD”的日期，而不是 20240101',
    ],
  ]) {
    await assert.rejects(api.analyzeCustomers([{ id: 'ok', lastPurchase: '2024-01-02', frequency: 1, monetary: 5 }, bad]), {
      code: 'invalidRecord',
      messages: { en: `customers[1]: ${en}`, 'zh-CN': `customers[1]：${zh}` },
    });
    assert.doesNotMatch(zh, /invalid type|expected|missing field|unknown field|f64|JsCustomer/);
  }
  // Email ids are told apart in lower case, as in a file and in the survey answers.
  const emails = [
    { id: 'Ann@X.com', lastPurchase: '2024-10-30', frequency: 2, monetary: 50 },
    { id: 'bob@y.org', lastPurchase: '2024-11-30', frequency: 3, monetary: 100 },
  ];
  const answers = new TextEncoder().encode('customer_id,survey_date,nps\nann@x.com,2024-11-01,2\n');
  const { report: joined, deliverables } = await api.analyzeForExports(emails, answers);
  deliverables.free();
  assert.deepEqual(joined.customers.map((c) => c.id).toSorted(), ['ann@x.com', 'bob@y.org']);
  assert.equal(joined.satisfaction.input.responsesMatchedToCustomers, 1);
  assert.equal(joined.customers.find((c) => c.id === 'ann@x.com').satisfaction.nps, 2);
  await assert.rejects(api.analyzeCustomers([emails[0], { ...emails[1], id: 'ann@x.com' }]), {
    code: 'invalidRecord',
    message: "customers[1]: customer 'ann@x.com' is also customers[0]; give one record per customer",
  });
  // Options for reading a file would be dropped: records refuse them, by name.
  for (const [option, value] of [
    ['inputKind', 'transactions'],
    ['encoding', 'gbk'],
    ['delimiter', ';'],
    ['header', false],
    ['columns', { customer: 'email' }],
    ['dateFormat', 'D/M/YYYY'],
    ['decimalSeparator', 'comma'],
  ]) {
    await assert.rejects(api.analyzeCustomers(emails, { [option]: value }), {
      code: 'invalidOptions',
      message: `invalid options: ${option} is for reading a file, and customer records are read as they are: leave it out (the survey file's own options are surveyEncoding, surveyDelimiter and surveyDateFormat)`,
    });
  }
  // No records is no file: the message speaks of records, in both languages.
  await assert.rejects(api.analyzeCustomers([]), {
    code: 'emptyInput',
    messages: {
      en: 'there are no customer records; give at least one { id, lastPurchase or recencyDays, frequency, monetary }',
      'zh-CN': '没有客户记录；请至少给出一条 { id, lastPurchase 或 recencyDays, frequency, monetary }',
    },
  });
});

// index.d.ts lists the codes a CustvalError can have; the core's are those of ErrorKind::code.
test('the typed error codes include every code of the core', () => {
  const source = read('src/error.rs').toString();
  const body = source.slice(source.indexOf('pub fn code(&self)'));
  const coreCodes = [...body.slice(0, body.indexOf('\n    }\n')).matchAll(/=> "(\w+)"/g)].map((m) => m[1]);
  assert.ok(coreCodes.length >= 5, 'found ErrorKind::code');
  const declarations = read('npm/index.d.ts').toString();
  const typedCodes = [...declarations.matchAll(/^\s*\| '(\w+)'$/gm)].map((m) => m[1]);
  for (const code of coreCodes) assert.ok(typedCodes.includes(code), `ErrorCode lacks ${code}`);
});

// A survey file's column errors name the options that set its columns, as the command line and JS
// spell them; the error says where, for a page to name its own controls there instead.
test("a survey's column errors say where they name the options that set its columns", async () => {
  const api = await import('../../pkg/node.js');
  const surveys = new TextEncoder().encode('customer,Q1\na,9\n');
  const named = async (options) => {
    const error = await api.analyzeWithSurveys(undefined, surveys, options).catch((error) => error);
    const { options: settings, before, after } = error.optionsNamed;
    return { settings, before, after, messages: error.messages };
  };
  const headers = 'customer, Q1';
  const unrecognised = await named({});
  assert.deepEqual(unrecognised.settings, ['npsColumn', 'csatColumn', 'cesColumn']);
  assert.deepEqual(unrecognised.before, {
    en: `survey file: no NPS, CSAT or CES column found among the headers [${headers}]; name a column nps (or 推荐意愿), csat (or 满意度) or ces (or 费力度), or give its header with `,
    'zh-CN': `问卷文件：在标题 [${headers}] 中找不到 NPS、CSAT 或 CES 列；请将某一列命名为推荐意愿（或 nps）、满意度（或 csat）或费力度（或 ces），或者用`,
  });
  assert.deepEqual(unrecognised.after, { en: '', 'zh-CN': '给出它的标题' });
  assert.deepEqual(unrecognised.messages, {
    en: `${unrecognised.before.en}the option --nps-column, --csat-column or --ces-column (npsColumn, csatColumn or cesColumn in JS)`,
    'zh-CN': `${unrecognised.before['zh-CN']}命令行选项 --nps-column、--csat-column 或 --ces-column（JS 中为 npsColumn、csatColumn 或 cesColumn）给出它的标题`,
  });
  // One option's column not found: that option, its words saying it gave the column.
  const notFound = await named({ npsColumn: 'Q7' });
  assert.deepEqual(notFound.settings, ['npsColumn']);
  assert.deepEqual([notFound.before, notFound.after], [
    { en: "survey file: the column 'Q7' ", 'zh-CN': '问卷文件：' },
    { en: ` is not among the headers [${headers}]`, 'zh-CN': `列“Q7”不在标题 [${headers}] 中` },
  ]);
  assert.deepEqual(notFound.messages, {
    en: `survey file: the column 'Q7' given by --nps-column (npsColumn in JS) is not among the headers [${headers}]`,
    'zh-CN': `问卷文件：--nps-column（JS 中为 npsColumn）指定的列“Q7”不在标题 [${headers}] 中`,
  });
  // Answers above a question's usual scale: its scale, and the headers to offer its column among.
  const seven = new TextEncoder().encode('customer,csat\na,7\nb,6\nc,7\nd,5\n');
  const above = await api.analyzeWithSurveys(undefined, seven, {}).catch((error) => error);
  assert.equal(above.code, 'answersAboveScale');
  assert.deepEqual([above.inSurveyFile, above.headers], [true, ['customer', 'csat']]);
  assert.deepEqual(above.optionsNamed.options, ['csatScale']);
  assert.deepEqual(above.suggestedOptions, { csatColumn: 'csat', csatScale: '1-7' });
  assert.equal(
    above.messages.en,
    `${above.optionsNamed.before.en}--csat-scale (csatScale in JS)${above.optionsNamed.after.en}`,
  );
  assert.ok(above.message.startsWith("survey file: 3 of the 4 answers in the CSAT column 'csat' (75%)"), above.message);
  assert.ok(above.message.endsWith('Set --csat-scale (csatScale in JS) to 1-7, or to 1-5 to leave them out'), above.message);
  assert.equal(
    above.messages['zh-CN'],
    `${above.optionsNamed.before['zh-CN']}--csat-scale（JS 中为 csatScale）${above.optionsNamed.after['zh-CN']}`,
  );
  // An error that names no option to set has none.
  const refused = await api.analyze(new Uint8Array(), {}).catch((error) => error);
  assert.equal(refused.optionsNamed, undefined);
});
