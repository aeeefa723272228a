//! Splitting text that arrives in pieces into records, with the line each record starts on.

use super::blocks::{candidates, BITS_PER_BYTE, BLOCK};
use super::Delimiter;
use crate::error::{Error, ErrorKind};
use crate::quality::Lines;

/// The most a row may hold, 16 MiB: far beyond any real row, and soon enough to stop a quote
/// never closed from reading the rest of a large file into one value.
pub(crate) const MAX_ROW_BYTES: usize = 16 << 20;

/// A row that runs on past [`MAX_ROW_BYTES`], starting on `line`.
#[derive(Debug)]
pub(crate) struct RowTooLong {
    pub line: u64,
}

impl From<RowTooLong> for Error {
    fn from(row: RowTooLong) -> Error {
        ErrorKind::RowTooLong { line: row.line }.into()
    }
}

/// One record's fields, borrowed from the splitter's buffers or straight from the text fed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    text: &'a str,
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 when the fields were copied
    /// out without their delimiters, 1 when `text` is the line as written.
    gap: usize,
    /// Line breaks inside its quoted fields.
    line_breaks: u64,
}

impl<'a> Record<'a> {
    /// The lines of the file the record takes, from `first`, where it starts: more than one
    /// when a quoted field holds line breaks.
    pub fn lines(&self, first: u64) -> Lines {
        Lines {
            first,
            last: first + self.line_breaks,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The field at `index`, trimmed of surrounding whitespace and read as Excel shows it
    /// (see [`shown_text`]); `None` past the last field.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)?;
        // Fields end on character boundaries (delimiters and quotes are ASCII), so `get`
        // always succeeds; it only spares us a panic path.
        let field = trim(self.text.get(self.start(index)..end).unwrap_or_default());
        // A line as written (gap 1) has no quotes, so no formula text.
        Some(if self.gap == 1 {
            field
        } else {
            shown_text(field)
        })
    }

    /// Where the field at `index`, which exists, starts.
    fn start(&self, index: usize) -> usize {
        match index {
            0 => 0,
            _ => self.ends[index - 1] + self.gap,
        }
    }

    /// The fields in order, trimmed.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|index| self.get(index))
    }

    /// Whether the field at `index` is filled and every other field blank: a report's heading
    /// row, as a report grouped by customer writes one.
    pub fn only_filled(&self, index: usize) -> bool {
        let filled = |at: usize| self.get(at).is_some_and(|field| !field.is_empty());
        filled(index) && (0..self.len()).all(|at| at == index || !filled(at))
    }

    /// The record as written, when that is its fields joined by single delimiters: a line
    /// without quotes whose fields need no trimming.
    pub fn written_as_joined(&self) -> Option<&'a str> {
        let needs_no_trim = |index: usize| {
            let field = self
                .text
                .as_bytes()
                .get(self.start(index)..self.ends[index]);
            field.is_some_and(needs_no_trim)
        };
        (self.gap == 1 && (0..self.len()).all(needs_no_trim)).then_some(self.text)
    }

    /// An owned copy, to keep past the next record.
    pub fn to_owned(self) -> OwnedRecord {
        OwnedRecord {
            text: self.text.to_string(),
            ends: self.ends.to_vec(),
            gap: self.gap,
            line_breaks: self.line_breaks,
        }
    }
}

pub(super) fn line_breaks(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Whether `field` is plainly not to be trimmed: empty, or between visible ASCII characters
/// and not after a [`TEXT_MARK`].
fn needs_no_trim(field: &[u8]) -> bool {
    match (field.first(), field.last()) {
        (Some(&first), Some(&last)) => {
            first.is_ascii_graphic() && first != TEXT_MARK && last.is_ascii_graphic()
        }
        _ => true,
    }
}

/// The backquote that WeChat Pay's merchant bills (微信支付对账单) write before every value, so
/// that Excel keeps ids and amounts as text.
const TEXT_MARK: u8 = b'`';

/// `str::trim`, without its Unicode look at every field whose ends are plainly not whitespace,
/// and trimming byte-order marks too: files joined from several UTF-8 exports carry one at the
/// start of each part, before its header row (and a customer id written after one is the same
/// id). A [`TEXT_MARK`] before the value goes as well.
fn trim(field: &str) -> &str {
    if needs_no_trim(field.as_bytes()) {
        field
    } else {
        let trimmed = field.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        match trimmed.strip_prefix(char::from(TEXT_MARK)) {
            Some(value) => value.trim_start(),
            None => trimmed,
        }
    }
}

/// The text of Excel's text formula `="00123"`, trimmed, or `field` itself. Exports meant to be
/// opened in Excel write ids and numbers so, to keep Excel from dropping leading zeros or
/// rounding long digits; Excel shows the text, and so does this.
///
/// Out of line, so that [`Record::get`], which every row calls for every field it reads, stays
/// small enough to be inlined.
#[inline(never)]
fn shown_text(field: &str) -> &str {
    match field
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(shown) if !shown.contains('"') => trim(shown),
        _ => field,
    }
}

/// A record kept while the reader is still deciding how to read the file.
#[derive(Clone, Debug, Default)]
pub(crate) struct OwnedRecord {
    text: String,
    ends: Vec<usize>,
    gap: usize,
    line_breaks: u64,
}

impl OwnedRecord {
    pub fn as_record(&self) -> Record<'_> {
        Record {
            text: &self.text,
            ends: &self.ends,
            gap: self.gap,
            line_breaks: self.line_breaks,
        }
    }

    /// A record of the given fields.
    #[cfg(test)]
    pub fn from_fields(fields: &[&str]) -> OwnedRecord {
        let mut record = OwnedRecord::default();
        for field in fields {
            record.text.push_str(field);
            record.ends.push(record.text.len());
        }
        record
    }
}

/// Finds where the fields of a plain line end (before each delimiter), and returns where the
/// line ends and the next starts; `None` if a quote or a stray carriage return comes first or
/// the bytes end before the line. Lines are short, so a search per field costs more than it
/// saves; this looks at a block of bytes at a time (see [`candidates`]).
fn split_plain_line(
    bytes: &[u8],
    delimiter: u8,
    field_ends: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let mut at = 0;
    loop {
        let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
        let block = match rest.first_chunk() {
            Some(&chunk) => chunk,
            None => {
                let mut padded = [0; BLOCK];
                padded[..rest.len()].copy_from_slice(rest);
                padded
            }
        };
        let width = rest.len().min(BLOCK);
        let mut candidates = candidates(block, delimiter);
        candidates &= u64::MAX >> (64 - BITS_PER_BYTE * width as u32);
        while candidates != 0 {
            let found = at + (candidates.trailing_zeros() / BITS_PER_BYTE) as usize;
            candidates &= candidates - 1;
            match bytes[found] {
                b'\n' => return Some((found, found + 1)),
                b'\r' if bytes.get(found + 1) == Some(&b'\n') => return Some((found, found + 2)),
                b'"' | b'\r' => return None,
                byte if byte == delimiter => field_ends.push(found),
                _ => {}
            }
        }
        at += width;
    }
}

/// Splits text fed in pieces of any size into records. Quoted fields may contain delimiters
/// and line breaks (the CSV rules of RFC 4180, by `csv-core`); in whitespace mode, each
/// non-blank line is a record of whitespace-separated fields. Blank lines are not records.
///
/// Most lines of a real export have no quotes: such a line, complete in the text fed, is split
/// where it lies, without copying; csv-core reads everything else.
pub(crate) struct RecordSplitter {
    delimiter: Delimiter,
    kind: Kind,
    /// Whether csv-core holds part of a record, so that it must read on to the record's end.
    csv_pending: bool,
    /// Where the fields of a plain line end.
    line_ends: Vec<usize>,
    /// Field bytes of the record being read, and where each field ends.
    output: Vec<u8>,
    ends: Vec<usize>,
    output_len: usize,
    ends_len: usize,
    /// 1-based line of the next byte fed, and whether the last byte fed ended a line.
    line: u64,
    after_newline: bool,
    /// Whitespace mode: the unfinished last line of the text fed so far.
    partial_line: String,
}

enum Kind {
    Csv {
        reader: Box<csv_core::Reader>,
        delimiter: u8,
    },
    Whitespace,
}

impl RecordSplitter {
    pub fn new(delimiter: Delimiter) -> RecordSplitter {
        let kind = match delimiter.byte() {
            Some(delimiter) => Kind::Csv {
                reader: Box::new(csv_core::ReaderBuilder::new().delimiter(delimiter).build()),
                delimiter,
            },
            None => Kind::Whitespace,
        };
        RecordSplitter {
            delimiter,
            kind,
            csv_pending: false,
            line_ends: Vec::new(),
            output: vec![0; 1024],
            ends: vec![0; 32],
            output_len: 0,
            ends_len: 0,
            line: 1,
            after_newline: false,
            partial_line: String::new(),
        }
    }

    /// The line of the next byte fed.
    pub fn next_line(&self) -> u64 {
        self.line
    }

    /// Whether the text fed so far ends between two records: the next byte starts one.
    pub fn between_records(&self) -> bool {
        !self.csv_pending && self.partial_line.is_empty()
    }

    /// A splitter for text that starts a record on `line`, as this one would split it: in
    /// csv-core's every state between records, the next byte reads as at a file's start.
    /// `None` for whitespace-aligned columns, whose lines this one keeps until they end.
    pub fn starting_at(&self, line: u64) -> Option<RecordSplitter> {
        if let Kind::Whitespace = self.kind {
            return None;
        }
        let mut splitter = RecordSplitter::new(self.delimiter);
        splitter.line = line;
        Some(splitter)
    }

    /// Splits `text`, handing each complete record and its first line to `each`, and keeps
    /// an unfinished record for the next call. Stops at the first error `each` returns.
    pub fn feed<E: From<RowTooLong>>(
        &mut self,
        text: &str,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // csv-core takes empty input as the end of the data.
        if text.is_empty() {
            return Ok(());
        }
        match self.kind {
            Kind::Csv { delimiter, .. } => self.feed_csv(text, delimiter, each),
            Kind::Whitespace => {
                self.partial_line.push_str(text);
                let Some(last_newline) = self.partial_line.rfind('\n') else {
                    if self.partial_line.len() > MAX_ROW_BYTES {
                        return Err(RowTooLong { line: self.line }.into());
                    }
                    return Ok(());
                };
                let rest = self.partial_line.split_off(last_newline + 1);
                let complete = std::mem::replace(&mut self.partial_line, rest);
                complete
                    .split_inclusive('\n')
                    .try_for_each(|line| self.whitespace_line(line, each))
            }
        }
    }

    /// Hands over the last record, if the text did not end with a line break.
    pub fn finish<E: From<RowTooLong>>(
        &mut self,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.kind {
            Kind::Csv { .. } => self.feed_csv_core(&[], each).map(|_| ()),
            Kind::Whitespace => {
                let last = std::mem::take(&mut self.partial_line);
                self.whitespace_line(&last, each)
            }
        }
    }

    fn whitespace_line<E>(
        &mut self,
        line: &str,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let number = self.line;
        self.line += 1;
        if line.trim().is_empty() {
            return Ok(());
        }
        let mut text = String::with_capacity(line.len());
        let mut ends = Vec::new();
        for field in line.split_whitespace() {
            text.push_str(field);
            ends.push(text.len());
        }
        each(
            number,
            Record {
                text: &text,
                ends: &ends,
                gap: 0,
                line_breaks: 0,
            },
        )
    }

    fn feed_csv<E: From<RowTooLong>>(
        &mut self,
        mut text: &str,
        delimiter: u8,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        while !text.is_empty() {
            if !self.csv_pending {
                if let Some(rest) = self.plain_line(text, delimiter, each)? {
                    text = rest;
                    continue;
                }
            }
            let read = self.feed_csv_core(text.as_bytes(), each)?;
            // csv-core stops after each record, at a byte after an ASCII terminator: a
            // character boundary.
            text = text.get(read..).unwrap_or_default();
        }
        Ok(())
    }

    /// Hands over the first line of `text` if it is complete and has no quotes nor stray
    /// carriage returns, and returns the text after it; `None` leaves the line to csv-core.
    fn plain_line<'t, E>(
        &mut self,
        text: &'t str,
        delimiter: u8,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<Option<&'t str>, E> {
        let bytes = text.as_bytes();
        self.line_ends.clear();
        let Some((line_end, next)) = split_plain_line(bytes, delimiter, &mut self.line_ends) else {
            return Ok(None);
        };
        let number = self.line;
        self.line += 1;
        self.after_newline = true;
        if line_end > 0 {
            self.line_ends.push(line_end);
            let record = Record {
                // Cut before an ASCII byte: a character boundary.
                text: text.get(..line_end).unwrap_or_default(),
                ends: &self.line_ends,
                gap: 1,
                line_breaks: 0,
            };
            each(number, record)?;
        }
        Ok(text.get(next..))
    }

    /// Lets csv-core read from `input` up to the end of one record (or of the input), hands
    /// over that record, and returns the number of bytes read.
    fn feed_csv_core<E: From<RowTooLong>>(
        &mut self,
        input: &[u8],
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let Kind::Csv { reader, .. } = &mut self.kind else {
            return Ok(input.len());
        };
        let mut total = 0;
        loop {
            let (result, read, written, ended) = reader.read_record(
                &input[total..],
                &mut self.output[self.output_len..],
                &mut self.ends[self.ends_len..],
            );
            let consumed = &input[total..total + read];
            self.line += line_breaks(consumed);
            if let Some(&last) = consumed.last() {
                self.after_newline = last == b'\n';
            }
            total += read;
            // csv-core reports field ends from the start of the record, across calls.
            self.output_len += written;
            self.ends_len += ended;
            self.csv_pending = true;
            match result {
                csv_core::ReadRecordResult::InputEmpty => return Ok(total),
                csv_core::ReadRecordResult::OutputFull => {
                    check_row_length(&self.output[..self.output_len], self.ends_len, self.line)?;
                    self.output.resize(self.output.len() * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    check_row_length(&self.output[..self.output_len], self.ends_len, self.line)?;
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    self.csv_pending = false;
                    let (output_len, ends_len) = (self.output_len, self.ends_len);
                    self.output_len = 0;
                    self.ends_len = 0;
                    // The input was valid UTF-8 and csv-core only removes ASCII bytes, so this
                    // cannot fail; a record that somehow did would read as empty fields.
                    let text = std::str::from_utf8(&self.output[..output_len]).unwrap_or_default();
                    // Its own line breaks, inside quotes. At the end of the text, a quote never
                    // closed holds the file's last line break, which ends the record's last
                    // line rather than starting another.
                    let unclosed_at_end = input.is_empty() && self.after_newline;
                    let inner = line_breaks(text.as_bytes()).saturating_sub(unclosed_at_end.into());
                    let record = Record {
                        text,
                        ends: &self.ends[..ends_len],
                        gap: 0,
                        line_breaks: inner,
                    };
                    // Counting back from where the record ended: its own line breaks and its
                    // terminator, which blank lines before it do not affect.
                    let line = self.line - inner - u64::from(self.after_newline);
                    // Its room is checked only when full, and doubles: a record may end past
                    // the limit before it is full again.
                    if too_long(text.as_bytes(), ends_len) {
                        return Err(RowTooLong { line }.into());
                    }
                    // csv-core reports a blank line as a record of one empty field.
                    if !(record.len() == 1 && text.is_empty()) {
                        each(line, record)?;
                    }
                    return Ok(total);
                }
                csv_core::ReadRecordResult::End => {
                    self.csv_pending = false;
                    return Ok(total);
                }
            }
        }
    }
}

/// Fails once the record being read, its fields' bytes `output` and `ends` field ends, holds
/// more than [`MAX_ROW_BYTES`], rather than grow until memory runs out; `line` is the line
/// being read.
fn check_row_length(output: &[u8], ends: usize, line: u64) -> Result<(), RowTooLong> {
    if !too_long(output, ends) {
        return Ok(());
    }
    // Mid-record, every line break read since it started is inside its quotes.
    let line = line - line_breaks(output);
    Err(RowTooLong { line })
}

/// Whether a record of fields' bytes `output` and `ends` field ends holds more than
/// [`MAX_ROW_BYTES`].
fn too_long(output: &[u8], ends: usize) -> bool {
    output.len() + ends * std::mem::size_of::<usize>() > MAX_ROW_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split_plain_line` a byte at a time, as it was written before it read words.
    fn split_plain_line_bytewise(
        bytes: &[u8],
        delimiter: u8,
    ) -> Option<(Vec<usize>, usize, usize)> {
        let mut field_ends = Vec::new();
        for (at, &byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' => return Some((field_ends, at, at + 1)),
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                    return Some((field_ends, at, at + 2))
                }
                b'"' | b'\r' => return None,
                _ if byte == delimiter => field_ends.push(at),
                _ => {}
            }
        }
        None
    }

    // Also in WebAssembly (wasm-pack test, in the browser as the CI runs it), where the blocks
    // are SIMD's sixteen bytes.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plain_lines_split_by_blocks_as_byte_by_byte() {
        // Special bytes, bytes the word arithmetic may mistake for them (0x01 after a borrow,
        // control bytes below a line break, bytes with the high bit), in every arrangement of
        // five, at every offset in a block, with each delimiter.
        let alphabet = [
            b'\n', b'\r', b'"', b',', b'\t', b';', 0x01, 0x0c, 0x8d, b'x',
        ];
        for delimiter in [b',', b'\t', b';', b'|'] {
            let lines = (0..=5u32).flat_map(|length| {
                (0..alphabet.len().pow(length)).map(move |code| {
                    (0..length)
                        .map(|digit| alphabet[code / alphabet.len().pow(digit) % alphabet.len()])
                        .collect::<Vec<u8>>()
                })
            });
            for line in lines {
                for offset in 0..=BLOCK {
                    let bytes = [&b"abcdefghijklmnop"[..offset], &line].concat();
                    let mut field_ends = Vec::new();
                    let split = split_plain_line(&bytes, delimiter, &mut field_ends);
                    let expected = split_plain_line_bytewise(&bytes, delimiter);
                    assert_eq!(
                        split.map(|(end, next)| (field_ends, end, next)),
                        expected,
                        "{bytes:?} split at {delimiter}"
                    );
                }
            }
        }
    }

    /// Every record of `text` fed in pieces of `piece` bytes (at character boundaries).
    fn split(text: &str, delimiter: Delimiter, piece: usize) -> Vec<(u64, Vec<String>)> {
        let mut splitter = RecordSplitter::new(delimiter);
        let mut records = Vec::new();
        let mut collect = |line: u64, record: Record<'_>| -> Result<(), RowTooLong> {
            records.push((line, record.fields().map(str::to_string).collect()));
            Ok(())
        };
        let mut start = 0;
        while start < text.len() {
            let mut end = (start + piece).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            splitter.feed(&text[start..end], &mut collect).unwrap();
            start = end;
        }
        splitter.finish(&mut collect).unwrap();
        records
    }

    fn owned(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_record_takes_the_lines_its_quoted_line_breaks_join() {
        // Pairs of first and last line, of text fed in pieces of any size. A quote closed on
        // a later line; a quote never closed, up to the end of a text with or without a last
        // line break (lines 2–4 in both: there is no line 5); an escaped quote that closes
        // nothing; plain lines and a whitespace-aligned file take one line each.
        let check = |text: &str, delimiter: Delimiter, expected: &[(u64, u64)]| {
            for piece in [1, 2, 3, 1000] {
                let mut splitter = RecordSplitter::new(delimiter);
                let mut found = Vec::new();
                let mut collect = |line: u64, record: Record<'_>| -> Result<(), RowTooLong> {
                    let lines = record.lines(line);
                    found.push((lines.first, lines.last));
                    Ok(())
                };
                for chunk in text.as_bytes().chunks(piece) {
                    let chunk = std::str::from_utf8(chunk).unwrap();
                    splitter.feed(chunk, &mut collect).unwrap();
                }
                splitter.finish(&mut collect).unwrap();
                assert_eq!(found, expected, "{text:?} in pieces of {piece}");
            }
        };
        check(
            "h\nx,\"a\nb\"\ny\n",
            Delimiter::Comma,
            &[(1, 1), (2, 3), (4, 4)],
        );
        check("h\n\"a\nb\nc\n", Delimiter::Comma, &[(1, 1), (2, 4)]);
        check("h\n\"a\nb\nc", Delimiter::Comma, &[(1, 1), (2, 4)]);
        check("h\nx,\"a\"\"\r\nb\r\n", Delimiter::Comma, &[(1, 1), (2, 3)]);
        check("h\nx,\"a\nb\"", Delimiter::Comma, &[(1, 1), (2, 3)]);
        check("a b\n\nc d\n", Delimiter::Whitespace, &[(1, 1), (3, 3)]);
    }

    #[test]
    fn a_row_that_runs_on_past_the_limit_fails_with_its_first_line() {
        // A quote opened on line 2 and never closed, then lines of a table, fed in 1 MiB
        // pieces as the CLI and the page feed them; a whitespace-aligned file of one endless
        // line; a long quoted value that ends in time is read.
        let table_lines = "a,2024-01-01,1\n".repeat(MAX_ROW_BYTES / 15 + 1);
        let feed = |text: &str, delimiter: Delimiter| -> Result<(), u64> {
            let mut splitter = RecordSplitter::new(delimiter);
            let mut each = |_: u64, _: Record<'_>| -> Result<(), RowTooLong> { Ok(()) };
            for piece in text.as_bytes().chunks(1 << 20) {
                let piece = std::str::from_utf8(piece).unwrap();
                splitter.feed(piece, &mut each).map_err(|row| row.line)?;
            }
            splitter.finish(&mut each).map_err(|row| row.line)
        };
        let unclosed = format!("id,note\n1,\"32 inch{table_lines}");
        assert_eq!(feed(&unclosed, Delimiter::Comma), Err(2));
        // Opening the first value, with no field ended to count, the row fills its room at
        // exactly the limit and ends a little past it.
        let unclosed_first = format!("id,note\n\"1,32 inch\n{table_lines}");
        assert_eq!(feed(&unclosed_first, Delimiter::Comma), Err(2));
        let endless = format!("a b\n{}", "c ".repeat(MAX_ROW_BYTES / 2 + 1));
        assert_eq!(feed(&endless, Delimiter::Whitespace), Err(2));
        let long = format!(
            "id,note\n1,\"{}\"\n2,x\n",
            &table_lines[..MAX_ROW_BYTES / 2]
        );
        assert_eq!(feed(&long, Delimiter::Comma), Ok(()));
    }

    /// Records as the `csv` crate reads them, each with the line of its first byte: the
    /// reference. Its positions include the terminators and blank lines read before a record,
    /// which are skipped here. A record of one empty field is a blank line, not a record here.
    fn reference(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|record| record.unwrap())
            .filter(|record| !(record.len() == 1 && record[0].is_empty()))
            .map(|record| {
                let mut start = record.position().unwrap().byte() as usize;
                while matches!(text.as_bytes()[start], b'\r' | b'\n') {
                    start += 1;
                }
                let line = 1 + line_breaks(&text.as_bytes()[..start]);
                (line, record.iter().map(|f| f.trim().to_string()).collect())
            })
            .collect()
    }

    #[test]
    fn plain_lines_and_quoted_records_mixed_read_as_the_csv_crate_reads_them() {
        use rand::{Rng, SeedableRng};
        let fields = [
            "a",
            " b ",
            "",
            "\"q,\"\"x\"\"\"",
            "\"two\nlines\"",
            "客户",
            "\"\"",
        ];
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..rng.gen_range(1..8) {
                if rng.gen_bool(0.15) {
                    text.push('\n');
                }
                let record: Vec<&str> = (0..rng.gen_range(1..4))
                    .map(|_| fields[rng.gen_range(0..fields.len())])
                    .collect();
                text.push_str(&record.join(","));
                text.push_str(["\n", "\r\n"][rng.gen_range(0..2)]);
            }
            if rng.gen_bool(0.5) {
                text.pop();
            }
            let expected = reference(&text);
            for piece in [1, 2, 5, 13, 1000] {
                assert_eq!(
                    split(&text, Delimiter::Comma, piece),
                    expected,
                    "{text:?} in pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn excel_text_formulas_read_as_the_text_excel_shows() {
        // Unquoted, and quoted with the formula's quotes doubled, as a CSV writer writes it.
        let text = "=\"00123\",\"=\"\"8.00\"\"\",=\" 7 \",=\"\"\n\
                    =00123,=\"a\"\"b\",\"=\"\"x\",=\"\"\"\n";
        let expected = vec![
            (1, owned(&["00123", "8.00", "7", ""])),
            // Not a text formula: a formula of another kind, one with quotes inside, and
            // texts that only start or only end like one.
            (2, owned(&["=00123", "=\"a\"\"b\"", "=\"x", "=\"\"\""])),
        ];
        assert_eq!(split(text, Delimiter::Comma, 1000), expected);
    }

    #[test]
    fn a_heading_row_has_one_field_filled() {
        let only = |fields: &[&str], index| {
            OwnedRecord::from_fields(fields)
                .as_record()
                .only_filled(index)
        };
        assert!(only(&["Ann", "", " "], 0));
        assert!(only(&["Ann"], 0));
        assert!(!only(&["Ann", "", "5"], 0));
        assert!(!only(&["", "Ann"], 0));
        // A blank row heads nothing, nor does a field past the row's end.
        assert!(!only(&["", ""], 0));
        assert!(!only(&["", ""], 3));
    }

    #[test]
    fn crlf_and_semicolons() {
        let found = split("a;b\r\nc;d\r\n", Delimiter::Semicolon, 3);
        assert_eq!(found, [(1, owned(&["a", "b"])), (2, owned(&["c", "d"]))]);
    }

    #[test]
    fn whitespace_aligned_lines() {
        let text = " 00004 0001 19970101  2   29.33\n\n 00021\t0002 19970101 3 63.34";
        let expected = vec![
            (1, owned(&["00004", "0001", "19970101", "2", "29.33"])),
            (3, owned(&["00021", "0002", "19970101", "3", "63.34"])),
        ];
        for piece in [1, 5, 100] {
            assert_eq!(
                split(text, Delimiter::Whitespace, piece),
                expected,
                "piece {piece}"
            );
        }
    }

    #[test]
    fn long_fields_and_many_fields_grow_the_buffers() {
        let long = "x".repeat(5_000);
        let many = vec!["f"; 100].join(",");
        let found = split(&format!("{long},y\n{many}\n"), Delimiter::Comma, 333);
        assert_eq!(found[0].1, [long.clone(), "y".to_string()]);
        assert_eq!(found[1].1.len(), 100);
    }

    #[test]
    fn errors_stop_the_split() {
        let mut splitter = RecordSplitter::new(Delimiter::Comma);
        let mut seen = 0;
        let mut stop_at_second = |line: u64, _: Record<'_>| {
            seen += 1;
            if line == 2 {
                Err(RowTooLong { line })
            } else {
                Ok(())
            }
        };
        let fed = splitter.feed("a\nb\nc\n", &mut stop_at_second);
        assert_eq!(fed.map_err(|stopped| stopped.line), Err(2));
        assert_eq!(seen, 2);
    }
}
