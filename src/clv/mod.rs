//! Customer lifetime value (客户终身价值) and churn: the BG/NBD model of repeat purchasing and
//! the Gamma-Gamma model of spend (Fader, Hardie & Lee 2005), fitted by maximum likelihood;
//! per customer P(alive), expected purchases, expected spend, the discounted lifetime value,
//! a lifecycle stage and, for valuable customers in decline, an early warning.

mod bgnbd;
mod gamma_gamma;
mod holdout;
mod lifecycle;
mod optimize;
mod params;
mod special;
mod summary;

pub use holdout::Holdout;
pub use lifecycle::{Lifecycle, LifecycleWhy};
pub use params::{ClvConfig, ClvParams, ClvParamsError, TimeUnit, DAYS_PER_MONTH};
pub use summary::{
    BgNbdErrors, BgNbdSection, ClvFits, ClvGroup, ClvSection, CustomerClv, EarlyWarning,
    GammaGammaErrors, GammaGammaSection, LifecycleCount, SpendModel, TransactionModel,
};

#[cfg(test)]
pub(crate) use summary::Figure;
pub(crate) use summary::{analyze_clv, clv_inputs, fit_models, Models};

use bgnbd::History;
use gamma_gamma::Spend;

/// One customer's input to the models, in the chosen time unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClvInput {
    /// Repeat purchase days: distinct purchase days − 1.
    pub x: u32,
    /// Last − first purchase day.
    pub t_x: f64,
    /// asOf − first purchase day.
    pub t: f64,
    /// Mean net spend per repeat purchase day (the first purchase day left out); `None` for
    /// a customer without repeat purchases.
    pub mean_spend: Option<f64>,
}

// Packing serves the JS binding, which hands the inputs to another worker.
#[cfg(any(target_arch = "wasm32", test))]
impl ClvInput {
    /// Numbers per input in [`pack`](ClvInput::pack): x, t_x, T and the mean spend.
    const PACKED: usize = 4;

    /// The inputs as one flat array of numbers, [`PACKED`](ClvInput::PACKED) per customer, a
    /// missing mean spend as NaN: the form in which they cross to another worker to be
    /// fitted there.
    pub(crate) fn pack(inputs: &[ClvInput]) -> Vec<f64> {
        inputs
            .iter()
            .flat_map(|input| {
                [
                    f64::from(input.x),
                    input.t_x,
                    input.t,
                    input.mean_spend.unwrap_or(f64::NAN),
                ]
            })
            .collect()
    }

    /// The inputs that [`pack`](ClvInput::pack) made `packed` from, or why it cannot have.
    pub(crate) fn unpack(packed: &[f64]) -> Result<Vec<ClvInput>, String> {
        // Room for all at once: collected into a `Result`, the inputs grew by doubling, to
        // 5 MiB for the 3 MiB of 80,198 customers' inputs, on top of the worker's memory.
        let mut inputs = Vec::with_capacity(packed.len() / Self::PACKED);
        for (index, numbers) in packed.chunks(Self::PACKED).enumerate() {
            let &[x, t_x, t, mean_spend] = numbers else {
                return Err(format!(
                    "{} numbers are not whole inputs of {} numbers each",
                    packed.len(),
                    Self::PACKED
                ));
            };
            let count = x >= 0.0 && x <= f64::from(u32::MAX) && x.fract() == 0.0;
            let spans = t_x.is_finite() && t.is_finite() && t_x >= 0.0 && t >= t_x;
            if !(count && spans) {
                return Err(format!(
                    "input {index} ({x}, {t_x}, {t}) is not a repeat count and two spans of time"
                ));
            }
            inputs.push(ClvInput {
                x: x as u32,
                t_x,
                t,
                mean_spend: (!mean_spend.is_nan()).then_some(mean_spend),
            });
        }
        Ok(inputs)
    }
}

impl ClvInput {
    fn history(&self) -> History {
        History {
            x: self.x,
            t_x: self.t_x,
            t: self.t,
        }
    }

    /// The spend the Gamma-Gamma model is fitted on: repeat customers with a positive mean.
    fn spend(&self) -> Option<Spend> {
        self.mean_spend
            .filter(|mean| self.x > 0 && *mean > 0.0)
            .map(|mean| Spend { x: self.x, mean })
    }
}

/// Fits BG/NBD on every customer and Gamma-Gamma on the repeat customers with a positive mean
/// spend, and returns the parameters with their diagnostics. `None` when no customer has been
/// observed for any time (every T is 0).
///
/// ```
/// use custval::{fit_clv, ClvInput};
///
/// let inputs: Vec<ClvInput> = (0..200)
///     .map(|i| ClvInput {
///         x: i % 5,
///         t_x: f64::from(i % 5) * 7.0,
///         t: 40.0,
///         mean_spend: (i % 5 > 0).then(|| 20.0 + f64::from(i % 7)),
///     })
///     .collect();
/// let fits = fit_clv(&inputs).unwrap();
/// assert!(fits.bgnbd.r > 0.0 && fits.bgnbd.alpha > 0.0);
/// assert_eq!(fits.gamma_gamma.unwrap().customers, 160);
/// ```
pub fn fit_clv(inputs: &[ClvInput]) -> Option<ClvFits> {
    summary::fit_models(inputs).map(|models| models.fits())
}

#[cfg(test)]
mod tests {
    use super::{fit_models, ClvInput};

    #[test]
    fn models_match_the_inputs_they_were_fitted_to_only() {
        let inputs: Vec<ClvInput> = (0..60)
            .map(|i| ClvInput {
                x: i % 4,
                t_x: f64::from(i % 4) * 5.0,
                t: 30.0 + f64::from(i % 3),
                mean_spend: (i % 4 > 0).then(|| 10.0 + f64::from(i % 5)),
            })
            .collect();
        let models = fit_models(&inputs).unwrap();
        assert!(models.match_inputs(&inputs));
        // One customer fewer; as many customers, one more of them a repeat customer.
        assert!(!models.match_inputs(&inputs[1..]));
        let mut more_repeat = inputs.clone();
        more_repeat[0].x = 1;
        assert!(!models.match_inputs(&more_repeat));
    }

    #[test]
    fn packed_inputs_unpack_to_the_same_inputs() {
        let inputs = [
            ClvInput {
                x: 0,
                t_x: 0.0,
                t: 38.5,
                mean_spend: None,
            },
            ClvInput {
                x: u32::MAX,
                t_x: 1.0 / 7.0,
                t: 2.0,
                mean_spend: Some(-0.1),
            },
        ];
        let packed = ClvInput::pack(&inputs);
        assert_eq!(packed.len(), 8);
        assert_eq!(ClvInput::unpack(&packed).unwrap(), inputs);
    }

    #[test]
    fn numbers_that_are_not_packed_inputs_are_refused() {
        let refused = |packed: &[f64]| ClvInput::unpack(packed).unwrap_err();
        assert!(refused(&[1.0, 2.0, 3.0, 4.0, 5.0]).contains("5 numbers are not whole inputs"));
        for x in [-1.0, 0.5, 5e9, f64::NAN] {
            assert!(refused(&[x, 1.0, 2.0, f64::NAN]).contains("input 0"));
        }
        // T before the last purchase, or spans that are not finite.
        for (t_x, t) in [(3.0, 2.0), (-1.0, 2.0), (1.0, f64::INFINITY)] {
            assert!(refused(&[0.0, 0.0, 1.0, f64::NAN, 1.0, t_x, t, 9.0]).contains("input 1"));
        }
        assert_eq!(ClvInput::unpack(&[]).unwrap(), []);
    }
}
