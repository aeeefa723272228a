//! The recommendation settings a user can change, and their validation.

use super::ValueBasis;
use crate::recommend::playbook::{Playbook, PlaybookError};

/// Settings of the recommendations. Build one, then [`check`](RecommendParams::check) it into
/// a [`RecommendConfig`]: a user's playbook is parsed and validated there, before any data is
/// read.
///
/// ```
/// use custval::RecommendParams;
///
/// let config = RecommendParams::default().check()?;
/// assert_eq!(config.call_list_size(), 20);
/// let bad = RecommendParams { playbook: Some("{}".into()), ..RecommendParams::default() };
/// assert_eq!(
///     bad.check().unwrap_err().to_string(),
///     "the playbook is not valid: missing field `rfm` at line 1 column 2"
/// );
/// # Ok::<(), custval::PlaybookError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RecommendParams {
    /// A playbook in JSON, replacing the built-in one. Default: the built-in playbook.
    pub playbook: Option<String>,
    /// How many customers the call list names at most. Default 20.
    pub call_list_size: usize,
    /// What money is valued at: predicted CLV where the analysis has it (the default), or
    /// net revenue to date.
    pub value_basis: ValueBasis,
}

impl Default for RecommendParams {
    fn default() -> RecommendParams {
        RecommendParams {
            playbook: None,
            call_list_size: 20,
            value_basis: ValueBasis::PredictedClv,
        }
    }
}

/// Checked recommendation settings; see [`RecommendParams`].
#[derive(Clone, Debug, PartialEq)]
pub struct RecommendConfig {
    pub(crate) playbook: Playbook,
    pub(crate) call_list_size: usize,
    pub(crate) value_basis: ValueBasis,
}

impl RecommendParams {
    /// Parses and validates the playbook.
    pub fn check(self) -> Result<RecommendConfig, PlaybookError> {
        let playbook = match &self.playbook {
            Some(json) => Playbook::from_json(json)?,
            None => Playbook::built_in(),
        };
        Ok(RecommendConfig {
            playbook,
            call_list_size: self.call_list_size,
            value_basis: self.value_basis,
        })
    }
}

impl RecommendConfig {
    /// The playbook in use.
    pub fn playbook(&self) -> &Playbook {
        &self.playbook
    }

    /// The most customers the call list names.
    pub fn call_list_size(&self) -> usize {
        self.call_list_size
    }
}
