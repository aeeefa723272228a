// Server-side rendering (Next.js, Nuxt, SvelteKit, Astro) evaluates a page's imports in Node
// before the browser does: every entry of the package must load there, even those that only
// work in a browser. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const PKG = new URL('../../pkg/', import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL('package.json', PKG), 'utf8'));

for (const [subpath, target] of Object.entries(exports).filter(([, target]) => typeof target === 'object')) {
  test(`import '${subpath.replace(/^\./, 'custval')}' loads in Node`, async () => {
    const module = await import(new URL(target.node ?? target.default, PKG));
    assert.ok(Object.keys(module).length > 0);
  });
}
