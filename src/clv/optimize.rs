//! Maximum likelihood by Newton's method with analytic second derivatives, and standard
//! errors from the same Hessian. The likelihoods are smooth in log-parameters, where Newton
//! settles in five to ten steps from a rough start: a third of the steps BFGS took from the
//! gradient alone (on the 1,000,000-row benchmark file 17 against 60 over BG/NBD's three
//! starts, 25 against 73 for Gamma-Gamma's), each a little dearer, and a hundredth of a
//! derivative-free simplex's evaluations.

use crate::parallel::map_alternating;

/// An objective's value, gradient and Hessian at a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Expansion<const N: usize> {
    pub value: f64,
    pub gradient: [f64; N],
    pub hessian: [[f64; N]; N],
}

impl<const N: usize> Expansion<N> {
    /// Nothing yet: zero value and derivatives, to add terms to.
    pub(crate) fn zero() -> Expansion<N> {
        Expansion {
            value: 0.0,
            gradient: [0.0; N],
            hessian: [[0.0; N]; N],
        }
    }

    /// The same function of θ = ln p, given this expansion in p: by the chain rule
    /// ∂/∂θᵢ = pᵢ ∂/∂pᵢ and ∂²/∂θᵢ∂θⱼ = pᵢpⱼ ∂²/∂pᵢ∂pⱼ + δᵢⱼ pᵢ ∂/∂pᵢ, then scaled by
    /// `scale` (the objectives are mean negative log-likelihoods: −1/n).
    pub(crate) fn in_logs(&self, p: &[f64; N], scale: f64) -> Expansion<N> {
        let mut result = Expansion::zero();
        result.value = scale * self.value;
        for i in 0..N {
            result.gradient[i] = scale * p[i] * self.gradient[i];
            for j in 0..N {
                result.hessian[i][j] = scale * p[i] * p[j] * self.hessian[i][j];
            }
            result.hessian[i][i] += result.gradient[i];
        }
        result
    }

    /// This expansion with the Hessian's lower triangle copied onto the upper, for sums that
    /// add second derivatives to the lower triangle only.
    pub(crate) fn symmetric(mut self) -> Expansion<N> {
        for i in 0..N {
            for j in 0..i {
                self.hessian[j][i] = self.hessian[i][j];
            }
        }
        self
    }
}

/// The outcome of one minimisation.
#[derive(Clone, Debug)]
pub(crate) struct Minimum<const N: usize> {
    /// The best point found.
    pub point: [f64; N],
    /// The objective there.
    pub value: f64,
    /// The largest absolute gradient component there.
    pub gradient_norm: f64,
    /// Iterations used.
    pub iterations: u32,
    /// Whether the gradient vanished (below [`GRADIENT_TOLERANCE`]) within the budget.
    pub settled: bool,
}

/// A point counts as a minimum when no gradient component exceeds this. The objectives are
/// mean log-likelihoods per customer, so this does not depend on the number of customers.
pub(crate) const GRADIENT_TOLERANCE: f64 = 1e-6;

const MAX_ITERATIONS: u32 = 1_000;

/// The objective's expansion at a point. `Sync`, so that several starts can search it at once.
pub(crate) type Objective<'a, const N: usize> = dyn Fn(&[f64; N]) -> Expansion<N> + Sync + 'a;

/// [`newton`] from each start, the minima in the starts' order. The searches are independent,
/// so they share the cores where there are threads (see [`map_alternating`]); each is the same
/// search as alone, so the minima do not depend on the target.
pub(crate) fn newton_from_each<const N: usize>(
    f: &Objective<N>,
    starts: &[[f64; N]],
    bound: f64,
) -> Vec<Minimum<N>> {
    map_alternating(starts, |start| newton(f, *start, bound))
}

/// Minimises `f` from `start` by Newton's method with a backtracking (Armijo) line search.
/// Where the Hessian is not positive definite (far from a minimum, or on a saddle) the step
/// solves (H + μI) d = −g with the least μ of 10ᵏ·10⁻⁸·(1 + max|Hᵢᵢ|) that makes it so, which
/// turns it towards steepest descent. A step never moves a coordinate by more than
/// [`MAX_STEP`], so log-parameters cannot leap to overflow. The search stops at the first
/// point with a coordinate beyond `bound` in absolute value: past it the objective is running
/// to a boundary of the parameter space, where it only crawls along a ridge (on data without
/// heterogeneity a fit spent 1,000 iterations there) and the point can no longer be an
/// estimate.
pub(crate) fn newton<const N: usize>(f: &Objective<N>, start: [f64; N], bound: f64) -> Minimum<N> {
    let mut x = start;
    let mut here = f(&x);
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS
        && here.value.is_finite()
        && x.iter().all(|v| v.abs() <= bound)
        && norm(&here.gradient) >= GRADIENT_TOLERANCE
    {
        iterations += 1;
        let direction = descent_direction(&here);
        let slope: f64 = direction
            .iter()
            .zip(&here.gradient)
            .map(|(d, g)| d * g)
            .sum();
        let longest = norm(&direction);
        let mut step = if longest > MAX_STEP {
            MAX_STEP / longest
        } else {
            1.0
        };
        let accepted = loop {
            let trial: [f64; N] = std::array::from_fn(|i| x[i] + step * direction[i]);
            let there = f(&trial);
            if there.value.is_finite() && there.value <= here.value + 1e-4 * step * slope {
                break Some((trial, there));
            }
            step *= 0.5;
            if step < 1e-14 {
                break None;
            }
        };
        let Some((next, there)) = accepted else {
            break;
        };
        x = next;
        here = there;
    }
    let gradient_norm = norm(&here.gradient);
    Minimum {
        point: x,
        value: here.value,
        gradient_norm,
        iterations,
        settled: gradient_norm < GRADIENT_TOLERANCE && here.value.is_finite(),
    }
}

/// The Newton direction −H⁻¹g, with H shifted by μI as [`newton`] describes where it is not
/// positive definite; steepest descent −g where no shift helps (a Hessian that is not finite).
fn descent_direction<const N: usize>(here: &Expansion<N>) -> [f64; N] {
    let negative = here.gradient.map(|g| -g);
    let largest = (0..N).fold(0.0f64, |m, i| m.max(here.hessian[i][i].abs()));
    let mut shift = 0.0;
    for _ in 0..20 {
        let mut shifted = here.hessian;
        for (i, row) in shifted.iter_mut().enumerate() {
            row[i] += shift;
        }
        if let Some(factor) = Cholesky::of(&shifted) {
            return factor.solve(negative);
        }
        shift = if shift == 0.0 {
            1e-8 * (1.0 + largest)
        } else {
            shift * 10.0
        };
    }
    negative
}

/// The largest absolute value; NaN if any value is NaN, so that a gradient that cannot be
/// evaluated never counts as vanished.
fn norm(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |m: f64, v| {
        if v.is_nan() || v.abs() > m {
            v.abs()
        } else {
            m
        }
    })
}

/// The longest move of any coordinate in one line search.
const MAX_STEP: f64 = 2.0;

/// Standard errors of maximum-likelihood estimates: the square roots of the diagonal of the
/// inverse of `hessian`, the Hessian of the negative log-likelihood at the estimate (in the
/// parameters' own scale). `None` when it is not positive definite, which means the estimate
/// is not a proper maximum.
pub(crate) fn standard_errors<const N: usize>(hessian: &[[f64; N]; N]) -> Option<[f64; N]> {
    let factor = Cholesky::of(hessian)?;
    let mut errors = [0.0; N];
    for (i, error) in errors.iter_mut().enumerate() {
        let unit: [f64; N] = std::array::from_fn(|j| f64::from(u8::from(i == j)));
        let variance = factor.solve(unit)[i];
        *error = (variance > 0.0 && variance.is_finite()).then(|| variance.sqrt())?;
    }
    Some(errors)
}

/// A standard error above this many times its parameter means the data say next to nothing
/// about the parameter: the fit ran along a ridge towards a boundary rather than to a maximum.
pub(crate) const MAX_RELATIVE_ERROR: f64 = 10.0;

/// The standard errors of an estimate `x` that the data pin down: `None` when the Hessian is
/// not positive definite or a standard error exceeds [`MAX_RELATIVE_ERROR`] times its
/// parameter.
pub(crate) fn identified_errors<const N: usize>(
    hessian: &[[f64; N]; N],
    x: &[f64; N],
) -> Option<[f64; N]> {
    let errors = standard_errors(hessian)?;
    errors
        .iter()
        .zip(x)
        .all(|(error, value)| *error < MAX_RELATIVE_ERROR * value.abs())
        .then_some(errors)
}

/// The Cholesky factor L of a symmetric positive definite matrix, A = L Lᵀ.
struct Cholesky<const N: usize> {
    lower: [[f64; N]; N],
}

impl<const N: usize> Cholesky<N> {
    /// `None` when `a` is not positive definite (or not finite).
    fn of(a: &[[f64; N]; N]) -> Option<Cholesky<N>> {
        let mut lower = [[0.0; N]; N];
        for i in 0..N {
            for j in 0..=i {
                let sum = a[i][j] - (0..j).map(|k| lower[i][k] * lower[j][k]).sum::<f64>();
                if i == j {
                    // Written so that a NaN fails too.
                    if !(sum > 0.0 && sum.is_finite()) {
                        return None;
                    }
                    lower[i][i] = sum.sqrt();
                } else {
                    lower[i][j] = sum / lower[j][j];
                }
            }
        }
        Some(Cholesky { lower })
    }

    /// x with A x = b, by substitution forwards through L and back through Lᵀ.
    fn solve(&self, b: [f64; N]) -> [f64; N] {
        let l = &self.lower;
        let mut y = [0.0; N];
        for i in 0..N {
            y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        let mut x = [0.0; N];
        for i in (0..N).rev() {
            x[i] = (y[i] - (i + 1..N).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
        }
        x
    }
}

/// Checks an expansion's gradient against central differences of its value, and its Hessian
/// against central differences of its gradient, at `point`.
#[cfg(test)]
pub(crate) fn assert_derivatives_match<const N: usize>(
    at: impl Fn([f64; N]) -> Expansion<N>,
    point: [f64; N],
) {
    let here = at(point);
    for i in 0..N {
        let h = 1e-6 * point[i].abs().max(1.0);
        let (mut up, mut down) = (point, point);
        up[i] += h;
        down[i] -= h;
        let (up, down) = (at(up), at(down));
        let close = |analytic: f64, numeric: f64| {
            (analytic - numeric).abs() < 1e-6 * analytic.abs().max(1.0)
        };
        let slope = (up.value - down.value) / (2.0 * h);
        assert!(
            close(here.gradient[i], slope),
            "∂{i}: {} vs {slope}",
            here.gradient[i]
        );
        for j in 0..N {
            let curvature = (up.gradient[j] - down.gradient[j]) / (2.0 * h);
            let analytic = here.hessian[i][j];
            assert!(
                close(analytic, curvature),
                "∂{i}∂{j}: {analytic} vs {curvature}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An objective of two variables from its value, gradient and Hessian.
    fn expansion(value: f64, gradient: [f64; 2], hessian: [[f64; 2]; 2]) -> Expansion<2> {
        Expansion {
            value,
            gradient,
            hessian,
        }
    }

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let rosenbrock = |p: &[f64; 2]| {
            let [x, y] = *p;
            expansion(
                (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
                [
                    -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                    200.0 * (y - x * x),
                ],
                [
                    [2.0 - 400.0 * (y - x * x) + 800.0 * x * x, -400.0 * x],
                    [-400.0 * x, 200.0],
                ],
            )
        };
        assert_derivatives_match(|p| rosenbrock(&p), [-1.2, 1.0]);
        let minimum = newton(&rosenbrock, [-1.2, 1.0], f64::INFINITY);
        assert!(minimum.settled, "{minimum:?}");
        assert!((minimum.point[0] - 1.0).abs() < 1e-6 && (minimum.point[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn turns_downhill_where_the_curvature_is_negative() {
        // f = x⁴/4 − x²/2 + y² has a maximum in x at 0 and minima at x = ±1. From x = 0.1 the
        // Hessian is indefinite, and a plain Newton step would go to the maximum.
        let double_well = |p: &[f64; 2]| {
            let [x, y] = *p;
            expansion(
                x.powi(4) / 4.0 - x * x / 2.0 + y * y,
                [x.powi(3) - x, 2.0 * y],
                [[3.0 * x * x - 1.0, 0.0], [0.0, 2.0]],
            )
        };
        let minimum = newton(&double_well, [0.1, 1.0], f64::INFINITY);
        assert!(minimum.settled, "{minimum:?}");
        assert!((minimum.point[0] - 1.0).abs() < 1e-6 && minimum.point[1].abs() < 1e-6);
    }

    #[test]
    fn a_gradient_that_is_not_a_number_is_no_minimum() {
        let undefined =
            |p: &[f64; 2]| expansion(p[0] * p[0], [f64::NAN, 0.0], [[2.0, 0.0], [0.0, 2.0]]);
        let minimum = newton(&undefined, [1.0, 1.0], f64::INFINITY);
        assert!(
            !minimum.settled && minimum.gradient_norm.is_nan(),
            "{minimum:?}"
        );
    }

    #[test]
    fn stops_where_a_coordinate_leaves_the_bound() {
        // f = e^−x + y² has no minimum: x runs to +∞. With bound 5 the search stops at the
        // first point past x = 5, having moved x by at most MAX_STEP in its last step.
        let runaway = |p: &[f64; 2]| {
            let [x, y] = *p;
            expansion(
                (-x).exp() + y * y,
                [-(-x).exp(), 2.0 * y],
                [[(-x).exp(), 0.0], [0.0, 2.0]],
            )
        };
        let minimum = newton(&runaway, [0.0, 1.0], 5.0);
        assert!(minimum.point[0] > 5.0 && minimum.point[0] <= 5.0 + MAX_STEP);
        assert!(minimum.iterations < MAX_ITERATIONS);
    }

    #[test]
    fn expansion_in_logs_follows_the_chain_rule() {
        // f(p) = p₁² p₂ is f(θ) = e^(2θ₁ + θ₂): every derivative in θ is a multiple of f.
        let p = [1.5, 0.4];
        let f = p[0] * p[0] * p[1];
        let in_p = expansion(
            f,
            [2.0 * p[0] * p[1], p[0] * p[0]],
            [[2.0 * p[1], 2.0 * p[0]], [2.0 * p[0], 0.0]],
        );
        let in_logs = in_p.in_logs(&p, -0.5);
        let expected = expansion(
            -0.5 * f,
            [-0.5 * 2.0 * f, -0.5 * f],
            [[-0.5 * 4.0 * f, -0.5 * 2.0 * f], [-0.5 * 2.0 * f, -0.5 * f]],
        );
        for (got, want) in in_logs.gradient.iter().zip(expected.gradient) {
            assert!((got - want).abs() < 1e-12);
        }
        for (got, want) in in_logs
            .hessian
            .iter()
            .flatten()
            .zip(expected.hessian.iter().flatten())
        {
            assert!((got - want).abs() < 1e-12);
        }
        assert!((in_logs.value - expected.value).abs() < 1e-12);
    }

    #[test]
    fn standard_errors_of_a_quadratic_are_exact() {
        // f = x²/(2·4) + y²/(2·9): the inverse Hessian is diag(4, 9), standard errors 2 and 3.
        let diagonal = [[0.25, 0.0], [0.0, 1.0 / 9.0]];
        let errors = standard_errors(&diagonal).unwrap();
        assert!((errors[0] - 2.0).abs() < 1e-12 && (errors[1] - 3.0).abs() < 1e-12);
        // f = x² + xy + y²: Hessian [[2, 1], [1, 2]], inverse [[2, −1], [−1, 2]] / 3.
        let errors = standard_errors(&[[2.0, 1.0], [1.0, 2.0]]).unwrap();
        let expected = (2.0f64 / 3.0).sqrt();
        assert!((errors[0] - expected).abs() < 1e-12 && (errors[1] - expected).abs() < 1e-12);
        // A saddle, f = x² − y², and a Hessian that is not finite have no standard errors.
        assert_eq!(standard_errors(&[[2.0, 0.0], [0.0, -2.0]]), None);
        assert_eq!(standard_errors(&[[2.0, 0.0], [0.0, f64::NAN]]), None);
        // Standard errors of 2 and 3 on parameters 1 and 0.25: the second is not identified.
        assert!(identified_errors(&diagonal, &[1.0, 2.0]).is_some());
        assert_eq!(identified_errors(&diagonal, &[1.0, 0.25]), None);
    }
}
