import type {
  AnalyzeHooks,
  AnalyzeOptions,
  CustomerPage,
  CustomerQuery,
  CustomerRecord,
  ExportOptions,
  Input,
  Preview,
  ReportFor,
  ReportHooks,
  ReportWithInput,
} from './index.js';

export type * from './index.js';
export { CustvalError } from './index.js';

/** The package's API, run in a module Web Worker. */
export interface WorkerClient {
  /**
   * As `analyze`, without blocking the page; `hooks` report progress and cancel. Bytes are sent
   * to the worker as a Blob of a copy of them: the caller's buffer is not detached. With
   * `summaryOnly: true` the report comes without its customers, which stay in the worker for
   * `customers(query)`: a report of a million customers then costs the page a few hundred KB.
   */
  analyze<H extends ReportHooks = AnalyzeHooks>(
    input: Input,
    options?: AnalyzeOptions,
    hooks?: H,
  ): Promise<ReportFor<H, ReportWithInput>>;
  /** As `analyzeWithSurveys`, without blocking the page; `summaryOnly` as for `analyze`. */
  analyzeWithSurveys<H extends ReportHooks = AnalyzeHooks>(
    transactions: Input | undefined,
    surveys: Input,
    options?: AnalyzeOptions,
    hooks?: H,
  ): Promise<ReportFor<H>>;
  /** As `analyzeCustomers`, without blocking the page; `summaryOnly` as for `analyze`. */
  analyzeCustomers<H extends ReportHooks = AnalyzeHooks>(
    input: Input | CustomerRecord[],
    options?: AnalyzeOptions,
    hooks?: H,
  ): Promise<ReportFor<H, ReportWithInput>>;
  /**
   * One page of the latest report's customers, filtered and sorted in the worker: e.g.
   * `{ tier: 'high', sort: 'clv', offset: 0, limit: 50 }`. Rejects with code `invalidInput`
   * before a transactions report and `invalidOptions` for an unknown field or value. A new
   * analysis keeps the previous report while it reads its file (a cancel there leaves it) and
   * releases it once the file is read, to make room: until the new report is done, and after a
   * failure or a cancel from then on, there is no report; nor after `terminate()`.
   */
  customers(query?: CustomerQuery): Promise<CustomerPage>;
  /** As `preview`, in the worker: only the first 64 KiB of a Blob are read, with `blob.slice`. */
  preview(input: Input, options?: AnalyzeOptions): Promise<Preview>;
  /**
   * The per-customer table of the latest report as CSV (UTF-8 with BOM, formula-safe), made by
   * the core in the worker; `{ idSalt }` replaces the ids by salted hashes. Every CSV method
   * rejects with code `invalidInput` before a transactions report, and `invalidOptions` for bad
   * options.
   */
  customersCsv(options?: ExportOptions): Promise<string>;
  /** The segment summary of the latest report with every group's play. */
  segmentsCsv(): Promise<string>;
  /** The latest report's call list; `{ idSalt }` replaces the ids by salted hashes. */
  callListCsv(options?: ExportOptions): Promise<string>;
  /** The segment summary for sharing: no ids, groups under `minGroupSize` (default 5) suppressed. */
  aggregatesCsv(options?: ExportOptions): Promise<string>;
  /** The latest report's region, channel, category, customer type and discount breakdown, with each value's gross profit where there are costs. */
  attributesCsv(): Promise<string>;
  /** Stops the worker; pending analyses reject with code `cancelled`. The next call starts a new one. */
  terminate(): void;
}

/**
 * Starts a module Web Worker that loads the WebAssembly module at once, and a second one that
 * fits the lifetime-value models while the first scores and clusters. Browsers only.
 */
export function createWorkerClient(): WorkerClient;
