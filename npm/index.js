// The entry for browsers and bundlers. The .wasm file is found next to this module: Vite and
// webpack 5 recognise `new URL(..., import.meta.url)`, copy the file into their output and
// rewrite the URL; esbuild and Rollup leave it, so the file is copied next to the bundle (see
// README.md); and a plain <script type="module"> page fetches it from where the package is
// served.

import init from './custval.js';
import { createApi } from './api.js';

const api = createApi(() => init({ module_or_path: new URL('./custval_bg.wasm', import.meta.url) }));

export const { load, warmUp, fitClv, analyze, analyzeWithSurveys, analyzeCustomers, analyzeForExports, preview } = api;
export { CustvalError } from './api.js';
export { version } from './version.js';
