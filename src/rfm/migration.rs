//! Segment migration: how customers moved between segments from one date to another.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::Date;

/// The transition table between two dates, as in the report's `migration` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Migration {
    /// The earlier date.
    pub from: Date,
    /// The later date (asOf).
    pub to: Date,
    /// Every non-empty (from, to) pair. `from` is `new` for customers whose first purchase
    /// came after the earlier date.
    pub transitions: Vec<Transition>,
}

/// Customers who moved from one segment to another (or stayed).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// Segment key at the earlier date, or `new`.
    pub from: String,
    /// Segment key at the later date.
    pub to: String,
    /// Customers who made this move.
    pub customers: u64,
    /// Their net revenue up to the later date: the value at stake in the move.
    pub revenue: f64,
}

/// The key used for customers who were not yet customers at the earlier date.
pub const NEW_CUSTOMER: &str = "new";

/// Counts the moves. `earlier` maps customer ids to their segment key at the earlier date;
/// `later` lists (id, segment key, revenue) at the later date.
pub(crate) fn migrate<'a>(
    dates: (Date, Date),
    earlier: &FxHashMap<&'a str, &'a str>,
    later: impl Iterator<Item = (&'a str, &'a str, f64)>,
) -> Migration {
    let mut moves: BTreeMap<(&str, &str), (u64, f64)> = BTreeMap::new();
    for (id, to, revenue) in later {
        let from = earlier.get(id).copied().unwrap_or(NEW_CUSTOMER);
        let entry = moves.entry((from, to)).or_default();
        entry.0 += 1;
        entry.1 += revenue;
    }
    Migration {
        from: dates.0,
        to: dates.1,
        transitions: moves
            .into_iter()
            .map(|((from, to), (customers, revenue))| Transition {
                from: from.to_string(),
                to: to.to_string(),
                customers,
                revenue,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_moves_and_newcomers() {
        let dates = ("2024-01-01".parse().unwrap(), "2024-04-01".parse().unwrap());
        let earlier: FxHashMap<&str, &str> =
            [("a", "champions"), ("b", "champions"), ("c", "at_risk")]
                .into_iter()
                .collect();
        let later = [
            ("a", "champions", 100.0),
            ("b", "at_risk", 40.0),
            ("c", "at_risk", 10.0),
            ("d", "new_customers", 5.0),
        ];
        let migration = migrate(dates, &earlier, later.into_iter());
        let rows: Vec<(&str, &str, u64, f64)> = migration
            .transitions
            .iter()
            .map(|t| (t.from.as_str(), t.to.as_str(), t.customers, t.revenue))
            .collect();
        assert_eq!(
            rows,
            [
                ("at_risk", "at_risk", 1, 10.0),
                ("champions", "at_risk", 1, 40.0),
                ("champions", "champions", 1, 100.0),
                ("new", "new_customers", 1, 5.0),
            ]
        );
    }
}
