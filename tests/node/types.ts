// Compiled with `tsc --noEmit` by package.test.mjs. Each @ts-expect-error line must be a type
// error, so this file fails to compile if the declarations fall back to `any`.
import {
  analyze,
  analyzeCustomers,
  analyzeForExports,
  analyzeWithSurveys,
  CustvalError,
  fitClv,
  preview,
  version,
  type Report,
  type Customer,
  type CustomerPage,
  type ReportHooks,
  type ReportSummary,
  type ReportWithInput,
} from '../../pkg/index.js';
import { createWorkerClient } from '../../pkg/worker-client.js';
import type {} from '../../pkg/report-element.js';
import { disposeCharts } from '../../pkg/charts.js';

const report = await analyze(new Uint8Array(), { asOf: '2024-03-01' });
const asReport: Report = report;
const first: Customer = report.customers[0];
const days: number = first.recencyDays;
// A report of a file always has its input section: only a survey file alone has none.
const columns = report.input.columns;
const order: string | null | undefined = columns && 'order' in columns ? columns.order : undefined;
const fromRecords = await analyzeCustomers(
  [{ id: 'c1', lastPurchase: '2024-03-01', frequency: 2, monetary: 50, firstPurchase: null }],
  { asOf: '2024-03-31' },
);
const limits: string[] = fromRecords.input.limitations.map((limitation) => limitation.key);
await analyzeCustomers(new Uint8Array(), { inputKind: 'customers', columns: { lastPurchase: 2 } });
// A file's text as a string.
const fromText: ReportWithInput = await analyze('customer,date,amount\na,2024-03-01,5\n');
await analyze(new Blob(['customer,date,amount\n']), undefined, {
  onProgress: ({ bytes, total }) => bytes / total,
});
const surveyed: Report = await analyzeWithSurveys(undefined, new Uint8Array(), {
  npsScale: '1-10',
  missingCodes: [-99],
});
const nps: number | null | undefined = surveyed.satisfaction?.nps?.score;
const text: string = version;
const client = createWorkerClient();
const fromWorker: Report = await client.analyze(new Blob([]), {}, { signal: new AbortController().signal });
await client.analyzeCustomers([{ id: 7, recencyDays: 3, frequency: 1, monetary: 9 }], { asOf: '2024-03-01' });
const summary = await client.analyze(new Blob([]), {}, { summaryOnly: true });
const asSummary: ReportSummary = summary;
const customers: number = summary.input.customers;
// @ts-expect-error: a survey file alone has no input section
const surveyedRows: number = surveyed.input.rowsRead;
const page: CustomerPage = await client.customers({ tier: 'high', sort: 'clv', descending: true, limit: 50 });
const pageIds: string[] = page.customers.map((customer) => customer.id);
const previewed = await preview(new Blob([]), { header: false, columns: { customer: 2 } });
const roles: (string | null)[] = previewed.columns.map((column) => column.role);
const ambiguous: number | undefined = previewed.dateFormat?.ambiguous;
const problemCode: string | undefined = (await client.preview(new Blob([]))).problem?.code;
const code = (error: unknown) => (error instanceof CustvalError ? error.code : undefined);
// Every CustvalError says itself in both languages.
const inChinese = (error: CustvalError): string => error.messages['zh-CN'];
// @ts-expect-error: the messages are in English and Chinese only
const inFrench = (error: CustvalError) => error.messages.fr;
// The lifetime-value models fitted elsewhere: the hook takes the package's own fitClv.
const apart = await analyzeForExports(new Blob([]), undefined, {}, { fitClv, summaryOnly: true });
const apartSummary: ReportSummary = apart.report;
// Without hooks, or with summaryOnly false, the report has its customers.
const whole: Report = await client.analyze(new Blob([]));
const wholeForExports: Report = (await analyzeForExports(new Blob([]), undefined)).report;
const notSummary: Report = await client.analyze(new Blob([]), {}, { summaryOnly: false });
// Hooks kept in a variable of their type, or a summaryOnly only known to be a boolean, may
// leave the customers out.
const settings: ReportHooks = { summaryOnly: true };
const maybeSummary = await client.analyze(new Blob([]), {}, settings);
declare const wanted: boolean;
const maybeExported = await analyzeForExports(new Blob([]), undefined, {}, { summaryOnly: wanted });

// @ts-expect-error: misspelt option
await analyze(new Uint8Array(), { asof: '2024-03-01' });
// @ts-expect-error: misspelt option, in the worker too
await client.analyze(new Uint8Array(), { asof: '2024-03-01' });
// @ts-expect-error: no such field
const missing = first.recency;
// @ts-expect-error: misspelt survey option
await analyzeWithSurveys(undefined, new Uint8Array(), { npsscale: '1-10' });
// @ts-expect-error: frequency is a number
const wrong: string = first.frequency;
// @ts-expect-error: a number is not an input
await analyze(42);
// @ts-expect-error: a record needs its frequency
await analyzeCustomers([{ id: 'c1', lastPurchase: '2024-03-01', monetary: 50 }]);
// @ts-expect-error: misspelt record field
await analyzeCustomers([{ id: 'c1', lastPurchase: '2024-03-01', frequency: 1, monetary: 5, firstPurchse: null }]);
// @ts-expect-error: a summary has no customers
const noCustomers = summary.customers;
// @ts-expect-error: hooks typed ReportHooks may ask for a summary
const perhapsNoCustomers = maybeSummary.customers;
// @ts-expect-error: summaryOnly may be true
const perhapsNoneExported = maybeExported.report.customers;
// @ts-expect-error: nor is a summary a whole report
const notWhole: Report = await client.analyzeCustomers([], {}, settings);
// @ts-expect-error: no such sort column
await client.customers({ sort: 'name' });
// @ts-expect-error: models are made by fitClv, not written by hand
await analyzeForExports(new Blob([]), undefined, {}, { fitClv: async () => ({ r: 1 }) });
// @ts-expect-error: no such error code
if (code(null) === 'missingColum') throw new Error();

export {
  days, order, missing, wrong, nps, text, fromWorker, limits, customers, pageIds, noCustomers, apartSummary, inChinese,
  inFrench, whole, wholeForExports, notSummary, perhapsNoCustomers, perhapsNoneExported, notWhole,
};

// @ts-expect-error: a preview's rows are text
const notText: number = previewed.rows[0][0];

// The element's events carry their report and error in `detail`; other events keep their types.
const element = document.createElement('custval-report');
element.addEventListener('report', (event) => console.log(event.detail.input?.customers));
element.addEventListener('error', (event) => {
  const failed: CustvalError = event.detail;
  console.log(failed.code);
});
// @ts-expect-error: its error event is a CustomEvent, not an ErrorEvent with a message
element.addEventListener('error', (event) => event.message);
element.addEventListener('click', (event) => event.clientX);
disposeCharts(document.body);
