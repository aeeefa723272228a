// Writes the package's README: npm/README.md followed by the repository README's definitions
// and report sections, so the two never disagree.
//
//   node pkg-scripts/readme.mjs pkg/README.md

import { readFile, writeFile } from 'node:fs/promises';

const output = process.argv[2];
if (!output) throw new Error('usage: node pkg-scripts/readme.mjs pkg/README.md');

const read = (path) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const [intro, repository] = await Promise.all([read('npm/README.md'), read('README.md')]);

/** The `## title` section of the repository README, with its subsections. */
function section(title) {
  const start = repository.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = repository.indexOf('\n## ', start + 1);
  return repository.slice(start + 1, end < 0 ? undefined : end).trimEnd();
}

await writeFile(output, `${intro.trimEnd()}\n\n${section('Definitions')}\n\n${section('The report')}\n`);
