//! The lifetime-value settings a user can change, and their validation.

use std::fmt;

use serde::Serialize;

use crate::setting::{Setting, SettingError};
use crate::text::{Language, Rendered, Shortest};

/// The unit the models count time in. A week is exactly 7 days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TimeUnit {
    /// One day.
    #[default]
    Day,
    /// Seven days.
    Week,
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
        }
    }

    /// The unit named `day` or `week`.
    ///
    /// ```
    /// use custval::TimeUnit;
    /// assert_eq!(TimeUnit::from_name("week"), Some(TimeUnit::Week));
    /// assert_eq!(TimeUnit::from_name("month"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<TimeUnit> {
        match name {
            "day" => Some(TimeUnit::Day),
            "week" => Some(TimeUnit::Week),
            _ => None,
        }
    }
}

/// Days in a month for the lifetime-value horizon: a year of 365.25 days in twelve parts.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Settings of the lifetime-value analysis. Build one (every field has a documented default),
/// then [`check`](ClvParams::check) it into a [`ClvConfig`].
///
/// ```
/// use custval::ClvParams;
///
/// assert!(ClvParams::default().check().is_ok());
/// let error = ClvParams { horizon_months: 0, ..ClvParams::default() }.check().unwrap_err();
/// assert_eq!(error.to_string(), "the CLV horizon must be 1 to 1200 months, not 0");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ClvParams {
    /// The unit time is counted in by the models. Default: days.
    pub time_unit: TimeUnit,
    /// Months of future purchases counted in the lifetime value. Default 12.
    pub horizon_months: u32,
    /// Discount rate per month, at least 0 and below 1. Default 0.01.
    pub monthly_discount_rate: f64,
    /// Gross margin, a share of revenue in (0, 1], turning revenue into profit. Default: none
    /// (the lifetime value is in revenue).
    pub margin: Option<f64>,
}

impl Default for ClvParams {
    fn default() -> ClvParams {
        ClvParams {
            time_unit: TimeUnit::Day,
            horizon_months: 12,
            monthly_discount_rate: 0.01,
            margin: None,
        }
    }
}

/// Checked lifetime-value settings; see [`ClvParams`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClvConfig {
    pub(crate) time_unit: TimeUnit,
    pub(crate) horizon_months: u32,
    pub(crate) monthly_discount_rate: f64,
    pub(crate) margin: Option<f64>,
}

impl ClvConfig {
    /// The length of a month in the time unit.
    pub(crate) fn month(&self) -> f64 {
        DAYS_PER_MONTH / self.time_unit.days()
    }
}

/// Why lifetime-value settings were rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum ClvParamsError {
    /// A horizon of 0 months or more than a century.
    Horizon(u32),
    /// A discount rate that is negative, 1 or more, or not a number.
    DiscountRate(f64),
    /// A margin outside (0, 1].
    Margin(f64),
}

impl Rendered for ClvParamsError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zh = language == Language::ZhCn;
        // Numbers given are echoed with `{:?}`, which writes the shortest form that reads
        // back the same (1e308, where `{}` writes all 309 digits).
        match self {
            ClvParamsError::Horizon(months) if zh => {
                write!(f, "CLV 预测期必须为 1 至 1200 个月，而不是 {months}")
            }
            ClvParamsError::Horizon(months) => {
                write!(f, "the CLV horizon must be 1 to 1200 months, not {months}")
            }
            ClvParamsError::DiscountRate(rate) if zh => write!(
                f,
                "月折现率必须不小于 0 且小于 1（0.01 即每月 1%），而不是 {}", Shortest(*rate)
            ),
            ClvParamsError::DiscountRate(rate) => write!(
                f,
                "the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not {}", Shortest(*rate)
            ),
            ClvParamsError::Margin(margin) if zh => write!(
                f,
                "毛利率必须是大于 0 且不超过 1 的收入占比（0.3 即 30%），而不是 {}", Shortest(*margin)
            ),
            ClvParamsError::Margin(margin) => write!(
                f,
                "the margin must be a share of revenue above 0 and at most 1 (0.3 is 30%), not {}", Shortest(*margin)
            ),
        }
    }
}

impl fmt::Display for ClvParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for ClvParamsError {}

impl SettingError for ClvParamsError {
    fn setting(&self) -> Setting {
        match self {
            ClvParamsError::Horizon(_) => Setting::HorizonMonths,
            ClvParamsError::DiscountRate(_) => Setting::DiscountRate,
            ClvParamsError::Margin(_) => Setting::Margin,
        }
    }
}

impl ClvParams {
    /// Validates the settings.
    pub fn check(self) -> Result<ClvConfig, ClvParamsError> {
        if !(1..=1200).contains(&self.horizon_months) {
            return Err(ClvParamsError::Horizon(self.horizon_months));
        }
        if !(0.0..1.0).contains(&self.monthly_discount_rate) {
            return Err(ClvParamsError::DiscountRate(self.monthly_discount_rate));
        }
        if let Some(margin) = self.margin {
            if !(margin > 0.0 && margin <= 1.0) {
                return Err(ClvParamsError::Margin(margin));
            }
        }
        Ok(ClvConfig {
            time_unit: self.time_unit,
            horizon_months: self.horizon_months,
            monthly_discount_rate: self.monthly_discount_rate,
            margin: self.margin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizon_must_be_positive_and_bounded() {
        for months in [0, 1201] {
            let params = ClvParams {
                horizon_months: months,
                ..ClvParams::default()
            };
            assert_eq!(params.check(), Err(ClvParamsError::Horizon(months)));
        }
    }

    #[test]
    fn discount_rate_must_be_in_zero_one() {
        for rate in [-0.01, 1.0, f64::NAN] {
            let params = ClvParams {
                monthly_discount_rate: rate,
                ..ClvParams::default()
            };
            assert!(matches!(
                params.check(),
                Err(ClvParamsError::DiscountRate(_))
            ));
        }
    }

    #[test]
    fn numbers_given_are_echoed_compactly() {
        let rate = ClvParamsError::DiscountRate(1e308).texts();
        assert_eq!(
            rate.en,
            "the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not 1e308"
        );
        assert_eq!(
            rate.zh_cn,
            "月折现率必须不小于 0 且小于 1（0.01 即每月 1%），而不是 1e308"
        );
        let margin = ClvParamsError::Margin(-1e-300).texts();
        assert!(
            margin.en.ends_with("(0.3 is 30%), not -1e-300"),
            "{}",
            margin.en
        );
        assert!(margin.zh_cn.ends_with("而不是 -1e-300"), "{}", margin.zh_cn);
        // An ordinary number reads as it was given.
        assert!(ClvParamsError::Margin(1.5).to_string().ends_with("not 1.5"));
    }

    #[test]
    fn margin_must_be_a_share() {
        for margin in [0.0, 1.5, f64::NAN] {
            let params = ClvParams {
                margin: Some(margin),
                ..ClvParams::default()
            };
            assert!(matches!(params.check(), Err(ClvParamsError::Margin(_))));
        }
        let params = ClvParams {
            margin: Some(1.0),
            ..ClvParams::default()
        };
        assert!(params.check().is_ok());
    }

    #[test]
    fn a_week_month_is_a_twelfth_of_a_julian_year() {
        let config = ClvParams {
            time_unit: TimeUnit::Week,
            ..ClvParams::default()
        }
        .check()
        .unwrap();
        assert!((config.month() - 30.4375 / 7.0).abs() < 1e-12);
    }
}
