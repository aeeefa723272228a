//! Hold-out validation: the transaction model's forecast for the period after asOf against
//! what customers actually bought then, beside a naive baseline.

use serde::Serialize;

use crate::Date;

/// Forecast against outcome over the hold-out period, in repeat purchase days.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Holdout {
    /// The first day of the hold-out period (the day after asOf).
    pub from: Date,
    /// The last day: the latest transaction date in the file.
    pub to: Date,
    /// The period's length in the time unit.
    pub length: f64,
    /// Purchase days customers of the calibration period actually made in the period.
    pub actual: u64,
    /// The model's forecast: the sum of each customer's E[Y(length) | x, t_x, T].
    pub predicted: f64,
    /// (predicted − actual) / actual; `None` when nothing was bought.
    pub relative_error: Option<f64>,
    /// Mean absolute error per customer of the model.
    pub mean_absolute_error: f64,
    /// Root mean squared error per customer of the model.
    pub root_mean_squared_error: f64,
    /// The naive baseline's forecast: each customer's past repeat rate x/T times the length.
    pub baseline_predicted: f64,
    /// The baseline's relative error of the total.
    pub baseline_relative_error: Option<f64>,
    /// Mean absolute error per customer of the baseline.
    pub baseline_mean_absolute_error: f64,
    /// Root mean squared error per customer of the baseline.
    pub baseline_root_mean_squared_error: f64,
}

/// One customer's outcome and the two forecasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Outcome {
    pub actual: u32,
    pub predicted: f64,
    pub baseline: f64,
}

/// Compares the forecasts with the outcomes; `None` without customers.
pub(crate) fn validate(period: (Date, Date), length: f64, outcomes: &[Outcome]) -> Option<Holdout> {
    if outcomes.is_empty() {
        return None;
    }
    let n = outcomes.len() as f64;
    let actual: u64 = outcomes.iter().map(|o| u64::from(o.actual)).sum();
    let errors = |forecast: fn(&Outcome) -> f64| {
        let total: f64 = outcomes.iter().map(forecast).sum();
        let absolute = outcomes
            .iter()
            .map(|o| (forecast(o) - f64::from(o.actual)).abs())
            .sum::<f64>()
            / n;
        let squared = outcomes
            .iter()
            .map(|o| (forecast(o) - f64::from(o.actual)).powi(2))
            .sum::<f64>()
            / n;
        let relative = (actual > 0).then(|| (total - actual as f64) / actual as f64);
        (total, relative, absolute, squared.sqrt())
    };
    let (predicted, relative_error, mean_absolute_error, root_mean_squared_error) =
        errors(|o| o.predicted);
    let (
        baseline_predicted,
        baseline_relative_error,
        baseline_mean_absolute_error,
        baseline_root_mean_squared_error,
    ) = errors(|o| o.baseline);
    Some(Holdout {
        from: period.0,
        to: period.1,
        length,
        actual,
        predicted,
        relative_error,
        mean_absolute_error,
        root_mean_squared_error,
        baseline_predicted,
        baseline_relative_error,
        baseline_mean_absolute_error,
        baseline_root_mean_squared_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_by_hand() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let outcomes = [
            Outcome {
                actual: 2,
                predicted: 1.0,
                baseline: 0.0,
            },
            Outcome {
                actual: 0,
                predicted: 0.5,
                baseline: 2.0,
            },
        ];
        let holdout = validate((day("2024-01-01"), day("2024-01-14")), 2.0, &outcomes).unwrap();
        assert_eq!(holdout.actual, 2);
        assert!((holdout.predicted - 1.5).abs() < 1e-12);
        assert!((holdout.relative_error.unwrap() + 0.25).abs() < 1e-12);
        // |1 − 2| and |0.5 − 0|: MAE 0.75, RMSE √((1 + 0.25)/2).
        assert!((holdout.mean_absolute_error - 0.75).abs() < 1e-12);
        assert!((holdout.root_mean_squared_error - 0.625f64.sqrt()).abs() < 1e-12);
        // Baseline: |0 − 2| and |2 − 0|.
        assert!((holdout.baseline_mean_absolute_error - 2.0).abs() < 1e-12);
        assert_eq!(holdout.baseline_relative_error, Some(0.0));
    }
}
