// The Node check of npm-package.test.mjs: prints the summary of the fixture as JSON.
import { readFileSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { analyze, version, warmUp, CustvalError } from 'custval';

const path = process.argv[2];
const fromBytes = await analyze(readFileSync(path), { asOf: '2024-03-01' });
const fromBlob = await analyze(await openAsBlob(path), { asOf: '2024-03-01' });
const failed = await analyze(new Uint8Array()).catch((error) => error instanceof CustvalError && error.code);
// The warm-up analyses its own generated file and leaves nothing behind.
await warmUp();
const afterWarmUp = await analyze(await openAsBlob(path), { asOf: '2024-03-01' });
console.log(JSON.stringify({ version, fromBytes, fromBlob, failed, afterWarmUp }));
