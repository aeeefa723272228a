//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV";
//! Fader & Hardie's note on the Gamma-Gamma model): each purchase's value is Gamma(p, ν) with
//! the customer's ν ~ Gamma(q, v), independent of how often they buy.

use crate::clv::optimize::{gradient, nelder_mead, standard_errors};
use crate::clv::special::ln_gamma;

/// Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpendEstimate {
    /// Gamma-Gamma by maximum likelihood.
    GammaGamma(GammaGamma),
    /// The fallback when the fit does not converge: no shrinkage. A repeat customer's expected
    /// spend is their own mean; everyone else's is the mean over repeat customers.
    OwnMeans { population_mean: f64 },
}

/// The fit and its diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SpendFit {
    pub estimate: SpendEstimate,
    pub log_likelihood: f64,
    pub standard_errors: Option<[f64; 3]>,
    pub iterations: u32,
    pub gradient_norm: f64,
    pub converged: bool,
}

/// ln f(m̄ | p, q, v, x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x
///                         − (px+q) ln(v + x m̄), summed over customers.
pub(crate) fn log_likelihood(params: &GammaGamma, spends: &[Spend]) -> f64 {
    let GammaGamma { p, q, v } = *params;
    let constant = q * v.ln() - ln_gamma(q);
    spends
        .iter()
        .map(|s| {
            let x = f64::from(s.x);
            let px = p * x;
            ln_gamma(px + q) - ln_gamma(px) + constant + (px - 1.0) * s.mean.ln() + px * x.ln()
                - (px + q) * (v + x * s.mean).ln()
        })
        .sum()
}

/// Fits Gamma-Gamma by maximum likelihood (Nelder–Mead in log-parameters from three starts),
/// with the same convergence test as the BG/NBD fit; the [`SpendEstimate::OwnMeans`] fallback
/// otherwise. `None` without spends.
pub(crate) fn fit(spends: &[Spend]) -> Option<SpendFit> {
    if spends.is_empty() {
        return None;
    }
    let n = spends.len() as f64;
    let objective = |theta: &[f64]| -> f64 {
        if theta.iter().any(|v| v.abs() > 25.0) {
            return f64::INFINITY;
        }
        let params = GammaGamma {
            p: theta[0].exp(),
            q: theta[1].exp(),
            v: theta[2].exp(),
        };
        -log_likelihood(&params, spends) / n
    };
    let mean = spends.iter().map(|s| s.mean).sum::<f64>() / n;
    // Starts whose implied mean spend p·v/(q−1) equals the observed mean.
    let starts = [
        [1.0, 2.0, mean],
        [5.0, 3.0, 0.4 * mean],
        [10.0, 5.0, 0.4 * mean],
    ];
    let mut best: Option<crate::clv::optimize::Minimum> = None;
    let mut iterations = 0;
    for start in starts {
        let theta: Vec<f64> = start.iter().map(|v: &f64| v.ln()).collect();
        let minimum = nelder_mead(&objective, &theta, 0.5);
        iterations += minimum.iterations;
        if best.as_ref().is_none_or(|b| minimum.value < b.value) {
            best = Some(minimum);
        }
    }
    let best = best?;
    let gradient_norm = gradient(&objective, &best.point)
        .iter()
        .fold(0.0, |m: f64, g| m.max(g.abs()));
    let converged = best.settled
        && best.point.iter().all(|v| v.abs() < 20.0)
        && gradient_norm < 1e-4
        && best.value.is_finite();
    let params = GammaGamma {
        p: best.point[0].exp(),
        q: best.point[1].exp(),
        v: best.point[2].exp(),
    };
    let negative_ll = |x: &[f64]| {
        if x.iter().any(|v| *v <= 0.0) {
            return f64::NAN;
        }
        -log_likelihood(
            &GammaGamma {
                p: x[0],
                q: x[1],
                v: x[2],
            },
            spends,
        )
    };
    let standard_errors = converged
        .then(|| standard_errors(&negative_ll, &[params.p, params.q, params.v]))
        .flatten()
        .and_then(|errors| <[f64; 3]>::try_from(errors).ok());
    Some(SpendFit {
        estimate: if converged {
            SpendEstimate::GammaGamma(params)
        } else {
            SpendEstimate::OwnMeans {
                population_mean: mean,
            }
        },
        log_likelihood: -best.value * n,
        standard_errors,
        iterations,
        gradient_norm,
        converged,
    })
}

impl SpendEstimate {
    /// The expected spend per purchase: E[Z | p, q, v, x, m̄] = p(v + x m̄)/(px + q − 1), a
    /// weighted mean of the population mean pv/(q−1) and the customer's own mean m̄. A customer
    /// without a usable own mean (no repeat purchase, or a mean that is not positive) gets the
    /// population mean. `None` when that mean is infinite (q ≤ 1).
    pub(crate) fn expected_spend(&self, own: Option<Spend>) -> Option<f64> {
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
            (SpendEstimate::OwnMeans { population_mean }, None) => Some(population_mean),
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
        assert!((model.expected_spend(Some(own)).unwrap() - expected).abs() < 1e-12);
        // No repeat purchase: the population mean p·v/(q−1).
        let population = 6.25 * 15.44 / 2.74;
        assert!((model.expected_spend(None).unwrap() - population).abs() < 1e-12);
        let heavy_tailed = SpendEstimate::GammaGamma(GammaGamma { q: 0.9, ..CDNOW });
        assert_eq!(heavy_tailed.expected_spend(None), None);
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
        let value = log_likelihood(&params, &[Spend { x: 1, mean: 2.0 }]);
        assert!((value - (18.0f64 / 125.0).ln()).abs() < 1e-12);
    }

    #[test]
    fn fallback_uses_own_means() {
        let model = SpendEstimate::OwnMeans {
            population_mean: 30.0,
        };
        assert_eq!(
            model.expected_spend(Some(Spend { x: 3, mean: 12.0 })),
            Some(12.0)
        );
        assert_eq!(model.expected_spend(None), Some(30.0));
    }
}
