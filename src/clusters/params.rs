//! The clustering settings a user can change, and their validation.

use std::fmt;
use std::str::FromStr;

use crate::setting::{Setting, SettingError};
use crate::text::{Language, Rendered};

/// How many clusters to make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClusterCount {
    /// Try k = 2 to 8 and keep the k with the best silhouette score.
    #[default]
    Auto,
    /// Exactly this many clusters (2 to [`MAX_CLUSTERS`]).
    Fixed(usize),
}

/// The largest k accepted; automatic k tries 2 to [`MAX_AUTO_CLUSTERS`].
pub const MAX_CLUSTERS: usize = 20;

/// The largest k tried by [`ClusterCount::Auto`].
pub const MAX_AUTO_CLUSTERS: usize = 8;

/// The largest sample the silhouette score is computed on. It compares every pair of sampled
/// customers, so its cost grows with the square of the sample.
pub const MAX_SILHOUETTE_SAMPLE: usize = 10_000;

impl FromStr for ClusterCount {
    type Err = ClusterParamsError;

    /// Reads `auto` or a number of clusters such as `4`.
    fn from_str(text: &str) -> Result<ClusterCount, ClusterParamsError> {
        match text.trim() {
            "auto" => Ok(ClusterCount::Auto),
            number => number
                .parse()
                .map(ClusterCount::Fixed)
                .map_err(|_| ClusterParamsError::CountText(text.to_string())),
        }
    }
}

/// A feature clustered beside recency, frequency and monetary value, on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraFeature {
    /// Net revenue per purchase occasion (the average basket), `max(monetary, 0) / frequency`.
    AverageOrderValue,
    /// Days from the first purchase to asOf: how long the customer has been one.
    TenureDays,
}

impl ExtraFeature {
    /// The feature as an option names it: `averageOrderValue` or `tenureDays`.
    pub fn key(self) -> &'static str {
        match self {
            ExtraFeature::AverageOrderValue => "averageOrderValue",
            ExtraFeature::TenureDays => "tenureDays",
        }
    }

    /// The feature as listed in `clusters.features`.
    pub fn name(self) -> &'static str {
        match self {
            ExtraFeature::AverageOrderValue => "log1p(averageOrderValue)",
            ExtraFeature::TenureDays => "log1p(tenureDays)",
        }
    }
}

impl FromStr for ExtraFeature {
    type Err = ClusterParamsError;

    /// Reads `averageOrderValue` or `tenureDays` (or `average-order-value`, `tenure-days`).
    fn from_str(text: &str) -> Result<ExtraFeature, ClusterParamsError> {
        match text.trim() {
            "averageOrderValue" | "average-order-value" => Ok(ExtraFeature::AverageOrderValue),
            "tenureDays" | "tenure-days" => Ok(ExtraFeature::TenureDays),
            other => Err(ClusterParamsError::Feature(other.to_string())),
        }
    }
}

/// Settings of the k-means segmentation. Every field has a documented default; only checked
/// settings ([`ClusterConfig`]) reach the analysis.
///
/// ```
/// use custval::{ClusterCount, ClusterParams};
///
/// let params = ClusterParams { k: "4".parse()?, ..ClusterParams::default() };
/// assert_eq!(params.k, ClusterCount::Fixed(4));
/// assert!(params.check().is_ok());
/// let one = ClusterParams { k: ClusterCount::Fixed(1), ..ClusterParams::default() };
/// assert_eq!(one.check().unwrap_err().to_string(), "the number of clusters must be auto or 2 to 20, not 1");
/// # Ok::<(), custval::ClusterParamsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterParams {
    /// The number of clusters. Default: automatic (2 to 8, by silhouette).
    pub k: ClusterCount,
    /// The seed of every random choice (k-means++ starts, the silhouette sample), so that the
    /// same data and settings always give the same clusters. Default 42.
    pub seed: u64,
    /// k-means runs from different k-means++ starts for each k; the run with the smallest
    /// within-cluster sum of squares is kept. Default 5: k-means++ starts are good, so the
    /// best of 5 is rarely beaten by the best of 10 (scikit-learn now makes one run by
    /// default), at half the time.
    pub runs: usize,
    /// Customers sampled (seeded) when there are more: the silhouette scores and the k-means
    /// runs use the sample, then the best run of the k chosen is refined on every customer. The
    /// silhouette compares every pair in the sample, so its cost grows with the square of this
    /// size. Default 3,000, which keeps automatic k on 50,000 customers well under a second; 100
    /// to 10,000.
    pub silhouette_sample: usize,
    /// Features clustered beside the three RFM ones, each log1p-transformed and standardised
    /// like them. Default: none.
    pub extra_features: Vec<ExtraFeature>,
}

impl Default for ClusterParams {
    fn default() -> ClusterParams {
        ClusterParams {
            k: ClusterCount::Auto,
            seed: 42,
            runs: 5,
            silhouette_sample: 3_000,
            extra_features: Vec::new(),
        }
    }
}

/// Checked clustering settings; see [`ClusterParams`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterConfig {
    pub(crate) k: ClusterCount,
    pub(crate) seed: u64,
    pub(crate) runs: usize,
    pub(crate) silhouette_sample: usize,
    pub(crate) extra_features: Vec<ExtraFeature>,
}

/// Why clustering settings were rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterParamsError {
    /// A number of clusters outside 2 to [`MAX_CLUSTERS`].
    Count(usize),
    /// A number of clusters that is neither `auto` nor a whole number.
    CountText(String),
    /// Runs outside 1 to 100.
    Runs(usize),
    /// A silhouette sample outside 100 to [`MAX_SILHOUETTE_SAMPLE`].
    SilhouetteSample(usize),
    /// An extra feature that is not one of [`ExtraFeature`]'s.
    Feature(String),
    /// An extra feature asked for twice.
    RepeatedFeature(ExtraFeature),
}

/// The most runs accepted: more only cost time once the best run stops improving.
const MAX_RUNS: usize = 100;

/// The smallest silhouette sample: below it the score is too noisy to choose k by.
const MIN_SILHOUETTE_SAMPLE: usize = 100;

impl Rendered for ClusterParamsError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if language == Language::ZhCn {
            return match self {
                ClusterParamsError::Count(k) => write!(
                    f,
                    "聚类数必须为 auto 或 2 至 {MAX_CLUSTERS}，而不是 {k}"
                ),
                ClusterParamsError::CountText(text) => write!(
                    f,
                    "聚类数必须为 auto 或整数（如 4），而不是“{text}”"
                ),
                ClusterParamsError::Runs(runs) => {
                    write!(f, "k-means 运行次数必须为 1 至 {MAX_RUNS}，而不是 {runs}")
                }
                ClusterParamsError::SilhouetteSample(size) => write!(
                    f,
                    "抽样客户数必须为 {MIN_SILHOUETTE_SAMPLE} 至 {MAX_SILHOUETTE_SAMPLE}，而不是 {size}"
                ),
                ClusterParamsError::Feature(name) => write!(
                    f,
                    "额外特征只能是 averageOrderValue 和 tenureDays，各用一次；不能是“{name}”"
                ),
                ClusterParamsError::RepeatedFeature(feature) => write!(
                    f,
                    "额外特征 {} 指定了两次：每个特征只需指定一次",
                    feature.key()
                ),
            };
        }
        match self {
            ClusterParamsError::Count(k) => write!(
                f,
                "the number of clusters must be auto or 2 to {MAX_CLUSTERS}, not {k}"
            ),
            ClusterParamsError::CountText(text) => write!(
                f,
                "the number of clusters must be auto or a whole number such as 4, not '{text}'"
            ),
            ClusterParamsError::Runs(runs) => {
                write!(f, "k-means runs must be 1 to {MAX_RUNS}, not {runs}")
            }
            ClusterParamsError::SilhouetteSample(size) => write!(
                f,
                "the clustering sample must be {MIN_SILHOUETTE_SAMPLE} to {MAX_SILHOUETTE_SAMPLE} customers, not {size}"
            ),
            ClusterParamsError::Feature(name) => write!(
                f,
                "extra clustering features are averageOrderValue and tenureDays, each once; not '{name}'"
            ),
            ClusterParamsError::RepeatedFeature(feature) => write!(
                f,
                "the extra clustering feature {} is given twice: give each once",
                feature.key()
            ),
        }
    }
}

impl fmt::Display for ClusterParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for ClusterParamsError {}

impl SettingError for ClusterParamsError {
    fn setting(&self) -> Setting {
        match self {
            ClusterParamsError::Count(_) | ClusterParamsError::CountText(_) => Setting::Clusters,
            ClusterParamsError::Runs(_) => Setting::ClusterRuns,
            ClusterParamsError::SilhouetteSample(_) => Setting::ClusterSample,
            ClusterParamsError::Feature(_) | ClusterParamsError::RepeatedFeature(_) => {
                Setting::ClusterFeatures
            }
        }
    }
}

impl ClusterParams {
    /// Validates the settings.
    pub fn check(self) -> Result<ClusterConfig, ClusterParamsError> {
        if let ClusterCount::Fixed(k) = self.k {
            if !(2..=MAX_CLUSTERS).contains(&k) {
                return Err(ClusterParamsError::Count(k));
            }
        }
        if !(1..=MAX_RUNS).contains(&self.runs) {
            return Err(ClusterParamsError::Runs(self.runs));
        }
        if !(MIN_SILHOUETTE_SAMPLE..=MAX_SILHOUETTE_SAMPLE).contains(&self.silhouette_sample) {
            return Err(ClusterParamsError::SilhouetteSample(self.silhouette_sample));
        }
        for (index, feature) in self.extra_features.iter().enumerate() {
            if self.extra_features[..index].contains(feature) {
                return Err(ClusterParamsError::RepeatedFeature(*feature));
            }
        }
        Ok(ClusterConfig {
            k: self.k,
            seed: self.seed,
            runs: self.runs,
            silhouette_sample: self.silhouette_sample,
            extra_features: self.extra_features,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Texts;

    fn with(change: impl FnOnce(&mut ClusterParams)) -> Result<ClusterConfig, ClusterParamsError> {
        let mut params = ClusterParams::default();
        change(&mut params);
        params.check()
    }

    #[test]
    fn defaults_are_valid() {
        let config = ClusterParams::default().check().unwrap();
        assert_eq!((config.k, config.runs), (ClusterCount::Auto, 5));
        assert_eq!(config.silhouette_sample, 3_000);
    }

    #[test]
    fn k_must_be_2_to_20() {
        for k in [0, 1, 21] {
            let error = with(|p| p.k = ClusterCount::Fixed(k)).unwrap_err();
            assert_eq!(error, ClusterParamsError::Count(k));
        }
        assert!(with(|p| p.k = ClusterCount::Fixed(2)).is_ok());
        assert!(with(|p| p.k = ClusterCount::Fixed(20)).is_ok());
    }

    #[test]
    fn runs_must_be_1_to_100() {
        assert_eq!(with(|p| p.runs = 0), Err(ClusterParamsError::Runs(0)));
        assert_eq!(with(|p| p.runs = 101), Err(ClusterParamsError::Runs(101)));
        assert!(with(|p| p.runs = 1).is_ok());
    }

    #[test]
    fn silhouette_sample_must_be_100_to_10000() {
        for size in [99, 10_001] {
            let error = with(|p| p.silhouette_sample = size).unwrap_err();
            assert_eq!(error, ClusterParamsError::SilhouetteSample(size));
        }
    }

    #[test]
    fn a_feature_given_twice_is_named_as_options_name_it() {
        let twice = vec![ExtraFeature::TenureDays, ExtraFeature::TenureDays];
        let error = with(|p| p.extra_features = twice).unwrap_err();
        assert_eq!(
            error.texts(),
            Texts::new(
                "the extra clustering feature tenureDays is given twice: give each once",
                "额外特征 tenureDays 指定了两次：每个特征只需指定一次"
            )
        );
        let both = vec![ExtraFeature::TenureDays, ExtraFeature::AverageOrderValue];
        assert!(with(|p| p.extra_features = both).is_ok());
    }

    #[test]
    fn count_reads_auto_or_a_number() {
        assert_eq!("auto".parse(), Ok(ClusterCount::Auto));
        assert_eq!(" 5 ".parse(), Ok(ClusterCount::Fixed(5)));
        assert_eq!(
            "four".parse::<ClusterCount>().unwrap_err().to_string(),
            "the number of clusters must be auto or a whole number such as 4, not 'four'"
        );
    }
}
