// The second module Web Worker of createWorkerClient() (worker-client.js): it fits the
// lifetime-value models of the analysis worker's files while that worker scores and clusters
// the customers.
//
// Protocol: receives { clvPort } once, the other end of which the analysis worker holds; then
// answers on it as serveFits (clv-port.js) does.

import { load, fitClv } from './index.js';
import { serveFits } from './clv-port.js';

// Compile at once; a failed load is reported with the first fit, which awaits the same load.
load().catch(() => {});

self.onmessage = ({ data }) => {
  if ('clvPort' in data) serveFits(data.clvPort, fitClv);
};
