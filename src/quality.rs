//! Bookkeeping of the rows the reader skipped, changed or found twice, for the data-quality
//! report.

use serde::Serialize;

use crate::number::DecimalSeparator;
use crate::read::outliers::PLAUSIBLE_YEARS;
use crate::text::{grouped, Abridged, Texts};
use crate::Date;

/// The longest recency a customer file may give, a hundred years: beyond it the last purchase
/// would fall before any date custval reads.
pub const MAX_RECENCY_DAYS: u32 = 36_525;

/// The largest amount, quantity, price or cost a row may give, 10^15: more than any sale in
/// any currency (10^15 Vietnamese dong is some 40 billion dollars), and small enough that a
/// customer's sum of a million such rows still keeps its cents. A larger number is a column of
/// ids or codes read as money, or a typo.
pub const MAX_AMOUNT: f64 = 1e15;

/// The largest frequency, purchase days or recency a customer file may give, 4,294,967,295:
/// the counts are held in 32 bits, and no customer buys, or stays away, that many times or
/// days. A larger whole number is a column of ids or amounts read as counts.
pub(crate) const MAX_COUNT: u32 = u32::MAX;

/// `value`, read from `text` in the column of `field`, as a customer's count (frequency,
/// purchase days, recency): a whole number from `min` up to [`MAX_COUNT`].
pub(crate) fn checked_count(
    field: &'static str,
    text: &str,
    value: Option<f64>,
    min: u32,
) -> Result<u32, RowIssue> {
    let text = || text.to_string();
    match value.filter(|value| value.fract() == 0.0 && *value >= f64::from(min)) {
        Some(value) if value <= f64::from(MAX_COUNT) => Ok(value as u32),
        Some(_) => Err(RowIssue::CountTooLarge {
            field,
            text: text(),
        }),
        None => Err(RowIssue::InvalidCount {
            field,
            text: text(),
            min,
        }),
    }
}

/// `value`, read from `text` in the column of `field`, as a row's amount: a number, and no
/// larger than [`MAX_AMOUNT`] either way.
///
/// Inlined: every row checks its amount (or quantity and price) so, and the call cost more
/// than the check.
#[inline]
pub(crate) fn checked_amount(
    field: &'static str,
    text: &str,
    value: Option<f64>,
) -> Result<f64, RowIssue> {
    let text = || text.to_string();
    match value {
        Some(value) if value.abs() <= MAX_AMOUNT => Ok(value),
        Some(_) => Err(RowIssue::AmountTooLarge {
            field,
            text: text(),
        }),
        None => Err(RowIssue::InvalidNumber {
            field,
            text: text(),
        }),
    }
}

/// The lines of the file a row takes: one, unless a quoted value in it holds line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lines {
    /// 1-based line the row starts on.
    pub first: u64,
    /// Line it ends on.
    pub last: u64,
}

impl Lines {
    /// Whether the row takes more than one line.
    pub fn several(&self) -> bool {
        self.last > self.first
    }
}

impl From<u64> for Lines {
    fn from(line: u64) -> Lines {
        Lines {
            first: line,
            last: line,
        }
    }
}

/// Something about a data row the user should know: why it was skipped, how it was read
/// differently from how it was written, or that it repeats an earlier row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowIssue {
    /// Every field is empty.
    BlankRow,
    /// A line above the header row, such as a report's title.
    AboveHeader {
        /// The line's non-empty fields, separated by spaces.
        text: String,
        /// The header's line.
        header_line: u64,
    },
    /// A further row of headers right below a survey's header, as survey tools export it
    /// (SurveyMonkey's `Response` under each question, Qualtrics' question texts and
    /// `{"ImportId":"QID1"}`).
    SubHeader {
        /// The first question's cell.
        text: String,
    },
    /// An empty amount right after a row of the same customer and day: a further line of an
    /// order whose total is on its first line.
    LineWithoutAmount,
    /// A repeat of the header row, as where several exports were joined into one file.
    RepeatedHeader {
        /// The header's line.
        header_line: u64,
    },
    /// A total line under a table, summing the rows above it.
    TotalRow {
        /// The label that marks it, such as 合计 or Total.
        label: String,
    },
    /// In a report grouped by customer, the row above a customer's rows that names them (see
    /// [`ColumnMap::customer_in_headings`](crate::ColumnMap::customer_in_headings)).
    CustomerHeading {
        /// The customer named.
        name: String,
    },
    /// In a report grouped by customer, a line shaped like a heading with no rows under it: a
    /// note such as the report's basis below the table.
    ReportNote {
        /// The note.
        text: String,
    },
    /// The row has fewer fields than the mapped columns need.
    TooFewFields {
        /// Fields in the row.
        found: usize,
        /// Fields needed.
        needed: usize,
    },
    /// The row has values in more fields than the table has columns (the header's, or what
    /// most rows fill): a delimiter inside an unquoted value split it, and the columns after
    /// it shifted.
    TooManyFields {
        /// Fields up to the last one with a value.
        found: usize,
        /// Fields a row may have.
        expected: usize,
        /// The amount as written, where the fields it was split into make a number together
        /// (`1,288.00` split at its thousands separator, `12,50` at its decimal comma).
        split_amount: Option<String>,
    },
    /// The customer id is empty.
    MissingCustomer,
    /// The customer id is one that stands for no customer, such as `0` for a guest checkout,
    /// `NULL` or `#N/A`.
    PlaceholderCustomer {
        /// The id, as written.
        id: String,
    },
    /// The customer id is a number Excel rounded when it saved the file.
    RoundedCustomerId {
        /// The id, in scientific notation.
        id: String,
    },
    /// The date is empty.
    MissingDate,
    /// A date more than two years before or after every date of the other rows, which hold
    /// all but 1 % of the rows or more: a placeholder or a typo.
    DateApart {
        /// The row's date.
        date: Date,
        /// Where the other rows' dates lie.
        data: DataDays,
        /// Whether the row is used without its date rather than skipped: a survey response's
        /// answers count without the date, which only places them in time.
        row_used: bool,
    },
    /// The date is not a valid date in the column's format.
    InvalidDate {
        /// The text found.
        text: String,
        /// The format the column is read in, e.g. `D/M/YYYY`.
        format: &'static str,
    },
    /// The amount, quantity or unit price is empty or not a number.
    InvalidNumber {
        /// The column's role, such as "amount".
        field: &'static str,
        /// The text found.
        text: String,
    },
    /// An amount, quantity, unit price or cost past [`MAX_AMOUNT`].
    AmountTooLarge {
        /// The column's role, such as "amount".
        field: &'static str,
        /// The text found, or for quantity × unit price both texts.
        text: String,
    },
    /// The order's status means no completed sale: cancelled, failed, voided, refunded in full
    /// or not paid yet.
    NotASale {
        /// The status, as written.
        status: String,
    },
    /// A CRM deal whose stage is not won: lost, still open, or a stage of the company's own.
    DealNotWon {
        /// The stage, as written.
        stage: String,
    },
    /// A row of a payment account's activity that is neither a customer's payment nor money
    /// sent back to a customer: a withdrawal, a payment to a supplier, a currency conversion,
    /// a hold or a fee.
    NotACustomerPayment {
        /// The row's type, as written.
        kind: String,
        /// Whether money came in (`Some(true)`), went out (`Some(false)`) or did neither.
        incoming: Option<bool>,
    },
    /// A sale whose refund (the refund column) is its whole amount or more.
    RefundedInFull {
        /// The refund, as written.
        refund: String,
    },
    /// A quoted value holds line breaks, so the row takes several lines of the file.
    SpansLines,
    /// A quote opens a value no writer meant: one never closed, or closed only after lines
    /// shaped as rows. The value is read as written, quote and all, to the end of its line,
    /// and the lines after it as rows.
    StrayQuote {
        /// The field the quote opens, as written.
        value: String,
    },
    /// The row repeats an earlier row field for field.
    DuplicateRow {
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// A survey response identical to an earlier one in every field.
    DuplicateResponse {
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// A cancellation invoice (order id `C…`) with a positive amount, counted as a return.
    CancellationAsReturn {
        /// The order id.
        order: String,
    },
    /// A sale partly refunded (the refund column), counted net of the refund.
    PartlyRefunded {
        /// The refund, as written.
        refund: String,
    },
    /// A sale whose adjusted amount (Etsy's `Adjusted Order Total`) is nothing: refunded in
    /// full, listed as [`RowIssue::RefundedInFull`] is.
    AdjustedToNothing {
        /// The adjusted amount, as written.
        adjusted: String,
    },
    /// A sale whose amount was adjusted after a partial refund (Etsy's `Adjusted Order
    /// Total`), counted at the adjusted amount.
    AdjustedAmount {
        /// The adjusted amount, as written.
        adjusted: String,
    },
    /// A row with a positive amount beside a negative quantity, counted as a return.
    ReturnByQuantity {
        /// The quantity, as written.
        quantity: String,
    },
    /// An order's total repeated on a further row of the order (one row per item), counted
    /// once: the row adds nothing.
    RepeatedOrderTotal {
        /// The total, as written.
        total: String,
    },
    /// An order id Excel rounded when it saved the file, left out: the row's purchase
    /// occasion is its day.
    RoundedOrderId {
        /// The order id, in scientific notation.
        order: String,
    },
    /// A customer file's count (frequency, purchase days, recency) that is not a whole number
    /// at least `min`.
    InvalidCount {
        /// The column's role, such as "frequency".
        field: &'static str,
        /// The text found.
        text: String,
        /// The least value allowed.
        min: u32,
    },
    /// A customer file's count (frequency, purchase days, recency) that is a whole number past
    /// 4,294,967,295, more than any customer's; counted among [`RowIssue::InvalidCount`].
    CountTooLarge {
        /// The column's role, such as "frequency".
        field: &'static str,
        /// The text found.
        text: String,
    },
    /// A customer file's recency beyond [`MAX_RECENCY_DAYS`].
    RecencyTooLong {
        /// The recency in days.
        days: u32,
    },
    /// A customer id on a second row of a customer file.
    DuplicateCustomer {
        /// The id.
        id: String,
        /// Line of the customer's first row, the one used.
        first_line: u64,
    },
    /// A customer file's last purchase before its first purchase.
    LastBeforeFirst {
        /// The first purchase date.
        first: Date,
        /// The last purchase date.
        last: Date,
        /// The recency in days the last purchase was counted back from the analysis date by,
        /// when the file gives it so.
        recency_days: Option<u32>,
    },
    /// A customer file's frequency of 1, one purchase occasion, with a last purchase on
    /// another day than the first.
    OnePurchaseOnTwoDates {
        /// The first purchase date.
        first: Date,
        /// The last purchase date.
        last: Date,
    },
    /// A survey row in which no question has a usable answer.
    NoAnswer,
    /// A survey response dated after the analysis date: left out, as transactions after it
    /// are, so that every figure describes the same period.
    AfterAsOf {
        /// The response's date.
        date: Date,
        /// The analysis date.
        as_of: Date,
    },
    /// A survey answer that is not a whole number on its question's scale. The row is still
    /// used for its other answers.
    InvalidAnswer {
        /// The question, such as "NPS".
        question: &'static str,
        /// The text found.
        text: String,
        /// The question's scale, such as "0–10".
        scale: String,
    },
}

impl RowIssue {
    /// The value from the file that the issue's message quotes, if it quotes one.
    fn quoted_value_mut(&mut self) -> Option<&mut String> {
        match self {
            RowIssue::AboveHeader { text, .. }
            | RowIssue::SubHeader { text }
            | RowIssue::ReportNote { text }
            | RowIssue::InvalidDate { text, .. }
            | RowIssue::InvalidNumber { text, .. }
            | RowIssue::AmountTooLarge { text, .. }
            | RowIssue::InvalidCount { text, .. }
            | RowIssue::CountTooLarge { text, .. }
            | RowIssue::InvalidAnswer { text, .. } => Some(text),
            RowIssue::PlaceholderCustomer { id }
            | RowIssue::RoundedCustomerId { id }
            | RowIssue::DuplicateCustomer { id, .. } => Some(id),
            RowIssue::CancellationAsReturn { order, .. }
            | RowIssue::RoundedOrderId { order, .. } => Some(order),
            RowIssue::RefundedInFull { refund, .. } | RowIssue::PartlyRefunded { refund, .. } => {
                Some(refund)
            }
            RowIssue::AdjustedToNothing { adjusted, .. }
            | RowIssue::AdjustedAmount { adjusted, .. } => Some(adjusted),
            RowIssue::TooManyFields { split_amount, .. } => split_amount.as_mut(),
            RowIssue::TotalRow { label } => Some(label),
            RowIssue::CustomerHeading { name } => Some(name),
            RowIssue::NotASale { status } => Some(status),
            RowIssue::DealNotWon { stage } => Some(stage),
            RowIssue::NotACustomerPayment { kind, .. } => Some(kind),
            RowIssue::StrayQuote { value } => Some(value),
            RowIssue::ReturnByQuantity { quantity, .. } => Some(quantity),
            RowIssue::RepeatedOrderTotal { total, .. } => Some(total),
            RowIssue::BlankRow
            | RowIssue::LineWithoutAmount
            | RowIssue::RepeatedHeader { .. }
            | RowIssue::TooFewFields { .. }
            | RowIssue::MissingCustomer
            | RowIssue::MissingDate
            | RowIssue::DateApart { .. }
            | RowIssue::SpansLines
            | RowIssue::DuplicateRow { .. }
            | RowIssue::DuplicateResponse { .. }
            | RowIssue::RecencyTooLong { .. }
            | RowIssue::LastBeforeFirst { .. }
            | RowIssue::OnePurchaseOnTwoDates { .. }
            | RowIssue::NoAnswer
            | RowIssue::AfterAsOf { .. } => None,
        }
    }

    /// The stable key of the reason's class, as in `input.skipped[].reason`.
    pub fn key(&self) -> &'static str {
        match self {
            RowIssue::BlankRow => "blankRow",
            RowIssue::AboveHeader { .. } => "aboveHeader",
            RowIssue::TotalRow { .. } => "totalRow",
            RowIssue::CustomerHeading { .. } => "customerHeading",
            RowIssue::ReportNote { .. } => "reportNote",
            RowIssue::RepeatedHeader { .. } => "repeatedHeader",
            RowIssue::SubHeader { .. } => "subHeader",
            RowIssue::LineWithoutAmount => "lineWithoutAmount",
            RowIssue::TooFewFields { .. } => "tooFewFields",
            RowIssue::TooManyFields { .. } => "tooManyFields",
            RowIssue::MissingCustomer => "missingCustomer",
            RowIssue::PlaceholderCustomer { .. } => "placeholderCustomer",
            RowIssue::RoundedCustomerId { .. } => "roundedCustomerId",
            RowIssue::MissingDate => "missingDate",
            RowIssue::InvalidDate { .. } => "invalidDate",
            RowIssue::DateApart { .. } => "dateApart",
            RowIssue::NotASale { .. } => "notASale",
            RowIssue::DealNotWon { .. } => "dealNotWon",
            RowIssue::NotACustomerPayment { .. } => "notACustomerPayment",
            RowIssue::RefundedInFull { .. } | RowIssue::AdjustedToNothing { .. } => {
                "refundedInFull"
            }
            RowIssue::SpansLines => "spansLines",
            RowIssue::StrayQuote { .. } => "strayQuote",
            RowIssue::DuplicateRow { .. } => "duplicateRow",
            RowIssue::DuplicateResponse { .. } => "duplicateResponse",
            RowIssue::CancellationAsReturn { .. } => "cancellationAsReturn",
            RowIssue::PartlyRefunded { .. } => "partlyRefunded",
            RowIssue::AdjustedAmount { .. } => "adjustedAmount",
            RowIssue::RepeatedOrderTotal { .. } => "repeatedOrderTotal",
            RowIssue::ReturnByQuantity { .. } => "returnByQuantity",
            RowIssue::RoundedOrderId { .. } => "roundedOrderId",
            RowIssue::InvalidNumber { .. } => "invalidNumber",
            RowIssue::AmountTooLarge { .. } => "amountTooLarge",
            // Under the key of counts that are not whole numbers, as the report's reasons are
            // a fixed list that programs match on.
            RowIssue::InvalidCount { .. } | RowIssue::CountTooLarge { .. } => "invalidCount",
            RowIssue::RecencyTooLong { .. } => "recencyTooLong",
            RowIssue::DuplicateCustomer { .. } => "duplicateCustomer",
            RowIssue::LastBeforeFirst { .. } => "lastBeforeFirst",
            RowIssue::OnePurchaseOnTwoDates { .. } => "onePurchaseOnTwoDates",
            RowIssue::NoAnswer => "noAnswer",
            RowIssue::AfterAsOf { .. } => "afterAsOf",
            RowIssue::InvalidAnswer { .. } => "invalidAnswer",
        }
    }

    /// What the class means and what to do, for the report, in English and Chinese.
    pub fn advice(&self) -> Texts {
        let (en, zh_cn) = match self {
            RowIssue::BlankRow => ("rows with every field empty", "所有字段均为空的行"),
            RowIssue::AboveHeader { .. } => (
                "lines above the column headers, such as a report's title or export date; not data",
                "列标题上方的行，如报表标题或导出日期；不是数据",
            ),
            RowIssue::LineWithoutAmount => (
                "rows without an amount right after a row of the same customer and day, as exports that give an order's total on its first line only (Shopify) write the order's further lines; the total is counted on the first line",
                "紧跟在同一客户同一天的行之后、没有金额的行，如只在订单第一行给出总额的导出（Shopify）所写的后续行；总额已在第一行计入",
            ),
            RowIssue::RepeatedHeader { .. } => (
                "repeats of the header row, as where several exports were joined into one file; not data",
                "重复的列标题行，常见于多个导出文件合并为一个文件时；不是数据",
            ),
            RowIssue::SubHeader { .. } => (
                "further rows of headers right below the column headers, as survey tools export them: SurveyMonkey's Response and Open-Ended Response under each question, Qualtrics' question texts and ImportId ({\"ImportId\":\"QID1\"}); not answers",
                "紧接在列标题下方的其他标题行，如问卷工具导出的：SurveyMonkey 在每个问题下的 Response 和 Open-Ended Response，Qualtrics 的题目文字和 ImportId（{\"ImportId\":\"QID1\"}）；不是回答",
            ),
            RowIssue::TotalRow { .. } => (
                "total lines (合计, Total) that sum other rows: neither transactions nor customers, and not counted in revenue",
                "汇总其他行的合计行（合计、Total）：既不是交易也不是客户，也不计入收入",
            ),
            RowIssue::CustomerHeading { .. } => (
                "rows that name the customer of the rows below them, as a report grouped by customer writes them (QuickBooks' Sales by Customer Detail, whose first column has no header): those rows are read as that customer's, and the heading itself is not a transaction",
                "按客户分组的报表（如 QuickBooks 的 Sales by Customer Detail，其第一列没有列标题）中标明下方各行所属客户的行：下方各行按该客户读取，标题行本身不是交易",
            ),
            RowIssue::ReportNote { .. } => (
                "lines of a report grouped by customer with text in the first field only and no rows under them, such as the report's basis and time below the table (QuickBooks' Accrual Basis …): notes, not data",
                "按客户分组的报表中只有第一个字段有文字、下方没有数据行的行，如表格下方的会计基础与导出时间（QuickBooks 的 Accrual Basis …）：是说明，不是数据",
            ),
            RowIssue::TooFewFields { .. } => (
                "rows with fewer fields than the header; check for unquoted line breaks or a missing delimiter",
                "字段数少于表头的行；请检查是否有未加引号的换行或缺少分隔符",
            ),
            RowIssue::TooManyFields { .. } => (
                "rows with values in more fields than the table has columns: a delimiter inside an unquoted value (a thousands separator as in 1,288.00, a comma in a name or address) split the value and shifted the columns after it, so the row cannot be read. Quote such values, or export with another delimiter",
                "有值的字段多于表格列数的行：某个未加引号的值中含有分隔符（如 1,288.00 中的千位分隔符，或名称、地址中的逗号），把该值拆开并使其后的列错位，因此无法读取该行。请给这类值加引号，或换用其他分隔符导出",
            ),
            RowIssue::MissingCustomer => (
                "rows without a customer id: not attributable to a customer, so not analysed",
                "没有客户编号的行：无法归属到客户，因此不参与分析",
            ),
            RowIssue::PlaceholderCustomer { .. } => (
                "rows whose customer id stands for no customer: 0 or -1 (a guest checkout, as WooCommerce and Magento write it, or a warehouse's unknown customer), NULL, None, nan, NA or #N/A (an empty value as a database, Python, R or Excel writes it), a dash, or Guest, 散客 (walk-in) and the like. Read as one customer they would merge every guest into a single best customer, so, like rows without an id, they are not analysed; their revenue counts apart",
                "客户编号表示“无客户”的行：0 或 -1（WooCommerce、Magento 对游客下单的写法，或数据仓库中的未知客户）、NULL、None、nan、NA 或 #N/A（数据库、Python、R 或 Excel 写出的空值）、短横线，或 Guest、散客等。若当作一位客户，所有游客会合并成一位最佳客户，因此与没有客户编号的行一样不参与分析，其收入单独计入",
            ),
            RowIssue::RoundedCustomerId { .. } => (
                "customer ids that Excel rounded when it saved the file: a number of 12 digits or more shown in scientific notation (1.23457E+11) keeps 6 digits, so different customers share an id. In Excel, format the column as Text, or export from the source system again",
                "Excel 保存文件时已四舍五入的客户编号：12 位及以上的数字显示为科学计数法（1.23457E+11）时只保留 6 位，不同客户因此共用一个编号。请在 Excel 中将该列设为“文本”格式，或从源系统重新导出",
            ),
            RowIssue::MissingDate => ("rows without a date", "没有日期的行"),
            RowIssue::InvalidDate { .. } => (
                "dates that are not valid in the column's date format (stated with the file's summary; the date format option chooses another) or in no recognised form",
                "按该列的日期格式（见文件概况；可用日期格式选项另选）无效或无法识别的日期",
            ),
            RowIssue::NotASale { .. } => (
                "orders whose status (the status column) says they brought no money: cancelled, failed, voided, refunded in full or not paid yet (交易关闭, 已取消, 等待买家付款). Left out of revenue and purchases; rows with other statuses are used",
                "状态列表明未带来收入的订单：已取消、失败、作废、全额退款或尚未付款（交易关闭、已取消、等待买家付款）。不计入收入和购买次数；其他状态的行照常使用",
            ),
            RowIssue::DealNotWon { .. } => (
                "deals whose stage (a CRM's stage column) is not won: lost, still open, or a stage the company named itself. Left out of revenue and purchases; won deals (Closed Won, 赢单) are used",
                "阶段列显示未赢单的商机：输单、仍在进行中，或公司自定义的阶段。不计入收入和购买次数；赢单的商机（Closed Won、赢单）照常使用",
            ),
            RowIssue::NotACustomerPayment { .. } => (
                "rows of a payment account's activity (PayPal's) that are neither a customer's payment nor money sent back to a customer: withdrawals, payments to suppliers, currency conversions, holds and fees. Left out; payments in are sales and refunds out are returns",
                "支付账户流水（PayPal）中既不是客户付款、也不是退给客户的款项的行：提现、付给供应商的款项、货币兑换、冻结和手续费。不计入；收到的付款为销售，退出的款项为退货",
            ),
            RowIssue::RefundedInFull { .. } | RowIssue::AdjustedToNothing { .. } => (
                "sales refunded in full (the refund column holds the whole amount or more, or the adjusted amount is nothing): they brought no money, so they are left out of revenue and purchases",
                "全额退款的销售（退款列不少于金额，或调整后金额为零）：未带来收入，因此不计入收入和购买次数",
            ),
            RowIssue::DateApart { row_used: true, .. } => (
                "dates more than two years before or after every other date, in at most 1% of the rows: placeholders for a missing date (1900-01-01) or typos (2042 for 2024), which would stretch the trend over years. The answers are used without the date; correct it to place them in time",
                "比其他所有日期早或晚两年以上、且最多占 1% 行数的日期：缺失日期的占位值（1900-01-01）或输入错误（把 2024 写成 2042），会使趋势跨越数年。这些回答照常使用，但不计日期；更正日期后才会计入相应时期",
            ),
            RowIssue::DateApart { row_used: false, .. } => (
                "dates more than two years before or after every other date, in at most 1% of the rows: placeholders for a missing date (1900-01-01) or typos (2042 for 2024), which would move the analysis date or first purchases by years. Correct them to analyse these rows",
                "比其他所有日期早或晚两年以上、且最多占 1% 行数的日期：缺失日期的占位值（1900-01-01）或输入错误（把 2024 写成 2042），会使分析日期或首次购买日期偏差数年。更正后这些行才会参与分析",
            ),
            RowIssue::SpansLines => (
                "rows that take several lines of the file because a quoted value holds line breaks: right for an address or a comment, but a stray quote (a 32\" screen in a product name) closed by another within a few lines makes one value of the lines between them, which are then not read as rows (one never closed, or closed further on, is strayQuote). Check these lines; a quote inside a quoted value is written twice (\"\")",
                "因带引号的值中含有换行而占据文件多行的行：地址或备注中的换行属正常，但多余的引号（如商品名中表示英寸的 32\"）若在几行之内被另一个多余的引号闭合，会把两者之间的各行并入一个值，这些行便不会作为数据行读取（从未闭合或在更远处才闭合的见 strayQuote）。请检查这些行；带引号的值内部的引号应写成两个（\"\"）",
            ),
            RowIssue::StrayQuote { .. } => (
                "rows where a quote opens a value that is never closed, or closed only after 20 lines or more shaped as rows (a 32\" screen written \"32\"\" monitor): it would make one value of the rows after it. The value is read as written, quote and all, to the end of its line, and the lines after it as rows. Check the value; a value with quotes in it is written in quotes, each quote twice (\"\"\"32\"\"\"\" monitor\")",
                "带引号的值从未闭合、或在 20 行以上形如数据行的行之后才闭合的行（如把 32\" 屏幕写成 \"32\"\" monitor）：它会把其后的各行并入一个值。该值按原样读取（包括引号），直到该行末尾，其后的各行照常作为数据行读取。请检查该值；含引号的值应整体加引号，其中每个引号写成两个（\"\"\"32\"\"\"\" monitor\"）",
            ),
            RowIssue::DuplicateRow { .. } => (
                "rows identical to an earlier row in every field; identical purchases on one day are common, so they are kept unless duplicates are dropped",
                "与前面某行所有字段都相同的行；同一天的相同购买很常见，因此除非选择删除重复行，否则会保留",
            ),
            RowIssue::DuplicateResponse { .. } => (
                "responses identical to an earlier one in every field: the same response exported or submitted twice, or, in a survey without response ids, two people answering alike; kept unless duplicates are dropped",
                "与前面某条回答所有字段都相同的回答：同一回答被导出或提交了两次，或在没有回答编号的问卷中两人回答相同；除非选择删除重复行，否则会保留",
            ),
            RowIssue::CancellationAsReturn { .. } => (
                "cancellation invoices (order id starting with C) with a positive amount, counted as returns",
                "金额为正的取消发票（订单号以 C 开头），按退货计算",
            ),
            RowIssue::PartlyRefunded { .. } => (
                "sales partly refunded (the refund column): counted net of the refund, and still a purchase",
                "部分退款的销售（退款列）：按扣除退款后的金额计算，仍算作一次购买",
            ),
            RowIssue::AdjustedAmount { .. } => (
                "sales adjusted after a partial refund (Etsy's Adjusted Order Total): counted at the adjusted amount, and still a purchase",
                "部分退款后调整了金额的销售（Etsy 的 Adjusted Order Total）：按调整后的金额计算，仍算作一次购买",
            ),
            RowIssue::ReturnByQuantity { .. } => (
                "rows with a positive amount beside a negative quantity (the quantity column): items taken back, counted as returns, their amount subtracted",
                "金额为正但数量为负的行（数量列）：退回的商品，按退货计算，金额被减去",
            ),
            RowIssue::RepeatedOrderTotal { .. } => (
                "further rows of an order that repeat its total (the amount column is the order's total, as in an export of one row per item): the total is counted once, on the order's first row, so the further rows add nothing. If each row's amount is the item's own, name that column with the amount option",
                "重复订单总额的订单后续行（金额列是订单总额，如每件商品一行的导出）：总额只在订单的第一行计算一次，后续行不再累加。如果每行金额是该商品自己的金额，请用 amount 选项指定该列",
            ),
            RowIssue::RoundedOrderId { .. } => (
                "order ids that Excel rounded when it saved the file (18-digit order numbers such as Taobao's become 1.23457E+17), so they cannot tell orders apart: the rows are used, each purchase counted by its day. In Excel, format the column as Text to keep the ids",
                "Excel 保存文件时已四舍五入的订单号（淘宝等 18 位订单号会变成 1.23457E+17），无法区分订单：这些行仍被使用，每次购买按日期计算。请在 Excel 中将该列设为“文本”格式以保留订单号",
            ),
            RowIssue::InvalidNumber { .. } => (
                "amounts, quantities, prices, costs, profits or refunds that are empty or not numbers with the file's decimal separator (stated with the file's summary: 1,234.50 with a decimal point, 1.234,50 with a decimal comma)",
                "为空或按文件的小数分隔符不是数字的金额、数量、单价、成本、毛利或退款（见文件概况：小数点写作 1,234.50，小数逗号写作 1.234,50）",
            ),
            RowIssue::AmountTooLarge { .. } => (
                "amounts, quantities, prices or costs past 10^15, more than any sale in any currency: usually a column of ids or codes read as money, or a typo",
                "超过 10^15 的金额、数量、单价或成本，大于任何币种的任何一笔交易：通常是把编号或代码列当作了金额，或是输入错误",
            ),
            RowIssue::InvalidCount { .. } | RowIssue::CountTooLarge { .. } => (
                "frequencies, purchase days or recencies that are not whole numbers (frequency and purchase days at least 1, recency at least 0), or are past 4,294,967,295, more than any customer's (a column of ids or amounts)",
                "不是整数（购买次数和购买天数至少为 1，最近购买天数至少为 0）或超过 4,294,967,295（大于任何客户可能有的数，通常是编号或金额列）的购买次数、购买天数或最近购买天数",
            ),
            RowIssue::RecencyTooLong { .. } => (
                "recencies of more than a hundred years, which no purchase date can have; check the column holds days",
                "超过一百年的最近购买天数，任何购买日期都不可能如此；请检查该列是否以天为单位",
            ),
            RowIssue::DuplicateCustomer { .. } => (
                "customer ids on more than one row of a customer file; only the first row is used, so aggregate to one row per customer",
                "客户汇总文件中出现在多行的客户编号；只使用第一行，请汇总为每位客户一行",
            ),
            RowIssue::LastBeforeFirst { .. } => (
                "customers whose last purchase date is before their first purchase date; check that the two columns are not swapped",
                "最近购买日期早于首次购买日期的客户；请检查这两列是否颠倒",
            ),
            RowIssue::OnePurchaseOnTwoDates { .. } => (
                "customers with a frequency of 1, one purchase, whose first and last purchase dates differ, which cannot be: frequency counts every purchase occasion, the first too (the lifetimes package's frequency counts repeat purchases only: add 1 to it)",
                "购买次数为 1（一次购买）但首次与最近购买日期不同的客户，这不可能：购买次数应计入每一次购买，包括第一次（lifetimes 包的 frequency 只计复购次数：需加 1）",
            ),
            RowIssue::NoAnswer => (
                "survey rows without a usable answer: every question blank, NA, a declared missing-value code, or an answer off the question's scale (listed with the answers off their scale; a code such as -99 can be declared missing)",
                "没有可用回答的问卷行：每个问题都为空、NA、已声明的缺失值代码，或是量表之外的回答（列在量表之外的回答中；可将 -99 等代码声明为缺失值）",
            ),
            RowIssue::AfterAsOf { .. } => (
                "survey responses dated after the analysis date (asOf): left out of every figure, as transactions after it are, so that the satisfaction describes the same period as the customers' value. Give a later analysis date to use them",
                "回答日期晚于分析日期（asOf）的问卷回答：与分析日期之后的交易一样，不计入任何数字，使满意度与客户价值描述同一时期。如需使用，请选择更晚的分析日期",
            ),
            RowIssue::InvalidAnswer { .. } => (
                "answers that are not whole numbers on the question's scale; left out, never counted as zero. Declare missing-value codes such as -99, or set the scale",
                "不是该问题量表上整数的回答；不计入，也不会按 0 计算。可声明 -99 等缺失值代码，或设置量表",
            ),
        };
        Texts::new(en, zh_cn)
    }

    /// The problem in one row, in words, in English and Chinese.
    pub fn describe(&self, lines: impl Into<Lines>) -> Texts {
        let problem = self.problem();
        let lines = lines.into();
        let Lines { first, last } = lines;
        if lines.several() {
            return Texts::new(
                format!("lines {first}–{last}: {}", problem.en),
                format!("第 {first}–{last} 行：{}", problem.zh_cn),
            );
        }
        Texts::new(
            format!("line {first}: {}", problem.en),
            format!("第 {first} 行：{}", problem.zh_cn),
        )
    }

    /// The problem, in words, without the line: for rows that are not lines of a file.
    pub fn problem(&self) -> Texts {
        let (en, zh_cn) = match self {
            RowIssue::BlankRow => ("the row is empty".to_string(), "该行为空".to_string()),
            RowIssue::AboveHeader { text, header_line } => (
                format!("'{text}' is above the column headers on line {header_line}, so not read as data"),
                format!("“{text}”在第 {header_line} 行的列标题上方，不作为数据读取"),
            ),
            RowIssue::LineWithoutAmount => (
                "the amount is empty on a further line of the customer's purchase that day; an order's total on its first line is counted there".to_string(),
                "该客户当天这次购买的后续行金额为空；订单第一行的总额已在那里计入".to_string(),
            ),
            RowIssue::RepeatedHeader { header_line } => (
                format!("repeats the column headers of line {header_line}"),
                format!("重复第 {header_line} 行的列标题"),
            ),
            RowIssue::SubHeader { text } => (
                format!("'{text}' under the first question's header is a further header row, as survey tools write it, not an answer"),
                format!("第一个问题列标题下方的“{text}”是问卷工具写出的其他标题行，不是回答"),
            ),
            RowIssue::TotalRow { label } => (
                format!("'{label}' marks a total line, not a transaction or customer"),
                format!("“{label}”表示合计行，不是交易或客户"),
            ),
            RowIssue::CustomerHeading { name } => (
                format!("names the customer '{name}' of the rows below it"),
                format!("标明下方各行的客户“{name}”"),
            ),
            RowIssue::ReportNote { text } => (
                format!("'{text}' heads no rows, so it is a note, not data"),
                format!("“{text}”下方没有数据行，是说明而不是数据"),
            ),
            RowIssue::TooFewFields { found, needed } => (
                format!(
                    "the row has {found} field{}, the columns need {needed}",
                    if *found == 1 { "" } else { "s" }
                ),
                format!("该行有 {found} 个字段，所用的列需要 {needed} 个"),
            ),
            RowIssue::TooManyFields {
                found,
                expected,
                split_amount: None,
            } => (
                format!("the row has values in {found} fields where the table has {expected} columns: an unquoted value was split, so its columns are shifted"),
                format!("该行有 {found} 个字段有值，而表格只有 {expected} 列：某个未加引号的值被拆开，其后的列已错位"),
            ),
            RowIssue::TooManyFields {
                found,
                expected,
                split_amount: Some(amount),
            } => (
                format!("the row has values in {found} fields where the table has {expected} columns: the amount '{amount}' was split at its unquoted comma, so its columns are shifted; quote the amounts, or export with another delimiter"),
                format!("该行有 {found} 个字段有值，而表格只有 {expected} 列：金额“{amount}”中的逗号未加引号，金额被拆开，其后的列已错位；请给金额加引号，或换用其他分隔符导出"),
            ),
            RowIssue::MissingCustomer => (
                "the customer id is empty".to_string(),
                "客户编号为空".to_string(),
            ),
            RowIssue::PlaceholderCustomer { id } => (
                format!("customer id '{id}' stands for no customer"),
                format!("客户编号“{id}”表示无客户"),
            ),
            RowIssue::RoundedCustomerId { id } => (
                format!("customer id '{id}' is a number Excel rounded, which may stand for several customers; save the column as text"),
                format!("客户编号“{id}”是被 Excel 四舍五入的数字，可能代表多位客户；请将该列保存为文本"),
            ),
            RowIssue::MissingDate => ("the date is empty".to_string(), "日期为空".to_string()),
            RowIssue::InvalidDate { text, format }
                if !format.ends_with("/YY") && crate::date::two_digit_year_date(text).is_some() =>
            (
                format!("date '{text}' has a two-digit year, which could stand first or last; if it is last, choose the date format D/M/YY or M/D/YY, or save the column with four-digit years"),
                format!("日期“{text}”的年份只有两位，无法确定年份在前还是在后；如果年份在后，请选择日期格式 D/M/YY 或 M/D/YY，或以四位年份保存该列"),
            ),
            RowIssue::InvalidDate { text, format } => (
                format!("date '{text}' is not a valid date (the column is read as {format})"),
                format!("日期“{text}”不是有效日期（该列按 {format} 读取）"),
            ),
            RowIssue::DateApart { date, data, row_used } => {
                let (outcome, outcome_zh) = match row_used {
                    true => ("the answers are used without it", "回答照常使用，但不计日期"),
                    false => ("not analysed", "不参与分析"),
                };
                match data {
                    DataDays::Between(first, last) => {
                        let (side, side_zh) = if date < first { ("before", "早") } else { ("after", "晚") };
                        (
                            format!("date {date} is more than two years {side} every other date (the others run from {first} to {last}): a placeholder or a typo, so {outcome}"),
                            format!("日期 {date} 比其他所有日期{side_zh}两年以上（其他日期从 {first} 到 {last}）：是占位值或输入错误，因此{outcome_zh}"),
                        )
                    }
                    DataDays::Nowhere => {
                        let (from, to) = (PLAUSIBLE_YEARS.start(), PLAUSIBLE_YEARS.end());
                        (
                            format!("date {date} stands for no date, as every date in the file does (a placeholder such as 1900-01-01 or 9999-12-31, or a year outside {from}–{to}), so {outcome}"),
                            format!("日期 {date} 不代表真实日期，文件中所有日期都是如此（如 1900-01-01、9999-12-31 之类的占位值，或 {from}–{to} 年以外的年份），因此{outcome_zh}"),
                        )
                    }
                }
            }
            RowIssue::NotASale { status } => (
                format!("the order's status '{status}' means no completed sale"),
                format!("订单状态“{status}”表示交易未完成"),
            ),
            RowIssue::DealNotWon { stage } => (
                format!("the deal's stage '{stage}' is not won"),
                format!("商机阶段“{stage}”不是赢单"),
            ),
            RowIssue::NotACustomerPayment { kind, incoming } => match incoming {
                Some(true) => (
                    format!("'{kind}', money in, is not a customer's payment"),
                    format!("“{kind}”（收入）不是客户付款"),
                ),
                Some(false) => (
                    format!("'{kind}', money out, is not money sent back to a customer"),
                    format!("“{kind}”（支出）不是退给客户的款项"),
                ),
                None => (
                    format!("'{kind}' moved no money"),
                    format!("“{kind}”没有资金变动"),
                ),
            },
            RowIssue::AdjustedToNothing { adjusted } => (
                format!("the adjusted amount '{adjusted}' leaves nothing of the sale, so it brought no money"),
                format!("调整后金额“{adjusted}”使该笔销售不剩任何金额，未带来收入"),
            ),
            RowIssue::RefundedInFull { refund } => (
                format!("the refund '{refund}' is the whole amount or more, so the sale brought no money"),
                format!("退款“{refund}”不少于金额，该笔销售未带来收入"),
            ),
            RowIssue::PartlyRefunded { refund } => (
                format!("the refund '{refund}' is subtracted from the amount"),
                format!("已从金额中减去退款“{refund}”"),
            ),
            RowIssue::AdjustedAmount { adjusted } => (
                format!("the adjusted amount '{adjusted}' is counted in place of the amount"),
                format!("按调整后的金额“{adjusted}”计算，而非原金额"),
            ),
            RowIssue::ReturnByQuantity { quantity } => (
                format!("the quantity '{quantity}' is negative, so the amount is counted as a return"),
                format!("数量“{quantity}”为负，金额按退货计算"),
            ),
            RowIssue::RepeatedOrderTotal { total } => (
                format!("the order total '{total}' repeats that of the row above, of the same order, and is counted once"),
                format!("订单总额“{total}”与上一行（同一订单）相同，只计算一次"),
            ),
            RowIssue::SpansLines => (
                "a quoted value holds line breaks; check that the lines after the first are not rows".to_string(),
                "某个带引号的值中含有换行；请检查第一行之后的各行是否本应是数据行".to_string(),
            ),
            RowIssue::StrayQuote { value } => (
                format!("the quote in '{value}' opens a value that would take in the rows after it; read as written, and the lines after it as rows"),
                format!("“{value}”中的引号开启了一个会吞并其后各行的值；已按原样读取，其后各行照常作为数据行读取"),
            ),
            RowIssue::DuplicateRow { first_line } | RowIssue::DuplicateResponse { first_line } => (
                format!("repeats line {first_line} exactly"),
                format!("与第 {first_line} 行完全相同"),
            ),
            RowIssue::CancellationAsReturn { order } => (
                format!("cancellation {order} has a positive amount; counted as a return"),
                format!("取消单 {order} 的金额为正；按退货计算"),
            ),
            RowIssue::RoundedOrderId { order } => (
                format!("order id '{order}' is a number Excel rounded; the purchase is counted by its day"),
                format!("订单号“{order}”是被 Excel 四舍五入的数字；该次购买按日期计算"),
            ),
            RowIssue::InvalidNumber { field, text } if text.trim().is_empty() => (
                format!("the {field} is empty"),
                format!("{}为空", field_zh(field)),
            ),
            RowIssue::InvalidNumber { field, text } => {
                // The row was read with one separator: a number with the other is written so.
                let other = [DecimalSeparator::Point, DecimalSeparator::Comma]
                    .into_iter()
                    .find(|separator| separator.parse(text).is_some());
                let [(read_with, read_with_zh), (written, written_zh)] = match other {
                    Some(DecimalSeparator::Point) => [("comma", "小数逗号"), ("point", "小数点")],
                    Some(DecimalSeparator::Comma) => [("point", "小数点"), ("comma", "小数逗号")],
                    None => {
                        return Texts::new(
                            format!("{field} '{text}' is not a number"),
                            format!("{}“{text}”不是数字", field_zh(field)),
                        )
                    }
                };
                (
                    format!("{field} '{text}' is not a number with a decimal {read_with}, which the file's numbers are read with; if the file writes a decimal {written}, choose it with the decimal separator option"),
                    format!("{}“{text}”按本文件使用的{read_with_zh}读取不是数字；如果文件使用{written_zh}，请用小数分隔符选项选择它", field_zh(field)),
                )
            }
            RowIssue::AmountTooLarge { field, text } => (
                format!("{field} '{text}' is past 10^15, more than any sale: check that the column holds money, not ids or codes"),
                format!("{}“{text}”超过 10^15，大于任何一笔交易：请检查该列是金额，而不是编号或代码", field_zh(field)),
            ),
            RowIssue::InvalidCount { field, text, min } if text.trim().is_empty() => (
                format!("the {field} is empty; it must be a whole number of at least {min}"),
                format!("{}为空；应为不小于 {min} 的整数", field_zh(field)),
            ),
            // A customer in a customer file bought at least once: a frequency of 0 is the
            // lifetimes package's count of repeat purchases, which leaves the first out.
            RowIssue::InvalidCount { field: "frequency", text, min }
                if text.trim().parse::<f64>() == Ok(0.0) =>
            (
                format!("frequency '{text}' is not a whole number of at least {min}; frequency counts every purchase, the first too (the lifetimes package's frequency counts repeat purchases only: add 1 to it)"),
                format!("购买次数“{text}”不是不小于 {min} 的整数；购买次数应计入每一次购买，包括第一次（lifetimes 包的 frequency 只计复购次数：需加 1）"),
            ),
            RowIssue::InvalidCount { field, text, min } => (
                format!("{field} '{text}' is not a whole number of at least {min}"),
                format!("{}“{text}”不是不小于 {min} 的整数", field_zh(field)),
            ),
            RowIssue::CountTooLarge { field, text } => {
                let max = grouped(MAX_COUNT.into());
                (
                    format!("{field} '{text}' is a whole number, but past {max}, more than any customer's: check that it is a count, not an id or an amount"),
                    format!("{}“{text}”是整数，但超过 {max}，大于任何客户可能有的数：请检查它是次数或天数，而不是编号或金额", field_zh(field)),
                )
            }
            RowIssue::RecencyTooLong { days } => (
                format!("a recency of {days} days is more than {MAX_RECENCY_DAYS} (a hundred years)"),
                format!("最近购买天数 {days} 超过 {MAX_RECENCY_DAYS}（一百年）"),
            ),
            RowIssue::DuplicateCustomer { id, first_line } => (
                format!("customer '{id}' already has a row (line {first_line}); a customer file has one row per customer"),
                format!("客户“{id}”已有一行（第 {first_line} 行）；客户汇总文件每位客户只应有一行"),
            ),
            RowIssue::LastBeforeFirst {
                first,
                last,
                recency_days: None,
            } => (
                format!("the last purchase {last} is before the first purchase {first}"),
                format!("最近购买日期 {last} 早于首次购买日期 {first}"),
            ),
            RowIssue::LastBeforeFirst {
                first,
                last,
                recency_days: Some(days),
            } => (
                format!("the last purchase, {days} days before the analysis date ({last}), is before the first purchase {first}"),
                format!("最近购买在分析日期之前 {days} 天（{last}），早于首次购买日期 {first}"),
            ),
            RowIssue::OnePurchaseOnTwoDates { first, last } => (
                format!("a frequency of 1 (one purchase) but the first purchase {first} and the last {last} are different days; frequency counts every purchase, the first too"),
                format!("购买次数为 1（一次购买），但首次购买 {first} 与最近购买 {last} 不是同一天；购买次数应计入每一次购买，包括第一次"),
            ),
            RowIssue::NoAnswer => (
                "no question has a usable answer".to_string(),
                "没有任何问题有可用的回答".to_string(),
            ),
            RowIssue::AfterAsOf { date, as_of } => (
                format!("answered on {date}, after the analysis date {as_of}"),
                format!("回答日期 {date} 晚于分析日期 {as_of}"),
            ),
            RowIssue::InvalidAnswer {
                question,
                text,
                scale,
            } => (
                format!("{question} '{text}' is not a whole number on the scale {scale}"),
                format!("{question} 回答“{text}”不是量表 {scale} 上的整数"),
            ),
        };
        Texts::new(en, zh_cn)
    }
}

/// The Chinese name of a column role named in a row's problem.
fn field_zh(field: &str) -> &str {
    match field {
        "amount" => "金额",
        "quantity" => "数量",
        "unit price" => "单价",
        "cost" => "成本",
        "profit" => "毛利",
        "refund" => "退款金额",
        "adjusted amount" => "调整后金额",
        "frequency" => "购买次数",
        "monetary" => "消费金额",
        "purchase days" => "购买天数",
        "recency" => "最近购买天数",
        "repeat monetary" => "复购金额",
        other => other,
    }
}

/// How many rows each issue concerns, keeping the first few of each for the user to look at.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RowLog {
    groups: Vec<IssueGroup>,
}

/// Where the days of a file's data lie, once some of its dates stand more than two years
/// apart from them (see [`RowIssue::DateApart`]).
///
/// ```
/// use custval::{DataDays, Date};
///
/// let day = |text: &str| text.parse::<Date>().unwrap();
/// let data = DataDays::Between(day("2024-01-01"), day("2024-12-31"));
/// assert!(data.holds(day("2024-06-30")));
/// assert!(!data.holds(day("1900-01-01")));
/// assert!(!DataDays::Nowhere.holds(day("2024-06-30")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataDays {
    /// From the first to the last of these days.
    Between(Date, Date),
    /// Nowhere: every date is a placeholder for none (`1900-01-01`, `9999-12-31`) or in no
    /// plausible year.
    Nowhere,
}

impl DataDays {
    /// Whether `date` is among the data's days.
    pub fn holds(self, date: Date) -> bool {
        match self {
            DataDays::Between(first, last) => (first..=last).contains(&date),
            DataDays::Nowhere => false,
        }
    }
}

/// One class of skipped rows, as in `input.skipped[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueGroup {
    /// Stable key of the reason, such as `invalidDate`.
    pub reason: &'static str,
    /// What the reason means and what to do about it.
    pub advice: Texts,
    /// Rows skipped for this reason.
    pub count: u64,
    /// The first rows skipped for this reason, at most [`RowLog::EXAMPLES_PER_REASON`].
    pub examples: Vec<IssueRow>,
}

/// One skipped row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The row's last line, when a quoted value in it holds line breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_line: Option<u64>,
    /// The problem, in words, starting with the line number.
    pub message: Texts,
}

impl RowLog {
    /// Rows listed per reason; the count is always complete.
    pub const EXAMPLES_PER_REASON: usize = 100;

    /// Characters of a value from the file that a row's message quotes: a field of a broken
    /// file can run to megabytes, and its start is enough to find it.
    pub const QUOTED_CHARS: usize = 60;

    /// Records a row's issue; its message quotes at most [`RowLog::QUOTED_CHARS`] characters of
    /// a value from the file.
    pub fn push(&mut self, lines: impl Into<Lines>, mut reason: RowIssue) {
        let lines = lines.into();
        let key = reason.key();
        let index = match self.groups.iter().position(|group| group.reason == key) {
            Some(index) => index,
            None => {
                self.groups.push(IssueGroup {
                    reason: key,
                    advice: reason.advice(),
                    count: 0,
                    examples: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[index];
        group.count += 1;
        if group.examples.len() < Self::EXAMPLES_PER_REASON {
            if let Some(value) = reason.quoted_value_mut() {
                *value = Abridged(value, Self::QUOTED_CHARS).to_string();
            }
            group.examples.push(IssueRow {
                line: lines.first,
                last_line: lines.several().then_some(lines.last),
                message: reason.describe(lines),
            });
        }
    }

    /// Records the rows `later` recorded, which come after these in the file, as if pushed
    /// here one by one: classes new here follow in the order `later` first saw them.
    pub(crate) fn append(&mut self, later: RowLog) {
        for group in later.groups {
            match self
                .groups
                .iter_mut()
                .find(|own| own.reason == group.reason)
            {
                Some(own) => {
                    own.count += group.count;
                    let room = Self::EXAMPLES_PER_REASON.saturating_sub(own.examples.len());
                    own.examples.extend(group.examples.into_iter().take(room));
                }
                None => self.groups.push(group),
            }
        }
    }

    /// Takes back a row recorded for `reason` on `line`, as when a row noted as read otherwise
    /// is skipped after all once the whole file is read.
    pub(crate) fn forget(&mut self, line: u64, reason: &str) {
        let Some(index) = self.groups.iter().position(|group| group.reason == reason) else {
            return;
        };
        let group = &mut self.groups[index];
        group.count -= 1;
        group.examples.retain(|example| example.line != line);
        if group.count == 0 {
            self.groups.remove(index);
        }
    }

    /// Total rows recorded.
    pub fn total(&self) -> u64 {
        self.groups.iter().map(|group| group.count).sum()
    }

    /// The classes of issues, in the order first seen.
    pub fn groups(&self) -> &[IssueGroup] {
        &self.groups
    }

    /// The first problem found, to quote when nothing could be used.
    pub fn first_problem(&self) -> Option<&Texts> {
        let first = self
            .groups
            .iter()
            .filter_map(|group| group.examples.first())
            .min_by_key(|row| row.line)?;
        Some(&first.message)
    }
}

#[cfg(test)]
impl RowLog {
    /// Every example as `reason: message` in English, for tests to compare.
    pub(crate) fn messages(&self) -> Vec<String> {
        let mut messages = Vec::new();
        for group in self.groups() {
            let examples = group.examples.iter();
            messages.extend(examples.map(|row| format!("{}: {}", group.reason, row.message.en)));
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forgotten_row_leaves_the_count_and_the_list() {
        let mut altered = RowLog::default();
        for line in 2..2 + 150 {
            altered.push(line, RowIssue::MissingCustomer);
        }
        altered.push(7, RowIssue::MissingDate);
        // One listed, one past the list: both counts go down, only the first leaves the list.
        altered.forget(3, "missingCustomer");
        altered.forget(140, "missingCustomer");
        let group = &altered.groups()[0];
        assert_eq!((group.count, group.examples.len()), (148, 99));
        assert!(group.examples.iter().all(|example| example.line != 3));
        // The last row of a class takes the class with it.
        altered.forget(7, "missingDate");
        assert_eq!(altered.groups().len(), 1);
        assert_eq!(altered.total(), 148);
    }

    #[test]
    fn a_long_value_is_quoted_by_its_start() {
        let mut skipped = RowLog::default();
        let value = format!("{}{}", "é".repeat(59), "9".repeat(1_000_000));
        skipped.push(
            4,
            RowIssue::InvalidNumber {
                field: "amount",
                text: value,
            },
        );
        let message = &skipped.groups()[0].examples[0].message.en;
        let quoted = format!("'{}9…'", "é".repeat(59));
        assert!(message.starts_with("line 4: "), "{message}");
        assert!(message.contains(&quoted), "{message}");
        assert!(message.len() < 300, "{} bytes", message.len());
        // A value of the limit's length is quoted whole.
        let mut skipped = RowLog::default();
        let text = "1".repeat(RowLog::QUOTED_CHARS);
        skipped.push(
            5,
            RowIssue::StrayQuote {
                value: text.clone(),
            },
        );
        assert!(skipped.groups()[0].examples[0].message.en.contains(&text));
        assert!(!skipped.groups()[0].examples[0].message.en.contains('…'));
    }

    #[test]
    fn counts_every_row_but_keeps_a_bounded_list() {
        let mut skipped = RowLog::default();
        for line in 2..2 + 250 {
            skipped.push(line, RowIssue::MissingCustomer);
        }
        skipped.push(
            9,
            RowIssue::InvalidDate {
                text: "2024-02-30".into(),
                format: "YYYY-MM-DD",
            },
        );
        assert_eq!(skipped.total(), 251);
        let groups = skipped.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 250);
        assert_eq!(groups[0].examples.len(), RowLog::EXAMPLES_PER_REASON);
        assert_eq!(groups[0].examples[0].line, 2);
        assert_eq!(
            groups[1].examples[0].message,
            Texts::new(
                "line 9: date '2024-02-30' is not a valid date (the column is read as YYYY-MM-DD)",
                "第 9 行：日期“2024-02-30”不是有效日期（该列按 YYYY-MM-DD 读取）"
            )
        );
        assert_eq!(
            skipped.first_problem().map(|problem| problem.en.as_str()),
            Some("line 2: the customer id is empty")
        );
    }

    #[test]
    fn empty_and_malformed_numbers_read_differently() {
        let empty = RowIssue::InvalidNumber {
            field: "amount",
            text: " ".into(),
        };
        let bad = RowIssue::InvalidNumber {
            field: "amount",
            text: "n/a".into(),
        };
        assert_eq!(
            empty.describe(3),
            Texts::new("line 3: the amount is empty", "第 3 行：金额为空")
        );
        assert_eq!(
            bad.describe(4),
            Texts::new(
                "line 4: amount 'n/a' is not a number",
                "第 4 行：金额“n/a”不是数字"
            )
        );
    }
}
