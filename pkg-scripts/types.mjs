// Writes the TypeScript declarations of the report and the options, generated from the JSON
// Schema, so the package's types and the schema cannot drift apart.
//
//   node pkg-scripts/types.mjs OUTPUT.d.ts

import { writeFile } from 'node:fs/promises';
import { compileFromFile } from 'json-schema-to-typescript';

const schema = new URL('../schema/report.schema.json', import.meta.url).pathname;
const output = process.argv[2];
if (!output) throw new Error('usage: node pkg-scripts/types.mjs OUTPUT.d.ts');

const declarations = await compileFromFile(schema, {
  bannerComment: '/* Generated from schema/report.schema.json by pkg-scripts/types.mjs. Do not edit. */',
  unreachableDefinitions: true,
  additionalProperties: false,
});
await writeFile(output, declarations);
