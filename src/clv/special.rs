//! The special functions the models need: the log-gamma function and the Gauss
//! hypergeometric series.

/// Elementary functions from the pure-Rust `libm`, on every platform. WebAssembly has no
/// instructions for them, so its standard library uses software versions that can differ from
/// the native C library's in the last bit; with one implementation everywhere, the CLI and the
/// browser give bit-identical reports.
pub(crate) trait Portable {
    /// The natural logarithm.
    fn ln_p(self) -> f64;
    /// eˣ.
    fn exp_p(self) -> f64;
    /// The sine.
    fn sin_p(self) -> f64;
}

impl Portable for f64 {
    fn ln_p(self) -> f64 {
        libm::log(self)
    }
    fn exp_p(self) -> f64 {
        libm::exp(self)
    }
    fn sin_p(self) -> f64 {
        libm::sin(self)
    }
}

/// ln Γ(x) for x > 0, by the Lanczos approximation (g = 7, nine terms), accurate to about
/// 1e-15 relative: enough that likelihood differences of 1e-9 are meaningful.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin_p()).ln_p() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln_p() + (x + 0.5) * t.ln_p() - t + sum.ln_p()
}

/// The digamma function ψ(x) = d ln Γ(x)/dx for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to
/// x ≥ 6, then the asymptotic series, accurate to about 1e-14.
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let inv2 = 1.0 / (x * x);
    result + x.ln_p()
        - 0.5 / x
        - inv2
            * (1.0 / 12.0
                - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))))
}

/// The trigamma function ψ₁(x) = dψ(x)/dx for x > 0: the recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up
/// to x ≥ 10, then the asymptotic series, accurate to about 1e-14.
pub(crate) fn trigamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result += 1.0 / (x * x);
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    result
        + inv
        + inv2
            * (0.5
                + inv
                    * (1.0 / 6.0
                        - inv2
                            * (1.0 / 30.0
                                - inv2 * (1.0 / 42.0 - inv2 * (1.0 / 30.0 - inv2 * 5.0 / 66.0)))))
}

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series.
/// Callers pass parameters for which the series converges quickly (see the BG/NBD
/// expectation); `None` when it does not settle within the term budget.
pub(crate) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..200_000 {
        let n = f64::from(n);
        let denominator = (c + n) * (n + 1.0);
        if denominator == 0.0 {
            return None;
        }
        term *= (a + n) * (b + n) / denominator * z;
        sum += term;
        if term.abs() <= 1e-16 * sum.abs() {
            return sum.is_finite().then_some(sum);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        // Γ(n) = (n − 1)!, Γ(1/2) = √π, Γ(3/2) = √π / 2.
        let pi = std::f64::consts::PI;
        let cases = [
            (1.0, 0.0),
            (2.0, 0.0),
            (5.0, 24f64.ln_p()),
            (11.0, 3_628_800f64.ln_p()),
            (0.5, pi.sqrt().ln_p()),
            (1.5, (pi.sqrt() / 2.0).ln_p()),
            (0.1, 9.513_507_698_668_732f64.ln_p()),
        ];
        for (x, expected) in cases {
            assert!((ln_gamma(x) - expected).abs() < 1e-13, "lnΓ({x})");
        }
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(x+1) = ψ(x) + 1/x.
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-13);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln_p()).abs() < 1e-13);
        for x in [0.01, 0.3, 2.5, 7.0, 40.0] {
            assert!(
                (digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-11,
                "ψ({x})"
            );
        }
    }

    #[test]
    fn trigamma_matches_known_values() {
        // ψ₁(1) = π²/6, ψ₁(1/2) = π²/2, ψ₁(x+1) = ψ₁(x) − 1/x², and ψ₁ is ψ's slope.
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-13);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-13);
        for x in [0.01, 0.3, 2.5, 7.0, 40.0, 900.0] {
            let step = trigamma(x) - trigamma(x + 1.0) - 1.0 / (x * x);
            assert!(step.abs() < 1e-11 * trigamma(x), "ψ₁({x})");
            let h = 1e-5 * x;
            let slope = (digamma(x + h) - digamma(x - h)) / (2.0 * h);
            assert!((slope - trigamma(x)).abs() < 1e-6 * trigamma(x), "ψ₁({x})");
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z and ₂F₁(a, b; b; z) = (1 − z)^(−a).
        for z in [0.1f64, 0.5, 0.9] {
            let log_form = -(1.0 - z).ln_p() / z;
            assert!((hyp2f1(1.0, 1.0, 2.0, z).unwrap() - log_form).abs() < 1e-12);
            let power = (1.0 - z).powf(-0.7);
            assert!((hyp2f1(0.7, 2.5, 2.5, z).unwrap() - power).abs() < 1e-12);
        }
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }
}
