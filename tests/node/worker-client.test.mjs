// What the worker client sends its worker: arguments a structured clone cannot carry (a Vue
// `reactive()` Proxy, a callback among the options) are copied as plain data or refused with a
// CustvalError naming them, and a refused call leaves nothing behind; a customer query is
// checked as for a page of a report set from code. The workers are stand-ins that clone what
// they are sent, as postMessage does. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertSaid, refusalOf } from './said.mjs';

/**
 * A client over stand-in workers; `sent` is what its analysis worker received, cloned,
 * `started` the scripts of the workers started, in order, and `workers` those workers.
 */
async function withClient(use) {
  const sent = [];
  const started = [];
  const workers = [];
  class ClonedWorker {
    constructor(url) {
      this.script = url.pathname.split('/').pop();
      started.push(this.script);
      workers.push(this);
    }
    postMessage(message, transfer) {
      const copy = structuredClone(message, { transfer });
      if (this.script === 'analysis-worker.js' && !('clvPort' in copy)) sent.push(copy);
    }
    terminate() {}
  }
  globalThis.Worker = ClonedWorker;
  try {
    const { createWorkerClient, CustvalError } = await import('../../pkg/worker-client.js');
    const client = createWorkerClient();
    try {
      await use(client, sent, CustvalError, started, workers);
    } finally {
      client.terminate();
    }
  } finally {
    delete globalThis.Worker;
  }
}

test('reactive options and records cross as the plain data they read as', async () => {
  await withClient(async (client, sent) => {
    const reactive = (value) => new Proxy(value, {});
    const options = reactive({ asOf: '2024-06-30', columns: reactive({ customer: 'email' }) });
    const records = reactive([reactive({ id: 'a', lastPurchase: '2024-06-01', frequency: 1, monetary: 5 })]);
    client.analyze(new Blob(['a']), options).catch(() => {});
    client.analyzeCustomers(records, reactive({ asOf: '2024-06-30' })).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve));
    assert.deepEqual(sent[0].options, { asOf: '2024-06-30', columns: { customer: 'email' } });
    assert.ok(sent[0].input instanceof Blob);
    assert.deepEqual(sent[1].input, [{ id: 'a', lastPurchase: '2024-06-01', frequency: 1, monetary: 5 }]);
  });
});

test('a callback among the options is refused by name, and the call leaves nothing behind', async () => {
  await withClient(async (client, sent, CustvalError) => {
    const controller = new AbortController();
    const call = client.analyze(new Blob(['a']), { asOf: '2024-06-30', onProgress: () => {} }, { signal: controller.signal });
    await assert.rejects(call, (error) => {
      assert.ok(error instanceof CustvalError);
      assert.equal(error.code, 'invalidOptions');
      assert.equal(
        error.message,
        "invalid options: onProgress is a function, and options hold only data: onProgress and signal go in the call's last argument, { onProgress, signal }",
      );
      assert.match(error.messages['zh-CN'], /^选项无效：onProgress 是函数/);
      return true;
    });
    await assert.rejects(client.analyzeCustomers([{ id: 'a', frequency: () => 1 }]), {
      code: 'invalidOptions',
      message: 'invalid options: customers[0].frequency is a function, and only data can be sent to the worker',
    });
    // What a clone refuses for other reasons is a CustvalError too.
    await assert.rejects(client.analyze(new Blob(['a']), { asOf: Symbol('date') }), {
      name: 'CustvalError',
      code: 'invalidOptions',
      message: /^these arguments cannot be sent to the worker: /,
    });
    // Nothing was sent, and a cancel afterwards sends nothing either: no request is left over.
    controller.abort();
    assert.deepEqual(sent, []);
  });
});

test('a customer query is checked before it is sent, as a page of a report set from code', async () => {
  await withClient(async (client, sent, CustvalError) => {
    await assert.rejects(client.customers({ tier: 'vip' }), (error) => {
      assert.ok(error instanceof CustvalError);
      assert.equal(error.code, 'invalidOptions');
      assert.equal(error.message, 'invalid options: tier must be "low", "medium" or "high", not "vip"');
      assert.equal(error.option, 'tier');
      return true;
    });
    assert.deepEqual(sent, []);
    client.customers({ tier: 'high', limit: 5 }).catch(() => {});
    assert.deepEqual(sent.map((message) => message.customers), [{ tier: 'high', limit: 5 }]);
  });
});

test('hooks of null are none, as options of null are', async () => {
  await withClient(async (client, sent) => {
    const calls = [
      client.analyze(new Blob(['a']), null, null),
      client.analyzeWithSurveys(undefined, new Blob(['a']), null, null),
      client.analyzeCustomers([], null, null),
    ];
    for (const call of calls) call.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve));
    assert.deepEqual(
      sent.map((message) => message.summaryOnly),
      [undefined, undefined, undefined],
    );
  });
});

test('bytes cross as a Blob of their own bytes, and the caller keeps its buffer', async () => {
  await withClient(async (client, sent) => {
    const file = new TextEncoder().encode('customer,date,amount\na,2024-01-02,5\n');
    // A view of part of a larger buffer: only its bytes are the file.
    const whole = new Uint8Array(file.length + 100);
    whole.set(file, 50);
    const view = whole.subarray(50, 50 + file.length);
    client.analyze(view).catch(() => {});
    client.analyzeWithSurveys(view.buffer.slice(50, 50 + file.length), view).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve));
    for (const blob of [sent[0].input, sent[1].input, sent[1].surveys]) {
      assert.ok(blob instanceof Blob);
      assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), file);
    }
    // Neither copied whole into the worker nor moved there: still readable here.
    assert.equal(whole.buffer.byteLength, file.length + 100);
    assert.deepEqual(view, file);
  });
});

test('a string crosses as it is: the worker reads it as UTF-8, or refuses an encoding given for it', async () => {
  await withClient(async (client, sent) => {
    const text = '客户编号,订单日期,实付金额\n张三,2024-03-01,99\n';
    client.analyze(text, { encoding: 'gbk' }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve));
    assert.deepEqual([sent[0].input, sent[0].options.encoding], [text, 'gbk']);
  });
});

test('after terminate() the latest report is gone without a worker started to say so', async () => {
  await withClient(async (client, sent, CustvalError, started) => {
    client.terminate();
    const before = started.length;
    const noReport = (error) => {
      assert.ok(error instanceof CustvalError);
      assert.equal(error.code, 'invalidInput');
      assert.equal(error.message, 'there is no report to take this from: analyse a transactions file first');
      return true;
    };
    await assert.rejects(client.customers({ limit: 5 }), noReport);
    await assert.rejects(client.customersCsv(), noReport);
    await assert.rejects(client.callListCsv({ idSalt: 'a salt long enough' }), noReport);
    assert.equal(started.length, before);
    assert.deepEqual(sent, []);
    // An analysis starts one, as before.
    client.analyze(new Blob(['a'])).catch(() => {});
    assert.deepEqual(started.slice(before), ['analysis-worker.js', 'clv-worker.js']);
  });
});

test("the worker client's own errors say themselves in English and Chinese", async () => {
  await withClient(async (client, sent, CustvalError, started, workers) => {
    const file = new Blob(['a']);
    assertSaid(await refusalOf(() => client.analyze(file, {}, { signal: AbortSignal.abort() })), {
      code: 'cancelled',
      en: 'the analysis was cancelled',
      zh: '分析已取消',
    });
    // A worker that fails: the browser's words for why, when it gives any, are its own.
    const names = ['custval', 'worker'];
    const failWorker = (event) => workers.findLast((worker) => worker.script === 'analysis-worker.js').onerror({ preventDefault() {}, ...event });
    for (const [message, en, zh] of [
      ['Uncaught SyntaxError: Unexpected token', 'the custval worker failed: Uncaught SyntaxError: Unexpected token', 'custval 的 worker 出错而停止：Uncaught SyntaxError: Unexpected token'],
      [undefined, 'the custval worker failed', 'custval 的 worker 出错而停止'],
    ]) {
      const failing = client.analyze(file);
      failWorker({ message });
      assertSaid(await refusalOf(() => failing), { code: 'workerFailed', en, zh, names, detail: message });
    }
    const pending = client.analyze(file);
    client.terminate();
    assertSaid(await refusalOf(() => pending), {
      code: 'cancelled',
      en: 'the worker client was terminated',
      zh: 'worker 客户端已终止',
      names: ['worker'],
    });
    assertSaid(await refusalOf(() => client.customers()), {
      code: 'invalidInput',
      en: 'there is no report to take this from: analyse a transactions file first',
      zh: '还没有可从中取用的报告：请先分析交易文件',
    });
    // What a structured clone refuses, in its words.
    assertSaid(await refusalOf(() => client.analyze(file, { asOf: Symbol('date') })), {
      code: 'invalidOptions',
      en: 'these arguments cannot be sent to the worker: Symbol(date) could not be cloned.',
      zh: '这些参数无法发送给 worker：Symbol(date) could not be cloned.',
      names: ['worker'],
      detail: 'Symbol(date) could not be cloned.',
    });
    assertSaid(await refusalOf(() => client.analyzeCustomers([{ id: 'a', frequency: () => 1 }])), {
      code: 'invalidOptions',
      en: 'invalid options: customers[0].frequency is a function, and only data can be sent to the worker',
      zh: '选项无效：customers[0].frequency 是函数，而只有数据能发送给 worker',
      names: ['customers', 'frequency', 'worker'],
    });
  });
});
