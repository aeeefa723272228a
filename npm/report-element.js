// <custval-report>: the standard report as an element, so a website embeds the whole experience
// with two lines:
//
//   <script type="module" src="…/custval/report-element.js"></script>   (or import 'custval/element')
//   <custval-report as-of="2024-12-31" lang="zh-CN" currency="CNY"></custval-report>
//
// It shows a file picker, reads the chosen file in the package's worker (createWorkerClient)
// with progress, and renders the report with the page's own view (report-view.js) inside a
// shadow root styled by report.css. `src="data.csv"` analyses a file from the site instead;
// `element.analyze(file, options)` and `element.report = report` do it from code. `lang` (en or
// zh-CN; English by default) and `currency` (an ISO 4217 code; by default the language's) set
// how it reads, and can change at any time; without `currency`, a report whose amounts name
// their currency (`input.currency`) is shown in it. It fires `report` (detail: the report) and `error`
// (detail: the CustvalError) events.

import { createLocale, defaultCurrency, pickLanguage, translate } from './i18n.js';
import { customerPage } from './customer-pages.js';
import { createWorkerClient } from './worker-client.js';
import { packageError } from './api.js';
import { createReportView, describeProgress } from './report-view.js';

const STYLES = new URL('./report.css', import.meta.url);

// Server-side rendering (Next.js, Nuxt, SvelteKit) imports the module in Node, which has no
// DOM: there the class is defined over a plain one, and no element is.
const BaseElement = globalThis.HTMLElement ?? class {};

export class CustvalReportElement extends BaseElement {
  static observedAttributes = ['src', 'lang', 'currency'];

  #client;
  #locale = createLocale('en');
  #view = createReportView({ locale: this.#locale });
  #status;
  #error;
  #running = new AbortController();
  // The fetch of the `src` file, given up for a newer src, analysis or removal.
  #fetching = new AbortController();
  #report = null;
  // The summary of the latest analysis, whose customers are in the worker: the one report
  // without its customers that the element can show.
  #analysed = null;
  // The name of the file on show; undefined for a Blob, which has none.
  #name = '';

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLES.href;
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = '.csv,.tsv,.txt,text/csv';
    picker.setAttribute('part', 'picker');
    picker.dataset.i18nLabel = 'transactionsFile';
    picker.addEventListener('change', () => {
      const [file] = picker.files;
      if (file) this.analyze(file).catch(() => {});
    });
    this.#status = Object.assign(document.createElement('p'), { className: 'status' });
    this.#status.setAttribute('role', 'status');
    this.#error = Object.assign(document.createElement('div'), { className: 'error', hidden: true });
    this.#error.setAttribute('role', 'alert');
    root.append(link, picker, this.#status, this.#error, ...this.#view.sections);
    translate(root, this.#locale);
  }

  /**
   * The report on show, or null. Setting one (a whole report, with its customers) shows it. A
   * report the element analysed is a summary: its customers stay in the worker, for `customers`.
   */
  get report() {
    return this.#report;
  }

  set report(report) {
    if (report && !report.customers && report !== this.#analysed) {
      // Its customers are in the worker that made it, out of the table's reach.
      throw packageError('invalidInput', [
        'this report has no customers (it is a summary, made with summaryOnly): set a whole report, or analyse the file with element.analyze()',
        '该报告不含客户（它是用 summaryOnly 得到的摘要）：请设置完整的报告，或用 element.analyze() 分析文件',
      ]);
    }
    this.#show(report);
  }

  /** A page of the customers of the report on show (see the worker client's `customers`). */
  customers(query) {
    if (this.#report?.customers) return Promise.resolve(customerPage(this.#report, query));
    if (!this.#report || !this.#client) {
      return Promise.reject(packageError('invalidInput', ['there is no report on show', '当前没有显示任何报告']));
    }
    return this.#client.customers(query);
  }

  /** Shows `report` (or nothing); resolves once it is drawn. */
  async #show(report, customers) {
    this.#report = report;
    this.#error.hidden = true;
    if (this.#currency() !== this.#locale.currency) {
      // Drawn once, in the report's currency.
      this.#view.hide();
      this.#setLocale();
    }
    if (report) await this.#view.show(report, this.#fileName(this.#name), customers);
    else this.#view.hide();
  }

  /**
   * Analyses `input` (a File, Blob or bytes) in the worker and shows the report; resolves to it.
   * Options default to the `as-of` attribute. A newer call cancels an older one.
   */
  async analyze(input, options = this.#options(), name = input?.name) {
    this.#fetching.abort();
    this.#running.abort();
    const controller = new AbortController();
    this.#running = controller;
    this.#client ??= createWorkerClient();
    const started = performance.now();
    this.#status.textContent = this.#locale.t('reading', this.#fileName(name));
    try {
      const report = await this.#client.analyze(input, options, {
        signal: controller.signal,
        // The customers stay in the worker; the table asks it for a page at a time.
        summaryOnly: true,
        onProgress: (progress) => {
          if (controller === this.#running) {
            const seconds = (performance.now() - started) / 1000;
            this.#status.textContent = describeProgress(this.#locale, this.#fileName(name), progress, seconds);
          }
        },
      });
      if (controller === this.#running) {
        this.#status.textContent = '';
        this.#name = name;
        this.#analysed = report;
        await this.#show(report, this.#client.customers);
        this.dispatchEvent(new CustomEvent('report', { detail: report }));
      }
      return report;
    } catch (error) {
      if (controller === this.#running && error.code !== 'cancelled') {
        this.#status.textContent = '';
        this.#error.textContent = this.#locale.t('couldNotAnalyse', this.#fileName(name), this.#locale.text(error.messages));
        this.#error.hidden = false;
        this.#view.hide();
        this.dispatchEvent(new CustomEvent('error', { detail: error }));
      }
      throw error;
    }
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'src') this.#fetch(value, old);
    else this.#setLocale();
  }

  /** The `currency` attribute, else the one the report's amounts name, else the language's. */
  #currency() {
    const lang = pickLanguage([this.getAttribute('lang') ?? 'en']);
    return this.getAttribute('currency') ?? this.#report?.input?.currency ?? defaultCurrency(lang);
  }

  #setLocale() {
    const lang = pickLanguage([this.getAttribute('lang') ?? 'en']);
    try {
      this.#locale = createLocale(lang, this.#currency());
    } catch {
      // An unknown currency code: the language's own, and a note and an event saying so.
      this.#locale = createLocale(lang);
      const given = `currency="${this.#currency()}"`;
      const messages = Object.fromEntries(
        ['en', 'zh-CN'].map((language) => {
          const { t, currencyName } = createLocale(language, this.#locale.currency);
          return [language, t('unknownCurrency', given, currencyName(this.#locale.currency))];
        }),
      );
      this.#error.textContent = this.#locale.text(messages);
      this.#error.hidden = false;
      this.dispatchEvent(
        new CustomEvent('error', { detail: packageError('invalidOptions', [messages.en, messages['zh-CN']]) }),
      );
    }
    translate(this.shadowRoot, this.#locale);
    this.#view.setLocale(this.#locale, this.#fileName(this.#name));
  }

  /** `name`, or for a file without one (a Blob) the language's word for it. */
  #fileName(name) {
    return name ?? this.#locale.t('unnamedFile');
  }

  #fetch(src, old) {
    if (src === old) return;
    // A file still coming for an earlier src would replace the newer one's report.
    this.#fetching.abort();
    if (!src) return;
    const fetching = new AbortController();
    this.#fetching = fetching;
    const url = new URL(src, document.baseURI);
    const fileName = url.pathname.split('/').pop();
    // Why the file did not come, in English and Chinese: the server's answer; for a failure of
    // the fetch itself, the browser's words, which are its own.
    let why;
    fetch(url, { signal: fetching.signal })
      .then((response) => {
        if (response.ok) return response.blob();
        const answer = `${response.status} ${response.statusText}`;
        why = [`the server answered ${answer}`, `服务器返回了 ${answer}`];
        throw new Error(why[0]);
      })
      .then((blob) => this.analyze(blob, this.#options(), fileName))
      .catch((error) => {
        // Given up, or shown and fired by analyze.
        if (fetching.signal.aborted || error.name === 'CustvalError') return;
        const [en, zh] = why ?? [error.message, error.message];
        this.#error.textContent = this.#locale.t('couldNotRead', fileName, this.#locale.text({ en, 'zh-CN': zh }));
        this.#error.hidden = false;
        const unreadable = packageError(
          'invalidInput',
          [`${fileName} could not be fetched: ${en}`, `无法获取 ${fileName}：${zh}`],
          { cause: error },
        );
        this.dispatchEvent(new CustomEvent('error', { detail: unreadable }));
      });
  }

  connectedCallback() {
    // A report set before the element was defined (its module loading after the page's script,
    // a framework setting properties first) is an own property hiding the setter: shown now.
    if (Object.hasOwn(this, 'report')) {
      const { report } = this;
      delete this.report;
      this.report = report;
    }
  }

  disconnectedCallback() {
    // The worker holds the wasm module's memory; a new one starts if the element comes back.
    // A move (into a tab panel, a modal) disconnects it and connects it again before the
    // script doing it is done: only an element still out of the document then lets its worker
    // go, and the report on show keeps its customers. A removed element shows no report, so
    // that its charts are disposed: ECharts would keep them for good.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#fetching.abort();
      this.#running.abort();
      this.#client?.terminate();
      this.#client = undefined;
      this.#analysed = null;
      this.#show(null);
    });
  }

  #options() {
    const asOf = this.getAttribute('as-of');
    return asOf ? { asOf } : {};
  }
}

if (globalThis.customElements && !customElements.get('custval-report')) {
  customElements.define('custval-report', CustvalReportElement);
}
