//! The rows of a payment account's activity (PayPal's activity download), each a movement of
//! money between the account and another party: a customer's payment is a sale, money sent
//! back to a customer is a return, and the rest (withdrawals to a bank, payments to suppliers,
//! currency conversions, holds, fees) is no customer's and is skipped.

use super::rows::Movement;

/// Parts of a lower-cased type that mean money held, moved or converted rather than paid, looked
/// for first: PayPal's `Reversal of General Account Hold` and `Chargeback Fee` name a refund's
/// words too. Then the German download's: `Allgemeine Währungsumrechnung`, `Allgemeine
/// Abbuchung`, `Bankgutschrift auf PayPal-Konto`, holds (`Einbehalt`), fees and authorisations.
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
    "umrechnung",
    "abbuchung",
    "bankgutschrift",
    "überweisung",
    "einbehalt",
    "gebühr",
    "autorisierung",
];

/// Parts of a lower-cased type that mean money back to the payer, in English and German
/// (`Rückzahlung`, `Rückbuchung`, `Rückerstattung`).
const REFUND: &[&str] = &[
    "refund",
    "reversal",
    "chargeback",
    "rückzahlung",
    "rückbuchung",
    "rückerstattung",
];

/// Parts of a lower-cased type that mean a payment: PayPal's `Express Checkout Payment`,
/// `Website Payment`, `Subscription Payment`, `Virtual Terminal Transaction` and the like; in
/// German `Express-Zahlung`, `Handyzahlung`, `Abonnementzahlung`, `Einkauf`.
const PAYMENT: &[&str] = &[
    "payment",
    "checkout",
    "purchase",
    "sale",
    "transaction",
    "zahlung",
    "einkauf",
];

/// The movement of a row of type `kind` (PayPal's `Type`) whose money came in (`Some(true)`),
/// went out (`Some(false)`) or did neither (`None`, PayPal's `Memo` rows); `None` when it is no
/// customer's. A refund the account received, or a payment it made, is no customer's.
pub(crate) fn movement(kind: &str, incoming: Option<bool>) -> Option<Movement> {
    let kind = kind.to_ascii_lowercase();
    let named = |words: &[&str]| words.iter().any(|word| kind.contains(word));
    match incoming {
        _ if named(NO_CUSTOMER) => None,
        Some(false) if named(REFUND) => Some(Movement::Refund),
        Some(true) if named(PAYMENT) && !named(REFUND) => Some(Movement::Sale),
        _ => None,
    }
}

/// Whether money came in, by the direction column (PayPal's `Balance Impact`: `Credit`,
/// `Debit`, `Memo`; in German `Haben`, `Soll`, `Memo`) where the file has one, else by the
/// amount's sign; `None` when neither tells.
pub(crate) fn incoming(direction: Option<&str>, amount: Option<f64>) -> Option<bool> {
    let is =
        |direction: &str, words: [&str; 2]| words.iter().any(|w| direction.eq_ignore_ascii_case(w));
    match direction.map(str::trim) {
        Some(credit) if is(credit, ["credit", "haben"]) => Some(true),
        Some(debit) if is(debit, ["debit", "soll"]) => Some(false),
        Some(_) => None,
        None => amount
            .filter(|amount| *amount != 0.0)
            .map(|amount| amount > 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::{incoming, movement, Movement};

    #[test]
    fn paypal_types_by_direction() {
        let cases = [
            ("Express Checkout Payment", Some(true), Some(Movement::Sale)),
            ("Website Payment", Some(true), Some(Movement::Sale)),
            ("Subscription Payment", Some(true), Some(Movement::Sale)),
            (
                "PreApproved Payment Bill User Payment",
                Some(true),
                Some(Movement::Sale),
            ),
            (
                "Virtual Terminal Transaction",
                Some(true),
                Some(Movement::Sale),
            ),
            // The account paid a supplier.
            ("Express Checkout Payment", Some(false), None),
            ("Payment Refund", Some(false), Some(Movement::Refund)),
            ("Payment Reversal", Some(false), Some(Movement::Refund)),
            ("Chargeback", Some(false), Some(Movement::Refund)),
            // A supplier refunded the account.
            ("Payment Refund", Some(true), None),
            ("Chargeback Fee", Some(false), None),
            ("General Withdrawal", Some(false), None),
            ("General Currency Conversion", Some(true), None),
            ("Bank Deposit to PP Account", Some(true), None),
            (
                "Hold on Balance for Dispute Investigation",
                Some(false),
                None,
            ),
            ("Reversal of General Account Hold", Some(true), None),
            ("General Authorization", None, None),
            ("Express Checkout Payment", None, None),
            // German types.
            ("Express-Zahlung", Some(true), Some(Movement::Sale)),
            ("Abonnementzahlung", Some(true), Some(Movement::Sale)),
            ("Rückzahlung", Some(false), Some(Movement::Refund)),
            ("Rückzahlung", Some(true), None),
            ("Zahlung im Einzugsverfahren", Some(false), None),
            ("Gebühr für Rückbuchung", Some(false), None),
            ("Bankgutschrift auf PayPal-Konto", Some(true), None),
            ("Allgemeine Währungsumrechnung", Some(true), None),
            ("Allgemeine Abbuchung", Some(false), None),
            ("Kontoeinbehalt für offene Autorisierung", Some(false), None),
        ];
        for (kind, incoming, expected) in cases {
            assert_eq!(movement(kind, incoming), expected, "{kind} {incoming:?}");
        }
    }

    #[test]
    fn money_in_by_the_balance_impact_else_by_the_sign() {
        assert_eq!(incoming(Some("Credit"), Some(-1.0)), Some(true));
        assert_eq!(incoming(Some(" debit "), Some(1.0)), Some(false));
        assert_eq!(incoming(Some("Memo"), Some(1.0)), None);
        assert_eq!(incoming(Some("Haben"), Some(-1.0)), Some(true));
        assert_eq!(incoming(Some("Soll"), Some(1.0)), Some(false));
        assert_eq!(incoming(None, Some(-28.5)), Some(false));
        assert_eq!(incoming(None, Some(0.0)), None);
        assert_eq!(incoming(None, None), None);
    }
}
