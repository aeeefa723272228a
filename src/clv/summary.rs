//! The lifetime-value analysis of a customer base, and its report section.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::clv::bgnbd::{self, Estimate, Fit, History};
use crate::clv::gamma_gamma::{self, SpendEstimate, SpendFit};
use crate::clv::holdout::{validate, Holdout, Outcome};
use crate::clv::lifecycle::{stage, Lifecycle, LifecycleWhy, Signals};
use crate::clv::params::{ClvConfig, TimeUnit, DAYS_PER_MONTH};
use crate::clv::ClvInput;
use crate::customers::{total_money, Customer, GroupProfit, PurchaseDays};
use crate::parallel::{join, map_alternating};
use crate::report::CustomerRow;
use crate::rfm::{median, Tier};
use crate::text::{Counted, Texts};
use crate::Date;

/// Which transaction model produced the predictions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransactionModel {
    /// BG/NBD, fitted by maximum likelihood and converged.
    Bgnbd,
    /// The BG/NBD fit did not converge: the NBD model without dropout, by maximum likelihood
    /// (by the method of moments where that fails too), every customer counted as alive.
    NbdFallback,
}

/// Which spend model produced the expected spend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SpendModel {
    /// Gamma-Gamma, fitted by maximum likelihood and converged.
    GammaGamma,
    /// The Gamma-Gamma fit did not converge: each customer's own mean spend, of the repeat
    /// purchases or else the first purchase less its returns.
    OwnMeansFallback,
}

/// Standard errors of the BG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BgNbdErrors {
    /// Of r.
    pub r: f64,
    /// Of α.
    pub alpha: f64,
    /// Of a.
    pub a: f64,
    /// Of b.
    pub b: f64,
}

/// The BG/NBD fit, in the chosen time unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BgNbdSection {
    /// The model the predictions come from.
    pub model: TransactionModel,
    /// Shape of the Gamma distribution of purchase rates.
    pub r: f64,
    /// Scale of the Gamma distribution of purchase rates (in time units).
    pub alpha: f64,
    /// First shape of the Beta distribution of dropout probabilities; `None` in the fallback.
    pub a: Option<f64>,
    /// Second shape of that Beta distribution; `None` in the fallback.
    pub b: Option<f64>,
    /// The maximised log-likelihood (of the best point found, when not converged).
    pub log_likelihood: f64,
    /// From the inverse of the Hessian; `None` when not converged or not positive
    /// definite.
    pub standard_errors: Option<BgNbdErrors>,
    /// Whether the fit converged: the gradient vanished, no parameter ran off to a boundary
    /// (beyond e^±12) and every standard error is below 10 times its parameter.
    pub converged: bool,
    /// Starting points tried.
    pub starts: u32,
    /// Starting points that reached the best log-likelihood.
    pub starts_agreeing: u32,
    /// Newton iterations over all starts.
    pub iterations: u32,
    /// The largest absolute gradient of the mean log-likelihood in log-parameters.
    pub gradient_norm: f64,
    /// Customers the model was fitted on.
    pub customers: u64,
    /// Of them, customers with a repeat purchase.
    pub repeat_customers: u64,
}

/// Standard errors of the Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GammaGammaErrors {
    /// Of p.
    pub p: f64,
    /// Of q.
    pub q: f64,
    /// Of v.
    pub v: f64,
}

/// The Gamma-Gamma fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GammaGammaSection {
    /// The model the expected spend comes from.
    pub model: SpendModel,
    /// Shape of the Gamma distribution of a purchase's value; `None` in the fallback.
    pub p: Option<f64>,
    /// Shape of the Gamma distribution of customers' scale; `None` in the fallback.
    pub q: Option<f64>,
    /// Scale of that distribution (γ in some texts); `None` in the fallback.
    pub v: Option<f64>,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// From the inverse of the Hessian; `None` when not available.
    pub standard_errors: Option<GammaGammaErrors>,
    /// Whether the fit converged.
    pub converged: bool,
    /// Newton iterations over all starts.
    pub iterations: u32,
    /// The largest absolute gradient of the mean log-likelihood in log-parameters.
    pub gradient_norm: f64,
    /// Repeat customers with a positive mean spend, the ones fitted.
    pub customers: u64,
    /// Customers left out because they have no repeat purchase.
    pub one_time_customers: u64,
    /// Repeat customers left out because their mean repeat spend is not positive.
    pub non_positive_spend_customers: u64,
    /// Pearson correlation of repeat purchases and mean spend among the fitted customers
    /// (the model assumes none); `None` with fewer than 3 customers or no variation.
    pub frequency_spend_correlation: Option<f64>,
    /// The expected spend of a customer without a usable own mean (with the fallback: the
    /// repeat customers' average, for those whose first purchase, less its returns, brought nothing
    /// either);
    /// `None` when infinite.
    pub population_mean_spend: Option<f64>,
}

/// Both fits, as [`fit_clv`](crate::fit_clv) returns them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvFits {
    /// The transaction model.
    pub bgnbd: BgNbdSection,
    /// The spend model; `None` when no repeat customer has a positive mean spend.
    pub gamma_gamma: Option<GammaGammaSection>,
}

/// Lifetime value of a group of customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvGroup {
    /// The tier, segment or lifecycle key.
    pub key: String,
    /// Customers in the group.
    pub customers: u64,
    /// Their summed lifetime value (customers without one count 0).
    pub clv: f64,
    /// Their summed expected purchases over the horizon.
    pub expected_purchases: f64,
}

/// Customers per lifecycle stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleCount {
    /// The stage.
    pub stage: Lifecycle,
    /// Customers in it.
    pub customers: u64,
    /// Their summed lifetime value.
    pub clv: f64,
    /// Their gross profit so far, over those with one, as a segment's; `None` without such
    /// customers.
    pub profit: Option<GroupProfit>,
}

/// A valuable customer in decline.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EarlyWarning {
    /// The customer id.
    pub id: String,
    /// Their value tier, `high` or `medium`.
    pub tier: Tier,
    /// P(alive); `None` with the NBD fallback, which has no dropout.
    pub p_alive: Option<f64>,
    /// Their net revenue so far.
    pub value: f64,
    /// (1 − P(alive)) × value; the whole value without P(alive).
    pub value_at_risk: f64,
    /// Their lifetime value, if known.
    pub clv: Option<f64>,
    /// Why they are declining.
    pub reason: LifecycleWhy,
}

/// The report's `clv` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvSection {
    /// The unit of the models' parameters and times.
    pub time_unit: TimeUnit,
    /// Months of future purchases in the lifetime value.
    pub horizon_months: u32,
    /// Discount rate per month.
    pub monthly_discount_rate: f64,
    /// Gross margin applied to spend; `None`: the lifetime value is revenue.
    pub margin: Option<f64>,
    /// The transaction model.
    pub bgnbd: BgNbdSection,
    /// The spend model; `None` when no repeat customer has a positive mean spend (then no
    /// customer has a lifetime value).
    pub gamma_gamma: Option<GammaGammaSection>,
    /// Summed lifetime value of all customers.
    pub total_clv: f64,
    /// Per value tier.
    pub by_tier: Vec<ClvGroup>,
    /// Per RFM segment, by segment key.
    pub by_segment: Vec<ClvGroup>,
    /// Customers per lifecycle stage.
    pub lifecycle: Vec<LifecycleCount>,
    /// High- and medium-value customers in decline, by value at risk, the first 100.
    pub early_warning: Vec<EarlyWarning>,
    /// How many customers the full early-warning list has.
    pub early_warning_customers: u64,
    /// Forecast against outcome when the data runs past asOf.
    pub holdout: Option<Holdout>,
    /// Warnings and fallbacks, in words.
    pub notes: Vec<Texts>,
}

/// A customer's lifetime-value fields, flattened into their report row, read through its
/// methods.
///
/// The report keeps a row per customer, so the fields are packed: the figures that may be
/// missing share one byte saying which are given, where an `Option<f64>` each would take
/// 16 bytes, twice its value's (in wasm the fields took 136 bytes of each row, now 80).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerClv {
    /// Each [`Figure`]'s value at its index, 0 when not given.
    figures: [f64; Figure::COUNT],
    /// Bit `figure as u8` set when that figure is given; [`HOLDOUT_PURCHASES_GIVEN`] when
    /// `holdout_purchases` is.
    given: u8,
    holdout_purchases: u32,
    lifecycle: Lifecycle,
    lifecycle_why: LifecycleWhy,
}

/// A figure of [`CustomerClv`] that may be missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Figure {
    PAlive,
    ExpectedPurchases,
    ExpectedDaysToNextPurchase,
    ExpectedAvgSpend,
    Clv,
    HoldoutPredicted,
}

impl Figure {
    /// One past the last figure's index.
    const COUNT: usize = Figure::HoldoutPredicted as usize + 1;

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

const HOLDOUT_PURCHASES_GIVEN: u8 = 1 << Figure::COUNT;

impl CustomerClv {
    /// A customer's stage and why, with no figure given yet.
    pub(crate) fn new(lifecycle: Lifecycle, lifecycle_why: LifecycleWhy) -> CustomerClv {
        CustomerClv {
            figures: [0.0; Figure::COUNT],
            given: 0,
            holdout_purchases: 0,
            lifecycle,
            lifecycle_why,
        }
    }

    /// With `figure` set to `value`, or not given when `None`.
    pub(crate) fn with(mut self, figure: Figure, value: Option<f64>) -> CustomerClv {
        self.figures[figure as usize] = value.unwrap_or(0.0);
        self.mark(figure.bit(), value.is_some());
        self
    }

    /// With the purchase days after asOf, or none when the data ends at asOf.
    pub(crate) fn with_holdout_purchases(mut self, purchases: Option<u32>) -> CustomerClv {
        self.holdout_purchases = purchases.unwrap_or(0);
        self.mark(HOLDOUT_PURCHASES_GIVEN, purchases.is_some());
        self
    }

    /// Records whether the value behind `bit` of `given` is given.
    fn mark(&mut self, bit: u8, given: bool) {
        if given {
            self.given |= bit;
        } else {
            self.given &= !bit;
        }
    }

    /// `value` when the value behind `bit` of `given` is given.
    fn given<T>(&self, bit: u8, value: T) -> Option<T> {
        (self.given & bit != 0).then_some(value)
    }

    fn figure(&self, figure: Figure) -> Option<f64> {
        self.given(figure.bit(), self.figures[figure as usize])
    }

    /// P(alive) at asOf; `None` with the NBD fallback, which has no dropout and so cannot
    /// tell who has left.
    pub fn p_alive(&self) -> Option<f64> {
        self.figure(Figure::PAlive)
    }

    /// Expected repeat purchase days over the horizon; `None` if the series failed.
    pub fn expected_purchases(&self) -> Option<f64> {
        self.figure(Figure::ExpectedPurchases)
    }

    /// Expected days to the next purchase if still a customer; `None` when infinite.
    pub fn expected_days_to_next_purchase(&self) -> Option<f64> {
        self.figure(Figure::ExpectedDaysToNextPurchase)
    }

    /// Expected spend per purchase day (Gamma-Gamma, shrunk towards the population mean).
    pub fn expected_avg_spend(&self) -> Option<f64> {
        self.figure(Figure::ExpectedAvgSpend)
    }

    /// Discounted lifetime value over the horizon (times the margin, if given).
    pub fn clv(&self) -> Option<f64> {
        self.figure(Figure::Clv)
    }

    /// Lifecycle stage.
    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    /// Why this stage, written out in words when serialised.
    pub fn lifecycle_why(&self) -> LifecycleWhy {
        self.lifecycle_why
    }

    /// Purchase days after asOf (hold-out), when the data runs past asOf.
    pub fn holdout_purchases(&self) -> Option<u32> {
        self.given(HOLDOUT_PURCHASES_GIVEN, self.holdout_purchases)
    }

    /// The model's forecast of `holdoutPurchases`.
    pub fn holdout_predicted(&self) -> Option<f64> {
        self.figure(Figure::HoldoutPredicted)
    }
}

impl Serialize for CustomerClv {
    /// The fields as a derived `Serialize` of them unpacked writes them, in camelCase.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("CustomerClv", 9)?;
        fields.serialize_field("pAlive", &self.p_alive())?;
        fields.serialize_field("expectedPurchases", &self.expected_purchases())?;
        fields.serialize_field(
            "expectedDaysToNextPurchase",
            &self.expected_days_to_next_purchase(),
        )?;
        fields.serialize_field("expectedAvgSpend", &self.expected_avg_spend())?;
        fields.serialize_field("clv", &self.clv())?;
        fields.serialize_field("lifecycle", &self.lifecycle)?;
        fields.serialize_field("lifecycleWhy", &self.lifecycle_why)?;
        fields.serialize_field("holdoutPurchases", &self.holdout_purchases())?;
        fields.serialize_field("holdoutPredicted", &self.holdout_predicted())?;
        fields.end()
    }
}

/// The fitted models. They serialise so that they can be fitted in one place (a second
/// worker, in a browser) and used in another: nothing in them is lost on the way.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Models {
    transactions: Fit,
    spend: Option<SpendFit>,
    customers: u64,
    repeat_customers: u64,
    one_time: u64,
    non_positive: u64,
    correlation: Option<f64>,
}

/// Fits both models to the customers' inputs; `None` when no customer has been observed for
/// any time (every T is 0).
pub(crate) fn fit_models(inputs: &[ClvInput]) -> Option<Models> {
    let histories: Vec<History> = inputs.iter().map(ClvInput::history).collect();
    let spends: Vec<_> = inputs.iter().filter_map(ClvInput::spend).collect();
    // The two models share no data: they are fitted at once where there are threads.
    let (transactions, spend) = join(|| bgnbd::fit(&histories), || gamma_gamma::fit(&spends));
    let repeat_customers = inputs.iter().filter(|i| i.x > 0).count() as u64;
    Some(Models {
        transactions: transactions?,
        spend,
        customers: inputs.len() as u64,
        repeat_customers,
        one_time: inputs.len() as u64 - repeat_customers,
        non_positive: repeat_customers - spends.len() as u64,
        correlation: pearson(
            &spends
                .iter()
                .map(|s| (f64::from(s.x), s.mean))
                .collect::<Vec<_>>(),
        ),
    })
}

impl Models {
    /// Whether these models could have been fitted to `inputs`: as many customers, as many
    /// of them repeat customers. Models that crossed from another worker are checked with it.
    #[cfg(any(target_arch = "wasm32", test))]
    pub(crate) fn match_inputs(&self, inputs: &[ClvInput]) -> bool {
        let repeat_customers = inputs.iter().filter(|i| i.x > 0).count() as u64;
        self.customers == inputs.len() as u64 && self.repeat_customers == repeat_customers
    }

    pub(crate) fn fits(&self) -> ClvFits {
        let fit = &self.transactions;
        let (model, r, alpha, a, b) = match fit.estimate {
            Estimate::BgNbd(p) => (TransactionModel::Bgnbd, p.r, p.alpha, Some(p.a), Some(p.b)),
            Estimate::Nbd { r, alpha, .. } => (TransactionModel::NbdFallback, r, alpha, None, None),
        };
        let bgnbd = BgNbdSection {
            model,
            r,
            alpha,
            a,
            b,
            log_likelihood: fit.log_likelihood,
            standard_errors: fit.standard_errors.map(|[r, alpha, a, b]| BgNbdErrors {
                r,
                alpha,
                a,
                b,
            }),
            converged: fit.converged,
            starts: fit.starts,
            starts_agreeing: fit.starts_agreeing,
            iterations: fit.iterations,
            gradient_norm: fit.gradient_norm,
            customers: self.customers,
            repeat_customers: self.repeat_customers,
        };
        let gamma_gamma = self.spend.as_ref().map(|fit| {
            let (model, p, q, v) = match fit.estimate {
                SpendEstimate::GammaGamma(g) => {
                    (SpendModel::GammaGamma, Some(g.p), Some(g.q), Some(g.v))
                }
                SpendEstimate::OwnMeans { .. } => (SpendModel::OwnMeansFallback, None, None, None),
            };
            GammaGammaSection {
                model,
                p,
                q,
                v,
                log_likelihood: fit.log_likelihood,
                standard_errors: fit
                    .standard_errors
                    .map(|[p, q, v]| GammaGammaErrors { p, q, v }),
                converged: fit.converged,
                iterations: fit.iterations,
                gradient_norm: fit.gradient_norm,
                customers: self.repeat_customers - self.non_positive,
                one_time_customers: self.one_time,
                non_positive_spend_customers: self.non_positive,
                frequency_spend_correlation: self.correlation,
                population_mean_spend: fit.estimate.expected_spend(None, None),
            }
        });
        ClvFits { bgnbd, gamma_gamma }
    }
}

/// The Pearson correlation of pairs; `None` with fewer than 3 or without variation.
fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    // Equal values are looked for as such: the deviations from a mean rounded in summing are
    // not exactly zero, and their ratio is noise, ±1 as often as not.
    let varies = |value: fn(&(f64, f64)) -> f64| {
        pairs
            .split_first()
            .is_some_and(|(first, rest)| rest.iter().any(|p| value(p) != value(first)))
    };
    if pairs.len() < 3 || !varies(|p| p.0) || !varies(|p| p.1) {
        return None;
    }
    let n = pairs.len() as f64;
    let (sx, sy) = pairs
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// A correlation of frequency and spend at least this strong (in absolute value) is warned
/// about: the Gamma-Gamma model assumes they are independent.
pub(crate) const CORRELATION_WARNING: f64 = 0.3;

/// A horizon more than this many times the history observed is warned about.
pub(crate) const HORIZON_PER_HISTORY: f64 = 2.0;

/// The note when the horizon is more than [`HORIZON_PER_HISTORY`] times the `history_days`
/// from the first purchase in the data to asOf: the models have seen no customer buy over
/// anything like that span, so the forecast extrapolates far beyond the data.
fn short_history_note(history_days: i32, config: &ClvConfig) -> Option<Texts> {
    let months = config.horizon_months;
    let ratio = f64::from(months) * DAYS_PER_MONTH / f64::from(history_days.max(1));
    (ratio > HORIZON_PER_HISTORY).then(|| {
        Texts::new(
            format!("Lifetime value forecasts {} from {} of history (the first purchase in the data to asOf), {ratio:.1} times as long: no customer has been seen over such a span, so read expected purchases and lifetime values as rough."
                , Counted(months, "month", "months"), Counted(history_days, "day", "days")),
            format!("终身价值预测未来 {months} 个月，而数据只有 {history_days} 天的历史（从数据中最早的首次购买到分析日期），预测期是其 {ratio:.1} 倍：没有客户在这么长的时间内被观察过，预期购买次数和终身价值只能作粗略参考。"),
        )
    })
}

/// Early-warning entries kept in the report.
const EARLY_WARNING_LIMIT: usize = 100;

/// The lifetime-value models' inputs: the customers' purchase days as of `as_of`, in the
/// configured time unit.
pub(crate) fn clv_inputs(days: &[PurchaseDays], as_of: Date, config: &ClvConfig) -> Vec<ClvInput> {
    let unit = config.time_unit.days();
    days.iter()
        .map(|d| {
            let x = d.days - 1;
            ClvInput {
                x,
                t_x: f64::from(d.last.days_since(d.first)) / unit,
                t: f64::from(as_of.days_since(d.first)) / unit,
                mean_spend: (x > 0).then(|| d.repeat_net / f64::from(x)),
            }
        })
        .collect()
}

/// The lifetime-value analysis of the customers as of `as_of`, from the models [`fit_models`]
/// fitted to `inputs`, which [`clv_inputs`] made from the same `days` and `config`: sets each
/// report row's `clv` and returns the section. `rows`, `days` and `inputs` are parallel (the
/// customer base's order). `data_end` is the latest date in the data: when after `as_of`, the
/// period between is the hold-out.
pub(crate) fn analyze_clv(
    (inputs, models): (&[ClvInput], Models),
    rows: &mut [CustomerRow],
    days: &[PurchaseDays],
    (as_of, data_end): (Date, Date),
    config: &ClvConfig,
) -> ClvSection {
    let unit = config.time_unit.days();
    let fits = models.fits();
    let transactions = models.transactions.estimate;
    let spend = models.spend.as_ref().map(|fit| fit.estimate);

    let holdout_length = f64::from(data_end.days_since(as_of)) / unit;
    let has_holdout = data_end > as_of;
    let rhythms: Vec<f64> = days.iter().filter_map(PurchaseDays::rhythm_days).collect();
    let figuring = Figuring {
        transactions,
        spend,
        series: Series::of(
            inputs,
            &transactions,
            has_holdout.then_some(holdout_length),
            config,
        ),
        has_holdout,
        margin: config.margin.unwrap_or(1.0),
        unit,
        as_of,
        holdout_length,
        typical_rhythm: median(rhythms),
    };
    // Each customer's figures are their own, so the two halves of the rows share the cores
    // where there are threads. Written into the rows, which are the largest block the
    // analysis holds: a list of the customers' figures beside them would need room of its own
    // when memory peaks.
    let half = rows.len().min(inputs.len()).min(days.len()) / 2;
    let (early_rows, late_rows) = rows.split_at_mut(half);
    let (mut outcomes, late_outcomes) = join(
        || figuring.write(&inputs[..half], &days[..half], early_rows),
        || figuring.write(&inputs[half..], &days[half..], late_rows),
    );
    outcomes.extend(late_outcomes);

    let holdout = has_holdout
        .then(|| validate((as_of.add_days(1), data_end), holdout_length, &outcomes))
        .flatten();
    // Every row has its figures by now; each row with them, for the section.
    let figured = || {
        rows.iter()
            .filter_map(|row| row.clv.as_ref().map(|clv| (row, clv)))
    };
    let mut by_tier = clv_groups(figured(), |row| row.rfm.tier.key());
    by_tier.sort_by_key(|g| Tier::ALL.iter().position(|t| t.key() == g.key));
    let by_segment = clv_groups(figured(), |row| &row.rfm.segment);
    let lifecycle = Lifecycle::ALL
        .iter()
        .map(|&stage| {
            let members = figured().filter(|(_, clv)| clv.lifecycle == stage);
            LifecycleCount {
                stage,
                customers: members.clone().count() as u64,
                clv: total_money(members.clone().map(|(_, clv)| clv.clv().unwrap_or(0.0))),
                profit: GroupProfit::of(members.map(|(row, _)| &row.summary)),
            }
        })
        .collect();

    // Ranked by reference: only the ids that make the list are copied. Without P(alive) (the
    // fallback model has no dropout) a declining customer's whole value is at risk, as in the
    // recommendations.
    let value_at_risk = |clv: &CustomerClv, customer: &Customer| {
        clv.p_alive()
            .map_or(customer.monetary, |p| (1.0 - p) * customer.monetary)
    };
    let mut declining: Vec<(&CustomerRow, &CustomerClv)> = figured()
        .filter(|(row, clv)| {
            clv.lifecycle == Lifecycle::Declining
                && matches!(row.rfm.tier, Tier::High | Tier::Medium)
        })
        .collect();
    // A stable sort, so that equal values keep the customers' order.
    declining.sort_by(|(a_row, a), (b_row, b)| {
        value_at_risk(b, &b_row.summary).total_cmp(&value_at_risk(a, &a_row.summary))
    });
    let early_warning_customers = declining.len() as u64;
    let early_warning: Vec<EarlyWarning> = declining
        .into_iter()
        .take(EARLY_WARNING_LIMIT)
        .map(|(row, clv)| EarlyWarning {
            id: row.summary.id.clone(),
            tier: row.rfm.tier,
            p_alive: clv.p_alive(),
            value: row.summary.monetary,
            value_at_risk: value_at_risk(clv, &row.summary),
            clv: clv.clv(),
            reason: clv.lifecycle_why,
        })
        .collect();

    // The history the models saw: from the first purchase in the data to asOf.
    let history_days = days.iter().map(|d| as_of.days_since(d.first)).max();
    let mut notes = notes(&fits, &transactions);
    notes.extend(history_days.and_then(|history| short_history_note(history, config)));
    let total_clv = figured()
        .filter_map(|(_, clv)| clv.clv())
        .fold(0.0, |sum, v| sum + v);
    ClvSection {
        time_unit: config.time_unit,
        horizon_months: config.horizon_months,
        monthly_discount_rate: config.monthly_discount_rate,
        margin: config.margin,
        bgnbd: fits.bgnbd,
        gamma_gamma: fits.gamma_gamma,
        total_clv,
        by_tier,
        by_segment,
        lifecycle,
        early_warning,
        early_warning_customers,
        holdout,
        notes,
    }
}

/// What every customer's lifetime-value figures are made from.
struct Figuring {
    transactions: Estimate,
    spend: Option<SpendEstimate>,
    series: Series,
    /// Whether the data go on after the analysis date, for a hold-out.
    has_holdout: bool,
    margin: f64,
    /// Days per time unit.
    unit: f64,
    as_of: Date,
    /// The hold-out's length in time units, when there is one.
    holdout_length: f64,
    /// The median days between purchases of the customers who bought on more than one day.
    typical_rhythm: Option<f64>,
}

impl Figuring {
    /// Writes the figures of each of `rows` (with their `inputs` and `days`, parallel to
    /// them) into it, and returns the hold-out outcomes of those with a hold-out forecast, in
    /// their order.
    fn write(
        &self,
        inputs: &[ClvInput],
        days: &[PurchaseDays],
        rows: &mut [CustomerRow],
    ) -> Vec<Outcome> {
        let transactions = &self.transactions;
        let mut outcomes = Vec::new();
        for ((input, d), row) in inputs.iter().zip(days).zip(rows.iter_mut()) {
            let history = input.history();
            let p_alive = transactions.p_alive(&history);
            // Without dropout the forecasts are those of a customer still buying.
            let alive = p_alive.unwrap_or(1.0);
            let if_alive = self.series.of_input(input);
            let horizon = if_alive
                .horizon
                .map(|(expected, discounted)| (expected * alive, discounted * alive));
            // What the repeat purchases did not bring: the first purchase, less its returns.
            let first_purchase = row.summary.monetary - d.repeat_net;
            let expected_avg_spend = self
                .spend
                .and_then(|model| model.expected_spend(input.spend(), Some(first_purchase)));
            let clv = horizon
                .zip(expected_avg_spend)
                .map(|((_, discounted), s)| s * self.margin * discounted);
            let own_rhythm = d.rhythm_days();
            let signals = Signals {
                tenure_days: self.as_of.days_since(d.first),
                silence_days: self.as_of.days_since(d.last),
                purchase_days: d.days,
                rhythm_days: own_rhythm.or(self.typical_rhythm),
                own_rhythm: own_rhythm.is_some(),
                p_alive,
            };
            let (lifecycle, lifecycle_why) = stage(&signals);
            let holdout_predicted = if_alive.holdout.map(|expected| expected * alive);
            if let Some(predicted) = holdout_predicted {
                outcomes.push(Outcome {
                    actual: d.later_days,
                    predicted,
                    baseline: if input.t > 0.0 {
                        f64::from(input.x) / input.t * self.holdout_length
                    } else {
                        0.0
                    },
                });
            }
            let figures = CustomerClv::new(lifecycle, lifecycle_why)
                .with(Figure::PAlive, p_alive)
                .with(
                    Figure::ExpectedPurchases,
                    horizon.map(|(expected, _)| expected),
                )
                .with(
                    Figure::ExpectedDaysToNextPurchase,
                    transactions
                        .expected_time_to_next(&history)
                        .map(|t| t * self.unit),
                )
                .with(Figure::ExpectedAvgSpend, expected_avg_spend)
                .with(Figure::Clv, clv)
                .with(Figure::HoldoutPredicted, holdout_predicted)
                .with_holdout_purchases(self.has_holdout.then_some(d.later_days));
            row.clv = Some(figures);
        }
        outcomes
    }
}

/// The expected purchases of a customer alive at T with x repeat purchases, which depend on
/// (x, T) alone: summed over the horizon by [`discounted_purchases`] and, with a hold-out, over
/// the hold-out. They cost a series each, so they are computed once per pair that customers
/// have, the pairs shared between the cores where there are threads.
struct Series {
    /// The position in `values` of each pair (x, the bits of T).
    index: FxHashMap<(u32, u64), usize>,
    /// Per pair, what a customer alive at T is expected to buy.
    values: Vec<IfAlive>,
}

/// The purchases expected of a customer alive at T with x repeat purchases.
#[derive(Clone, Copy, Default)]
struct IfAlive {
    /// Over the horizon: the expected purchases and their discounted sum.
    horizon: Option<(f64, f64)>,
    /// Over the hold-out; `None` without one.
    holdout: Option<f64>,
}

impl Series {
    /// The series of every pair among `inputs`; `holdout_length` in time units, when there is a
    /// hold-out.
    fn of(
        inputs: &[ClvInput],
        model: &Estimate,
        holdout_length: Option<f64>,
        config: &ClvConfig,
    ) -> Series {
        let mut index = FxHashMap::default();
        let mut pairs = Vec::new();
        for input in inputs {
            index
                .entry((input.x, input.t.to_bits()))
                .or_insert_with(|| {
                    pairs.push((input.x, input.t));
                    pairs.len() - 1
                });
        }
        let values = map_alternating(&pairs, |&(x, big_t)| IfAlive {
            horizon: discounted_purchases(model, x, big_t, config),
            holdout: holdout_length.and_then(|length| model.expected_if_alive(x, big_t, length)),
        });
        Series { index, values }
    }

    /// The series of `input`'s pair, which [`Series::of`] was given.
    fn of_input(&self, input: &ClvInput) -> IfAlive {
        self.index
            .get(&(input.x, input.t.to_bits()))
            .map_or_else(IfAlive::default, |&position| self.values[position])
    }
}

/// The expected repeat purchases over the horizon of a customer alive at T with x repeat
/// purchases, and their discounted sum Σ_{k=1..H} (E[Y(k months)] − E[Y(k−1 months)]) /
/// (1 + d)^k. Times P(alive) they are the customer's; times the expected spend (and margin)
/// the sum is the lifetime value. `None` if an expectation cannot be evaluated.
fn discounted_purchases(
    model: &Estimate,
    x: u32,
    big_t: f64,
    config: &ClvConfig,
) -> Option<(f64, f64)> {
    let month = config.month();
    let (mut previous, mut discounted, mut discount) = (0.0, 0.0, 1.0);
    for k in 1..=config.horizon_months {
        let cumulative = model.expected_if_alive(x, big_t, f64::from(k) * month)?;
        // A running product rather than powi: the same bits in every build.
        discount /= 1.0 + config.monthly_discount_rate;
        discounted += (cumulative - previous) * discount;
        previous = cumulative;
    }
    Some((previous, discounted))
}

/// Lifetime value per group, by key; `key` gives a row's group.
fn clv_groups<'r>(
    figured: impl Iterator<Item = (&'r CustomerRow, &'r CustomerClv)>,
    key: impl Fn(&'r CustomerRow) -> &'r str,
) -> Vec<ClvGroup> {
    let mut groups: BTreeMap<&str, ClvGroup> = BTreeMap::new();
    for (row, clv) in figured {
        let key = key(row);
        let entry = groups.entry(key).or_insert_with(|| ClvGroup {
            key: key.to_string(),
            customers: 0,
            clv: 0.0,
            expected_purchases: 0.0,
        });
        entry.customers += 1;
        entry.clv += clv.clv().unwrap_or(0.0);
        entry.expected_purchases += clv.expected_purchases().unwrap_or(0.0);
    }
    groups.into_values().collect()
}

fn notes(fits: &ClvFits, transactions: &Estimate) -> Vec<Texts> {
    let mut notes = Vec::new();
    match transactions {
        Estimate::BgNbd(_) => {}
        Estimate::Nbd { by_moments: false, .. } => notes.push(Texts::new(
            "The BG/NBD fit did not converge, so purchases are forecast with the simpler NBD model (no dropout, parameters by maximum likelihood): every customer counts as alive and forecasts are optimistic.",
            "BG/NBD 模型拟合未收敛，改用更简单的 NBD 模型（不考虑流失，参数用最大似然估计）预测购买：所有客户均视为活跃，预测偏乐观。",
        )),
        Estimate::Nbd { by_moments: true, .. } => notes.push(Texts::new(
            "The BG/NBD fit did not converge, nor did the simpler NBD model's (no dropout), so purchases are forecast with the NBD model's parameters by the method of moments, a rough estimate: every customer counts as alive and forecasts are optimistic.",
            "BG/NBD 模型拟合未收敛，更简单的 NBD 模型（不考虑流失）的最大似然拟合也未收敛，因此改用 NBD 模型的矩估计参数（粗略估计）预测购买：所有客户均视为活跃，预测偏乐观。",
        )),
    }
    match &fits.gamma_gamma {
        None => notes.push(Texts::new(
            "No repeat customer has a positive spend, so the spend model cannot be fitted and no lifetime value is given.",
            "没有消费金额为正的复购客户，无法拟合消费金额模型，因此不计算客户终身价值。",
        )),
        Some(gg) => {
            if gg.model == SpendModel::OwnMeansFallback {
                notes.push(Texts::new(
                    "The Gamma-Gamma fit did not converge, so expected spend is each customer's own: the mean of their repeat purchases, or what their first purchase brought, less its returns.",
                    "Gamma-Gamma 模型拟合未收敛，预期客单价改用每位客户自己的数值：复购客户用其复购的平均值，其他客户用其首次购买的消费额（扣除退货）。",
                ));
            }
            if let Some(rho) = gg
                .frequency_spend_correlation
                .filter(|rho| rho.abs() >= CORRELATION_WARNING)
            {
                notes.push(Texts::new(
                    format!("Purchase frequency and spend are correlated (r = {rho:.2}) among repeat customers; the Gamma-Gamma model assumes they are independent, so read expected spend and lifetime value with care."),
                    format!("复购客户的购买频次与客单价相关（r = {rho:.2}），而 Gamma-Gamma 模型假设二者独立，预期客单价和终身价值需谨慎解读。"),
                ));
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packed, each figure reads back as given, and the fields serialise as the unpacked
    /// `Option`s did, in their order.
    #[test]
    fn packed_figures_read_back_and_serialise_as_options() {
        let why = LifecycleWhy::Growing { purchase_days: 2 };
        let clv = CustomerClv::new(Lifecycle::Growing, why)
            .with(Figure::PAlive, Some(0.0))
            .with(Figure::ExpectedPurchases, Some(1.5))
            .with(Figure::ExpectedDaysToNextPurchase, None)
            .with(Figure::ExpectedAvgSpend, Some(-2.25))
            // Given, then taken back.
            .with(Figure::Clv, Some(7.0))
            .with(Figure::Clv, None)
            .with(Figure::HoldoutPredicted, Some(0.5))
            .with_holdout_purchases(Some(0));
        let read = (
            [clv.p_alive(), clv.expected_purchases()],
            [
                clv.expected_days_to_next_purchase(),
                clv.expected_avg_spend(),
            ],
            [clv.clv(), clv.holdout_predicted()],
            clv.holdout_purchases(),
        );
        let given = (
            [Some(0.0), Some(1.5)],
            [None, Some(-2.25)],
            [None, Some(0.5)],
            Some(0),
        );
        assert_eq!(read, given);
        assert_eq!(
            serde_json::to_string(&clv).unwrap(),
            concat!(
                r#"{"pAlive":0.0,"expectedPurchases":1.5,"expectedDaysToNextPurchase":null,"#,
                r#""expectedAvgSpend":-2.25,"clv":null,"lifecycle":"growing","lifecycleWhy":"#,
                r#"{"en":"2 purchase days so far and buying on rhythm","zh-CN":"目前有 2 个购买日，购买节奏正常"},"#,
                r#""holdoutPurchases":0,"holdoutPredicted":0.5}"#
            )
        );
        assert_eq!(clv.with_holdout_purchases(None).holdout_purchases(), None);
    }

    #[test]
    fn pearson_by_hand() {
        assert_eq!(pearson(&[(1.0, 2.0), (2.0, 4.0)]), None);
        let perfect = pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]).unwrap();
        assert!((perfect - 1.0).abs() < 1e-12);
        // x = 1, 2, 3; y = 1, 3, 2: Σdxdy = 1, Σdx² = 2, Σdy² = 2, r = 0.5.
        let half = pearson(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0)]).unwrap();
        assert!((half - 0.5).abs() < 1e-12);
        assert_eq!(pearson(&[(1.0, 1.0), (1.0, 3.0), (1.0, 2.0)]), None);
        // Ten customers of 3 purchases of 7 (0.1), whose means summed in rounding differ
        // from 3 and 7 (0.1) by a last bit: no variation, no correlation.
        assert_eq!(pearson(&[(3.0, 7.0); 10]), None);
        assert_eq!(pearson(&[(3.0, 0.1); 10]), None);
    }

    #[test]
    fn discounting_by_hand() {
        // Without dropout purchases come at the posterior mean rate (r+x)/(α+T) = 6/20 a day,
        // so each 30.4375-day month brings 9.13125 and the discounted sum is the annuity
        // 9.13125 · (1 − 1.01^−12) / 0.01.
        let model = Estimate::Nbd {
            r: 2.0,
            alpha: 10.0,
            by_moments: false,
        };
        let config = crate::clv::ClvParams::default().check().unwrap();
        let (expected, discounted) = discounted_purchases(&model, 4, 10.0, &config).unwrap();
        assert!((expected - 0.3 * 365.25).abs() < 1e-9);
        let annuity = 9.131_25 * (1.0 - 1.01f64.powi(-12)) / 0.01;
        assert!(
            (discounted - annuity).abs() < 1e-9,
            "{discounted} vs {annuity}"
        );
    }

    #[test]
    fn a_horizon_beyond_twice_the_history_is_noted() {
        let config = crate::clv::ClvParams::default().check().unwrap();
        // 12 months are 365.25 days: twice 182 days is less, twice 183 days is more.
        let note = short_history_note(182, &config).unwrap();
        assert_eq!(
            note.en,
            "Lifetime value forecasts 12 months from 182 days of history (the first purchase in the data to asOf), 2.0 times as long: no customer has been seen over such a span, so read expected purchases and lifetime values as rough."
        );
        assert_eq!(
            note.zh_cn,
            "终身价值预测未来 12 个月，而数据只有 182 天的历史（从数据中最早的首次购买到分析日期），预测期是其 2.0 倍：没有客户在这么长的时间内被观察过，预期购买次数和终身价值只能作粗略参考。"
        );
        assert_eq!(short_history_note(183, &config), None);
        // One week of history, one month ahead: 30.4375 / 7 = 4.3 times.
        let month = crate::clv::ClvParams {
            horizon_months: 1,
            ..crate::clv::ClvParams::default()
        };
        let note = short_history_note(7, &month.check().unwrap()).unwrap();
        assert!(note
            .en
            .starts_with("Lifetime value forecasts 1 month from 7 days of history"));
        assert!(note.en.contains("4.3 times"), "{}", note.en);
    }
}
