// Every text of the page and of the report view in English and Simplified Chinese, and the
// number, money and date formats of each language. The report's own texts come in both
// languages already (objects with `en` and `zh-CN`); `locale.text()` picks one.
//
// A message is a string, or a function of the (already formatted) values it shows. Static
// elements carry their message's key in `data-i18n` (text) or `data-i18n-label` (aria-label),
// and `translate()` fills them, so switching the language needs no new analysis.

/** The languages, each under its own name. */
export const LANGUAGES = { en: 'English', 'zh-CN': '简体中文' };

/** The currencies offered for money values (ISO 4217). */
export const CURRENCIES = [
  'CNY',
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'HKD',
  'TWD',
  'SGD',
  'KRW',
  'AUD',
  'CAD',
  'CHF',
];

const DEFAULT_CURRENCIES = { en: 'USD', 'zh-CN': 'CNY' };

// English nouns after a count, given as written ('1', '1,234') or as a number.
const plural = (count, one, other) => (String(count) === '1' ? one : other);

/** Every message by language; both languages have the same keys (tests/node/i18n.test.mjs checks). */
export const MESSAGES = {
  en: {
    // The page (www/index.html, www/app.js).
    pageTitle: 'custval: customer value analysis in your browser',
    tagline: 'What every customer is worth, from your own transactions and surveys: RFM segments, value tiers, lifetime value, churn warnings, NPS and what to do for each segment.',
    privacy: 'Your data stays in this browser: the file is read locally and never uploaded.',
    languageLabel: 'Language',
    currencyLabel: 'Currency',
    print: 'Print / save as PDF',
    chooseData: 'Choose your data',
    dropFile: 'Drop a CSV file here',
    dropOr: 'or',
    chooseFile: 'choose a file',
    pasteTable: 'You can also paste cells copied from a spreadsheet.',
    oneFileAtATime: (count, name) =>
      `Only one file is analysed at a time: of the ${count} files dropped, ${name} is the one read. ` +
      'To analyse another, drop or choose it on its own.',
    oneFilePasted: (count, name) =>
      `Only one file is analysed at a time: of the ${count} files pasted, ${name} is the one read. ` +
      'To analyse another, paste, drop or choose it on its own.',
    asOfLabel: 'As of',
    sampleButton: 'Try sample data',
    addSurveys: 'Add survey answers',
    surveysOptional: '(optional: NPS, CSAT, CES)',
    removeSurveys: 'Remove surveys',
    surveyColumns: 'Which columns of the survey file hold the answers, and on what scale?',
    surveyColumnNone: '(automatic)',
    surveySettings: 'How the survey is read',
    surveyScale: 'Scale',
    surveyReversed: 'Numbers run from best to worst',
    surveyMissingCodes: 'Answers that mean no answer, such as -99 or skipped (separated by commas)',
    surveyChoicesNamed: 'the choices under “Which columns of the survey file hold the answers, and on what scale?”',
    surveyChosenFor: (question) => `chosen for ${question}`,
    surveyScaleNamed: (question) =>
      `the ${question} scale under “Which columns of the survey file hold the answers, and on what scale?”`,
    inputHint:
      'The file needs columns for the customer id, the date and the amount (or quantity and unit price); ' +
      'an order id column is optional. Before the analysis, a preview shows how the file will be read and ' +
      'lets you change it. “As of” is the last day counted; left empty, it ' +
      'is the latest date in the file. A survey file (customer id, date, NPS 0–10, CSAT 1–5, CES 1–7, ' +
      'comments: any of them) is read beside it, or on its own.',
    cancel: 'Cancel',
    progressLabel: 'Progress of the analysis',
    // The column-mapping preview (www/mapping.js).
    mappingTitle: 'How the file will be read:',
    mappingHint:
      'Check what was detected from the start of the file and the role of each column; change anything ' +
      'that is wrong, then analyse.',
    mappingEncoding: 'Encoding',
    mappingDelimiter: 'Delimiter',
    mappingHeader: 'First row is a header',
    mappingDateFormat: 'Date format',
    mappingAnalyse: 'Analyse',
    'mapping.detected': (value) => `Detected: ${value}`,
    'mapping.yes': 'yes',
    'mapping.no': 'no',
    'mapping.headerOnLine': (line) => `yes, on line ${line}; the lines above it are skipped`,
    'mapping.unknown': 'not known yet',
    'mapping.asciiSoFar': (encoding) => `${encoding} (ASCII so far: the first other characters further on decide)`,
    'mapping.notUsed': 'not used',
    'mapping.roleOf': (name) => `Role of column ${name}`,
    'mapping.problem': (message) => `With these choices the analysis would stop: ${message}`,
    'mapping.source.option': 'your choice',
    'mapping.source.detected': 'detected',
    'mapping.source.assumed': 'assumed',
    'mapping.dateFormatFound': (format, source, ambiguous) =>
      `${format} (${source}; ${ambiguous} ambiguous ${plural(ambiguous, 'value', 'values')} in the rows read)`,
    'mapping.kind.transactions': 'transactions (one row per purchase)',
    'mapping.kind.customers': 'customer file (one row per customer)',
    'mapping.rowsFound': (rows, skipped) => `${rows} in the first 64 KiB, ${skipped} of them would be skipped`,
    // Rows are read only once every needed column has a role.
    'mapping.rowsOnceMapped': 'counted once the needed columns are chosen',
    'mapping.rowsNotCounted': 'not counted: with these choices the analysis would stop (see above)',
    // A needed column that no column is read as, chosen in the preview's table; an amount can
    // come from quantity × unit price, a last purchase from the recency in days.
    'mapping.missingRole': (role) =>
      `no column is read as the ${role}; in the table below, choose “${role}” as the role of the column that holds it`,
    'mapping.missingRole.amount': (amount, quantity, price) =>
      `no column is read as the ${amount}; in the table below, choose “${amount}” as the role of the column that ` +
      `holds it, or “${quantity}” and “${price}” for the two columns that hold those`,
    'mapping.missingRole.lastPurchase': (lastPurchase, recency) =>
      `no column is read as the ${lastPurchase}; in the table below, choose “${lastPurchase}” as the role of the ` +
      `column that holds it, or “${recency}” for a column of days since the last purchase, with “As of” set to ` +
      'the day they were counted to',
    // Beside the preview's Analyse while the analysis would stop.
    'mapping.blocked': (what) => `Not ready to analyse: ${what}`,
    'mapping.chooseRole': (role) => `choose “${role}” as the role of a column in the table above`,
    'mapping.putRight': 'first put right the problem told above',
    'mapping.field.encoding': 'Encoding',
    'mapping.field.delimiter': 'Delimiter',
    'mapping.field.header': 'Header row',
    'mapping.field.dateFormat': 'Date format',
    'mapping.field.kind': 'File kind',
    'mapping.field.rows': 'Rows',
    sampleName: 'sample-transactions.csv (sample data)',
    // The name of a file that has none (a Blob).
    unnamedFile: 'the file',
    fileWithSurveys: (file, surveys) => `${file} with ${surveys}`,
    reading: (name) => `Reading ${name}…`,
    readingProgress: (name, done, total, rows, rate) =>
      `Reading ${name}: ${done} of ${total} MB, ${rows} ${plural(rows, 'row', 'rows')}${rate ? ` (${rate} rows/s)` : ''}`,
    analysingProgress: (name, rows) =>
      `Analysing ${name}: ${rows} ${plural(rows, 'row', 'rows')} read; scoring, clustering and fitting the lifetime-value models…`,
    stoppedReading: (name) => `Stopped reading ${name}.`,
    couldNotRead: (name, message) => `Could not read ${name}: ${message}`,
    unknownCurrency: (given, name) => `${given} is not an ISO 4217 currency code (such as USD or CNY): amounts are shown in ${name}`,
    couldNotAnalyse: (name, message) => `Could not analyse ${name}: ${message}`,
    // For an error with its message in English only (the core's come in every language, as
    // `messages`), other languages add a summary by its code.
    explainedError: (summary, message) => message,
    'error.emptyInput': 'the file has no data rows',
    'error.notText': 'the file is not a text (CSV) file',
    'error.missingColumn': 'a needed column was not found',
    'error.unknownColumn': 'a column named in the options is not in the file',
    'error.sharedColumn': 'one column is taken for two roles',
    'error.noUsableRows': 'no row could be used',
    'error.invalidOptions': 'an option has a value that cannot be used',
    'error.asOfNeeded': 'the customers’ recency in days needs an “as of” date',
    'error.asOfBeforeData': 'the “as of” date is before the first date in the file',
    'error.invalidRecord': 'a customer record is not valid',
    engineFailed: (message) =>
      `The analysis engine failed to load or stopped (${message}). Reload the page and try again.`,
    couldNotExport: (file, message) => `Could not make ${file}: ${message}`,
    transactionsFile: 'Transactions file',
    labelled: (label, value) => `${label}: ${value}`,
    listSeparator: ', ',
    fullStop: '.',

    // The report's sections.
    themeLabel: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    settingsTitle: 'Settings',
    scoreLevelsLabel: 'Score levels',
    horizonLabel: 'Lifetime value horizon (months)',
    discountLabel: 'Monthly discount rate (%)',
    clustersLabel: 'Clusters',
    clustersAuto: 'chosen by silhouette',
    settingsReset: 'Back to the defaults',
    settingOutOfRange: (label, min, max, whole) =>
      `${label}: enter ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}. The report shown is still that of the settings before.`,
    // The definitions section: each term, and what it means here.
    definitionsTitle: 'How the figures are defined',
    'term.asOf': 'As of',
    'def.asOf': (date) =>
      `The last day counted, ${date}. Rows after it are counted in the input summary but not scored.`,
    'term.occasion': 'Purchase occasion',
    'def.occasion':
      'A distinct order id when the file has an order column, otherwise a distinct day of the customer. A row with a negative amount is a return: it lowers the money value and is never an occasion.',
    'term.recency': 'Recency (two meanings)',
    'def.recency':
      'In RFM, the days from the last purchase occasion to “as of” (0 = bought that day). In the lifetime-value model (BG/NBD), “recency” means something else: the time from the first to the last purchase day. The tables show the RFM meaning.',
    'term.frequency': 'Frequency',
    'def.frequency':
      'In RFM, the purchase occasions up to “as of”. The lifetime-value model counts repeat purchase days instead: distinct purchase days minus one.',
    'term.monetary': 'Monetary value',
    'def.monetary': 'Net revenue up to “as of”: purchases minus returns.',
    'term.grossProfit': 'Gross profit',
    'def.grossProfit':
      'Net revenue less what it cost you (a return’s cost comes back), for a customer every one of whose rows up to “as of” has a cost; otherwise not known (–).',
    'term.grossMargin': 'Gross margin',
    'def.grossMargin':
      'Gross profit ÷ net revenue, where net revenue is positive; for a segment or a tier, over its customers with a gross profit.',
    'term.tiers': 'Value tiers',
    'def.tiers':
      'Customers ranked by value: the top share are VIP (high value), the next Key (medium), the rest Ordinary (low); the Pareto view shows how much revenue the best 20% bring.',
    'term.pAlive': 'P(alive)',
    'def.pAlive':
      'The chance, from the BG/NBD model, that the customer still buys from you; 1 for a customer with no repeat purchase yet, since the model lets customers leave only right after a purchase.',
    'term.clv': 'Predicted lifetime value',
    'def.clv': (months, monthly, annual) =>
      `Expected purchases (BG/NBD) × expected spend per purchase (Gamma-Gamma) × margin over the next ${months} ${plural(months, 'month', 'months')}, each month (365.25 / 12 = 30.4375 days) discounted at ${monthly} a month, which is ${annual} a year.`,
    'term.nps': 'NPS, CSAT, CES',
    // The survey's questions, each on the scale it was read on, joined by clauseSeparator.
    'def.nps': (questions) => `${questions}. Each comes with its 95% interval.`,
    'def.npsPart': (promoters, detractors, scale) =>
      `NPS is the share of promoters (${promoters}) minus the share of detractors (${detractors}) on the ${scale} scale, from −100 to 100`,
    'def.csatPart': (satisfied, scale) => `CSAT is the share answering ${satisfied} on the ${scale} scale`,
    'def.cesPart': (scale) => `CES is the mean effort score on the ${scale} scale, higher meaning less effort`,
    clauseSeparator: '; ',
    summaryTitle: 'Input',
    segmentsTitle: 'Segments',
    valueTitle: 'Value',
    attributesTitle: 'By region, channel, category, customer type and discount',
    'attribute-region': 'Region',
    'attribute-channel': 'Sales channel',
    'attribute-category': 'Product category',
    'attribute-customerType': 'Customer type',
    'attribute-discount': 'Discount',
    'discount.discounted': 'Discounted',
    'discount.fullPrice': 'Full price',
    priceSensitiveNote:
      'A customer counted under Discounted bought most of their net revenue on discount: the price-sensitive customers (价格敏感型). Keep discounts for them, targeted, rather than for everyone: the customers at full price buy without one. A row is discounted when its discount is anything but blank, zero or none.',
    attributeColumn: (attribute, column) => `${attribute} (column “${column}”); customers are counted under their main value, the one that brought them the most net revenue`,
    rows: 'Rows',
    blankValue: '(blank)',
    recommendationsTitle: 'What to do',
    satisfactionTitle: 'Satisfaction',
    customersTitle: 'Customers',
    downloadsTitle: 'Downloads',

    // The input summary.
    file: 'File',
    customers: 'Customers',
    rowsRead: 'Rows read',
    rowsUsed: 'Rows used',
    rowsAfterAsOf: 'Rows after “as of”',
    rowsSkipped: 'Rows skipped',
    dateRange: 'Dates used',
    asOf: 'As of',
    netRevenue: 'Net revenue',
    grossMargin: 'Gross margin (rows with a cost)',
    unattributedRevenue: 'Revenue without a customer id',
    unattributedRows: (rows) => `(${rows} ${plural(rows, 'row', 'rows')})`,
    dateFormat: 'Date format',
    // YYYY-MM-DD stands for every form that reads one way only, the month in words too.
    dateFormatName: (format) => (format === 'YYYY-MM-DD' ? 'YYYY-MM-DD or 5 Mar 2024' : format),
    decimalSeparator: 'Decimal separator',
    'decimal.comma': 'comma (1.234,50)',
    'decimal.point': 'point (1,234.50)',
    formatChoiceNote: (source, ambiguous) =>
      `(${source}; ${ambiguous} ambiguous ${plural(ambiguous, 'value', 'values')} in the rows read)`,
    encoding: 'Encoding',
    delimiter: 'Delimiter',
    columns: 'Columns used',
    returnOnlyCustomers: 'Customers with only returns (not scored)',
    'column.customer': 'customer id',
    'column.date': 'date',
    'column.amount': 'amount',
    'column.quantity': 'quantity',
    'column.price': 'unit price',
    'column.order': 'order id',
    'column.cost': 'cost',
    'column.profit': 'gross profit',
    'column.status': 'order status',
    'column.refund': 'refunded amount',
    'column.paymentType': 'payment type',
    'column.payee': 'refunds to',
    'column.currency': 'currency',
    'column.region': 'region',
    'column.channel': 'sales channel',
    'column.category': 'product category',
    'column.customerType': 'customer type',
    'column.discount': 'discount',
    'column.lastPurchase': 'last purchase',
    'column.recency': 'recency (days)',
    'column.firstPurchase': 'first purchase',
    'column.frequency': 'frequency',
    'column.monetary': 'monetary',
    'column.purchaseDays': 'purchase days',
    'column.repeatMonetary': 'repeat monetary',
    noOrderId: 'no order id (one purchase occasion per customer per day)',
    'delimiter.,': 'comma',
    'delimiter.;': 'semicolon',
    'delimiter.\t': 'tab',
    'delimiter.|': 'pipe',
    'delimiter.whitespace': 'spaces (aligned columns)',
    noRowsSkipped: 'No rows were skipped.',
    skippedRows: 'Skipped rows',
    alteredRows: 'Rows used, read otherwise than written',
    duplicateRows: 'Rows repeating an earlier row exactly (kept)',
    rowsWithAdvice: (count, advice) => `${count} ${plural(count, 'row', 'rows')}: ${advice}`,
    firstListed: (count) => `The first ${count} are listed.`,

    // Segments and value.
    segment: 'Segment',
    shareOfCustomers: 'Share of customers',
    revenue: 'Revenue',
    shareOfRevenue: 'Share of revenue',
    averageOrderValue: 'Average order value',
    medianRecency: 'Median recency (days)',
    medianFrequency: 'Median frequency',
    medianMonetary: 'Median monetary',
    scoreNotes: 'Notes on the scores',
    tier: 'Tier',
    value: 'Value',
    shareOfValue: 'Share of value',
    chartsTitle: 'Charts',
    noPareto: 'Total net revenue is not positive, so there is no Pareto view of who brings it.',
    'tier.high': 'VIP',
    'tier.medium': 'Key',
    'tier.low': 'Ordinary',

    // The customer table.
    customer: 'Customer',
    firstPurchase: 'First purchase',
    lastPurchase: 'Last purchase',
    recencyDays: 'Recency (days)',
    frequency: 'Frequency',
    monetary: 'Monetary',
    rfmCell: 'RFM',
    npsAnswer: 'NPS answer',
    lifetimeTitle: 'Lifetime value and churn',
    clvHeadline: (total, months) =>
      `Predicted lifetime value of every customer together over the next ${months} ${plural(months, 'month', 'months')}: ${total}.`,
    stagesTitle: 'Customers by lifecycle stage',
    earlyWarningTitle: (count) => `Early warning: ${count} valuable ${plural(count, 'customer', 'customers')} in decline`,
    earlyWarningShown: (shown) => `, the first ${shown} by revenue at risk`,
    moreWarnings: (next, left) => (next === left ? `Show the other ${left}` : `Show ${next} more (${left} not shown yet)`),
    revenueAtRisk: 'Revenue at risk',
    earlyWarningNote:
      'Revenue at risk = (1 − P(alive)) × value so far (net revenue): what the customer brought, times the chance they have left. Without a dropout model (P(alive) 1 for everyone), all of it.',
    noEarlyWarning: 'No high- or medium-value customer is in decline.',
    valueSoFar: 'Value so far',
    clusterColumn: 'Cluster',
    lifecycleColumn: 'Stage',
    pAliveColumn: 'P(alive)',
    clvColumn: 'CLV',
    grossProfitColumn: 'Gross profit',
    grossMarginColumn: 'Gross margin',
    groupProfitNote: (counted, customers) =>
      `Gross profit and margin count only the customers whose every row up to “as of” has a cost: ${counted} of ${customers}.`,
    rowsProfitNote: (counted, rows) => `Gross profit and margin count only the rows with a cost: ${counted} of ${rows}.`,
    'stage.new': 'New',
    'stage.growing': 'Growing',
    'stage.mature': 'Mature',
    'stage.declining': 'Declining',
    'stage.lost': 'Lost',
    allStages: 'All stages',
    tableFailed: (message) => `The customer table could not be shown: ${message}`,
    showingCustomers: (first, last, total) =>
      `Showing ${first}–${last} of ${total} ${plural(total, 'customer', 'customers')}`,
    previousPage: 'Previous',
    nextPage: 'Next',
    customerCount: (count) => `${count} ${plural(count, 'customer', 'customers')}`,
    // Follows the count of matching customers.
    matchingOf: (total) => ` (${total} in all)`,
    searchCustomers: 'Search customer ids',
    allSegments: 'All segments',
    allTiers: 'All tiers',
    allClusters: 'All clusters',
    printedCustomers: (printed, total) =>
      `The printed report lists the first ${printed} of these ${total} customers, in the order shown; ` +
      'the customers download has them all.',

    // What to do.
    'basis.predictedClv': 'predicted lifetime value',
    'basis.netRevenue': 'net revenue to date',
    valueBasis: (basis) =>
      `Money is valued at ${basis}. Each customer's next best action is in the customers download.`,
    'lens.rfm': 'Segment',
    'lens.tier': 'Tier',
    'lens.satisfaction': 'NPS group',
    'lens.lifecycle': 'Lifecycle stage',
    group: 'Group',
    // Of the plays and the call list: the value the customers are valued at (valueBasis),
    // times the chance they have left; not the early warning's revenue at risk.
    'atRisk.predictedClv': 'Lifetime value at risk',
    'atRisk.predictedClv.note':
      'Lifetime value at risk = predicted lifetime value × (1 − P(alive)), all of it where P(alive) is not known; among the plays, for the groups at risk.',
    'atRisk.netRevenue': 'Revenue at risk',
    'atRisk.netRevenue.note':
      'Revenue at risk = net revenue to date × (1 − P(alive)), all of it where P(alive) is not known; among the plays, for the groups at risk.',
    goalAndActions: 'Goal and actions',
    channel: 'Channel',
    callThisWeek: (count) => `Call this week (${count})`,
    nobodyUrgent: 'Nobody urgent: no detractor and no valuable customer at risk.',
    rank: 'Rank',
    why: 'Why',
    action: 'Action',

    // Satisfaction.
    surveyRowsUsed: (used, read) => `${used} of ${read} survey rows used`,
    matchedToCustomers: (count) => `, ${count} of them matched to customers in the transactions`,
    answersOutsideScale: 'Answers outside the scale (left out)',
    smallSample: 'Fewer than 30 answers: read with care.',
    columnScale: (column, scale) => `Column “${column}”, scale ${scale}.`,
    scaleReversed: (scale) => `The file's numbers ran from best to worst and were turned around (on ${scale}, min + max − n).`,
    answersLeftOut: (count) =>
      `${count} blank, missing or invalid ${plural(count, 'answer', 'answers')} left out.`,
    howComputed: 'How it is computed',
    noAnswers: 'No answers.',
    nps: 'NPS',
    csat: 'CSAT',
    ces: 'CES',
    npsTitle: 'Net Promoter Score',
    csatTitle: 'Customer satisfaction (CSAT)',
    cesTitle: 'Customer effort (CES)',
    npsInterval: (low, high) => `95% interval ${low} to ${high}`,
    scoreWithin: (score, low, high) => `${score} (${low} to ${high})`,
    npsAnswers: (count, promoters, passives, detractors) =>
      `${count} ${plural(count, 'answer', 'answers')}: ${promoters} promoters, ${passives} passives, ${detractors} detractors`,
    scorePercent: (score) => `${score}%`,
    csatInterval: (low, high) => `95% interval ${low}–${high}%`,
    csatAnswers: (satisfied, count, range, mean) =>
      `${satisfied} of ${count} answered ${range}; mean ${mean}`,
    cesMean: (mean) => `mean ${mean}`,
    cesMargin: (margin) => `± ${margin} (95%)`,
    cesAnswers: (count, share, range) => `${count} ${plural(count, 'answer', 'answers')}, ${share}% answered ${range}`,
    tooFewAnswers: (count) => `too few answers (${count})`,
    byDimension: (dimension) => `By ${dimension}`,
    'dimension.segment': 'segment',
    'dimension.tier': 'tier',
    'dimension.cluster': 'cluster',
    'dimension.lifecycle': 'lifecycle stage',
    'dimension.region': 'main region',
    'dimension.channel': 'main sales channel',
    'dimension.category': 'main product category',
    'dimension.customerType': 'main customer type',
    'dimension.discount': 'price sensitivity (discounted or full price)',
    'dimension.month': 'month',
    'dimension.quarter': 'quarter',
    'dimension.year': 'year',
    answers: 'Answers',
    groupMinimum: (minimum) => `Groups with fewer than ${minimum} ${plural(minimum, 'answer', 'answers')} show no figure.`,
    period: 'Period',
    npsChange: 'NPS (change)',
    csatChange: 'CSAT % (change)',
    cesChange: 'CES (change)',
    quarter: (year, quarter) => `Q${quarter} ${year}`,
    year: (year) => year,
    trendNote: (formula) => `Bold: a change larger than its margin of error. ${formula}`,
    answered: 'Answered',
    listTitle: (title, count) => `${title} (${count})`,
    nobody: 'Nobody.',
    rescueFirst: 'High-value detractors: rescue first',
    askForReferral: 'Promoters who buy rarely: ask for a referral',
    commentsTitle: 'What the comments say',
    'npsGroup.promoter': 'Promoters',
    'npsGroup.passive': 'Passives',
    'npsGroup.detractor': 'Detractors',
    withoutNps: 'Without an NPS answer',
    commentCount: (group, count) => `${group}: ${count} ${plural(count, 'comment', 'comments')}`,
    words: (terms) => `Words: ${terms}`,
    phrases: (terms) => `Phrases: ${terms}`,

    // Retention (report.retention).
    retentionTitle: 'Retention and repeat purchases',
    repeatHeadline: (rate, repeat, customers) =>
      `${rate} of customers bought more than once (${repeat} of ${customers}).`,
    retentionHeadline: (before, rate, period) => `Of the customers who bought in ${before}, ${rate} bought again in ${period}.`,
    // No period of the chosen length is both complete and after one with customers.
    noRetention: (unit) => `No retention figure by ${unit} yet: it needs a complete ${unit} after a ${unit} with customers.`,
    retentionPeriods: 'Show by',
    'length.month': 'Month',
    'length.quarter': 'Quarter',
    'length.year': 'Year',
    activeCustomers: 'Customers who bought',
    newCustomers: 'New',
    retainedCustomers: 'Retained',
    retentionRate: 'Retention rate',
    partialPeriod: (day) => `(so far, to ${day})`,
    retentionNote: (formula) =>
      `${formula} New: first purchase in the period. A period “so far” ends at “as of”: its figures may still rise.`,

    // Downloads.
    downloadsIntro:
      'The files are made in this browser, UTF-8 CSV that Excel opens as it is. The ones with customer ids ' +
      'can carry salted codes instead; the aggregates never have ids.',
    'download.customersCsv': 'Customers (CSV)',
    'download.segmentsCsv': 'Segment summary (CSV)',
    'download.callListCsv': 'Call list (CSV)',
    'download.aggregatesCsv': 'Aggregates only (CSV)',
    'download.attributesCsv': 'Region, channel, category, customer type and discount (CSV)',
    minGroupSize: 'Leave out groups of fewer than',
    minGroupSizeUnit: 'customers (aggregates only)',
    minGroupSizeInvalid: (label, unit) => `“${label} … ${unit}”: enter a whole number of at least 1`,
    saltTooShort: (fewest) => `the salt needs at least ${fewest} characters, so that guessed ids cannot be checked against the codes`,
    hashIds: 'Replace customer ids with salted hashes',
    salt: 'Salt (keep it to match codes across files; the same salt gives the same codes)',
  },
  'zh-CN': {
    pageTitle: 'custval：在浏览器中分析客户价值',
    tagline: '根据您自己的交易与问卷数据，评估每位客户的价值：RFM 分群、价值分层、客户终身价值、流失预警、NPS，以及每个分群的行动建议。',
    // 列映射预览（www/mapping.js）。
    mappingTitle: '文件的读取方式：',
    mappingHint: '请检查从文件开头识别出的设置和每一列的用途；如有不对请修改，然后开始分析。',
    mappingEncoding: '编码',
    mappingDelimiter: '分隔符',
    mappingHeader: '首行为表头',
    mappingDateFormat: '日期格式',
    mappingAnalyse: '开始分析',
    'mapping.detected': (value) => `自动识别：${value}`,
    'mapping.yes': '是',
    'mapping.no': '否',
    'mapping.headerOnLine': (line) => `是，在第 ${line} 行；其上方的行将被跳过`,
    'mapping.unknown': '尚无法确定',
    'mapping.asciiSoFar': (encoding) => `${encoding}（目前均为 ASCII：由后文第一个非 ASCII 字符决定）`,
    'mapping.notUsed': '不使用',
    'mapping.roleOf': (name) => `列 ${name} 的用途`,
    'mapping.problem': (message) => `按当前设置，分析将无法进行：${message}`,
    'mapping.source.option': '您的选择',
    'mapping.source.detected': '自动识别',
    'mapping.source.assumed': '推定',
    'mapping.dateFormatFound': (format, source, ambiguous) =>
      `${format}（${source}；已读取的行中有 ${ambiguous} 个值有歧义）`,
    'mapping.kind.transactions': '交易明细（每行一笔购买）',
    'mapping.kind.customers': '客户汇总（每行一位客户）',
    'mapping.rowsFound': (rows, skipped) => `前 64 KiB 中有 ${rows} 行，其中 ${skipped} 行将被跳过`,
    'mapping.rowsOnceMapped': '选好所需的列后才会计数',
    'mapping.rowsNotCounted': '未计数：按当前设置，分析将无法进行（见上文）',
    'mapping.missingRole': (role) => `没有一列被读作${role}；请在下表中，把存放${role}的那一列的用途选为“${role}”`,
    'mapping.missingRole.amount': (amount, quantity, price) =>
      `没有一列被读作${amount}；请在下表中，把存放${amount}的那一列的用途选为“${amount}”，` +
      `或者把存放数量和单价的两列分别选为“${quantity}”和“${price}”`,
    'mapping.missingRole.lastPurchase': (lastPurchase, recency) =>
      `没有一列被读作${lastPurchase}；请在下表中，把存放${lastPurchase}的那一列的用途选为“${lastPurchase}”，` +
      `或者把存放距最近一次购买天数的那一列选为“${recency}”，并将“截至日期”设为计算这些天数所依据的日期`,
    'mapping.blocked': (what) => `尚不能分析：${what}`,
    'mapping.chooseRole': (role) => `请在上表中把一列的用途选为“${role}”`,
    'mapping.putRight': '请先解决上方所说的问题',
    'mapping.field.encoding': '编码',
    'mapping.field.delimiter': '分隔符',
    'mapping.field.header': '表头行',
    'mapping.field.dateFormat': '日期格式',
    'mapping.field.kind': '文件类型',
    'mapping.field.rows': '行数',
    privacy: '您的数据只留在本浏览器中：文件在本地读取，从不上传。',
    languageLabel: '语言',
    currencyLabel: '货币',
    print: '打印 / 存为 PDF',
    chooseData: '选择数据',
    dropFile: '将 CSV 文件拖放到这里',
    dropOr: '或',
    chooseFile: '选择文件',
    pasteTable: '也可以粘贴从电子表格复制的单元格。',
    oneFileAtATime: (count, name) =>
      `一次只分析一个文件：拖放的 ${count} 个文件中，读取的是 ${name}。要分析其他文件，请单独拖放或选择它。`,
    oneFilePasted: (count, name) =>
      `一次只分析一个文件：粘贴的 ${count} 个文件中，读取的是 ${name}。要分析其他文件，请单独粘贴、拖放或选择它。`,
    asOfLabel: '截至日期',
    sampleButton: '试用示例数据',
    addSurveys: '添加调查问卷答复',
    surveysOptional: '（可选：NPS、CSAT、CES）',
    removeSurveys: '移除问卷',
    surveyColumns: '问卷文件的哪些列是回答？用的是什么量表？',
    surveyColumnNone: '（自动识别）',
    surveySettings: '问卷的读取方式',
    surveyScale: '量表',
    surveyReversed: '数字从好到差排列',
    surveyMissingCodes: '表示未作答的回答，如 -99 或“跳过”（用逗号分隔）',
    surveyChoicesNamed: '“问卷文件的哪些列是回答？用的是什么量表？”中的选项',
    surveyChosenFor: (question) => `为 ${question} 选择的`,
    surveyScaleNamed: (question) => `“问卷文件的哪些列是回答？用的是什么量表？”中 ${question} 的量表`,
    inputHint:
      '文件需要包含客户编号、日期和金额（或数量与单价）列；订单号列可选。分析前会先预览文件的读取方式，可在预览中修改。“截至日期”是计入的最后一天，' +
      '留空则取文件中的最新日期。问卷文件（客户编号、日期、NPS 0–10、CSAT 1–5、CES 1–7、评论，有其中任意几列即可）' +
      '可与交易文件一起读取，也可单独读取。',
    cancel: '取消',
    progressLabel: '分析进度',
    sampleName: 'sample-transactions.csv（示例数据）',
    unnamedFile: '该文件',
    fileWithSurveys: (file, surveys) => `${file} 及 ${surveys}`,
    reading: (name) => `正在读取 ${name}…`,
    readingProgress: (name, done, total, rows, rate) =>
      `正在读取 ${name}：${done} / ${total} MB，${rows} 行${rate ? `（每秒 ${rate} 行）` : ''}`,
    analysingProgress: (name, rows) => `正在分析 ${name}：已读取 ${rows} 行；正在评分、聚类并拟合终身价值模型…`,
    stoppedReading: (name) => `已停止读取 ${name}。`,
    couldNotRead: (name, message) => `无法读取 ${name}：${message}`,
    unknownCurrency: (given, name) => `${given} 不是 ISO 4217 货币代码（如 USD、CNY）：金额以${name}显示`,
    couldNotAnalyse: (name, message) => `无法分析 ${name}：${message}`,
    explainedError: (summary, message) => `${summary}（详情：${message}）`,
    'error.emptyInput': '文件中没有数据行',
    'error.notText': '该文件不是文本（CSV）文件',
    'error.missingColumn': '未找到所需的列',
    'error.unknownColumn': '选项中指定的列不在文件中',
    'error.sharedColumn': '同一列被用作两种用途',
    'error.noUsableRows': '没有可用的数据行',
    'error.invalidOptions': '某个选项的值无法使用',
    'error.asOfNeeded': '以天数给出的最近购买需要“截至日期”',
    'error.asOfBeforeData': '“截至日期”早于文件中的最早日期',
    'error.invalidRecord': '某条客户记录无效',
    engineFailed: (message) => `分析引擎未能加载或已停止（${message}）。请刷新页面后重试。`,
    couldNotExport: (file, message) => `无法生成 ${file}：${message}`,
    transactionsFile: '交易文件',
    labelled: (label, value) => `${label}：${value}`,
    listSeparator: '、',
    fullStop: '。',

    themeLabel: '主题',
    themeLight: '浅色',
    themeDark: '深色',
    settingsTitle: '设置',
    scoreLevelsLabel: '评分等级数',
    horizonLabel: '终身价值预测期（月）',
    discountLabel: '月折现率（%）',
    clustersLabel: '聚类数',
    clustersAuto: '按轮廓系数自动选择',
    settingsReset: '恢复默认值',
    settingOutOfRange: (label, min, max, whole) =>
      `${label}：请输入 ${min} 到 ${max} 之间的${whole ? '整数' : '数'}。当前显示的仍是修改前设置的报告。`,
    definitionsTitle: '指标定义',
    'term.asOf': '截至日期',
    'def.asOf': (date) => `计入分析的最后一天，即 ${date}。此后的行在输入摘要中计数，但不参与评分。`,
    'term.occasion': '购买次数（购买场合）',
    'def.occasion':
      '文件有订单号列时，每个不同的订单号算一次；否则同一客户的每个不同日期算一次。金额为负的行是退货：它减少消费金额，但从不算作一次购买。',
    'term.recency': '最近购买（两种含义）',
    'def.recency':
      '在 RFM 中，指从最后一次购买到“截至日期”的天数（0 表示当天购买）。在客户终身价值模型（BG/NBD）中，“recency”另有含义：从首次购买日到最后一次购买日的时长。表格中使用的是 RFM 的含义。',
    'term.frequency': '购买频率',
    'def.frequency': '在 RFM 中，指截至日期前的购买次数。客户终身价值模型改用复购天数：不同购买日数减一。',
    'term.monetary': '消费金额',
    'def.monetary': '截至日期前的净收入：购买减去退货。',
    'term.grossProfit': '毛利',
    'def.grossProfit': '净收入减去其成本（退货的成本退回），仅当客户截至日期前的每一行都有成本时计算；否则未知（–）。',
    'term.grossMargin': '毛利率',
    'def.grossMargin': '毛利 ÷ 净收入（净收入为正时）；分群或层级的毛利率只计入有毛利的客户。',
    'term.tiers': '价值层级',
    'def.tiers':
      '按价值对客户排序：排名最前的一部分为 VIP（高价值），其次为重要客户（中价值），其余为普通客户（低价值）；帕累托视图显示前 20% 的客户带来多少收入。',
    'term.pAlive': '存活概率 P(alive)',
    'def.pAlive': 'BG/NBD 模型给出的客户仍在购买的概率；尚无复购的客户为 1，因为模型只允许客户在一次购买之后流失。',
    'term.clv': '预测客户终身价值',
    'def.clv': (months, monthly, annual) =>
      `未来 ${months} 个月的预期购买次数（BG/NBD）× 每次预期消费（Gamma-Gamma）× 毛利率，每个月（365.25 / 12 = 30.4375 天）按月折现率 ${monthly} 折现，相当于年折现率 ${annual}。`,
    'term.nps': 'NPS、CSAT、CES',
    'def.nps': (questions) => `${questions}。每项都附有 95% 区间。`,
    'def.npsPart': (promoters, detractors, scale) =>
      `NPS 为 ${scale} 分量表上推荐者（${promoters} 分）比例减去贬损者（${detractors} 分）比例，范围 −100 到 100`,
    'def.csatPart': (satisfied, scale) => `CSAT 为 ${scale} 分量表上回答 ${satisfied} 分的比例`,
    'def.cesPart': (scale) => `CES 为 ${scale} 分量表上的平均费力度，越高表示越省力`,
    clauseSeparator: '；',
    summaryTitle: '输入数据',
    segmentsTitle: '客户分群',
    valueTitle: '客户价值',
    attributesTitle: '按地区、渠道、品类、客户类型和优惠',
    'attribute-region': '地区',
    'attribute-channel': '销售渠道',
    'attribute-category': '商品品类',
    'attribute-customerType': '客户类型',
    'attribute-discount': '优惠',
    'discount.discounted': '有优惠',
    'discount.fullPrice': '原价',
    priceSensitiveNote: '计入“有优惠”的客户，其大部分净收入是在有优惠时购买的：即价格敏感型客户。优惠应定向给他们，而不是人人都给：原价购买的客户没有优惠也会购买。某行的优惠不为空、不为零也不是“无”时，即视为有优惠。',
    attributeColumn: (attribute, column) => `${attribute}（“${column}”列）；客户按其主要值计数，即为其带来最多净收入的值`,
    rows: '行数',
    blankValue: '（空白）',
    recommendationsTitle: '行动建议',
    satisfactionTitle: '满意度',
    customersTitle: '客户明细',
    downloadsTitle: '下载',

    file: '文件',
    customers: '客户数',
    rowsRead: '读取行数',
    rowsUsed: '使用行数',
    rowsAfterAsOf: '截至日期之后的行数',
    rowsSkipped: '跳过行数',
    dateRange: '使用的日期',
    asOf: '截至日期',
    netRevenue: '净收入',
    grossMargin: '毛利率（有成本的行）',
    unattributedRevenue: '无客户编号的收入',
    unattributedRows: (rows) => `（${rows} 行）`,
    dateFormat: '日期格式',
    dateFormatName: (format) => (format === 'YYYY-MM-DD' ? 'YYYY-MM-DD 或 2024年3月5日' : format),
    decimalSeparator: '小数点符号',
    'decimal.comma': '逗号（1.234,50）',
    'decimal.point': '句点（1,234.50）',
    formatChoiceNote: (source, ambiguous) => `（${source}；已读取的行中有 ${ambiguous} 个值有歧义）`,
    encoding: '编码',
    delimiter: '分隔符',
    columns: '使用的列',
    returnOnlyCustomers: '只有退货的客户（未评分）',
    'column.customer': '客户编号',
    'column.date': '日期',
    'column.amount': '金额',
    'column.quantity': '数量',
    'column.price': '单价',
    'column.order': '订单号',
    'column.cost': '成本',
    'column.profit': '毛利',
    'column.status': '订单状态',
    'column.refund': '退款金额',
    'column.paymentType': '款项类型',
    'column.payee': '退款收款方',
    'column.currency': '币种',
    'column.region': '地区',
    'column.channel': '销售渠道',
    'column.category': '商品品类',
    'column.customerType': '客户类型',
    'column.discount': '优惠',
    'column.lastPurchase': '最近购买日期',
    'column.recency': '最近购买天数',
    'column.firstPurchase': '首次购买日期',
    'column.frequency': '购买次数',
    'column.monetary': '消费金额',
    'column.purchaseDays': '购买天数',
    'column.repeatMonetary': '复购金额',
    noOrderId: '无订单号（同一客户同一天的购买计为一次）',
    'delimiter.,': '逗号',
    'delimiter.;': '分号',
    'delimiter.\t': '制表符',
    'delimiter.|': '竖线',
    'delimiter.whitespace': '空格（对齐的列）',
    noRowsSkipped: '没有跳过任何行。',
    skippedRows: '跳过的行',
    alteredRows: '已使用、但未按原样读取的行',
    duplicateRows: '与前面某行完全相同的行（已保留）',
    rowsWithAdvice: (count, advice) => `${count} 行：${advice}`,
    firstListed: (count) => `仅列出前 ${count} 行。`,

    segment: '分群',
    shareOfCustomers: '客户占比',
    revenue: '收入',
    shareOfRevenue: '收入占比',
    // A zero-width space where a header may wrap: headers keep Chinese words whole (see
    // report.css), and these would otherwise hold the segments' table wide. The page shows it
    // as a <wbr>, so that copied text does not carry it.
    averageOrderValue: '平均订单\u200b金额',
    medianRecency: '最近购买中位数（天）',
    medianFrequency: '购买频次\u200b中位数',
    medianMonetary: '消费金额\u200b中位数',
    scoreNotes: '评分说明',
    tier: '价值层级',
    value: '价值',
    shareOfValue: '价值占比',
    chartsTitle: '图表',
    noPareto: '净收入总额不为正，因此无法给出收入来源的帕累托分析。',
    'tier.high': '高价值',
    'tier.medium': '中价值',
    'tier.low': '低价值',

    customer: '客户',
    firstPurchase: '首次购买',
    lastPurchase: '最近购买',
    recencyDays: '最近购买（天）',
    frequency: '频次',
    monetary: '金额',
    rfmCell: 'RFM',
    npsAnswer: 'NPS 答复',
    lifetimeTitle: '客户终身价值与流失预警',
    clvHeadline: (total, months) => `全部客户未来 ${months} 个月的预测终身价值合计：${total}。`,
    stagesTitle: '各生命周期阶段的客户',
    earlyWarningTitle: (count) => `流失预警：${count} 位处于衰退期的高价值或中价值客户`,
    earlyWarningShown: (shown) => `，按风险收入列出前 ${shown} 位`,
    moreWarnings: (next, left) => (next === left ? `显示其余 ${left} 位` : `再显示 ${next} 位（还有 ${left} 位未显示）`),
    revenueAtRisk: '风险收入',
    earlyWarningNote:
      '风险收入 =（1 − 存活概率）× 累计价值（净收入）：客户已带来的收入乘以其已流失的概率。没有流失模型时（所有人的存活概率均为 1），即全部累计价值。',
    noEarlyWarning: '没有处于衰退期的高价值或中价值客户。',
    valueSoFar: '累计价值',
    clusterColumn: '聚类',
    lifecycleColumn: '生命周期',
    pAliveColumn: '存活概率',
    clvColumn: '终身价值',
    grossProfitColumn: '毛利',
    grossMarginColumn: '毛利率',
    groupProfitNote: (counted, customers) => `毛利与毛利率只计入截至日期前每一行都有成本的客户：${customers} 位中的 ${counted} 位。`,
    rowsProfitNote: (counted, rows) => `毛利与毛利率只计入有成本的行：${rows} 行中的 ${counted} 行。`,
    'stage.new': '引入期',
    'stage.growing': '成长期',
    'stage.mature': '成熟期',
    'stage.declining': '衰退期',
    'stage.lost': '关系终止',
    allStages: '全部生命周期阶段',
    tableFailed: (message) => `无法显示客户表：${message}`,
    showingCustomers: (first, last, total) => `显示 ${total} 位客户中的第 ${first}–${last} 位`,
    previousPage: '上一页',
    nextPage: '下一页',
    customerCount: (count) => `${count} 位客户`,
    matchingOf: (total) => `（共 ${total} 位）`,
    searchCustomers: '搜索客户编号',
    allSegments: '全部分群',
    allTiers: '全部价值层级',
    allClusters: '全部聚类',
    printedCustomers: (printed, total) =>
      `打印版按当前排序只列出这 ${total} 位客户中的前 ${printed} 位；完整名单见客户明细下载文件。`,

    'basis.predictedClv': '预测客户终身价值',
    'basis.netRevenue': '迄今净收入',
    valueBasis: (basis) => `金额按${basis}计算。每位客户的下一步最佳行动见客户明细下载文件。`,
    'lens.rfm': '分群',
    'lens.tier': '价值层级',
    'lens.satisfaction': 'NPS 类别',
    'lens.lifecycle': '生命周期阶段',
    group: '群组',
    'atRisk.predictedClv': '风险终身价值',
    'atRisk.predictedClv.note': '风险终身价值 = 预测客户终身价值 ×（1 − 存活概率），存活概率未知时计全部价值；策略表中只对有流失风险的群组计算。',
    'atRisk.netRevenue': '风险收入',
    'atRisk.netRevenue.note': '风险收入 = 迄今净收入 ×（1 − 存活概率），存活概率未知时计全部收入；策略表中只对有流失风险的群组计算。',
    goalAndActions: '目标与行动',
    channel: '渠道',
    callThisWeek: (count) => `本周联系（${count}）`,
    nobodyUrgent: '暂无紧急对象：没有贬损者，也没有流失风险的高价值客户。',
    rank: '排名',
    why: '原因',
    action: '行动',

    surveyRowsUsed: (used, read) => `使用了 ${read} 行问卷中的 ${used} 行`,
    matchedToCustomers: (count) => `，其中 ${count} 行与交易中的客户匹配`,
    answersOutsideScale: '超出量表范围的答复（已排除）',
    smallSample: '答复少于 30 条：请谨慎解读。',
    columnScale: (column, scale) => `列“${column}”，量表 ${scale}。`,
    scaleReversed: (scale) => `文件中的数字从好到差排列，已按 ${scale} 量表反转（最小值 + 最大值 − 原值）。`,
    answersLeftOut: (count) => `已排除 ${count} 条空白、缺失或无效的答复。`,
    howComputed: '计算方法',
    noAnswers: '没有答复。',
    nps: 'NPS',
    csat: 'CSAT',
    ces: 'CES',
    npsTitle: '净推荐值（NPS）',
    csatTitle: '客户满意度（CSAT）',
    cesTitle: '客户费力度（CES）',
    npsInterval: (low, high) => `95% 区间 ${low} 至 ${high}`,
    scoreWithin: (score, low, high) => `${score}（${low} 至 ${high}）`,
    npsAnswers: (count, promoters, passives, detractors) =>
      `${count} 条答复：推荐者 ${promoters}，被动者 ${passives}，贬损者 ${detractors}`,
    scorePercent: (score) => `${score}%`,
    csatInterval: (low, high) => `95% 区间 ${low}–${high}%`,
    csatAnswers: (satisfied, count, range, mean) => `${count} 条中 ${satisfied} 条答 ${range}；平均 ${mean}`,
    cesMean: (mean) => `平均 ${mean}`,
    cesMargin: (margin) => `± ${margin}（95%）`,
    cesAnswers: (count, share, range) => `${count} 条答复，${share}% 答 ${range}`,
    tooFewAnswers: (count) => `答复过少（${count}）`,
    byDimension: (dimension) => `按${dimension}`,
    'dimension.segment': '分群',
    'dimension.tier': '价值层级',
    'dimension.cluster': '聚类',
    'dimension.lifecycle': '生命周期阶段',
    'dimension.region': '主要地区',
    'dimension.channel': '主要销售渠道',
    'dimension.category': '主要商品品类',
    'dimension.customerType': '主要客户类型',
    'dimension.discount': '价格敏感度（有优惠或原价）',
    'dimension.month': '月',
    'dimension.quarter': '季度',
    'dimension.year': '年',
    answers: '答复数',
    groupMinimum: (minimum) => `答复少于 ${minimum} 条的群组不显示数值。`,
    period: '时期',
    npsChange: 'NPS（变化）',
    csatChange: 'CSAT %（变化）',
    cesChange: 'CES（变化）',
    quarter: (year, quarter) => `${year}年第${quarter}季度`,
    year: (year) => `${year}年`,
    trendNote: (formula) => `粗体：变化超过其误差范围。${formula}`,
    answered: '答复日期',
    listTitle: (title, count) => `${title}（${count}）`,
    nobody: '无。',
    rescueFirst: '高价值贬损者：优先挽回',
    askForReferral: '很少购买的推荐者：请其推荐',
    commentsTitle: '评论说了什么',
    'npsGroup.promoter': '推荐者',
    'npsGroup.passive': '被动者',
    'npsGroup.detractor': '贬损者',
    withoutNps: '无 NPS 答复',
    commentCount: (group, count) => `${group}：${count} 条评论`,
    words: (terms) => `词语：${terms}`,
    phrases: (terms) => `短语：${terms}`,

    retentionTitle: '客户保留与复购',
    repeatHeadline: (rate, repeat, customers) => `复购率 ${rate}：${customers} 位客户中有 ${repeat} 位购买了不止一次。`,
    retentionHeadline: (before, rate, period) => `${before}购买的客户中，${rate} 在${period}再次购买。`,
    noRetention: (unit) => `按${unit}尚无保留率：需要一个完整的${unit}，且其上一${unit}有客户购买。`,
    retentionPeriods: '查看方式',
    'length.month': '按月',
    'length.quarter': '按季度',
    'length.year': '按年',
    activeCustomers: '购买客户数',
    newCustomers: '新客户',
    retainedCustomers: '保留客户',
    retentionRate: '保留率',
    partialPeriod: (day) => `（截至${day}）`,
    retentionNote: (formula) => `${formula}新客户：首次购买在该时期内。标注“截至”的时期止于截止日，其数字仍可能上升。`,

    downloadsIntro:
      '文件在本浏览器中生成，为 UTF-8 编码的 CSV，Excel 可直接打开。含客户编号的文件可改用加盐哈希编码；汇总文件从不含编号。',
    'download.customersCsv': '客户明细（CSV）',
    'download.segmentsCsv': '分群汇总（CSV）',
    'download.callListCsv': '联系名单（CSV）',
    'download.aggregatesCsv': '仅汇总数据（CSV）',
    'download.attributesCsv': '地区、渠道、品类、客户类型和优惠（CSV）',
    minGroupSize: '隐藏客户数少于',
    minGroupSizeUnit: '的群组（仅汇总数据）',
    minGroupSizeInvalid: (label, unit) => `“${label} … ${unit}”：请输入不小于 1 的整数`,
    saltTooShort: (fewest) => `盐值至少需要 ${fewest} 个字符，以免猜到的编号能与编码对照`,
    hashIds: '用加盐哈希替换客户编号',
    salt: '盐值（请保存：相同的盐值生成相同的编码，便于跨文件对照）',
  },
};

/** The supported language closest to the given BCP 47 tags (e.g. navigator.languages): any Chinese reads 简体中文. */
export function pickLanguage(tags) {
  for (const tag of tags) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** The currency shown by default in `lang`. */
export const defaultCurrency = (lang) => DEFAULT_CURRENCIES[lang];

/**
 * The texts and formats of `lang` ('en' or 'zh-CN') with money in `currency` (an ISO 4217 code;
 * by default the language's). Throws a RangeError for an unknown language or currency code.
 */
export function createLocale(lang, currency = defaultCurrency(lang)) {
  const messages = MESSAGES[lang];
  if (!messages)
    throw new RangeError(`unknown language ${lang}: use one of ${Object.keys(LANGUAGES).join(', ')}`);
  const numbers = (options) => new Intl.NumberFormat(lang, options).format;
  const fixed = (digits) => numbers({ minimumFractionDigits: digits, maximumFractionDigits: digits });
  const dates = (options) => new Intl.DateTimeFormat(lang, { timeZone: 'UTC', ...options }).format;
  const day = dates({ dateStyle: 'medium' });
  const month = dates({ year: 'numeric', month: 'short' });
  const utc = (year, month, day = 1) => new Date(Date.UTC(year, month - 1, day));
  /** The message `key`, given the (formatted) values it shows. */
  const t = (key, ...values) => {
    const message = messages[key];
    if (message === undefined) throw new RangeError(`no text ${key} in ${lang}`);
    return typeof message === 'function' ? message(...values) : message;
  };
  return {
    lang,
    currency,
    t,
    /** Whether there is a message `key` (for keys made from the report's values). */
    has: (key) => Object.hasOwn(messages, key),
    /** A text of the report ({ en, 'zh-CN' }) in this language. */
    text: (texts) => texts[lang],
    integer: numbers({ maximumFractionDigits: 0 }),
    money: numbers({ style: 'currency', currency }),
    // Shares are 0–1.
    percent: numbers({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    wholePercent: numbers({ style: 'percent', maximumFractionDigits: 0 }),
    oneDecimal: fixed(1),
    signed: numbers({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
    // Medians of an even number of customers fall halfway between two of them.
    median: numbers({ maximumFractionDigits: 1 }),
    /** An ISO date (YYYY-MM-DD) as this language writes it. */
    date(iso) {
      const [year, monthNumber, dayNumber] = iso.split('-').map(Number);
      return day(utc(year, monthNumber, dayNumber));
    },
    /** A period of the report: YYYY-MM, YYYY-Qn or YYYY. */
    period(period) {
      const [year, part] = period.split('-');
      if (part === undefined) return t('year', year);
      return part.startsWith('Q')
        ? t('quarter', year, part.slice(1))
        : month(utc(Number(year), Number(part)));
    },
    /** The currency's name in this language, e.g. "US Dollar" or "美元". */
    currencyName: (code) => new Intl.DisplayNames(lang, { type: 'currency' }).of(code),
    // Numeric collation sorts C2 before C10; it also orders ISO dates correctly.
    compare: new Intl.Collator(lang, { numeric: true }).compare,
  };
}

/** Fills the static texts under `root`: `data-i18n` keys give text, `data-i18n-label` keys aria-labels. */
export function translate(root, locale) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.replaceChildren(...withLineBreaks(locale.t(node.dataset.i18n), node.ownerDocument));
  }
  for (const node of root.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', locale.t(node.dataset.i18nLabel));
  }
}

/** `text` as nodes, each zero-width space in it a <wbr>: a place to wrap that copies as nothing. */
function withLineBreaks(text, document) {
  const nodes = [];
  for (const [index, part] of text.split('\u200b').entries()) {
    if (index > 0) nodes.push(document.createElement('wbr'));
    nodes.push(part);
  }
  return nodes;
}
