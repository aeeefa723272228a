//! The settings an [`ErrorKind::InvalidOptions`](crate::ErrorKind::InvalidOptions) error can
//! refuse, so that each surface names the one to change in its own words: the command line
//! as `--score-levels`, JS as `scoreLevels`, the web page by its control.

use serde::Serialize;

use crate::survey::Question;
use crate::text::Texts;
use crate::{Error, ErrorKind};

/// A setting of [`Options`](crate::Options) that an analysis refused.
///
/// ```
/// use custval::{analyze, Options, Setting};
///
/// let mut options = Options::default();
/// options.rfm.levels = 7;
/// let error = analyze(b"customer,date,amount\na,2024-01-05,10\n", &options).unwrap_err();
/// assert_eq!(error.code(), "invalidOptions");
/// assert_eq!(error.setting(), Some(Setting::ScoreLevels));
/// assert_eq!(Setting::ScoreLevels.flag(), "--score-levels");
/// assert_eq!(Setting::ScoreLevels.js_name(), "scoreLevels");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Setting {
    /// The analysis date.
    AsOf,
    /// The columns chosen for roles.
    Columns,
    /// The transactions file's text encoding.
    Encoding,
    /// RFM score levels.
    ScoreLevels,
    /// One dimension's score thresholds: `recency`, `frequency` or `monetary`.
    Thresholds(&'static str),
    /// The named segments' rules.
    SegmentRules,
    /// The value tiers' revenue shares.
    TierShares,
    /// The earlier date of the segment migration.
    CompareAsOf,
    /// A question's scale; `None` when the text given is no scale at all.
    Scale(Option<Question>),
    /// A question's column in the survey file.
    Column(Question),
    /// The survey columns answers are grouped by.
    GroupColumns,
    /// Answers that mean "no answer".
    MissingCodes,
    /// The survey file's text encoding.
    SurveyEncoding,
    /// The fewest answers a group is shown with.
    MinGroupAnswers,
    /// The satisfaction trend's period.
    SurveyPeriod,
    /// The recommendations' playbook.
    Playbook,
    /// The number of clusters.
    Clusters,
    /// k-means runs per number of clusters.
    ClusterRuns,
    /// The sample the silhouette is measured on.
    ClusterSample,
    /// Features clustered beyond recency, frequency and monetary value.
    ClusterFeatures,
    /// The lifetime value's horizon.
    HorizonMonths,
    /// The monthly discount rate of lifetime values.
    DiscountRate,
    /// The gross margin lifetime values keep.
    Margin,
}

impl Setting {
    /// The setting as the command line spells it.
    pub fn flag(self) -> String {
        let flag = match self {
            Setting::AsOf => "as-of",
            Setting::Columns => "column",
            Setting::Encoding => "encoding",
            Setting::ScoreLevels => "score-levels",
            Setting::Thresholds(dimension) => return format!("--{dimension}-thresholds"),
            Setting::SegmentRules => "segment-rules",
            Setting::TierShares => "tier-shares",
            Setting::CompareAsOf => "compare-as-of",
            Setting::Scale(None) => "nps-scale, --csat-scale or --ces-scale",
            Setting::Scale(Some(question)) => {
                return format!("--{}-scale", question.label().to_lowercase())
            }
            Setting::Column(question) => {
                return format!("--{}-column", question.label().to_lowercase())
            }
            Setting::GroupColumns => "group-column",
            Setting::MissingCodes => "missing-code",
            Setting::SurveyEncoding => "survey-encoding",
            Setting::MinGroupAnswers => "min-group-answers",
            Setting::SurveyPeriod => "survey-period",
            Setting::Playbook => "playbook",
            Setting::Clusters => "clusters",
            Setting::ClusterRuns => "cluster-runs",
            Setting::ClusterSample => "cluster-sample",
            Setting::ClusterFeatures => "cluster-feature",
            Setting::HorizonMonths => "horizon-months",
            Setting::DiscountRate => "discount-rate",
            Setting::Margin => "margin",
        };
        format!("--{flag}")
    }

    /// The setting as the JS options spell it.
    pub fn js_name(self) -> String {
        let name = match self {
            Setting::AsOf => "asOf",
            Setting::Columns => "columns",
            Setting::Encoding => "encoding",
            Setting::ScoreLevels => "scoreLevels",
            Setting::Thresholds(dimension) => return format!("thresholds.{dimension}"),
            Setting::SegmentRules => "segmentRules",
            Setting::TierShares => "tierShares",
            Setting::CompareAsOf => "compareAsOf",
            Setting::Scale(None) => "npsScale, csatScale or cesScale",
            Setting::Scale(Some(question)) => {
                return format!("{}Scale", question.label().to_lowercase())
            }
            Setting::Column(question) => {
                return format!("{}Column", question.label().to_lowercase())
            }
            Setting::GroupColumns => "groupColumns",
            Setting::MissingCodes => "missingCodes",
            Setting::SurveyEncoding => "surveyEncoding",
            Setting::MinGroupAnswers => "minGroupAnswers",
            Setting::SurveyPeriod => "surveyPeriod",
            Setting::Playbook => "playbook",
            Setting::Clusters => "clusters",
            Setting::ClusterRuns => "clusterRuns",
            Setting::ClusterSample => "clusterSample",
            Setting::ClusterFeatures => "clusterFeatures",
            Setting::HorizonMonths => "horizonMonths",
            Setting::DiscountRate => "discountRate",
            Setting::Margin => "margin",
        };
        name.to_string()
    }
}

/// Writes a setting, if any, as JS spells it ([`Setting::js_name`]), for JSON read by JS.
pub(crate) fn serialize_js_name<S: serde::Serializer>(
    setting: &Option<Setting>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    setting.map(Setting::js_name).serialize(serializer)
}

/// An error about one setting, which an analysis reports as
/// [`ErrorKind::InvalidOptions`](crate::ErrorKind::InvalidOptions).
pub(crate) trait SettingError: crate::Rendered {
    /// The setting refused.
    fn setting(&self) -> Setting;
}

/// The error refusing `setting`, `message` saying why.
pub(crate) fn refusal(setting: Setting, message: Texts) -> Error {
    ErrorKind::InvalidOptions {
        setting: Some(setting),
        message,
    }
    .into()
}

/// The error for a setting its own check refused.
pub(crate) fn refused(error: impl SettingError) -> Error {
    refusal(error.setting(), error.texts())
}
