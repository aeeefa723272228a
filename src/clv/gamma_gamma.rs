//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV";
//! Fader & Hardie's note on the Gamma-Gamma model): each purchase's value is Gamma(p, ν) with
//! the customer's ν ~ Gamma(q, v), independent of how often they buy.

use crate::clv::bgnbd::LOG_BOUND;
use crate::clv::optimize::{identified_errors, newton_from_each, Expansion};
use crate::clv::special::Portable;
use crate::clv::special::{digamma, ln_gamma, trigamma};
use serde::{Deserialize, Serialize};

/// Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
}

/// A repeat customer's spend: x repeat purchase days with mean spend `mean`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Spend {
    pub x: u32,
    pub mean: f64,
}

/// How the spend model was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum SpendEstimate {
    /// Gamma-Gamma by maximum likelihood.
    GammaGamma(GammaGamma),
    /// The fallback when the fit does not converge: no shrinkage. A customer's expected spend
    /// is their own mean: of their repeat purchases, else their first purchase less its returns; the mean
    /// over repeat customers only for those with neither. One repeat customer far above the
    /// rest would otherwise set everyone's.
    OwnMeans { population_mean: f64 },
}

/// The fit and its diagnostics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SpendFit {
    pub estimate: SpendEstimate,
    pub log_likelihood: f64,
    pub standard_errors: Option<[f64; 3]>,
    pub iterations: u32,
    pub gradient_norm: f64,
    pub converged: bool,
}

/// ln f(m̄ | p, q, v, x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x
///                         − (px+q) ln(v + x m̄), summed over customers, with its gradient and
/// Hessian with respect to (p, q, v).
pub(crate) fn log_likelihood(params: &GammaGamma, data: &SpendData) -> Expansion<3> {
    let GammaGamma { p, q, v } = *params;
    let (psi_q, psi1_q) = (digamma(q), trigamma(q));
    // The terms in ln Γ(px+q) − ln Γ(px) and their derivatives, once per distinct x.
    let per_x: Vec<PerX> = data
        .xs
        .iter()
        .map(|&x| {
            let x = f64::from(x);
            let px = p * x;
            let (psi_pxq, psi1_pxq) = (digamma(px + q), trigamma(px + q));
            PerX {
                gammas: ln_gamma(px + q) - ln_gamma(px),
                d_p: x * (psi_pxq - digamma(px)),
                psi_pxq,
                d_pp: x * x * (psi1_pxq - trigamma(px)),
                psi1_pxq,
            }
        })
        .collect();
    let ln_v = v.ln_p();
    let constant = q * ln_v - ln_gamma(q);
    let mut sum = Expansion::zero();
    let (g, h) = (&mut sum.gradient, &mut sum.hessian);
    for c in &data.customers {
        let k = &per_x[c.x_index];
        let px = p * c.x;
        let inv_total = 1.0 / (v + c.x * c.mean);
        let ln_total = (v + c.x * c.mean).ln_p();
        sum.value +=
            k.gammas + constant + (px - 1.0) * c.ln_mean + px * c.ln_x - (px + q) * ln_total;
        g[0] += k.d_p + c.x * (c.ln_mean + c.ln_x - ln_total);
        g[1] += k.psi_pxq - psi_q + ln_v - ln_total;
        g[2] += q / v - (px + q) * inv_total;
        h[0][0] += k.d_pp;
        h[1][0] += c.x * k.psi1_pxq;
        h[1][1] += k.psi1_pxq - psi1_q;
        h[2][0] -= c.x * inv_total;
        h[2][1] += 1.0 / v - inv_total;
        h[2][2] += (px + q) * inv_total * inv_total - q / (v * v);
    }
    sum.symmetric()
}

/// The terms of the log-likelihood that depend on x only, and their derivatives.
struct PerX {
    gammas: f64,
    d_p: f64,
    psi_pxq: f64,
    d_pp: f64,
    psi1_pxq: f64,
}

/// Spends with their logarithms and distinct x values computed once, before the fit.
pub(crate) struct SpendData {
    xs: Vec<u32>,
    customers: Vec<SpendTerms>,
}

struct SpendTerms {
    x: f64,
    x_index: usize,
    mean: f64,
    ln_x: f64,
    ln_mean: f64,
}

impl SpendData {
    pub(crate) fn new(spends: &[Spend]) -> SpendData {
        let mut xs: Vec<u32> = spends.iter().map(|s| s.x).collect();
        xs.sort_unstable();
        xs.dedup();
        let customers = spends
            .iter()
            .map(|s| SpendTerms {
                x: f64::from(s.x),
                x_index: xs.binary_search(&s.x).unwrap_or(0),
                mean: s.mean,
                ln_x: f64::from(s.x).ln_p(),
                ln_mean: s.mean.ln_p(),
            })
            .collect();
        SpendData { xs, customers }
    }
}

/// Fits Gamma-Gamma by maximum likelihood (Newton's method in log-parameters from three starts), with
/// the same convergence test as the BG/NBD fit; the [`SpendEstimate::OwnMeans`] fallback
/// otherwise. The fit runs on spends divided by their mean, so that it behaves the same in any
/// currency (v scales with the amounts; p and q do not). `None` without spends.
pub(crate) fn fit(spends: &[Spend]) -> Option<SpendFit> {
    if spends.is_empty() {
        return None;
    }
    let n = spends.len() as f64;
    let mean = spends.iter().map(|s| s.mean).sum::<f64>() / n;
    let scaled: Vec<Spend> = spends
        .iter()
        .map(|s| Spend {
            x: s.x,
            mean: s.mean / mean,
        })
        .collect();
    let data = SpendData::new(&scaled);
    let objective = |theta: &[f64; 3]| {
        let [p, q, v] = theta.map(Portable::exp_p);
        log_likelihood(&GammaGamma { p, q, v }, &data).in_logs(&[p, q, v], -1.0 / n)
    };
    // Starts whose implied mean spend p·v/(q−1) equals the observed mean, which is 1 in the
    // scaled spends.
    let starts =
        [[1.0, 2.0, 1.0], [5.0, 3.0, 0.4], [10.0, 5.0, 0.4]].map(|s| s.map(Portable::ln_p));
    let minima = newton_from_each(&objective, &starts, LOG_BOUND);
    let iterations = minima.iter().map(|m| m.iterations).sum();
    let best = minima
        .into_iter()
        .min_by(|a, b| a.value.total_cmp(&b.value))?;
    let candidate = best.settled && best.point.iter().all(|v| v.abs() < LOG_BOUND);
    let [p, q, v] = best.point.map(Portable::exp_p);
    let params = GammaGamma { p, q, v: v * mean };
    let data = SpendData::new(spends);
    let at_estimate = log_likelihood(&params, &data);
    let negative_hessian = at_estimate.hessian.map(|row| row.map(|h| -h));
    let standard_errors = candidate
        .then(|| identified_errors(&negative_hessian, &[params.p, params.q, params.v]))
        .flatten();
    let converged = standard_errors.is_some();
    Some(SpendFit {
        estimate: if converged {
            SpendEstimate::GammaGamma(params)
        } else {
            SpendEstimate::OwnMeans {
                population_mean: mean,
            }
        },
        log_likelihood: at_estimate.value,
        standard_errors,
        iterations,
        gradient_norm: best.gradient_norm,
        converged,
    })
}

impl SpendEstimate {
    /// The expected spend per purchase: E[Z | p, q, v, x, m̄] = p(v + x m̄)/(px + q − 1), a
    /// weighted mean of the population mean pv/(q−1) and the customer's own mean m̄. A customer
    /// without a usable own mean (no repeat purchase, or a mean that is not positive) gets the
    /// population mean. `None` when that mean is infinite (q ≤ 1). The fallback uses
    /// `first_purchase`, the net revenue of the customer's first purchase day less the returns
    /// before their second, where there is no own mean; the model leaves the first purchase
    /// out, as it may differ from the repeats.
    pub(crate) fn expected_spend(
        &self,
        own: Option<Spend>,
        first_purchase: Option<f64>,
    ) -> Option<f64> {
        match (*self, own) {
            (SpendEstimate::GammaGamma(GammaGamma { p, q, v }), Some(s)) => {
                let x = f64::from(s.x);
                let denominator = p * x + q - 1.0;
                (denominator > 0.0).then(|| p * (v + x * s.mean) / denominator)
            }
            (SpendEstimate::GammaGamma(GammaGamma { p, q, v }), None) => {
                (q > 1.0).then(|| p * v / (q - 1.0))
            }
            (SpendEstimate::OwnMeans { .. }, Some(s)) => Some(s.mean),
            (SpendEstimate::OwnMeans { population_mean }, None) => Some(
                first_purchase
                    .filter(|spend| *spend > 0.0)
                    .unwrap_or(population_mean),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDNOW: GammaGamma = GammaGamma {
        p: 6.25,
        q: 3.74,
        v: 15.44,
    };

    #[test]
    fn expected_spend_by_hand() {
        let model = SpendEstimate::GammaGamma(CDNOW);
        // x = 2, m̄ = 20: 6.25 · (15.44 + 40) / (12.5 + 2.74).
        let own = Spend { x: 2, mean: 20.0 };
        let expected = 6.25 * 55.44 / 15.24;
        assert!((model.expected_spend(Some(own), None).unwrap() - expected).abs() < 1e-12);
        // No repeat purchase: the population mean p·v/(q−1).
        let population = 6.25 * 15.44 / 2.74;
        assert!((model.expected_spend(None, None).unwrap() - population).abs() < 1e-12);
        // The model leaves the first purchase out.
        assert_eq!(
            model.expected_spend(None, Some(99.0)),
            model.expected_spend(None, None)
        );
        let heavy_tailed = SpendEstimate::GammaGamma(GammaGamma { q: 0.9, ..CDNOW });
        assert_eq!(heavy_tailed.expected_spend(None, None), None);
    }

    #[test]
    fn log_likelihood_of_one_purchase_is_the_lomax_density() {
        // x = 1: z ~ Gamma(p, ν), ν ~ Gamma(q, v) gives
        // f(z) = Γ(p+q)/(Γ(p)Γ(q)) · v^q z^(p−1) / (v + z)^(p+q); with p = 1, q = 2, v = 3:
        // f(z) = 2 · 9 / (3 + z)³.
        let params = GammaGamma {
            p: 1.0,
            q: 2.0,
            v: 3.0,
        };
        let data = SpendData::new(&[Spend { x: 1, mean: 2.0 }]);
        let value = log_likelihood(&params, &data).value;
        assert!((value - (18.0f64 / 125.0).ln_p()).abs() < 1e-12);
    }

    #[test]
    fn fallback_uses_own_means() {
        let model = SpendEstimate::OwnMeans {
            population_mean: 30.0,
        };
        let repeat = Spend { x: 3, mean: 12.0 };
        assert_eq!(model.expected_spend(Some(repeat), Some(50.0)), Some(12.0));
        // Without repeat purchases, the first day's spend; the repeat customers' mean only
        // when that is not positive either.
        assert_eq!(model.expected_spend(None, Some(8.0)), Some(8.0));
        assert_eq!(model.expected_spend(None, Some(-5.0)), Some(30.0));
        assert_eq!(model.expected_spend(None, None), Some(30.0));
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let data = SpendData::new(&[
            Spend { x: 1, mean: 12.0 },
            Spend { x: 3, mean: 40.0 },
            Spend { x: 3, mean: 25.5 },
        ]);
        let at = |p: [f64; 3]| {
            log_likelihood(
                &GammaGamma {
                    p: p[0],
                    q: p[1],
                    v: p[2],
                },
                &data,
            )
        };
        let point = [4.0, 2.5, 20.0];
        crate::clv::optimize::assert_derivatives_match(at, point);
    }
}
