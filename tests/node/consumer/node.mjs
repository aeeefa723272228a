// The Node check of npm-package.test.mjs: prints the summary of the fixture as JSON.
import { readFileSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { analyze, version, CustvalError } from 'custval';

const path = process.argv[2];
const fromBytes = await analyze(readFileSync(path), { asOf: '2024-03-01' });
const fromBlob = await analyze(await openAsBlob(path), { asOf: '2024-03-01' });
const failed = await analyze(new Uint8Array()).catch((error) => error instanceof CustvalError && error.code);
console.log(JSON.stringify({ version, fromBytes, fromBlob, failed }));
