// Options the binding refuses: each message names the option as JS spells it, the value given
// and what the option takes, in English and in Chinese (never serde's words for Rust types);
// options that would be dropped unused are refused by name, and null is "not given" throughout.
// Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { initSync, analyze, analyzeCustomerRecords, preview } from '../../pkg/custval.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
initSync({ module: readFileSync(root + 'pkg/custval_bg.wasm') });
const CSV = readFileSync(root + 'tests/fixtures/hand-computed.csv');

/** The English and Chinese messages that `analyze` throws for `options`, and its `option`. */
function refusal(options) {
  try {
    analyze(CSV, options);
  } catch (error) {
    assert.equal(error.code, 'invalidOptions', error.message);
    assert.equal(error.message, error.messages.en);
    return [error.messages.en, error.messages['zh-CN'], error.option];
  }
  assert.fail(`accepted ${JSON.stringify(options)}`);
}

const DELIMITERS = ['"comma", "semicolon", "tab", "pipe" or "whitespace" (or ",", ";", "\\t", "|")', ' "comma"、"semicolon"、"tab"、"pipe" 或 "whitespace"（或 ","、";"、"\\t"、"|"）'];

/** The messages refusing the encoding `label` given as `option`. */
const ENCODING_REFUSED = (option, label) => [
  `${option}: unknown encoding '${label}'; use utf-8, utf-16le, utf-16be, gbk, big5, shift_jis, euc-kr, windows-1252 or another WHATWG label`,
  `${option}：未知编码“${label}”；请使用 utf-8、utf-16le、utf-16be、gbk、big5、shift_jis、euc-kr、windows-1252 或其他 WHATWG 编码名`,
];

// [options, English, Chinese, option]: the messages without the "invalid options: " / "选项无效：" the
// core puts first, and the option whose value is refused (for an item of a list, the list), for a
// page to point at its control; none for an option that is not one.
const CASES = [
  [{ asOf: 20240101 }, 'asOf must be a date written "YYYY-MM-DD", not 20240101', 'asOf 必须是写作“YYYY-MM-DD”的日期，而不是 20240101', 'asOf'],
  [{ scoreLevels: '5' }, 'scoreLevels must be 3, 4 or 5, not "5"', 'scoreLevels 必须是 3、4 或 5，而不是 "5"', 'scoreLevels'],
  [{ callListSize: -1 }, 'callListSize must be a whole number of at least 0, not -1', 'callListSize 必须是不小于 0 的整数，而不是 -1', 'callListSize'],
  [{ callListSize: 2 ** 32 }, 'callListSize must be a whole number of at least 0, not 4294967296', 'callListSize 必须是不小于 0 的整数，而不是 4294967296', 'callListSize'],
  [{ header: 'no' }, 'header must be true or false, not "no"', 'header 必须是 true 或 false，而不是 "no"', 'header'],
  [{ clusters: 2, clusterSeed: -1 }, 'clusterSeed must be a whole number of at least 0, not -1', 'clusterSeed 必须是不小于 0 的整数，而不是 -1', 'clusterSeed'],
  [{ minGroupAnswers: -1 }, 'minGroupAnswers must be a whole number of at least 0, not -1', 'minGroupAnswers 必须是不小于 0 的整数，而不是 -1', 'minGroupAnswers'],
  [{ columns: { amount: -1 } }, 'columns.amount must be a header name, a position from 1, or false to leave the role out, not -1', 'columns.amount 必须是列标题、从 1 开始的列位置，或 false（不使用该角色），而不是 -1', 'columns.amount'],
  [{ thresholds: { frequency: [2, '3'] } }, 'thresholds.frequency[1] must be a list of numbers, not "3"', 'thresholds.frequency[1] 必须是数值列表，而不是 "3"', 'thresholds.frequency'],
  [{ segmentRules: [{ name: 'x' }] }, 'segmentRules[0].name must be { en, "zh-CN" }, the segment\'s name in each language, not "x"', 'segmentRules[0].name 必须是 { en, "zh-CN" }，即各语言的细分名称，而不是 "x"', 'segmentRules'],
  [{ tierShares: { high: 0.2 } }, 'tierShares.highAndMedium is missing: tierShares must be { high, highAndMedium }, two shares between 0 and 1', '缺少 tierShares.highAndMedium：tierShares 必须是 { high, highAndMedium }，两个介于 0 和 1 之间的比例', 'tierShares'],
  [[], "options must be a plain object such as { asOf: '2024-06-30' }, not an array", "选项必须是普通对象，如 { asOf: '2024-06-30' }，而不是 an array", undefined],
  ['asOf=2024-01-01', "options must be a plain object such as { asOf: '2024-06-30' }, not \"asOf=2024-01-01\"", "选项必须是普通对象，如 { asOf: '2024-06-30' }，而不是 \"asOf=2024-01-01\"", undefined],
  [{ onProgress: () => {} }, "onProgress is a function, and options hold only data: onProgress and signal go in the call's last argument, { onProgress, signal }", 'onProgress 是函数，而选项只能包含数据：onProgress 和 signal 应放在调用的最后一个参数 { onProgress, signal } 中', undefined],
  [{ clusters: 2, clusterRuns: 0 }, 'clusterRuns: k-means runs must be 1 to 100, not 0', 'clusterRuns：k-means 运行次数必须为 1 至 100，而不是 0', 'clusterRuns'],
  [{ clusters: 2, clusterSample: 5 }, 'clusterSample: the clustering sample must be 100 to 10000 customers, not 5', 'clusterSample：抽样客户数必须为 100 至 10000，而不是 5', 'clusterSample'],
  [{ clusters: 1 }, 'clusters: the number of clusters must be auto or 2 to 20, not 1', 'clusters：聚类数必须为 auto 或 2 至 20，而不是 1', 'clusters'],
  [{ scoreLevels: 7 }, 'scoreLevels: score levels must be 3, 4 or 5, not 7', 'scoreLevels：评分等级必须为 3、4 或 5，而不是 7', 'scoreLevels'],
  [{ thresholds: { recency: [3] } }, 'thresholds.recency: recency thresholds must be 4 finite numbers in ascending order, none below 0', 'thresholds.recency：最近购买（R）的分界值必须是 4 个递增的有限数，且不小于 0', 'thresholds.recency'],
  [{ segmentRules: [] }, 'segmentRules: the segment rules are empty', 'segmentRules：细分规则为空', 'segmentRules'],
  [{ tierShares: { high: 0.9, highAndMedium: 0.8 } }, 'tierShares: tier shares must satisfy 0 < high (0.9) ≤ high and medium together (0.8) ≤ 1', 'tierShares：价值层级占比必须满足 0 < 高价值（0.9）≤ 高价值与中价值合计（0.8）≤ 1', 'tierShares'],
  [{ npsScale: '0-2' }, 'npsScale: the NPS scale 0–2 needs at least 4 answer values', 'npsScale：NPS 量表 0–2 至少需要 4 个答案值', 'npsScale'],
  [{ csatColumn: ' ' }, 'csatColumn: the CSAT column name is empty', 'csatColumn：CSAT 列名为空', 'csatColumn'],
  [{ groupColumns: [''] }, 'groupColumns: a grouping column name is empty', 'groupColumns：某个分组列名为空', 'groupColumns'],
  [{ groupColumns: ['a', 'A'] }, "groupColumns: the grouping column 'A' is named twice; name each column once", 'groupColumns：分组列“A”被指定了两次；每列只需指定一次', 'groupColumns'],
  [{ npsColumn: 'x', cesColumn: 'X' }, "cesColumn: the column 'x' is named for both NPS and CES; a column holds the answers to one question, so name another column for one of them", 'cesColumn：列“x”同时被指定为 NPS 和 CES 的列；一列只能是一个问题的回答，请为其中之一指定另一列', 'cesColumn'],
  [{ missingCodes: [' '] }, 'missingCodes: a missing-value code is empty', 'missingCodes：某个缺失值代码为空', 'missingCodes'],
  [{ minGroupAnswers: 0 }, 'minGroupAnswers: the minimum number of answers per group must be at least 1', 'minGroupAnswers：每组的最少答案数必须至少为 1', 'minGroupAnswers'],
  [{ horizonMonths: 0 }, 'horizonMonths: the CLV horizon must be 1 to 1200 months, not 0', 'horizonMonths：CLV 预测期必须为 1 至 1200 个月，而不是 0', 'horizonMonths'],
  // Numbers are echoed as given, 1 and not 1.0.
  [{ discountRate: 1 }, 'discountRate: the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not 1', 'discountRate：月折现率必须不小于 0 且小于 1（0.01 即每月 1%），而不是 1', 'discountRate'],
  [{ margin: 0 }, 'margin: the margin must be a share of revenue above 0 and at most 1 (0.3 is 30%), not 0', 'margin：毛利率必须是大于 0 且不超过 1 的收入占比（0.3 即 30%），而不是 0', 'margin'],
  [{ tierShares: { high: 1, highAndMedium: 0.5 } }, 'tierShares: tier shares must satisfy 0 < high (1) ≤ high and medium together (0.5) ≤ 1', 'tierShares：价值层级占比必须满足 0 < 高价值（1）≤ 高价值与中价值合计（0.5）≤ 1', 'tierShares'],
  [{ clusters: 'auto', clusterFeatures: ['tenureDays', 'tenureDays'] }, 'clusterFeatures: the extra clustering feature tenureDays is given twice: give each once', 'clusterFeatures：额外特征 tenureDays 指定了两次：每个特征只需指定一次', 'clusterFeatures'],
  [{ timeUnit: 'month' }, 'timeUnit must be "day" or "week", not "month"', 'timeUnit 必须是 "day" 或 "week"，而不是 "month"', 'timeUnit'],
  [{ delimiter: 'x' }, `delimiter must be ${DELIMITERS[0]}, not "x"`, `delimiter 必须是${DELIMITERS[1]}，而不是 "x"`, 'delimiter'],
  // An encoding's name is checked by the core, for the file it is for; the survey file's before any
  // file is read, as its other options are.
  [{ encoding: 'latin-9' }, ...ENCODING_REFUSED('encoding', 'latin-9'), 'encoding'],
  [{ surveyEncoding: 'latin-9' }, ...ENCODING_REFUSED('surveyEncoding', 'latin-9'), 'surveyEncoding'],
  [{ dateFormat: 'DD.MM.YYYY' }, 'dateFormat must be "YYYY-MM-DD", "D/M/YYYY", "M/D/YYYY", "D/M/YY" or "M/D/YY", not "DD.MM.YYYY"', 'dateFormat 必须是 "YYYY-MM-DD"、"D/M/YYYY"、"M/D/YYYY"、"D/M/YY" 或 "M/D/YY"，而不是 "DD.MM.YYYY"', 'dateFormat'],
  [{ valueBasis: 'profit' }, 'valueBasis must be "clv" or "netRevenue", not "profit"', 'valueBasis 必须是 "clv" 或 "netRevenue"，而不是 "profit"', 'valueBasis'],
  [{ asof: '2024-01-01' }, /^asof is not an option \(unknown field `asof`\); the options are `asOf`, `inputKind`, /, /^asof 不是选项；可用的选项有 `asOf`, `inputKind`, /, undefined],
  [{ columns: { amont: 'x' } }, /^columns\.amont is not an option in columns \(unknown field `amont`\); the options in columns are `customer`, /, /^columns\.amont 不是columns 中的选项；可用的选项有 `customer`, /, undefined],
  [{ rfm: 'x' }, /^rfm is not an option \(unknown field `rfm`\); the options are `asOf`, /, /^rfm 不是选项；可用的选项有 `asOf`, /, undefined],
  [{ timeUnit: 'fortnight' }, 'timeUnit must be "day" or "week", not "fortnight"', 'timeUnit 必须是 "day" 或 "week"，而不是 "fortnight"', 'timeUnit'],
  [{ timeUnit: 7 }, 'timeUnit must be "day" or "week", not 7', 'timeUnit 必须是 "day" 或 "week"，而不是 7', 'timeUnit'],
  [{ columns: 5 }, 'columns must be an object of roles and their columns, such as { customer: "Email", amount: 5 }, not 5', 'columns 必须是由角色及其列组成的对象，如 { customer: "Email", amount: 5 }，而不是 5', 'columns'],
  [{ columns: { amount: 0 } }, 'columns.amount: column positions start at 1', 'columns.amount：列位置从 1 开始', 'columns.amount'],
  [{ columns: { customer: true } }, 'columns.customer: true names no column; give a header name, a position from 1 or false to leave the role out', 'columns.customer：true 不指定任何列；请给出列标题、从 1 开始的列位置，或用 false 不使用该角色', 'columns.customer'],
  [{ clusters: 'auto', clusterFeatures: ['tenure'] }, /^clusterFeatures: /, /^clusterFeatures：/, 'clusterFeatures'],
  [{ clusterSeed: 3 }, /^clusterSeed tunes the clustering, /, /^clusterSeed 用于调整聚类/, 'clusterSeed'],
  [{ margin: NaN }, 'margin is not a finite number', 'margin 不是有限数值', 'margin'],
  [{ thresholds: { monetary: [1, Infinity] } }, 'thresholds.monetary[1] is not a finite number', 'thresholds.monetary[1] 不是有限数值', 'thresholds.monetary'],
];

test('a refused option is named as JS spells it, with what it takes, in English and Chinese', () => {
  for (const [options, en, zh, refused] of CASES) {
    const [english, chinese, option] = refusal(options);
    const label = String(JSON.stringify(options) ?? options);
    assert.equal(option, refused, label);
    const matches = (text, expected, prefix) =>
      typeof expected === 'string' ? assert.equal(text, prefix + expected, label) : assert.match(text.slice(prefix.length), expected, label);
    matches(english, en, 'invalid options: ');
    matches(chinese, zh, '选项无效：');
    // Neither language speaks of Rust's types.
    assert.doesNotMatch(english + chinese, /invalid type|invalid value|expected (a|u8|u64|usize|f64|struct)|JsOptions|JsColumns/, label);
    assert.doesNotMatch(chinese, /unknown field|missing field|expected/, label);
  }
});

test('a playbook of the wrong shape is named, with where its JSON goes wrong', () => {
  // The place is serde_json's; the Chinese names it and the key without serde_json's English.
  const [en, zh] = refusal({ playbook: {} });
  assert.equal(en, 'invalid options: playbook: the playbook is not valid: missing field `rfm` at line 1 column 2');
  assert.equal(zh, '选项无效：playbook：策略手册无效：缺少键 `rfm`（第 1 行第 2 列）');
});

test('null is an option not given, for every option that may be left out', () => {
  const plain = analyze(CSV, { asOf: '2024-03-01' });
  for (const option of ['columns', 'thresholds', 'dropDuplicates', 'npsReversed', 'header', 'playbook', 'clusters']) {
    assert.deepEqual(analyze(CSV, { asOf: '2024-03-01', [option]: null }), plain, option);
  }
});

test('clustering settings without clusters are refused, not dropped', () => {
  for (const [option, value] of [
    ['clusterFeatures', ['tenureDays']],
    ['clusterSeed', 3],
    ['clusterRuns', 50],
    ['clusterSample', 500],
  ]) {
    const [en, zh] = refusal({ [option]: value });
    assert.equal(
      en,
      `invalid options: ${option} tunes the clustering, which only clusters turns on: give clusters too ("auto" or a number from 2 to 20), or leave ${option} out`,
    );
    assert.equal(zh, `选项无效：${option} 用于调整聚类，而只有 clusters 会开启聚类：请同时给出 clusters（"auto" 或 2 至 20 的数），或去掉 ${option}`);
    assert.doesNotThrow(() => analyze(CSV, { [option]: value, clusters: 'auto' }), option);
  }
});

test('an amount and a unit price both chosen are refused, where the price was dropped', () => {
  const [en, zh] = refusal({ columns: { amount: 'amount', price: 'price' } });
  assert.match(en, /^invalid options: columns: an amount column and a unit price column are both chosen, /);
  assert.match(zh, /^选项无效：columns：同时指定了金额列和单价列/);
  // Either alone is read, and a price left out beside the amount is no choice of one.
  assert.doesNotThrow(() => analyze(CSV, { columns: { amount: 'amount', price: false } }));
  // A preview shows it as its problem, for the mapping to be changed there, where the roles'
  // choices are the columns option.
  const seen = preview(CSV, true, { columns: { amount: 'amount', price: 'order_date' } });
  assert.equal(seen.problem.code, 'invalidOptions');
  assert.equal(seen.problem.message, en.replace('columns: ', ''));
  // Named, as the error names it, for a page to point at its control.
  assert.equal(seen.problem.option, 'columns');
  // A problem with the file refuses no option.
  const unmapped = preview(Buffer.from('when,how much\n2024-01-05,10\n'), true, {});
  assert.deepEqual([unmapped.problem.code, unmapped.problem.option], ['missingColumn', null]);
});

test('the preview, customer records, their exports and a customer query name the option they refuse', () => {
  const refusedBy = (call) => {
    try {
      call();
    } catch (error) {
      return [error.code, error.option, error.messages];
    }
    assert.fail('accepted');
  };
  const said = (option, en, zh) => ['invalidOptions', option, { en: `invalid options: ${en}`, 'zh-CN': `选项无效：${zh}` }];
  assert.deepEqual(
    refusedBy(() => preview(CSV, true, { columns: { amount: 0 } })),
    said('columns.amount', 'columns.amount: column positions start at 1', 'columns.amount：列位置从 1 开始'),
  );
  assert.deepEqual(
    refusedBy(() => preview(CSV, true, { encoding: 'latin-9' })),
    said('encoding', ...ENCODING_REFUSED('encoding', 'latin-9')),
  );
  assert.deepEqual(
    refusedBy(() => preview(CSV, true, { columns: { customer: 3.5 } })),
    said(
      'columns.customer',
      'columns.customer must be a header name, a position from 1, or false to leave the role out, not 3.5',
      'columns.customer 必须是列标题、从 1 开始的列位置，或 false（不使用该角色），而不是 3.5',
    ),
  );
  const records = [{ id: 'a', lastPurchase: '2024-01-05', frequency: 2, monetary: 30 }];
  assert.deepEqual(refusedBy(() => analyzeCustomerRecords(records, undefined, { delimiter: ';' }))[1], 'delimiter');
  const deliverables = analyzeCustomerRecords(records, undefined, { asOf: '2024-03-01' });
  try {
    assert.deepEqual(
      refusedBy(() => deliverables.aggregatesCsv({ minGroupSize: 1.5 })),
      said('minGroupSize', 'minGroupSize: 1.5 is not a whole number', 'minGroupSize：1.5 不是整数'),
    );
    assert.deepEqual(
      refusedBy(() => deliverables.customers({ limit: -1 })),
      said('limit', 'limit must be a whole number of at least 0, not -1', 'limit 必须是不小于 0 的整数，而不是 -1'),
    );
  } finally {
    deliverables.free();
  }
});

// A developer reads the options in the package's README: its table must name each of them.
test("the README's table of options names every option", () => {
  const readme = readFileSync(root + 'npm/README.md', 'utf8');
  const table = readme.slice(readme.indexOf('### Options'), readme.indexOf('\n## ', readme.indexOf('### Options')));
  const named = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split(' | ')[0].matchAll(/`(\w+)`/g)].map((match) => match[1]));
  const schema = JSON.parse(readFileSync(root + 'schema/report.schema.json', 'utf8'));
  assert.deepEqual(named.toSorted(), Object.keys(schema.$defs.AnalyzeOptions.properties).toSorted());
});
