//! Turning the file's bytes into text, whatever encoding the exporting program chose.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::error::{Error, ErrorKind};

/// The file's text and the name of the encoding it was read in.
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Decodes the file in the encoding named by `label` (a WHATWG label such as `utf-16le` or
/// `gbk`), or detects it: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
/// mark (Excel's "Unicode text"), and otherwise GB18030, the superset of GBK that Chinese Excel
/// writes.
///
/// Valid UTF-8 without a mark is borrowed, not copied. Text with NUL characters is taken to
/// be a binary file.
pub(crate) fn decode<'a>(bytes: &'a [u8], label: Option<&str>) -> Result<Decoded<'a>, Error> {
    if let Some(label) = label {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::from(ErrorKind::InvalidOptions {
                message: format!(
                    "unknown encoding '{label}'; use utf-8, utf-16le, utf-16be or gbk"
                ),
            })
        })?;
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        return checked(text, encoding);
    }
    let (text, encoding) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
            (text, encoding)
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), UTF_8),
            Err(_) => {
                let (text, _) = GB18030.decode_without_bom_handling(bytes);
                (text, GB18030)
            }
        },
    };
    checked(text, encoding)
}

fn checked<'a>(text: Cow<'a, str>, encoding: &'static Encoding) -> Result<Decoded<'a>, Error> {
    if text.contains('\0') {
        return Err(ErrorKind::NotText.into());
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, &'static str) {
        let decoded = decode(bytes, None).unwrap();
        (decoded.text.into_owned(), decoded.encoding)
    }

    #[test]
    fn plain_utf8_is_borrowed() {
        let decoded = decode("客户,金额".as_bytes(), None).unwrap();
        assert!(matches!(decoded.text, Cow::Borrowed("客户,金额")));
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decoded(b"\xEF\xBB\xBFid,date"), ("id,date".into(), "UTF-8"));
    }

    #[test]
    fn utf16_le_with_bom() {
        // "客户" in UTF-16LE is 0x5BA2 0x6237.
        assert_eq!(
            decoded(b"\xFF\xFE\xA2\x5B\x37\x62"),
            ("客户".into(), "UTF-16LE")
        );
    }

    #[test]
    fn utf16_be_with_bom() {
        assert_eq!(
            decoded(b"\xFE\xFF\x5B\xA2\x62\x37"),
            ("客户".into(), "UTF-16BE")
        );
    }

    #[test]
    fn gbk_bytes_fall_back_to_gb18030() {
        // "客户" in GBK is BF CD BB A7.
        assert_eq!(decoded(b"\xBF\xCD\xBB\xA7,1"), ("客户,1".into(), "gb18030"));
    }

    #[test]
    fn an_explicit_encoding_wins() {
        // UTF-16LE without a mark would otherwise look binary.
        let decoded = decode(b"\xA2\x5B\x37\x62", Some("utf-16le")).unwrap();
        assert_eq!(
            (decoded.text.as_ref(), decoded.encoding),
            ("客户", "UTF-16LE")
        );
        let gbk = decode(b"\xBF\xCD\xBB\xA7", Some("GBK")).unwrap();
        assert_eq!((gbk.text.as_ref(), gbk.encoding), ("客户", "GBK"));
        let unknown = decode(b"x", Some("klingon")).err().unwrap();
        assert_eq!(unknown.code(), "invalidOptions");
    }

    #[test]
    fn binary_is_rejected() {
        let error = decode(b"PK\x03\x04\x00\x00binary", None).err().unwrap();
        assert_eq!(error.code(), "notText");
    }
}
