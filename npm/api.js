// The package's API over the wasm-bindgen glue (custval.js), shared by the browser entry
// (index.js), the Node entry (node.js) and the worker (analysis-worker.js), which differ only in
// how they load the .wasm file.

import {
  Analysis,
  analyze as analyzeBytes,
  analyzeCustomerRecords,
  analyzeWithSurveys as analyzeBytesWithSurveys,
  fitClvModels,
  outOfMemoryError,
  preview as previewPrefix,
  previewBytes,
} from './custval.js';

/**
 * The Error every function of the package throws or rejects with; `code` names the kind, and
 * `messages` says it in each language the package speaks, `{ en, 'zh-CN' }`.
 */
export class CustvalError extends Error {
  constructor(
    message,
    code,
    {
      messages = internally(message),
      option,
      inSurveyFile,
      headers,
      optionsNamed,
      suggestedOptions,
      moduleStopped,
      ...options
    } = {},
  ) {
    super(message, options);
    this.name = 'CustvalError';
    this.code = code;
    this.messages = messages;
    if (option) this.option = option;
    if (inSurveyFile) this.inSurveyFile = true;
    if (headers) this.headers = headers;
    if (optionsNamed) this.optionsNamed = optionsNamed;
    if (suggestedOptions) this.suggestedOptions = suggestedOptions;
    if (moduleStopped) this.moduleStopped = true;
  }
}

/**
 * The words of an error nobody put in Chinese: an engine's own message about a failure inside
 * the package (a bug), which a Chinese reader is told is one, with the English to report.
 */
const internally = (message) => ({ en: message, 'zh-CN': `custval 内部出错：${message}` });

/**
 * An error the package itself finds, saying `en` and `zh` (Simplified Chinese, in the core's
 * terms) as the core's errors say theirs; `details` as CustvalError takes them.
 */
export function packageError(code, [en, zh], details) {
  return new CustvalError(en, code, { ...details, messages: { en, 'zh-CN': zh } });
}

/** The package's `invalidOptions` error, worded as the core's: `option` is the one refused. */
export function invalidOptions([en, zh], option) {
  return packageError('invalidOptions', [`invalid options: ${en}`, `选项无效：${zh}`], { option });
}

/** The error of a call cancelled for `reason` (the AbortSignal's). */
export const cancelled = (reason) =>
  packageError('cancelled', ['the analysis was cancelled', '分析已取消'], { cause: reason });

// A stream may hand over a whole file as one piece; pushing at most this much at a time keeps
// progress reports and cancelling timely, and lets the engine switch the reading to optimised
// code early, which it can only do between calls.
const SLICE_BYTES = 1 << 16;
const PROGRESS_INTERVAL_MS = 100;
// How much of a Blob is read at a time into the one buffer that is read into again and again.
const READ_BYTES = 1 << 20;
// The readers of the Blobs being read. While a read is under way, nothing but that read's
// promise leads to its reader, and Chromium (156) may then collect the Blob's stream beneath
// it: the read never settles and the analysis waits for ever. A garbage collection at the wrong
// moment is enough (tests/e2e/embedding.test.mjs makes one every millisecond).
const readersInUse = new Set();

/**
 * The public functions, given `load`, which initialises the glue once. Loading starts on the
 * first call (or on `load()`), so importing the package costs nothing.
 */
export function createApi(load) {
  let loading;
  const ready = () => {
    loading ??= load().catch((error) => {
      loading = undefined;
      const why = error?.message ?? error;
      throw packageError(
        'loadFailed',
        [`the custval WebAssembly module failed to load: ${why}`, `custval 的 WebAssembly 模块未能加载：${why}`],
        { cause: error },
      );
    });
    return loading;
  };

  // Hooks of null are none, as options of null are.
  async function analyze(input, options, hooks) {
    const { signal, onProgress } = hooks ?? {};
    await ready();
    throwIfAborted(signal);
    if (isBlob(input))
      return analyzeBlob(input, options, (analysis) => analysis.finish(), signal, onProgress);
    const bytes = toBytes(input, 'input', options);
    const report = core(() => analyzeBytes(bytes, options));
    onProgress?.({ bytes: bytes.length, total: bytes.length, rows: report.input?.rowsRead ?? 0, stage: 'done' });
    return report;
  }

  async function analyzeWithSurveys(transactions, surveys, options, hooks) {
    const { signal, onProgress } = hooks ?? {};
    await ready();
    throwIfAborted(signal);
    // A survey file is small: it is read whole. The transactions are streamed when they can be.
    const surveyBytes = await readWhole(surveys, 'surveys', options, 'surveyEncoding');
    if (isBlob(transactions)) {
      const finish = (analysis) => analysis.finishWithSurveys(surveyBytes);
      return analyzeBlob(transactions, options, finish, signal, onProgress);
    }
    const transactionBytes = transactions === undefined ? undefined : toBytes(transactions, 'transactions', options);
    if (transactionBytes) {
      const report = core(() => analyzeBytesWithSurveys(transactionBytes, surveyBytes, options));
      const bytes = transactionBytes.length;
      onProgress?.({ bytes, total: bytes, rows: report.input?.rowsRead ?? 0, stage: 'done' });
      return report;
    }
    // A survey file alone: its bytes are the ones read, and its rows the ones counted.
    const bytes = surveyBytes.length;
    onProgress?.({ bytes, total: bytes, rows: 0, stage: 'analysing' });
    throwIfAborted(signal);
    const report = core(() => analyzeBytesWithSurveys(undefined, surveyBytes, options));
    onProgress?.({ bytes, total: bytes, rows: report.satisfaction?.input.rowsRead ?? 0, stage: 'done' });
    return report;
  }

  /**
   * Analyses customer-level data: a customer file (a File, Blob or bytes, one row per customer)
   * or an array of records `{ id, lastPurchase | recencyDays, frequency, monetary, ... }`.
   */
  async function analyzeCustomers(input, options, hooks) {
    if (!Array.isArray(input)) return analyze(input, { ...options, inputKind: 'customers' }, hooks);
    const { report, deliverables } = await analyzeForExports(input, undefined, options, hooks);
    free(deliverables);
    return report;
  }

  /**
   * As `analyze` or `analyzeWithSurveys` (surveys `undefined` for none), keeping what the
   * exports are made from: resolves to `{ report, deliverables }`, the core's `Deliverables`
   * (`customersCsv()`, `customers(query)`, ...) for the caller to `free()`, or `null` for a
   * survey file alone. `transactions` may also be an array of customer records, as for
   * `analyzeCustomers`. With `summaryOnly` the report comes without its `customers`, to be paged
   * through with `deliverables.customers(query)`. With `fitClv` (`fitClv` of the package in
   * another worker, say) the lifetime-value models of a file are fitted there while the
   * customers are scored and clustered here.
   */
  async function analyzeForExports(transactions, surveys, options, hooks) {
    const { signal, onProgress, summaryOnly, fitClv } = hooks ?? {};
    await ready();
    throwIfAborted(signal);
    if (transactions === undefined) {
      return { report: await analyzeWithSurveys(undefined, surveys, options, { signal, onProgress }), deliverables: null };
    }
    const surveyBytes = surveys === undefined ? undefined : await readWhole(surveys, 'surveys', options, 'surveyEncoding');
    if (Array.isArray(transactions)) {
      const deliverables = core(() => analyzeCustomerRecords(transactions, surveyBytes, options));
      try {
        const report = core(() => reportOf(deliverables, summaryOnly));
        onProgress?.({ bytes: 0, total: 0, rows: report.input.rowsRead, stage: 'done' });
        return { report, deliverables: throughCore(deliverables) };
      } catch (error) {
        free(deliverables);
        throw error;
      }
    }
    const blob = isBlob(transactions) ? transactions : new Blob([toBytes(transactions, 'transactions', options)]);
    const finish = async (analysis) => {
      const deliverables = fitClv
        ? await finishFittingApart(analysis, surveyBytes, fitClv, signal)
        : core(() => analysis.finishWithExports(surveyBytes));
      try {
        return { report: core(() => reportOf(deliverables, summaryOnly)), deliverables: throughCore(deliverables) };
      } catch (error) {
        free(deliverables);
        throw error;
      }
    };
    return analyzeBlob(blob, options, finish, signal, onProgress);
  }

  /**
   * Fits the lifetime-value models to the inputs that an analysis handed to its `fitClv` hook,
   * and resolves to them (`undefined` when no customer was observed for any time): the other
   * end of that hook, in another worker.
   */
  async function fitClv(inputs) {
    await ready();
    return core(() => fitClvModels(inputs));
  }

  /**
   * How `analyze` would read the file with `options`, from its first bytes only (a Blob is
   * sliced, never read whole): encoding, delimiter, header, each column's role, date format,
   * the first rows, and the problem the analysis would stop with, if any.
   */
  async function preview(input, options) {
    await ready();
    const limit = previewBytes();
    const bytes = isBlob(input) ? null : toBytes(input, 'input', options);
    const size = bytes ? bytes.length : input.size;
    const prefix = bytes ? bytes.subarray(0, limit) : new Uint8Array(await input.slice(0, limit).arrayBuffer());
    return core(() => previewPrefix(prefix, size <= limit, options));
  }

  /**
   * Analyses a small generated file, so that the engine has optimised the module's hot code
   * before the first real file arrives. Browsers run WebAssembly first from a quick baseline
   * compile and optimise each function only once it has run a while, and a call that is under
   * way keeps its baseline code: a large file's first analysis would run partly unoptimised.
   * With `fitClv`, the worker that fits the lifetime-value models is warmed up too.
   */
  async function warmUp(hooks) {
    const { fitClv } = hooks ?? {};
    const { deliverables } = await analyzeForExports(new Blob([warmUpSample()]), undefined, { clusters: 'auto' }, {
      summaryOnly: true,
      fitClv,
    });
    try {
      core(() => deliverables.customers({ limit: 500 }));
    } finally {
      free(deliverables);
    }
  }

  return {
    load: () => ready().then(() => undefined),
    warmUp,
    fitClv,
    preview,
    analyze,
    analyzeWithSurveys,
    analyzeCustomers,
    analyzeForExports,
  };
}

/**
 * Streams a Blob into an Analysis in pieces, so a large file never is in memory whole, and
 * returns what `finish` (which consumes the analysis, and may be async) makes of it.
 */
async function analyzeBlob(blob, options, finish, signal, onProgress) {
  let analysis = core(() => new Analysis(options));
  analysis.expectBytes(blob.size);
  try {
    let reportedAt = -Infinity;
    for await (const value of piecesOf(blob)) {
      for (let start = 0; start < value.length; start += SLICE_BYTES) {
        core(() => analysis.push(value.subarray(start, start + SLICE_BYTES)));
        if (performance.now() - reportedAt < PROGRESS_INTERVAL_MS) continue;
        onProgress?.({ bytes: analysis.bytesRead, total: blob.size, rows: analysis.rowsRead, stage: 'reading' });
        // Lets a cancel (a worker message, a click) in before going on.
        await new Promise((resolve) => setTimeout(resolve));
        reportedAt = performance.now();
        throwIfAborted(signal);
      }
    }
    const bytes = analysis.bytesRead;
    // The scores, clusters and models take a while on a large file: say so before, and heed a
    // cancel from this report.
    onProgress?.({ bytes, total: blob.size, rows: analysis.rowsRead, stage: 'analysing' });
    throwIfAborted(signal);
    // `finish` consumes the analysis, even when it throws.
    const finishing = analysis;
    analysis = undefined;
    const finished = await core(() => finish(finishing));
    // The last rows (all of them, in a small file) are only read by `finish`.
    const report = finished.report ?? finished;
    onProgress?.({ bytes, total: blob.size, rows: report.input?.rowsRead ?? 0, stage: 'done' });
    return finished;
  } finally {
    free(analysis);
  }
}

/**
 * The bytes of `blob`, piece by piece; each piece is valid until the next is asked for. Where
 * the blob's stream is a byte stream (as in Chromium and Node), every piece is read into the
 * same buffer: a default reader hands over a new buffer per piece, and the garbage collector
 * lets those pile up (in the browser benchmark at 1,000,000 rows, a 46 MB file, the page's peak
 * was +230 MB with them and is +192 MB without). Leaving early cancels the read.
 */
async function* piecesOf(blob) {
  const stream = blob.stream();
  const byob = byobReaderOf(stream);
  const reader = byob ?? stream.getReader();
  readersInUse.add(reader);
  let buffer = byob && new ArrayBuffer(READ_BYTES);
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await (buffer ? reader.read(new Uint8Array(buffer)) : reader.read());
      if (done) break;
      yield value;
      // The read moved the buffer into `value`; the next one fills it again.
      if (buffer) buffer = value.buffer;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    readersInUse.delete(reader);
  }
}

/** A reader of `stream` into buffers of ours, or `undefined` when it is not a byte stream. */
function byobReaderOf(stream) {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch {
    return undefined;
  }
}

/**
 * A year of orders from 2,000 customers who buy at their own rates and price levels and some of
 * whom stop, with a few returns, as a transactions CSV of about 20,000 lines (0.9 MB): every
 * stage of the analysis runs on it as on real data, and long enough for the browser to
 * optimise most of its code (with 400 customers, the first analysis of a 1,000,000-row file in
 * the page took 0.1 s longer). Seeded, so it is the same every time.
 */
function warmUpSample() {
  let state = 20240101;
  // Park and Miller's minimal standard generator: uniform in (0, 1).
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const lines = ['InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country'];
  const countries = ['United Kingdom', 'Germany', 'France', 'China'];
  const dayMs = 86_400_000;
  let invoice = 500000;
  for (let customer = 10001; customer <= 12000; customer++) {
    const meanGap = 5 + 120 * uniform();
    const leaves = 365 * uniform() + 120;
    const priceLevel = 2 + 40 * uniform() ** 2;
    const country = countries[customer % countries.length];
    for (let day = 240 * uniform(); day < Math.min(365, leaves); day += -meanGap * Math.log(uniform())) {
      const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(day) * dayMs).toISOString().slice(0, 10);
      const returned = uniform() < 0.03;
      invoice++;
      for (let line = 0; line < 1 + Math.floor(3 * uniform()); line++) {
        const quantity = (1 + Math.floor(6 * uniform())) * (returned ? -1 : 1);
        const order = returned ? `C${invoice}` : invoice;
        lines.push(`${order},${customer},${date} 10:${String(line).padStart(2, '0')},${quantity},${(priceLevel * (0.5 + uniform())).toFixed(2)},${country}`);
      }
    }
  }
  return lines.join('\n');
}

/**
 * Finishes `analysis` with its lifetime-value models fitted by `fitClv` while the customers
 * are scored and clustered here; resolves to its Deliverables. Should `fitClv` fail (its
 * worker gone, say), the models are fitted here instead.
 */
async function finishFittingApart(analysis, surveyBytes, fitClv, signal) {
  let read = core(() => analysis.readCustomers());
  try {
    const inputs = read.clvInputs();
    // Asked for before the scoring starts, so that the fit runs meanwhile.
    const fitting = inputs && new Promise((resolve) => resolve(fitClv(inputs)));
    // Handled below; this keeps a failure from counting as unhandled should the scoring throw.
    fitting?.catch(() => {});
    core(() => read.segment());
    throwIfAborted(signal);
    // Afresh: the hook may have moved the inputs it was given to another worker. Not once
    // cancelled: the analysis is gone by then.
    const fitHere = () => (throwIfAborted(signal), core(() => fitClvModels(read.clvInputs())));
    const models =
      inputs &&
      (await untilAborted(
        signal,
        fitting.then(
          // No models for inputs there are is a hook's slip (a missing `return`), not a reason
          // to leave the lifetime values out.
          (fitted) => fitted ?? fitHere(),
          (error) => {
            console.warn(`custval: fitting the lifetime-value models here, as fitClv failed: ${error?.message ?? error}`);
            return fitHere();
          },
        ),
      ));
    const finishing = read;
    read = undefined;
    return core(() => finishing.finishWithExports(models, surveyBytes));
  } finally {
    free(read);
  }
}

const reportOf = (deliverables, summaryOnly) => (summaryOnly ? deliverables.summary() : deliverables.report());

// The error of the call that stopped the module, which cannot be used again in this realm.
let stoppedBy;

/**
 * Runs a call into the core, turning what it throws into a CustvalError. Once the module has
 * stopped, every call throws the error that stopped it.
 */
function core(call) {
  if (stoppedBy) throw stoppedBy;
  try {
    return call();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      stoppedBy = stopped(error);
      throw stoppedBy;
    }
    // The core throws Errors with a `code`; anything else is internal.
    throw new CustvalError(error?.message ?? String(error), error?.code ?? 'internal', {
      cause: error,
      messages: error?.messages,
      option: error?.option,
      inSurveyFile: error?.inSurveyFile,
      headers: error?.headers,
      optionsNamed: error?.optionsNamed,
      suggestedOptions: error?.suggestedOptions,
    });
  }
}

/**
 * The error for a trap, which stops the module for good: `outOfMemory` when the module was
 * refused memory (the file is too large for the browser), `internal` otherwise. Its
 * `moduleStopped` tells the worker client to start a new worker for the next call.
 */
function stopped(trap) {
  let refused;
  try {
    refused = outOfMemoryError();
  } catch {
    // Too little memory left even to say so.
  }
  if (refused) return new CustvalError(refused.message, refused.code, { cause: trap, messages: refused.messages, moduleStopped: true });
  const words = [`the analysis stopped inside the module: ${trap.message}`, `分析在模块内部中止：${trap.message}`];
  return packageError('internal', words, { cause: trap, moduleStopped: true });
}

/**
 * A core object whose methods throw CustvalErrors, as every function of the package does,
 * rather than the core's plain Errors; once freed, every call (`free()` too) says so, rather
 * than the glue's "null pointer passed to rust".
 */
function throughCore(object) {
  let freed = false;
  return new Proxy(object, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args) => {
        if (freed) {
          const method = String(key);
          throw packageError(
            'invalidInput',
            method === 'free'
              ? ['this result was freed already: free() it once', '该结果已被释放：free() 只需调用一次']
              : [
                  `this result was freed, so ${method}() has nothing to work on: call it before free(), or analyse the file again`,
                  `该结果已被释放（free()），${method}() 无从使用：请在 free() 之前调用，或重新分析文件`,
                ],
          );
        }
        if (key === 'free') freed = true;
        return core(() => value.apply(target, args));
      };
    },
  });
}

/** Frees a core object, unless the module has stopped: it can free nothing then. */
function free(object) {
  if (!stoppedBy) object?.free();
}

function throwIfAborted(signal) {
  if (signal?.aborted) throw cancelled(signal.reason);
}

/**
 * `promise`, or a `cancelled` rejection as soon as `signal` aborts: a wait on another worker
 * (the lifetime-value fit) must not hold a cancel up. The wait's own outcome is then dropped.
 */
function untilAborted(signal, promise) {
  if (!signal) return promise;
  // Should the wait fail after a cancel, nobody is listening any more.
  promise.catch(() => {});
  let stopWaiting;
  const aborted = new Promise((_, reject) => {
    stopWaiting = () => reject(cancelled(signal.reason));
    if (signal.aborted) stopWaiting();
    else signal.addEventListener('abort', stopWaiting, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', stopWaiting));
}

const isBlob = (input) => typeof Blob !== 'undefined' && input instanceof Blob;

async function readWhole(input, name, options, encodingOption) {
  return isBlob(input) ? new Uint8Array(await input.arrayBuffer()) : toBytes(input, name, options, encodingOption);
}

/**
 * The bytes of `input`: a string is the file's text, read already, and taken as its UTF-8
 * bytes; any other encoding given for it (`options[encodingOption]`) would misread them.
 */
function toBytes(input, name, options, encodingOption = 'encoding') {
  if (typeof input === 'string') {
    const encoding = options?.[encodingOption];
    if (encoding != null && !isUtf8(encoding)) {
      throw invalidOptions(
        [
          `${encodingOption}: ${name} is a string, which is text already, read as UTF-8: leave out ${encodingOption}, which says how to read a file's bytes`,
          `${encodingOption}：${name} 是字符串，已经是文本，按 UTF-8 读取：请去掉 ${encodingOption}，它用于说明如何读取文件的字节`,
        ],
        encodingOption,
      );
    }
    return new TextEncoder().encode(input);
  }
  try {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  } catch (error) {
    // A buffer transferred to a worker, say: detached, it has no bytes left to read. The
    // engine's words for it are left to `cause`.
    throw packageError(
      'invalidInput',
      [
        `${name} cannot be read: its buffer is detached (transferred to a worker, say), so it has no bytes left; pass the bytes before transferring them, or a copy`,
        `${name} 无法读取：它的缓冲区已分离（例如已转移给 worker），不再有任何字节；请在转移之前传入，或传入副本`,
      ],
      { cause: error },
    );
  }
  throw packageError('invalidInput', [
    `${name} must be a File, Blob, ArrayBuffer, Uint8Array or string`,
    `${name} 必须是 File、Blob、ArrayBuffer、Uint8Array 或字符串`,
  ]);
}

/** Whether `label` names UTF-8, as the WHATWG labels do (`utf8`, `unicode-1-1-utf-8` …). */
function isUtf8(label) {
  try {
    return new TextDecoder(label).encoding === 'utf-8';
  } catch {
    return false;
  }
}
