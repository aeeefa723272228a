// Options the binding refuses: each message names the option as JS spells it, the value given
// and what the option takes, in English and in Chinese (never serde's words for Rust types);
// options that would be dropped unused are refused by name, and null is "not given" throughout.
// Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { initSync, analyze, preview } from '../../pkg/custval.js';

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

// [options, English, Chinese], each without the "invalid options: " / "选项无效：" the core puts first.
const CASES = [
  [{ asOf: 20240101 }, 'asOf must be a date written "YYYY-MM-DD", not 20240101', 'asOf 必须是写作“YYYY-MM-DD”的日期，而不是 20240101'],
  [{ scoreLevels: '5' }, 'scoreLevels must be 3, 4 or 5, not "5"', 'scoreLevels 必须是 3、4 或 5，而不是 "5"'],
  [{ callListSize: -1 }, 'callListSize must be a whole number of at least 0, not -1', 'callListSize 必须是不小于 0 的整数，而不是 -1'],
  [{ callListSize: 2 ** 32 }, 'callListSize must be a whole number of at least 0, not 4294967296', 'callListSize 必须是不小于 0 的整数，而不是 4294967296'],
  [{ header: 'no' }, 'header must be true or false, not "no"', 'header 必须是 true 或 false，而不是 "no"'],
  [{ clusters: 2, clusterSeed: -1 }, 'clusterSeed must be a whole number of at least 0, not -1', 'clusterSeed 必须是不小于 0 的整数，而不是 -1'],
  [{ minGroupAnswers: -1 }, 'minGroupAnswers must be a whole number of at least 0, not -1', 'minGroupAnswers 必须是不小于 0 的整数，而不是 -1'],
  [{ columns: { amount: -1 } }, 'columns.amount must be a header name, a position from 1, or false to leave the role out, not -1', 'columns.amount 必须是列标题、从 1 开始的列位置，或 false（不使用该角色），而不是 -1'],
  [{ thresholds: { frequency: [2, '3'] } }, 'thresholds.frequency[1] must be a list of numbers, not "3"', 'thresholds.frequency[1] 必须是数值列表，而不是 "3"'],
  [{ segmentRules: [{ name: 'x' }] }, 'segmentRules[0].name must be { en, "zh-CN" }, the segment\'s name in each language, not "x"', 'segmentRules[0].name 必须是 { en, "zh-CN" }，即各语言的细分名称，而不是 "x"'],
  [{ tierShares: { high: 0.2 } }, 'tierShares.highAndMedium is missing: tierShares must be { high, highAndMedium }, two shares between 0 and 1', '缺少 tierShares.highAndMedium：tierShares 必须是 { high, highAndMedium }，两个介于 0 和 1 之间的比例'],
  [[], "options must be a plain object such as { asOf: '2024-06-30' }, not an array", "选项必须是普通对象，如 { asOf: '2024-06-30' }，而不是 an array"],
  ['asOf=2024-01-01', "options must be a plain object such as { asOf: '2024-06-30' }, not \"asOf=2024-01-01\"", "选项必须是普通对象，如 { asOf: '2024-06-30' }，而不是 \"asOf=2024-01-01\""],
  [{ onProgress: () => {} }, "onProgress is a function, and options hold only data: onProgress and signal go in the call's last argument, { onProgress, signal }", 'onProgress 是函数，而选项只能包含数据：onProgress 和 signal 应放在调用的最后一个参数 { onProgress, signal } 中'],
  [{ clusters: 2, clusterRuns: 0 }, 'clusterRuns: k-means runs must be 1 to 100, not 0', 'clusterRuns：k-means 运行次数必须为 1 至 100，而不是 0'],
  [{ clusters: 2, clusterSample: 5 }, 'clusterSample: the clustering sample must be 100 to 10000 customers, not 5', 'clusterSample：抽样客户数必须为 100 至 10000，而不是 5'],
  [{ clusters: 1 }, 'clusters: the number of clusters must be auto or 2 to 20, not 1', 'clusters：聚类数必须为 auto 或 2 至 20，而不是 1'],
  [{ scoreLevels: 7 }, 'scoreLevels: score levels must be 3, 4 or 5, not 7', 'scoreLevels：评分等级必须为 3、4 或 5，而不是 7'],
  [{ thresholds: { recency: [3] } }, 'thresholds.recency: recency thresholds must be 4 finite numbers in ascending order, none below 0', 'thresholds.recency：最近购买（R）的分界值必须是 4 个递增的有限数，且不小于 0'],
  [{ segmentRules: [] }, 'segmentRules: the segment rules are empty', 'segmentRules：细分规则为空'],
  [{ tierShares: { high: 0.9, highAndMedium: 0.8 } }, 'tierShares: tier shares must satisfy 0 < high (0.9) ≤ high and medium together (0.8) ≤ 1', 'tierShares：价值层级占比必须满足 0 < 高价值（0.9）≤ 高价值与中价值合计（0.8）≤ 1'],
  [{ npsScale: '0-2' }, 'npsScale: the NPS scale 0–2 needs at least 4 answer values', 'npsScale：NPS 量表 0–2 至少需要 4 个答案值'],
  [{ csatColumn: ' ' }, 'csatColumn: the CSAT column name is empty', 'csatColumn：CSAT 列名为空'],
  [{ groupColumns: [''] }, 'groupColumns: a grouping column name is empty', 'groupColumns：某个分组列名为空'],
  [{ groupColumns: ['a', 'A'] }, "groupColumns: the grouping column 'A' is named twice; name each column once", 'groupColumns：分组列“A”被指定了两次；每列只需指定一次'],
  [{ npsColumn: 'x', cesColumn: 'X' }, "cesColumn: the column 'x' is named for both NPS and CES; a column holds the answers to one question, so name another column for one of them", 'cesColumn：列“x”同时被指定为 NPS 和 CES 的列；一列只能是一个问题的回答，请为其中之一指定另一列'],
  [{ missingCodes: [' '] }, 'missingCodes: a missing-value code is empty', 'missingCodes：某个缺失值代码为空'],
  [{ minGroupAnswers: 0 }, 'minGroupAnswers: the minimum number of answers per group must be at least 1', 'minGroupAnswers：每组的最少答案数必须至少为 1'],
  [{ horizonMonths: 0 }, 'horizonMonths: the CLV horizon must be 1 to 1200 months, not 0', 'horizonMonths：CLV 预测期必须为 1 至 1200 个月，而不是 0'],
  // Numbers are echoed as given, 1 and not 1.0.
  [{ discountRate: 1 }, 'discountRate: the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not 1', 'discountRate：月折现率必须不小于 0 且小于 1（0.01 即每月 1%），而不是 1'],
  [{ margin: 0 }, 'margin: the margin must be a share of revenue above 0 and at most 1 (0.3 is 30%), not 0', 'margin：毛利率必须是大于 0 且不超过 1 的收入占比（0.3 即 30%），而不是 0'],
  [{ tierShares: { high: 1, highAndMedium: 0.5 } }, 'tierShares: tier shares must satisfy 0 < high (1) ≤ high and medium together (0.5) ≤ 1', 'tierShares：价值层级占比必须满足 0 < 高价值（1）≤ 高价值与中价值合计（0.5）≤ 1'],
  [{ clusters: 'auto', clusterFeatures: ['tenureDays', 'tenureDays'] }, 'clusterFeatures: the extra clustering feature tenureDays is given twice: give each once', 'clusterFeatures：额外特征 tenureDays 指定了两次：每个特征只需指定一次'],
  [{ timeUnit: 'month' }, 'timeUnit must be "day" or "week", not "month"', 'timeUnit 必须是 "day" 或 "week"，而不是 "month"'],
  [{ delimiter: 'x' }, `delimiter must be ${DELIMITERS[0]}, not "x"`, `delimiter 必须是${DELIMITERS[1]}，而不是 "x"`],
  [{ dateFormat: 'DD.MM.YYYY' }, 'dateFormat must be "YYYY-MM-DD", "D/M/YYYY", "M/D/YYYY", "D/M/YY" or "M/D/YY", not "DD.MM.YYYY"', 'dateFormat 必须是 "YYYY-MM-DD"、"D/M/YYYY"、"M/D/YYYY"、"D/M/YY" 或 "M/D/YY"，而不是 "DD.MM.YYYY"'],
  [{ valueBasis: 'profit' }, 'valueBasis must be "clv" or "netRevenue", not "profit"', 'valueBasis 必须是 "clv" 或 "netRevenue"，而不是 "profit"'],
  [{ asof: '2024-01-01' }, /^asof is not an option \(unknown field `asof`\); the options are `asOf`, `inputKind`, /, /^asof 不是选项；可用的选项有 `asOf`, `inputKind`, /],
  [{ columns: { amont: 'x' } }, /^columns\.amont is not an option in columns \(unknown field `amont`\); the options in columns are `customer`, /, /^columns\.amont 不是columns 中的选项；可用的选项有 `customer`, /],
];

test('a refused option is named as JS spells it, with what it takes, in English and Chinese', () => {
  for (const [options, en, zh] of CASES) {
    const [english, chinese, option] = refusal(options);
    const label = String(JSON.stringify(options) ?? options);
    // The option named first is the error's `option`, for a page to point at its control.
    const named = (typeof en === 'string' ? en : en.source.slice(1)).match(/^([\w.]+): /)?.[1];
    assert.equal(option, named, label);
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
