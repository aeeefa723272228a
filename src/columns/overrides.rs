//! The columns a user chooses for roles, by header name or position.

use super::{normalise, Role};
use crate::error::Error;
use crate::setting::{refusal, Setting};
use crate::text::Texts;

/// A column named by its header or by its 1-based position, as in `customer=3`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    /// The header, compared like recognised headers (ignoring case, spaces and punctuation).
    Name(String),
    /// 1-based position.
    Position(usize),
    /// No column: the role is left out even where a header would be recognised for it (a
    /// column taken for the order id that is not one, say). A needed role left out is missing.
    Unused,
}

impl std::str::FromStr for ColumnRef {
    type Err = String;

    /// A number is a position (from 1), `none` leaves the role out, anything else is a header
    /// name (a header that is literally "none" can be given by its position).
    fn from_str(text: &str) -> Result<ColumnRef, String> {
        let text = text.trim();
        match text.parse::<usize>() {
            Ok(0) => Err("column positions start at 1".to_string()),
            Ok(position) => Ok(ColumnRef::Position(position)),
            Err(_) if text.is_empty() => Err("the column name is empty".to_string()),
            Err(_) if text == "none" => Ok(ColumnRef::Unused),
            Err(_) => Ok(ColumnRef::Name(text.to_string())),
        }
    }
}

/// Columns chosen by the user; a role left `None` is recognised from the header row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnOverrides {
    /// Customer id.
    pub customer: Option<ColumnRef>,
    /// Date.
    pub date: Option<ColumnRef>,
    /// Amount.
    pub amount: Option<ColumnRef>,
    /// Quantity (with price, when there is no amount).
    pub quantity: Option<ColumnRef>,
    /// Unit price (with quantity).
    pub price: Option<ColumnRef>,
    /// Order id.
    pub order: Option<ColumnRef>,
    /// Cost of the row (in a customer file, of the customer).
    pub cost: Option<ColumnRef>,
    /// The row's gross profit, read where the file has no cost column.
    pub profit: Option<ColumnRef>,
    /// The order's status.
    pub status: Option<ColumnRef>,
    /// The part of the amount refunded.
    pub refund: Option<ColumnRef>,
    /// The amount's currency.
    pub currency: Option<ColumnRef>,
    /// Region.
    pub region: Option<ColumnRef>,
    /// Sales channel.
    pub channel: Option<ColumnRef>,
    /// Product category.
    pub category: Option<ColumnRef>,
    /// Customer type.
    pub customer_type: Option<ColumnRef>,
    /// Discount.
    pub discount: Option<ColumnRef>,
    /// Customer files: last purchase date.
    pub last_purchase: Option<ColumnRef>,
    /// Customer files: first purchase date.
    pub first_purchase: Option<ColumnRef>,
    /// Customer files: recency in days.
    pub recency: Option<ColumnRef>,
    /// Customer files: purchase occasions.
    pub frequency: Option<ColumnRef>,
    /// Customer files: net revenue.
    pub monetary: Option<ColumnRef>,
    /// Customer files: distinct purchase days.
    pub purchase_days: Option<ColumnRef>,
    /// Customer files: net revenue after the first purchase day.
    pub repeat_monetary: Option<ColumnRef>,
}

/// The roles a user can name in `--column ROLE=COLUMN`, as written in messages.
const ROLE_NAMES: &str = "customer, date, amount, quantity, price, order, cost, profit, status, refund, currency, region, channel, category, customerType or discount; in a customer file customer, lastPurchase, firstPurchase, recency, frequency, monetary, purchaseDays, repeatMonetary or cost";

impl ColumnOverrides {
    /// Sets the column of a role named as in `--column ROLE=COLUMN`: `customer`, `date`,
    /// `amount`, `quantity`, `price`, `order`, `cost`, `profit`, `status`, `refund`, `currency`, `region`,
    /// `channel`, `category`, `customerType` or `discount`, and for customer files `lastPurchase`,
    /// `firstPurchase`, `recency`, `frequency`, `monetary`, `purchaseDays` and `repeatMonetary`
    /// (also written `last_purchase` or `last-purchase`).
    pub fn set(&mut self, role: &str, column: ColumnRef) -> Result<(), String> {
        let slot = match normalise(role).as_str() {
            "customer" => &mut self.customer,
            "date" => &mut self.date,
            "amount" => &mut self.amount,
            "quantity" => &mut self.quantity,
            "price" => &mut self.price,
            "order" => &mut self.order,
            "cost" => &mut self.cost,
            "profit" => &mut self.profit,
            "status" => &mut self.status,
            "refund" => &mut self.refund,
            "currency" => &mut self.currency,
            "region" => &mut self.region,
            "channel" => &mut self.channel,
            "category" => &mut self.category,
            "customertype" => &mut self.customer_type,
            "discount" => &mut self.discount,
            "lastpurchase" => &mut self.last_purchase,
            "firstpurchase" => &mut self.first_purchase,
            "recency" => &mut self.recency,
            "frequency" => &mut self.frequency,
            "monetary" => &mut self.monetary,
            "purchasedays" => &mut self.purchase_days,
            "repeatmonetary" => &mut self.repeat_monetary,
            _ => {
                return Err(format!(
                    "unknown column role '{}'; use {ROLE_NAMES}",
                    role.trim()
                ))
            }
        };
        *slot = Some(column);
        Ok(())
    }

    /// Refuses choices that cannot all be used, before any file is read: an amount and a unit
    /// price both chosen, where a row's value is read from one of them, and the other would be
    /// dropped unsaid.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let chosen = |column: &Option<ColumnRef>| {
            matches!(column, Some(ColumnRef::Name(_) | ColumnRef::Position(_)))
        };
        if chosen(&self.amount) && chosen(&self.price) {
            let message = Texts::new(
                "an amount column and a unit price column are both chosen, and a row's value is read from one of them: choose the amount, or the quantity and the price",
                "同时指定了金额列和单价列，而每行的金额只从其中之一读取：请只指定金额，或指定数量和单价",
            );
            return Err(refusal(Setting::Columns, message));
        }
        Ok(())
    }

    pub(super) fn get(&self, role: Role) -> Option<&ColumnRef> {
        match role {
            Role::Customer => self.customer.as_ref(),
            Role::Date => self.date.as_ref(),
            Role::Amount => self.amount.as_ref(),
            Role::Quantity => self.quantity.as_ref(),
            Role::Price => self.price.as_ref(),
            Role::Order => self.order.as_ref(),
            Role::Cost => self.cost.as_ref(),
            Role::Profit => self.profit.as_ref(),
            Role::Status => self.status.as_ref(),
            Role::Refund => self.refund.as_ref(),
            Role::Currency => self.currency.as_ref(),
            Role::Region => self.region.as_ref(),
            Role::Channel => self.channel.as_ref(),
            Role::Category => self.category.as_ref(),
            Role::CustomerType => self.customer_type.as_ref(),
            Role::Discount => self.discount.as_ref(),
            Role::LastPurchase => self.last_purchase.as_ref(),
            Role::FirstPurchase => self.first_purchase.as_ref(),
            Role::Recency => self.recency.as_ref(),
            Role::Frequency => self.frequency.as_ref(),
            Role::Monetary => self.monetary.as_ref(),
            Role::PurchaseDays => self.purchase_days.as_ref(),
            Role::RepeatMonetary => self.repeat_monetary.as_ref(),
        }
    }

    /// Whether any role of a customer file is given a column, which makes an undetected file
    /// one.
    pub(super) fn name_customer_roles(&self) -> bool {
        [
            &self.last_purchase,
            &self.first_purchase,
            &self.recency,
            &self.frequency,
            &self.monetary,
            &self.purchase_days,
            &self.repeat_monetary,
        ]
        .iter()
        .any(|slot| matches!(slot, Some(ColumnRef::Name(_) | ColumnRef::Position(_))))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{ColumnOverrides, ColumnRef, Setting};
    use crate::error::ErrorKind;

    /// Overrides of roles by column, each written as on the command line (`kunde`, `2`,
    /// `none`); also the other column modules' tests'.
    pub(crate) fn chosen(roles: &[(&str, &str)]) -> ColumnOverrides {
        let mut overrides = ColumnOverrides::default();
        for (role, column) in roles {
            overrides.set(role, column.parse().unwrap()).unwrap();
        }
        overrides
    }

    #[test]
    fn an_amount_and_a_price_both_chosen_are_refused_not_one_dropped() {
        let both = chosen(&[("amount", "total"), ("price", "4")])
            .check()
            .unwrap_err();
        assert!(
            matches!(
                both.kind(),
                ErrorKind::InvalidOptions {
                    setting: Some(Setting::Columns),
                    ..
                }
            ),
            "{both}"
        );
        for fine in [
            chosen(&[("amount", "total")]),
            chosen(&[("quantity", "qty"), ("price", "each")]),
            chosen(&[("amount", "total"), ("price", "none")]),
            chosen(&[("amount", "none"), ("price", "each"), ("quantity", "3")]),
        ] {
            assert!(fine.check().is_ok(), "{fine:?}");
        }
        assert_eq!(chosen(&[("price", "none")]).price, Some(ColumnRef::Unused));
    }
}
