//! Turning the file's bytes into text, whatever encoding the exporting program chose.

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, UTF_8};

use crate::error::{Error, ErrorKind};

/// Bytes looked at before choosing the encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes a file that arrives in pieces, in the encoding named by a WHATWG label (`utf-8`,
/// `utf-16le`, `gbk`, …) or detected from the start of the file: a byte-order mark (UTF-8,
/// UTF-16LE/BE, as in Excel's "Unicode text"), else UTF-8 if the first 64 KiB are valid
/// UTF-8, else the legacy encoding they read best in (see [`legacy_encoding`]).
///
/// Text with NUL characters is taken to be a binary file.
pub(crate) struct TextDecoder {
    decoder: Option<Decoder>,
    encoding: &'static Encoding,
    /// The start of the file, kept until there is enough to choose the encoding.
    head: Vec<u8>,
}

impl TextDecoder {
    pub fn new(label: Option<&str>) -> Result<TextDecoder, Error> {
        let Some(label) = label else {
            return Ok(TextDecoder {
                decoder: None,
                encoding: UTF_8,
                head: Vec::new(),
            });
        };
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::from(ErrorKind::InvalidOptions {
                message: format!(
                    "unknown encoding '{label}'; use utf-8, utf-16le, utf-16be, gbk, big5, shift_jis, euc-kr, windows-1252 or another WHATWG label"
                ),
            })
        })?;
        Ok(TextDecoder {
            decoder: Some(encoding.new_decoder_with_bom_removal()),
            encoding,
            head: Vec::new(),
        })
    }

    /// The encoding in use (UTF-8 until one has been chosen).
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// Decodes the next piece of the file onto `text`; `last` marks the end of the file.
    pub fn decode(&mut self, bytes: &[u8], last: bool, text: &mut String) -> Result<(), Error> {
        let start = text.len();
        match &mut self.decoder {
            Some(decoder) => decode_into(decoder, bytes, last, text),
            None => {
                self.head.extend_from_slice(bytes);
                if self.head.len() < SNIFF_BYTES && !last {
                    return Ok(());
                }
                let head = std::mem::take(&mut self.head);
                let (encoding, bom_length) = Encoding::for_bom(&head).unwrap_or_else(|| {
                    // An incomplete character at the end of the sniffed bytes is not an error.
                    let utf8 = std::str::from_utf8(&head)
                        .map_or_else(|e| e.error_len().is_none(), |_| true);
                    (
                        if utf8 {
                            UTF_8
                        } else {
                            legacy_encoding(&head, last)
                        },
                        0,
                    )
                });
                self.encoding = encoding;
                let decoder = self
                    .decoder
                    .insert(encoding.new_decoder_without_bom_handling());
                decode_into(decoder, &head[bom_length..], last, text);
            }
        }
        if text[start..].contains('\0') {
            return Err(ErrorKind::NotText.into());
        }
        Ok(())
    }
}

/// The legacy encoding of a file that is not UTF-8, from its start (the whole file when
/// `whole`): a single-byte code page when Firefox's detector finds the text reads as a
/// language of one (Windows-1252 for Western European exports, 1250 Central European, 1251
/// Cyrillic, …), else GB18030, the superset of the GBK that Chinese Excel writes.
///
/// The detector's guesses between the multi-byte encodings are not taken: made for web pages,
/// it takes a few Chinese headers over ASCII rows (`客户编号,下单时间,实付金额`) for EUC-JP or
/// EUC-KR, and Chinese files are this product's main legacy case. Big5, Shift_JIS and EUC-KR
/// files are read with the `encoding` option.
fn legacy_encoding(head: &[u8], whole: bool) -> &'static Encoding {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    // Bytes that are not UTF-8 are no ISO-2022-JP either, which is 7-bit.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(head, whole);
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess.is_single_byte() {
        guess
    } else {
        GB18030
    }
}

fn decode_into(decoder: &mut Decoder, mut bytes: &[u8], last: bool, text: &mut String) {
    loop {
        text.reserve(
            decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3 + 16),
        );
        let (result, read, _replaced) = decoder.decode_to_string(bytes, text, last);
        bytes = &bytes[read..];
        if result == CoderResult::InputEmpty {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole of `bytes` decoded at once, and the encoding used.
    fn decode(bytes: &[u8], label: Option<&str>) -> Result<(String, &'static str), Error> {
        let mut decoder = TextDecoder::new(label)?;
        let mut text = String::new();
        decoder.decode(bytes, true, &mut text)?;
        Ok((text, decoder.encoding()))
    }

    fn decoded(bytes: &[u8]) -> (String, &'static str) {
        decode(bytes, None).unwrap()
    }

    #[test]
    fn plain_utf8() {
        assert_eq!(
            decoded("客户,金额".as_bytes()),
            ("客户,金额".into(), "UTF-8")
        );
    }

    #[test]
    fn pieces_split_inside_characters_decode_whole() {
        for (bytes, label) in [
            ("客户,金额\n".repeat(20_000).into_bytes(), None),
            (b"\xFF\xFE\xA2\x5B\x37\x62".repeat(3), Some("utf-16le")),
        ] {
            let mut decoder = TextDecoder::new(label).unwrap();
            let mut text = String::new();
            for piece in bytes.chunks(7) {
                decoder.decode(piece, false, &mut text).unwrap();
            }
            decoder.decode(&[], true, &mut text).unwrap();
            assert_eq!(text, decode(&bytes, label).unwrap().0, "{label:?}");
        }
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
    fn western_and_cyrillic_code_pages_are_detected() {
        // German and Russian Excel save "CSV" in Windows-1252 and Windows-1251: ä=E4, ü=FC,
        // é=E9, €=80; Клиент;Сумма / Иванов.
        let german = b"Kunde;Betrag;W\xE4hrung\nM\xFCller;12,50 \x80\nJos\xE9;8,00 \x80\n";
        assert_eq!(
            decoded(german),
            (
                "Kunde;Betrag;Währung\nMüller;12,50 €\nJosé;8,00 €\n".into(),
                "windows-1252"
            )
        );
        let russian =
            b"\xCA\xEB\xE8\xE5\xED\xF2;\xD1\xF3\xEC\xEC\xE0\n\xC8\xE2\xE0\xED\xEE\xE2;12,50\n";
        assert_eq!(
            decoded(russian),
            ("Клиент;Сумма\nИванов;12,50\n".into(), "windows-1251")
        );
    }

    #[test]
    fn chinese_headers_over_ascii_rows_stay_gb18030() {
        // 客户编号,下单时间,实付金额 in GBK, which the detector alone takes for EUC-JP.
        let header: &[u8] = b"\xBF\xCD\xBB\xA7\xB1\xE0\xBA\xC5,\xCF\xC2\xB5\xA5\xCA\xB1\xBC\xE4,\xCA\xB5\xB8\xB6\xBD\xF0\xB6\xEE\n";
        let file = [header, b"C1,2024-03-01,1.00\n"].concat();
        let (text, encoding) = decoded(&file);
        assert_eq!(
            (text.lines().next(), encoding),
            (Some("客户编号,下单时间,实付金额"), "gb18030")
        );
    }

    #[test]
    fn an_explicit_encoding_wins() {
        // UTF-16LE without a mark would otherwise look binary.
        let decoded = decode(b"\xA2\x5B\x37\x62", Some("utf-16le")).unwrap();
        assert_eq!(decoded, ("客户".into(), "UTF-16LE"));
        let gbk = decode(b"\xBF\xCD\xBB\xA7", Some("GBK")).unwrap();
        assert_eq!(gbk, ("客户".into(), "GBK"));
        let unknown = decode(b"x", Some("klingon")).err().unwrap();
        assert_eq!(unknown.code(), "invalidOptions");
    }

    #[test]
    fn binary_is_rejected() {
        let error = decode(b"PK\x03\x04\x00\x00binary", None).err().unwrap();
        assert_eq!(error.code(), "notText");
    }
}
