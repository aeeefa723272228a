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
const BYTE_KINDS = ['File', 'Blob', 'ArrayBuffer', 'Uint8Array'];

test('an input of another type is refused by its name, in both languages', async () => {
  assertSaid(await refusalOf(() => api.analyze('a,b')), {
    code: 'invalidInput',
    en: 'input must be a File, Blob, ArrayBuffer or Uint8Array',
    zh: 'input 必须是 File、Blob、ArrayBuffer 或 Uint8Array',
    names: ['input', ...BYTE_KINDS],
  });
  assertSaid(await refusalOf(() => api.analyzeWithSurveys(undefined, 5)), {
    code: 'invalidInput',
    en: 'surveys must be a File, Blob, ArrayBuffer or Uint8Array',
    zh: 'surveys 必须是 File、Blob、ArrayBuffer 或 Uint8Array',
    names: ['surveys', ...BYTE_KINDS],
  });
  assertSaid(await refusalOf(() => api.analyzeWithSurveys({}, CSV)), {
    code: 'invalidInput',
    en: 'transactions must be a File, Blob, ArrayBuffer or Uint8Array',
    zh: 'transactions 必须是 File、Blob、ArrayBuffer 或 Uint8Array',
    names: ['transactions', ...BYTE_KINDS],
  });
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
