// The package's API, written once for both entries (index.js for browsers and bundlers, node.js
// for Node). The report and option types come from the JSON Schema (report.d.ts, generated).

import type { AnalyzeOptions, CustomerPage, CustomerQuery, CustomerRecord, ExportOptions, IssueGroup, Report } from './report.js';

export type * from './report.js';

/**
 * A transactions or survey file: a File or Blob (streamed in pieces), its bytes, or its text as
 * a string (from `await file.text()`, a `<textarea>` or cells copied from a spreadsheet), read
 * as UTF-8: an `encoding` (`surveyEncoding`) given for a string is refused.
 */
export type Input = Blob | ArrayBuffer | ArrayBufferView | string;

/** A report without its customers, which are paged through instead (`customers(query)`). */
export type ReportSummary = Omit<Report, 'customers'>;

/**
 * The report of a transactions or customer file or of customer records, which always has its
 * `input` section: only a survey file analysed alone has none.
 */
export type ReportWithInput = Report & { input: NonNullable<Report['input']> };

/** What a long analysis reports while it reads the file. */
export interface Progress {
  /** Bytes read so far. */
  bytes: number;
  /** Size of the input in bytes: the survey file's when it is analysed alone; 0 for records. */
  total: number;
  /** Data rows read so far. */
  rows: number;
  /**
   * `reading` while the input is read, `analysing` once it is read and the scores, clusters and
   * models are computed, `done` with the totals when the report is made.
   */
  stage: 'reading' | 'analysing' | 'done';
}

export interface AnalyzeHooks {
  /** Cancels the analysis: it rejects with a CustvalError whose code is `cancelled`. */
  signal?: AbortSignal;
  /**
   * Called as the input is read, at most every 100 ms, and once more with the totals when it is
   * read. What it throws ends the call, which rejects with that exception as it is: the
   * caller's own, not a CustvalError.
   */
  onProgress?: (progress: Progress) => void;
}

/** Every `code` a CustvalError can have. */
export type ErrorCode =
  // The input or the options (the same codes as the CLI and the Rust library).
  | 'emptyInput'
  | 'notText'
  | 'missingColumn'
  | 'unknownColumn'
  // One column taken for two roles that each need one (`columns: { customer: 'amount' }`).
  | 'sharedColumn'
  | 'noUsableRows'
  | 'invalidOptions'
  // A customer file's recency in days, with no `asOf` to count them to: named in `optionsNamed`.
  | 'asOfNeeded'
  | 'asOfBeforeData'
  | 'invalidRecord'
  // A row runs on for more than 16 MiB: a quote never closed.
  | 'rowTooLong'
  // The module was refused memory: the file is too large for this browser.
  | 'outOfMemory'
  // Many of a survey question's answers lie above its usual scale (6s and 7s for a CSAT read on
  // 1–5): give its scale (`csatScale: '1-7'`), named in `optionsNamed`.
  | 'answersAboveScale'
  // The package.
  | 'invalidInput'
  | 'loadFailed'
  | 'cancelled'
  | 'workerFailed'
  | 'internal';

/** The Error every function of the package throws or rejects with. */
export class CustvalError extends Error {
  readonly name: 'CustvalError';
  readonly code: ErrorCode;
  /**
   * The message in English (`message`) and Simplified Chinese, on every error, for a page to show
   * its reader's. Where the words of why are not the package's own (a server's answer, the
   * browser's reason a worker failed or a value cannot be sent to it, an engine's message about a
   * failure inside the package, code `internal`), they are given as they are, in both.
   */
  readonly messages: { en: string; 'zh-CN': string };
  /**
   * On `invalidOptions`, the option whose value was refused, as JS spells it (`scoreLevels`,
   * `columns.amount`, `npsColumn`, `encoding`; for an item of a list, the list:
   * `thresholds.recency`), for a page to point at its control; for a customer query, its field
   * (`sort`). Absent when no option's value is refused: an unknown option, options that are no
   * object, a function among them.
   */
  readonly option?: string;
  /** True when the error is about the survey file rather than the transactions. */
  readonly inSurveyFile?: true;
  /**
   * The header row of the file whose columns the error is about (`missingColumn`,
   * `unknownColumn`, `answersAboveScale`), to offer them to choose from (`columns`, `npsColumn`,
   * …).
   */
  readonly headers?: string[];
  /**
   * Where the message names the options that choose the survey's question columns
   * (`missingColumn`, `unknownColumn` about the survey file, whose advice names `npsColumn`,
   * `csatColumn` and `cesColumn`, or the one that named a column not found) or the scale of one
   * (`answersAboveScale`: `csatScale`), or the analysis date a customer file's recency in days
   * needs (`asOfNeeded`: `asOf`): those options, and the message in each language before
   * and after the words that name them (for one that named a column, that it gave the column:
   * "given by --nps-column (npsColumn in JS)"), for a page to name its own controls for them
   * there instead.
   */
  readonly optionsNamed?: {
    options: string[];
    before: { en: string; 'zh-CN': string };
    after: { en: string; 'zh-CN': string };
  };
  /**
   * The options the error suggests analysing again with, as JS writes them (`answersAboveScale`:
   * `{ csatColumn: 'csat', csatScale: '1-7' }`), for a page to set its controls to.
   */
  readonly suggestedOptions?: Partial<Record<string, string>>;
  /**
   * True when the error stopped the WebAssembly module (`outOfMemory`, or an `internal` trap):
   * it cannot be used again. The worker client starts a new worker for the next call; elsewhere,
   * load the module anew.
   */
  readonly moduleStopped?: true;
  /**
   * Without `messages`, the error is taken as a failure inside the package: its Chinese says so
   * before the English `message`.
   */
  constructor(
    message: string,
    code: ErrorCode,
    options?: ErrorOptions & {
      messages?: { en: string; 'zh-CN': string };
      option?: string;
      inSurveyFile?: boolean;
      headers?: string[];
      optionsNamed?: CustvalError['optionsNamed'];
      suggestedOptions?: CustvalError['suggestedOptions'];
      moduleStopped?: boolean;
    },
  );
}

/**
 * Analyses a transactions CSV and resolves to the report. A File or Blob is streamed, so a
 * large file never is in memory whole. Rejects with a CustvalError.
 */
export function analyze(input: Input, options?: AnalyzeOptions, hooks?: AnalyzeHooks): Promise<ReportWithInput>;

/**
 * Analyses a survey CSV, alone (`transactions` undefined) or joined to a transactions CSV of the
 * same customers; the report then has its `satisfaction` section. Transactions given as a File
 * or Blob are streamed (with progress); the survey file is read whole.
 */
export function analyzeWithSurveys(
  transactions: Input | undefined,
  surveys: Input,
  options?: AnalyzeOptions,
  hooks?: AnalyzeHooks,
): Promise<Report>;

/**
 * Analyses customer-level data, for callers that aggregate elsewhere (a data warehouse, a
 * spreadsheet): a customer file (one row per customer: id, last purchase date or recency in days,
 * frequency, monetary, optionally first purchase date) as a File, Blob or bytes, read like
 * `analyze` with `inputKind: 'customers'`; or an array of records, each checked strictly (a bad
 * one rejects with code `invalidRecord` naming it). The report has no `migration`, and no `clv`
 * without first purchase dates; `input.limitations` says why.
 */
export function analyzeCustomers(
  input: Input | CustomerRecord[],
  options?: AnalyzeOptions,
  hooks?: AnalyzeHooks,
): Promise<ReportWithInput>;

/** The CSV files of one report, made by the core (UTF-8 with BOM, formula-safe). */
export interface Deliverables {
  /** The report, as `analyze` returns it. */
  report(): Report;
  /** The report without its customers, which stay in the module for `customers(query)`. */
  summary(): ReportSummary;
  /**
   * One page of the customers, narrowed by `query` (id search, segment, tier, cluster,
   * lifecycle stage) and sorted by any column in the core; throws (code `invalidOptions`) for
   * an unknown field or a value of no known kind (a sort key, tier or lifecycle stage); a
   * segment key or cluster that no customer has gives an empty page, as a segment of the
   * rules with no customers does. Like every method here, it throws `CustvalError`s.
   */
  customers(query?: CustomerQuery): CustomerPage;
  /** The per-customer table; `{ idSalt }` replaces the ids by salted hashes. */
  customersCsv(options?: ExportOptions): string;
  /** The segment summary with every group's play. */
  segmentsCsv(): string;
  /** This week's call list; `{ idSalt }` replaces the ids by salted hashes. */
  callListCsv(options?: ExportOptions): string;
  /** The segment summary for sharing: no ids, groups under `minGroupSize` (default 5) suppressed. */
  aggregatesCsv(options?: ExportOptions): string;
  /**
   * The region, channel, category, customer type and discount breakdown: each value's
   * customers, revenue and, with costs, gross profit; only a header when the file has no such
   * column.
   */
  attributesCsv(): string;
  /**
   * Releases the core's memory; the object cannot be used afterwards: every method (`free()`
   * too) then throws a `CustvalError` with code `invalidInput`.
   */
  free(): void;
}

/**
 * As `analyze` (surveys `undefined`) or `analyzeWithSurveys`, keeping what the exports are made
 * from: `deliverables` makes the CSV files (`customersCsv()`, `segmentsCsv()`, `callListCsv()`,
 * `aggregatesCsv()`, `attributesCsv()`) of this report; free it with `free()` when done. It is `null` for a
 * survey file alone, which has no customers to export.
 */
export function analyzeForExports<H extends ExportsHooks = AnalyzeHooks>(
  transactions: Input | CustomerRecord[] | undefined,
  surveys: Input | undefined,
  options?: AnalyzeOptions,
  hooks?: H,
): Promise<{ report: ReportFor<H>; deliverables: Deliverables | null }>;

/** Hooks of the calls that can keep the customers back: `summaryOnly` leaves them out of the report. */
export interface ReportHooks extends AnalyzeHooks {
  summaryOnly?: boolean;
}

/** Hooks of `analyzeForExports`. */
export interface ExportsHooks extends ReportHooks {
  /**
   * Fits the lifetime-value models of a file elsewhere (`fitClv` of this package in another
   * worker, say) while the customers are scored and clustered here; on a large file the two take
   * about as long. The hook may move `inputs` (transfer its buffer); they are not used again.
   * Should it reject, or resolve to nothing for these inputs, the models are fitted here; should
   * it resolve to models fitted to other inputs (a mix-up in the hook, not a failure to fit),
   * the call rejects with `invalidInput`. The worker of `createWorkerClient` does this with a
   * second worker.
   */
  fitClv?: (inputs: Float64Array) => Promise<ClvModels | undefined>;
}

/** Lifetime-value models made by `fitClv`: opaque, for the analysis whose inputs they were fitted to. */
export type ClvModels = { readonly __clvModels: never };

/**
 * Fits the lifetime-value models to the inputs an analysis handed to its `fitClv` hook:
 * the other end of that hook. `undefined` when no customer was observed for any time.
 */
export function fitClv(inputs: Float64Array): Promise<ClvModels | undefined>;

/**
 * The report that `hooks` ask for: a summary (`R` without `customers`, a `ReportSummary`) with
 * `summaryOnly: true`, the whole `R` without `summaryOnly` or with `summaryOnly: false`, and
 * either (to be told apart by `customers`) when `summaryOnly` is only known to be a boolean, as in
 * hooks typed `ReportHooks`. `R` is the report the call makes: a `Report`, or a
 * `ReportWithInput` for a call that always has an input.
 */
export type ReportFor<H, R extends Report = Report> = H extends { summaryOnly: true }
  ? Omit<R, 'customers'>
  : true extends (H extends { summaryOnly?: infer SummaryOnly } ? SummaryOnly : undefined)
    ? R | Omit<R, 'customers'>
    : R;

/** A column of the file as `preview` shows it. */
export interface PreviewColumn {
  /** The header, or `column N` (1-based) when the file is read without a header row. */
  name: string;
  /**
   * What the analysis would use the column for, as named in `options.columns`; `null` when not
   * used.
   */
  role:
    | 'customer' | 'date' | 'amount' | 'quantity' | 'price' | 'order' | 'cost' | 'profit' | 'status' | 'refund' | 'currency'
    | 'region' | 'channel' | 'category' | 'customerType' | 'discount'
    | 'lastPurchase' | 'firstPurchase' | 'recency' | 'frequency' | 'monetary'
    | 'purchaseDays' | 'repeatMonetary'
    | null;
}

/** A choice the reader made, as in the report's `input.dateFormat`. */
export interface PreviewFormat {
  /** The format, e.g. `D/M/YYYY` or `,`. */
  format: string;
  /** `option`, `detected` or `assumed` (the data fit more than one format). */
  source: 'option' | 'detected' | 'assumed';
  /** Values among the rows previewed that read differently under another format. */
  ambiguous: number;
}

/** How `analyze` would read a file with the given options, judged from its first 64 KiB. */
export interface Preview {
  /** The encoding used, e.g. `UTF-8`, `UTF-16LE`, `gb18030` (GBK's superset), `windows-1252` or `GBK`. */
  encoding: string;
  /**
   * Whether the bytes previewed settle the encoding: `false` when they are ASCII only and the
   * file goes on. `encoding` is then `UTF-8`, and the analysis chooses by the first bytes beyond
   * ASCII further on (GB18030 for a Chinese export whose first rows are English, say).
   */
  encodingSettled: boolean;
  /** The delimiter used: `,`, `;`, a tab, `|` or `whitespace`. */
  delimiter: string;
  /** Whether the file is read with a header row. */
  header: boolean;
  /**
   * The header's line (1-based): below any lines above the table, such as a report's title,
   * which the analysis skips. When no row's names can be mapped, the likeliest header's line,
   * the one `problem` is about. `null` without a header or when every row is blank.
   */
  headerLine: number | null;
  /** `transactions` or `customers` (one row per customer); `null` when the columns cannot be mapped. */
  kind: 'transactions' | 'customers' | null;
  /** Every column in file order, with its role. */
  columns: PreviewColumn[];
  /** The first data rows (at most 10), each field as text. */
  rows: string[][];
  /** The date format chosen from the rows previewed; `null` when the columns cannot be mapped. */
  dateFormat: PreviewFormat | null;
  /** The decimal separator chosen, like `dateFormat`. */
  decimalSeparator: PreviewFormat | null;
  /** Rows among the bytes previewed (whole lines only): data rows and any lines above the header. */
  rowsRead: number;
  /** Rows among them that the analysis would skip, as in the report's `input.skipped`. */
  skipped: IssueGroup[];
  /**
   * The error the analysis would stop with (e.g. `missingColumn`), for the user to fix. For
   * `missingColumn`, `role` is the role no column has, for a page that offers the columns' roles
   * to point there rather than to renaming the column as `message` does, and `hint` (with a
   * header row) what the header suggests went wrong in the reading (another delimiter, another
   * encoding, a first row of data), as `message` ends; both are `null` otherwise.
   */
  problem: {
    code: ErrorCode;
    message: string;
    messages: { en: string; 'zh-CN': string };
    role: PreviewColumn['role'];
    hint: { en: string; 'zh-CN': string } | null;
    /** As a CustvalError's `option`: on `invalidOptions`, the option refused (`columns`), else `null`. */
    option: string | null;
    /**
     * Whether the rest of the file cannot change it: a problem with the header, the columns or
     * the reading options, which a page offers to put right before the analysis. `false` for one
     * found in the rows previewed (every one a return, say), which later rows may settle.
     */
    settled: boolean;
  } | null;
  /**
   * Characters among the bytes previewed that are not valid in the encoding used, or NUL
   * characters after the first KiB, as the report's `input.limitations` would say them
   * (`unreadableCharacters`): most likely the file is in another encoding, or damaged where a
   * NUL is. `null` when every character could be read.
   */
  unreadable: { key: 'unreadableCharacters'; text: { en: string; 'zh-CN': string } } | null;
}

/**
 * How `analyze` would read the file with `options` (the reading options decide it; the others
 * are checked as `analyze` checks them), from its first 64 KiB: a Blob is sliced, never read
 * whole. A file whose columns cannot be mapped resolves with a `problem`; rejects only for
 * options `analyze` would refuse or a binary file.
 */
export function preview(input: Input, options?: AnalyzeOptions): Promise<Preview>;

/** Loads and compiles the WebAssembly module now rather than on the first analysis. */
export function load(): Promise<void>;

/**
 * Loads the module and analyses a small generated file (about 20,000 rows, a few tenths of a
 * second), so that the browser has optimised the module's hot code before the first real file.
 * Without it, the first analysis of a large file runs partly on baseline code and takes longer
 * than the next. The worker of `createWorkerClient` does this by itself when it starts. With
 * `fitClv`, the worker that hook fits in is warmed up too.
 */
export function warmUp(hooks?: Pick<ExportsHooks, 'fitClv'>): Promise<void>;

/** The package's (and the Rust library's) version, e.g. `0.1.0`. */
export const version: string;
