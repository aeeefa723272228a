// Compiled with `tsc --noEmit` by package.test.mjs. Each @ts-expect-error line must be a type
// error, so this file fails to compile if the declarations fall back to `any`.
import { analyze, analyzeWithSurveys, type Report, type Customer } from '../../pkg/custval.js';

const report: Report = analyze(new Uint8Array(), { asOf: '2024-03-01' });
const first: Customer = report.customers[0];
const days: number = first.recencyDays;
const order: string | null | undefined = report.input?.columns.order;
analyze(new Uint8Array());
const surveyed: Report = analyzeWithSurveys(undefined, new Uint8Array(), { npsScale: '1-10', missingCodes: [-99] });
const nps: number | null | undefined = surveyed.satisfaction?.nps?.score;

// @ts-expect-error: misspelt option
analyze(new Uint8Array(), { asof: '2024-03-01' });
// @ts-expect-error: no such field
const missing = first.recency;
// @ts-expect-error: misspelt survey option
analyzeWithSurveys(undefined, new Uint8Array(), { npsscale: '1-10' });
// @ts-expect-error: frequency is a number
const wrong: string = first.frequency;

export { days, order, missing, wrong, nps };
