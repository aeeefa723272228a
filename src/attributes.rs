//! Region, channel, category, customer type and discount: where the revenue comes from, and
//! each customer's main one (a customer mostly on discount is price-sensitive).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::columns::{ColumnsUsed, Role};
use crate::customers::{margin, round_money};
use crate::read::{AttributeColumn, Transactions, ValueIndex};
use crate::Date;

/// Customers and revenue by the values of one descriptive column, as of the analysis date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeBreakdown {
    /// `region`, `channel`, `category`, `customerType` or `discount`.
    pub attribute: Role,
    /// The header of the column read.
    pub column: String,
    /// One entry per value, the most revenue first.
    pub values: Vec<AttributeValue>,
    /// Rows up to asOf whose field is blank.
    pub blank_rows: u64,
    /// Their net revenue.
    pub blank_revenue: f64,
    /// Their gross profit; `None` when none of them has a cost.
    pub blank_profit: Option<RowsProfit>,
}

/// One value of a descriptive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeValue {
    /// The value as written in the file; for the discount column, `discounted` or `fullPrice`
    /// (see [`DiscountKind`]).
    pub value: String,
    /// Customers whose main value this is (see [`CustomerAttributes`]).
    pub customers: u64,
    /// Rows up to asOf with this value.
    pub rows: u64,
    /// Their net revenue: purchases minus returns.
    pub revenue: f64,
    /// `revenue` over the net revenue of all rows up to asOf.
    pub revenue_share: f64,
    /// The gross profit of its rows with a cost; `None` when none has one, as in a file
    /// without costs.
    pub profit: Option<RowsProfit>,
}

/// The gross profit of the rows of a value that have a cost. Counted by row, not by customer
/// as a segment's is: a customer's rows may have several values, and each row its own cost.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowsProfit {
    /// Σ (net amount − cost) of the rows counted (a return's cost comes back).
    pub gross_profit: f64,
    /// `gross_profit` ÷ their net revenue; `None` when that revenue is not positive.
    pub gross_margin: Option<f64>,
    /// Rows counted: those with a cost.
    pub rows: u64,
}

/// Sums of a value's rows with a cost, made into a [`RowsProfit`] once all are added.
#[derive(Clone, Copy, Debug, Default)]
struct CostedRows {
    revenue: f64,
    cost: f64,
    rows: u64,
}

impl CostedRows {
    fn add(&mut self, amount: f64, cost: Option<f64>) {
        if let Some(cost) = cost {
            self.revenue += amount;
            self.cost += cost;
            self.rows += 1;
        }
    }

    fn profit(self) -> Option<RowsProfit> {
        let profit = self.revenue - self.cost;
        (self.rows > 0).then(|| RowsProfit {
            gross_profit: round_money(profit),
            gross_margin: margin(profit, self.revenue),
            rows: self.rows,
        })
    }
}

/// Whether a row was bought on discount, read from its field in the discount column: a
/// discount's amount or rate (Superstore's `Discount`, Shopify's `Discount Amount`, 优惠金额),
/// or its code (`Discount Code`). A blank field, a number that is zero (`0`, `0.00`, `¥0`,
/// `0%`) or a word for none (`-`, `none`, `no`, 无) is none; anything else is a discount. The
/// breakdown's values and the customers' main ones are these keys, which each surface names
/// in its language.
///
/// ```
/// use custval::DiscountKind;
///
/// assert_eq!(DiscountKind::of("0.2"), DiscountKind::Discounted);
/// assert_eq!(DiscountKind::of("SPRING"), DiscountKind::Discounted);
/// assert_eq!(DiscountKind::of("$0.00"), DiscountKind::FullPrice);
/// assert_eq!(DiscountKind::of(""), DiscountKind::FullPrice);
/// assert_eq!(DiscountKind::of("无").key(), "fullPrice");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscountKind {
    /// Bought on discount.
    Discounted,
    /// Bought at full price.
    FullPrice,
}

impl DiscountKind {
    /// The kind of the row whose discount field is `field`.
    pub fn of(field: &str) -> DiscountKind {
        let field = field.trim();
        let mut digits = field.bytes().filter(u8::is_ascii_digit).peekable();
        let none = match digits.peek() {
            Some(_) => digits.all(|digit| digit == b'0'),
            None => {
                const NONE: [&str; 10] =
                    ["", "-", "–", "—", "none", "no", "n/a", "false", "无", "否"];
                NONE.iter().any(|word| field.eq_ignore_ascii_case(word))
            }
        };
        match none {
            true => DiscountKind::FullPrice,
            false => DiscountKind::Discounted,
        }
    }

    /// `discounted` or `fullPrice`.
    pub fn key(self) -> &'static str {
        match self {
            DiscountKind::Discounted => "discounted",
            DiscountKind::FullPrice => "fullPrice",
        }
    }
}

/// A customer's main region, channel, category, customer type and discount: of the values on
/// their rows up to asOf, the one that brought the most net revenue (the first in the file on a
/// tie). `None` without the column, or when all their fields in it are blank. A value is shared
/// by the customers who have it, not copied for each, through a pointer of one word where an
/// `Arc<str>` takes two: a customer's row is the largest block the analysis keeps (see
/// `CustomerRow`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAttributes {
    /// Main region.
    pub region: Option<Arc<String>>,
    /// Main sales channel.
    pub channel: Option<Arc<String>>,
    /// Main product category.
    pub category: Option<Arc<String>>,
    /// Main customer type (a membership level that changed: the one with the most revenue).
    pub customer_type: Option<Arc<String>>,
    /// `discounted` where most of the customer's net revenue was bought on discount (a
    /// price-sensitive customer, 价格敏感型), else `fullPrice` (see [`DiscountKind`]).
    pub discount: Option<Arc<String>>,
}

impl CustomerAttributes {
    /// The main value of a descriptive role; `None` for the other roles.
    pub fn get(&self, role: Role) -> Option<&str> {
        let value = match role {
            Role::Region => &self.region,
            Role::Channel => &self.channel,
            Role::Category => &self.category,
            Role::CustomerType => &self.customer_type,
            Role::Discount => &self.discount,
            _ => &None,
        };
        value.as_deref().map(String::as_str)
    }

    fn set(&mut self, role: Role, value: Arc<String>) {
        match role {
            Role::Region => self.region = Some(value),
            Role::Channel => self.channel = Some(value),
            Role::Category => self.category = Some(value),
            Role::CustomerType => self.customer_type = Some(value),
            Role::Discount => self.discount = Some(value),
            _ => {}
        }
    }
}

/// The breakdown of every descriptive column of `transactions`, and the main values of
/// `customers` (indices among the transactions' customers).
pub(crate) fn break_down(
    transactions: &Transactions,
    columns: &ColumnsUsed,
    as_of: Date,
    customers: &[u32],
) -> (Vec<AttributeBreakdown>, Vec<CustomerAttributes>) {
    let mut main_values = vec![CustomerAttributes::default(); customers.len()];
    let mut breakdowns = Vec::new();
    let total: f64 = transactions
        .rows
        .iter()
        .filter(|row| row.date <= as_of)
        .map(|row| row.amount)
        .sum();
    for column in &transactions.attributes {
        let header = column_header(columns, column.role);
        let (breakdown, mains) =
            break_down_column(transactions, column, header, as_of, customers, total);
        let values: Vec<Arc<String>> = column.values.iter().cloned().map(Arc::new).collect();
        for (customer, main) in main_values.iter_mut().zip(mains) {
            if let Some(value) = main {
                customer.set(column.role, Arc::clone(&values[value as usize]));
            }
        }
        breakdowns.push(breakdown);
    }
    (breakdowns, main_values)
}

fn column_header(columns: &ColumnsUsed, role: Role) -> String {
    let header = match role {
        Role::Region => &columns.region,
        Role::Channel => &columns.channel,
        Role::Category => &columns.category,
        Role::CustomerType => &columns.customer_type,
        Role::Discount => &columns.discount,
        _ => return String::new(),
    };
    header.clone().unwrap_or_default()
}

/// Each customer's net revenue by value of one column. Most customers have a single value
/// (their country, say): a slot per customer holds the first, and a map the few others, so
/// that a row costs an array access rather than a hash table probe.
struct CustomerNets {
    /// Per customer, the first value seen and its net; [`CustomerNets::NONE`] before any.
    first: Vec<(u32, f64)>,
    further: FxHashMap<(u32, u32), f64>,
}

impl CustomerNets {
    const NONE: u32 = u32::MAX;

    fn new(customers: usize) -> CustomerNets {
        CustomerNets {
            first: vec![(CustomerNets::NONE, 0.0); customers],
            further: FxHashMap::default(),
        }
    }

    fn add(&mut self, customer: u32, value: u32, amount: f64) {
        match &mut self.first[customer as usize] {
            (first, net) if *first == value => *net += amount,
            (first, net) if *first == CustomerNets::NONE => (*first, *net) = (value, amount),
            _ => *self.further.entry((customer, value)).or_default() += amount,
        }
    }

    /// The main value of each of `customers`: the greatest net revenue, and on a tie the value
    /// first seen in the file (the lowest index).
    fn main_values(self, customers: &[u32]) -> Vec<Option<u32>> {
        let mut best: Vec<(f64, u32)> = self
            .first
            .into_iter()
            .map(|(value, net)| (net, value))
            .collect();
        for ((customer, value), net) in self.further {
            let entry = &mut best[customer as usize];
            if net > entry.0 || (net == entry.0 && value < entry.1) {
                *entry = (net, value);
            }
        }
        customers
            .iter()
            .map(|&customer| {
                let (_, value) = best[customer as usize];
                (value != CustomerNets::NONE).then_some(value)
            })
            .collect()
    }
}

/// One column's breakdown and each customer's main value index.
fn break_down_column(
    transactions: &Transactions,
    column: &AttributeColumn,
    header: String,
    as_of: Date,
    customers: &[u32],
    total: f64,
) -> (AttributeBreakdown, Vec<Option<u32>>) {
    let mut rows = vec![0u64; column.values.len()];
    let mut revenue = vec![0.0; column.values.len()];
    let mut costed = vec![CostedRows::default(); column.values.len()];
    let (mut blank_rows, mut blank_revenue) = (0, 0.0);
    let mut blank_costed = CostedRows::default();
    let mut nets = CustomerNets::new(transactions.customer_ids.len());
    let costs = transactions.row_costs();
    for ((row, value), cost) in transactions.rows.iter().zip(&column.by_row).zip(costs) {
        if row.date > as_of {
            continue;
        }
        match value.map(ValueIndex::get) {
            Some(value) => {
                rows[value as usize] += 1;
                revenue[value as usize] += row.amount;
                costed[value as usize].add(row.amount, cost);
                nets.add(row.customer, value, row.amount);
            }
            None => {
                blank_rows += 1;
                blank_revenue += row.amount;
                blank_costed.add(row.amount, cost);
            }
        }
    }
    let mains = nets.main_values(customers);
    let mut customer_counts = vec![0u64; column.values.len()];
    for value in mains.iter().flatten() {
        customer_counts[*value as usize] += 1;
    }
    let mut values: Vec<AttributeValue> = column
        .values
        .iter()
        .enumerate()
        .filter(|&(index, _)| rows[index] > 0)
        .map(|(index, value)| AttributeValue {
            value: value.clone(),
            customers: customer_counts[index],
            rows: rows[index],
            revenue: round_money(revenue[index]),
            revenue_share: if total > 0.0 {
                revenue[index] / total
            } else {
                0.0
            },
            profit: costed[index].profit(),
        })
        .collect();
    // Stable, so equal revenues keep the file's order.
    values.sort_by(|a, b| b.revenue.total_cmp(&a.revenue));
    let breakdown = AttributeBreakdown {
        attribute: column.role,
        column: header,
        values,
        blank_rows,
        blank_revenue: round_money(blank_revenue),
        blank_profit: blank_costed.profit(),
    };
    (breakdown, mains)
}
