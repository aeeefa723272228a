// What the worker client sends its worker: a customer query is checked as for a page of a
// report set from code. The workers are stand-ins that clone what
// they are sent, as postMessage does. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { test } from 'node:test';

/** A client over stand-in workers; `sent()` is what its analysis worker received, cloned. */
async function withClient(use) {
  const sent = [];
  class ClonedWorker {
    constructor(url) {
      this.script = url.pathname.split('/').pop();
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
      await use(client, sent, CustvalError);
    } finally {
      client.terminate();
    }
  } finally {
    delete globalThis.Worker;
  }
}

test('a customer query is checked before it is sent, as a page of a report set from code', async () => {
  await withClient(async (client, sent, CustvalError) => {
    await assert.rejects(client.customers({ tier: 'vip' }), (error) => {
      assert.ok(error instanceof CustvalError);
      assert.equal(error.code, 'invalidOptions');
      assert.equal(error.message, 'invalid options: tier must be "low", "medium" or "high", not "vip"');
      return true;
    });
    assert.deepEqual(sent, []);
    client.customers({ tier: 'high', limit: 5 }).catch(() => {});
    assert.deepEqual(sent.map((message) => message.customers), [{ tier: 'high', limit: 5 }]);
  });
});
