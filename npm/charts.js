// The report's charts, drawn with Apache ECharts (bundled into echarts.js by build.sh: the chart
// types used here and nothing else). One function per chart, each taking (container, report,
// { lang, currency, theme }) and returning the ECharts instance, or null when the report has
// nothing for it. They draw what the report holds, never its customer list (a page may not have
// it): the figures, bins and groups are the core's (`report.distributions`).
//
// Safety: everything is drawn on a canvas as text. Tooltips use ECharts' rich-text mode (drawn
// on the canvas too) rather than its HTML tooltips, and no formatter returns HTML.

import { getInstanceByDom, init } from './echarts.js';
import { createLocale } from './i18n.js';

/**
 * Every label the charts draw, per language. Texts with `{name}` have values filled in by
 * `fillIn`. Kept in one object so that it can move to a shared dictionary.
 */
export const CHART_LABELS = {
  en: {
    rfHeatmap: 'Customers by recency and frequency',
    saveImage: (title) => `Save “${title}” as an image`,
    rfHeatmapNote: 'Each cell: customers, and their average net revenue',
    recencyScore: 'R score',
    frequencyScore: 'F score',
    customers: 'Customers',
    averageRevenue: 'Average net revenue',
    segments: 'Segments: customers and revenue',
    shareOfCustomers: 'Share of customers',
    shareOfRevenue: 'Share of net revenue',
    pareto: 'Pareto curve of net revenue',
    paretoNote: 'Customers from the best to the least valuable',
    paretoX: 'Share of customers',
    paretoY: 'Share of net revenue',
    top20: 'Top 20%: {share}',
    tiers: 'Value tiers: customers and value',
    shareOfValue: 'Share of value',
    clusters: 'Clusters',
    clustersNote: '{customers} customers in {k} clusters',
    across: 'Across',
    up: 'Up',
    recencyDays: 'Recency (days)',
    frequency: 'Frequency (purchases)',
    monetary: 'Net revenue',
    pAlive: 'Chance each customer is still active',
    pAliveNote: 'P(alive) from the BG/NBD model',
    clv: 'Predicted lifetime value',
    clvNote: 'Over {months} months',
    clvNoteOne: 'Over {months} month',
    clvAxis: 'Lifetime value',
    orMore: '{value} or more',
    holdout: 'Hold-out check of the forecast',
    holdoutNote: 'Purchase days {from} – {to}:\nactual {actual}, model {predicted}, baseline {baseline}',
    holdoutX: 'Purchases up to “as of”',
    holdoutY: 'Average purchase days after',
    actual: 'Actual',
    predicted: 'Predicted',
    npsBySegment: 'NPS by segment (95% interval)',
    tooFewAnswers: 'Not shown, too few answers: {segments}',
    trend: 'Satisfaction over time',
    trendNote: 'Bars: 95% interval',
    interval: '95%: {low} – {high}',
    nps: 'NPS',
    csat: 'CSAT %',
    ces: 'CES (mean)',
    migration: 'Segment migration',
    migrationNote: 'From {from} (left) to {to} (right)',
    newCustomers: 'New since then',
    // Between the title and its note, read out as the chart's description; between names.
    sentenceBreak: '. ',
    listSeparator: ', ',
    comma: ', ',
    figuresAsTable: 'The figures as a table',
    group: 'Group',
    from: 'From',
    to: 'To',
    intervalColumn: '95% interval',
    answers: 'Answers',
    period: 'Period',
    retention: 'Customers and retention',
    retentionPartial: 'Lighter: {period}, so far (to {date})',
    soFar: '{period} (so far)',
    activeCustomers: 'Customers who bought',
    newBuyers: 'New customers',
    returning: 'Returning customers',
    retained: 'Retained',
    retentionRate: 'Retention rate',
  },
  'zh-CN': {
    rfHeatmap: '按最近购买与购买频次的客户分布',
    saveImage: (title) => `将“${title}”保存为图片`,
    rfHeatmapNote: '每格：客户数及其平均净收入',
    recencyScore: 'R 评分',
    frequencyScore: 'F 评分',
    customers: '客户数',
    averageRevenue: '平均净收入',
    segments: '客户分群：客户与净收入占比',
    shareOfCustomers: '客户占比',
    shareOfRevenue: '净收入占比',
    pareto: '净收入帕累托曲线',
    paretoNote: '客户按价值由高到低排列',
    paretoX: '客户占比',
    paretoY: '净收入占比',
    top20: '前 20%：{share}',
    tiers: '价值分层：客户与价值占比',
    shareOfValue: '价值占比',
    clusters: '聚类',
    clustersNote: '{customers} 位客户，{k} 个聚类',
    across: '横轴',
    up: '纵轴',
    recencyDays: '最近购买（天）',
    frequency: '购买频次',
    monetary: '净收入',
    pAlive: '客户仍活跃的概率',
    pAliveNote: 'BG/NBD 模型的 P(alive)',
    clv: '预测客户终身价值',
    clvNote: '未来 {months} 个月',
    clvNoteOne: '未来 {months} 个月',
    clvAxis: '终身价值',
    orMore: '{value} 及以上',
    holdout: '留出期预测检验',
    holdoutNote: '{from} 至 {to} 的购买天数：\n实际 {actual}，模型 {predicted}，基准 {baseline}',
    holdoutX: '截止日前的购买次数',
    holdoutY: '截止日后平均购买天数',
    actual: '实际',
    predicted: '预测',
    npsBySegment: '各分群 NPS（95% 区间）',
    tooFewAnswers: '回答太少，未显示：{segments}',
    trend: '满意度随时间变化',
    trendNote: '竖线：95% 区间',
    interval: '95%：{low} – {high}',
    nps: 'NPS',
    csat: 'CSAT %',
    ces: 'CES（均值）',
    migration: '客户分群迁移',
    migrationNote: '从 {from}（左）到 {to}（右）',
    newCustomers: '此后新增',
    sentenceBreak: '。',
    listSeparator: '、',
    comma: '，',
    figuresAsTable: '图中数据（表格）',
    group: '分组',
    from: '原分群',
    to: '现分群',
    intervalColumn: '95% 区间',
    answers: '回答数',
    period: '时期',
    retention: '购买客户与保留率',
    retentionPartial: '浅色：{period}，截至{date}',
    soFar: '{period}（截至{date}）',
    activeCustomers: '购买客户数',
    newBuyers: '新客户',
    returning: '老客户',
    retained: '保留客户',
    retentionRate: '保留率',
  },
};

/** The charts in the order they are shown, each under a stable name (`data-chart`). */
const CHARTS = [
  ['rf-heatmap', drawRfHeatmap],
  ['segments', drawSegmentBars],
  ['pareto', drawPareto],
  ['tiers', drawTierBars],
  ['clusters', drawClusterScatter],
  ['p-alive', drawPAliveHistogram],
  ['clv', drawClvHistogram],
  ['holdout', drawHoldout],
  ['nps-by-segment', drawNpsBySegment],
  ['satisfaction-trend', drawSatisfactionTrend],
  ['migration', drawMigration],
];
// The height of the box renderCharts draws each chart in, unless the page's styles give it
// one: ECharts draws nothing in a box without height, and a page embedding the charts has no
// style sheet of the package's. Ten segments, or a flow between twenty nodes, need the room.
const BOX_HEIGHT = '22rem';
const TALL_BOX_HEIGHT = '28rem';
const TALL_CHARTS = new Set(['segments', 'migration']);
// What the cluster scatter can put on its axes: customer fields shown in the customer table.
const SCATTER_FEATURES = ['recencyDays', 'frequency', 'monetary'];
// Where the retention section keeps its periods of each length.
export const RETENTION_PERIODS = { month: 'byMonth', quarter: 'byQuarter', year: 'byYear' };
// A period cut short by "as of" is drawn this much fainter: its figures are so far.
const PARTIAL_OPACITY = 0.4;
// The retention line apart from the bars, and clear on both themes' backgrounds: the third colour
// of ECharts' palette, a dark slate, hardly shows on the dark one.
const RATE_COLOUR = '#f28e2b';
// Saved pictures need a background; the charts themselves are transparent over the page.
const IMAGE_BACKGROUNDS = { light: '#ffffff', dark: '#1d2330' };
const TEXT_COLOURS = { light: '#1d2330', dark: '#e8ecf2' };
// One colour per RFM segment, by its place in the report's list of segments, on both sides of
// the migration flow; the customers new since its earlier date in a colour of their own.
const SEGMENT_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const NEW_CUSTOMERS_COLOUR = '#17becf';
// The height of a label of the migration flow (its 12 px type and some room), in pixels.
const MIGRATION_LABEL_HEIGHT = 15;
// On paper, a chart is at most this wide (170 mm in CSS pixels), which an A4 or a Letter page
// holds inside its margins; the page's width on screen would be cut at the paper's edge.
const PRINTED_WIDTH = Math.round((170 / 25.4) * 96);

// Each drawing of an area, so that a newer one stops an older one still drawing there.
const drawings = new WeakMap();

/**
 * Fills `area` with a figure per chart the report has data for, replacing what it held, and
 * resolves to how many were drawn. The charts are drawn one per task, so that the page answers
 * clicks and keys in between; `area` is `aria-busy` meanwhile. A newer call on the same area
 * stops this one, which then resolves to the charts it drew. `area` must be displayed: the
 * charts take its width.
 */
export async function renderCharts(area, report, options) {
  disposeCharts(area);
  const drawing = {};
  drawings.set(area, drawing);
  area.setAttribute('aria-busy', 'true');
  let drawn = 0;
  for (const [name, draw] of CHARTS) {
    // Apart from what the caller draws in this task, too.
    await nextTask();
    if (drawings.get(area) !== drawing) return drawn;
    const container = newElement('div', { class: 'chart' });
    const figure = newElement('figure', { class: 'chart-figure', 'data-chart': name }, container);
    area.append(figure);
    // Set through the CSSOM, which a Content Security Policy without 'unsafe-inline' allows.
    if (container.clientHeight === 0) container.style.height = TALL_CHARTS.has(name) ? TALL_BOX_HEIGHT : BOX_HEIGHT;
    if (name === 'clusters' && report.clusters) figure.append(featurePicker(container, report, options));
    if (draw(container, report, options)) drawn += 1;
    else figure.remove();
  }
  area.removeAttribute('aria-busy');
  return drawn;
}

/**
 * Disposes the charts that renderCharts drew in `area`, stopping a drawing under way, and
 * empties it. ECharts keeps every chart it draws, canvases and figures, until the chart is
 * disposed, even once its box has left the page.
 */
export function disposeCharts(area) {
  drawings.delete(area);
  for (const container of area.querySelectorAll('.chart')) {
    getInstanceByDom(container)?.dispose();
    resizer?.unobserve(container);
    sized.delete(container);
  }
  area.replaceChildren();
  area.removeAttribute('aria-busy');
}

/** Resolves in a task of its own, after whatever input the page has waiting. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve));
}

/** Two menus choosing the features on the scatter's axes; a choice redraws the scatter. */
function featurePicker(container, report, options) {
  const labels = CHART_LABELS[options.lang];
  const menu = (axis, label, chosen) =>
    newElement(
      'label',
      {},
      `${label} `,
      newElement(
        'select',
        { 'data-axis': axis },
        ...SCATTER_FEATURES.map((feature) =>
          newElement(
            'option',
            { value: feature, ...(feature === chosen && { selected: '' }) },
            labels[feature],
          ),
        ),
      ),
    );
  const picker = newElement(
    'div',
    { class: 'chart-controls' },
    menu('x', labels.across, 'frequency'),
    menu('y', labels.up, 'monetary'),
  );
  picker.addEventListener('change', () => {
    const [x, y] = [...picker.querySelectorAll('select')].map((select) => select.value);
    drawClusterScatter(container, report, { ...options, x, y });
  });
  return picker;
}

/** Customers per R × F score cell, with the cell's average net revenue. */
export function drawRfHeatmap(container, report, options) {
  const cells = report.distributions?.rfCells;
  if (!report.rfm || !cells?.length) return null;
  const labels = CHART_LABELS[options.lang];
  const { integer, money } = formats(options);
  const data = cells.map((cell) => [cell.f - 1, cell.r - 1, cell.customers, cell.averageRevenue]);
  const scores = Array.from({ length: report.rfm.levels }, (_, i) => String(i + 1));
  const cellText = ([f, r, customers, average]) =>
    `R ${r + 1} · F ${f + 1}\n${labels.customers}: ${integer.format(customers)}\n` +
    `${labels.averageRevenue}: ${money.format(average)}`;
  return draw(container, options, {
    title: labels.rfHeatmap,
    note: labels.rfHeatmapNote,
    table: {
      columns: [labels.recencyScore, labels.frequencyScore, labels.customers, labels.averageRevenue],
      rows: cells.map((cell) => [cell.r, cell.f, integer.format(cell.customers), money.format(cell.averageRevenue)]),
    },
    option: {
      // The score labels are single digits: fixed room for them and the axis names.
      grid: { left: 44, right: 8, bottom: 44 },
      xAxis: {
        type: 'category',
        data: scores,
        name: labels.frequencyScore,
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: {
        type: 'category',
        data: scores,
        name: labels.recencyScore,
        nameLocation: 'middle',
        nameGap: 28,
      },
      visualMap: {
        show: false,
        dimension: 2,
        min: 0,
        max: Math.max(...data.map((cell) => cell[2])),
        // Light enough for dark digits on the busiest cell.
        inRange: { color: ['#eef3fb', '#6f9be0'] },
      },
      tooltip: { formatter: ({ value }) => cellText(value) },
      series: [
        {
          type: 'heatmap',
          data,
          label: {
            show: true,
            formatter: ({ value }) => `${integer.format(value[2])}\n${money.format(value[3])}`,
          },
        },
      ],
    },
  });
}

/** Each segment's share of the customers beside its share of the net revenue. */
export function drawSegmentBars(container, report, options) {
  if (!report.rfm) return null;
  const labels = CHART_LABELS[options.lang];
  const { segments } = report.rfm;
  return shareBars(container, options, {
    title: labels.segments,
    names: segments.map((segment) => segment.name[options.lang]),
    empty: segments.map((segment) => segment.customers === 0),
    series: [
      [labels.shareOfCustomers, segments.map((segment) => segment.customerShare)],
      [labels.shareOfRevenue, segments.map((segment) => segment.revenueShare)],
    ],
  });
}

/** Each value tier's share of the customers beside its share of the value. */
export function drawTierBars(container, report, options) {
  if (!report.tiers) return null;
  const labels = CHART_LABELS[options.lang];
  const { groups } = report.tiers;
  return shareBars(container, options, {
    title: labels.tiers,
    names: groups.map((group) => group.name[options.lang]),
    empty: groups.map((group) => group.customers === 0),
    series: [
      [labels.shareOfCustomers, groups.map((group) => group.customerShare)],
      [labels.shareOfValue, groups.map((group) => group.valueShare)],
    ],
  });
}

/**
 * Horizontal bars of shares (0–1) per group, one series per [name, shares]. A group without
 * customers (`empty`) keeps its place on the axis, in the report's order, but its bars go
 * unlabelled: "0% 0%" beside no bar read as a figure about customers who are not there.
 */
function shareBars(container, options, { title, names, empty, series }) {
  const { percent } = formats(options);
  return draw(container, options, {
    title,
    table: {
      columns: [CHART_LABELS[options.lang].group, ...series.map(([name]) => name)],
      rows: names.map((name, i) => [name, ...series.map(([, shares]) => percent.format(shares[i]))]),
    },
    option: {
      legend: { bottom: 0 },
      grid: { left: 8, right: 48, bottom: 32, containLabel: true },
      xAxis: { type: 'value', axisLabel: { hideOverlap: true, formatter: (share) => percent.format(share) } },
      yAxis: { type: 'category', data: names, inverse: true },
      tooltip: { trigger: 'axis', valueFormatter: (share) => percent.format(share) },
      series: series.map(([name, shares]) => ({
        type: 'bar',
        name,
        data: shares,
        label: {
          show: true,
          position: 'right',
          formatter: ({ dataIndex, value }) => (empty[dataIndex] ? '' : percent.format(value)),
        },
      })),
    },
  });
}

/** The cumulative share of net revenue against the share of customers, best first. */
export function drawPareto(container, report, options) {
  if (!report.pareto) return null;
  const labels = CHART_LABELS[options.lang];
  const { percent } = formats(options);
  const { curve, top20RevenueShare } = report.pareto;
  // Read out at each tenth of the customers: the curve's first point that reaches it.
  const tenths = Array.from({ length: 10 }, (_, i) => curve.find((point) => point.customerShare >= (i + 1) / 10 - 1e-9))
    .filter(Boolean);
  return draw(container, options, {
    title: labels.pareto,
    note: labels.paretoNote,
    table: {
      columns: [labels.paretoX, labels.paretoY],
      rows: tenths.map((point) => [percent.format(point.customerShare), percent.format(point.revenueShare)]),
    },
    option: {
      // containLabel leaves out the axis name below: room for it.
      grid: { left: 8, right: 24, bottom: 32, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: labels.paretoX,
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: (share) => percent.format(share) },
      },
      yAxis: {
        type: 'value',
        min: 0,
        // Returns can lift the running total above 100 % before the last customers bring it down.
        max: (extent) => Math.max(1, extent.max),
        ...axisTitle(labels.paretoY),
        axisLabel: { formatter: (share) => percent.format(share) },
      },
      tooltip: {
        trigger: 'axis',
        formatter: ([point]) =>
          `${labels.paretoX}: ${percent.format(point.value[0])}\n${labels.paretoY}: ${percent.format(point.value[1])}`,
      },
      series: [
        {
          type: 'line',
          name: labels.paretoY,
          showSymbol: false,
          data: curve.map((point) => [point.customerShare, point.revenueShare]),
          markLine: {
            symbol: 'none',
            silent: true,
            // Inside the plot, right of the line's foot: above the line it ran into the axis's
            // name, and at its top into the curve wherever the top fifth bring most revenue. The
            // curve, best customers first, is at least at 20 % from there on.
            label: {
              position: 'start',
              align: 'left',
              verticalAlign: 'bottom',
              distance: [0, -4],
              padding: [0, 0, 0, 4],
              formatter: fillIn(labels.top20, { share: percent.format(top20RevenueShare) }),
            },
            data: [{ xAxis: 0.2 }],
          },
        },
      ],
    },
  });
}

/**
 * The customers on two features (options.x and options.y: recencyDays, frequency or monetary;
 * frequency and net revenue by default), coloured by k-means cluster: all of them, or the core's
 * even sample of each cluster when there are many; the note counts them all.
 */
export function drawClusterScatter(container, report, options) {
  const sample = report.distributions?.clusters;
  if (!report.clusters || !sample) return null;
  const { x = 'frequency', y = 'monetary' } = options;
  const labels = CHART_LABELS[options.lang];
  const { integer, number, money } = formats(options);
  const series = report.clusters.clusters.map((cluster, i) => ({
    type: 'scatter',
    name: cluster.name[options.lang],
    symbolSize: 5,
    // Hundreds of points or more in one path, not one element each: a sample of 2,000 points
    // draws in a few milliseconds instead of hundreds, which keeps the page responsive.
    large: true,
    largeThreshold: 500,
    data: sample.clusters[i].points.map((point) => [point[x], point[y], point.id]),
  }));
  const clustered = sample.clusters.reduce((total, cluster) => total + cluster.customers, 0);
  // Frequency and revenue are heavily skewed: a log axis spreads them, where every customer's
  // value allows (sampled or not).
  const axis = (feature) => ({
    type: sample.lowest[feature] > 0 ? 'log' : 'value',
    axisLabel: { formatter: (value) => valueOf(feature).format(value) },
  });
  const valueOf = (feature) => (feature === 'monetary' ? money : number);
  return draw(container, options, {
    title: labels.clusters,
    note: fillIn(labels.clustersNote, { customers: integer.format(clustered), k: report.clusters.k }),
    table: {
      columns: [labels.group, labels.customers],
      rows: report.clusters.clusters.map((cluster, i) => [
        cluster.name[options.lang],
        integer.format(sample.clusters[i].customers),
      ]),
    },
    option: {
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 24, bottom: 56, containLabel: true },
      xAxis: { ...axis(x), name: labels[x], nameLocation: 'middle', nameGap: 24 },
      // Its name above it, as the other charts' are: beside it, turned, the name would be
      // drawn left of the widest tick label, off the chart.
      yAxis: { ...axis(y), ...axisTitle(labels[y]) },
      tooltip: {
        formatter: ({ value, seriesName }) =>
          `${value[2]} (${seriesName})\n${labels[x]}: ${valueOf(x).format(value[0])}\n` +
          `${labels[y]}: ${valueOf(y).format(value[1])}`,
      },
      series,
    },
  });
}

/** How many customers have each P(alive), in tenths. */
export function drawPAliveHistogram(container, report, options) {
  const tenths = report.distributions?.pAlive;
  if (!report.clv || !tenths) return null;
  const labels = CHART_LABELS[options.lang];
  const { share } = formats(options);
  const bins = tenths.map((bin) => [`${share.format(bin.from)}–${share.format(bin.to)}`, bin.customers]);
  return histogram(container, options, {
    title: labels.pAlive,
    note: labels.pAliveNote,
    axisName: 'P(alive)',
    bins,
  });
}

/**
 * How many customers have each predicted lifetime value, in bins of a round width; the top 5 %
 * share one open bin so that a few large values do not squeeze everyone else into one bar.
 */
export function drawClvHistogram(container, report, options) {
  const values = report.distributions?.clv;
  if (!report.clv || !values) return null;
  const labels = CHART_LABELS[options.lang];
  const { money } = formats(options);
  const bins = values.map((bin) => [
    bin.to == null
      ? fillIn(labels.orMore, { value: money.format(bin.from) })
      : `${money.format(bin.from)}–${money.format(bin.to)}`,
    bin.customers,
  ]);
  return histogram(container, options, {
    title: labels.clv,
    note: fillIn(report.clv.horizonMonths === 1 ? labels.clvNoteOne : labels.clvNote, { months: report.clv.horizonMonths }),
    axisName: labels.clvAxis,
    bins,
  });
}

/** Customers per bin: bins are [label, count]. */
function histogram(container, options, { title, note, axisName, bins }) {
  const labels = CHART_LABELS[options.lang];
  const { integer } = formats(options);
  return draw(container, options, {
    title,
    note,
    table: { columns: [axisName, labels.customers], rows: bins.map(([label, count]) => [label, integer.format(count)]) },
    option: {
      // containLabel leaves out the axis name below the slanted labels: room for it.
      grid: { left: 8, right: 24, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category',
        data: bins.map(([label]) => label),
        name: axisName,
        nameLocation: 'middle',
        nameGap: 56,
        axisLabel: { rotate: 45 },
      },
      yAxis: { type: 'value', ...axisTitle(labels.customers), minInterval: 1 },
      tooltip: { trigger: 'axis' },
      series: [
        { type: 'bar', name: labels.customers, barCategoryGap: '8%', data: bins.map(([, count]) => count) },
      ],
    },
  });
}

/**
 * The hold-out check of the lifetime-value model: per number of purchases up to "as of", the
 * average purchase days after it, actual beside predicted.
 */
export function drawHoldout(container, report, options) {
  const holdout = report.clv?.holdout;
  const groups = report.distributions?.holdout;
  if (!holdout || !groups) return null;
  const labels = CHART_LABELS[options.lang];
  const { number, oneDecimal, date } = formats(options);
  const holdoutX = (group) => `${group.frequency}${group.orMore ? '+' : ''}`;
  return draw(container, options, {
    title: labels.holdout,
    table: {
      columns: [labels.holdoutX, labels.actual, labels.predicted],
      rows: groups.map((group) => [holdoutX(group), oneDecimal.format(group.actual), oneDecimal.format(group.predicted)]),
    },
    note: fillIn(labels.holdoutNote, {
      from: date(holdout.from),
      to: date(holdout.to),
      actual: number.format(holdout.actual),
      predicted: oneDecimal.format(holdout.predicted),
      baseline: oneDecimal.format(holdout.baselinePredicted),
    }),
    option: {
      legend: { bottom: 0 },
      // Room below for the axis name and, under it, the legend.
      grid: { left: 8, right: 24, bottom: 52, containLabel: true },
      xAxis: {
        type: 'category',
        data: groups.map(holdoutX),
        name: labels.holdoutX,
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: { type: 'value', ...axisTitle(labels.holdoutY) },
      tooltip: { trigger: 'axis', valueFormatter: (value) => oneDecimal.format(value) },
      series: [
        { type: 'bar', name: labels.actual, data: groups.map((group) => group.actual) },
        { type: 'line', name: labels.predicted, data: groups.map((group) => group.predicted) },
      ],
    },
  });
}

/** Each segment's NPS with its 95 % interval, for segments with enough answers. */
export function drawNpsBySegment(container, report, options) {
  const table = report.satisfaction?.groups.find(
    (group) => group.dimension === 'segment' && group.source === 'customers',
  );
  if (!table || !report.satisfaction.nps) return null;
  const labels = CHART_LABELS[options.lang];
  const { signed } = formats(options);
  const names = Object.fromEntries(
    (report.rfm?.segments ?? []).map((segment) => [segment.key, segment.name[options.lang]]),
  );
  const name = (group) => names[group.label] ?? group.label;
  const scored = table.groups.filter((group) => group.nps?.figures?.score != null);
  if (scored.length === 0) return null;
  const tooFew = table.groups.filter((group) => group.nps && group.nps.status !== 'ok');
  const intervals = scored.map((group, i) => {
    const { low, high } = group.nps.figures.interval;
    return [i, low, high];
  });
  const bounds = ({ low, high }) => ({ low: signed.format(low), high: signed.format(high) });
  return draw(container, options, {
    title: labels.npsBySegment,
    table: {
      columns: [labels.group, labels.nps, labels.intervalColumn, labels.answers],
      rows: scored.map((group) => {
        const { score, interval, n } = group.nps.figures;
        return [name(group), signed.format(score), fillIn('{low} – {high}', bounds(interval)), String(n)];
      }),
    },
    note:
      tooFew.length > 0 ? fillIn(labels.tooFewAnswers, { segments: tooFew.map(name).join(labels.listSeparator) }) : undefined,
    option: {
      grid: { left: 8, right: 24, bottom: 32, containLabel: true },
      xAxis: { type: 'value', min: -100, max: 100, name: labels.nps, nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: scored.map(name), inverse: true },
      tooltip: {
        formatter: ({ dataIndex }) => {
          const { figures } = scored[dataIndex].nps;
          const interval = fillIn(labels.interval, bounds(figures.interval));
          return `${name(scored[dataIndex])}\nNPS ${signed.format(figures.score)}${labels.comma}${interval} (n = ${figures.n})`;
        },
      },
      series: [
        {
          type: 'bar',
          name: labels.nps,
          // No labels: the error bars cross them. The tooltip and the table below give the figures.
          data: scored.map((group) => group.nps.figures.score),
        },
        {
          type: 'custom',
          name: labels.nps,
          data: intervals,
          encode: { x: [1, 2], y: 0 },
          // Printed in the light theme, whatever the screen's (see setPrinting).
          renderItem: errorBars({ colour: () => TEXT_COLOURS[printing ? 'light' : (options.theme ?? 'light')] }),
          z: 3,
        },
      ],
    },
  });
}

/**
 * Draws error bars with end caps from value 1 to value 2 at category value 0: along a
 * horizontal value axis, or a vertical one when `vertical`; in the colour `colour()` gives at
 * the time it is drawn, or else the series'.
 */
function errorBars({ colour, vertical = false }) {
  return (params, api) => {
    const at = (value) => api.coord(vertical ? [api.value(0), value] : [value, api.value(0)]);
    const [low, high] = [at(api.value(1)), at(api.value(2))];
    const band = vertical ? api.size([1, 0])[0] : api.size([0, 1])[1];
    const cap = Math.min(band * 0.2, 8);
    const stroke = colour?.() ?? api.visual('color');
    const line = ([x1, y1], [x2, y2]) => ({
      type: 'line',
      shape: { x1, y1, x2, y2 },
      style: { stroke, lineWidth: 1.5 },
    });
    const across = ([x, y]) =>
      vertical ? line([x - cap, y], [x + cap, y]) : line([x, y - cap], [x, y + cap]);
    return { type: 'group', children: [line(low, high), across(low), across(high)] };
  };
}

/**
 * NPS, CSAT and CES per period, each with its 95 % interval as a bar: NPS and CSAT on the left
 * axis, CES on the right.
 */
export function drawSatisfactionTrend(container, report, options) {
  const trend = report.satisfaction?.trend;
  if (!trend || trend.periods.length < 2) return null;
  const labels = CHART_LABELS[options.lang];
  const { integer, oneDecimal } = formats(options);
  // Periods named as the report's tables name them ("Mar 2024", "2024年3月").
  const periodName = createLocale(options.lang).period;
  const { satisfaction } = report;
  const within = (low, high) => (value) => Math.min(high, Math.max(low, value));
  const around = (value, margin, clamp) => (margin == null ? null : [clamp(value - margin), clamp(value + margin)]);
  // Each question's name, figure and 95 % interval (the report's for NPS and the CSAT share,
  // the CES mean ± its margin kept within the scale). NPS (−100 to 100) and CSAT (0 to 100 %)
  // share the left axis; the CES mean has its own scale.
  const reported = (figures) => figures.interval && [figures.interval.low, figures.interval.high];
  const percentQuestions = [
    { question: 'nps', name: labels.nps, figure: (figures) => figures.score, interval: reported },
    { question: 'csat', name: labels.csat, figure: (figures) => figures.score, interval: reported },
  ].filter(({ question }) => satisfaction[question]);
  const percentAxis = percentQuestions.length > 0 && {
    type: 'value',
    min: satisfaction.nps ? -100 : 0,
    max: 100,
    ...axisTitle(percentQuestions.map(({ name }) => name).join(' · ')),
  };
  const cesScale = satisfaction.ces?.scale;
  const cesAxis = cesScale && {
    type: 'value',
    min: cesScale.min,
    max: cesScale.max,
    splitLine: { show: false },
    ...axisTitle(labels.ces, percentAxis ? 'right' : 'left'),
  };
  const questions = [
    ...percentQuestions.map((question) => ({ ...question, yAxisIndex: 0 })),
    ...(cesAxis
      ? [
          {
            question: 'ces',
            name: labels.ces,
            figure: (figures) => figures.mean,
            interval: (figures) =>
              around(figures.mean, figures.meanMarginOfError, within(cesScale.min, cesScale.max)),
            yAxisIndex: percentAxis ? 1 : 0,
          },
        ]
      : []),
  ];
  // A period without answers to the question has no point and no bar.
  const answered = (period, question) => (period[question]?.n ? period[question] : null);
  const lines = questions.map(({ question, name, figure, yAxisIndex }) => ({
    type: 'line',
    name,
    yAxisIndex,
    connectNulls: false,
    data: trend.periods.map((period) => {
      const figures = answered(period, question);
      return figures && figure(figures);
    }),
  }));
  // Named as its line, so that the two share a colour and a legend entry.
  const bars = questions.map(({ question, name, interval, yAxisIndex }) => ({
    type: 'custom',
    name,
    yAxisIndex,
    data: trend.periods.flatMap((period, i) => {
      const figures = answered(period, question);
      const bounds = figures && interval(figures);
      return bounds ? [[i, ...bounds]] : [];
    }),
    encode: { x: 0, y: [1, 2] },
    renderItem: errorBars({ vertical: true }),
    silent: true,
  }));
  // Each question's figure in `period`, with its interval and answers, or '–' without answers.
  const figuresOf = (period) =>
    questions.map(({ question, figure, interval }) => {
      const figures = answered(period, question);
      if (!figures) return '–';
      const bounds = interval(figures);
      const range = bounds
        ? `${fillIn(labels.interval, { low: oneDecimal.format(bounds[0]), high: oneDecimal.format(bounds[1]) })}${labels.comma}`
        : '';
      return `${oneDecimal.format(figure(figures))} (${range}n = ${integer.format(figures.n)})`;
    });
  const describe = (period) => figuresOf(period).map((text, i) => `${questions[i].name} ${text}`);
  return draw(container, options, {
    title: labels.trend,
    note: labels.trendNote,
    table: {
      columns: [labels.period, ...questions.map(({ name }) => name)],
      rows: trend.periods.map((period) => [periodName(period.period), ...figuresOf(period)]),
    },
    option: {
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: trend.periods.map((period) => periodName(period.period)) },
      yAxis: [percentAxis, cesAxis].filter(Boolean),
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const period = trend.periods[[params].flat()[0].dataIndex];
          return [periodName(period.period), ...describe(period)].join('\n');
        },
      },
      series: [...lines, ...bars],
    },
  });
}

/**
 * Per period of `options.period` ('month', 'quarter', the default, or 'year'): the customers
 * who bought in it as bars of the new and the returning (who had bought before), and the
 * retention rate as a line on a percent axis of its own. The period "as of" cuts short is
 * lighter, and the note says so: its figures are so far.
 */
export function drawRetention(container, report, options) {
  const periods = report.retention?.[RETENTION_PERIODS[options.period ?? 'quarter']];
  if (!periods?.length) return null;
  const labels = CHART_LABELS[options.lang];
  const { integer, percent, date } = formats(options);
  const periodName = createLocale(options.lang).period;
  const names = periods.map((period) => periodName(period.period));
  // Only the last period can be partial.
  const last = periods.at(-1);
  const shownName = (period, i) =>
    period.partial ? fillIn(labels.soFar, { period: names[i], date: date(period.end) }) : names[i];
  const faded = (period, value) =>
    period.partial && value != null ? { value, itemStyle: { opacity: PARTIAL_OPACITY } } : value;
  const rate = (period) => (period.retentionRate == null ? '–' : percent.format(period.retentionRate));
  const retained = (period) => (period.retained == null ? '–' : integer.format(period.retained));
  return draw(container, options, {
    title: labels.retention,
    note: last.partial
      ? fillIn(labels.retentionPartial, { period: names.at(-1), date: date(last.end) })
      : undefined,
    table: {
      columns: [labels.period, labels.activeCustomers, labels.newBuyers, labels.retained, labels.retentionRate],
      rows: periods.map((period, i) => [
        shownName(period, i),
        integer.format(period.active),
        integer.format(period.new),
        retained(period),
        rate(period),
      ]),
    },
    option: {
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: names },
      yAxis: [
        { type: 'value', minInterval: 1, ...axisTitle(labels.customers) },
        {
          type: 'value',
          min: 0,
          max: 1,
          splitLine: { show: false },
          ...axisTitle(labels.retentionRate, 'right'),
          axisLabel: { formatter: (share) => percent.format(share) },
        },
      ],
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const i = [params].flat()[0].dataIndex;
          const period = periods[i];
          return [
            shownName(period, i),
            `${labels.activeCustomers}: ${integer.format(period.active)}`,
            `${labels.newBuyers}: ${integer.format(period.new)}`,
            `${labels.returning}: ${integer.format(period.active - period.new)}`,
            `${labels.retained}: ${retained(period)}`,
            `${labels.retentionRate}: ${rate(period)}`,
          ].join('\n');
        },
      },
      series: [
        {
          type: 'bar',
          name: labels.newBuyers,
          stack: 'active',
          data: periods.map((period) => faded(period, period.new)),
        },
        {
          type: 'bar',
          name: labels.returning,
          stack: 'active',
          data: periods.map((period) => faded(period, period.active - period.new)),
        },
        {
          type: 'line',
          name: labels.retentionRate,
          yAxisIndex: 1,
          color: RATE_COLOUR,
          lineStyle: { width: 2.5 },
          // No line through a period without a rate: the first, and any after one without customers.
          connectNulls: false,
          data: periods.map((period) => faded(period, period.retentionRate)),
        },
      ],
    },
  });
}

/** Where each segment's customers of the earlier date are now, as a Sankey diagram. */
export function drawMigration(container, report, options) {
  const migration = report.migration;
  const moves = migration?.transitions.filter((move) => move.customers > 0) ?? [];
  if (moves.length === 0) return null;
  const labels = CHART_LABELS[options.lang];
  const { integer, date } = formats(options);
  const names = Object.fromEntries(
    (report.rfm?.segments ?? []).map((segment) => [segment.key, segment.name[options.lang]]),
  );
  names.new = labels.newCustomers;
  const segmentOf = (node) => {
    const key = node.slice(node.indexOf(':') + 1);
    return names[key] ?? key;
  };
  // The same segment on both sides needs two nodes: its key prefixed by the side.
  const links = moves.map((move) => ({
    source: `from:${move.from}`,
    target: `to:${move.to}`,
    value: move.customers,
  }));
  // Both columns in the report's segment order, new customers last.
  const order = Object.keys(names);
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  // A segment has the same colour on both sides.
  const colour = (key) =>
    key === 'new' ? NEW_CUSTOMERS_COLOUR : SEGMENT_COLOURS[rank(key) % SEGMENT_COLOURS.length];
  const side = (prefix, keys) =>
    [...new Set(keys)]
      .sort((a, b) => rank(a) - rank(b))
      .map((key) => ({ name: `${prefix}:${key}`, itemStyle: { color: colour(key) } }));
  const nodes = [
    ...side(
      'from',
      moves.map((move) => move.from),
    ),
    ...side(
      'to',
      moves.map((move) => move.to),
    ),
  ];
  return draw(container, options, {
    title: labels.migration,
    note: fillIn(labels.migrationNote, { from: date(migration.from), to: date(migration.to) }),
    table: {
      columns: [labels.from, labels.to, labels.customers],
      rows: moves.map((move) => [names[move.from] ?? move.from, names[move.to] ?? move.to, integer.format(move.customers)]),
    },
    option: {
      tooltip: {
        formatter: ({ dataType, data, value }) =>
          dataType === 'edge'
            ? `${segmentOf(data.source)} → ${segmentOf(data.target)}: ${integer.format(value)}`
            : `${segmentOf(data.name)}: ${integer.format(value)}`,
      },
      series: [
        {
          type: 'sankey',
          top: 64,
          // Room for the label of a thin node at the bottom, centred on it.
          bottom: 24,
          left: 8,
          right: 8,
          // Each label is centred on its node: a gap of a label's height keeps the labels of
          // two thin nodes side by side (a few customers each) from running into each other.
          nodeGap: MIGRATION_LABEL_HEIGHT,
          layoutIterations: 0,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.4 },
          label: { lineHeight: MIGRATION_LABEL_HEIGHT, formatter: ({ name }) => segmentOf(name) },
          // The right-hand column's labels go inside the chart.
          levels: [{ depth: 1, label: { position: 'left' } }],
          data: nodes,
          links,
        },
      ],
    },
  });
}

/** A vertical axis's name above it, running inwards (`align` 'left' for a left axis) so it is not cut. */
function axisTitle(name, align = 'left') {
  return { name, nameTextStyle: { align } };
}

/**
 * Creates the chart in `container` (replacing any there) with the title, the note below it, a
 * save-as-image button and `option`, and keeps it as wide as its container.
 */
function draw(container, { lang, theme = 'light' }, { title, note, table, option }) {
  getInstanceByDom(container)?.dispose();
  const chart = init(container, theme === 'dark' ? 'dark' : null, { locale: lang === 'zh-CN' ? 'ZH' : 'EN' });
  // Its theme on screen, which printing leaves for the light one (setPrinting).
  container.dataset.theme = theme;
  const noteLines = note ? note.split('\n').length : 0;
  // A value axis's name sits above the plot, under the title.
  const axisNameLines = [option.yAxis].flat().some((axis) => axis?.name && !axis.nameLocation) ? 1 : 0;
  // One setOption, so that the chart is laid out and painted once.
  const width = titleWidth(chart);
  chart.setOption({
    backgroundColor: 'transparent',
    // Drawn at once: a report is read, not watched.
    animation: false,
    // Read out as the title and its note: ECharts' own description of the series reads badly
    // ("It consists of 2 series count") and, for the flow, gives NaN for every link.
    aria: {
      enabled: true,
      label: { description: [title, note].filter(Boolean).join(CHART_LABELS[lang].sentenceBreak) },
    },
    title: {
      text: title,
      subtext: note,
      left: 0,
      top: 0,
      textStyle: { fontSize: 15, overflow: 'truncate', width },
      subtextStyle: { overflow: 'truncate', width },
    },
    ...option,
    // Below the title and its note.
    grid: option.grid && { top: 44 + 18 * (noteLines + axisNameLines), ...option.grid },
    tooltip: { confine: true, ...option.tooltip, renderMode: 'richText' },
  });
  keepSized(container);
  if (printing) printAs(chart, container, true);
  offerImage(container, chart, title, CHART_LABELS[lang].saveImage(title), IMAGE_BACKGROUNDS[theme]);
  offerTable(container, title, table, CHART_LABELS[lang].figuresAsTable);
  return chart;
}

/**
 * The chart's figures as a table under it, closed at first: what a screen reader reads, and
 * what a reader who cannot tell the colours apart compares. `table` is { columns, rows } of
 * texts, each row's first cell its header. Drawing the chart again replaces it, kept open if it was.
 */
function offerTable(container, title, table, summary) {
  const figure = container.parentElement;
  const old = figure.querySelector(':scope > .chart-data');
  const details = newElement(
    'details',
    { class: 'chart-data', ...(old?.open && { open: '' }) },
    newElement('summary', {}, summary),
    newElement(
      'div',
      { class: 'table-scroll' },
      newElement(
        'table',
        { 'aria-label': title },
        newElement('thead', {}, newElement('tr', {}, ...table.columns.map((column) => newElement('th', { scope: 'col' }, column)))),
        newElement(
          'tbody',
          {},
          ...table.rows.map(([header, ...cells]) =>
            newElement(
              'tr',
              {},
              newElement('th', { scope: 'row' }, String(header)),
              ...cells.map((cell) => newElement('td', { class: 'number' }, String(cell))),
            ),
          ),
        ),
      ),
    ),
  );
  if (old) old.replaceWith(details);
  else figure.append(details);
}

/**
 * A button above the chart's top right corner, reached by keyboard like any other, that saves
 * the chart as a PNG named by its title. One per figure: drawing the chart again gives it the
 * new chart.
 */
function offerImage(container, chart, title, label, backgroundColor) {
  const figure = container.parentElement;
  const button =
    figure.querySelector(':scope > .chart-save') ??
    figure.insertBefore(newElement('button', { type: 'button', class: 'chart-save' }, '↓'), container);
  button.setAttribute('aria-label', label);
  button.title = label;
  button.onclick = () => {
    const link = document.createElement('a');
    link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor });
    link.download = `${title}.png`;
    link.click();
  };
}

/** The title's and its note's width: the chart's, clear of the save button. */
function titleWidth(chart) {
  return chart.getWidth() - 40;
}

/** Cuts the title and its note to the chart's width again, after a resize. */
function fitTitle(chart) {
  const width = titleWidth(chart);
  chart.setOption({ title: { textStyle: { width }, subtextStyle: { width } } });
}

let resizer = null;
// Every container keepSized was given, for printing; dropped once out of the document.
const sized = new Set();
let printing = false;
let watchingPrint = false;

/** Resizes the container's chart whenever the container changes size (a turned phone, say). */
function keepSized(container) {
  resizer ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      const chart = getInstanceByDom(entry.target);
      if (!chart) continue;
      chart.resize();
      fitTitle(chart);
    }
  });
  resizer.observe(container);
  sized.add(container);
  watchPrinting();
}

/**
 * Printing (the browser's dialog, or print media emulated): every chart is drawn as wide as the
 * paper holds and in the light theme, then as it was once printing ends. The browser lays the
 * page out for paper without telling a canvas, so each chart is resized here.
 */
function watchPrinting() {
  if (watchingPrint) return;
  watchingPrint = true;
  window.addEventListener('beforeprint', () => setPrinting(true));
  window.addEventListener('afterprint', () => setPrinting(false));
  const print = window.matchMedia?.('print');
  print?.addEventListener('change', () => setPrinting(print.matches));
}

function setPrinting(now) {
  // Told twice (beforeprint, then the print media once the page is laid out for paper): the
  // second time, the charts are fitted to the printed layout.
  const again = now === printing;
  if (again && !now) return;
  printing = now;
  for (const container of sized) {
    if (!container.isConnected) {
      sized.delete(container);
      resizer.unobserve(container);
      continue;
    }
    const chart = getInstanceByDom(container);
    if (chart) printAs(chart, container, now, !again);
  }
}

/** Draws `chart` for paper (`paper` true) or back for the screen; in its theme too if `retheme`. */
function printAs(chart, container, paper, retheme = true) {
  if (retheme && container.dataset.theme === 'dark') chart.setTheme(paper ? 'default' : 'dark');
  // 'auto': the container's width again (a width given once is kept by ECharts until then).
  chart.resize({ width: paper ? Math.min(PRINTED_WIDTH, container.clientWidth || PRINTED_WIDTH) : 'auto' });
  fitTitle(chart);
  // Painted now: the browser may print before the next frame.
  chart.getZr().refreshImmediately();
}

/** Number and date formats of a chart's language; money in its currency, if it has one. */
function formats({ lang, currency }) {
  const format = (options) => new Intl.NumberFormat(lang, options);
  const day = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', dateStyle: 'medium' });
  return {
    /** An ISO date (YYYY-MM-DD) as the language writes it, as the report's tables do. */
    date: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    integer: format({ maximumFractionDigits: 0 }),
    number: format({ maximumFractionDigits: 2 }),
    oneDecimal: format({ minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    signed: format({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
    // Whole amounts: a chart compares them, the tables give the cents.
    money: format({ maximumFractionDigits: 0, ...(currency && { style: 'currency', currency, minimumFractionDigits: 0 }) }),
    // A share that rounds to 0 % shows no minus sign.
    percent: format({ style: 'percent', maximumFractionDigits: 0, signDisplay: 'negative' }),
    share: format({ maximumFractionDigits: 1 }),
  };
}

/** `text` with each `{name}` replaced by `values[name]`. */
function fillIn(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** An element with attributes and children; strings become text nodes, never HTML. */
function newElement(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
