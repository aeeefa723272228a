// The entry for Node: the same API, with the .wasm file read from the package's directory.

import { readFile } from 'node:fs/promises';
import { initSync } from './custval.js';
import { createApi } from './api.js';

const api = createApi(async () => {
  initSync({ module: await readFile(new URL('./custval_bg.wasm', import.meta.url)) });
});

export const { load, warmUp, fitClv, analyze, analyzeWithSurveys, analyzeCustomers, analyzeForExports, preview } = api;
export { CustvalError } from './api.js';
export { version } from './version.js';
