import type { AnalyzeOptions, CustomerPage, CustomerQuery, Input, Report, ReportSummary } from './index.js';

export type * from './index.js';

/**
 * `<custval-report>`: a file picker, progress, and the standard report, analysed in a Web Worker.
 * Attributes: `as-of` (the default `asOf` option), `src` (a CSV to fetch and analyse), `lang`
 * (`en` or `zh-CN`, English by default) and `currency` (an ISO 4217 code for money values, by
 * default CNY in Chinese and USD in English); both can change at any time.
 * Events: `report` (detail: the ReportSummary) and `error` (detail: the CustvalError; code
 * `invalidInput` when `src` could not be fetched).
 */
export class CustvalReportElement extends HTMLElement {
  /**
   * The report on show, or null; setting one (a whole Report) shows it. A report the element
   * analysed is a summary: its customers stay in the worker, paged with `customers(query)`.
   */
  report: Report | ReportSummary | null;
  /**
   * Analyses `input` in the worker and shows the report; options default to the `as-of`
   * attribute. Resolves to the report without its customers, once it is drawn.
   */
  analyze(input: Input, options?: AnalyzeOptions, name?: string): Promise<ReportSummary>;
  /**
   * A page of the customers of the report on show, as the customer table gets them; rejects
   * with code `invalidOptions` for a query the core refuses, whether the report was set or
   * analysed.
   */
  customers(query?: CustomerQuery): Promise<CustomerPage>;
}

declare global {
  interface HTMLElementTagNameMap {
    'custval-report': CustvalReportElement;
  }
}
