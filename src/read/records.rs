//! Splitting text that arrives in pieces into records, with the line each record starts on.

use super::Delimiter;

/// One record's fields, borrowed from the splitter's buffers or straight from the text fed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    text: &'a str,
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 when the fields were copied
    /// out without their delimiters, 1 when `text` is the line as written.
    gap: usize,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The field at `index`, trimmed of surrounding whitespace; `None` past the last field.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)?;
        // Fields end on character boundaries (delimiters and quotes are ASCII), so `get`
        // always succeeds; it only spares us a panic path.
        Some(trim(
            self.text.get(self.start(index)..end).unwrap_or_default(),
        ))
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

    /// The record as written, when that is its fields joined by single delimiters: a line
    /// without quotes whose fields need no trimming.
    pub fn written_as_joined(&self) -> Option<&'a str> {
        let needs_no_trim = |index: usize| {
            let field = self
                .text
                .as_bytes()
                .get(self.start(index)..self.ends[index]);
            field.is_some_and(|field| is_plain(field.first()) && is_plain(field.last()))
        };
        (self.gap == 1 && (0..self.len()).all(needs_no_trim)).then_some(self.text)
    }

    /// An owned copy, to keep past the next record.
    pub fn to_owned(self) -> OwnedRecord {
        OwnedRecord {
            text: self.text.to_string(),
            ends: self.ends.to_vec(),
            gap: self.gap,
        }
    }
}

fn line_breaks(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Whether a field that starts or ends with `byte` is plainly not to be trimmed there.
fn is_plain(byte: Option<&u8>) -> bool {
    byte.is_none_or(|&b| b.is_ascii_graphic())
}

/// `str::trim`, without its Unicode look at every field whose ends are plainly not whitespace.
fn trim(field: &str) -> &str {
    let bytes = field.as_bytes();
    if is_plain(bytes.first()) && is_plain(bytes.last()) {
        field
    } else {
        field.trim()
    }
}

/// A record kept while the reader is still deciding how to read the file.
#[derive(Clone, Debug, Default)]
pub(crate) struct OwnedRecord {
    text: String,
    ends: Vec<usize>,
    gap: usize,
}

impl OwnedRecord {
    pub fn as_record(&self) -> Record<'_> {
        Record {
            text: &self.text,
            ends: &self.ends,
            gap: self.gap,
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

/// Splits text fed in pieces of any size into records. Quoted fields may contain delimiters
/// and line breaks (the CSV rules of RFC 4180, by `csv-core`); in whitespace mode, each
/// non-blank line is a record of whitespace-separated fields. Blank lines are not records.
///
/// Most lines of a real export have no quotes: such a line, complete in the text fed, is split
/// where it lies with `memchr`, without copying; csv-core reads everything else.
pub(crate) struct RecordSplitter {
    kind: Kind,
    /// Whether csv-core holds part of a record, so that it must read on to the record's end.
    csv_pending: bool,
    /// Where the fields of a plain line end.
    line_ends: Vec<usize>,
    /// The bytes a plain line is split at or given up on: the delimiter, quotes, line breaks.
    special: [bool; 256],
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
    Csv(Box<csv_core::Reader>),
    Whitespace,
}

impl RecordSplitter {
    pub fn new(delimiter: Delimiter) -> RecordSplitter {
        let mut special = [false; 256];
        for byte in [b'\n', b'\r', b'"'].into_iter().chain(delimiter.byte()) {
            special[usize::from(byte)] = true;
        }
        let kind = match delimiter.byte() {
            Some(byte) => Kind::Csv(Box::new(
                csv_core::ReaderBuilder::new().delimiter(byte).build(),
            )),
            None => Kind::Whitespace,
        };
        RecordSplitter {
            kind,
            csv_pending: false,
            line_ends: Vec::new(),
            special,
            output: vec![0; 1024],
            ends: vec![0; 32],
            output_len: 0,
            ends_len: 0,
            line: 1,
            after_newline: false,
            partial_line: String::new(),
        }
    }

    /// Splits `text`, handing each complete record and its first line to `each`, and keeps
    /// an unfinished record for the next call. Stops at the first error `each` returns.
    pub fn feed<E>(
        &mut self,
        text: &str,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // csv-core takes empty input as the end of the data.
        if text.is_empty() {
            return Ok(());
        }
        match self.kind {
            Kind::Csv(_) => self.feed_csv(text, each),
            Kind::Whitespace => {
                self.partial_line.push_str(text);
                let Some(last_newline) = self.partial_line.rfind('\n') else {
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
    pub fn finish<E>(
        &mut self,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.kind {
            Kind::Csv(_) => self.feed_csv_core(&[], each).map(|_| ()),
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
            },
        )
    }

    fn feed_csv<E>(
        &mut self,
        mut text: &str,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        while !text.is_empty() {
            if !self.csv_pending {
                if let Some(rest) = self.plain_line(text, each)? {
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
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<Option<&'t str>, E> {
        // One pass, skipping ordinary bytes by table: lines are short, and a search per field
        // costs more than it saves.
        let bytes = text.as_bytes();
        self.line_ends.clear();
        let mut at = 0;
        let (line_end, next) = loop {
            while bytes
                .get(at)
                .is_some_and(|&b| !self.special[usize::from(b)])
            {
                at += 1;
            }
            match bytes.get(at) {
                None => return Ok(None),
                Some(b'\n') => break (at, at + 1),
                Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => break (at, at + 2),
                Some(b'"' | b'\r') => return Ok(None),
                Some(_) => self.line_ends.push(at),
            }
            at += 1;
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
            };
            each(number, record)?;
        }
        Ok(text.get(next..))
    }

    /// Lets csv-core read from `input` up to the end of one record (or of the input), hands
    /// over that record, and returns the number of bytes read.
    fn feed_csv_core<E>(
        &mut self,
        input: &[u8],
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let Kind::Csv(reader) = &mut self.kind else {
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
                    self.output.resize(self.output.len() * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
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
                    let record = Record {
                        text,
                        ends: &self.ends[..ends_len],
                        gap: 0,
                    };
                    // Counting back from where the record ended: its own line breaks (inside
                    // quotes) and its terminator, which blank lines before it do not affect.
                    let inner = line_breaks(text.as_bytes());
                    let line = self.line - inner - u64::from(self.after_newline);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` fed in pieces of `piece` bytes (at character boundaries).
    fn split(text: &str, delimiter: Delimiter, piece: usize) -> Vec<(u64, Vec<String>)> {
        let mut splitter = RecordSplitter::new(delimiter);
        let mut records = Vec::new();
        let mut collect = |line: u64, record: Record<'_>| -> Result<(), ()> {
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
    fn csv_records_with_quotes_and_line_breaks_in_any_piece_size() {
        let text = "id,note\n1,\"a, b\"\n\n2,\"two\nlines\"\n3,\"say \"\"hi\"\"\"\n4,客户";
        let expected = vec![
            (1, owned(&["id", "note"])),
            (2, owned(&["1", "a, b"])),
            (4, owned(&["2", "two\nlines"])),
            (6, owned(&["3", "say \"hi\""])),
            (7, owned(&["4", "客户"])),
        ];
        for piece in [1, 2, 3, 7, 64, 1000] {
            assert_eq!(
                split(text, Delimiter::Comma, piece),
                expected,
                "piece {piece}"
            );
        }
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
                Err(line)
            } else {
                Ok(())
            }
        };
        assert_eq!(splitter.feed("a\nb\nc\n", &mut stop_at_second), Err(2));
        assert_eq!(seen, 2);
    }
}
