//! Splitting text that arrives in pieces into records, with the line each record starts on.

use super::blocks::{specials, Specials, BITS_PER_BYTE, BLOCK};
use super::Delimiter;
use crate::error::{Error, ErrorKind};
use crate::quality::{Lines, RowIssue};

/// The most a row may hold, 16 MiB: far beyond any real row, and soon enough to stop a quote
/// never closed from reading the rest of a large file into one value.
pub(crate) const MAX_ROW_BYTES: usize = 16 << 20;

/// A row that runs on past [`MAX_ROW_BYTES`], starting on `line`.
#[derive(Debug)]
pub(crate) struct RowTooLong {
    pub line: u64,
    /// Whether it holds a quote, which may have opened a value never closed; without one,
    /// the line itself is that long.
    pub quoted: bool,
}

impl From<RowTooLong> for Error {
    fn from(row: RowTooLong) -> Error {
        ErrorKind::RowTooLong {
            line: row.line,
            quoted: row.quoted,
        }
        .into()
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
    /// The field opened by a stray quote (see [`stray_quote`]), read as written.
    stray_field: Option<usize>,
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

    /// How the record was read otherwise than written, to note once it is used: a field
    /// opened by a stray quote, or quoted values that join several lines.
    ///
    /// Inlined down to the look that almost every record, read as written, stops at: every
    /// used row asks, and the call cost more than the look.
    #[inline]
    pub fn read_otherwise(&self) -> Option<RowIssue> {
        if self.stray_field.is_none() && self.line_breaks == 0 {
            return None;
        }
        self.how_read_otherwise()
    }

    /// [`read_otherwise`](Record::read_otherwise) of a record that may have been read
    /// otherwise.
    #[inline(never)]
    fn how_read_otherwise(&self) -> Option<RowIssue> {
        match self.stray_field {
            Some(index) => Some(RowIssue::StrayQuote {
                value: self.get(index).unwrap_or_default().to_string(),
            }),
            None => (self.line_breaks > 0).then_some(RowIssue::SpansLines),
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The field at `index`, trimmed of surrounding whitespace and read as Excel shows it
    /// (see [`shown_text`]); `None` past the last field.
    ///
    /// Inlined: every row reads most of its fields, and in WebAssembly a call returns the
    /// `Option<&str>` through memory, on the stack the module keeps there.
    #[inline]
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
        if self.gap != 1 {
            return None;
        }
        // Each field from the byte after the last one's delimiter: every row asks this, so the
        // fields are walked once rather than each looked up by its index.
        let bytes = self.text.as_bytes();
        let mut start = 0;
        for &end in self.ends {
            if !bytes.get(start..end).is_some_and(needs_no_trim) {
                return None;
            }
            start = end + 1;
        }
        Some(self.text)
    }

    /// An owned copy, to keep past the next record.
    pub fn to_owned(self) -> OwnedRecord {
        OwnedRecord {
            text: self.text.to_string(),
            ends: self.ends.to_vec(),
            gap: self.gap,
            line_breaks: self.line_breaks,
            stray_field: self.stray_field,
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
///
/// Inlined, as every row asks it of every field it reads and almost no field needs trimming:
/// the call cost more than the look at the field's two ends.
#[inline]
fn trim(field: &str) -> &str {
    if needs_no_trim(field.as_bytes()) {
        field
    } else {
        trim_ends(field)
    }
}

/// [`trim`] of a field that may need it, out of line to keep `trim` small.
#[inline(never)]
fn trim_ends(field: &str) -> &str {
    let trimmed = field.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    match trimmed.strip_prefix(char::from(TEXT_MARK)) {
        Some(value) => value.trim_start(),
        None => trimmed,
    }
}

/// The text of Excel's text formula `="00123"`, trimmed, or `field` itself. Exports meant to be
/// opened in Excel write ids and numbers so, to keep Excel from dropping leading zeros or
/// rounding long digits; Excel shows the text, and so does this.
///
/// Out of line: [`Record::get`] asks it of every field every row reads, and almost none is a
/// formula.
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
    stray_field: Option<usize>,
}

impl OwnedRecord {
    pub fn as_record(&self) -> Record<'_> {
        Record {
            text: &self.text,
            ends: &self.ends,
            gap: self.gap,
            line_breaks: self.line_breaks,
            stray_field: self.stray_field,
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
/// saves; this looks at a block of bytes at a time (see [`specials`]).
fn split_plain_line(
    bytes: &[u8],
    delimiter: u8,
    field_ends: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let mut at = 0;
    loop {
        let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
        let Specials { stops, delimiters } = block_specials(rest, delimiter);
        // The delimiters before the first stop are the line's; any after it, the next line's.
        let before_stop = stops.wrapping_sub(1) & !stops;
        push_marked(delimiters & before_stop, at, field_ends);
        if stops != 0 {
            let found = at + (stops.trailing_zeros() / BITS_PER_BYTE) as usize;
            return match bytes[found] {
                b'\n' => Some((found, found + 1)),
                b'\r' if bytes.get(found + 1) == Some(&b'\n') => Some((found, found + 2)),
                _ => None,
            };
        }
        at += BLOCK;
    }
}

/// The [`specials`] of the block that starts `rest`.
#[inline]
fn block_specials(rest: &[u8], delimiter: u8) -> Specials {
    match rest.first_chunk() {
        Some(block) => specials(block, delimiter),
        None => last_block_specials(rest, delimiter),
    }
}

/// The [`specials`] of `rest`, shorter than a block, padded with zeros, which are none of the
/// special bytes: only the last block of a piece of text is short, so this stays out of the
/// loop.
#[inline(never)]
fn last_block_specials(rest: &[u8], delimiter: u8) -> Specials {
    let mut padded = [0; BLOCK];
    padded[..rest.len()].copy_from_slice(rest);
    specials(&padded, delimiter)
}

/// Pushes to `ends` the position of each byte `marks` marks, in a block starting at `at`.
fn push_marked(mut marks: u64, at: usize, ends: &mut Vec<usize>) {
    while marks != 0 {
        ends.push(at + (marks.trailing_zeros() / BITS_PER_BYTE) as usize);
        marks &= marks - 1;
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
    /// The bytes as written of the record csv-core holds, from the texts fed before the last.
    raw: Vec<u8>,
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
            raw: Vec::new(),
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
                        // Columns aligned by whitespace have no quoting.
                        let line = self.line;
                        return Err(RowTooLong {
                            line,
                            quoted: false,
                        }
                        .into());
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

    /// How many bytes at the end of the text fed so far make a record that only more text
    /// could finish: one whose quoted value is still open, unless the value's lines are shaped
    /// as rows (a stray quote's, which more text would not close either), or a last line
    /// without its line break.
    pub fn unfinished_len(&self) -> usize {
        match self.kind {
            Kind::Csv { delimiter, .. } if self.csv_pending => {
                // The line feed a record ending in a carriage return leaves is no part of the
                // next (see `take_raw`).
                let start = self.raw.iter().take_while(|&&byte| byte == b'\n').count();
                let raw = &self.raw[start..];
                match stray_quote(raw, delimiter, false) {
                    Some(_) => 0,
                    None => raw.len(),
                }
            }
            Kind::Csv { .. } => 0,
            Kind::Whitespace => self.partial_line.len(),
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
                stray_field: None,
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
                stray_field: None,
            };
            each(number, record)?;
        }
        Ok(text.get(next..))
    }

    /// Lets csv-core read from `input` up to the end of one record (or of the input), hands
    /// over that record, and returns the number of bytes read. An empty `input` ends the text.
    fn feed_csv_core<E: From<RowTooLong>>(
        &mut self,
        input: &[u8],
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut total = 0;
        loop {
            let Kind::Csv { reader, .. } = &mut self.kind else {
                return Ok(input.len());
            };
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
                csv_core::ReadRecordResult::InputEmpty => {
                    // The record goes on in the next text: its bytes as written are kept, to
                    // be read again should a stray quote have opened a value in them.
                    self.raw.extend_from_slice(input);
                    return Ok(total);
                }
                csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull
                    if too_long(&self.output[..self.output_len], self.ends_len) =>
                {
                    return self.reread_too_long(input, total, each);
                }
                csv_core::ReadRecordResult::OutputFull => {
                    self.output.resize(self.output.len() * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    self.csv_pending = false;
                    let at_end = input.is_empty();
                    // Its own line breaks, inside quotes. Only a record whose quoted values hold
                    // more lines than a stray quote's rows are told by, or the text's last, is
                    // looked at again.
                    let inner = line_breaks(&self.output[..self.output_len]);
                    if at_end || inner > SHAPED_LINES as u64 {
                        let (raw, first) = self.take_raw(&input[..total]);
                        if let Some(stray) = self.stray_quote(&raw, at_end) {
                            self.reread(&raw, first, stray, at_end, each)?;
                            return Ok(total);
                        }
                        self.raw = raw;
                    }
                    self.raw.clear();
                    self.hand_over(inner, each)?;
                    return Ok(total);
                }
                csv_core::ReadRecordResult::End => {
                    self.csv_pending = false;
                    return Ok(total);
                }
            }
        }
    }

    /// Hands over the record csv-core has just read, whose quoted values hold `inner` line
    /// breaks. A value still open at the end of the text is a stray quote's, read otherwise.
    fn hand_over<E: From<RowTooLong>>(
        &mut self,
        inner: u64,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (output_len, ends_len) = (self.output_len, self.ends_len);
        self.output_len = 0;
        self.ends_len = 0;
        // The input was valid UTF-8 and csv-core only removes ASCII bytes, so this cannot
        // fail; a record that somehow did would read as empty fields.
        let text = std::str::from_utf8(&self.output[..output_len]).unwrap_or_default();
        let record = Record {
            text,
            ends: &self.ends[..ends_len],
            gap: 0,
            line_breaks: inner,
            stray_field: None,
        };
        // Counting back from where the record ended: its own line breaks and its terminator,
        // which blank lines before it do not affect.
        let line = self.line - inner - u64::from(self.after_newline);
        // Its room is checked only when full, and doubles: a record may end past the limit
        // before it is full again.
        if too_long(text.as_bytes(), ends_len) {
            // Lines joined inside quotes are a quote's doing.
            let quoted = inner > 0;
            return Err(RowTooLong { line, quoted }.into());
        }
        // csv-core reports a blank line as a record of one empty field.
        if !(record.len() == 1 && text.is_empty()) {
            each(line, record)?;
        }
        Ok(())
    }

    /// The record csv-core is reading, as written so far, read from the bytes kept from
    /// earlier texts and `read` from this one, and the line it starts on. The line break a
    /// record ending in a carriage return leaves is read with the next: it is no part of it.
    fn take_raw(&mut self, read: &[u8]) -> (Vec<u8>, u64) {
        let mut raw = std::mem::take(&mut self.raw);
        raw.extend_from_slice(read);
        let start = raw.iter().take_while(|&&byte| byte == b'\n').count();
        raw.drain(..start);
        let first = self.line - line_breaks(&raw);
        (raw, first)
    }

    /// Once the record read from `input` up to `read` has grown past [`MAX_ROW_BYTES`]: reads
    /// it again if a stray quote opened a value in it (and with it the rest of `input`, so
    /// that the text read again starts and ends at characters), else fails with
    /// [`RowTooLong`]. An empty `input` ends the text.
    fn reread_too_long<E: From<RowTooLong>>(
        &mut self,
        input: &[u8],
        read: usize,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let at_end = input.is_empty();
        let (mut raw, first) = self.take_raw(&input[..read]);
        let Some(stray) = self.stray_quote(&raw, at_end) else {
            let quoted = memchr::memchr(b'"', &raw).is_some();
            return Err(RowTooLong {
                line: first,
                quoted,
            }
            .into());
        };
        raw.extend_from_slice(&input[read..]);
        self.reread(&raw, first, stray, at_end, each)?;
        Ok(input.len())
    }

    /// The stray quote in `raw`, a record as written, if it has one (see [`stray_quote`]).
    fn stray_quote(&self, raw: &[u8], at_end: bool) -> Option<StrayQuote> {
        match self.kind {
            Kind::Csv { delimiter, .. } => stray_quote(raw, delimiter, at_end),
            Kind::Whitespace => None,
        }
    }

    /// Hands over the record of `raw`, which starts on line `first` and which csv-core has
    /// read up to the stray quote at least, with the value the quote opens read as written to
    /// the end of its line; then splits the lines after it afresh, as the rows they are, to
    /// the end of the text if `raw` ends it.
    fn reread<E: From<RowTooLong>>(
        &mut self,
        raw: &[u8],
        first: u64,
        stray: StrayQuote,
        at_end: bool,
        each: &mut impl FnMut(u64, Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Kind::Csv { reader, delimiter } = &mut self.kind else {
            return Ok(());
        };
        let delimiter = *delimiter;
        // The quote opened a value csv-core is still in, or has read past.
        reader.reset();
        self.csv_pending = false;
        self.output_len = 0;
        self.ends_len = 0;
        let line_end =
            memchr::memchr(b'\n', &raw[stray.quote..]).map_or(raw.len(), |at| stray.quote + at);
        let written = &raw[stray.quote..line_end];
        let written = written.strip_suffix(b"\r").unwrap_or(written);
        // csv-core read the fields before the quote as they were written, and ended each at
        // the delimiter `stray_quote` counted it by.
        let ends_before = self.ends.get(..stray.field).unwrap_or_default();
        let before = ends_before.last().map_or(0, |&end| end);
        let mut text = self.output.get(..before).unwrap_or_default().to_vec();
        let mut ends = ends_before.to_vec();
        for field in written.split(|&byte| byte == delimiter) {
            text.extend_from_slice(field);
            ends.push(text.len());
        }
        // Both parts are valid UTF-8 cut at ASCII bytes, so this cannot fail; a record that
        // somehow did would read as empty fields.
        let text = String::from_utf8(text).unwrap_or_default();
        let record = Record {
            text: &text,
            ends: &ends,
            gap: 0,
            line_breaks: line_breaks(&raw[..stray.quote]),
            stray_field: Some(stray.field),
        };
        each(first, record)?;
        let line_ended = line_end < raw.len();
        self.line = first + line_breaks(&raw[..line_end]) + u64::from(line_ended);
        self.after_newline = line_ended;
        let rest = raw.get(line_end + 1..).unwrap_or_default();
        // `raw` is valid UTF-8 and cut after a line break, so this cannot fail either.
        let rest = std::str::from_utf8(rest).unwrap_or_default();
        self.feed_csv(rest, delimiter, each)?;
        if at_end {
            self.feed_csv_core(&[], each)?;
        }
        Ok(())
    }
}

/// A quote that opens a value no writer meant: where it stands in a record as written, and
/// the field it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct StrayQuote {
    quote: usize,
    field: usize,
}

/// How many whole lines of a quoted value tell a stray quote's runaway (see [`stray_quote`]).
/// A stray quote closed by another within fewer lines joins them into one row, noted as
/// `spansLines`.
const SHAPED_LINES: usize = 20;

/// How many of those must hold the delimiter as often as the line of the quote: all but an
/// odd row or a blank line or two.
const ALIKE_LINES: usize = 18;

/// The first quote in `raw`, a record as written from its start, that opens a value no writer
/// meant (a stray quote, as in `"32"" monitor`): one still open at the end of the text
/// (`at_end`), or one whose first [`SHAPED_LINES`] whole lines are shaped as the row the
/// quote stands in (see [`shaped_as_rows`]). A stray quote takes in whole rows until another
/// stray quote closes it; a value a writer quoted over several lines (an address, a comment)
/// is rarely so.
fn stray_quote(raw: &[u8], delimiter: u8, at_end: bool) -> Option<StrayQuote> {
    let mut field = 0;
    let mut field_start = true;
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        if field_start && byte == b'"' {
            let close = closing_quote(&raw[at + 1..]).map(|end| at + 1 + end);
            let value = &raw[at + 1..close.unwrap_or(raw.len())];
            if (at_end && close.is_none()) || shaped_as_rows(raw, at, value, delimiter) {
                return Some(StrayQuote { quote: at, field });
            }
            at = close? + 1;
            field_start = false;
            continue;
        }
        match byte {
            b'\n' | b'\r' => return None,
            _ if byte == delimiter => {
                field += 1;
                field_start = true;
            }
            _ => field_start = false,
        }
        at += 1;
    }
    None
}

/// Where the quote that closes a quoted value stands in `rest`, the bytes after its opening
/// quote: the first quote not written twice.
fn closing_quote(rest: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let quote = from + memchr::memchr(b'"', rest.get(from..)?)?;
        if rest.get(quote + 1) != Some(&b'"') {
            return Some(quote);
        }
        from = quote + 2;
    }
}

/// Whether at least [`ALIKE_LINES`] of the first [`SHAPED_LINES`] whole lines of `value`,
/// quoted at `quote` in `raw`, hold the delimiter as often as the line of the quote does, as
/// written, and at least once: lines shaped as that row, as rows of a table are. A stray quote
/// closes at the first quote of a quoted row, so the rows it takes in are read as written too.
fn shaped_as_rows(raw: &[u8], quote: usize, value: &[u8], delimiter: u8) -> bool {
    // The first piece ends the quote's own line; the last runs on to the closing quote, or
    // to the end of the bytes read.
    let mut pieces = value.split(|&byte| byte == b'\n').skip(1);
    let counts: Vec<usize> = pieces
        .by_ref()
        .take(SHAPED_LINES)
        .map(|line| memchr::memchr_iter(delimiter, line).count())
        .collect();
    if counts.len() < SHAPED_LINES || pieces.next().is_none() {
        return false;
    }
    let line_start = memchr::memrchr(b'\n', &raw[..quote]).map_or(0, |at| at + 1);
    let line_end = memchr::memchr(b'\n', &raw[quote..]).map_or(raw.len(), |at| quote + at);
    let row = memchr::memchr_iter(delimiter, &raw[line_start..line_end]).count();
    row > 0 && counts.iter().filter(|&&count| count == row).count() >= ALIKE_LINES
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
    // are SIMD's sixty-four bytes.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plain_lines_split_by_blocks_as_byte_by_byte() {
        // Special bytes, bytes the word arithmetic may mistake for them (0x01 after a borrow,
        // control bytes below a line break, bytes with the high bit), in every arrangement of
        // five, at every offset within eight bytes of either edge of a block (every offset of
        // a word's; the middle of SIMD's longer block is the next test's), with each delimiter.
        let alphabet = [
            b'\n', b'\r', b'"', b',', b'\t', b';', 0x01, 0x0c, 0x8d, b'x',
        ];
        let prefix = letters(BLOCK);
        for delimiter in [b',', b'\t', b';', b'|'] {
            let lines = (0..=5u32).flat_map(|length| {
                (0..alphabet.len().pow(length)).map(move |code| {
                    (0..length)
                        .map(|digit| alphabet[code / alphabet.len().pow(digit) % alphabet.len()])
                        .collect::<Vec<u8>>()
                })
            });
            for line in lines {
                for offset in (0..=BLOCK).filter(|&offset| offset.min(BLOCK - offset) < 8) {
                    let bytes = [&prefix[..offset], &line].concat();
                    assert_splits_as_byte_by_byte(&bytes, delimiter);
                }
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn long_plain_lines_split_by_blocks_as_byte_by_byte() {
        // Lines of every length up to three blocks, so that their last delimiter and their end
        // fall at every place in a block and across its edges (a line break after a carriage
        // return in the next block), with fields of one byte, of a few and longer than a
        // block; then what may follow the end in the same block: the next line's quotes and
        // delimiters, which are not this line's.
        let endings: [&[u8]; 8] = [
            b"\n",
            b"\r\n",
            b"\r",
            b"\"",
            b"",
            b"\n\"x\",y\n",
            b"\r\n\"",
            b"\n,;\t|,",
        ];
        for delimiter in [b',', b'\t', b';', b'|'] {
            for field in [1, 2, 3, 7, BLOCK + 1] {
                for length in 0..3 * BLOCK {
                    let mut line = letters(length);
                    line.iter_mut()
                        .skip(field)
                        .step_by(field + 1)
                        .for_each(|byte| *byte = delimiter);
                    for ending in endings {
                        assert_splits_as_byte_by_byte(&[&line[..], ending].concat(), delimiter);
                    }
                }
            }
        }
    }

    /// `length` letters, none of them special.
    fn letters(length: usize) -> Vec<u8> {
        (b'a'..=b'z').cycle().take(length).collect()
    }

    fn assert_splits_as_byte_by_byte(bytes: &[u8], delimiter: u8) {
        let mut field_ends = Vec::new();
        let split = split_plain_line(bytes, delimiter, &mut field_ends);
        assert_eq!(
            split.map(|(end, next)| (field_ends, end, next)),
            split_plain_line_bytewise(bytes, delimiter),
            "{bytes:?} split at {delimiter}"
        );
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
        // line break, opens no value: each line is a record (there is no line 5); an escaped
        // quote that closes nothing; plain lines and a whitespace-aligned file take one line
        // each.
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
        let each_line = [(1, 1), (2, 2), (3, 3), (4, 4)];
        check("h\n\"a\nb\nc\n", Delimiter::Comma, &each_line);
        check("h\n\"a\nb\nc", Delimiter::Comma, &each_line);
        check(
            "h\nx,\"a\"\"\r\nb\r\n",
            Delimiter::Comma,
            &[(1, 1), (2, 2), (3, 3)],
        );
        check("h\nx,\"a\nb\"", Delimiter::Comma, &[(1, 1), (2, 3)]);
        check("a b\n\nc d\n", Delimiter::Whitespace, &[(1, 1), (3, 3)]);
    }

    #[test]
    fn a_row_that_runs_on_past_the_limit_fails_with_its_first_line() {
        // Records counted, of text fed in 1 MiB pieces as the CLI and the page feed them. A
        // quote opened on line 2 and never closed, then lines of a note, or of a table,
        // whose rows are read once the row is too long; a whitespace-aligned file of one
        // endless line; a long quoted value that ends in time is read.
        let note_lines = "a long note\n".repeat(MAX_ROW_BYTES / 12 + 1);
        let table_rows = MAX_ROW_BYTES / 15 + 1;
        let table_lines = "a,2024-01-01,1\n".repeat(table_rows);
        let feed = |text: &str, delimiter: Delimiter| -> Result<usize, u64> {
            let mut splitter = RecordSplitter::new(delimiter);
            let mut records = 0;
            let mut each = |_: u64, _: Record<'_>| -> Result<(), RowTooLong> {
                records += 1;
                Ok(())
            };
            for piece in text.as_bytes().chunks(1 << 20) {
                let piece = std::str::from_utf8(piece).unwrap();
                splitter.feed(piece, &mut each).map_err(|row| row.line)?;
            }
            splitter.finish(&mut each).map_err(|row| row.line)?;
            Ok(records)
        };
        let unclosed = format!("id,note\n1,\"32 inch\n{note_lines}");
        assert_eq!(feed(&unclosed, Delimiter::Comma), Err(2));
        // Opening the first value, with no field ended to count, the row fills its room at
        // exactly the limit and ends a little past it, where the quote is closed.
        let closed_first = format!("id,note\n\"1,32 inch\n{note_lines}\"");
        assert_eq!(feed(&closed_first, Delimiter::Comma), Err(2));
        // The header, the line of the quote, and every row.
        let stray = format!("id,date,note\n1,2024-01-01,\"32 inch\n{table_lines}");
        assert_eq!(feed(&stray, Delimiter::Comma), Ok(2 + table_rows));
        let endless = format!("a b\n{}", "c ".repeat(MAX_ROW_BYTES / 2 + 1));
        assert_eq!(feed(&endless, Delimiter::Whitespace), Err(2));
        let long = format!("id,note\n1,\"{}\"\n2,x\n", &note_lines[..MAX_ROW_BYTES / 2]);
        assert_eq!(feed(&long, Delimiter::Comma), Ok(3));
    }

    /// Every record of `text` fed in pieces of 1, 7, 64 bytes and whole, the same in each,
    /// as its first and last line, its fields, and whether a stray quote opened one of them.
    fn split_noting_stray_quotes(text: &str) -> Vec<(u64, u64, Vec<String>, bool)> {
        let split = |piece: usize| {
            let mut splitter = RecordSplitter::new(Delimiter::Comma);
            let mut records = Vec::new();
            let mut collect = |line: u64, record: Record<'_>| -> Result<(), RowTooLong> {
                let Lines { first, last } = record.lines(line);
                let fields = record.fields().map(str::to_string).collect();
                let stray = matches!(record.read_otherwise(), Some(RowIssue::StrayQuote { .. }));
                records.push((first, last, fields, stray));
                Ok(())
            };
            for chunk in text.as_bytes().chunks(piece) {
                splitter
                    .feed(std::str::from_utf8(chunk).unwrap(), &mut collect)
                    .unwrap();
            }
            splitter.finish(&mut collect).unwrap();
            records
        };
        let whole = split(text.len());
        for piece in [1, 7, 64] {
            assert_eq!(split(piece), whole, "{text:?} in pieces of {piece}");
        }
        whole
    }

    #[test]
    fn a_stray_quote_opens_no_value_over_the_rows_after_it() {
        let rows = |count: usize| "b,1\n".repeat(count);
        let row = |line: u64| (line, line, owned(&["b", "1"]), false);
        let stray = |line: u64, fields: &[&str]| (line, line, owned(fields), true);
        let header = (1, 1, owned(&["id", "note"]), false);
        let with_rows = |first: &[(u64, u64, Vec<String>, bool)], lines: std::ops::Range<u64>| {
            let mut records = first.to_vec();
            records.extend(lines.map(row));
            records
        };
        // Never closed: the line of the quote is read as written, the lines after it as rows.
        let text = format!("id,note\na,\"32\"\" x\n{}", rows(3));
        let expected = with_rows(&[header.clone(), stray(2, &["a", "\"32\"\" x"])], 3..6);
        assert_eq!(split_noting_stray_quotes(&text), expected);
        // Never closed on the last line, without a line break; with CRLF line ends.
        let expected = [header.clone(), stray(2, &["a", "\"x"])];
        assert_eq!(split_noting_stray_quotes("id,note\na,\"x"), expected);
        let text = "id,note\r\na,\"x\r\nb,1\r\n";
        let expected = [header.clone(), stray(2, &["a", "\"x"]), row(3)];
        assert_eq!(split_noting_stray_quotes(text), expected);
        // The fields before the quote as they were written, a quoted value among them.
        let text = "id,note\n\"q,1\",\"x\ny\",\"32\"\" x,z\nb,1\n";
        let fields = ["q,1", "x\ny", "\"32\"\" x", "z"];
        let expected = [header.clone(), (2, 3, owned(&fields), true), row(4)];
        assert_eq!(split_noting_stray_quotes(text), expected);
        // Closed by another stray quote 25 rows on: the rows between are rows.
        let text = format!("id,note\na,\"32\"\" x\n{}c,27\" y\nb,1\n", rows(25));
        let mut expected = with_rows(&[header.clone(), stray(2, &["a", "\"32\"\" x"])], 3..28);
        expected.extend([(28, 28, owned(&["c", "27\" y"]), false), row(29)]);
        assert_eq!(split_noting_stray_quotes(&text), expected);
        // Closed 5 rows on, too few to tell from a value written over several lines: one
        // record of lines 2–8.
        let text = format!("id,note\na,\"32\"\" x\n{}c,27\" y\nb,1\n", rows(5));
        let value = format!("32\" x\n{}c,27 y", rows(5));
        let expected = [header.clone(), (2, 8, owned(&["a", &value]), false), row(9)];
        assert_eq!(split_noting_stray_quotes(&text), expected);
        // A comment of 25 lines, or of 25 lines with commas unlike the row's, is a value.
        for line in ["a long comment\n", "the first, the second, the third\n"] {
            let comment = line.repeat(25);
            let text = format!("id,note\na,\"{comment}\"\nb,1\n");
            let expected = [
                header.clone(),
                (2, 27, owned(&["a", comment.trim()]), false),
                row(28),
            ];
            assert_eq!(split_noting_stray_quotes(&text), expected);
        }
    }

    #[test]
    fn lines_of_a_value_are_shaped_as_rows_when_most_hold_the_delimiter_as_its_row() {
        let shaped = |row: &str, lines: &[&str]| {
            let raw = format!("{row}\n{}\nrest", lines.join("\n"));
            let quote = raw.find('"').unwrap();
            shaped_as_rows(raw.as_bytes(), quote, &raw.as_bytes()[quote + 1..], b',')
        };
        let row = "c0,2024-01-01,\"32\"\" x";
        let rows = ["c1,2024-01-01,10"; SHAPED_LINES];
        assert!(shaped(row, &rows));
        // As often as the line of the quote, as written, wherever the quote stands in it.
        assert!(shaped("c0,\"32\"\" x,10", &rows));
        assert!(!shaped("c0,2024-01-01,\"32\"\", x", &rows));
        let shaped = |lines: &[&str]| shaped(row, lines);
        assert!(shaped(&rows));
        // Two odd lines are borne, three are not.
        let mut odd = rows;
        odd[3] = "";
        odd[9] = "a,b";
        assert!(shaped(&odd));
        odd[12] = "a";
        assert!(!shaped(&odd));
        // Lines without the delimiter, and too few lines, are no rows.
        assert!(!shaped(&["a long comment"; SHAPED_LINES]));
        assert!(!shaped(&rows[1..]));
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
                Err(RowTooLong {
                    line,
                    quoted: false,
                })
            } else {
                Ok(())
            }
        };
        let fed = splitter.feed("a\nb\nc\n", &mut stop_at_second);
        assert_eq!(fed.map_err(|stopped| stopped.line), Err(2));
        assert_eq!(seen, 2);
    }
}
