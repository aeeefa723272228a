import type { Report, ReportSummary } from './index.js';

/** How a chart is drawn: its labels' language, its money and its colours. */
export interface ChartOptions {
  /** The labels' language. */
  lang: 'en' | 'zh-CN';
  /** The currency amounts are shown in (an ISO 4217 code); without one, amounts are plain numbers. */
  currency?: string;
  /** Default 'light'. */
  theme?: 'light' | 'dark';
}

/** The length of the periods the retention chart shows. */
export type PeriodLength = 'month' | 'quarter' | 'year';

/** The features the cluster scatter can put on an axis. */
export type ScatterFeature = 'recencyDays' | 'frequency' | 'monetary';

/**
 * An Apache ECharts instance (see echarts.apache.org): `getOption()`, `resize()`, `dispose()`,
 * `getDataURL()` and the rest.
 */
export type Chart = {
  getOption(): Record<string, unknown>;
  resize(): void;
  dispose(): void;
  getDataURL(options?: {
    type?: 'png' | 'jpeg' | 'svg';
    pixelRatio?: number;
    backgroundColor?: string;
  }): string;
};

/** Every label the charts draw, per language; `{name}` marks a value filled in. */
export const CHART_LABELS: Record<'en' | 'zh-CN', Record<string, string>>;

/**
 * Fills `area` with a figure per chart the report has data for (replacing what it held) and
 * resolves to how many were drawn. The charts are drawn one per task, with `area` `aria-busy`
 * meanwhile; a newer call on the same area stops an older one. `area` must be displayed: the
 * charts take its width. Each chart's box (class `chart`) is 22rem high (28rem for the segments
 * and the migration) unless the page's styles give it a height.
 */
export function renderCharts(area: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Promise<number>;

/**
 * Disposes the charts that `renderCharts` drew in `area`, stopping a drawing under way, and
 * empties it. ECharts keeps every chart it draws (its canvases and figures) until the chart is
 * disposed, even once its box has left the page: call this before taking the area away. A chart
 * of the `draw…` functions is disposed with its own `dispose()`.
 */
export function disposeCharts(area: HTMLElement): void;

/**
 * Each function draws one chart into `container` (replacing any chart there) and returns it,
 * or returns null when the report has no data for it. The container needs a height (CSS).
 */
export function drawRfHeatmap(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawSegmentBars(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawPareto(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawTierBars(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
/** `x` and `y` default to frequency and monetary. */
export function drawClusterScatter(
  container: HTMLElement,
  report: Report | ReportSummary,
  options: ChartOptions & { x?: ScatterFeature; y?: ScatterFeature },
): Chart | null;
export function drawPAliveHistogram(
  container: HTMLElement,
  report: Report | ReportSummary,
  options: ChartOptions,
): Chart | null;
export function drawClvHistogram(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawHoldout(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawNpsBySegment(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
export function drawSatisfactionTrend(
  container: HTMLElement,
  report: Report | ReportSummary,
  options: ChartOptions,
): Chart | null;
export function drawMigration(container: HTMLElement, report: Report | ReportSummary, options: ChartOptions): Chart | null;
/**
 * The customers who bought in each period (new and returning) and the retention rate, by
 * quarter unless `period` says otherwise; the period "as of" cuts short is drawn lighter. Not
 * one of `renderCharts`: the report view draws it in its retention section, beside the choice
 * of period.
 */
export function drawRetention(
  container: HTMLElement,
  report: Report | ReportSummary,
  options: ChartOptions & { period?: PeriodLength },
): Chart | null;
/** Where a report's `retention` section keeps its periods of each length. */
export const RETENTION_PERIODS: Readonly<Record<PeriodLength, 'byMonth' | 'byQuarter' | 'byYear'>>;
