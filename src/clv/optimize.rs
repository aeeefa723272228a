//! Maximum likelihood by BFGS with analytic gradients, and standard errors from a Hessian
//! by differences of those gradients. The likelihoods are smooth in log-parameters, where BFGS needs a few dozen
//! evaluations where a derivative-free simplex needs a thousand.

use crate::parallel::map_alternating;

/// The outcome of one minimisation.
#[derive(Clone, Debug)]
pub(crate) struct Minimum {
    /// The best point found.
    pub point: Vec<f64>,
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

/// The objective's value and gradient at a point. `Sync`, so that several starts can search
/// it at once.
pub(crate) type Objective<'a> = dyn Fn(&[f64]) -> (f64, Vec<f64>) + Sync + 'a;

/// [`bfgs`] from each start, the minima in the starts' order. The searches are independent,
/// so they share the cores where there are threads (see [`map_alternating`]); each is the same
/// search as alone, so the minima do not depend on the target.
pub(crate) fn bfgs_from_each(f: &Objective, starts: &[Vec<f64>], bound: f64) -> Vec<Minimum> {
    map_alternating(starts, |start| bfgs(f, start, bound))
}

/// Minimises `f` from `start` by BFGS with a backtracking (Armijo) line search; a step never
/// moves a coordinate by more than [`MAX_STEP`], so log-parameters cannot leap to overflow.
/// The search stops at the first point with a coordinate beyond `bound` in absolute value:
/// past it the objective is running to a boundary of the parameter space, where it only
/// crawls along a ridge (on data without heterogeneity a fit spent 1,000 iterations of tens
/// of evaluations each there) and the point can no longer be an estimate.
pub(crate) fn bfgs(f: &Objective, start: &[f64], bound: f64) -> Minimum {
    let n = start.len();
    let identity = |scale: f64| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| if i == j { scale } else { 0.0 }).collect())
            .collect()
    };
    let norm = |g: &[f64]| g.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    let mut x = start.to_vec();
    let (mut value, mut gradient) = f(&x);
    let mut inverse = identity(1.0);
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS && value.is_finite() && x.iter().all(|v| v.abs() <= bound) {
        if norm(&gradient) < GRADIENT_TOLERANCE {
            break;
        }
        iterations += 1;
        let mut direction: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| inverse[i][j] * gradient[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = direction.iter().zip(&gradient).map(|(d, g)| d * g).sum();
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            inverse = identity(1.0);
            direction = gradient.iter().map(|g| -g).collect();
            slope = -gradient.iter().map(|g| g * g).sum::<f64>();
        }
        let longest = norm(&direction);
        let mut step = if longest > MAX_STEP {
            MAX_STEP / longest
        } else {
            1.0
        };
        let accepted = loop {
            let trial: Vec<f64> = x
                .iter()
                .zip(&direction)
                .map(|(x, d)| x + step * d)
                .collect();
            let (trial_value, trial_gradient) = f(&trial);
            if trial_value.is_finite() && trial_value <= value + 1e-4 * step * slope {
                break Some((trial, trial_value, trial_gradient));
            }
            step *= 0.5;
            if step < 1e-14 {
                break None;
            }
        };
        let Some((next, next_value, next_gradient)) = accepted else {
            break;
        };
        let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_gradient
            .iter()
            .zip(&gradient)
            .map(|(a, b)| a - b)
            .collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-16 {
            if iterations == 1 {
                let yy: f64 = y.iter().map(|v| v * v).sum();
                inverse = identity(sy / yy);
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / sᵀy.
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| inverse[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    inverse[i][j] +=
                        rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
                }
            }
        }
        x = next;
        value = next_value;
        gradient = next_gradient;
    }
    let gradient_norm = norm(&gradient);
    Minimum {
        point: x,
        value,
        gradient_norm,
        iterations,
        settled: gradient_norm < GRADIENT_TOLERANCE && value.is_finite(),
    }
}

/// The longest move of any coordinate in one line search.
const MAX_STEP: f64 = 2.0;

/// Standard errors of maximum-likelihood estimates: the square roots of the diagonal of the
/// inverse of the Hessian of the negative log-likelihood at the estimate `x` (in the
/// parameters' own scale). `gradient` is the analytic gradient of the negative log-likelihood;
/// the Hessian is its central difference, 2n gradient evaluations, symmetrised. (Second
/// differences of the likelihood itself need 2n² + 1 evaluations and lose about half of the
/// digits to cancellation.) `None` when the Hessian is not positive definite, which means the
/// estimate is not a proper maximum.
pub(crate) fn standard_errors(
    gradient: &dyn Fn(&[f64]) -> Vec<f64>,
    x: &[f64],
) -> Option<Vec<f64>> {
    let n = x.len();
    // Column j: the change of the gradient along parameter j.
    let columns: Vec<Vec<f64>> = (0..n)
        .map(|j| {
            // Truncation error grows as h², rounding error as 1/h: at 1e-5 both are near 1e-10
            // relative for these likelihoods (steps of 1e-4 and 1e-6 agree with it to 1e-5).
            let h = 1e-5 * x[j].abs().max(1e-3);
            let shifted = |by: f64| {
                let mut point = x.to_vec();
                point[j] += by;
                gradient(&point)
            };
            let (up, down) = (shifted(h), shifted(-h));
            up.iter()
                .zip(&down)
                .map(|(u, d)| (u - d) / (2.0 * h))
                .collect()
        })
        .collect();
    let hessian = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| 0.5 * (columns[i][j] + columns[j][i]))
                .collect()
        })
        .collect();
    let inverse = invert(hessian)?;
    (0..n)
        .map(|i| {
            let variance = inverse[i][i];
            (variance > 0.0 && variance.is_finite()).then(|| variance.sqrt())
        })
        .collect()
}

/// A standard error above this many times its parameter means the data say next to nothing
/// about the parameter: the fit ran along a ridge towards a boundary rather than to a maximum.
pub(crate) const MAX_RELATIVE_ERROR: f64 = 10.0;

/// The standard errors of an estimate that the data pin down: `None` when the Hessian is not
/// positive definite or a standard error exceeds [`MAX_RELATIVE_ERROR`] times its parameter.
pub(crate) fn identified_errors(
    gradient: &dyn Fn(&[f64]) -> Vec<f64>,
    x: &[f64],
) -> Option<Vec<f64>> {
    let errors = standard_errors(gradient, x)?;
    errors
        .iter()
        .zip(x)
        .all(|(error, value)| *error < MAX_RELATIVE_ERROR * value.abs())
        .then_some(errors)
}

/// The inverse of a small square matrix by Gauss–Jordan elimination with partial pivoting.
fn invert(mut m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut inverse: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-300 || !m[pivot][col].is_finite() {
            return None;
        }
        m.swap(col, pivot);
        inverse.swap(col, pivot);
        let p = m[col][col];
        for j in 0..n {
            m[col][j] /= p;
            inverse[col][j] /= p;
        }
        for row in 0..n {
            if row != col {
                let factor = m[row][col];
                for j in 0..n {
                    m[row][j] -= factor * m[col][j];
                    inverse[row][j] -= factor * inverse[col][j];
                }
            }
        }
    }
    Some(inverse)
}

/// Checks an analytic gradient against central finite differences at `point`.
#[cfg(test)]
pub(crate) fn assert_gradient_matches<const N: usize, G: std::ops::Index<usize, Output = f64>>(
    at: impl Fn([f64; N]) -> (f64, G),
    point: [f64; N],
) {
    let (_, gradient) = at(point);
    for i in 0..N {
        let (mut up, mut down) = (point, point);
        up[i] += 1e-6;
        down[i] -= 1e-6;
        let numeric = (at(up).0 - at(down).0) / 2e-6;
        assert!(
            (gradient[i] - numeric).abs() < 1e-6,
            "{i}: {} vs {numeric}",
            gradient[i]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let rosenbrock = |p: &[f64]| {
            let value = (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
            let gradient = vec![
                -2.0 * (1.0 - p[0]) - 400.0 * p[0] * (p[1] - p[0] * p[0]),
                200.0 * (p[1] - p[0] * p[0]),
            ];
            (value, gradient)
        };
        let minimum = bfgs(&rosenbrock, &[-1.2, 1.0], f64::INFINITY);
        assert!(minimum.settled, "{minimum:?}");
        assert!((minimum.point[0] - 1.0).abs() < 1e-6 && (minimum.point[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn stops_where_a_coordinate_leaves_the_bound() {
        // f = e^−x + y² has no minimum: x runs to +∞. With bound 5 the search stops at the
        // first point past x = 5, having moved x by at most MAX_STEP in its last step.
        let runaway = |p: &[f64]| {
            let value = (-p[0]).exp() + p[1] * p[1];
            (value, vec![-(-p[0]).exp(), 2.0 * p[1]])
        };
        let minimum = bfgs(&runaway, &[0.0, 1.0], 5.0);
        assert!(minimum.point[0] > 5.0 && minimum.point[0] <= 5.0 + MAX_STEP);
        assert!(minimum.iterations < MAX_ITERATIONS);
    }

    #[test]
    fn standard_errors_of_a_quadratic_are_exact() {
        // f = x²/(2·4) + y²/(2·9): the inverse Hessian is diag(4, 9), standard errors 2 and 3.
        let f = |p: &[f64]| vec![p[0] / 4.0, p[1] / 9.0];
        let errors = standard_errors(&f, &[1.0, 2.0]).unwrap();
        assert!((errors[0] - 2.0).abs() < 1e-9 && (errors[1] - 3.0).abs() < 1e-9);
        // f = x² + xy + y²: Hessian [[2, 1], [1, 2]], inverse [[2, −1], [−1, 2]] / 3.
        let coupled = |p: &[f64]| vec![2.0 * p[0] + p[1], p[0] + 2.0 * p[1]];
        let errors = standard_errors(&coupled, &[0.5, -1.0]).unwrap();
        let expected = (2.0f64 / 3.0).sqrt();
        assert!((errors[0] - expected).abs() < 1e-9 && (errors[1] - expected).abs() < 1e-9);
        // A saddle, f = x² − y², has no standard errors.
        let saddle = |p: &[f64]| vec![2.0 * p[0], -2.0 * p[1]];
        assert_eq!(standard_errors(&saddle, &[1.0, 1.0]), None);
        // Standard errors of 2 and 3 on parameters 1 and 0.25: the second is not identified.
        assert!(identified_errors(&f, &[1.0, 2.0]).is_some());
        assert_eq!(identified_errors(&f, &[1.0, 0.25]), None);
    }
}
