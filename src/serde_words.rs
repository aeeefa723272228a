//! serde's words for the mistakes of JSON a person wrote — a key missing or misspelt, a value
//! not among those allowed — taken apart, so that an error can name the key or value and what
//! is allowed in each language it speaks, rather than quote serde's English.

/// The key serde's message `words` calls missing.
pub(crate) fn missing_field(words: &str) -> Option<&str> {
    named(words, "missing field `").map(|(field, _)| field)
}

/// The key serde's message `words` calls unknown, and the keys it lists as allowed (`none`
/// when it lists none).
pub(crate) fn unknown_field(words: &str) -> Option<(&str, &str)> {
    named(words, "unknown field `")
}

/// The value serde's message `words` calls unknown, and the values it lists as allowed.
pub(crate) fn unknown_variant(words: &str) -> Option<(&str, &str)> {
    named(words, "unknown variant `")
}

/// The name after `prefix` in `words`, and the list after its `, expected` (without the `one
/// of` before it, or the place serde_json writes after it).
fn named<'a>(words: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = words.strip_prefix(prefix)?;
    let name = rest.split('`').next()?;
    let allowed = rest
        .split_once(", expected ")
        .map_or("none", |(_, allowed)| {
            let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
            allowed.split(" at line ").next().unwrap_or(allowed)
        });
    Some((name, allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_s_words_taken_apart() {
        let unknown = "unknown field `frist`, expected one of `rfm`, `tier` at line 1 column 19";
        assert_eq!(unknown_field(unknown), Some(("frist", "`rfm`, `tier`")));
        assert_eq!(
            unknown_field("unknown field `x`, there are no fields"),
            Some(("x", "none"))
        );
        assert_eq!(
            unknown_variant("unknown variant `revenue`, expected `value` or `clv`"),
            Some(("revenue", "`value` or `clv`"))
        );
        assert_eq!(
            missing_field("missing field `rfm` at line 1 column 2"),
            Some("rfm")
        );
        assert_eq!(missing_field(unknown), None);
        assert_eq!(unknown_variant(unknown), None);
    }
}
