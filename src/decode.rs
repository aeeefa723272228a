//! Turning the file's bytes into text, whatever encoding the exporting program chose.

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::aggregated::Limitation;
use crate::columns::is_recognised_header;
use crate::text::Texts;

use crate::error::{Error, ErrorKind};
use crate::file_format::FileFormat;
use crate::setting::{refusal, Setting};

/// The encoding a WHATWG `label` (`utf-8`, `gbk`, …) names, if any.
pub(crate) fn encoding_named(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Why `label` names no encoding, and which labels do.
pub(crate) fn unknown_encoding(label: &str) -> Texts {
    Texts::new(
        format!("unknown encoding '{label}'; use utf-8, utf-16le, utf-16be, gbk, big5, shift_jis, euc-kr, windows-1252 or another WHATWG label"),
        format!("未知编码“{label}”；请使用 utf-8、utf-16le、utf-16be、gbk、big5、shift_jis、euc-kr、windows-1252 或其他 WHATWG 编码名"),
    )
}

/// Bytes looked at to choose the encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// ASCII bytes looked at before the first byte beyond ASCII, so that it is read in context.
const CONTEXT_BYTES: usize = 1024;

/// Bytes at the start of the file looked at for UTF-16 written without a byte-order mark.
const OPENING_BYTES: usize = 1024;

/// Decodes a file that arrives in pieces, in the encoding named by a WHATWG label (`utf-8`,
/// `utf-16le`, `gbk`, …) or detected: a byte-order mark (UTF-8, UTF-16LE/BE, as in Excel's
/// "Unicode text"), else UTF-16 if the first 1 KiB has its zero bytes (see
/// [`utf16_without_bom`]), else UTF-8 if the 64 KiB from the first byte beyond ASCII (with the 1 KiB
/// before it) read as UTF-8 (see [`reads_as_utf8`]), else the legacy encoding they read best
/// in (see [`legacy_encoding`]).
///
/// Every encoding detected reads ASCII alike, so a file whose first rows are ASCII, such as an
/// English header above Chinese names in GBK, is told by its first rows that are not; and the
/// same bytes are looked at however the file is cut into pieces, so that the command line and
/// the browser, which read in pieces of different sizes, choose alike.
///
/// Text with a NUL character among its first [`OPENING_BYTES`] is taken to be a binary file:
/// the formats spreadsheets, images and archives are saved in have zero bytes in their first
/// bytes, and UTF-16 that is not told by them (see [`utf16_without_bom`]) has them all along.
/// A NUL further on is a stray in a text file, as where a program wrote one into a field: it
/// is read as U+FFFD and reported as the characters the encoding cannot read are (see
/// [`Unreadable`]), rather than make the whole file unreadable.
pub(crate) struct TextDecoder {
    decoder: Option<Decoder>,
    encoding: &'static Encoding,
    /// Until the encoding is chosen: the bytes to choose it by, from [`CONTEXT_BYTES`] before
    /// the first byte beyond ASCII; before that byte, the last ASCII bytes, not yet decoded.
    head: Vec<u8>,
    /// Whether a byte beyond ASCII has come, so that the head is the one to choose by.
    beyond_ascii: bool,
    /// The file's first [`OPENING_BYTES`] until they have come, then `None`.
    opening: Option<Vec<u8>>,
    /// Whether the encoding was named by the caller rather than detected.
    named: bool,
    /// Whether bytes that are not valid in the encoding were read as U+FFFD since
    /// [`take_replaced`](TextDecoder::take_replaced) last said.
    replaced: bool,
    /// Bytes of text decoded so far, before carriage returns are settled, so that where a NUL
    /// falls does not depend on how the file was cut into pieces.
    decoded: usize,
    /// NUL characters read as U+FFFD so far.
    nuls: u64,
    line_breaks: LineBreaks,
}

/// How the file ends its lines, decided by its first line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineBreaks {
    /// No line break decoded yet; `pending_cr` when the text so far ended with a carriage
    /// return, held back until the next character tells whether a line feed follows it.
    Undecided { pending_cr: bool },
    /// Line feeds, alone or after carriage returns: the text is left as it is.
    LineFeeds,
    /// Carriage returns alone, as Excel for Mac wrote "CSV (Macintosh)": each becomes a line
    /// feed, so that lines are split and counted as in any other file.
    CarriageReturns,
}

impl TextDecoder {
    pub fn new(label: Option<&str>) -> Result<TextDecoder, Error> {
        let Some(label) = label else {
            return Ok(TextDecoder {
                decoder: None,
                encoding: UTF_8,
                head: Vec::new(),
                beyond_ascii: false,
                opening: Some(Vec::new()),
                named: false,
                replaced: false,
                decoded: 0,
                nuls: 0,
                line_breaks: LineBreaks::Undecided { pending_cr: false },
            });
        };
        // A survey file's label was checked with the survey's settings, before any reading:
        // one refused here is the transactions file's.
        let encoding = encoding_named(label)
            .ok_or_else(|| refusal(Setting::Encoding, unknown_encoding(label)))?;
        Ok(TextDecoder {
            decoder: Some(encoding.new_decoder_with_bom_removal()),
            encoding,
            head: Vec::new(),
            beyond_ascii: false,
            opening: None,
            named: true,
            replaced: false,
            decoded: 0,
            nuls: 0,
            line_breaks: LineBreaks::Undecided { pending_cr: false },
        })
    }

    /// Whether bytes not valid in the encoding were read as U+FFFD since the last call.
    pub fn take_replaced(&mut self) -> bool {
        std::mem::take(&mut self.replaced)
    }

    /// The encoding in use (UTF-8 until one has been chosen).
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// Whether the encoding is named or has been chosen: text that is ASCII so far reads
    /// alike in every encoding detected, so its bytes alone choose none.
    pub fn encoding_chosen(&self) -> bool {
        self.decoder.is_some()
    }

    /// Decodes the next piece of the file onto `text`; `last` marks the end of the file.
    pub fn decode(&mut self, bytes: &[u8], last: bool, text: &mut String) -> Result<(), Error> {
        let start = text.len();
        match &mut self.decoder {
            Some(decoder) => self.replaced |= decode_into(decoder, bytes, last, text),
            None => self.sniff_opening(bytes, last, text)?,
        }
        self.read_nuls(text, start)?;
        self.settle_line_breaks(text, start, last);
        Ok(())
    }

    /// Fails on a NUL among the text's first [`OPENING_BYTES`]; reads those after them in
    /// `text` from `start` on as U+FFFD.
    fn read_nuls(&mut self, text: &mut String, start: usize) -> Result<(), Error> {
        let decoded = &text[start..];
        let first = self.decoded;
        self.decoded += decoded.len();
        let Some(at) = memchr::memchr(0, decoded.as_bytes()) else {
            return Ok(());
        };
        if first + at < OPENING_BYTES {
            return Err(ErrorKind::NotText { format: None }.into());
        }
        let nuls = memchr::memchr_iter(0, &decoded.as_bytes()[at..]).count();
        let read = decoded.replace('\0', "\u{FFFD}");
        text.truncate(start);
        text.push_str(&read);
        self.nuls += nuls as u64;
        self.replaced = true;
        Ok(())
    }

    /// Holds the file's first [`OPENING_BYTES`], and decodes them as UTF-16 if they are
    /// UTF-16 without a byte-order mark; otherwise, and after them, [`sniff`](Self::sniff)s.
    /// Fails on a file that opens as a known format other than CSV text does.
    fn sniff_opening(&mut self, bytes: &[u8], last: bool, text: &mut String) -> Result<(), Error> {
        let Some(opening) = &mut self.opening else {
            self.sniff(bytes, last, text);
            return Ok(());
        };
        opening.extend_from_slice(bytes);
        if opening.len() < OPENING_BYTES && !last {
            return Ok(());
        }
        let opening = self.opening.take().unwrap_or_default();
        if let Some(format) = FileFormat::of(&opening) {
            return Err(ErrorKind::NotText {
                format: Some(format),
            }
            .into());
        }
        match utf16_without_bom(&opening[..opening.len().min(OPENING_BYTES)]) {
            Some(encoding) => {
                self.encoding = encoding;
                let decoder = (self.decoder).insert(encoding.new_decoder_without_bom_handling());
                self.replaced |= decode_into(decoder, &opening, last, text);
            }
            None => self.sniff(&opening, last, text),
        }
        Ok(())
    }

    /// Before the encoding is chosen: passes ASCII on as it is, but for the last
    /// [`CONTEXT_BYTES`], and from the first byte beyond ASCII keeps [`SNIFF_BYTES`] in the
    /// head; then chooses the encoding by them and decodes them and the rest.
    fn sniff(&mut self, mut bytes: &[u8], last: bool, text: &mut String) {
        if !self.beyond_ascii {
            // Most files are ASCII throughout: a word at a time says so.
            let ascii = match bytes.is_ascii() {
                true => None,
                false => bytes.iter().position(|b| !b.is_ascii()),
            };
            self.beyond_ascii = ascii.is_some();
            let ascii = ascii.unwrap_or(bytes.len());
            let kept = self.head.len() + ascii;
            let passed = match last && !self.beyond_ascii {
                true => kept,
                false => kept.saturating_sub(CONTEXT_BYTES),
            };
            let from_head = passed.min(self.head.len());
            let (from_bytes, rest) = bytes.split_at(passed - from_head);
            for ascii in [&self.head[..from_head], from_bytes] {
                text.push_str(std::str::from_utf8(ascii).unwrap_or_default());
            }
            self.head.drain(..from_head);
            bytes = rest;
        }
        let taken = bytes.len().min(SNIFF_BYTES - self.head.len());
        let (taken, rest) = bytes.split_at(taken);
        self.head.extend_from_slice(taken);
        if !self.beyond_ascii || (self.head.len() < SNIFF_BYTES && !last) {
            return;
        }
        let head = std::mem::take(&mut self.head);
        let whole = last && rest.is_empty();
        let (encoding, bom_length) = Encoding::for_bom(&head).unwrap_or_else(|| {
            let encoding = if reads_as_utf8(&head) {
                UTF_8
            } else {
                legacy_encoding(&head, whole)
            };
            (encoding, 0)
        });
        self.encoding = encoding;
        let decoder = self
            .decoder
            .insert(encoding.new_decoder_without_bom_handling());
        self.replaced |= decode_into(decoder, &head[bom_length..], whole, text);
        if !rest.is_empty() {
            self.replaced |= decode_into(decoder, rest, last, text);
        }
    }

    /// Decides, at the first line break, how the file ends its lines, and turns the carriage
    /// returns of a file that ends them so into line feeds, in `text` from `start` on.
    fn settle_line_breaks(&mut self, text: &mut String, start: usize, last: bool) {
        if let LineBreaks::Undecided { pending_cr } = self.line_breaks {
            if pending_cr {
                text.insert(start, '\r');
            }
            let decoded = &text[start..];
            self.line_breaks = match decoded.find(['\r', '\n']) {
                None => LineBreaks::Undecided { pending_cr: false },
                Some(at) if decoded.as_bytes()[at] == b'\n' => LineBreaks::LineFeeds,
                Some(at) => match decoded.as_bytes().get(at + 1) {
                    Some(b'\n') => LineBreaks::LineFeeds,
                    Some(_) => LineBreaks::CarriageReturns,
                    None if last => LineBreaks::CarriageReturns,
                    None => {
                        text.pop();
                        LineBreaks::Undecided { pending_cr: true }
                    }
                },
            };
        }
        if self.line_breaks == LineBreaks::CarriageReturns && text[start..].contains('\r') {
            let lines = text[start..].replace('\r', "\n");
            text.truncate(start);
            text.push_str(&lines);
        }
    }
}

/// UTF-16 written without a byte-order mark, as some programs save "Unicode text", told by
/// its zero bytes: text mostly of ASCII characters, as a CSV file's digits, dates and
/// delimiters are, has a zero byte in every other place, after each character's other byte
/// (little-endian) or before it (big-endian). A binary file's zero bytes fall anywhere, and
/// in pairs, which UTF-16 text never has (U+0000). `opening` is the start of the file.
fn utf16_without_bom(opening: &[u8]) -> Option<&'static Encoding> {
    if Encoding::for_bom(opening).is_some() {
        return None;
    }
    let (mut zero_after, mut zero_before) = (0, 0);
    for unit in opening.chunks_exact(2) {
        match unit {
            [0, 0] => return None,
            [_, 0] => zero_after += 1,
            [0, _] => zero_before += 1,
            _ => {}
        }
    }
    // Most units, but for a few characters beyond ASCII (一 is 0x4E00, zero after in UTF-16BE).
    let units = opening.len() / 2;
    let pattern =
        |zeros: usize, others: usize| zeros > 0 && zeros * 4 >= units && others * 10 <= zeros;
    if pattern(zero_after, zero_before) {
        Some(UTF_16LE)
    } else if pattern(zero_before, zero_after) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Characters beyond ASCII per byte sequence that is not UTF-8, at least, for the bytes an
/// encoding is chosen by to read as UTF-8 with stray bytes rather than as a legacy encoding. Text in a legacy
/// encoding has few characters whose bytes happen to be UTF-8 beyond ASCII: in Chinese text,
/// about one for every 4 stray sequences in GBK, 6 in Big5 and Shift JIS, 11 in EUC-KR
/// (measured on this project's README); none in the single-byte code pages.
const UTF8_CHARACTERS_PER_STRAY: usize = 10;

/// Whether `head`, the bytes the encoding is chosen by, reads as UTF-8: it is valid, or its sequences that are
/// not are strays among many more that are, as where a line from a program that writes
/// Windows-1252 was pasted into a UTF-8 file. Read in the legacy encoding, every other line of
/// such a file would be garbled; read as UTF-8, only the stray bytes are (as U+FFFD).
fn reads_as_utf8(head: &[u8]) -> bool {
    let (mut characters, mut strays) = (0, 0);
    let mut chunks = head.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        characters += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        // A character cut at the end of the sniffed bytes is no stray.
        let cut_at_end = chunks.peek().is_none()
            && std::str::from_utf8(chunk.invalid()).is_err_and(|e| e.error_len().is_none());
        if !chunk.invalid().is_empty() && !cut_at_end {
            strays += 1;
        }
    }
    strays == 0 || characters >= UTF8_CHARACTERS_PER_STRAY * strays
}

/// The legacy encoding of a file that is not UTF-8, from the bytes it is chosen by (the rest of
/// the file when `whole`), as Firefox's detector guesses it, with one correction: between the multi-byte
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

/// Decodes `bytes` onto `text`; whether any were not valid in the encoding (read as U+FFFD).
fn decode_into(decoder: &mut Decoder, mut bytes: &[u8], last: bool, text: &mut String) -> bool {
    let mut replaced = false;
    loop {
        text.reserve(
            decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3 + 16),
        );
        let (result, read, replaced_now) = decoder.decode_to_string(bytes, text, last);
        replaced |= replaced_now;
        bytes = &bytes[read..];
        if result == CoderResult::InputEmpty {
            return replaced;
        }
    }
}

/// The characters of a file that could not be read in its encoding: each is U+FFFD in the
/// text, and the report says so rather than let ids and names change unseen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Unreadable {
    /// How many there are.
    pub count: u64,
    /// The first lines that hold one, at most [`Unreadable::LINES_LISTED`].
    pub lines: Vec<u64>,
    /// Whether more lines hold one.
    pub more_lines: bool,
}

impl Unreadable {
    /// Lines listed in the report.
    pub const LINES_LISTED: usize = 5;

    /// Notes the U+FFFD characters in `text`, whose first character is on `first_line`.
    ///
    /// Called only for text the decoder replaced bytes in, since looking costs a pass over it.
    pub fn note(&mut self, text: &str, first_line: u64) {
        let (mut line, mut counted_to) = (first_line, 0);
        for (at, _) in text.match_indices(char::REPLACEMENT_CHARACTER) {
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..at]).count() as u64;
            counted_to = at;
            self.count += 1;
            if self.lines.last() == Some(&line) {
                continue;
            }
            if self.lines.len() < Self::LINES_LISTED {
                self.lines.push(line);
            } else {
                self.more_lines = true;
            }
        }
    }

    /// What the report says of the text `decoder` decoded, when there is anything to say.
    /// Characters a named encoding cannot read most likely mean the file is in another; in
    /// a detected one, that the file mixes encodings.
    pub fn limitation(&self, decoder: &TextDecoder) -> Option<Limitation> {
        if self.count == 0 {
            return None;
        }
        let encoding = decoder.encoding();
        let count = self.count;
        let lines = self.lines.iter().map(u64::to_string).collect::<Vec<_>>();
        let (s, are) = if count == 1 { ("", "is") } else { ("s", "are") };
        let (first, first_zh) = if self.more_lines {
            ("first ", "最早")
        } else {
            ("", "")
        };
        let line_s = if lines.len() == 1 { "" } else { "s" };
        let (en_lines, zh_lines) = (lines.join(", "), lines.join("、"));
        let (chosen, chosen_zh) = match decoder.named {
            true => (", the encoding chosen,", "（所选编码）"),
            false => ("", ""),
        };
        let where_en = format!("({first}on line{line_s} {en_lines})");
        let where_zh = format!("（{first_zh}在第 {zh_lines} 行）");
        let nuls = decoder.nuls.min(count);
        let invalid = count - nuls;
        let (nul_s, nul_are, zero, it) = match nuls {
            1 => ("", "is", "a zero byte", "it"),
            _ => ("s", "are", "zero bytes", "them"),
        };
        // NULs alone say nothing of the encoding: the file was damaged, or a program wrote them.
        if invalid == 0 {
            return Some(Limitation {
                key: "unreadableCharacters",
                text: Texts::new(
                    format!("{nuls} NUL character{nul_s} ({zero}), which text does not hold, {nul_are} read as \u{FFFD} {where_en}: a program wrote {it} into the file, which may be damaged there. Check those rows."),
                    format!("有 {nuls} 个 NUL 字符（零字节），文本中不应出现，已读作 \u{FFFD}{where_zh}：文件在这些位置可能已损坏，请检查这些行。"),
                ),
            });
        }
        let (found, found_zh) = if nuls == 0 {
            (
                format!("{count} character{s} {are} not valid {encoding}{chosen} and {are} read as \u{FFFD} {where_en}"),
                format!("有 {count} 个字符不是有效的 {encoding}{chosen_zh}，已读作 \u{FFFD}{where_zh}"),
            )
        } else {
            let s = if invalid == 1 { "" } else { "s" };
            (
                format!("{invalid} character{s} not valid {encoding}{chosen} and {nuls} NUL character{nul_s} ({zero}) are read as \u{FFFD} {where_en}"),
                format!("有 {invalid} 个字符不是有效的 {encoding}{chosen_zh}，另有 {nuls} 个 NUL 字符（零字节），均已读作 \u{FFFD}{where_zh}"),
            )
        };
        let text = match decoder.named {
            true => Texts::new(
                format!("{found}: the file is most likely in another encoding. Choose another, or leave the encoding to be detected."),
                format!("{found_zh}：文件很可能使用另一种编码。请另选编码，或让程序自动检测编码。"),
            ),
            false => Texts::new(
                format!("{found}: the file mixes encodings, as where lines from another program were pasted in, so ids or names there may not match. Save the file in one encoding, such as UTF-8, to read them."),
                format!("{found_zh}：文件混用了多种编码（例如粘贴了来自其他程序的行），这些位置的编号或名称可能对不上。请以同一种编码（如 UTF-8）保存文件后再读取。"),
            ),
        };
        Some(Limitation {
            key: "unreadableCharacters",
            text,
        })
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

    /// `bytes` decoded in pieces of `piece` bytes, and the encoding used.
    fn decoded_in_pieces(
        bytes: &[u8],
        label: Option<&str>,
        piece: usize,
    ) -> (String, &'static str) {
        let mut decoder = TextDecoder::new(label).unwrap();
        let mut text = String::new();
        for chunk in bytes.chunks(piece) {
            decoder.decode(chunk, false, &mut text).unwrap();
        }
        decoder.decode(&[], true, &mut text).unwrap();
        (text, decoder.encoding())
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
            let (text, _) = decoded_in_pieces(&bytes, label, 7);
            assert_eq!(text, decode(&bytes, label).unwrap().0, "{label:?}");
        }
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        // Two hundred lines of Chinese in UTF-8 and a Windows-1252 é pasted in: read in
        // Windows-1252, every Chinese character would be garbled; in UTF-8 only the é is.
        let mut bytes = "客户,金额\n".repeat(200).into_bytes();
        bytes.extend_from_slice(b"Caf\xE9,5\n");
        let (text, encoding) = decoded(&bytes);
        assert_eq!(encoding, "UTF-8");
        assert!(text.ends_with("客户,金额\nCaf\u{FFFD},5\n"));
        // Alone among ASCII, the é says Windows-1252.
        assert_eq!(decoded(b"name,amount\nCaf\xE9,5\n").1, "windows-1252");
    }

    #[test]
    fn rows_beyond_ascii_after_the_first_64_kib_choose_the_encoding_in_pieces_of_any_size() {
        // An English header and 3,000 ASCII rows (75 KB), then regions in GBK: read from the
        // start of the file alone, it was UTF-8 in 64 KiB pieces (as the page reads) and GBK
        // in 1 MiB pieces (as the command line reads).
        let ascii =
            "id,date,amount,region\n".to_string() + &"C1,2024-01-05,10.00,North\n".repeat(3_000);
        let mut bytes = ascii.clone().into_bytes();
        // "C2,2024-02-01,12.50,华东" in GBK: 华 is 0xBB 0xAA, 东 0xB6 0xAB.
        let gbk_row = b"C2,2024-02-01,12.50,\xBB\xAA\xB6\xAB\n";
        bytes.extend(gbk_row.repeat(100));
        let expected = ascii + &"C2,2024-02-01,12.50,华东\n".repeat(100);
        for piece in [7, 1000, 64 * 1024, 1 << 20] {
            let (text, encoding) = decoded_in_pieces(&bytes, None, piece);
            assert_eq!(encoding, "gb18030", "in pieces of {piece}");
            assert!(text == expected, "in pieces of {piece}");
        }
        // A file of ASCII alone is UTF-8, passed on whole.
        assert_eq!(
            decoded(&bytes[..expected.find('华').unwrap() - 20]).1,
            "UTF-8"
        );
    }

    #[test]
    fn unreadable_characters_are_counted_with_their_lines() {
        let mut unreadable = Unreadable::default();
        // Lines 10 (twice) and 12; then, from line 20, lines 20, 22, 23 and 24.
        unreadable.note("a\u{FFFD}\u{FFFD}\nb\nc\u{FFFD}\n", 10);
        unreadable.note("\u{FFFD}\n\n\u{FFFD}\n\u{FFFD}\n\u{FFFD}", 20);
        assert_eq!(unreadable.count, 7);
        assert_eq!(unreadable.lines, [10, 12, 20, 22, 23]);
        let detected = TextDecoder::new(None).unwrap();
        let text = unreadable.limitation(&detected).unwrap().text;
        assert!(text.en.starts_with(
            "7 characters are not valid UTF-8 and are read as \u{FFFD} (first on lines 10, 12, 20, 22, 23): the file mixes encodings"
        ));
        assert!(text.zh_cn.starts_with(
            "有 7 个字符不是有效的 UTF-8，已读作 \u{FFFD}（最早在第 10、12、20、22、23 行）"
        ));
        assert_eq!(Unreadable::default().limitation(&detected), None);
        // Where the encoding was chosen, it is the likely cause.
        let named = TextDecoder::new(Some("utf-8")).unwrap();
        let text = unreadable.limitation(&named).unwrap().text;
        assert!(text.en.starts_with(
            "7 characters are not valid UTF-8, the encoding chosen, and are read as \u{FFFD} (first on lines 10, 12, 20, 22, 23): the file is most likely in another encoding"
        ));
        assert!(text
            .zh_cn
            .starts_with("有 7 个字符不是有效的 UTF-8（所选编码），已读作"));
    }

    #[test]
    fn carriage_returns_alone_become_line_feeds_in_pieces_of_any_size() {
        // Excel for Mac's "CSV (Macintosh)" ends lines with carriage returns alone, the last
        // one at the end of the file; a quoted value's line break too. Line feeds, alone or
        // after a carriage return, are left as they are.
        let mac = "id,note\ra,\"two\rlines\"\rb,x\r";
        let cases = [
            (mac, "id,note\na,\"two\nlines\"\nb,x\n"),
            ("id\r\na\r\n", "id\r\na\r\n"),
            ("id\na\rb\n", "id\na\rb\n"),
        ];
        for (file, expected) in cases {
            for label in [None, Some("utf-8")] {
                for piece in [1, 2, 3, 1000] {
                    let (text, _) = decoded_in_pieces(file.as_bytes(), label, piece);
                    assert_eq!(text, expected, "{file:?} ({label:?}) in pieces of {piece}");
                }
            }
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
        // Refused as the setting it is, for each surface to name it in its words.
        assert_eq!(unknown.setting(), Some(Setting::Encoding));
    }

    #[test]
    fn binary_is_rejected() {
        let error = decode(b"PK\x03\x04\x00\x00binary", None).err().unwrap();
        assert_eq!(error.code(), "notText");
        // Zero bytes in every other place, but in pairs too: no UTF-16.
        let error = decode(b"a\0b\0c\0\0\0d\0", None).err().unwrap();
        assert_eq!(error.code(), "notText");
    }

    /// What the report says of the characters `decoder` could not read in `decoded`, a whole
    /// file.
    fn what_is_said(decoder: &TextDecoder, decoded: &str) -> String {
        let mut unreadable = Unreadable::default();
        unreadable.note(decoded, 1);
        unreadable.limitation(decoder).unwrap().text.en
    }

    #[test]
    fn a_nul_after_the_first_kib_is_a_stray_read_in_pieces_of_any_size() {
        let rows = "K1,2024-03-05,10\n".repeat(100);
        let text = format!("customer,date,amount\n{rows}K2,\02024-03-06,20\n{rows}");
        let read = text.replace('\0', "\u{FFFD}");
        for piece in [1, 7, 1000, 1024, 1025, text.len()] {
            let mut decoder = TextDecoder::new(None).unwrap();
            let mut decoded = String::new();
            for (at, bytes) in text.as_bytes().chunks(piece).enumerate() {
                let last = (at + 1) * piece >= text.len();
                decoder.decode(bytes, last, &mut decoded).unwrap();
            }
            assert_eq!(decoded, read, "pieces of {piece}");
            assert!(decoder.take_replaced());
            let said = what_is_said(&decoder, &decoded);
            assert!(
                said.starts_with("1 NUL character (a zero byte), which text does not hold, is read as \u{FFFD} (on line 102)"),
                "{said}"
            );
        }
        // In the first KiB, as in every binary format's first bytes, a NUL is a binary file's.
        let early = format!("customer,date,amount\nK2,\02024-03-06,20\n{rows}");
        assert_eq!(
            decode(early.as_bytes(), None).err().unwrap().code(),
            "notText"
        );
        // Beside a character not valid in the encoding, both are told.
        let mut both = format!("{text}K3,2024-03-07,5").into_bytes();
        both.extend_from_slice(b"\xff\n");
        let mut decoder = TextDecoder::new(Some("utf-8")).unwrap();
        let mut decoded = String::new();
        decoder.decode(&both, true, &mut decoded).unwrap();
        let said = what_is_said(&decoder, &decoded);
        assert!(
            said.starts_with("1 character not valid UTF-8, the encoding chosen, and 1 NUL character (a zero byte) are read as \u{FFFD} (on lines 102, 203)"),
            "{said}"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_zero_bytes_in_pieces_of_any_size() {
        let text = "客户编号,下单时间,实付金额\n".to_string()
            + &"K1,2024-03-05,10\n一,2024-03-06,20\n".repeat(100);
        for (encoding, bytes) in [
            (
                "UTF-16LE",
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ),
            (
                "UTF-16BE",
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ),
        ] {
            for piece in [1, 7, 1000, 1024, 1025, bytes.len()] {
                assert_eq!(
                    decoded_in_pieces(&bytes, None, piece),
                    (text.clone(), encoding),
                    "{encoding} in pieces of {piece}"
                );
            }
            // A file shorter than the bytes looked at, all ASCII.
            let short: Vec<u8> = bytes[30..64].to_vec();
            assert_eq!(decoded(&short).1, encoding);
        }
    }
}
