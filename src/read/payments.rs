//! The rows of a payment account's activity (PayPal's activity download), each a movement of
//! money between the account and another party: a customer's payment is a sale, money sent
//! back to a customer is a return, and the rest (withdrawals to a bank, payments to suppliers,
//! currency conversions, holds, fees) is no customer's and is skipped.

/// What a row is to the analysis: in any file a sale or money sent back (see
/// `RowReader::movement`); in a payment account's activity also neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Movement {
    /// Money a customer paid in: a sale.
    Payment,
    /// Money sent back to a customer (a refund, a reversed payment, a chargeback): a return.
    Refund,
    /// Anything else: no customer's transaction.
    Other,
}

/// Parts of a lower-cased type that mean money held, moved or converted rather than paid, looked
/// for first: PayPal's `Reversal of General Account Hold` and `Chargeback Fee` name a refund's
/// words too.
const NO_CUSTOMER: &[&str] = &[
    "hold",
    "authori",
    "withdrawal",
    "transfer",
    "conversion",
    "deposit",
    "fee",
    "release",
    "payout",
];

/// Parts of a lower-cased type that mean money back to the payer.
const REFUND: &[&str] = &["refund", "reversal", "chargeback"];

/// Parts of a lower-cased type that mean a payment: PayPal's `Express Checkout Payment`,
/// `Website Payment`, `Subscription Payment`, `Virtual Terminal Transaction` and the like.
const PAYMENT: &[&str] = &["payment", "checkout", "purchase", "sale", "transaction"];

impl Movement {
    /// The movement of a row of type `kind` (PayPal's `Type`) whose money came in (`Some(true)`),
    /// went out (`Some(false)`) or did neither (`None`, PayPal's `Memo` rows). A refund the
    /// account received, or a payment it made, is no customer's.
    pub fn of(kind: &str, incoming: Option<bool>) -> Movement {
        let kind = kind.to_ascii_lowercase();
        let named = |words: &[&str]| words.iter().any(|word| kind.contains(word));
        match incoming {
            _ if named(NO_CUSTOMER) => Movement::Other,
            Some(false) if named(REFUND) => Movement::Refund,
            Some(true) if named(PAYMENT) && !named(REFUND) => Movement::Payment,
            _ => Movement::Other,
        }
    }
}

/// Whether money came in, by the direction column (PayPal's `Balance Impact`: `Credit`,
/// `Debit`, `Memo`) where the file has one, else by the amount's sign; `None` when neither
/// tells.
pub(crate) fn incoming(direction: Option<&str>, amount: Option<f64>) -> Option<bool> {
    match direction.map(str::trim) {
        Some(credit) if credit.eq_ignore_ascii_case("credit") => Some(true),
        Some(debit) if debit.eq_ignore_ascii_case("debit") => Some(false),
        Some(_) => None,
        None => amount
            .filter(|amount| *amount != 0.0)
            .map(|amount| amount > 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::{incoming, Movement};

    #[test]
    fn paypal_types_by_direction() {
        let cases = [
            ("Express Checkout Payment", Some(true), Movement::Payment),
            ("Website Payment", Some(true), Movement::Payment),
            ("Subscription Payment", Some(true), Movement::Payment),
            (
                "PreApproved Payment Bill User Payment",
                Some(true),
                Movement::Payment,
            ),
            (
                "Virtual Terminal Transaction",
                Some(true),
                Movement::Payment,
            ),
            // The account paid a supplier.
            ("Express Checkout Payment", Some(false), Movement::Other),
            ("Payment Refund", Some(false), Movement::Refund),
            ("Payment Reversal", Some(false), Movement::Refund),
            ("Chargeback", Some(false), Movement::Refund),
            // A supplier refunded the account.
            ("Payment Refund", Some(true), Movement::Other),
            ("Chargeback Fee", Some(false), Movement::Other),
            ("General Withdrawal", Some(false), Movement::Other),
            ("General Currency Conversion", Some(true), Movement::Other),
            ("Bank Deposit to PP Account", Some(true), Movement::Other),
            (
                "Hold on Balance for Dispute Investigation",
                Some(false),
                Movement::Other,
            ),
            (
                "Reversal of General Account Hold",
                Some(true),
                Movement::Other,
            ),
            ("General Authorization", None, Movement::Other),
            ("Express Checkout Payment", None, Movement::Other),
        ];
        for (kind, incoming, movement) in cases {
            assert_eq!(
                Movement::of(kind, incoming),
                movement,
                "{kind} {incoming:?}"
            );
        }
    }

    #[test]
    fn money_in_by_the_balance_impact_else_by_the_sign() {
        assert_eq!(incoming(Some("Credit"), Some(-1.0)), Some(true));
        assert_eq!(incoming(Some(" debit "), Some(1.0)), Some(false));
        assert_eq!(incoming(Some("Memo"), Some(1.0)), None);
        assert_eq!(incoming(None, Some(-28.5)), Some(false));
        assert_eq!(incoming(None, Some(0.0)), None);
        assert_eq!(incoming(None, None), None);
    }
}
