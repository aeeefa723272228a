// The dictionary and formats of the page and the report view (npm/i18n.js): both languages say
// the same things, the page's HTML (what shows without scripts) says what the English
// dictionary says, and dates, periods and money read as each language writes them.
//
//   node --test tests/node/i18n.test.mjs

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { LANGUAGES, MESSAGES, createLocale, pickLanguage } from '../../npm/i18n.js';

const PAGE = readFileSync(new URL('../../www/index.html', import.meta.url), 'utf8');

test('both languages have the same messages, none of them empty', () => {
  assert.deepEqual(Object.keys(MESSAGES), Object.keys(LANGUAGES));
  const shape = (messages) =>
    Object.fromEntries(
      Object.entries(messages).map(([key, message]) => [
        key,
        typeof message === 'function' ? `function of ${message.length}` : 'text',
      ]),
    );
  assert.deepEqual(shape(MESSAGES['zh-CN']), shape(MESSAGES.en));
  for (const [language, messages] of Object.entries(MESSAGES)) {
    for (const [key, message] of Object.entries(messages)) {
      const text = typeof message === 'function' ? message(...Array(message.length).fill('1')) : message;
      assert.ok(text.trim().length > 0, `${language} ${key}`);
    }
  }
});

test('the page without scripts shows the English messages of its data-i18n keys', () => {
  const marked = [...PAGE.matchAll(/data-i18n="([^"]+)"[^>]*>([^<]*)</g)];
  assert.ok(marked.length >= 15, `${marked.length} marked texts`);
  const english = createLocale('en');
  for (const [, key, text] of marked) assert.equal(text.replace(/\s+/g, ' ').trim(), english.t(key), key);
  for (const [, key] of PAGE.matchAll(/data-i18n-label="([^"]+)"/g)) assert.ok(english.has(key), key);
});

test('the language is picked from the browser’s list, Chinese of any script reading 简体中文', () => {
  const cases = [
    [['zh-CN'], 'zh-CN'],
    [['zh-TW', 'en'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['en-GB'], 'en'],
    [['fr-FR', 'zh-CN'], 'zh-CN'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
  ];
  for (const [tags, expected] of cases) assert.equal(pickLanguage(tags), expected, tags.join(', '));
});

test('dates, periods and money as each language writes them', () => {
  // CLDR's medium dates and currency symbols; ISO dates are read as calendar days, whatever
  // the time zone of the machine.
  const cases = [
    ['en', 'USD', 'Mar 1, 2024', 'Mar 2024', 'Q1 2024', '2024', '$1,234.50', '-$20.00'],
    ['en', 'CNY', 'Mar 1, 2024', 'Mar 2024', 'Q1 2024', '2024', 'CN¥1,234.50', '-CN¥20.00'],
    ['zh-CN', 'CNY', '2024年3月1日', '2024年3月', '2024年第1季度', '2024年', '¥1,234.50', '-¥20.00'],
    ['zh-CN', 'JPY', '2024年3月1日', '2024年3月', '2024年第1季度', '2024年', 'JP¥1,235', '-JP¥20'],
  ];
  for (const [language, currency, day, month, quarter, year, money, loss] of cases) {
    const locale = createLocale(language, currency);
    assert.deepEqual(
      [
        locale.date('2024-03-01'),
        locale.period('2024-03'),
        locale.period('2024-Q1'),
        locale.period('2024'),
        locale.money(1234.5),
        locale.money(-20),
      ],
      [day, month, quarter, year, money, loss],
      `${language} ${currency}`,
    );
  }
  assert.equal(createLocale('zh-CN').currency, 'CNY');
  assert.equal(createLocale('en').currency, 'USD');
  assert.equal(createLocale('zh-CN').text({ en: 'Champions', 'zh-CN': '冠军客户' }), '冠军客户');
  assert.throws(() => createLocale('fr'), /unknown language fr: use one of en, zh-CN/);
  assert.throws(() => createLocale('en').t('noSuchText'), /no text noSuchText in en/);
});

test('an English count of one takes the singular', () => {
  const english = createLocale('en');
  const cases = [
    [['npsAnswers', '1', '100.0%', '0.0%', '0.0%'], '1 answer: 100.0% promoters, 0.0% passives, 0.0% detractors'],
    [['cesAnswers', '1', '100.0', '1–2'], '1 answer, 100.0% answered 1–2'],
    [['commentCount', 'Promoters', '1'], 'Promoters: 1 comment'],
    [['commentCount', 'Promoters', '2'], 'Promoters: 2 comments'],
    [['showingCustomers', '1', '1', '1'], 'Showing 1–1 of 1 customer'],
    [['groupMinimum', '1'], 'Groups with fewer than 1 answer show no figure.'],
    [['readingProgress', 'a.csv', '0.1', '0.1', '1', ''], 'Reading a.csv: 0.1 of 0.1 MB, 1 row'],
    [['clvHeadline', '$5', 1], 'Predicted lifetime value of every customer together over the next 1 month: $5.'],
    [['clvHeadline', '$5', 12], 'Predicted lifetime value of every customer together over the next 12 months: $5.'],
  ];
  for (const [[key, ...values], expected] of cases) assert.equal(english.t(key, ...values), expected, key);
  assert.match(english.t('analysingProgress', 'a.csv', '1'), /^Analysing a\.csv: 1 row read;/);
  assert.match(english.t('def.clv', 1, '1.0%', '12.7%'), /over the next 1 month, each month/);

  // Every other message given a count of one: none says "1 answers", "1 rows" and the like (a
  // rate, "1 rows/s", is a unit).
  // Counts that are never one: files dropped or pasted together (two or more), the customers
  // past the printed list, and the salt's fixed minimum length.
  const neverOne = new Set(['oneFileAtATime', 'oneFilePasted', 'printedCustomers', 'saltTooShort']);
  const nouns = /\b1 (answers|comments|rows|customers|months|values|days|files|questions|segments|groups|clusters|purchases|responses|columns|lines)\b(?!\/)/;
  for (const [key, message] of Object.entries(MESSAGES.en)) {
    if (typeof message !== 'function' || neverOne.has(key)) continue;
    const text = message(...Array(message.length).fill('1'));
    assert.doesNotMatch(text, nouns, key);
  }
});
