import type { AnalyzeOptions, Input, Report } from './index.js';

export type * from './index.js';

/**
 * `<custval-report>`: a file picker, progress, and the standard report, analysed in a Web Worker.
 * Attributes: `as-of` (the default `asOf` option), `src` (a CSV to fetch and analyse), `lang`
 * (`en` or `zh-CN`, English by default) and `currency` (an ISO 4217 code for money values, by
 * default CNY in Chinese and USD in English); both can change at any time.
 * Events: `report` (detail: the Report) and `error` (detail: the CustvalError).
 */
export class CustvalReportElement extends HTMLElement {
  /** The report on show, or null; setting one shows it. */
  report: Report | null;
  /** Analyses `input` in the worker and shows the report; options default to the `as-of` attribute. */
  analyze(input: Input, options?: AnalyzeOptions, name?: string): Promise<Report>;
}

declare global {
  interface HTMLElementTagNameMap {
    'custval-report': CustvalReportElement;
  }
}
