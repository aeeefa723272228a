//! Turning the file's bytes into text, whatever encoding the exporting program chose.

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, GBK, UTF_8};

use crate::columns::is_recognised_header;

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
/// `whole`), as Firefox's detector guesses it, with one correction: between the multi-byte
/// encodings the guess is taken only when it makes more of the first lines recognisable
/// headers than GB18030 (the superset of the GBK that Chinese Excel writes) does.
///
/// A single-byte code page is guessed only when the text reads as a language of one
/// (Windows-1252 for Western European exports, 1250, 1251 Cyrillic, …). Between the multi-byte
/// ones the detector, made for web pages, is unreliable on a file's few words: it takes
/// `客户编号,下单时间,实付金额` over ASCII rows for EUC-JP. The header settles it: read in Big5,
/// `客戶編號,訂單日期,實付金額` names three columns; read in GB18030, none.
fn legacy_encoding(head: &[u8], whole: bool) -> &'static Encoding {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    // Bytes that are not UTF-8 are no ISO-2022-JP either, which is 7-bit.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(head, whole);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let names_more = |guess| recognised_headers(head, guess) > recognised_headers(head, GB18030);
    if guess.is_single_byte() || (guess != GBK && names_more(guess)) {
        guess
    } else {
        GB18030
    }
}

/// How many fields of the first lines of `head`, read in `encoding`, are recognised headers.
fn recognised_headers(head: &[u8], encoding: &'static Encoding) -> usize {
    /// The first lines: a header below a title is among them.
    const LINES: usize = 10;
    let (text, _) = encoding.decode_without_bom_handling(&head[..head.len().min(8 * 1024)]);
    text.lines()
        .take(LINES)
        .flat_map(|line| line.split([',', ';', '\t', '|']))
        .filter(|field| is_recognised_header(field.trim().trim_matches('"')))
        .count()
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
    fn big5_shift_jis_and_euc_kr_are_detected_by_their_headers() {
        // 客戶編號,訂單日期,實付金額 / 顧客ID,日付,金額 / 고객번호,날짜,금액, each with a row.
        let cases: [(&[u8], &str, &str); 3] = [
            (
                b"\xAB\xC8\xA4\xE1\xBDs\xB8\xB9,\xADq\xB3\xE6\xA4\xE9\xB4\xC1,\xB9\xEA\xA5I\xAA\xF7\xC3B\n",
                "客戶編號,訂單日期,實付金額",
                "Big5",
            ),
            (b"\x8C\xDA\x8BqID,\x93\xFA\x95t,\x8B\xE0\x8Az\n", "顧客ID,日付,金額", "Shift_JIS"),
            (
                b"\xB0\xED\xB0\xB4\xB9\xF8\xC8\xA3,\xB3\xAF\xC2\xA5,\xB1\xDD\xBE\xD7\n",
                "고객번호,날짜,금액",
                "EUC-KR",
            ),
        ];
        for (header, expected, encoding) in cases {
            let (text, found) = decoded(&[header, b"c1,2024-03-05,5\n"].concat());
            assert_eq!((text.lines().next(), found), (Some(expected), encoding));
        }
        // Under English headers nothing tells Big5 names (陳大文) from GBK: GB18030.
        let (_, found) = decoded(b"customer,date,amount\n\xB3\xAF\xA4j\xA4\xE5,2024-03-05,5\n");
        assert_eq!(found, "gb18030");
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
