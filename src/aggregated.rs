//! Customer-level input: one row per customer, aggregated elsewhere (a data warehouse, a
//! spreadsheet), as a customer file or as records from a program.
//!
//! The figures must follow custval's definitions (see `docs/warehouse.sql`): frequency counts
//! purchase occasions, monetary is net revenue with returns subtracted, and the last purchase is
//! the last day with a purchase, not with a return.

use crate::attributes::{AttributeBreakdown, CustomerAttributes};
use crate::columns::CustomerColumnsUsed;
use crate::customers::{round_money, Customer, CustomerBase, PurchaseDays};
use crate::error::{Error, ErrorKind};
use crate::quality::{checked_amount, RowIssue, MAX_RECENCY_DAYS};
use crate::retention::RetentionSection;
use crate::text::{Counted, Shortest, Texts};
use crate::Date;
use serde::Serialize;

/// When a customer last bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastSeen {
    /// The day of the last purchase.
    Date(Date),
    /// Days from the last purchase to asOf, which must then be given.
    DaysBeforeAsOf(u32),
}

impl LastSeen {
    /// The day of the last purchase, for an analysis date of `as_of`.
    pub(crate) fn date(self, as_of: Date) -> Date {
        match self {
            LastSeen::Date(date) => date,
            LastSeen::DaysBeforeAsOf(days) => as_of.add_days(-(days.min(MAX_RECENCY_DAYS) as i32)),
        }
    }
}

/// One customer's totals, as a customer file row or a program gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerRecord {
    /// The customer id.
    pub id: String,
    /// The last purchase.
    pub last_purchase: LastSeen,
    /// The day of the first purchase; the lifetime value needs it.
    pub first_purchase: Option<Date>,
    /// Purchase occasions, at least 1.
    pub frequency: u32,
    /// Net revenue: purchases minus returns.
    pub monetary: f64,
    /// Distinct purchase days; default: the frequency. An order whose lines fall on two days
    /// is one occasion on two purchase days.
    pub purchase_days: Option<u32>,
    /// Net revenue after the first purchase day; default: the average per purchase day times
    /// the repeat purchase days.
    pub repeat_monetary: Option<f64>,
    /// What the customer's purchases cost the seller.
    pub cost: Option<f64>,
}

impl CustomerRecord {
    /// The first problem that makes the record unusable, if any. A recency in days is checked
    /// against the first purchase only with the analysis date `as_of` it counts back from.
    pub(crate) fn check(&self, as_of: Option<Date>) -> Result<(), RowIssue> {
        if self.id.trim().is_empty() {
            return Err(RowIssue::MissingCustomer);
        }
        if self.frequency < 1 {
            return Err(RowIssue::InvalidCount {
                field: "frequency",
                text: self.frequency.to_string(),
                min: 1,
            });
        }
        let amounts = [
            ("monetary", Some(self.monetary)),
            ("repeat monetary", self.repeat_monetary),
            ("cost", self.cost),
        ];
        for (field, value) in amounts {
            if let Some(value) = value {
                checked_amount(
                    field,
                    &Shortest(value).to_string(),
                    value.is_finite().then_some(value),
                )?;
            }
        }
        let recency_days = match self.last_purchase {
            LastSeen::DaysBeforeAsOf(days) if days > MAX_RECENCY_DAYS => {
                return Err(RowIssue::RecencyTooLong { days })
            }
            LastSeen::DaysBeforeAsOf(days) => Some(days),
            LastSeen::Date(_) => None,
        };
        let last = match (self.last_purchase, as_of) {
            (LastSeen::Date(last), _) => Some(last),
            (last_seen, as_of) => as_of.map(|as_of| last_seen.date(as_of)),
        };
        if let (Some(first), Some(last)) = (self.first_purchase, last) {
            if last < first {
                return Err(RowIssue::LastBeforeFirst {
                    first,
                    last,
                    recency_days,
                });
            }
            // One purchase on two days is one order whose lines fall on both, which the
            // purchase days then count; without them, a frequency of repeat purchases only.
            if self.frequency == 1 && last != first && self.purchase_days.unwrap_or(1) < 2 {
                return Err(RowIssue::OnePurchaseOnTwoDates { first, last });
            }
        }
        // More purchase days than occasions is an order whose lines fall on several days, as
        // transactions can have it (an order placed before midnight and invoiced after).
        match self.purchase_days {
            Some(0) => Err(RowIssue::InvalidCount {
                field: "purchase days",
                text: "0".into(),
                min: 1,
            }),
            _ => Ok(()),
        }
    }
}

/// Something the input cannot give, and what it means for the report, as listed in
/// `input.limitations`: mostly what a customer file lacks that transactions would have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Limitation {
    /// A stable key: `noMigration`, `noClv`, `purchaseDaysFromFrequency`,
    /// `repeatSpendFromAverage`, `noClusters` (automatic clustering found every customer
    /// alike), `unusableMargin` (the cost column's gross margin is not between 0 and 100 %),
    /// `mixedCurrencies` (amounts in several currencies, added as they are),
    /// `maskedCustomerIds` (ids a platform masked, `138****1234`), `unreadableCharacters`
    /// (bytes not valid in the file's encoding, or NUL characters after its first KiB, read as
    /// U+FFFD) or `headerLooksLikeData` (a header row of numbers and dates, as where a file
    /// without one is read with one).
    pub key: &'static str,
    /// What is missing or approximated, and how to get it.
    pub text: Texts,
}

/// What the analysis takes from the customers, whichever kind of input they came from.
pub(crate) struct CustomerData {
    /// The analysis date.
    pub as_of: Date,
    /// The customers as of `as_of`.
    pub base: CustomerBase,
    /// The customers as of the migration's earlier date; `None` when the input cannot say.
    pub earlier: Option<(Date, CustomerBase)>,
    /// The lifetime-value models' input, in the order of `base.customers`; `None` without
    /// every customer's first purchase.
    pub days: Option<Vec<PurchaseDays>>,
    /// The last date of the data, past `as_of` when there is a hold-out period.
    pub data_end: Date,
    /// Customer retention; `None` for a customer file, which has no dated purchases.
    pub retention: Option<RetentionSection>,
    /// What the input could not give.
    pub limitations: Vec<Limitation>,
    /// Customers and revenue by region, channel, category and customer type; empty for a customer file.
    pub attributes: Vec<AttributeBreakdown>,
    /// Each customer's main region, channel, category and customer type, in the order of `base.customers`;
    /// empty for a customer file.
    pub main_values: Vec<CustomerAttributes>,
}

/// Where the customers' first purchase dates come from, so that the advice for the missing ones
/// names what to fill in.
#[derive(Clone, Copy)]
pub(crate) enum FirstPurchaseSource<'a> {
    /// A customer file, with the header of its first purchase column when it has one.
    File(Option<&'a str>),
    /// Records given by a program.
    Records,
}

/// The customers of a customer file or of records, as of `as_of` (by default the latest last
/// purchase). Customers whose last (or first) purchase falls after `as_of` are not scored: a
/// customer-level total cannot be cut at an earlier date.
pub(crate) fn customer_data(
    records: Vec<CustomerRecord>,
    first_purchases: FirstPurchaseSource,
    as_of: Option<Date>,
    rows_read: u64,
    first_problem: Option<&Texts>,
) -> Result<CustomerData, Error> {
    let as_of = match (as_of, latest_purchase(&records)) {
        (Some(as_of), _) => as_of,
        (None, Some(latest)) => latest,
        (None, None) if records.is_empty() => {
            return Err(ErrorKind::NoUsableRows {
                rows_read,
                first_problem: first_problem.cloned(),
            }
            .into())
        }
        (None, None) => return Err(ErrorKind::AsOfNeeded.into()),
    };
    // An analysis date before every date of the file is the option's mistake, as one before a
    // transactions file's first transaction is: said so, rather than that no row was usable.
    let dates = records.iter().flat_map(|record| {
        [
            Some(record.last_purchase.date(as_of)),
            record.first_purchase,
        ]
    });
    if let Some(first_date) = dates.flatten().min().filter(|&first| as_of < first) {
        return Err(ErrorKind::AsOfBeforeData { as_of, first_date }.into());
    }
    let mut base = CustomerBase {
        customers: Vec::with_capacity(records.len()),
        rows_used: 0,
        rows_after_as_of: 0,
        return_only_customers: 0,
        net_revenue: 0.0,
        date_range: None,
        gross_margin: None,
    };
    let mut days = Vec::with_capacity(records.len());
    let (mut costed_revenue, mut cost, mut net) = (0.0, 0.0, 0.0);
    let (mut without_first, mut without_days, mut without_repeat) = (0u64, 0u64, 0u64);
    for record in records {
        let last_purchase = record.last_purchase.date(as_of);
        if last_purchase > as_of || record.first_purchase.is_some_and(|first| first > as_of) {
            base.rows_after_as_of += 1;
            continue;
        }
        base.rows_used += 1;
        net += record.monetary;
        if let Some(record_cost) = record.cost {
            costed_revenue += record.monetary;
            cost += record_cost;
        }
        let earliest = record.first_purchase.unwrap_or(last_purchase);
        base.date_range = Some(base.date_range.map_or((earliest, last_purchase), |(a, b)| {
            (a.min(earliest), b.max(last_purchase))
        }));
        without_days += u64::from(record.purchase_days.is_none());
        without_repeat += u64::from(record.repeat_monetary.is_none());
        match record.first_purchase {
            Some(first) => {
                let purchase_days = record.purchase_days.unwrap_or(record.frequency);
                let repeat_days = f64::from(purchase_days - 1);
                days.push(PurchaseDays {
                    first,
                    last: last_purchase,
                    days: purchase_days,
                    repeat_net: round_money(
                        record
                            .repeat_monetary
                            .unwrap_or(record.monetary / f64::from(purchase_days) * repeat_days),
                    ),
                    later_days: 0,
                });
            }
            None => without_first += 1,
        }
        base.customers.push(Customer {
            id: record.id,
            first_purchase: record.first_purchase,
            last_purchase,
            recency_days: as_of.days_since(last_purchase),
            frequency: record.frequency,
            monetary: round_money(record.monetary),
            gross_profit: record.cost.map(|cost| round_money(record.monetary - cost)),
        });
    }
    base.net_revenue = round_money(net);
    base.gross_margin = (costed_revenue > 0.0).then(|| 1.0 - cost / costed_revenue);
    let mut limitations = vec![Limitation {
        key: "noMigration",
        text: Texts::new(
            "Segment migration needs each customer's purchases at an earlier date, which one row of totals per customer does not have; analyse the transactions to see it.",
            "客户细分迁移需要每位客户在更早日期的购买记录，而每位客户一行的汇总数据没有这些信息；请分析交易明细以查看迁移。",
        ),
    }];
    let has_days = without_first == 0 && !base.customers.is_empty();
    if !has_days {
        let need = "Lifetime value, churn and lifecycle stages need every customer's first purchase date (the BG/NBD model's T)";
        let need_zh =
            "客户终身价值、流失与生命周期阶段需要每位客户的首次购买日期（BG/NBD 模型中的 T）";
        let have_none = Counted(without_first, "customer has", "customers have");
        let text = match first_purchases {
            FirstPurchaseSource::File(Some(column)) => {
                let blanks = Counted(without_first, "blank", "blanks");
                Texts::new(
                    format!("{need}, and {have_none} none; fill in the {blanks} of the first purchase column ('{column}') to get them."),
                    format!("{need_zh}，有 {without_first} 位客户的首次购买日期为空；请补全首次购买日期列（“{column}”）中的 {without_first} 个空值。"),
                )
            }
            FirstPurchaseSource::File(None) => Texts::new(
                format!("{need}, and {have_none} none; add a first_purchase column to get them."),
                format!("{need_zh}，有 {without_first} 位客户缺少该日期；请添加 first_purchase（首次购买日期）列。"),
            ),
            FirstPurchaseSource::Records => Texts::new(
                format!("{need}, and {have_none} none; give each record its firstPurchase to get them."),
                format!("{need_zh}，有 {without_first} 位客户缺少该日期；请为每条记录给出 firstPurchase（首次购买日期）。"),
            ),
        };
        limitations.push(Limitation { key: "noClv", text });
    } else {
        if without_days > 0 {
            limitations.push(Limitation {
                key: "purchaseDaysFromFrequency",
                text: Texts::new(
                    format!("{without_days} customers have no purchase_days: the lifetime-value models count each of their purchase occasions as a purchase day, which overstates repeat purchases when a customer orders twice on one day."),
                    format!("有 {without_days} 位客户缺少 purchase_days（购买天数）：终身价值模型把他们的每次购买都算作一个购买日，同一天多次下单时会高估复购次数。"),
                ),
            });
        }
        if without_repeat > 0 {
            limitations.push(Limitation {
                key: "repeatSpendFromAverage",
                text: Texts::new(
                    format!("{without_repeat} customers have no repeat_monetary: the spend model uses their average per purchase day including the first, where an analysis of transactions uses the repeat purchases only."),
                    format!("有 {without_repeat} 位客户缺少 repeat_monetary（复购金额）：消费模型使用他们含首次购买在内的每个购买日平均金额，而交易明细分析只使用复购金额。"),
                ),
            });
        }
    }
    Ok(CustomerData {
        as_of,
        base,
        earlier: None,
        days: has_days.then_some(days),
        data_end: as_of,
        retention: None,
        limitations,
        attributes: Vec::new(),
        main_values: Vec::new(),
    })
}

/// The latest last purchase given as a date, which is the analysis date unless one is given.
fn latest_purchase(records: &[CustomerRecord]) -> Option<Date> {
    records
        .iter()
        .filter_map(|record| match record.last_purchase {
            LastSeen::Date(date) => Some(date),
            LastSeen::DaysBeforeAsOf(_) => None,
        })
        .max()
}

/// Checks records given by a program, which have no lines to skip and report, for an analysis
/// date of `as_of`: the first unusable record is an error naming its position and problem.
pub(crate) fn check_records(records: &[CustomerRecord], as_of: Option<Date>) -> Result<(), Error> {
    let as_of = as_of.or_else(|| latest_purchase(records));
    let mut seen = rustc_hash::FxHashMap::default();
    for (index, record) in records.iter().enumerate() {
        let problem = record
            .check(as_of)
            .err()
            .map(|issue| issue.problem())
            .or_else(|| {
                seen.insert(record.id.as_str(), index).map(|first| {
                    let id = &record.id;
                    Texts::new(
                        format!("customer '{id}' is also customers[{first}]; give one record per customer"),
                        format!("客户“{id}”也是 customers[{first}]；每位客户只应有一条记录"),
                    )
                })
            });
        if let Some(problem) = problem {
            return Err(ErrorKind::InvalidRecord { index, problem }.into());
        }
    }
    if records.is_empty() {
        return Err(ErrorKind::EmptyInput.into());
    }
    Ok(())
}

impl CustomerColumnsUsed {
    /// The fields of records given by a program, named as in JavaScript, for `input.columns`.
    pub(crate) fn of_records(records: &[CustomerRecord]) -> CustomerColumnsUsed {
        let any = |given: fn(&CustomerRecord) -> bool, name: &str| {
            records.iter().any(given).then(|| name.to_string())
        };
        let by_date = records
            .iter()
            .any(|r| matches!(r.last_purchase, LastSeen::Date(_)));
        CustomerColumnsUsed {
            customer: "id".into(),
            last_purchase: by_date.then(|| "lastPurchase".into()),
            recency: (!by_date).then(|| "recencyDays".into()),
            first_purchase: any(|r| r.first_purchase.is_some(), "firstPurchase"),
            frequency: "frequency".into(),
            monetary: "monetary".into(),
            purchase_days: any(|r| r.purchase_days.is_some(), "purchaseDays"),
            repeat_monetary: any(|r| r.repeat_monetary.is_some(), "repeatMonetary"),
            cost: any(|r| r.cost.is_some(), "cost"),
            profit: None,
        }
    }
}
