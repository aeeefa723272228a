// The package's own errors (not the core's) in Node: each has its code and says itself in
// English and in Chinese written for Chinese readers, as the core's errors do, so that a page
// in Chinese shows no English for them. The worker client's are in worker-client.test.mjs, the
// element's in npm-package.test.mjs. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { assertSaid, refusalOf } from './said.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const api = await import('../../pkg/node.js');
const { createApi, CustvalError } = await import('../../pkg/api.js');
const CSV = readFileSync(root + 'tests/fixtures/hand-computed.csv');
const INPUT_KINDS = ['File', 'Blob', 'ArrayBuffer', 'Uint8Array'];

test('an input of another type is refused by its name, in both languages', async () => {
  assertSaid(await refusalOf(() => api.analyze(42)), {
    code: 'invalidInput',
    en: 'input must be a File, Blob, ArrayBuffer, Uint8Array or string',
    zh: 'input 必须是 File、Blob、ArrayBuffer、Uint8Array 或字符串',
    names: ['input', ...INPUT_KINDS],
  });
  assertSaid(await refusalOf(() => api.analyzeWithSurveys(undefined, 5)), {
    code: 'invalidInput',
    en: 'surveys must be a File, Blob, ArrayBuffer, Uint8Array or string',
    zh: 'surveys 必须是 File、Blob、ArrayBuffer、Uint8Array 或字符串',
    names: ['surveys', ...INPUT_KINDS],
  });
  assertSaid(await refusalOf(() => api.analyzeWithSurveys({}, CSV)), {
    code: 'invalidInput',
    en: 'transactions must be a File, Blob, ArrayBuffer, Uint8Array or string',
    zh: 'transactions 必须是 File、Blob、ArrayBuffer、Uint8Array 或字符串',
    names: ['transactions', ...INPUT_KINDS],
  });
});

test("a string's encoding is UTF-8: another one given for it is refused by its option", async () => {
  const text = CSV.toString('utf8');
  const gbk = await refusalOf(() => api.analyze(text, { encoding: 'gbk' }));
  assertSaid(gbk, {
    code: 'invalidOptions',
    option: 'encoding',
    en: "invalid options: encoding: input is a string, which is text already, read as UTF-8: leave out encoding, which says how to read a file's bytes",
    zh: '选项无效：encoding：input 是字符串，已经是文本，按 UTF-8 读取：请去掉 encoding，它用于说明如何读取文件的字节',
    names: ['encoding', 'input', 'UTF-8'],
  });
  const previewError = await refusalOf(() => api.preview(text, { encoding: 'utf-16le' }));
  assert.equal(previewError.option, 'encoding');
  const surveys = 'customer,date,nps\nA,2024-03-01,9\n';
  const surveyError = await refusalOf(() => api.analyzeWithSurveys(CSV, surveys, { surveyEncoding: 'big5' }));
  assert.equal(surveyError.option, 'surveyEncoding');
  assert.match(surveyError.message, /^invalid options: surveyEncoding: surveys is a string/);
  // Any label of UTF-8 says what the string is read as anyway.
  for (const encoding of ['utf-8', 'UTF8', 'unicode-1-1-utf-8']) {
    assert.equal((await api.analyze(text, { encoding })).input.encoding, 'UTF-8');
  }
});

test('a detached buffer is said to have no bytes left, in both languages', async () => {
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  const error = await refusalOf(() => api.analyze(detached));
  assertSaid(error, {
    code: 'invalidInput',
    en: 'input cannot be read: its buffer is detached (transferred to a worker, say), so it has no bytes left; pass the bytes before transferring them, or a copy',
    zh: 'input 无法读取：它的缓冲区已分离（例如已转移给 worker），不再有任何字节；请在转移之前传入，或传入副本',
    names: ['input', 'worker'],
  });
  // The engine's own words stay with the error, for a developer.
  assert.ok(error.cause instanceof TypeError);
});

test('a cancelled analysis says so in both languages', async () => {
  const reason = new Error('the user left');
  const error = await refusalOf(() => api.analyze(new Blob([CSV]), {}, { signal: AbortSignal.abort(reason) }));
  assertSaid(error, { code: 'cancelled', en: 'the analysis was cancelled', zh: '分析已取消' });
  assert.equal(error.cause, reason);
});

test("a module that fails to load says so in both languages, with the loader's words", async () => {
  const { analyze } = createApi(() => Promise.reject(new Error('ENOENT custval_bg.wasm')));
  assertSaid(await refusalOf(() => analyze(CSV)), {
    code: 'loadFailed',
    en: 'the custval WebAssembly module failed to load: ENOENT custval_bg.wasm',
    zh: 'custval 的 WebAssembly 模块未能加载：ENOENT custval_bg.wasm',
    names: ['custval', 'WebAssembly'],
    detail: 'ENOENT custval_bg.wasm',
  });
});

test('lifetime-value inputs and models of another origin are refused in both languages', async () => {
  assertSaid(await refusalOf(() => api.fitClv(new Float64Array([1, 2, 3]))), {
    code: 'invalidInput',
    en: 'these are not lifetime-value inputs made by clvInputs: 3 numbers are not whole inputs of 4 numbers each',
    zh: '这些不是 clvInputs 给出的终身价值模型输入',
    names: ['clvInputs'],
  });
  // Customers enough for the models to be fitted.
  const sample = new Blob([readFileSync(root + 'www/sample-transactions.csv')]);
  const withModels = (models) => refusalOf(() => api.analyzeForExports(sample, undefined, {}, { fitClv: async () => models }));
  assertSaid(await withModels({ r: 1 }), {
    code: 'invalidInput',
    en: 'these are not lifetime-value models made by fitClvModels',
    zh: '这些不是 fitClvModels 拟合出的终身价值模型',
    names: ['fitClvModels'],
  });
  const otherCustomers = await api.fitClv(new Float64Array([1, 3, 10, 5, 0, 0, 8, NaN]));
  assertSaid(await withModels(otherCustomers), {
    code: 'invalidInput',
    en: "these lifetime-value models were fitted to other customers' inputs",
    zh: '这些终身价值模型是用另一批客户的输入拟合的',
  });
});

test('an error made without messages is a failure inside the package, said so in Chinese', () => {
  const error = new CustvalError('unreachable', 'internal');
  assertSaid(error, { code: 'internal', en: 'unreachable', zh: 'custval 内部出错：unreachable', names: ['custval'], detail: 'unreachable' });
  // Messages given are kept as they are.
  const messages = { en: 'x', 'zh-CN': '某' };
  assert.equal(new CustvalError('x', 'invalidInput', { messages }).messages, messages);
});
