// The column-mapping preview: after a transactions file is chosen, the page shows what the core
// detected from its first bytes (the worker client's `preview`) and its first rows, lets the user
// change the encoding, delimiter, header, date format and each column's role, previews again
// with those choices, and analyses with exactly them. Nothing is detected here: every value shown
// comes from the core. Values from the file are written with textContent only.

// The roles offered per column, as named in the `columns` option: a transactions file's, then
// the roles only a customer file (one row per customer) has.
const TRANSACTION_ROLES = ['customer', 'date', 'amount', 'quantity', 'price', 'order', 'cost', 'profit', 'status', 'refund', 'currency', 'region', 'channel', 'category', 'customerType', 'discount'];
const CUSTOMER_FILE_ROLES = ['lastPurchase', 'recency', 'firstPurchase', 'frequency', 'monetary', 'purchaseDays', 'repeatMonetary'];
// The values the core's options accept (encoding labels, delimiter and date format names).
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gbk', 'gb18030', 'big5', 'shift_jis', 'euc-kr', 'windows-1252', 'windows-1251'];
// Delimiters by their option name and the name the core reports them by.
const DELIMITERS = [
  [',', ','],
  [';', ';'],
  ['tab', '\t'],
  ['|', '|'],
  ['whitespace', 'whitespace'],
];
const DATE_FORMATS = ['YYYY-MM-DD', 'D/M/YYYY', 'M/D/YYYY', 'D/M/YY', 'M/D/YY'];
// The roles that other columns can stand in for, as the core reads them: an amount from quantity
// and unit price, a last purchase from the recency in days. Their advice names these too.
const STAND_INS = { amount: ['quantity', 'price'], lastPurchase: ['recency'] };

/**
 * Whether the preview's `problem` stops the analysis of the whole file whatever its later rows
 * hold (`settled`): a column missing for a role is put right here, in the table or the reading
 * choices. A problem in the rows read so far (all returns, say) the rest of the file may settle:
 * the analysis is left to judge it.
 */
const stops = (problem) => problem?.settled === true;

/**
 * The preview in `root` (the `mapping` element of index.html). `preview(file, options)` asks the
 * core; `explain(error)` words a core error; `onAnalyse(file, readOptions)` runs the analysis;
 * `onError(file, error)` shows a file that cannot be previewed at all (a binary file).
 */
export function createMapping({ root, preview, explain, onAnalyse, onError, locale }) {
  const part = (id) => root.querySelector(`[data-testid="${id}"]`);
  const nodes = {
    fileName: part('mapping-file'),
    problem: part('mapping-problem'),
    unreadable: part('mapping-unreadable'),
    detected: part('mapping-detected'),
    encoding: part('mapping-encoding'),
    delimiter: part('mapping-delimiter'),
    header: part('mapping-header'),
    dateFormat: part('mapping-date-format'),
    table: part('mapping-table'),
    analyse: part('mapping-analyse'),
    blocked: part('mapping-blocked'),
  };
  let file = null;
  let choices = null;
  let shown = null;
  let runs = 0;

  /** The read options of the user's choices: only what they chose, the rest is detected. */
  function readOptions() {
    const { encoding, delimiter, header, dateFormat, columns } = choices;
    return {
      header,
      ...(encoding && { encoding }),
      ...(delimiter && { delimiter }),
      ...(dateFormat && { dateFormat }),
      ...(Object.keys(columns).length > 0 && { columns: { ...columns } }),
    };
  }

  async function refresh() {
    const run = ++runs;
    root.dataset.state = 'loading';
    nodes.analyse.disabled = true;
    try {
      const found = await preview(file, readOptions());
      if (run !== runs) return;
      shown = found;
      render();
      root.dataset.state = 'ready';
      nodes.analyse.disabled = stops(shown.problem);
    } catch (error) {
      if (run !== runs) return;
      root.hidden = true;
      onError(file, error);
    }
  }

  function render() {
    if (!shown) return;
    const t = locale().t;
    nodes.fileName.textContent = file.name;
    renderDetected(t);
    fillSelect(nodes.encoding, ENCODINGS.map((label) => [label, label]), choices.encoding, shown.encoding, t);
    fillSelect(
      nodes.delimiter,
      DELIMITERS.map(([option, name]) => [option, t(`delimiter.${name}`)]),
      choices.delimiter,
      t(`delimiter.${shown.delimiter}`),
      t,
    );
    nodes.header.replaceChildren(new Option(t('mapping.yes'), 'yes'), new Option(t('mapping.no'), 'no'));
    nodes.header.value = choices.header ? 'yes' : 'no';
    fillSelect(
      nodes.dateFormat,
      DATE_FORMATS.map((format) => [format, t('dateFormatName', format)]),
      choices.dateFormat,
      shown.dateFormat ? t('dateFormatName', shown.dateFormat.format) : t('mapping.unknown'),
      t,
    );
    renderTable(t);
    if (shown.problem) {
      nodes.problem.textContent = t('mapping.problem', problemAdvice(t));
      nodes.problem.dataset.code = shown.problem.code;
    }
    nodes.problem.hidden = !shown.problem;
    renderBlocked(t);
    // Characters the encoding cannot read: names and ids would come out wrong.
    nodes.unreadable.textContent = shown.unreadable ? locale().text(shown.unreadable.text) : '';
    nodes.unreadable.hidden = !shown.unreadable;
  }

  function renderDetected(t) {
    const { dateFormat } = shown;
    const facts = [
      ['encoding', shown.encodingSettled ? shown.encoding : t('mapping.asciiSoFar', shown.encoding)],
      ['delimiter', t(`delimiter.${shown.delimiter}`)],
      ['header', headerFact(t)],
      [
        'dateFormat',
        dateFormat
          ? t('mapping.dateFormatFound', t('dateFormatName', dateFormat.format), t(`mapping.source.${dateFormat.source}`), locale().integer(dateFormat.ambiguous))
          : t('mapping.unknown'),
      ],
      ['kind', t(shown.kind ? `mapping.kind.${shown.kind}` : 'mapping.unknown')],
      ['rows', rowsFact(t)],
    ];
    nodes.detected.replaceChildren(
      ...facts.map(([field, value]) => {
        const item = document.createElement('div');
        item.dataset.field = field;
        const term = document.createElement('dt');
        term.textContent = t(`mapping.field.${field}`);
        const description = document.createElement('dd');
        description.textContent = value;
        item.append(term, description);
        return item;
      }),
    );
  }

  // A header below line 1 has lines above it, such as a report's title, that the core skips.
  function headerFact(t) {
    if (!shown.header) return t('mapping.no');
    return shown.headerLine > 1 ? t('mapping.headerOnLine', String(shown.headerLine)) : t('mapping.yes');
  }

  const skippedRows = () => shown.skipped.reduce((sum, group) => sum + group.count, 0);

  // The core counts rows only when it can read them: a problem with the columns stops it
  // before any. Rows read without one usable (noUsableRows) are counted, with their reasons.
  function rowsFact(t) {
    if (shown.problem?.role) return t('mapping.rowsOnceMapped');
    if (shown.problem && shown.problem.code !== 'noUsableRows') return t('mapping.rowsNotCounted');
    const { integer } = locale();
    return t('mapping.rowsFound', integer(shown.rowsRead), integer(skippedRows()));
  }

  // A column missing for a role is chosen in the table here rather than renamed in the file, as
  // the core's message would have it; the core's hint on the header row (another delimiter,
  // another encoding, a first row of data) still holds.
  function problemAdvice(t) {
    const { role, hint } = shown.problem;
    if (!role) return explain(shown.problem);
    const labels = [role, ...(STAND_INS[role] ?? [])].map((key) => t(`column.${key}`));
    const advice = role in STAND_INS ? t(`mapping.missingRole.${role}`, ...labels) : t('mapping.missingRole', ...labels);
    return hint ? advice + locale().text(hint) : advice;
  }

  // Beside the disabled Analyse, what to do first: the problem itself is told above the table.
  function renderBlocked(t) {
    const blocked = stops(shown.problem);
    nodes.blocked.hidden = !blocked;
    if (!blocked) return;
    const { role } = shown.problem;
    nodes.blocked.textContent = t('mapping.blocked', role ? t('mapping.chooseRole', t(`column.${role}`)) : t('mapping.putRight'));
  }

  function renderTable(t) {
    const names = document.createElement('tr');
    const roles = document.createElement('tr');
    shown.columns.forEach((column, index) => {
      const name = document.createElement('th');
      name.scope = 'col';
      name.textContent = column.name;
      names.append(name);
      const cell = document.createElement('td');
      cell.append(roleSelect(column, index, t));
      roles.append(cell);
    });
    const head = document.createElement('thead');
    head.append(names, roles);
    const body = document.createElement('tbody');
    for (const row of shown.rows) {
      const line = document.createElement('tr');
      for (const value of row) {
        const cell = document.createElement('td');
        cell.textContent = value;
        line.append(cell);
      }
      body.append(line);
    }
    nodes.table.replaceChildren(head, body);
  }

  function roleSelect(column, index, t) {
    const select = document.createElement('select');
    select.dataset.testid = 'mapping-role';
    select.dataset.column = String(index + 1);
    select.setAttribute('aria-label', t('mapping.roleOf', column.name));
    const group = (label, roles) => {
      const options = document.createElement('optgroup');
      options.label = label;
      options.append(...roles.map((role) => new Option(t(`column.${role}`), role)));
      return options;
    };
    select.append(
      new Option(t('mapping.notUsed'), ''),
      group(t('mapping.kind.transactions'), TRANSACTION_ROLES),
      group(t('mapping.kind.customers'), CUSTOMER_FILE_ROLES),
    );
    select.value = column.role ?? '';
    select.addEventListener('change', () => setRole(index + 1, select.value));
    return select;
  }

  /**
   * Gives column `position` (1-based) the role `role` ('' for none): every role shown becomes
   * the user's choice, by position, so the preview and the analysis read the same columns. A
   * role taken off a column stays off (`false`), or the header would give it back.
   */
  function setRole(position, role) {
    const columns = Object.fromEntries(Object.entries(choices.columns).filter(([, column]) => column === false));
    shown.columns.forEach((column, index) => {
      if (column.role && index + 1 !== position && column.role !== role) columns[column.role] = index + 1;
    });
    const previous = shown.columns[position - 1].role;
    if (previous && previous !== role) columns[previous] = false;
    if (role) columns[role] = position;
    choices.columns = columns;
    refresh();
  }

  /** Fills a select of choices with "detected" first, showing what the core detected. */
  function fillSelect(select, values, chosen, detected, t) {
    select.replaceChildren(
      new Option(t('mapping.detected', detected), ''),
      ...values.map(([value, label]) => new Option(label, value)),
    );
    select.value = chosen;
  }

  // A new encoding, delimiter or header row changes what the columns are: the roles are found
  // again rather than kept by position.
  const onRead = (key, value) => {
    choices[key] = value;
    choices.columns = {};
    refresh();
  };
  nodes.encoding.addEventListener('change', () => onRead('encoding', nodes.encoding.value));
  nodes.delimiter.addEventListener('change', () => onRead('delimiter', nodes.delimiter.value));
  nodes.header.addEventListener('change', () => onRead('header', nodes.header.value === 'yes'));
  nodes.dateFormat.addEventListener('change', () => {
    choices.dateFormat = nodes.dateFormat.value;
    refresh();
  });
  nodes.analyse.addEventListener('click', () => {
    root.open = false;
    onAnalyse(file, readOptions());
  });

  return {
    /** Previews `chosen` (a File) with everything detected. */
    open(chosen) {
      file = chosen;
      choices = { encoding: '', delimiter: '', header: true, dateFormat: '', columns: {} };
      shown = null;
      root.dataset.file = chosen.name;
      root.hidden = false;
      root.open = true;
      return refresh();
    },
    /** Hides the preview (another source is analysed). */
    close() {
      runs++;
      file = null;
      shown = null;
      root.hidden = true;
    },
    /** Writes the preview again in the current language. */
    setLocale: render,
  };
}
