// The page of the element test in npm-package.test.mjs: a <custval-report> moved within the
// page as a tab panel or a modal moves it, then removed while it analyses, one whose src is not
// there, and one in Chinese given a Blob. What happened is left in `window.result` for the test to check.
import { CustvalError } from 'custval';
import 'custval/element';

const OPTIONS = { asOf: '2024-03-01' };

async function run() {
  const file = await (await fetch('./hand-computed.csv')).blob();
  const [panel, otherPanel] = [document.createElement('div'), document.createElement('div')];
  document.body.append(panel, otherPanel);
  const element = document.createElement('custval-report');
  panel.append(element);
  await element.analyze(file, OPTIONS, 'hand-computed.csv');
  // Moved: its worker, which holds the report's customers, stays.
  otherPanel.append(element);
  await new Promise((resolve) => setTimeout(resolve));
  const afterMove = (await element.customers({ limit: 0 })).total;
  // Removed while it reads a large file: the analysis is cancelled and its workers stop.
  const large = new Blob(['customer_id,order_date,amount\n', 'c0001,2024-01-15,12.50\n'.repeat(1_800_000)]);
  const analysing = codeOf(element.analyze(large));
  element.remove();
  const removedWhileAnalysing = await analysing;
  // A src that is not there: an `error` event, as for a file that cannot be analysed.
  const missing = document.createElement('custval-report');
  const failed = new Promise((resolve) => missing.addEventListener('error', (event) => resolve(event.detail)));
  missing.setAttribute('src', './missing.csv');
  document.body.append(missing);
  const missingSrc = await failed;
  // Nor has it a report on show to page through.
  const noReportOnShow = await missing.customers().catch(({ code, messages }) => ({ code, messages }));
  // In Chinese, a Blob, which has no name, is called so in Chinese.
  const chinese = document.createElement('custval-report');
  chinese.setAttribute('lang', 'zh-CN');
  document.body.append(chinese);
  await chinese.analyze(file, OPTIONS);
  const unnamed = { shown: chinese.shadowRoot.querySelector('[data-field="file"] dd').textContent };
  await chinese.analyze(new Blob(['x'])).catch(() => {});
  unnamed.error = chinese.shadowRoot.querySelector('.error').textContent;
  return {
    afterMove,
    removedWhileAnalysing,
    missingSrc: {
      name: missingSrc.name,
      code: missingSrc.code,
      message: missingSrc.message,
      messages: missingSrc.messages,
      shown: missing.shadowRoot.querySelector('.error').textContent,
    },
    noReportOnShow,
    unnamed,
  };
}

/** How `promise` ends: 'finished', or the code of the CustvalError it rejects with. */
function codeOf(promise) {
  return promise.then(
    () => 'finished',
    (error) => error instanceof CustvalError && error.code,
  );
}

run().then(
  (result) => (window.result = result),
  (error) => (window.result = { error: String(error?.stack ?? error) }),
);
