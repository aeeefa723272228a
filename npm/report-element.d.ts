import type { AnalyzeOptions, CustomerPage, CustomerQuery, CustvalError, Input, Report, ReportSummary } from './index.js';

export type * from './index.js';

/**
 * The events of `<custval-report>`, for `addEventListener`: its `report` and `error` are
 * CustomEvents whose `detail` is the report or the error (its `error` is no ErrorEvent).
 */
export interface CustvalReportElementEventMap extends Omit<HTMLElementEventMap, 'error'> {
  /** A report was analysed and is on show; `detail` is the report, without its customers. */
  report: CustomEvent<ReportSummary>;
  /**
   * A file could not be fetched (`src`) or analysed, or `currency` is no ISO 4217 code (code
   * `invalidOptions`; money is then in the language's currency); `detail` is the CustvalError.
   */
  error: CustomEvent<CustvalError>;
}

/**
 * `<custval-report>`: a file picker, progress, and the standard report, analysed in a Web Worker.
 * Attributes: `as-of` (the default `asOf` option), `src` (a CSV to fetch and analyse), `lang`
 * (`en` or `zh-CN`, English by default) and `currency` (an ISO 4217 code for money values, by
 * default CNY in Chinese and USD in English); both can change at any time.
 * Events: `report` (detail: the ReportSummary) and `error` (detail: the CustvalError; code
 * `invalidInput` when `src` could not be fetched). Removed from the page (not moved), it stops
 * its workers and shows no report (`report` is null), its charts disposed.
 */
export class CustvalReportElement extends HTMLElement {
  /**
   * The report on show, or null; setting one (a whole Report) shows it. A report the element
   * analysed is a summary: its customers stay in the worker, paged with `customers(query)`.
   * Setting any other summary throws a CustvalError with code `invalidInput`: its customers are
   * out of the element's reach.
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
  addEventListener<K extends keyof CustvalReportElementEventMap>(
    type: K,
    listener: (this: CustvalReportElement, event: CustvalReportElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CustvalReportElementEventMap>(
    type: K,
    listener: (this: CustvalReportElement, event: CustvalReportElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'custval-report': CustvalReportElement;
  }
}
