// A file too large for the WebAssembly module: the package says so, in both languages, rather
// than passing on the module's trap, and the worker client replaces a worker whose module has
// stopped. In a file of its own, because a module that has run out of memory cannot be used
// again in this process. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { test } from 'node:test';

test('a file too large for the module fails with outOfMemory, in English and Chinese', async () => {
  const api = await import('../../pkg/node.js');
  // One line that never ends: the reader keeps it whole while it waits for the line break, so
  // its room doubles until the module's 4 GiB cannot hold it, after about 2 GiB have been read.
  const piece = new Uint8Array(64 << 20).fill('a'.charCodeAt(0));
  class EndlessLine extends Blob {
    stream() {
      return new ReadableStream({ pull: (controller) => controller.enqueue(piece) });
    }
  }
  await assert.rejects(api.analyze(new EndlessLine()), (error) => {
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

test('the worker client replaces a worker whose module has stopped', async () => {
  // Stand-ins for the browser's workers: each analysis worker answers every request with the
  // error a stopped module gives, and counts as terminated once told.
  const workers = [];
  class FakeWorker {
    constructor(url) {
      this.script = url.pathname.split('/').pop();
      this.terminated = false;
      workers.push(this);
    }
    postMessage(message) {
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
    const client = createWorkerClient();
    const analysisWorkers = () => workers.filter((worker) => worker.script === 'analysis-worker.js');
    await assert.rejects(client.analyze(new Blob(['a'])), { code: 'outOfMemory', name: 'CustvalError' });
    assert.equal(analysisWorkers().length, 1);
    assert.ok(workers.every((worker) => worker.terminated), 'both workers of the stopped module terminated');
    await assert.rejects(client.preview(new Blob(['a'])), { code: 'outOfMemory' });
    assert.equal(analysisWorkers().length, 2, 'the next call started a new worker');
    assert.equal(workers.filter((worker) => worker.script === 'clv-worker.js').length, 2);
  } finally {
    delete globalThis.Worker;
  }
});
