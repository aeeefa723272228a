//! Order statuses that mean no completed sale: an order cancelled, failed, voided, refunded in
//! full or not paid yet, as shops and marketplaces export every order whatever became of it.

/// Statuses of orders that brought no money, compared in [`normalise`]d form: Shopify's
/// financial status, WooCommerce's, Stripe's and Taobao's order status, and their common
/// translations. `partially_refunded` and the like are sales, and are not here.
const NOT_A_SALE: &[&str] = &[
    "cancelled",
    "canceled",
    "cancel",
    "failed",
    "failure",
    "declined",
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
    // German, French, Spanish, Japanese, Korean and Russian.
    "storniert",
    "abgebrochen",
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

/// Whether a row with this status is a refund of its own, as WeChat Pay's merchant bill
/// (微信支付对账单) writes one (`REFUND`, the refund in its 退款金额) after the payment's row.
pub(crate) fn is_refund_row(status: &str) -> bool {
    status.trim().eq_ignore_ascii_case("refund")
}

/// Whether an order with this status brought no money: cancelled, failed, voided, refunded in
/// full or not paid yet. Other statuses, and statuses not known here, are sales.
///
/// Compared without case, spaces or punctuation, and without WooCommerce's `wc-` prefix, so
/// that `Cancelled`, `wc-cancelled` and `CANCELLED` are one status.
pub(crate) fn is_not_a_sale(status: &str) -> bool {
    !status.is_empty() && NOT_A_SALE.contains(&normalise(status).as_str())
}

fn normalise(status: &str) -> String {
    let status = status.trim();
    let status = status.strip_prefix("wc-").unwrap_or(status);
    status
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{is_not_a_sale, is_refund_row};

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
            "Quotation Sent",
        ] {
            assert!(is_not_a_sale(status), "{status}");
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
            assert!(!is_not_a_sale(status), "{status}");
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
}
