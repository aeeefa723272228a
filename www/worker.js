// Owns the WebAssembly module, so a large file is analysed without freezing the page.
//
// Protocol: receives { id, bytes: ArrayBuffer, options } and answers { id, report } or
// { id, error: { message, code } }.

import init, { analyze } from './pkg/custval.js';

// Start compiling at once; the page creates this worker on load, so the module is usually
// ready before the user has picked a file. Messages that arrive earlier wait for it here.
const ready = init();

self.onmessage = async ({ data: { id, bytes, options } }) => {
  try {
    await ready;
    self.postMessage({ id, report: analyze(new Uint8Array(bytes), options) });
  } catch (error) {
    // The core throws Errors with a `code`; anything else (a failed init, a crash inside the
    // module) is reported the same way so the page can show it.
    self.postMessage({
      id,
      error: { message: error?.message ?? String(error), code: error?.code ?? 'internal' },
    });
  }
};
