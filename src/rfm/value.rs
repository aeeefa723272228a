//! Value tiers and the Pareto view: how concentrated the value is, and who brings it.

use serde::{Deserialize, Serialize};

use crate::customers::{Customer, GroupProfit};
use crate::text::{Language, Percent, Texts};

/// A customer's value tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// The fewest top customers that together bring the `high` share of value (VIP, 高价值).
    High,
    /// The next customers up to the combined share (key, 中价值).
    Medium,
    /// Everyone else, including customers with no positive value (ordinary, 低价值).
    Low,
}

impl Tier {
    /// All tiers, best first.
    pub const ALL: [Tier; 3] = [Tier::High, Tier::Medium, Tier::Low];

    /// The stable key, as serialised: `high`, `medium` or `low`.
    pub fn key(self) -> &'static str {
        match self {
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }

    /// The display name in each language.
    pub fn name(self) -> Texts {
        Texts::new(self.name_in(Language::En), self.name_in(Language::ZhCn))
    }

    /// The display name in one language, e.g. `VIP (high value)`.
    pub fn name_in(self, language: Language) -> &'static str {
        let [en, zh_cn] = match self {
            Tier::High => ["VIP (high value)", "高价值客户"],
            Tier::Medium => ["Key (medium value)", "中价值客户"],
            Tier::Low => ["Ordinary (low value)", "低价值客户"],
        };
        match language {
            Language::En => en,
            Language::ZhCn => zh_cn,
        }
    }
}

/// Assigns tiers: customers in descending order of value are `high` until their cumulative
/// value reaches `shares.0` of the total positive value, then `medium` until it reaches
/// `shares.1`. Customers with the same value always share a tier, so a tie at a boundary
/// joins the higher tier. Customers with no positive value are `low`.
pub(crate) fn assign_tiers(values: &[f64], shares: (f64, f64)) -> Vec<Tier> {
    let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Customers with equal values share a tier and add the same to the cumulative value, so
    // their order among themselves changes nothing.
    order.sort_unstable_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut tiers = vec![Tier::Low; values.len()];
    let mut cumulative = 0.0;
    let mut previous: Option<(f64, Tier)> = None;
    for index in order {
        let value = values[index];
        if value <= 0.0 {
            break;
        }
        // The share already reached before this customer decides, so the customer who
        // crosses a boundary still belongs to the tier below it.
        let tier = match previous {
            Some((previous_value, previous_tier)) if previous_value == value => previous_tier,
            _ if !reaches(cumulative, shares.0, total) => Tier::High,
            _ if !reaches(cumulative, shares.1, total) => Tier::Medium,
            _ => Tier::Low,
        };
        tiers[index] = tier;
        cumulative += value;
        previous = Some((value, tier));
    }
    tiers
}

/// Whether `sum` reaches `share` of `total`, up to the rounding of sums of money in binary:
/// 1.6 + 1.2 is 80 % of 3.5, though the sum comes out a hair below 2.8.
fn reaches(sum: f64, share: f64, total: f64) -> bool {
    sum >= share * total - 1e-9 * total.abs()
}

/// One tier's totals, as in `tiers.groups[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierSummary {
    /// The tier.
    pub tier: Tier,
    /// Display name.
    pub name: Texts,
    /// Customers in the tier.
    pub customers: u64,
    /// Their share of all customers.
    pub customer_share: f64,
    /// Their value, net of returns.
    pub value: f64,
    /// Their share of the total positive value: as in the Pareto view, a customer whose
    /// returns outweigh their purchases brings none, so the three shares add up to 1.
    pub value_share: f64,
    /// Their gross profit, where costs are known; `null` otherwise.
    pub profit: Option<GroupProfit>,
}

/// Totals per tier of `customers`, valued at net revenue.
pub(crate) fn summarise_tiers(tiers: &[Tier], customers: &[Customer]) -> Vec<TierSummary> {
    let total_positive: f64 = customers.iter().map(|c| c.monetary.max(0.0)).sum();
    let mut members = Tier::ALL.map(|_| Vec::new());
    for (&tier, customer) in tiers.iter().zip(customers) {
        members[tier as usize].push(customer);
    }
    Tier::ALL
        .into_iter()
        .zip(members)
        .map(|(tier, members)| {
            let (value, positive) = members.iter().fold((0.0, 0.0), |(sum, positive), c| {
                (sum + c.monetary, positive + c.monetary.max(0.0))
            });
            TierSummary {
                tier,
                name: tier.name(),
                customers: members.len() as u64,
                customer_share: share(members.len() as f64, tiers.len() as f64),
                value,
                value_share: share(positive, total_positive),
                profit: GroupProfit::of(members),
            }
        })
        .collect()
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// The Pareto view of revenue, as in the report's `pareto` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pareto {
    /// Cumulative share of revenue brought by the top share of customers, at every whole
    /// percent of customers (fewer points for fewer than 100 customers), starting at (0, 0).
    pub curve: Vec<ParetoPoint>,
    /// Share of revenue brought by the top 20 % of customers.
    pub top20_revenue_share: f64,
    /// Smallest share of customers that brings 80 % of revenue.
    pub customer_share_for80: f64,
    /// The headline sentence.
    pub headline: Texts,
}

/// One point of the cumulative revenue curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParetoPoint {
    /// Share of customers, best first.
    pub customer_share: f64,
    /// Their share of revenue.
    pub revenue_share: f64,
}

/// The Pareto view of net revenue per customer, or `None` when no customer's is positive.
/// A customer whose returns outweigh their purchases brings none, as in the tiers: counted as
/// a loss, they would take the top customers above all revenue and the curve back down.
pub(crate) fn pareto(revenue: &[f64]) -> Option<Pareto> {
    let mut sorted: Vec<f64> = revenue.iter().map(|value| value.max(0.0)).collect();
    let total: f64 = sorted.iter().sum();
    if total <= 0.0 {
        return None;
    }
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    let n = sorted.len();
    let mut cumulative = Vec::with_capacity(n + 1);
    cumulative.push(0.0);
    for value in &sorted {
        cumulative.push(cumulative.last().copied().unwrap_or(0.0) + value);
    }
    let revenue_share_of_top = |customers: usize| cumulative[customers] / total;
    let steps = n.min(100);
    let curve = (0..=steps)
        .map(|step| {
            let customers = (step * n).div_ceil(steps);
            ParetoPoint {
                customer_share: customers as f64 / n as f64,
                revenue_share: revenue_share_of_top(customers),
            }
        })
        .collect();
    let top20 = revenue_share_of_top((n as f64 * 0.2).ceil() as usize);
    let needed = cumulative
        .iter()
        .position(|&sum| reaches(sum, 0.8, total))
        .unwrap_or(n);
    let for80 = needed as f64 / n as f64;
    let (top, for80_percent) = (Percent(top20, 0), Percent(for80, 0));
    Some(Pareto {
        curve,
        top20_revenue_share: top20,
        customer_share_for80: for80,
        headline: Texts::new(
            format!("The top 20% of customers bring {top}% of revenue; {for80_percent}% of customers bring 80%."),
            format!("前 20% 的客户贡献了 {top}% 的收入；{for80_percent}% 的客户贡献了 80% 的收入。"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_the_cumulative_share() {
        // Total 100: 50 + 30 reaches 80 % → the first two are high; 15 reaches 95 % → medium.
        let values = [30.0, 5.0, 50.0, 15.0];
        assert_eq!(
            assign_tiers(&values, (0.8, 0.95)),
            [Tier::High, Tier::Low, Tier::High, Tier::Medium]
        );
    }

    #[test]
    fn the_customer_who_crosses_the_line_is_in_the_higher_tier() {
        // 45 reaches 45 %, then 40 crosses 80 % and is still high; 10 reaches 95 %.
        let values = [40.0, 45.0, 10.0, 5.0];
        assert_eq!(
            assign_tiers(&values, (0.8, 0.95)),
            [Tier::High, Tier::High, Tier::Medium, Tier::Low]
        );
    }

    #[test]
    fn a_share_reached_exactly_is_reached_in_any_currency_unit() {
        // 1.6 + 1.2 of 3.5 is exactly 80 %, as 160 + 120 of 350 is: the third is medium,
        // though 1.6 + 1.2 sums to a hair below 2.8 in binary.
        for scale in [1.0, 100.0] {
            let values = [1.6 * scale, 1.2 * scale, 0.7 * scale];
            assert_eq!(
                assign_tiers(&values, (0.8, 0.95)),
                [Tier::High, Tier::High, Tier::Medium],
                "{scale}"
            );
            let view = pareto(&values).unwrap();
            assert!((view.customer_share_for80 - 2.0 / 3.0).abs() < 1e-12);
        }
    }

    #[test]
    fn ties_share_a_tier_and_non_positive_values_are_low() {
        let values = [10.0; 10];
        assert!(assign_tiers(&values, (0.8, 0.95))
            .iter()
            .all(|&t| t == Tier::High));
        let values = [60.0, 20.0, 20.0, 0.0, -5.0];
        assert_eq!(
            assign_tiers(&values, (0.8, 0.95)),
            [Tier::High, Tier::High, Tier::High, Tier::Low, Tier::Low]
        );
    }

    #[test]
    fn tier_summary_adds_up() {
        // Hand-worked: positive value 30 + 5 + 50 + 15 = 100. High 50 + 30, medium 15, low the
        // 5 and the −10 of a customer whose returns outweigh their purchases: net −5, but the
        // low tier still brings 5 of the 100, as the Pareto curve counts it.
        let values = [30.0, 5.0, 50.0, 15.0, -10.0];
        let tiers = assign_tiers(&values, (0.8, 0.95));
        let customers = values.map(|value| Customer::with_rfm(1, 1, value));
        let summary = summarise_tiers(&tiers, &customers);
        let counts: Vec<(u64, f64)> = summary.iter().map(|s| (s.customers, s.value)).collect();
        assert_eq!(counts, [(2, 80.0), (1, 15.0), (2, -5.0)]);
        let shares: Vec<f64> = summary.iter().map(|s| s.value_share).collect();
        for (share, expected) in shares.iter().zip([0.80, 0.15, 0.05]) {
            assert!((share - expected).abs() < 1e-12, "{shares:?}");
        }
    }

    #[test]
    fn pareto_of_ten_customers() {
        // Hand-worked: sorted 50, 20, 10, 5, 5, 4, 3, 1, 1, 1 (total 100).
        let revenue = [1.0, 5.0, 20.0, 1.0, 50.0, 3.0, 10.0, 4.0, 5.0, 1.0];
        let view = pareto(&revenue).unwrap();
        assert!((view.top20_revenue_share - 0.70).abs() < 1e-12);
        // 50 + 20 + 10 = 80 with three customers: 30 %.
        assert!((view.customer_share_for80 - 0.3).abs() < 1e-12);
        assert_eq!(view.curve.len(), 11);
        assert_eq!(
            view.curve[0],
            ParetoPoint {
                customer_share: 0.0,
                revenue_share: 0.0
            }
        );
        assert!((view.curve[10].revenue_share - 1.0).abs() < 1e-12);
        assert_eq!(
            view.headline.en,
            "The top 20% of customers bring 70% of revenue; 30% of customers bring 80%."
        );
    }

    #[test]
    fn a_share_below_1_percent_is_not_written_as_0() {
        // One customer of 400 brings 2000 of 2399 (83 %): 0.25 % of customers bring 80 %. The
        // top 80 bring 2000 + 79 = 2079, 86.7 %.
        let mut revenue = vec![1.0; 399];
        revenue.push(2000.0);
        let view = pareto(&revenue).unwrap();
        assert_eq!(
            view.headline.en,
            "The top 20% of customers bring 87% of revenue; 0.25% of customers bring 80%."
        );
    }

    #[test]
    fn a_share_short_of_100_percent_is_not_written_as_100() {
        // Of 1000, one customer of five brings 997: 99.7 %, and alone 80 %.
        let view = pareto(&[1.0, 997.0, 1.0, 1.0, 0.0]).unwrap();
        assert_eq!(
            view.headline,
            Texts::new(
                "The top 20% of customers bring 99.7% of revenue; 20% of customers bring 80%.",
                "前 20% 的客户贡献了 99.7% 的收入；20% 的客户贡献了 80% 的收入。"
            )
        );
    }

    #[test]
    fn pareto_needs_positive_revenue() {
        assert_eq!(pareto(&[]), None);
        assert_eq!(pareto(&[0.0, -10.0]), None);
    }

    #[test]
    fn pareto_counts_no_revenue_from_customers_who_returned_more_than_they_bought() {
        // Hand-worked: positive revenue 50 + 30 + 20 = 100, whatever the −100 and the 0. The
        // top customer of five brings 50 %; 50 + 30 = 80 with two: 40 %.
        let view = pareto(&[30.0, -100.0, 50.0, 0.0, 20.0]).unwrap();
        assert!((view.top20_revenue_share - 0.5).abs() < 1e-12);
        assert!((view.customer_share_for80 - 0.4).abs() < 1e-12);
        let shares: Vec<f64> = view.curve.iter().map(|point| point.revenue_share).collect();
        assert_eq!(shares, [0.0, 0.5, 0.8, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn pareto_curve_has_at_most_101_points() {
        let revenue: Vec<f64> = (1..=1000).map(f64::from).collect();
        let view = pareto(&revenue).unwrap();
        assert_eq!(view.curve.len(), 101);
        assert!(view
            .curve
            .windows(2)
            .all(|w| w[0].revenue_share <= w[1].revenue_share));
    }
}
