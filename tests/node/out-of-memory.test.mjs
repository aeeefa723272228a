// A file too large for the WebAssembly module: the package says so, in both languages, rather
// than passing on the module's trap, and the worker client replaces a worker whose module has
// stopped. In a file of its own, because a module that has run out of memory cannot be used
// again in this process. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { test } from 'node:test';

test('a row that never ends fails with rowTooLong at 16 MiB, and the module goes on', async () => {
  const api = await import('../../pkg/node.js');
  // A line that never ends, as a quote never closed reads: the reader keeps the row whole while
  // it waits for its end. Without a quote, the message says the line is too long.
  const piece = new Uint8Array(1 << 20).fill('a'.charCodeAt(0));
  class EndlessLine extends Blob {
    stream() {
      return new ReadableStream({ pull: (controller) => controller.enqueue(piece) });
    }
  }
  await assert.rejects(api.analyze(new EndlessLine()), (error) => {
    assert.equal(error.name, 'CustvalError');
    assert.equal(error.code, 'rowTooLong');
    assert.equal(error.moduleStopped, undefined);
    assert.match(error.message, /^line 1 is longer than 16 MiB, far beyond any real row/);
    assert.match(error.messages['zh-CN'], /^第 1 行超过 16 MiB，远超任何真实的一行/);
    return true;
  });
  const report = await api.analyze(new TextEncoder().encode('customer,date,amount\na,2024-01-02,5\n'));
  assert.equal(report.input.customers, 1);
});

test('a file too large for the module fails with outOfMemory, in English and Chinese', async () => {
  const api = await import('../../pkg/node.js');
  // Rows that never end: the module's memory grows with them until its 4 GiB cannot hold them,
  // after about 600 MB (40 million rows) have been read.
  const row = 'c,2024-01-01,1\n';
  const rows = new TextEncoder().encode(row.repeat((64 << 20) / row.length));
  class EndlessRows extends Blob {
    stream() {
      let header = new TextEncoder().encode('customer,date,amount\n');
      return new ReadableStream({
        pull: (controller) => {
          controller.enqueue(header ?? rows);
          header = undefined;
        },
      });
    }
  }
  await assert.rejects(api.analyze(new EndlessRows()), (error) => {
    assert.equal(error.name, 'CustvalError');
    assert.equal(error.code, 'outOfMemory');
    assert.equal(error.moduleStopped, true);
    assert.ok(error.cause instanceof WebAssembly.RuntimeError, 'caused by the trap');
    assert.match(error.message, /^the browser ran out of memory for this file; analyse it with the custval command-line tool/);
    assert.equal(error.messages.en, error.message);
    assert.match(error.messages['zh-CN'], /^浏览器内存不足，无法分析这个文件；请用 custval 命令行工具/);
    return true;
  });
});

/**
 * Stand-ins for the browser's workers, made by the worker client: each analysis worker answers
 * every request with the error a stopped module gives; each worker keeps what it was sent and
 * counts as terminated once told.
 */
async function withFakeWorkers(use) {
  const workers = [];
  class FakeWorker {
    constructor(url) {
      this.script = url.pathname.split('/').pop();
      this.received = [];
      this.terminated = false;
      workers.push(this);
    }
    postMessage(message) {
      this.received.push(message);
      if (this.script !== 'analysis-worker.js' || message.id === undefined) return;
      const error = { message: 'out of memory', code: 'outOfMemory', moduleStopped: true };
      queueMicrotask(() => this.onmessage({ data: { id: message.id, error } }));
    }
    terminate() {
      this.terminated = true;
    }
  }
  globalThis.Worker = FakeWorker;
  try {
    const { createWorkerClient } = await import('../../pkg/worker-client.js');
    const of = (script) => workers.filter((worker) => worker.script === script);
    await use(createWorkerClient(), () => of('analysis-worker.js'), () => of('clv-worker.js'));
  } finally {
    delete globalThis.Worker;
  }
}

test('the worker client replaces a worker whose module has stopped', async () => {
  await withFakeWorkers(async (client, analysisWorkers, clvWorkers) => {
    await assert.rejects(client.analyze(new Blob(['a'])), {
      code: 'outOfMemory',
      name: 'CustvalError',
      moduleStopped: true,
    });
    assert.equal(analysisWorkers().length, 1);
    assert.ok([...analysisWorkers(), ...clvWorkers()].every((worker) => worker.terminated), 'both workers terminated');
    await assert.rejects(client.preview(new Blob(['a'])), { code: 'outOfMemory' });
    assert.equal(analysisWorkers().length, 2, 'the next call started a new worker');
    assert.equal(clvWorkers().length, 2);
  });
});

test('the worker client replaces a clv worker whose module has stopped', async () => {
  await withFakeWorkers(async (client, analysisWorkers, clvWorkers) => {
    const [analysisWorker] = analysisWorkers();
    analysisWorker.onmessage({ data: { clvStopped: true } });
    const [stopped, started] = clvWorkers();
    assert.ok(stopped.terminated && started && !started.terminated, 'a new clv worker');
    const ports = analysisWorker.received.filter((message) => 'clvPort' in message);
    assert.equal(ports.length, 2, 'the analysis worker is linked to the new one');
    assert.ok(started.received.some((message) => 'clvPort' in message));
    client.terminate();
  });
});

test('a fit that stops the clv worker\'s module is made where the analysis runs from then on', async (t) => {
  const { fitsOver, serveFits } = await import('../../pkg/clv-port.js');
  const { port1, port2 } = new MessageChannel();
  // Open ports would keep the test's process alive, pass or fail.
  t.after(() => (port1.close(), port2.close()));
  let fits = 0;
  serveFits(port1, () => {
    fits += 1;
    throw Object.assign(new Error('out of memory'), { code: 'outOfMemory', moduleStopped: true });
  });
  let stops = 0;
  const fitClv = fitsOver(port2, () => (stops += 1));
  await assert.rejects(fitClv(new Float64Array(4)), { message: 'out of memory', code: 'outOfMemory' });
  assert.equal(stops, 1);
  // Later fits fail at once, so that the analysis fits the models itself, and never reach the
  // stopped module.
  await assert.rejects(fitClv(new Float64Array(4)), { message: 'out of memory' });
  assert.equal(fits, 1);
  assert.equal(stops, 1);
});
