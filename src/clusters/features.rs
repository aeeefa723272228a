//! The features k-means sees: log1p of recency, frequency and monetary value (and of any
//! extra features asked for), as z-scores.

use super::params::ExtraFeature;
use crate::customers::Customer;

/// Rows of equal length in one flat vector: the layout the distance loops run fastest on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Points {
    /// Row after row.
    pub values: Vec<f64>,
    /// Values per row.
    pub dims: usize,
}

impl Points {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values.len() / self.dims
    }

    /// Row `index`.
    pub fn row(&self, index: usize) -> &[f64] {
        &self.values[index * self.dims..(index + 1) * self.dims]
    }

    /// The rows at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Points {
        let values = indices.iter().flat_map(|&i| self.row(i)).copied().collect();
        Points {
            values,
            dims: self.dims,
        }
    }

    /// The number of different rows: k-means cannot make more clusters than that.
    pub fn distinct(&self) -> usize {
        let mut rows: Vec<Vec<u64>> = self
            .values
            .chunks_exact(self.dims)
            .map(|row| row.iter().map(|x| x.to_bits()).collect())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.len()
    }
}

#[cfg(test)]
impl Points {
    /// Points from rows written one after another, for unit tests.
    pub(crate) fn from_rows(values: &[f64], dims: usize) -> Points {
        Points {
            values: values.to_vec(),
            dims,
        }
    }
}

/// The names of the three RFM features, in column order, as shown in the report.
pub(crate) const RFM_FEATURE_NAMES: [&str; 3] = [
    "log1p(recencyDays)",
    "log1p(frequency)",
    "log1p(max(monetary, 0))",
];

/// A customer's recency (days), frequency and spending (net revenue, 0 when negative), before
/// the logarithm: the values the clusters are drawn from.
pub(crate) fn rfm_values(c: &Customer) -> [f64; 3] {
    [
        f64::from(c.recency_days.max(0)),
        f64::from(c.frequency),
        c.monetary.max(0.0),
    ]
}

/// The customers' features before the logarithm, a row each in the customers' order:
/// [`rfm_values`], then the `extra` features in their order.
fn raw_features(customers: &[Customer], extra: &[ExtraFeature]) -> Points {
    let dims = RFM_FEATURE_NAMES.len() + extra.len();
    let mut values = Vec::with_capacity(customers.len() * dims);
    for c in customers {
        values.extend(rfm_values(c));
        values.extend(extra.iter().map(|feature| match feature {
            ExtraFeature::AverageOrderValue => c.monetary.max(0.0) / f64::from(c.frequency.max(1)),
            // The analysis refuses this feature for customers without a first purchase.
            ExtraFeature::TenureDays => c.first_purchase.map_or(0.0, |first| {
                f64::from((c.recency_days + c.last_purchase.days_since(first)).max(0))
            }),
        }));
    }
    Points { values, dims }
}

/// The features k-means sees ([`standardise`]), a row per customer in an order that does not
/// depend on the file's ([`canonical_order`]): row i is the customer at `order[i]`, the first
/// value returned.
pub(crate) fn ordered_features(
    customers: &[Customer],
    extra: &[ExtraFeature],
) -> (Vec<usize>, Points) {
    let raw = raw_features(customers, extra);
    let order = canonical_order(customers, &raw);
    let features = standardise(raw.select(&order));
    (order, features)
}

/// The customers' indices in an order that does not depend on the file's: by their features'
/// values (`raw`, a row per customer), then net revenue (two customers with different negative
/// balances share the feature 0), then id. The k-means++ starts and the sample are drawn by
/// position, and sums in floating point depend on their order, so clustering the customers in
/// this order makes the clusters the same however the file's rows are sorted.
fn canonical_order(customers: &[Customer], raw: &Points) -> Vec<usize> {
    // The three RFM features ride along with each index as integers, so that most comparisons
    // are settled without looking up the customers' rows; only customers equal in all three
    // are compared on the rest.
    let mut order: Vec<([u64; 3], usize)> = (0..customers.len())
        .map(|i| (rfm_values(&customers[i]).map(total_order_key), i))
        .collect();
    // Ids are unique, so the order is total and an unstable sort gives the same.
    order.sort_unstable_by(|(a_rfm, a), (b_rfm, b)| {
        a_rfm.cmp(b_rfm).then_with(|| {
            raw.row(*a)
                .iter()
                .zip(raw.row(*b))
                .skip(RFM_FEATURE_NAMES.len())
                .map(|(x, y)| x.total_cmp(y))
                .find(|ordering| ordering.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(customers[*a].monetary.total_cmp(&customers[*b].monetary))
                .then_with(|| customers[*a].id.cmp(&customers[*b].id))
        })
    });
    order.into_iter().map(|(_, i)| i).collect()
}

/// An integer that compares with another's as [`f64::total_cmp`] compares their numbers: the
/// bits of a negative number turned over, which puts the more negative lower and all of them
/// below the rest, whose sign bit is set.
fn total_order_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The `raw` features ([`raw_features`], a row per customer) as k-means sees them:
/// log1p(recencyDays), log1p(frequency), log1p(max(monetary, 0)) and the extra features, each
/// standardised to mean 0 and (population) standard deviation 1, as scikit-learn's
/// `StandardScaler` does. The logarithm tames the long right tails of all three, so a few big
/// spenders do not form clusters of their own.
///
/// Net revenue below zero (returns exceeding purchases) counts as 0: such a customer spent
/// nothing on balance, and the logarithm of a negative amount has no meaning. A column with
/// no spread (every customer bought once, say) is all zeros rather than a division by zero.
fn standardise(raw: Points) -> Points {
    let Points { mut values, dims } = raw;
    // libm rather than std: std's ln_1p calls the platform's C library natively and a Rust
    // port in wasm, which may differ in the last bit, and the clusters must be identical on
    // every platform.
    values
        .iter_mut()
        .for_each(|value| *value = libm::log1p(*value));
    let n = (values.len() / dims) as f64;
    for column in 0..dims {
        let cells = || values.iter().skip(column).step_by(dims);
        // Equal values are told by comparing them: their mean, summed in floating point, may
        // differ from them in the last bit and leave a standard deviation of 1e-17, which
        // would blow that rounding up to whole z-scores.
        let first = cells().next().copied().unwrap_or_default();
        let spread = cells().any(|&x| x != first);
        let mean = cells().sum::<f64>() / n;
        let variance = cells().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let sd = variance.sqrt();
        for cell in values.iter_mut().skip(column).step_by(dims) {
            *cell = if spread && sd > 0.0 {
                (*cell - mean) / sd
            } else {
                0.0
            };
        }
    }
    Points { values, dims }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_scores_of_log1p_worked_by_hand() {
        // Recency e−1 and e³−1 days give logs 1 and 3: mean 2, sd 1, z −1 and 1.
        let e = std::f64::consts::E;
        let customers = [
            Customer::with_rfm((e - 1.0).round() as i32, 1, -50.0),
            Customer::with_rfm((e.powi(3) - 1.0).round() as i32, 1, 99.0),
        ];
        let (order, data) = ordered_features(&customers, &[]);
        assert_eq!(order, [0, 1]);
        // Days are whole, so the logs are only near 1 and 3; two values always give ±1.
        assert!((data.row(0)[0] + 1.0).abs() < 1e-12 && (data.row(1)[0] - 1.0).abs() < 1e-12);
        // Equal frequencies: no spread, all zeros.
        assert_eq!((data.row(0)[1], data.row(1)[1]), (0.0, 0.0));
        // A negative balance counts as 0: log1p 0 and log1p 99 = ln 100, z −1 and 1.
        assert!((data.row(0)[2] + 1.0).abs() < 1e-12 && (data.row(1)[2] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn three_values_match_a_hand_computation() {
        // log1p: 0, ln 2, ln 4 → mean ln 2, population sd ln 2 · √(2/3).
        let customers = [
            Customer::with_rfm(0, 1, 0.0),
            Customer::with_rfm(1, 1, 0.0),
            Customer::with_rfm(3, 1, 0.0),
        ];
        let (order, data) = ordered_features(&customers, &[]);
        assert_eq!(order, [0, 1, 2]);
        let sd = std::f64::consts::LN_2 * (2.0f64 / 3.0).sqrt();
        let expected = [
            -std::f64::consts::LN_2 / sd,
            0.0,
            std::f64::consts::LN_2 / sd,
        ];
        for (row, want) in expected.iter().enumerate() {
            assert!((data.row(row)[0] - want).abs() < 1e-12, "{row}");
        }
    }

    #[test]
    fn rows_come_in_the_canonical_order_and_are_standardised_in_it() {
        // By the features (recency first), then net revenue (both negative balances spend 0),
        // then id; the rows are the same, to the last bit, as those of the customers given in
        // that order.
        let mut customers = [
            Customer::with_rfm(30, 2, 40.0),
            Customer::with_rfm(5, 1, -3.0),
            Customer::with_rfm(5, 1, -7.0),
            Customer::with_rfm(5, 1, 12.5),
            Customer::with_rfm(30, 2, 40.0),
            Customer::with_rfm(900, 1, 0.1),
        ];
        for (c, id) in customers.iter_mut().zip(["f", "e", "d", "c", "b", "a"]) {
            c.id = id.into();
        }
        let extra = [ExtraFeature::AverageOrderValue];
        let (order, data) = ordered_features(&customers, &extra);
        assert_eq!(order, [2, 1, 3, 4, 0, 5]);
        let ordered: Vec<Customer> = order.iter().map(|&i| customers[i].clone()).collect();
        let (identity, again) = ordered_features(&ordered, &extra);
        assert_eq!(identity, [0, 1, 2, 3, 4, 5]);
        assert_eq!(again, data);
        // Average order value by row: 0, 0, 12.5, 20, 20, 0.1.
        assert_eq!(data.dims, 4);
        let column = |c: usize| (0..6).map(|r| data.row(r)[c]).collect::<Vec<f64>>();
        assert!(column(0).iter().sum::<f64>().abs() < 1e-12);
        assert!(column(3)[0] == column(3)[1] && column(3)[3] == column(3)[4]);
    }

    #[test]
    fn customers_equal_in_rfm_are_ordered_by_the_extra_features_before_their_ids() {
        // Same recency, frequency and spend; "a" has bought for longer (first purchase 20 days
        // before the last rather than 10), so comes after "b" despite its id.
        let mut customers = [
            Customer::with_rfm(5, 2, 30.0),
            Customer::with_rfm(5, 2, 30.0),
        ];
        for (c, (id, tenure)) in customers.iter_mut().zip([("a", 20), ("b", 10)]) {
            c.id = id.into();
            c.first_purchase = Some(c.last_purchase.add_days(-tenure));
        }
        let (order, _) = ordered_features(&customers, &[ExtraFeature::TenureDays]);
        assert_eq!(order, [1, 0]);
        let (order, _) = ordered_features(&customers, &[]);
        assert_eq!(order, [0, 1]);
    }

    #[test]
    fn order_keys_compare_as_total_cmp_does() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            2.5,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in values {
            for b in values {
                let keys = total_order_key(a).cmp(&total_order_key(b));
                assert_eq!(keys, a.total_cmp(&b), "{a} against {b}");
            }
        }
    }

    #[test]
    fn points_select_and_count_distinct_rows() {
        let points = Points {
            values: vec![1.0, 2.0, 3.0, 4.0, 1.0, 2.0],
            dims: 2,
        };
        assert_eq!((points.len(), points.distinct()), (3, 2));
        assert_eq!(points.select(&[2, 1]).values, vec![1.0, 2.0, 3.0, 4.0]);
    }
}
