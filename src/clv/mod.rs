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

pub(crate) use summary::{analyze_clv, fit_clv_models};

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
