//! The segment summary: who is in each segment and what they bring.

use serde::Serialize;

use crate::customers::{total_money, Customer, GroupProfit};
use crate::rfm::segments::SegmentRule;
use crate::text::Texts;

/// One segment's figures, as in `rfm.segments[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentSummary {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: Texts,
    /// Customers in the segment.
    pub customers: u64,
    /// Their share of all customers.
    pub customer_share: f64,
    /// Their net revenue.
    pub revenue: f64,
    /// Their share of net revenue.
    pub revenue_share: f64,
    /// Net revenue per purchase occasion; `null` for an empty segment.
    pub average_order_value: Option<f64>,
    /// Median days since the last purchase; `null` for an empty segment.
    pub median_recency_days: Option<f64>,
    /// Median purchase occasions.
    pub median_frequency: Option<f64>,
    /// Median net revenue.
    pub median_monetary: Option<f64>,
    /// Their gross profit, where costs are known; `null` otherwise.
    pub profit: Option<GroupProfit>,
}

/// Figures for every rule's segment, in rule order, empty segments included.
pub(crate) fn summarise_segments(
    rules: &[SegmentRule],
    customers: &[Customer],
    segment_of: &[usize],
) -> Vec<SegmentSummary> {
    let total_revenue: f64 = customers.iter().map(|c| c.monetary).sum();
    let mut members: Vec<Vec<&Customer>> = vec![Vec::new(); rules.len()];
    for (customer, &segment) in customers.iter().zip(segment_of) {
        members[segment].push(customer);
    }
    rules
        .iter()
        .zip(members)
        .map(|(rule, members)| {
            let revenue = total_money(members.iter().map(|c| c.monetary));
            let occasions: u64 = members.iter().map(|c| u64::from(c.frequency)).sum();
            let median_of =
                |value: fn(&Customer) -> f64| median(members.iter().map(|c| value(c)).collect());
            SegmentSummary {
                key: rule.key.clone(),
                name: rule.name.clone(),
                customers: members.len() as u64,
                customer_share: ratio(members.len() as f64, customers.len() as f64),
                revenue,
                revenue_share: ratio(revenue, total_revenue),
                average_order_value: (occasions > 0).then(|| revenue / occasions as f64),
                median_recency_days: median_of(|c| f64::from(c.recency_days)),
                median_frequency: median_of(|c| f64::from(c.frequency)),
                median_monetary: median_of(|c| c.monetary),
                profit: GroupProfit::of(members.iter().copied()),
            }
        })
        .collect()
}

/// `part` of `whole`, 0 when the whole is not positive: shares of a net revenue that returns
/// outweigh would turn a segment's sales into a negative share.
fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// The median, averaging the middle two of an even count; `None` when empty.
pub(crate) fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // Only the middle values matter, which selecting finds without sorting the others: the
    // lower middle of an even count is the largest value below the upper one.
    let (middle, even) = (values.len() / 2, values.len() % 2 == 0);
    let (below, &mut upper, _) = values.select_nth_unstable_by(middle, f64::total_cmp);
    Some(match below.iter().copied().max_by(f64::total_cmp) {
        Some(lower) if even => (lower + upper) / 2.0,
        _ => upper,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rfm::segments::default_rules;

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn figures_per_segment_worked_by_hand() {
        let rules = default_rules();
        let customers = [
            Customer::with_rfm(1, 4, 100.0),
            Customer::with_rfm(3, 2, 60.0),
            Customer::with_rfm(200, 1, 40.0),
        ];
        // The first two in Champions (rule 0), the third in Hibernating (rule 9).
        let summary = summarise_segments(&rules, &customers, &[0, 0, 9]);
        assert_eq!(summary.len(), 10);
        let champions = &summary[0];
        assert_eq!((champions.customers, champions.revenue), (2, 160.0));
        assert!((champions.customer_share - 2.0 / 3.0).abs() < 1e-12);
        assert!((champions.revenue_share - 0.8).abs() < 1e-12);
        assert_eq!(champions.average_order_value, Some(160.0 / 6.0));
        assert_eq!(champions.median_recency_days, Some(2.0));
        assert_eq!(champions.median_frequency, Some(3.0));
        assert_eq!(champions.median_monetary, Some(80.0));
        let empty = &summary[1];
        assert_eq!(
            (
                empty.customers,
                empty.average_order_value,
                empty.median_monetary
            ),
            (0, None, None)
        );
        assert_eq!(summary[9].revenue, 40.0);
    }
}
