//! Reading a survey CSV into typed [`Responses`], counting every row and answer it cannot use.

use serde::Serialize;

use crate::aggregated::Limitation;
use crate::date::DateEvidence;
use crate::empty::is_written_empty;
use crate::error::{Error, ErrorKind};
use crate::number::{is_scientific_notation, parse_number};
use crate::quality::{Lines, RowIssue, RowLog};
use crate::read::{
    check_shape, customer_key, outliers, read_table, remove, DateVotes, Delimiter, Fingerprints,
    FormatChoice, Record, TableRows,
};
use crate::survey::answers::{answer_value, number_above};
use crate::survey::columns::{SurveyColumnMap, SurveyColumnsUsed};
use crate::survey::params::{Question, Scale, SurveyConfig};
use crate::width::ascii_forms;
use crate::{Date, DateFormat};

/// One survey response: one row of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// 1-based line in the file.
    pub line: u64,
    /// The customer id, when the file has a customer column and the row a value in it.
    pub customer: Option<String>,
    /// The day answered, when the file has a date column and the row a date in it that is
    /// valid and not apart from the others' (see [`SurveyInput::altered`]).
    pub date: Option<Date>,
    /// The answers to NPS, CSAT and CES (indexed by [`Question`]); `None` when not asked,
    /// missing or invalid.
    pub answers: [Option<u8>; 3],
    /// The free-text comment, if any.
    pub comment: Option<String>,
    /// The value in each grouping column (see [`Responses::group_columns`]); `None` when empty.
    pub groups: Vec<Option<String>>,
}

impl Response {
    /// The answer to one question.
    pub fn answer(&self, question: Question) -> Option<u8> {
        self.answers[question as usize]
    }
}

/// The usable responses of a survey file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Responses {
    /// The headers of the grouping columns, in the order of [`Response::groups`].
    pub group_columns: Vec<String>,
    /// Usable responses (at least one question answered), in file order.
    pub rows: Vec<Response>,
}

/// What was left out of one question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub missing: u64,
    pub invalid: u64,
    /// Of the invalid, whole numbers above the scale, up to 10: the top of the wider scales
    /// (1–7, 1–10) a question may have been asked on instead.
    pub above_scale: u64,
}

/// Where a question's answers above its scale (see [`LeftOut::above_scale`]) first appear and
/// how high they go: what the error about them points to and the scale it suggests.
#[derive(Clone, Copy, Debug, Default)]
struct AboveScale {
    first_line: Option<u64>,
    highest: u8,
}

/// What reading one response noted about it, to take back should the response be left out
/// once the whole file is read (dated after the analysis date): no figure then counts it.
#[derive(Clone, Debug, Default)]
struct ResponseNotes {
    /// The reasons it was noted for in `altered`.
    altered: Vec<&'static str>,
    /// Its answers left out as missing or invalid, by question.
    left_out: [LeftOut; 3],
}

/// What the survey reader found, as reported in `satisfaction.input`.
///
/// Every data row is accounted for: `rowsRead = rowsUsed + rowsSkipped`; responses dated after
/// the analysis date are among the skipped (`afterAsOf`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyInput {
    /// Size of the file.
    pub bytes: u64,
    /// Text encoding the file was read in.
    pub encoding: String,
    /// Field delimiter detected from the first lines.
    pub delimiter: String,
    /// The header of the column used for each role.
    pub columns: SurveyColumnsUsed,
    /// Every column's header, trimmed, in the file's order: what a user can choose among when
    /// a question's column was not the one meant.
    pub headers: Vec<String>,
    /// Rows in the file: data rows and any lines above the header.
    pub rows_read: u64,
    /// Rows with at least one usable answer.
    pub rows_used: u64,
    /// Rows that could not be used, listed by reason in `skipped`.
    pub rows_skipped: u64,
    /// Skipped rows by reason.
    pub skipped: RowLog,
    /// Answers that are not whole numbers on their scale, by line; they are left out (never
    /// counted as zero) and the row's other answers are used.
    pub invalid_answers: RowLog,
    /// Rows used otherwise than written: a customer id Excel rounded (`1.23457E+11`), which
    /// may stand for several customers, a date not valid in the column's format and a date
    /// apart from the others (a placeholder such as `1900-01-01`, or a typo) are left out and
    /// the answers are used without them; a row that takes several lines (a quoted value
    /// holding line breaks) is noted.
    pub altered: RowLog,
    /// Responses identical to an earlier one in every field (`duplicateResponse`), kept unless
    /// duplicates are dropped (then they are in `skipped`).
    pub duplicates: RowLog,
    /// What the file cannot give, as in the report's `input.limitations`: here only
    /// `unreadableCharacters`, bytes not valid in the file's encoding or NUL characters.
    pub limitations: Vec<Limitation>,
    /// How the dates were read (as for transactions, `input.dateFormat`); `null` without a date
    /// column.
    pub date_format: Option<FormatChoice>,
    /// Earliest answer date, when the answers are dated.
    pub first_date: Option<Date>,
    /// Latest answer date.
    pub last_date: Option<Date>,
    /// Responses that carry a customer id.
    pub responses_with_customer_id: u64,
    /// Of those, responses whose customer id is among the transactions' customers; `None`
    /// without a transactions file.
    pub responses_matched_to_customers: Option<u64>,
}

/// Texts that mean "no answer" whatever the options say, beside the spellings of an empty
/// value (see [`is_written_empty`]): 问卷星 writes a question the respondent skipped, or was
/// never shown, as `(跳过)`, and one left blank as `(空)`.
const MISSING_TEXTS: &[&str] = &[
    "",
    ".",
    "无",
    "缺失",
    "不适用",
    "未回答",
    "跳过",
    "(跳过)",
    "（跳过）",
    "(空)",
    "（空）",
];

/// Whether `text` is a dash, an en dash or an em dash alone, or a run of them: no scale's
/// answer, and what a spreadsheet or word processor makes of a `-` or `--` typed for none.
fn is_dash(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '-' | '–' | '—'))
}

/// The cells SurveyMonkey writes under each question in its export's second header row,
/// lower case.
const SURVEYMONKEY_SUB_HEADERS: &[&str] = &["response", "open-ended response"];

/// A user's missing-value code: a number matches by value, a text ignoring case.
enum MissingCode {
    Number(f64),
    Text(String),
}

/// Reads a survey CSV with a header row, leaving out the responses dated after `as_of`, the
/// analysis date, when there is one. Errors are about the survey file, so they are wrapped in
/// [`ErrorKind::InSurveyFile`].
pub(crate) fn read_responses(
    bytes: &[u8],
    config: &SurveyConfig,
    as_of: Option<Date>,
) -> Result<(Responses, SurveyInput, [LeftOut; 3]), Error> {
    read(bytes, config, as_of).map_err(|error| ErrorKind::InSurveyFile(error).into())
}

fn read(
    bytes: &[u8],
    config: &SurveyConfig,
    as_of: Option<Date>,
) -> Result<(Responses, SurveyInput, [LeftOut; 3]), Error> {
    let encoding = config.encoding.as_deref();
    let (mut reader, table) =
        read_table(bytes, encoding, config.delimiter, |headers, delimiter| {
            let map = SurveyColumnMap::from_headers(headers, config)?;
            Ok(ResponseReader::new(map, headers, config, delimiter))
        })?;
    reader.leave_out_dates_apart();
    // After the dates apart, which are placeholders or typos, not answers given later.
    reader.leave_out_after(as_of);
    reader.settle_duplicates(config.drop_duplicates);
    reader.check_scales(config.scales_given)?;
    if reader.responses.rows.is_empty() {
        return Err(ErrorKind::NoUsableRows {
            rows_read: table.rows_read,
            first_problem: reader.skipped.first_problem().cloned(),
        }
        .into());
    }
    let rows = &reader.responses.rows;
    let dates = || rows.iter().filter_map(|row| row.date);
    let input = SurveyInput {
        bytes: table.bytes,
        encoding: table.encoding.to_string(),
        delimiter: table.delimiter.name().to_string(),
        columns: reader.map.describe(&table.headers),
        headers: table.headers,
        rows_read: table.rows_read,
        rows_used: rows.len() as u64,
        rows_skipped: reader.skipped.total(),
        date_format: reader.date_choice,
        first_date: dates().min(),
        last_date: dates().max(),
        responses_with_customer_id: rows.iter().filter(|row| row.customer.is_some()).count() as u64,
        responses_matched_to_customers: None,
        skipped: reader.skipped,
        invalid_answers: reader.invalid,
        altered: reader.altered,
        duplicates: reader.duplicates,
        limitations: table.unreadable.into_iter().collect(),
    };
    Ok((reader.responses, input, reader.left_out))
}

struct ResponseReader {
    map: SurveyColumnMap,
    /// The header row, for an error that offers its columns.
    headers: Vec<String>,
    /// How the date column writes its dates, chosen from the first rows; how, and how many
    /// dates read both ways.
    date_format: DateFormat,
    /// The date format the options give, if any.
    chosen_date_format: Option<DateFormat>,
    date_choice: Option<FormatChoice>,
    scales: [Scale; 3],
    reversed: [bool; 3],
    missing_codes: Vec<MissingCode>,
    /// Whether every row so far is a further header row (see [`ResponseReader::sub_header`]):
    /// they are looked for right below the header only.
    below_header: bool,
    responses: Responses,
    /// The lines each response takes, for noting it once every date is known.
    response_lines: Vec<Lines>,
    /// What reading each response noted, until every date is known.
    response_notes: Vec<ResponseNotes>,
    /// Every response's fingerprint, to find those given twice once the file is read.
    fingerprints: Fingerprints,
    skipped: RowLog,
    invalid: RowLog,
    altered: RowLog,
    duplicates: RowLog,
    left_out: [LeftOut; 3],
    above_scale: [AboveScale; 3],
}

impl ResponseReader {
    fn new(
        map: SurveyColumnMap,
        headers: &[String],
        config: &SurveyConfig,
        delimiter: Delimiter,
    ) -> ResponseReader {
        let missing_codes = config
            .missing_codes
            .iter()
            .map(|code| match parse_number(code) {
                Some(number) => MissingCode::Number(number),
                None => MissingCode::Text(code.trim().to_lowercase()),
            })
            .collect();
        let group_columns = map.groups.iter().map(|&i| headers[i].clone()).collect();
        ResponseReader {
            map,
            headers: headers.to_vec(),
            date_format: DateFormat::YearMonthDay,
            chosen_date_format: config.date_format,
            date_choice: None,
            scales: config.scales,
            reversed: config.reversed,
            missing_codes,
            below_header: true,
            responses: Responses {
                group_columns,
                rows: Vec::new(),
            },
            response_lines: Vec::new(),
            response_notes: Vec::new(),
            fingerprints: Fingerprints::new(delimiter),
            skipped: RowLog::default(),
            invalid: RowLog::default(),
            altered: RowLog::default(),
            duplicates: RowLog::default(),
            left_out: [LeftOut::default(); 3],
            above_scale: [AboveScale::default(); 3],
        }
    }
}

impl TableRows for ResponseReader {
    fn look_ahead<'a>(&mut self, sample: impl Iterator<Item = Record<'a>>) -> Result<(), Error> {
        let sample: Vec<Record<'a>> = sample.collect();
        // Survey tools' further header rows fill every column: they tell nothing of the ids.
        let responses: Vec<Record<'a>> = (sample.iter().copied())
            .filter(|&record| self.sub_header(record).is_none())
            .collect();
        self.map.settle_customer(&responses);
        self.decide_score(&sample)?;
        let Some(column) = self.map.date else {
            return Ok(());
        };
        let (format, source) = match self.chosen_date_format {
            Some(format) => (format, "option"),
            None => {
                let mut votes = DateVotes::default();
                for record in &sample {
                    votes.note(record.get(column));
                }
                votes.format()
            }
        };
        self.date_format = format;
        self.date_choice = Some(FormatChoice {
            format: format.name(),
            source,
            ambiguous: 0,
        });
        Ok(())
    }

    fn read(&mut self, line: u64, record: Record<'_>) {
        if self.below_header {
            if let Some(text) = self.sub_header(record) {
                self.skipped
                    .push(record.lines(line), RowIssue::SubHeader { text });
                return;
            }
            self.below_header = false;
        }
        match self.parse(line, record) {
            Ok((response, notes)) => {
                self.responses.rows.push(response);
                self.response_lines.push(record.lines(line));
                self.response_notes.push(notes);
                self.fingerprints.push(record, line);
            }
            Err(reason) => self.skipped.push(record.lines(line), reason),
        }
    }

    fn skip(&mut self, lines: Lines, issue: RowIssue) {
        self.skipped.push(lines, issue);
    }
}

impl ResponseReader {
    fn parse(
        &mut self,
        line: u64,
        record: Record<'_>,
    ) -> Result<(Response, ResponseNotes), RowIssue> {
        check_shape(record, self.map.min_fields())?;
        let field = |index: usize| record.get(index).unwrap_or_default();
        let text = |index: Option<usize>| {
            index
                .map(field)
                .filter(|text| !text.is_empty())
                .map(str::to_string)
        };
        let date = text(self.map.date).map(|text| self.date(&text)).transpose();
        let mut answers = [None; 3];
        let mut notes = ResponseNotes::default();
        for question in Question::ALL {
            let Some(index) = self.map.questions[question as usize] else {
                continue;
            };
            let left_out = &mut notes.left_out[question as usize];
            answers[question as usize] = self.answer(line, question, field(index), left_out);
        }
        if answers.iter().all(Option::is_none) {
            return Err(RowIssue::NoAnswer);
        }
        // An id, a comment or a group is missing as an answer is: 问卷星's (跳过), N/A, a code.
        let given = |index: Option<usize>| text(index).filter(|text| !self.is_missing(text));
        let mut customer = given(self.map.customer).map(|id| customer_key(&id).into_owned());
        let comment = given(self.map.comment);
        let groups = self.map.groups.iter().map(|&i| given(Some(i))).collect();
        let lines = record.lines(line);
        let mut alter = |issue: RowIssue| {
            notes.altered.push(issue.key());
            self.altered.push(lines, issue);
        };
        if let Some(issue) = record.read_otherwise() {
            alter(issue);
        }
        // The date only places the answers in time: without it they still count.
        let date = date.unwrap_or_else(|issue| {
            alter(issue);
            None
        });
        if let Some(id) = customer.take_if(|id| is_scientific_notation(id)) {
            alter(RowIssue::RoundedCustomerId { id });
        }
        let response = Response {
            line,
            customer,
            date,
            answers,
            comment,
            groups,
        };
        Ok((response, notes))
    }

    /// The first question's cell, if `record` is a further header row as survey tools write
    /// one below the header: every question's cell is SurveyMonkey's `Response` (or
    /// `Open-Ended Response`), Qualtrics' `{"ImportId":"QID1"}`, or a question's text, which
    /// ends in a question mark, as Qualtrics writes it under the question's id.
    fn sub_header(&self, record: Record<'_>) -> Option<String> {
        let cells: Vec<&str> = (self.map.questions.iter().flatten())
            .map(|&index| record.get(index).unwrap_or_default().trim())
            .collect();
        let is_header_text = |cell: &&str| {
            SURVEYMONKEY_SUB_HEADERS.contains(&cell.to_lowercase().as_str())
                || cell.starts_with("{\"ImportId\"")
                || cell.ends_with(['?', '？'])
        };
        let first = cells.first()?;
        cells.iter().all(is_header_text).then(|| first.to_string())
    }

    /// Takes a column named only `Score` for NPS when its first answers show a 0–10 scale (a 0,
    /// or a value above 7, where CSAT's and CES's scales end); otherwise the file's question is
    /// the user's to name.
    fn decide_score(&mut self, sample: &[Record<'_>]) -> Result<(), Error> {
        let Some(column) = self.map.score.take() else {
            return Ok(());
        };
        let scale = self.scales[Question::Nps as usize];
        let reversed = self.reversed[Question::Nps as usize];
        let answers: Vec<u8> = sample
            .iter()
            .filter_map(|record| record.get(column))
            .filter(|text| !self.is_missing(text))
            .filter_map(|text| answer_value(Question::Nps, scale, reversed, text))
            .collect();
        if answers.iter().any(|&answer| answer == 0 || answer > 7) {
            self.map.questions[Question::Nps as usize] = Some(column);
            return Ok(());
        }
        let low_high = answers.iter().min().zip(answers.iter().max());
        Err(ErrorKind::UndecidedScoreColumn {
            column: self.headers[column].clone(),
            answers: low_high.map(|(&low, &high)| (low, high)),
            headers: self.headers.clone(),
        }
        .into())
    }

    /// The answer as a value on the question's scale, or `None` (counted as missing or
    /// invalid, in the file's counts and in the response's own, `left_out`).
    fn answer(
        &mut self,
        line: u64,
        question: Question,
        text: &str,
        left_out: &mut LeftOut,
    ) -> Option<u8> {
        if self.is_missing(text) {
            self.left_out[question as usize].missing += 1;
            left_out.missing += 1;
            return None;
        }
        let scale = self.scales[question as usize];
        let value = answer_value(question, scale, self.reversed[question as usize], text);
        if value.is_none() {
            self.left_out[question as usize].invalid += 1;
            left_out.invalid += 1;
            if let Some(number) = number_above(scale, text) {
                self.left_out[question as usize].above_scale += 1;
                left_out.above_scale += 1;
                let above = &mut self.above_scale[question as usize];
                above.first_line.get_or_insert(line);
                above.highest = above.highest.max(number);
            }
            let reason = RowIssue::InvalidAnswer {
                question: question.label(),
                text: text.to_string(),
                scale: scale.to_string(),
            };
            self.invalid.push(line, reason);
        }
        value
    }

    fn date(&mut self, text: &str) -> Result<Date, RowIssue> {
        let format = self.date_format;
        let date = format.parse(text).ok_or_else(|| RowIssue::InvalidDate {
            text: text.to_string(),
            format: format.name(),
        })?;
        if format != DateFormat::YearMonthDay && DateFormat::evidence(text) == DateEvidence::Either
        {
            if let Some(choice) = &mut self.date_choice {
                choice.ambiguous += 1;
            }
        }
        Ok(date)
    }

    /// Leaves out the dates that stand apart from the others (see [`outliers`]): a placeholder
    /// for a missing date (`1900-01-01`) or a typo, which would stretch the trend over years.
    /// The answers are still used, as with a date not valid in its format.
    fn leave_out_dates_apart(&mut self) {
        let rows = &mut self.responses.rows;
        let Some(data) = outliers::data_days(rows.iter().filter_map(|row| row.date)) else {
            return;
        };
        for (row, &lines) in rows.iter_mut().zip(&self.response_lines) {
            if let Some(date) = row.date.take_if(|&mut date| !data.holds(date)) {
                let issue = RowIssue::DateApart {
                    date,
                    data,
                    row_used: true,
                };
                self.altered.push(lines, issue);
            }
        }
    }

    /// Leaves out the responses dated after the analysis date, as the transactions after it
    /// are: a survey's answers from later than the data analysed would speak for customers as
    /// they were not yet. Each is skipped as `afterAsOf` with its line, and what its reading
    /// noted (answers missing or off the scale, a row over several lines) is taken back, so
    /// that no figure counts it. Undated responses are kept: nothing says they came later.
    fn leave_out_after(&mut self, as_of: Option<Date>) {
        let notes = std::mem::take(&mut self.response_notes);
        let Some(as_of) = as_of else {
            return;
        };
        let mut after = Vec::new();
        for (index, (row, notes)) in self.responses.rows.iter().zip(&notes).enumerate() {
            let Some(date) = row.date.filter(|&date| date > as_of) else {
                continue;
            };
            let lines = self.response_lines[index];
            self.skipped
                .push(lines, RowIssue::AfterAsOf { date, as_of });
            for key in &notes.altered {
                self.altered.forget(lines.first, key);
            }
            for (total, own) in self.left_out.iter_mut().zip(notes.left_out) {
                total.missing -= own.missing;
                total.invalid -= own.invalid;
                total.above_scale -= own.above_scale;
                for _ in 0..own.invalid {
                    self.invalid.forget(lines.first, "invalidAnswer");
                }
            }
            after.push(index);
        }
        remove(&mut self.responses.rows, &after);
        remove(&mut self.response_lines, &after);
        self.fingerprints.remove(&after);
    }

    /// Refuses a question whose scale was not given when many of its answers lie above it (see
    /// [`ErrorKind::AnswersAboveScale`]); a few are typos, listed among the invalid answers.
    fn check_scales(&self, given: [bool; 3]) -> Result<(), Error> {
        for question in Question::ALL {
            let index = question as usize;
            let (Some(column), false) = (self.map.questions[index], given[index]) else {
                continue;
            };
            let AboveScale {
                first_line: Some(first_line),
                highest,
            } = self.above_scale[index]
            else {
                continue;
            };
            let LeftOut {
                invalid,
                above_scale: above,
                ..
            } = self.left_out[index];
            let on_scale = self
                .responses
                .rows
                .iter()
                .filter(|row| row.answer(question).is_some());
            let answered = on_scale.count() as u64 + invalid;
            if above >= 3 && above * 20 >= answered {
                let scale = self.scales[index];
                // Whole numbers above the scale go up to 10; 1–7 is the usual wider scale.
                let top = if highest <= 7 { 7 } else { 10 };
                return Err(ErrorKind::AnswersAboveScale {
                    question,
                    column: self.headers[column].clone(),
                    scale,
                    above,
                    answered,
                    highest,
                    first_line,
                    suggested: Scale::new(scale.min, top),
                    headers: self.headers.clone(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Notes the responses identical to an earlier one in every field, or skips them when
    /// `drop` says so. A response exported or submitted twice counts once then; kept, they may
    /// be two people answering alike on one day, which a survey without ids cannot tell apart.
    fn settle_duplicates(&mut self, drop: bool) {
        let duplicates = self.fingerprints.duplicates();
        let log = if drop {
            &mut self.skipped
        } else {
            &mut self.duplicates
        };
        for duplicate in &duplicates {
            let first_line = duplicate.first_line;
            log.push(duplicate.line, RowIssue::DuplicateResponse { first_line });
        }
        if drop {
            let rows: Vec<usize> = duplicates.iter().map(|d| d.row).collect();
            remove(&mut self.responses.rows, &rows);
            remove(&mut self.response_lines, &rows);
        }
    }

    /// Whether `text` means no answer. Full-width forms read as ASCII (`－`, `ＮＡ`), as in
    /// every number and date.
    fn is_missing(&self, text: &str) -> bool {
        let text = &*ascii_forms(text);
        let lower = text.to_lowercase();
        MISSING_TEXTS.contains(&lower.as_str())
            || is_written_empty(text)
            || is_dash(text)
            || self.missing_codes.iter().any(|code| match code {
                MissingCode::Number(number) => parse_number(text) == Some(*number),
                MissingCode::Text(code) => *code == lower,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::SAMPLE_ROWS;
    use crate::survey::params::{QuestionParams, SurveyParams};

    fn read_with(
        text: &str,
        params: SurveyParams,
    ) -> Result<(Responses, SurveyInput, [LeftOut; 3]), Error> {
        read_responses(text.as_bytes(), &params.check().unwrap(), None)
    }

    fn customer_ids(responses: &Responses) -> Vec<Option<&str>> {
        let rows = responses.rows.iter();
        rows.map(|row| row.customer.as_deref()).collect()
    }

    #[test]
    fn dates_are_read_in_the_format_the_first_rows_show() {
        // 03/15 can only be month first; 04/01 reads both ways.
        let text = "customer,date,nps\na,03/15/2024,9\nb,04/01/2024,3\nc,2024-04-02,10\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        let dates: Vec<String> = responses
            .rows
            .iter()
            .map(|row| row.date.unwrap().to_string())
            .collect();
        assert_eq!(dates, ["2024-03-15", "2024-04-01", "2024-04-02"]);
        let format = input.date_format.unwrap();
        assert_eq!(
            (format.format, format.source, format.ambiguous),
            ("M/D/YYYY", "detected", 1)
        );
        // Day first; without a date column there is no format.
        let text = "customer,date,nps\na,15.03.2024,9\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows[0].date.unwrap().to_string(), "2024-03-15");
        assert_eq!(input.date_format.unwrap().format, "D/M/YYYY");
        let (_, input, _) = read_with("customer,nps\na,9\n", SurveyParams::default()).unwrap();
        assert_eq!(input.date_format, None);
    }

    #[test]
    fn email_addresses_are_compared_in_lower_case() {
        let text = "email,nps\nAnn@X.com,9\nbob,7\n";
        let (responses, _, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(customer_ids(&responses), [Some("ann@x.com"), Some("bob")]);
    }

    #[test]
    fn the_customer_is_the_first_candidate_column_with_values() {
        // Qualtrics writes ExternalReference and RecipientEmail whether or not they are filled.
        let by_email = "ResponseId,ExternalReference,RecipientEmail,NPS\n\
                        R_1,,Ann@X.com,9\nR_2,,bob@y.com,6\n";
        let (responses, input, _) = read_with(by_email, SurveyParams::default()).unwrap();
        assert_eq!(input.columns.customer.as_deref(), Some("RecipientEmail"));
        assert_eq!(
            customer_ids(&responses),
            [Some("ann@x.com"), Some("bob@y.com")]
        );
        // An id the company gave comes before the address; a customer id column before both.
        let by_reference = "ResponseId,ExternalReference,RecipientEmail,NPS\n\
                            R_1,C-17,ann@x.com,9\nR_2,,bob@y.com,6\n";
        let (responses, input, _) = read_with(by_reference, SurveyParams::default()).unwrap();
        assert_eq!(input.columns.customer.as_deref(), Some("ExternalReference"));
        assert_eq!(customer_ids(&responses), [Some("C-17"), None]);
        // Qualtrics' further header rows fill ExternalReference too.
        let exported = "ExternalReference,RecipientEmail,NPS\n\
                        External Data Reference,Recipient Email,How likely are you to recommend us?\n\
                        \"{\"\"ImportId\"\":\"\"externalDataReference\"\"}\",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\n\
                        ,ann@x.com,9\n";
        let (responses, input, _) = read_with(exported, SurveyParams::default()).unwrap();
        assert_eq!(input.columns.customer.as_deref(), Some("RecipientEmail"));
        assert_eq!(customer_ids(&responses), [Some("ann@x.com")]);
        let by_customer_id = "RecipientEmail,customer id,NPS\nann@x.com,17,9\n";
        let (_, input, _) = read_with(by_customer_id, SurveyParams::default()).unwrap();
        assert_eq!(input.columns.customer.as_deref(), Some("customer id"));
        // None filled: the likeliest is named, with no answer joined.
        let anonymous = "ResponseId,ExternalReference,RecipientEmail,NPS\nR_1,,,9\n";
        let (responses, input, _) = read_with(anonymous, SurveyParams::default()).unwrap();
        assert_eq!(input.columns.customer.as_deref(), Some("ExternalReference"));
        assert_eq!(customer_ids(&responses), [None]);
    }

    #[test]
    fn answers_missing_values_and_problems_are_each_counted() {
        let text = "customer,date,nps,csat,comment,channel\n\
                    a,2024-01-05,10,5,great,web\n\
                    b,2024-01-06,NA,4,,\n\
                    c,,-99,,,store\n\
                    d,2024-02-30,9,5,,web\n\
                    e,2024-02-01,11,3.5,,web\n\
                    ,2024-02-02,0,1,slow,store\n\
                    ,,,,,\n\
                    f,2024-02-03\n";
        let params = SurveyParams {
            missing_codes: vec!["-99".into()],
            ..SurveyParams::default()
        };
        let (responses, input, left_out) = read_with(text, params).unwrap();
        let answers: Vec<[Option<u8>; 3]> = responses.rows.iter().map(|r| r.answers).collect();
        assert_eq!(
            answers,
            [
                [Some(10), Some(5), None],
                [None, Some(4), None],
                [Some(9), Some(5), None],
                [Some(0), Some(1), None],
            ]
        );
        assert_eq!(responses.group_columns, ["channel"]);
        assert_eq!(responses.rows[1].groups, [None]);
        // d's invalid date is left out, its answers used.
        assert_eq!(responses.rows[2].date, None);
        assert_eq!(responses.rows[3].customer, None);
        assert_eq!(responses.rows[3].comment.as_deref(), Some("slow"));
        assert_eq!(
            (input.rows_read, input.rows_used, input.rows_skipped),
            (8, 4, 4)
        );
        assert_eq!(input.responses_with_customer_id, 3);
        assert_eq!(
            input.first_date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-05")
        );
        assert_eq!(
            input.skipped.messages(),
            [
                "noAnswer: line 4: no question has a usable answer",
                "noAnswer: line 6: no question has a usable answer",
                "blankRow: line 8: the row is empty",
                "tooFewFields: line 9: the row has 2 fields, the columns need 6",
            ]
        );
        assert_eq!(
            input.altered.messages(),
            ["invalidDate: line 5: date '2024-02-30' is not a valid date (the column is read as YYYY-MM-DD)"]
        );
        assert_eq!(
            input.invalid_answers.messages(),
            [
                "invalidAnswer: line 6: NPS '11' is not a whole number on the scale 0–10",
                "invalidAnswer: line 6: CSAT '3.5' is not a whole number on the scale 1–5",
            ]
        );
        // NPS: NA and -99 missing, 11 invalid; CSAT: blank missing (line 4), 3.5 invalid.
        assert_eq!(
            left_out[0],
            LeftOut {
                missing: 2,
                invalid: 1,
                above_scale: 0
            }
        );
        assert_eq!(
            left_out[1],
            LeftOut {
                missing: 1,
                invalid: 1,
                above_scale: 0
            }
        );
    }

    #[test]
    fn responses_after_the_analysis_date_are_skipped_and_nothing_of_them_counted() {
        // As of 2024-01-31: c (line 4) and e (lines 6–7) answered later; b on the day counts.
        // f's 1900-01-01 is a placeholder, not a later answer: its answers count undated.
        let text = "customer,date,nps,csat,comment\n\
                    a,2024-01-05,10,5,ok\n\
                    b,2024-01-31,6,x,\n\
                    c,2024-02-01,3,9,late\n\
                    d,,9,NA,\n\
                    e,2024-03-01,NA,4,\"slow\nand late\"\n\
                    f,1900-01-01,7,4,\n\
                    a,2024-01-05,10,5,ok\n";
        let as_of = Some(Date::from_ymd(2024, 1, 31).unwrap());
        let read = |params: SurveyParams| {
            read_responses(text.as_bytes(), &params.check().unwrap(), as_of).unwrap()
        };
        let (responses, input, left_out) = read(SurveyParams::default());
        let lines: Vec<u64> = responses.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 3, 5, 8, 9]);
        assert_eq!(
            input.skipped.messages(),
            [
                "afterAsOf: line 4: answered on 2024-02-01, after the analysis date 2024-01-31",
                "afterAsOf: lines 6–7: answered on 2024-03-01, after the analysis date 2024-01-31",
            ]
        );
        assert_eq!(
            (input.rows_read, input.rows_used, input.rows_skipped),
            (7, 5, 2)
        );
        // c's CSAT 9 and e's NPS NA are not counted, nor is e's comment over two lines noted.
        assert_eq!(
            left_out,
            [
                LeftOut::default(),
                LeftOut {
                    missing: 1,
                    invalid: 1,
                    above_scale: 0
                },
                LeftOut::default()
            ]
        );
        assert_eq!(
            input.invalid_answers.messages(),
            ["invalidAnswer: line 3: CSAT 'x' is not a whole number on the scale 1–5"]
        );
        let altered = input.altered.messages();
        assert_eq!(altered.len(), 1);
        assert!(altered[0].starts_with("dateApart: line 8:"), "{altered:?}");
        let dates = [input.first_date, input.last_date].map(|d| d.unwrap().to_string());
        assert_eq!(dates, ["2024-01-05", "2024-01-31"]);
        assert_eq!(
            input.duplicates.messages(),
            ["duplicateResponse: line 9: repeats line 2 exactly"]
        );
        // Dropped, the repeat is the one left out, not a response the cut moved into its place.
        let dropped = read(SurveyParams {
            drop_duplicates: true,
            ..SurveyParams::default()
        });
        let lines: Vec<u64> = dropped.0.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 3, 5, 8]);
    }

    #[test]
    fn a_title_above_the_header_and_a_repeat_of_it_are_skipped_and_counted() {
        let text = "2024年一季度满意度调查\n客户编号,日期,NPS\na,2024-01-05,9\n\
                    客户编号,日期,NPS\nb,2024-01-06,3\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), 2);
        assert_eq!(
            (input.rows_read, input.rows_used, input.rows_skipped),
            (4, 2, 2)
        );
        assert_eq!(
            input.skipped.messages(),
            [
                "aboveHeader: line 1: '2024年一季度满意度调查' is above the column headers on line 2, so not read as data",
                "repeatedHeader: line 4: repeats the column headers of line 2",
            ]
        );
    }

    #[test]
    fn questions_wenjuanxing_marks_skipped_are_missing_not_invalid() {
        let text = "序号,会员号,提交答卷时间,推荐意愿,满意度,渠道,意见\n\
                    1,(跳过),2024/3/5 10:00:00,(跳过),4,(跳过),(空)\n\
                    2,m2,2024/3/6 11:00:00,9,（空）,门店,N/A\n3,m3,2024/3/7 12:00:00,7,(跳过),线上,好\n";
        let (responses, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), 3);
        // Nor is such a cell an id, a group or a comment.
        assert_eq!(customer_ids(&responses), [None, Some("m2"), Some("m3")]);
        let groups: Vec<_> = responses
            .rows
            .iter()
            .map(|r| r.groups[0].as_deref())
            .collect();
        assert_eq!(groups, [None, Some("门店"), Some("线上")]);
        let comments: Vec<_> = responses
            .rows
            .iter()
            .map(|r| r.comment.as_deref())
            .collect();
        assert_eq!(comments, [None, None, Some("好")]);
        assert_eq!(input.invalid_answers.total(), 0);
        let missing = left_out.map(|counts| (counts.missing, counts.invalid));
        assert_eq!(missing, [(1, 0), (2, 0), (0, 0)]);
    }

    #[test]
    fn responses_given_twice_are_reported_and_kept_unless_dropped() {
        // Line 4 repeats line 2 with its comment quoted, line 6 repeats it as written; line 5
        // differs from line 3 in its comment only.
        let text = "customer,date,nps,comment\na,2024-03-01,9,great\nb,2024-03-02,3,slow\n\
                    a,2024-03-01,9,\"great\"\nb,2024-03-02,3,slower\na,2024-03-01,9,great\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), 5);
        assert_eq!(
            input.duplicates.messages(),
            [
                "duplicateResponse: line 4: repeats line 2 exactly",
                "duplicateResponse: line 6: repeats line 2 exactly",
            ]
        );
        let params = SurveyParams {
            drop_duplicates: true,
            ..SurveyParams::default()
        };
        let (responses, input, _) = read_with(text, params).unwrap();
        let lines: Vec<u64> = responses.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(
            (input.rows_read, input.rows_used, input.rows_skipped),
            (5, 3, 2)
        );
        assert_eq!(input.skipped.groups()[0].reason, "duplicateResponse");
        assert_eq!(input.duplicates.total(), 0);
    }

    #[test]
    fn survey_tools_further_header_rows_are_skipped_and_listed() {
        let skipped = |text: &str| {
            let (responses, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
            assert_eq!(left_out, [LeftOut::default(); 3], "no answer is invalid");
            assert_eq!(input.rows_read, input.rows_used + input.rows_skipped);
            (responses.rows.len(), input.skipped.messages())
        };
        // SurveyMonkey writes `Response` under each question, `Open-Ended Response` under a
        // comment.
        let monkey = "Respondent ID,End Date,How likely is it that you would recommend us?,Overall how satisfied are you?,Why?\n\
                      ,,Response,Response,Open-Ended Response\n\
                      1,03/01/2024,10,Very satisfied,Great\n";
        assert_eq!(
            skipped(monkey),
            (1, vec!["subHeader: line 2: 'Response' under the first question's header is a further header row, as survey tools write it, not an answer".to_string()])
        );
        // Qualtrics writes each question's text, then its ImportId, under the question's id
        // (here named so that the first row is the header).
        let qualtrics = "RecordedDate,NPS,CSAT\n\
                         Recorded Date,How likely are you to recommend us?,How satisfied are you?\n\
                         \"{\"\"ImportId\"\":\"\"recordedDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\n\
                         2024-03-01 10:05:01,10,5\n";
        let (rows, messages) = skipped(qualtrics);
        let reasons: Vec<&str> = messages
            .iter()
            .map(|m| &m[..m.find(':').unwrap()])
            .collect();
        assert_eq!((rows, reasons), (1, vec!["subHeader", "subHeader"]));
        assert!(
            messages[1].contains(r#"'{"ImportId":"QID1"}'"#),
            "{messages:?}"
        );
        // Only right below the header, and only with every question's cell such text: then the
        // row is an answer, if an invalid one.
        let text = "nps,csat\n9,4\nResponse,Response\n";
        let (_, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!((input.rows_skipped, left_out[0].invalid), (1, 1));
        let text = "nps,csat\nResponse,4\n";
        let (_, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!((input.rows_skipped, left_out[0].invalid), (0, 1));
    }

    #[test]
    fn a_value_split_by_an_unquoted_delimiter_is_not_read_shifted() {
        // Read shifted, b's CSAT would be its NPS, 3, and its NPS 'France' invalid.
        let text = "customer,city,nps,csat\n\
                    a,Paris,9,5\n\
                    b,Paris, France,3,4\n\
                    c,Lyon,10,4,,\n";
        let (responses, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(customer_ids(&responses), [Some("a"), Some("c")]);
        assert_eq!(left_out, [LeftOut::default(); 3]);
        assert_eq!(
            input.skipped.messages(),
            ["tooManyFields: line 3: the row has values in 5 fields where the table has 4 columns: an unquoted value was split, so its columns are shifted"]
        );
        assert_eq!((input.rows_read, input.rows_used), (3, 2));
        // Past the rows the width is told from, and a repeat of the header, too.
        let mut long = "customer,city,nps,csat\n".to_string();
        for customer in 0..SAMPLE_ROWS + 1 {
            long += &format!("{customer},Lyon,9,5\n");
        }
        long += "x,Paris, France,3,4\ncustomer,city,nps,csat\n";
        let (responses, input, _) = read_with(&long, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), SAMPLE_ROWS + 1);
        let reasons: Vec<_> = input.skipped.groups().iter().map(|g| g.reason).collect();
        assert_eq!(reasons, ["tooManyFields", "repeatedHeader"]);
    }

    #[test]
    fn a_customer_id_excel_rounded_is_left_out_and_the_answers_used() {
        let text = "member,nps\n1.23457E+11,9\n123456789012,7\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(customer_ids(&responses), [None, Some("123456789012")]);
        assert_eq!(
            input.altered.messages(),
            ["roundedCustomerId: line 2: customer id '1.23457E+11' is a number Excel rounded, which may stand for several customers; save the column as text"]
        );
        assert_eq!((input.rows_used, input.responses_with_customer_id), (2, 1));
    }

    #[test]
    fn a_comment_over_two_lines_is_noted_and_a_joined_row_skipped_with_its_lines() {
        // b's comment holds a line break (lines 3–4). c's comment opens a quote that the
        // inch mark of line 6 closes, so d's answer is part of it: the joined row has 4
        // fields where 3 columns are mapped, and is skipped.
        let text = "customer,nps,comment\n\
                    a,9,fine\n\
                    b,7,\"slow\nbut ok\"\n\
                    c,3,\"the 32 inch screen\n\
                    d,10,the 40\" is great,thanks\n\
                    e,8,ok\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(customer_ids(&responses), [Some("a"), Some("b"), Some("e")]);
        assert_eq!(
            input.altered.messages(),
            ["spansLines: lines 3–4: a quoted value holds line breaks; check that the lines after the first are not rows"]
        );
        assert_eq!(
            input.skipped.messages(),
            ["tooManyFields: lines 5–6: the row has values in 4 fields where the table has 3 columns: an unquoted value was split, so its columns are shifted"]
        );
    }

    #[test]
    fn a_stray_byte_in_a_utf8_survey_is_named_with_its_line() {
        // Fifty comments in Chinese, then one pasted in from Windows-1252 on line 52.
        let mut bytes = b"customer,nps,comment\n".to_vec();
        for i in 0..50 {
            bytes.extend_from_slice(format!("c{i},9,很好\n").as_bytes());
        }
        bytes.extend_from_slice(b"x,8,tr\xE8s bien\n");
        let params = SurveyParams::default().check().unwrap();
        let (responses, input, _) = read_responses(&bytes, &params, None).unwrap();
        assert_eq!(
            (input.encoding.as_str(), responses.rows.len()),
            ("UTF-8", 51)
        );
        let texts: Vec<&str> = input
            .limitations
            .iter()
            .map(|l| l.text.en.as_str())
            .collect();
        assert_eq!(texts.len(), 1);
        assert!(
            texts[0]
                .starts_with("1 character is not valid UTF-8 and is read as \u{FFFD} (on line 52)"),
            "{texts:?}"
        );
    }

    /// The error reading `text` with `params` gives, if about answers above a scale: how many
    /// of how many, the first line, and the scale suggested.
    fn above_scale(text: &str, params: SurveyParams) -> Option<(u64, u64, u64, Scale)> {
        let Err(error) = read_with(text, params) else {
            return None;
        };
        let ErrorKind::InSurveyFile(error) = error.kind() else {
            panic!("{error}");
        };
        match error.kind() {
            &ErrorKind::AnswersAboveScale {
                above,
                answered,
                first_line,
                suggested,
                ..
            } => Some((above, answered, first_line, suggested)),
            _ => panic!("{error}"),
        }
    }

    #[test]
    fn many_answers_above_a_usual_scale_refuse_the_file_a_few_are_typos() {
        // 3 answers of 60 above CSAT's 1–5 are 1 in 20: the question was likely asked on a
        // wider scale. Of 61, or 2 of 40, they are left out as typos.
        let csat = |above: &[&str], on_scale: usize| {
            let lines = above.iter().map(|answer| format!("r,{answer}\n"));
            let above: String = lines.collect();
            format!("id,csat\nr,3\n{above}{}", "r,4\n".repeat(on_scale))
        };
        let default = SurveyParams::default;
        let suggested = Scale::new(1, 7);
        assert_eq!(
            above_scale(&csat(&["6", "7", "6"], 56), default()),
            Some((3, 60, 3, suggested))
        );
        assert_eq!(above_scale(&csat(&["6", "7", "6"], 57), default()), None);
        assert_eq!(above_scale(&csat(&["6", "7"], 37), default()), None);
        // Labelled, as survey tools export them, and up to 10: the scale to give is 1–10.
        let labelled = csat(&["7 - Very satisfied", "10", "9"], 0);
        assert_eq!(
            above_scale(&labelled, default()),
            Some((3, 4, 3, Scale::new(1, 10)))
        );
        // Beyond 10 they are codes ("don't know" as 99), not a wider scale's answers.
        assert_eq!(above_scale(&csat(&["99", "99", "99"], 0), default()), None);
        // CES's usual scale is 1–7; NPS's 0–10 has nothing above it that counts.
        let ces = format!("id,ces\nr,8\nr,9\nr,10\n{}", "r,5\n".repeat(10));
        assert_eq!(
            above_scale(&ces, default()),
            Some((3, 13, 2, Scale::new(1, 10)))
        );
        // A scale given is read as given: the answers above it are left out, as the user chose.
        let given = SurveyParams {
            csat: QuestionParams {
                scale: Some(Scale::new(1, 5)),
                ..QuestionParams::default()
            },
            ..default()
        };
        let (_, _, left_out) = read_with(&csat(&["6", "7", "6"], 0), given).unwrap();
        assert_eq!(
            left_out[1],
            LeftOut {
                missing: 0,
                invalid: 3,
                above_scale: 3
            }
        );
    }

    #[test]
    fn undeclared_codes_are_invalid_never_zero() {
        let (responses, input, left_out) =
            read_with("csat\n-99\n4\n", SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), 1);
        assert_eq!(
            left_out[1],
            LeftOut {
                missing: 0,
                invalid: 1,
                above_scale: 0
            }
        );
        assert_eq!(input.skipped.groups()[0].reason, "noAnswer");
    }

    #[test]
    fn missing_codes_match_numbers_by_value_and_texts_ignoring_case() {
        let params = SurveyParams {
            missing_codes: vec!["-99".into(), "Skipped".into()],
            ..SurveyParams::default()
        };
        let (responses, _, left_out) = read_with("nps\n-99.0\nSKIPPED\n无\n7\n", params).unwrap();
        assert_eq!(responses.rows.len(), 1);
        assert_eq!(
            left_out[0],
            LeftOut {
                missing: 3,
                invalid: 0,
                above_scale: 0
            }
        );
        // A dash is a text code: a 0 is still an answer.
        let params = SurveyParams {
            missing_codes: vec!["-".into()],
            ..SurveyParams::default()
        };
        let (responses, _, left_out) = read_with("nps\n0\n-\n", params).unwrap();
        assert_eq!(responses.rows.len(), 1);
        assert_eq!(left_out[0].missing, 1);
    }

    #[test]
    fn dashes_of_every_width_and_length_are_missing_not_invalid() {
        // The full-width dash and minus sign as an input method types them, the en and em
        // dash as a spreadsheet turns `-` and `--` into, and full-width NA.
        let text = "nps,csat\n－,5\n—,5\n–,5\n−,5\n——,5\nＮＡ,5\n8,5\n";
        let (responses, input, left_out) = read_with(text, SurveyParams::default()).unwrap();
        assert_eq!(responses.rows.len(), 7);
        assert_eq!(
            left_out[0],
            LeftOut {
                missing: 6,
                invalid: 0,
                above_scale: 0
            }
        );
        assert_eq!(input.invalid_answers.total(), 0);
        // A dash beside a number is no answer's spelling: still off the scale.
        let (_, _, left_out) = read_with(
            "nps
—5
8
",
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!((left_out[0].missing, left_out[0].invalid), (0, 1));
    }

    #[test]
    fn declared_scale_is_applied() {
        let params = SurveyParams {
            nps: QuestionParams {
                scale: Some(Scale::new(1, 10)),
                ..QuestionParams::default()
            },
            ..SurveyParams::default()
        };
        let (responses, input, _) = read_with("nps\n0\n1\n10\n", params).unwrap();
        assert_eq!(responses.rows.len(), 2);
        assert_eq!(
            input.invalid_answers.messages(),
            ["invalidAnswer: line 2: NPS '0' is not a whole number on the scale 1–10"]
        );
    }

    #[test]
    fn a_column_named_score_is_nps_where_its_first_answers_show_a_0_to_10_scale() {
        // Delighted's export: its one question in `Score`; a 9 and a 10 are past CES's 7.
        let text = "Response ID,Email,Score,Comment,Created At (UTC)\n\
            1,a@x.com,9,Great,2024-03-01 10:00:00 UTC\n\
            2,b@x.com,3,Slow,2024-03-02 10:00:00 UTC\n\
            3,c@x.com,NA,,2024-03-03 10:00:00 UTC\n\
            4,d@x.com,10,,2024-03-04 10:00:00 UTC\n";
        let (responses, input, _) = read_with(text, SurveyParams::default()).unwrap();
        let nps: Vec<Option<u8>> = responses.rows.iter().map(|r| r.answers[0]).collect();
        // Line 4 answers nothing, and is skipped as such.
        assert_eq!(nps, [Some(9), Some(3), Some(10)]);
        assert_eq!(input.rows_skipped, 1);
        let columns = (input.columns.nps.as_deref(), input.columns.csat.as_deref());
        assert_eq!(columns, (Some("Score"), None));
        assert_eq!(input.columns.customer.as_deref(), Some("Email"));
        assert_eq!(input.columns.comment.as_deref(), Some("Comment"));
        let headers = [
            "Response ID",
            "Email",
            "Score",
            "Comment",
            "Created At (UTC)",
        ];
        assert_eq!(input.headers, headers);

        // Answers of 1 to 5 may be CSAT as well (Delighted's CSAT survey writes `Score` too).
        let text = "Email,Score\na@x.com,5\nb@x.com,1\nc@x.com,4\n";
        let error = read_with(text, SurveyParams::default()).unwrap_err();
        assert_eq!(error.code(), "missingColumn");
        assert!(error.in_survey_file());
        assert_eq!(
            error.headers(),
            Some(&["Email".to_string(), "Score".to_string()][..])
        );
        assert_eq!(
            error.to_string(),
            "survey file: the first answers in the column 'Score' run from 1 to 5, which does not tell whether it is NPS (0–10), CSAT or CES; give it with the option --nps-column, --csat-column or --ces-column (npsColumn, csatColumn or cesColumn in JS)"
        );
        // Named, the column is what the user says.
        let params = SurveyParams {
            csat: QuestionParams {
                column: Some("Score".into()),
                ..QuestionParams::default()
            },
            ..SurveyParams::default()
        };
        let (responses, input, _) = read_with(text, params).unwrap();
        assert_eq!(input.columns.csat.as_deref(), Some("Score"));
        assert_eq!(responses.rows[0].answers[1], Some(5));
    }

    #[test]
    fn empty_and_unanswered_files_say_so() {
        let empty = read_with("nps,csat\n", SurveyParams::default()).unwrap_err();
        assert_eq!(empty.code(), "emptyInput");
        assert_eq!(
            empty.to_string(),
            "the survey file has no data rows; choose a CSV file with a header row and one row per survey response"
        );
        let none = read_with("nps\nNA\n\n-\n", SurveyParams::default()).unwrap_err();
        assert_eq!(none.code(), "noUsableRows");
        assert_eq!(
            none.to_string(),
            "none of the 2 survey rows has a usable answer (first problem: line 2: no question has a usable answer)"
        );
        let columns = read_with("a,b\n1,2\n", SurveyParams::default()).unwrap_err();
        assert!(
            columns
                .to_string()
                .starts_with("survey file: no NPS, CSAT or CES column"),
            "{columns}"
        );
    }
}
