import type { AnalyzeHooks, AnalyzeOptions, CustomerRecord, Input, Report } from './index.js';

export type * from './index.js';
export { CustvalError } from './index.js';

/** The package's API, run in a module Web Worker. */
export interface WorkerClient {
  /** As `analyze`, without blocking the page; `hooks` report progress and cancel. */
  analyze(input: Input, options?: AnalyzeOptions, hooks?: AnalyzeHooks): Promise<Report>;
  /** As `analyzeWithSurveys`, without blocking the page. */
  analyzeWithSurveys(
    transactions: Input | undefined,
    surveys: Input,
    options?: AnalyzeOptions,
    hooks?: AnalyzeHooks,
  ): Promise<Report>;
  /** As `analyzeCustomers`, without blocking the page. */
  analyzeCustomers(
    input: Input | CustomerRecord[],
    options?: AnalyzeOptions,
    hooks?: AnalyzeHooks,
  ): Promise<Report>;
  /**
   * The per-customer table of the latest report as CSV (UTF-8 with BOM, formula-safe), made by
   * the core in the worker. Rejects with code `invalidInput` before a transactions report.
   */
  customersCsv(): Promise<string>;
  /** Stops the worker; pending analyses reject with code `cancelled`. The next call starts a new one. */
  terminate(): void;
}

/** Starts a module Web Worker that loads the WebAssembly module at once. Browsers only. */
export function createWorkerClient(): WorkerClient;
