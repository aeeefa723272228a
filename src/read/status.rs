//! Order statuses that mean no completed sale: an order cancelled, failed, voided, refunded in
//! full or not paid yet, as shops and marketplaces export every order whatever became of it;
//! and the stages of a CRM's deals, of which only a won one is a sale.

use super::records::Record;
use crate::columns::{normalise, ColumnMap};
use crate::quality::RowIssue;

/// Statuses of orders that brought no money, compared as a [`StatusKey`]:
/// Shopify's financial status, WooCommerce's, Stripe's and Taobao's order status, and their
/// common translations. `partially_refunded` and the like are sales, and are not here.
const NOT_A_SALE: &[&str] = &[
    "cancelled",
    "canceled",
    "cancel",
    "failed",
    "failure",
    "declined",
    "denied",
    "voided",
    "void",
    "expired",
    "abandoned",
    "refunded",
    "fullyrefunded",
    "pending",
    "pendingpayment",
    "awaitingpayment",
    "unpaid",
    "notpaid",
    "onhold",
    "draft",
    "checkoutdraft",
    "trash",
    // Odoo's sales orders not yet confirmed.
    "quotation",
    "quotationsent",
    // Chinese marketplaces and ERPs.
    "交易关闭",
    "已关闭",
    "关闭",
    "订单关闭",
    "已取消",
    "取消",
    "订单取消",
    "交易取消",
    // JD's (京东) "(删除)已取消", an order cancelled and then deleted.
    "删除已取消",
    "已作废",
    "作废",
    "交易失败",
    "支付失败",
    "付款失败",
    "已退款",
    "退款成功",
    "全额退款",
    "等待买家付款",
    "待付款",
    "等待付款",
    "未付款",
    "待支付",
    "未支付",
    // Taobao's API (`TRADE_CLOSED`, `WAIT_BUYER_PAY` …) and the descriptions its exports give
    // of the two closed states.
    "tradeclosed",
    "tradeclosedbytaobao",
    "tradenocreatepay",
    "waitbuyerpay",
    "paypending",
    "付款以前卖家或买家主动关闭交易",
    "付款以后用户退款成功交易自动关闭",
    // German (PayPal's `Ausstehend` and `Abgelehnt` among them), French, Spanish, Japanese,
    // Korean and Russian.
    "storniert",
    "abgebrochen",
    "ausstehend",
    "abgelehnt",
    "rückerstattet",
    "annulé",
    "annulée",
    "cancelado",
    "cancelada",
    "キャンセル",
    "取消済み",
    "취소",
    "отменен",
    "отменён",
];

/// Words that beside a status in [`NOT_A_SALE`] only say whose order or payment it is, who
/// ended it or how much of it, normalised: `Order Cancelled`, `cancelled_by_buyer`, `Refunded
/// in full`. Words that name something else (`Refund requested but declined`, `Pending
/// Fulfillment`, `Partially Refunded`) are not here, since the status then tells what became
/// of that, not of the sale.
const ONLY_WHOSE: &[&str] = &[
    "order",
    "payment",
    "trade",
    "transaction",
    "checkout",
    "card",
    "by",
    "customer",
    "buyer",
    "seller",
    "merchant",
    "admin",
    "system",
    "auto",
    "in",
    "full",
    "fully",
    "and",
    "bestellung",
    "zahlung",
    "commande",
    "paiement",
    "pedido",
    "pago",
];

/// Words in a bracketed reason that make the status one of part of the order, normalised.
const OF_PART: &[&str] = &["part", "partial", "partially"];

/// What a file's status column holds, told by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StatusKind {
    /// An order's status: a sale unless it says otherwise (see [`NOT_A_SALE`]).
    Order,
    /// A CRM deal's stage (`Stage`, `Deal Stage`): open and lost deals, and stages a company
    /// named itself, are no sale; only a won one is (see [`WON_STAGES`]).
    DealStage,
    /// A payment's status in a payment account's activity (PayPal's): as an order's, except
    /// that a payment refunded later is still a payment, since its refund is a row of its own.
    Payment,
}

/// Statuses of a payment refunded later, in full or in part, normalised.
const REFUNDED: &[&str] = &[
    "refunded",
    "fullyrefunded",
    "partiallyrefunded",
    "rückerstattet",
    "已退款",
    "全额退款",
];

/// Headers of a deal's stage, normalised.
const STAGE_HEADERS: &[&str] = &[
    "stage",
    "dealstage",
    "opportunitystage",
    "销售阶段",
    "商机阶段",
];

/// Stages of a won deal, normalised: Salesforce's `Closed Won`, HubSpot's `closedwon`, and
/// their Chinese names.
const WON_STAGES: &[&str] = &[
    "closedwon",
    "won",
    "dealwon",
    "赢单",
    "已赢单",
    "成交",
    "已成交",
];

/// Stages of a lost deal, normalised.
const LOST_STAGES: &[&str] = &["closedlost", "lost", "deallost", "输单", "丢单", "已输单"];

impl StatusKind {
    /// The kind of `map`'s status column: a payment's in a payment account's activity, else
    /// as [`of`](StatusKind::of) tells from its header among `names` and the first rows.
    pub fn of_columns<'a>(
        map: &ColumnMap,
        names: Option<&[String]>,
        sample: impl Iterator<Item = Record<'a>>,
    ) -> StatusKind {
        if map.payments.is_some() {
            return StatusKind::Payment;
        }
        let header = map.status.and_then(|column| names?.get(column));
        match header {
            Some(header) => {
                let statuses = sample.filter_map(|record| record.get(map.status?));
                StatusKind::of(header, statuses)
            }
            None => StatusKind::Order,
        }
    }

    /// The kind of the status column under `header` whose first values are `sample`: a deal's
    /// stage where the header says stage and some deal in the sample is won or lost (a shop's
    /// `Stage` of an order, `Shipped`, stays an order's status).
    pub fn of<'a>(header: &str, mut sample: impl Iterator<Item = &'a str>) -> StatusKind {
        let closed = |status: &str| {
            let key = StatusKey::of(status);
            key.is_in(WON_STAGES) || key.is_in(LOST_STAGES)
        };
        if STAGE_HEADERS.contains(&normalise(header).as_str()) && sample.any(closed) {
            StatusKind::DealStage
        } else {
            StatusKind::Order
        }
    }

    /// Why a row with this status brought no money, if it brought none.
    pub fn why_no_sale(self, status: &str) -> Option<RowIssue> {
        match self {
            StatusKind::Order | StatusKind::Payment => {
                let refunded_payment = self == StatusKind::Payment && says(status, REFUNDED);
                (says(status, NOT_A_SALE) && !refunded_payment).then(|| RowIssue::NotASale {
                    status: status.to_string(),
                })
            }
            StatusKind::DealStage => {
                (!StatusKey::of(status).is_in(WON_STAGES)).then(|| RowIssue::DealNotWon {
                    stage: status.to_string(),
                })
            }
        }
    }
}

/// Whether `status` is one of `statuses`, as a whole (`wc-cancelled`) or by its words: one of
/// them listed and every other listed or in [`ONLY_WHOSE`] (`Canceled - Payment Declined`).
/// A bracketed reason is no word of the status (`Cancelled (Customer)`, `已取消（买家）`,
/// `交易关闭（退款）`), since it says who or why, unless it says the status is of part of the
/// order ([`OF_PART`]). A status with any other word is not listed, since it may tell what
/// became of something else than the order: a refund declined, a fulfilment pending.
fn says(status: &str, statuses: &[&str]) -> bool {
    if StatusKey::of(status).is_in(statuses) {
        return true;
    }
    let mut listed = false;
    let mut depth = 0_usize;
    let mut start = 0;
    let end = std::iter::once((status.len(), ' '));
    for (at, c) in status.char_indices().chain(end) {
        if c.is_alphanumeric() {
            continue;
        }
        let word = &status[start..at];
        start = at + c.len_utf8();
        if !word.is_empty() {
            let key = StatusKey::of(word);
            if depth > 0 {
                // Chinese writes 部分 joined to what was done to part: 部分退款.
                if key.is_in(OF_PART) || word.contains("部分") {
                    return false;
                }
            } else if key.is_in(statuses) {
                listed = true;
            } else if !key.is_in(ONLY_WHOSE) {
                return false;
            }
        }
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    listed
}

/// Whether a row with this status is a refund of its own, as WeChat Pay's merchant bill
/// (微信支付对账单) writes one (`REFUND`, the refund in its 退款金额) after the payment's row.
pub(crate) fn is_refund_row(status: &str) -> bool {
    status.trim().eq_ignore_ascii_case("refund")
}

/// A status as the lists above hold it: without case, spaces or punctuation, and without
/// WooCommerce's `wc-` prefix, so that `Cancelled`, `wc-cancelled` and `CANCELLED` are one.
/// Every row of a file with a status column makes one, so it is built on the stack, and a
/// status longer than any listed one is not kept, since it can match none.
struct StatusKey {
    bytes: [u8; StatusKey::CAPACITY],
    /// The key's length; `None` when it would not fit.
    len: Option<usize>,
}

impl StatusKey {
    /// Room for the longest listed status, Taobao's `付款以后用户退款成功，交易自动关闭` (48
    /// bytes without its comma), with some to spare; a test checks that every listed status
    /// fits.
    const CAPACITY: usize = 64;

    fn of(status: &str) -> StatusKey {
        let status = status.trim();
        let status = status.strip_prefix("wc-").unwrap_or(status);
        let mut key = StatusKey {
            bytes: [0; StatusKey::CAPACITY],
            len: Some(0),
        };
        let mut push = |utf8: &[u8]| {
            key.len = key.len.and_then(|len| {
                let end = len + utf8.len();
                key.bytes.get_mut(len..end)?.copy_from_slice(utf8);
                Some(end)
            });
        };
        for c in status.chars() {
            // Most statuses are ASCII words, spared the general case's lookups.
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    push(&[c.to_ascii_lowercase() as u8]);
                }
            } else if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    push(lower.encode_utf8(&mut [0; 4]).as_bytes());
                }
            }
        }
        key
    }

    fn is_in(&self, statuses: &[&str]) -> bool {
        self.len.is_some_and(|len| {
            let key = &self.bytes[..len];
            statuses.iter().any(|status| status.as_bytes() == key)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{is_refund_row, StatusKey, StatusKind};
    use super::{LOST_STAGES, NOT_A_SALE, OF_PART, ONLY_WHOSE, REFUNDED, WON_STAGES};
    use crate::columns::ColumnMap;
    use crate::quality::RowIssue;
    use crate::read::records::OwnedRecord;

    #[test]
    fn every_listed_status_is_its_own_key() {
        let lists = [
            NOT_A_SALE,
            REFUNDED,
            WON_STAGES,
            LOST_STAGES,
            ONLY_WHOSE,
            OF_PART,
        ];
        for status in lists.concat() {
            assert!(StatusKey::of(status).is_in(&[status]), "{status}");
        }
        let longest = "付款以后用户退款成功，交易自动关闭";
        assert!(StatusKey::of(&format!("{longest}{longest}")).len.is_none());
        assert!(!StatusKey::of(&format!("{longest}{longest}")).is_in(&[""]));
    }

    #[test]
    fn statuses_of_orders_that_brought_no_money() {
        for status in [
            "Cancelled",
            "wc-cancelled",
            "CANCELED",
            "Failed",
            "voided",
            "refunded",
            "Pending Payment",
            "on-hold",
            "交易关闭",
            "等待买家付款",
            "已取消",
            "(删除)已取消",
            "Storniert",
            "annulée",
            "ANNULÉE",
            "Отменён",
            "Quotation Sent",
        ] {
            assert!(StatusKind::Order.why_no_sale(status).is_some(), "{status}");
        }
    }

    #[test]
    fn a_status_in_words_is_read_by_its_words() {
        for status in [
            "Order Cancelled",
            "Cancelled by customer",
            "Cancelled (Customer)",
            "Canceled - Payment Declined",
            "Payment Failed",
            "Refunded in full",
            "Payment Pending",
            "cancelled_by_buyer",
            "Draft Order",
            "Zahlung abgelehnt",
            "commande annulée",
            "已取消（买家）",
            "交易关闭（退款）",
            "已取消 [超时未付款]",
            "TRADE_CLOSED",
            "TRADE_CLOSED_BY_TAOBAO",
            "TRADE_NO_CREATE_PAY",
            "WAIT_BUYER_PAY",
            "付款以前，卖家或买家主动关闭交易",
            "付款以后用户退款成功，交易自动关闭",
        ] {
            assert!(StatusKind::Order.why_no_sale(status).is_some(), "{status}");
        }
        // A word beyond whose or how much, or a reason saying part, leaves a sale a sale.
        for status in [
            "partially_refunded",
            "Partially Refunded",
            "Refund requested but declined",
            "Refund Failed",
            "Cancel Requested",
            "Pending Fulfillment",
            "Awaiting Shipment",
            "Return Pending",
            "Order Closed",
            "Refunded (partial)",
            "已完成（部分退款）",
            "部分退款",
            "退款关闭",
            "Completed",
            "Paid",
            "已完成",
            "交易成功",
            "TRADE_FINISHED",
            "WAIT_SELLER_SEND_GOODS",
            "Payment",
            "(Customer)",
        ] {
            assert_eq!(StatusKind::Order.why_no_sale(status), None, "{status}");
        }
    }

    #[test]
    fn sales_and_unknown_statuses_stay() {
        for status in [
            "",
            "paid",
            "Completed",
            "wc-processing",
            "partially_refunded",
            "partially refunded",
            "authorized",
            "shipped",
            "交易成功",
            "卖家已发货",
            "等待出库",
            "Sales Order",
            "Locked",
            "完成",
            "cancellation requested",
        ] {
            assert_eq!(StatusKind::Order.why_no_sale(status), None, "{status}");
        }
    }

    #[test]
    fn a_refund_row_is_told_from_an_order_refunded() {
        assert!(is_refund_row("REFUND") && is_refund_row(" refund"));
        for status in [
            "refunded",
            "Refunded",
            "partially_refunded",
            "退款成功",
            "SUCCESS",
        ] {
            assert!(!is_refund_row(status), "{status}");
        }
    }

    #[test]
    fn a_payment_refunded_later_is_still_a_payment() {
        let payment = StatusKind::Payment;
        for sale in [
            "Completed",
            "Refunded",
            "Partially Refunded",
            "已退款",
            "Payment Refunded",
        ] {
            assert_eq!(payment.why_no_sale(sale), None, "{sale}");
        }
        for none in [
            "Denied",
            "Pending",
            "Canceled",
            "Payment Declined",
            "Refunded and Voided",
        ] {
            let issue = payment.why_no_sale(none);
            assert_eq!(
                issue.as_ref().map(RowIssue::key),
                Some("notASale"),
                "{none}"
            );
        }
        // An order refunded in full brought nothing.
        assert!(StatusKind::Order.why_no_sale("Refunded").is_some());
    }

    #[test]
    fn the_status_column_s_kind_by_its_header_its_first_rows_and_the_file_s_columns() {
        let kind_of = |headers: &[&str], statuses: &[&str]| {
            let map = ColumnMap::from_headers(headers).unwrap();
            let status = map.status.unwrap();
            let records: Vec<_> = statuses
                .iter()
                .map(|value| {
                    let mut fields = vec![""; headers.len()];
                    fields[status] = value;
                    OwnedRecord::from_fields(&fields)
                })
                .collect();
            let names: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            let sample = records.iter().map(OwnedRecord::as_record);
            StatusKind::of_columns(&map, Some(&names), sample)
        };
        let deals = ["Account Name", "Close Date", "Amount", "Stage"];
        assert_eq!(
            kind_of(&deals, &["Prospecting", "Closed Won"]),
            StatusKind::DealStage
        );
        assert_eq!(kind_of(&deals, &["Shipped"]), StatusKind::Order);
        let orders = ["Customer", "Date", "Amount", "Status"];
        assert_eq!(kind_of(&orders, &["Closed Won"]), StatusKind::Order);
        let paypal = [
            "Date",
            "Type",
            "Status",
            "Gross",
            "From Email Address",
            "To Email Address",
        ];
        assert_eq!(kind_of(&paypal, &["Completed"]), StatusKind::Payment);
    }

    #[test]
    fn of_a_deal_s_stages_only_a_won_one_is_a_sale() {
        let deals = ["Negotiation", "Closed Lost"];
        for header in ["Stage", "Deal Stage", "销售阶段"] {
            let kind = StatusKind::of(header, deals.into_iter());
            assert_eq!(kind, StatusKind::DealStage, "{header}");
        }
        let kind = StatusKind::of("Order Status", deals.into_iter());
        assert_eq!(kind, StatusKind::Order);
        // A shop's stage of an order, without a won or lost deal among its values.
        let orders = ["Shipped", "Delivered"];
        assert_eq!(
            StatusKind::of("Stage", orders.into_iter()),
            StatusKind::Order
        );
        let stage = StatusKind::DealStage;
        for won in ["Closed Won", "closedwon", "Won", "赢单"] {
            assert_eq!(stage.why_no_sale(won), None, "{won}");
        }
        // Lost, open, a company's own stage, and none.
        for other in [
            "Closed Lost",
            "Negotiation/Review",
            "contractsent",
            "Pilot running",
            "",
        ] {
            let issue = stage.why_no_sale(other);
            assert_eq!(
                issue.as_ref().map(RowIssue::key),
                Some("dealNotWon"),
                "{other}"
            );
        }
        assert_eq!(StatusKind::Order.why_no_sale("Negotiation/Review"), None);
        let cancelled = StatusKind::Order.why_no_sale("Cancelled");
        assert_eq!(cancelled.as_ref().map(RowIssue::key), Some("notASale"));
    }
}
