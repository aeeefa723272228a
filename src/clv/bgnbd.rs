//! The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers
//! the easy way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each
//! purchase they drop out with probability p ~ Beta(a, b).

use crate::clv::optimize::{identified_errors, newton_from_each, Expansion, Minimum, Objective};
use crate::clv::special::Portable;
use crate::clv::special::{digamma, hyp2f1, ln_gamma, trigamma};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One customer's repeat-purchase history in the model's time unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct History {
    /// Repeat purchase days: distinct purchase days − 1.
    pub x: u32,
    /// Last − first purchase day.
    pub t_x: f64,
    /// asOf − first purchase day.
    pub t: f64,
}

/// BG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// How the transaction model was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Estimate {
    /// BG/NBD by maximum likelihood.
    BgNbd(BgNbd),
    /// The fallback when the BG/NBD fit does not converge: the NBD model (the same Poisson
    /// purchasing with Gamma rates, but nobody drops out), its r and α by maximum likelihood,
    /// or by the method of moments (`by_moments`) where that fit does not settle inside the
    /// bounds either. Every customer is then taken as alive.
    Nbd {
        r: f64,
        alpha: f64,
        by_moments: bool,
    },
}

/// What the maximisation found, for the report's diagnostics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Fit {
    pub estimate: Estimate,
    /// Log-likelihood of the BG/NBD estimate, or of the best non-converged point.
    pub log_likelihood: f64,
    pub standard_errors: Option<[f64; 4]>,
    pub starts: u32,
    /// Starts that reached the best log-likelihood (to 1e-6 relative).
    pub starts_agreeing: u32,
    pub iterations: u32,
    /// Largest absolute gradient of the mean log-likelihood in log-parameters at the estimate.
    pub gradient_norm: f64,
    pub converged: bool,
}

/// The log-likelihood of the data under `params`, summed over customers, with its gradient
/// and Hessian with respect to (r, α, a, b).
///
/// Per customer, with the terms grouped so that nothing overflows:
/// ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln(e^A + δ(x>0) e^D),
/// A = −(r+x) ln(α+T), D = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
/// With w = e^D / (e^A + e^D), the share of the second term (1 − P(alive)), the last term's
/// gradient is (1−w)∇A + w∇D and its Hessian (1−w)∇²A + w∇²D + w(1−w)(∇D−∇A)(∇D−∇A)ᵀ.
pub(crate) fn log_likelihood(params: &BgNbd, data: &Grouped) -> Expansion<4> {
    let BgNbd { r, alpha, a, b } = *params;
    let ln_alpha = alpha.ln_p();
    let constant = ln_gamma(r) - r * ln_alpha + ln_gamma(b) - ln_gamma(a + b);
    let (psi_r, psi_b, psi_ab) = (digamma(r), digamma(b), digamma(a + b));
    let (psi1_r, psi1_b, psi1_ab) = (trigamma(r), trigamma(b), trigamma(a + b));
    let per_x: Vec<PerX> = data
        .xs
        .iter()
        .map(|&x| {
            let x = f64::from(x);
            let (psi_abx, psi1_abx) = (digamma(a + b + x), trigamma(a + b + x));
            PerX {
                x,
                shared: ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x) - constant,
                dropout: if x > 0.0 {
                    a.ln_p() - (b + x - 1.0).ln_p()
                } else {
                    f64::NEG_INFINITY
                },
                d_r: digamma(r + x) - psi_r + ln_alpha,
                d_a: psi_ab - psi_abx,
                d_b: psi_ab + digamma(b + x) - psi_b - psi_abx,
                d_rr: trigamma(r + x) - psi1_r,
                d_aa: psi1_ab - psi1_abx,
                d_bb: psi1_ab + trigamma(b + x) - psi1_b - psi1_abx,
            }
        })
        .collect();
    let logs = |values: &[f64]| -> Vec<(f64, f64)> {
        values
            .iter()
            .map(|v| ((alpha + v).ln_p(), 1.0 / (alpha + v)))
            .collect()
    };
    let (per_t, per_t_x) = (logs(&data.ts), logs(&data.t_xs));
    let mut sum = Expansion::zero();
    let (g, h) = (&mut sum.gradient, &mut sum.hessian);
    for group in &data.groups {
        let k = &per_x[group.x];
        let (ln_t, inv_t) = per_t[group.t];
        let alive = -(r + k.x) * ln_t;
        let weight = group.weight;
        // The terms of A alone, then (for x > 0) D's share w of them.
        let mut value = alive;
        let mut d = [k.d_r - ln_t, -(r + k.x) * inv_t, k.d_a, k.d_b];
        let mut d_r_alpha = -inv_t;
        let mut d_alpha_alpha = (r + k.x) * inv_t * inv_t;
        let (mut d_aa, mut d_bb) = (k.d_aa, k.d_bb);
        if k.x > 0.0 {
            let (ln_t_x, inv_t_x) = per_t_x[group.t_x];
            let dropped = k.dropout - (r + k.x) * ln_t_x;
            // The larger term's share is e⁰ = 1 exactly: one exponential per group, not two.
            let (high, e_alive, e_dropped) = if alive >= dropped {
                (alive, 1.0, (dropped - alive).exp_p())
            } else {
                (dropped, (alive - dropped).exp_p(), 1.0)
            };
            let total = e_alive + e_dropped;
            value = high + total.ln_p();
            let w = e_dropped / total;
            let inv_b = 1.0 / (b + k.x - 1.0);
            // ∇D − ∇A.
            let apart = [
                ln_t - ln_t_x,
                (r + k.x) * (inv_t - inv_t_x),
                1.0 / a,
                -inv_b,
            ];
            for (d, apart) in d.iter_mut().zip(apart) {
                *d += w * apart;
            }
            d_r_alpha += w * (inv_t - inv_t_x);
            d_alpha_alpha += w * (r + k.x) * (inv_t_x * inv_t_x - inv_t * inv_t);
            d_aa -= w / (a * a);
            d_bb += w * inv_b * inv_b;
            let spread = weight * w * (1.0 - w);
            for i in 0..4 {
                for j in 0..=i {
                    h[i][j] += spread * apart[i] * apart[j];
                }
            }
        }
        sum.value += weight * (k.shared + value);
        for (g, d) in g.iter_mut().zip(d) {
            *g += weight * d;
        }
        h[0][0] += weight * k.d_rr;
        h[1][0] += weight * d_r_alpha;
        h[2][2] += weight * d_aa;
        h[3][2] += weight * k.d_aa;
        h[3][3] += weight * d_bb;
        h[1][1] += weight * d_alpha_alpha;
    }
    // The parts of ∂/∂α that do not depend on the customer: r ln α gives r/α, 1/α, −r/α².
    let n: f64 = data.groups.iter().map(|group| group.weight).sum();
    g[1] += n * r / alpha;
    h[1][0] += n / alpha;
    h[1][1] -= n * r / (alpha * alpha);
    sum.symmetric()
}

/// The terms of the log-likelihood that depend on x only, and their derivatives.
struct PerX {
    x: f64,
    shared: f64,
    dropout: f64,
    d_r: f64,
    d_a: f64,
    d_b: f64,
    d_rr: f64,
    /// ∂²/∂a² of the shared terms, which is also their ∂²/∂a∂b.
    d_aa: f64,
    d_bb: f64,
}

/// Customers with the same (x, t_x, T), counted once with a weight, and the distinct values of
/// x, T and t_x, so that log-gamma terms are computed once per x and logarithms once per T
/// and t_x. Dates are whole days, so real data has few distinct T and t_x.
pub(crate) struct Grouped {
    xs: Vec<u32>,
    ts: Vec<f64>,
    t_xs: Vec<f64>,
    groups: Vec<Group>,
}

struct Group {
    x: usize,
    t: usize,
    t_x: usize,
    weight: f64,
}

impl Grouped {
    pub(crate) fn new(histories: &[History]) -> Grouped {
        let mut xs: Vec<u32> = histories.iter().map(|h| h.x).collect();
        xs.sort_unstable();
        xs.dedup();
        let ts = Distinct::of(histories.iter().map(|h| h.t));
        let t_xs = Distinct::of(histories.iter().map(|h| h.t_x));
        let mut keys: Vec<(u32, u32, u32)> = histories
            .iter()
            .map(|h| {
                let x = xs.binary_search(&h.x).unwrap_or(0) as u32;
                (x, ts.position(h.t), t_xs.position(h.t_x))
            })
            .collect();
        keys.sort_unstable();
        let mut groups: Vec<Group> = Vec::new();
        for (x, t, t_x) in keys {
            let (x, t, t_x) = (x as usize, t as usize, t_x as usize);
            match groups.last_mut() {
                Some(last) if (last.x, last.t, last.t_x) == (x, t, t_x) => last.weight += 1.0,
                _ => groups.push(Group {
                    x,
                    t,
                    t_x,
                    weight: 1.0,
                }),
            }
        }
        Grouped {
            xs,
            ts: ts.values,
            t_xs: t_xs.values,
            groups,
        }
    }
}

/// The distinct values of a duration, ascending, and where each lies among them. Durations are
/// whole days, so hundreds of thousands of customers have a few hundred distinct ones: a
/// table of those stays in the cache, where sorting every customer's value would not.
struct Distinct {
    values: Vec<f64>,
    /// Each value's position among `values`, by its bits.
    positions: FxHashMap<u64, u32>,
}

impl Distinct {
    fn of(values: impl Iterator<Item = f64>) -> Distinct {
        let mut positions: FxHashMap<u64, u32> = values.map(|value| (value.to_bits(), 0)).collect();
        let mut values: Vec<f64> = positions.keys().map(|&bits| f64::from_bits(bits)).collect();
        values.sort_unstable_by(f64::total_cmp);
        for (position, value) in values.iter().enumerate() {
            positions.insert(value.to_bits(), position as u32);
        }
        Distinct { values, positions }
    }

    fn position(&self, value: f64) -> u32 {
        self.positions.get(&value.to_bits()).copied().unwrap_or(0)
    }
}

/// Parameters beyond e^±12 (below 6e-6 or above 160,000) mean the fit is running to a
/// boundary of the parameter space (e.g. every customer drops out after each purchase), where
/// the likelihood has no maximum and its gradient fades without a true optimum.
pub(crate) const LOG_BOUND: f64 = 12.0;

/// Fits BG/NBD by maximum likelihood: Newton's method on the mean negative log-likelihood in
/// log-parameters from three starts, keeping the best. The fit counts as converged when the
/// gradient vanished, no parameter ran off to a boundary and the Hessian gives every
/// parameter a standard error below 10 times its value; otherwise the NBD fallback of
/// [`Estimate::Nbd`] is used. `None` when no customer has been observed for any time.
pub(crate) fn fit(histories: &[History]) -> Option<Fit> {
    let total_t: f64 = histories.iter().map(|h| h.t).sum();
    let total_x: f64 = histories.iter().map(|h| f64::from(h.x)).sum();
    if histories.is_empty() || total_t <= 0.0 {
        return None;
    }
    let data = Grouped::new(histories);
    let n = histories.len() as f64;
    let at = |p: [f64; 4]| {
        let [r, alpha, a, b] = p;
        log_likelihood(&BgNbd { r, alpha, a, b }, &data)
    };
    let objective = |theta: &[f64; 4]| {
        let p = theta.map(Portable::exp_p);
        at(p).in_logs(&p, -1.0 / n)
    };
    // Starts around the observed purchase rate r/α = Σx/ΣT, with weak and strong dropout.
    let rate = (total_x / total_t).max(1e-6);
    let starts = [
        [1.0, 1.0 / rate, 1.0, 1.0],
        [0.5, 0.5 / rate, 0.5, 3.0],
        [2.0, 2.0 / rate, 2.0, 10.0],
    ]
    .map(|start| start.map(Portable::ln_p));
    let (best, iterations, starts_agreeing) = best_of(&objective, &starts);
    let inside = best.point.iter().all(|v| v.abs() < LOG_BOUND);
    let estimate = best.point.map(Portable::exp_p);
    let [r, alpha, a, b] = estimate;
    let params = BgNbd { r, alpha, a, b };
    let standard_errors = (best.settled && inside)
        .then(|| identified_errors(&at(estimate).hessian.map(|row| row.map(|h| -h)), &estimate))
        .flatten();
    let converged = standard_errors.is_some();
    let estimate = if converged {
        Estimate::BgNbd(params)
    } else {
        nbd_fit(histories, &data)
    };
    Some(Fit {
        estimate,
        log_likelihood: -best.value * n,
        standard_errors,
        starts: starts.len() as u32,
        starts_agreeing,
        iterations,
        gradient_norm: best.gradient_norm,
        converged,
    })
}

/// Minimises `objective` in log-parameters from each start within [`LOG_BOUND`]: the lowest
/// minimum, the iterations over all starts and how many starts reached it (to 1e-6 relative).
fn best_of<const N: usize>(
    objective: &Objective<N>,
    starts: &[[f64; N]],
) -> (Minimum<N>, u32, u32) {
    let mut minima = newton_from_each(objective, starts, LOG_BOUND);
    let iterations = minima.iter().map(|m| m.iterations).sum();
    minima.sort_by(|a, b| a.value.total_cmp(&b.value));
    let values: Vec<f64> = minima.iter().map(|m| m.value).collect();
    let best = minima.swap_remove(0);
    let agreeing = values
        .iter()
        .filter(|v| (*v - best.value).abs() <= 1e-6 * best.value.abs().max(1e-12))
        .count() as u32;
    (best, iterations, agreeing)
}

/// The log-likelihood of the NBD model (BG/NBD without dropout, its limit as a → 0) with its
/// gradient and Hessian with respect to (r, α). Per customer the purchase times have
/// likelihood ∫ λ^x e^(−λT) dGamma(λ; r, α), so
/// ln L = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T), whatever t_x.
pub(crate) fn nbd_log_likelihood([r, alpha]: [f64; 2], data: &Grouped) -> Expansion<2> {
    let per_x: Vec<[f64; 4]> = data
        .xs
        .iter()
        .map(|&x| {
            let x = f64::from(x);
            [x, ln_gamma(r + x), digamma(r + x), trigamma(r + x)]
        })
        .collect();
    let mut sum = Expansion::zero();
    let mut n = 0.0;
    for group in &data.groups {
        let [x, ln_gamma_rx, psi_rx, psi1_rx] = per_x[group.x];
        let big_t = alpha + data.ts[group.t];
        let (ln_t, inv_t) = (big_t.ln_p(), 1.0 / big_t);
        let weight = group.weight;
        n += weight;
        sum.value += weight * (ln_gamma_rx - (r + x) * ln_t);
        sum.gradient[0] += weight * (psi_rx - ln_t);
        sum.gradient[1] -= weight * (r + x) * inv_t;
        sum.hessian[0][0] += weight * psi1_rx;
        sum.hessian[1][0] -= weight * inv_t;
        sum.hessian[1][1] += weight * (r + x) * inv_t * inv_t;
    }
    // The terms every customer shares: −ln Γ(r) + r ln α.
    let ln_alpha = alpha.ln_p();
    sum.value += n * (r * ln_alpha - ln_gamma(r));
    sum.gradient[0] += n * (ln_alpha - digamma(r));
    sum.gradient[1] += n * r / alpha;
    sum.hessian[0][0] -= n * trigamma(r);
    sum.hessian[1][0] += n / alpha;
    sum.hessian[1][1] -= n * r / (alpha * alpha);
    sum.symmetric()
}

/// The NBD fallback: r and α by maximum likelihood, Newton's method in log-parameters as for
/// BG/NBD, from the moments' estimate and from r = 1 at the observed rate. The method of
/// moments weighs each customer by the square of their count, so one heavy buyer can set
/// the whole population's heterogeneity (on four years of one daily buyer and fifty light
/// ones it made α twelve times too small); it is the estimate only where the likelihood
/// has no maximum inside the bounds (nobody bought twice, or rates show no spread at all).
fn nbd_fit(histories: &[History], data: &Grouped) -> Estimate {
    let moments = nbd_by_moments(histories);
    let Estimate::Nbd { r, alpha, .. } = moments else {
        return moments;
    };
    let n = histories.len() as f64;
    let objective = |theta: &[f64; 2]| {
        let p = theta.map(Portable::exp_p);
        nbd_log_likelihood(p, data).in_logs(&p, -1.0 / n)
    };
    let inside = |v: f64| v.ln_p().clamp(1.0 - LOG_BOUND, LOG_BOUND - 1.0);
    let starts = [[inside(r), inside(alpha)], [0.0, inside(alpha / r)]];
    let (best, _, _) = best_of(&objective, &starts);
    if best.settled && best.point.iter().all(|v| v.abs() < LOG_BOUND) {
        let [r, alpha] = best.point.map(Portable::exp_p);
        Estimate::Nbd {
            r,
            alpha,
            by_moments: false,
        }
    } else {
        moments
    }
}

/// The NBD fallback by the method of moments: with λ ~ Gamma(r, α), E\[x\] = rT/α and
/// Var\[x\] = rT/α + rT²/α². The pooled rate m = Σx/ΣT estimates r/α; the excess of
/// Σ(x − mT)² over mΣT, divided by mΣT², estimates 1/α. Without excess variance the rates are
/// taken as nearly equal (α large).
fn nbd_by_moments(histories: &[History]) -> Estimate {
    let total_t: f64 = histories.iter().map(|h| h.t).sum();
    let total_x: f64 = histories.iter().map(|h| f64::from(h.x)).sum();
    let rate = (total_x / total_t).max(1e-9);
    let squares: f64 = histories
        .iter()
        .map(|h| (f64::from(h.x) - rate * h.t).powi(2))
        .sum();
    let total_t2: f64 = histories.iter().map(|h| h.t * h.t).sum();
    let inverse_alpha = (squares - rate * total_t) / (rate * total_t2);
    let alpha = if inverse_alpha > 1e-9 {
        1.0 / inverse_alpha
    } else {
        1e9
    };
    Estimate::Nbd {
        r: rate * alpha,
        alpha,
        by_moments: true,
    }
}

impl Estimate {
    /// P(alive at T | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
    /// A customer with no repeat purchase cannot have dropped out in this model (dropout
    /// happens only after a purchase), so their P(alive) is 1. `None` for the NBD model, which
    /// has no dropout: it cannot tell who has left.
    pub(crate) fn p_alive(&self, h: &History) -> Option<f64> {
        let Estimate::BgNbd(BgNbd { r, alpha, a, b }) = *self else {
            return None;
        };
        if h.x == 0 {
            return Some(1.0);
        }
        let x = f64::from(h.x);
        let log_odds = a.ln_p() - (b + x - 1.0).ln_p()
            + (r + x) * ((alpha + h.t).ln_p() - (alpha + h.t_x).ln_p());
        Some(1.0 / (1.0 + log_odds.exp_p()))
    }

    /// The expected repeat purchases in the next `t` units of a customer alive at T with x
    /// repeat purchases: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)],
    /// z = t/(α+T+t). Times P(alive) it is the conditional expectation E[Y(t) | x, t_x, T];
    /// it does not depend on t_x, so customers can share it. With x = 0 and T = 0 it is the
    /// unconditional E[X(t)]. The ₂F₁ is evaluated after Euler's transformation,
    /// ((α+T)/(α+T+t))^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), which converges fast and cannot
    /// overflow for customers with many purchases. `None` if the series does not settle.
    pub(crate) fn expected_if_alive(&self, x: u32, big_t: f64, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let x = f64::from(x);
        match *self {
            Estimate::BgNbd(BgNbd { r, alpha, a, b }) => {
                // a = 1 is a removable singularity of (a+b+x−1)/(a−1) · [1 − …]; step off it.
                let a = if (a - 1.0).abs() < 1e-7 {
                    1.0 + 1e-7
                } else {
                    a
                };
                let z = t / (alpha + big_t + t);
                let series = hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)?;
                let bracket = 1.0 - ((a - 1.0) * (1.0 - z).ln_p()).exp_p() * series;
                let value = (a + b + x - 1.0) / (a - 1.0) * bracket;
                value.is_finite().then_some(value)
            }
            Estimate::Nbd { r, alpha, .. } => Some((r + x) / (alpha + big_t) * t),
        }
    }

    /// The expected time to the next purchase for a customer alive at T: purchases arrive at
    /// rate λ, whose posterior is Gamma(r+x, α+T), so E[1/λ] = (α+T)/(r+x−1). `None` when
    /// r + x ≤ 1, where that expectation is infinite.
    pub(crate) fn expected_time_to_next(&self, h: &History) -> Option<f64> {
        let (r, alpha) = match *self {
            Estimate::BgNbd(BgNbd { r, alpha, .. }) | Estimate::Nbd { r, alpha, .. } => (r, alpha),
        };
        let shape = r + f64::from(h.x) - 1.0;
        (shape > 0.0).then(|| (alpha + h.t) / shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDNOW: BgNbd = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    #[test]
    fn unconditional_expectations_match_the_paper() {
        // Fader, Hardie & Lee (2005): E[X(t)] at t = 1, 3, 32, 78 weeks, to 0.2 % (the
        // published parameters are rounded to 3 decimals).
        let model = Estimate::BgNbd(CDNOW);
        for (t, published) in [(1.0, 0.0532), (3.0, 0.1506), (32.0, 1.0437), (78.0, 1.8576)] {
            let value = model.expected_if_alive(0, 0.0, t).unwrap();
            assert!(
                (value / published - 1.0).abs() < 2e-3,
                "E[X({t})] = {value}"
            );
        }
    }

    #[test]
    fn conditional_expectation_matches_the_paper() {
        // E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226.
        let model = Estimate::BgNbd(CDNOW);
        let h = History {
            x: 2,
            t_x: 30.43,
            t: 38.86,
        };
        let value = model.expected_if_alive(2, 38.86, 39.0).unwrap() * model.p_alive(&h).unwrap();
        assert!((value - 1.226).abs() < 6e-4, "{value}");
    }

    #[test]
    fn p_alive_by_hand() {
        let model = Estimate::BgNbd(CDNOW);
        // No repeat purchase: alive by the model's definition.
        let once = History {
            x: 0,
            t_x: 0.0,
            t: 30.0,
        };
        assert_eq!(model.p_alive(&once), Some(1.0));
        // x = 1, t_x = 10, T = 30: odds a/b · ((α+30)/(α+10))^(r+1).
        let h = History {
            x: 1,
            t_x: 10.0,
            t: 30.0,
        };
        let odds = 0.793 / 2.426 * ((4.414f64 + 30.0) / (4.414 + 10.0)).powf(1.243);
        assert!((model.p_alive(&h).unwrap() - 1.0 / (1.0 + odds)).abs() < 1e-12);
        // Bought on the last day: the ratio is 1, P(alive) = (b+x−1)/(a+b+x−1).
        let recent = History {
            x: 3,
            t_x: 30.0,
            t: 30.0,
        };
        let expected = (2.426 + 2.0) / (0.793 + 2.426 + 2.0);
        assert!((model.p_alive(&recent).unwrap() - expected).abs() < 1e-12);
    }

    #[test]
    fn log_likelihood_of_one_customer_by_hand() {
        // x = 0, T = 10: ln L = r ln α − r ln(α+T) (the Beta terms cancel).
        let data = Grouped::new(&[History {
            x: 0,
            t_x: 0.0,
            t: 10.0,
        }]);
        let expected = 0.243 * (4.414f64.ln_p() - 14.414f64.ln_p());
        assert!((log_likelihood(&CDNOW, &data).value - expected).abs() < 1e-12);
    }

    #[test]
    fn nbd_fallback_matches_the_moments_and_has_no_p_alive() {
        let histories = [
            History {
                x: 0,
                t_x: 0.0,
                t: 10.0,
            },
            History {
                x: 4,
                t_x: 9.0,
                t: 10.0,
            },
        ];
        // m = 4/20 = 0.2; Σ(x − mT)² = 4 + 4 = 8; 1/α = (8 − 0.2·20)/(0.2·200) = 0.1.
        let model = nbd_by_moments(&histories);
        let Estimate::Nbd { r, alpha, .. } = model else {
            panic!("the fallback is the NBD");
        };
        assert!((alpha - 10.0).abs() < 1e-9 && (r - 2.0).abs() < 1e-9);
        assert_eq!(model.p_alive(&histories[1]), None);
        // (r + x)/(α + T) · t = 6/20 · 5.
        assert!((model.expected_if_alive(4, 10.0, 5.0).unwrap() - 1.5).abs() < 1e-12);
    }

    #[test]
    fn expected_time_to_next_purchase_by_hand() {
        let model = Estimate::BgNbd(CDNOW);
        let h = History {
            x: 2,
            t_x: 20.0,
            t: 30.0,
        };
        let expected = (4.414 + 30.0) / (0.243 + 2.0 - 1.0);
        assert!((model.expected_time_to_next(&h).unwrap() - expected).abs() < 1e-12);
        assert_eq!(
            model.expected_time_to_next(&History {
                x: 0,
                t_x: 0.0,
                t: 5.0
            }),
            None
        );
    }

    #[test]
    fn too_little_data_falls_back_to_the_nbd() {
        // Three customers (the hand-computed fixture as of 2024-03-01, in days): the
        // likelihood keeps rising towards "nobody drops out", so the fit cannot converge.
        let histories = [
            History {
                x: 1,
                t_x: 22.0,
                t: 51.0,
            },
            History {
                x: 0,
                t_x: 0.0,
                t: 41.0,
            },
            History {
                x: 1,
                t_x: 1.0,
                t: 2.0,
            },
        ];
        let fit = fit(&histories).unwrap();
        assert!(!fit.converged, "{fit:?}");
        // Nor has the NBD likelihood a maximum: it rises towards equal rates (r and α → ∞),
        // so the moments give the estimate.
        assert_eq!(fit.estimate, nbd_by_moments(&histories));
        assert!(matches!(
            fit.estimate,
            Estimate::Nbd {
                by_moments: true,
                ..
            }
        ));
        assert_eq!(fit.standard_errors, None);
        assert_eq!(
            super::fit(&[History {
                x: 0,
                t_x: 0.0,
                t: 0.0
            }]),
            None
        );
    }

    /// One customer who bought every day for 300 days and twelve light buyers who bought
    /// lately, as (x, t_x, T) in days: nothing shows dropout, so BG/NBD runs to a → 0.
    fn one_heavy_buyer() -> Vec<History> {
        let light = (0..12).map(|k| {
            let t = f64::from(150 + 10 * k);
            let x = k % 5;
            History {
                x,
                t_x: if x == 0 { 0.0 } else { t - 5.0 },
                t,
            }
        });
        std::iter::once(History {
            x: 300,
            t_x: 300.0,
            t: 300.0,
        })
        .chain(light)
        .collect()
    }

    #[test]
    fn nbd_fallback_is_fitted_by_maximum_likelihood() {
        let histories = one_heavy_buyer();
        let fit = fit(&histories).unwrap();
        assert!(!fit.converged, "{fit:?}");
        let Estimate::Nbd {
            r,
            alpha,
            by_moments: false,
        } = fit.estimate
        else {
            panic!("{fit:?}");
        };
        // The maximum of Σ ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T), found with scipy
        // (Nelder-Mead then BFGS on (ln r, ln α), polished by fsolve on the gradient to
        // 1e-15): r = 0.2304423316, α = 2.7054826723. The moments give r = 0.108, α = 0.931:
        // the daily buyer's square dominates them.
        assert!((r / 0.230_442_331_6 - 1.0).abs() < 1e-6, "r = {r}");
        assert!((alpha / 2.705_482_672_3 - 1.0).abs() < 1e-6, "α = {alpha}");
        // A one-time buyer first seen 150 days ago: r/(α+150) · 365.25 purchases in a year,
        // 0.5511855904 with scipy's parameters (0.262 with the moments').
        let year = fit.estimate.expected_if_alive(0, 150.0, 365.25).unwrap();
        assert!((year / 0.551_185_590_4 - 1.0).abs() < 1e-6, "{year}");
    }

    #[test]
    fn nbd_derivatives_match_finite_differences() {
        let data = Grouped::new(&one_heavy_buyer());
        crate::clv::optimize::assert_derivatives_match(
            |p| nbd_log_likelihood(p, &data),
            [0.7, 3.0],
        );
        // x = 0, T = 10 alone: ln L = r ln α − r ln(α+T), as in BG/NBD.
        let once = Grouped::new(&[History {
            x: 0,
            t_x: 0.0,
            t: 10.0,
        }]);
        let expected = 0.243 * (4.414f64.ln_p() - 14.414f64.ln_p());
        assert!((nbd_log_likelihood([0.243, 4.414], &once).value - expected).abs() < 1e-12);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let history = |x, t_x, t| History { x, t_x, t };
        // A customer without repeat purchases (twice), one whose dropout term is the larger
        // (x = 2) and one whose is the smaller (x = 5).
        let histories = [
            history(0, 0.0, 30.0),
            history(0, 0.0, 30.0),
            history(2, 12.5, 30.0),
            history(5, 28.0, 35.0),
        ];
        let at = |histories: &[History], [r, alpha, a, b]: [f64; 4]| {
            log_likelihood(&BgNbd { r, alpha, a, b }, &Grouped::new(histories))
        };
        let point = [0.7, 3.0, 1.3, 2.2];
        crate::clv::optimize::assert_derivatives_match(|p| at(&histories, p), point);
        // The two identical customers count twice.
        let twice = at(&histories, point).value - at(&histories[1..], point).value;
        assert!((twice - at(&histories[..1], point).value).abs() < 1e-12);
    }
}
