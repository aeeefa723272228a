// What the tests of the package's errors check of each: that a Chinese reader is told it in
// Chinese, not in the English's words.

import assert from 'node:assert/strict';

/**
 * Checks that `error` is a CustvalError with `code`, `option` (undefined for none) and the
 * messages `en` and `zh` exactly, the Chinese in words of its own: every Latin word in it is one
 * of `names` (code names, written alike in both languages) or in `detail`, words that are not
 * the package's (a server's or an engine's), given as they are in both.
 */
export function assertSaid(error, { code, option, en, zh, names = [], detail = '' }) {
  assert.equal(error?.name, 'CustvalError', String(error?.stack ?? error));
  assert.equal(error.code, code, en);
  assert.equal(error.option, option, en);
  assert.equal(error.message, en);
  assert.deepEqual(error.messages, { en, 'zh-CN': zh });
  assert.ok(zh.includes(detail), `${zh} gives ${detail}`);
  const english = (zh.replace(detail, '').match(/[A-Za-z][\w-]*/g) ?? []).filter((word) => !names.includes(word));
  assert.deepEqual(english, [], `English words in "${zh}"`);
}

/** The error that `call` throws or its promise rejects with; fails when there is none. */
export async function refusalOf(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('no error');
}
