//! The export settings a user can change, and their validation.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::text::{Counted, Language, Rendered};

/// Settings of the CSV exports. Build one, then [`check`](ExportParams::check) it into an
/// [`ExportConfig`].
///
/// ```
/// use custval::ExportParams;
///
/// assert_eq!(ExportParams::default().check()?.min_group_size(), 5);
/// let short = ExportParams { id_salt: Some("abc".into()), ..ExportParams::default() };
/// assert!(short.check().unwrap_err().to_string().contains("at least 8 characters"));
/// # Ok::<(), custval::ExportError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ExportParams {
    /// When given, customer ids are replaced by SHA-256(salt, 0x00, id) in hexadecimal, so a
    /// file can be shared without the ids while the same customer keeps the same code. The
    /// salt must be at least 8 characters and kept secret: without it, nobody can test
    /// guessed ids against the codes. Default: ids as written.
    pub id_salt: Option<String>,
    /// In the aggregates export, groups with fewer customers than this are suppressed. At
    /// least 1 (1 suppresses nothing). Default 5.
    pub min_group_size: usize,
}

impl Default for ExportParams {
    fn default() -> ExportParams {
        ExportParams {
            id_salt: None,
            min_group_size: 5,
        }
    }
}

/// Checked export settings; see [`ExportParams`].
#[derive(Clone, Debug, PartialEq)]
pub struct ExportConfig {
    id_salt: Option<String>,
    min_group_size: usize,
}

/// Why export settings were rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// A salt shorter than 8 characters.
    ShortSalt(usize),
    /// A minimum group size of 0.
    MinGroupSize,
}

impl Rendered for ExportError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::ShortSalt(length) if language == Language::ZhCn => write!(
                f,
                "编号加密盐只有 {length} 个字符；请使用至少 8 个字符的密钥，以免猜到的编号能与代码对照"
            ),
            ExportError::MinGroupSize if language == Language::ZhCn => {
                write!(f, "最小分组人数必须至少为 1")
            }
            ExportError::ShortSalt(length) => write!(
                f,
                "the id salt has {}; use a secret of at least 8 characters so that guessed ids cannot be checked against the codes",
                Counted(*length, "character", "characters")
            ),
            ExportError::MinGroupSize => {
                write!(f, "the minimum group size must be at least 1")
            }
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for ExportError {}

/// The fewest characters a salt may have.
const MIN_SALT_CHARS: usize = 8;

impl ExportParams {
    /// Checks the salt and the group size.
    pub fn check(self) -> Result<ExportConfig, ExportError> {
        if let Some(salt) = &self.id_salt {
            let length = salt.chars().count();
            if length < MIN_SALT_CHARS {
                return Err(ExportError::ShortSalt(length));
            }
        }
        if self.min_group_size == 0 {
            return Err(ExportError::MinGroupSize);
        }
        Ok(ExportConfig {
            id_salt: self.id_salt,
            min_group_size: self.min_group_size,
        })
    }
}

impl ExportConfig {
    /// The smallest group the aggregates export shows.
    pub fn min_group_size(&self) -> usize {
        self.min_group_size
    }

    /// The id as exported: as written, or its salted hash.
    pub(crate) fn id<'a>(&self, id: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.id_salt {
            None => id.into(),
            Some(salt) => {
                let mut hasher = Sha256::new();
                hasher.update(salt.as_bytes());
                hasher.update([0]);
                hasher.update(id.as_bytes());
                let digest = hasher.finalize();
                let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
                hex.into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected codes from Python's hashlib:
    /// `hashlib.sha256(salt.encode() + b"\x00" + id.encode()).hexdigest()`.
    #[test]
    fn salted_hashes_match_an_independent_implementation() {
        let cases = [
            (
                "s3cret-salt",
                "C001",
                "c7cb960bbadb5eaddba8976ba141e6ccbe98715589b299a9529dc40ad6c8da74",
            ),
            (
                "s3cret-salt",
                "=HYPERLINK(\"http://x\",\"y\")",
                "57a6cf7f5e8bb47836a11ed20c16f898e12e96143ac0b4954b420eee74dc1dd9",
            ),
            (
                "another-salt",
                "C001",
                "64e262c7b7a732cc07239c286e7a4a65a7d6b932a086ce9e677673cd8d6e96a6",
            ),
        ];
        for (salt, id, expected) in cases {
            let config = ExportParams {
                id_salt: Some(salt.into()),
                ..ExportParams::default()
            }
            .check()
            .unwrap();
            assert_eq!(config.id(id), expected);
        }
    }

    #[test]
    fn ids_stay_as_written_without_a_salt() {
        assert_eq!(ExportParams::default().check().unwrap().id("C001"), "C001");
    }

    #[test]
    fn short_salt_and_zero_group_size_are_rejected() {
        let salt = |salt: &str| ExportParams {
            id_salt: Some(salt.into()),
            ..ExportParams::default()
        };
        assert_eq!(salt("").check(), Err(ExportError::ShortSalt(0)));
        // Characters, not bytes: seven Chinese characters are still too short.
        assert_eq!(
            salt("客户价值管理盐").check(),
            Err(ExportError::ShortSalt(7))
        );
        assert!(salt("12345678").check().is_ok());
        let one = salt("x").check().unwrap_err().to_string();
        assert!(one.starts_with("the id salt has 1 character;"), "{one}");
        let zero = ExportParams {
            min_group_size: 0,
            ..ExportParams::default()
        };
        assert_eq!(zero.check(), Err(ExportError::MinGroupSize));
    }
}
