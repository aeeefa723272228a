//! Maximum likelihood by the Nelder–Mead simplex, with a convergence check and standard errors
//! from a numeric Hessian. Derivative-free on purpose: the likelihoods involve log-gamma terms
//! whose analytic gradients would double the code for no gain in robustness.

/// The outcome of one minimisation.
#[derive(Clone, Debug)]
pub(crate) struct Minimum {
    /// The best point found.
    pub point: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Simplex iterations used.
    pub iterations: u32,
    /// Whether the simplex shrank below the tolerance within the iteration budget.
    pub settled: bool,
}

const MAX_ITERATIONS: u32 = 20_000;

/// Minimises `f` from `start` with an initial simplex of `step` along each axis. Restarts the
/// simplex at the best point until a restart no longer improves it, which guards against the
/// simplex collapsing onto a face short of the minimum.
pub(crate) fn nelder_mead(f: &dyn Fn(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let mut best = simplex_search(f, start, step);
    let mut iterations = best.iterations;
    for _ in 0..10 {
        let again = simplex_search(f, &best.point, step / 10.0);
        iterations += again.iterations;
        let improved = best.value - again.value > 1e-12 * (1.0 + best.value.abs());
        let settled = again.settled;
        if again.value < best.value {
            best = again;
        }
        best.settled = settled;
        if !improved {
            break;
        }
    }
    best.iterations = iterations;
    best
}

fn simplex_search(f: &dyn Fn(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let n = start.len();
    let evaluate = |point: &[f64]| {
        let value = f(point);
        // A point where the objective is undefined is worse than any point where it is.
        if value.is_nan() {
            f64::INFINITY
        } else {
            value
        }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut point = start.to_vec();
            if i > 0 {
                point[i - 1] += step;
            }
            let value = evaluate(&point);
            (point, value)
        })
        .collect();
    let mut iterations = 0;
    let mut settled = false;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        let size = simplex[1..]
            .iter()
            .flat_map(|(p, _)| p.iter().zip(&simplex[0].0).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if (worst - best).abs() <= 1e-13 * (1.0 + best.abs()) && size < 1e-9 {
            settled = true;
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(p, _)| p[j]).sum::<f64>() / n as f64)
            .collect();
        let towards = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n].0)
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let reflected = towards(-1.0);
        let reflected_value = evaluate(&reflected);
        if reflected_value < simplex[0].1 {
            let expanded = towards(-2.0);
            let expanded_value = evaluate(&expanded);
            simplex[n] = if expanded_value < reflected_value {
                (expanded, expanded_value)
            } else {
                (reflected, reflected_value)
            };
        } else if reflected_value < simplex[n - 1].1 {
            simplex[n] = (reflected, reflected_value);
        } else {
            let contracted = if reflected_value < simplex[n].1 {
                towards(-0.5)
            } else {
                towards(0.5)
            };
            let contracted_value = evaluate(&contracted);
            if contracted_value < simplex[n].1.min(reflected_value) {
                simplex[n] = (contracted, contracted_value);
            } else {
                let anchor = simplex[0].0.clone();
                for (point, value) in simplex.iter_mut().skip(1) {
                    for (x, a) in point.iter_mut().zip(&anchor) {
                        *x = a + 0.5 * (*x - a);
                    }
                    *value = evaluate(point);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (point, value) = simplex.swap_remove(0);
    Minimum {
        point,
        value,
        iterations,
        settled,
    }
}

/// The gradient of `f` at `x` by central differences.
pub(crate) fn gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64]) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let h = 1e-5 * (1.0 + x[i].abs());
            let mut up = x.to_vec();
            let mut down = x.to_vec();
            up[i] += h;
            down[i] -= h;
            (f(&up) - f(&down)) / (2.0 * h)
        })
        .collect()
}

/// Standard errors of maximum-likelihood estimates: the square roots of the diagonal of the
/// inverse of the Hessian of the negative log-likelihood `f` at the estimate `x` (in the
/// parameters' own scale). `None` when the Hessian is not positive definite, which means the
/// estimate is not a proper maximum.
pub(crate) fn standard_errors(f: &dyn Fn(&[f64]) -> f64, x: &[f64]) -> Option<Vec<f64>> {
    let n = x.len();
    let h: Vec<f64> = x.iter().map(|v| 1e-4 * v.abs().max(1e-3)).collect();
    let at = |shifts: &[(usize, f64)]| {
        let mut point = x.to_vec();
        for &(i, s) in shifts {
            point[i] += s;
        }
        f(&point)
    };
    let mut hessian = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i..n {
            let value = if i == j {
                (at(&[(i, h[i])]) - 2.0 * at(&[]) + at(&[(i, -h[i])])) / (h[i] * h[i])
            } else {
                (at(&[(i, h[i]), (j, h[j])])
                    - at(&[(i, h[i]), (j, -h[j])])
                    - at(&[(i, -h[i]), (j, h[j])])
                    + at(&[(i, -h[i]), (j, -h[j])]))
                    / (4.0 * h[i] * h[j])
            };
            hessian[i][j] = value;
            hessian[j][i] = value;
        }
    }
    let inverse = invert(hessian)?;
    (0..n)
        .map(|i| {
            let variance = inverse[i][i];
            (variance > 0.0 && variance.is_finite()).then(|| variance.sqrt())
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let rosenbrock = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let minimum = nelder_mead(&rosenbrock, &[-1.2, 1.0], 0.5);
        assert!(minimum.settled);
        assert!((minimum.point[0] - 1.0).abs() < 1e-6 && (minimum.point[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn standard_errors_of_a_quadratic_are_exact() {
        // f = x²/(2·4) + y²/(2·9): the inverse Hessian is diag(4, 9), standard errors 2 and 3.
        let f = |p: &[f64]| p[0] * p[0] / 8.0 + p[1] * p[1] / 18.0;
        let errors = standard_errors(&f, &[1.0, 2.0]).unwrap();
        assert!((errors[0] - 2.0).abs() < 1e-5 && (errors[1] - 3.0).abs() < 1e-5);
        // A saddle has no standard errors.
        let saddle = |p: &[f64]| p[0] * p[0] - p[1] * p[1];
        assert_eq!(standard_errors(&saddle, &[1.0, 1.0]), None);
    }
}
