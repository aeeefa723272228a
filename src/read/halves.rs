//! Reading a transactions file's rows on both cores.
//!
//! Once the formats are chosen, each row is read the same way wherever it stands; only the
//! numbering of customers and values, the logs and the row before a row tie it to the rows
//! above. So a piece of text is cut at a line break near its middle: the first half is read
//! here as always, the second on the other core by a reader of its own, whose rows, customers,
//! values and notes are then appended to the first half's, renumbered. Where the second
//! reader cannot have read its rows as the first would have (see [`RowReader::can_append`]),
//! or the cut turns out to fall inside a quoted value, its work is dropped and the second half
//! is read here after the first. Either way the result is exactly that of reading on one core.
//!
//! A WebAssembly module in a browser has one thread, where this would only add the appending
//! (see [`crate::parallel`]); there every piece is read on one core.

use super::records::{line_breaks, RecordSplitter, RowTooLong};
use super::row_width::RowWidth;
use super::rows::RowReader;
use super::{read_within, ReadOptions, Rows, Stage};
use crate::error::Error;
use crate::parallel::join;

/// Once the formats are chosen, text is read in slices of about this many bytes, each cut in
/// halves: enough that starting a thread is nothing beside reading half of one, and the
/// second reader never holds more than half a slice's rows before they are appended.
const SLICE_BYTES: usize = 1 << 20;

/// A slice shorter than this is read on one core: its halves would take less time than
/// starting a thread.
const LEAST_IN_HALVES: usize = 16 << 10;

/// Splits `text` into records and reads them, the rows of a transactions file on both cores
/// where the target has threads.
pub(super) fn feed(
    splitter: &mut RecordSplitter,
    stage: &mut Stage,
    options: &ReadOptions,
    mut text: &str,
) -> Result<(), Error> {
    while !text.is_empty() {
        // Until the formats are chosen, short slices, so that the rows soon after the ones
        // they are chosen by are read in halves.
        let size = match stage {
            Stage::Rows { .. } => SLICE_BYTES,
            _ => LEAST_IN_HALVES,
        };
        let end = slice_end(text, size);
        let slice = &text[..end];
        match stage {
            // Not in a report grouped by customer: a row there belongs to the heading above
            // it, which the other half would not have seen.
            Stage::Rows {
                rows: Rows::Transactions(reader),
                formats,
                width,
                ..
            } if cfg!(not(target_arch = "wasm32"))
                && slice.len() >= LEAST_IN_HALVES
                && !reader.map.customer_in_headings =>
            {
                let later = reader.reader_for_later_rows(formats);
                read_in_halves(splitter, reader, later, *width, slice)?;
            }
            _ => splitter.feed(slice, &mut |line, record| {
                stage.accept(line, record, options)
            })?,
        }
        text = &text[end..];
    }
    Ok(())
}

/// Where the first slice of `text` ends: after the first line break past `size` bytes, or at
/// the end.
fn slice_end(text: &str, size: usize) -> usize {
    let bytes = text.as_bytes();
    bytes
        .get(size..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(bytes.len(), |at| size + at + 1)
}

/// `text` cut after the first line break past its middle before which the quotes are even in
/// number, which suggests that no quoted value is open there, and where the line after it is
/// not one `poor_start` rejects (given the line before it too); `None` where there is no such
/// line break before the end. A
/// quote inside an unquoted value (`5" screen`) can mislead the count: the reader of the first
/// half tells, by ending between two records or not.
fn halves(text: &str, poor_start: impl Fn(&str, &str) -> bool) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let middle = bytes.len() / 2;
    let quotes_in =
        |range: std::ops::Range<usize>| memchr::memchr_iter(b'"', &bytes[range]).count();
    let mut quotes = quotes_in(0..middle);
    let mut counted_to = middle;
    for line_break in memchr::memchr_iter(b'\n', &bytes[middle..]) {
        let cut = middle + line_break + 1;
        quotes += quotes_in(counted_to..cut);
        counted_to = cut;
        let next_line = text[cut..].split('\n').next().unwrap_or_default();
        let previous_line = text[..cut - 1].rsplit('\n').next().unwrap_or_default();
        if quotes % 2 == 0 && !poor_start(previous_line, next_line) {
            return (cut < bytes.len()).then(|| text.split_at(cut));
        }
    }
    None
}

/// Reads `text` with `reader`, its second half, if it has halves, on the other core with
/// `later`, a reader made like `reader` that has read nothing yet.
fn read_in_halves(
    splitter: &mut RecordSplitter,
    reader: &mut RowReader,
    mut later: RowReader,
    width: RowWidth,
    text: &str,
) -> Result<(), RowTooLong> {
    // A further line of an order would have to be judged by the line above it, in the other
    // half: the cut moves on past those it can see.
    let poor_start = |previous: &str, line: &str| reader.may_follow_its_order(previous, line);
    let Some((first, second)) = halves(text, poor_start) else {
        return read(splitter, reader, width, text);
    };
    let second_line = splitter.next_line() + line_breaks(first.as_bytes());
    let Some(mut later_splitter) = splitter.starting_at(second_line) else {
        return read(splitter, reader, width, text);
    };
    let (later_read, first_read) = join(
        || read(&mut later_splitter, &mut later, width, second),
        || read(splitter, reader, width, first),
    );
    first_read?;
    let cut_between_records = splitter.between_records() && splitter.next_line() == second_line;
    if later_read.is_ok() && cut_between_records && reader.can_append(&later) {
        reader.append(later);
        *splitter = later_splitter;
        Ok(())
    } else {
        read(splitter, reader, width, second)
    }
}

/// Splits `text` into records and reads them with `reader`.
fn read(
    splitter: &mut RecordSplitter,
    reader: &mut RowReader,
    width: RowWidth,
    text: &str,
) -> Result<(), RowTooLong> {
    splitter.feed(text, &mut |line, record| {
        read_within(reader, width, line, record);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::{halves, slice_end, SLICE_BYTES};
    use crate::read::{Ingest, Ingested, ReadFacts, ReadOptions, Transactions};

    /// The transactions read from `text` pushed in pieces of `piece` bytes, and what the
    /// reading found.
    fn read_in_pieces(text: &str, piece: usize) -> (Transactions, ReadFacts) {
        let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
        for chunk in text.as_bytes().chunks(piece) {
            ingest.push(chunk).unwrap();
        }
        let (Ingested::Transactions(transactions), facts) = ingest.finish().unwrap() else {
            panic!("a customer file where transactions were expected");
        };
        (transactions, facts)
    }

    /// The rows skipped, by reason, with their lines, of `text` pushed in pieces of `piece`.
    fn skipped(text: &str, piece: usize) -> Vec<(&'static str, Vec<u64>)> {
        let (_, facts) = read_in_pieces(text, piece);
        let groups = facts.skipped.groups().iter();
        groups
            .map(|group| {
                (
                    group.reason,
                    group.examples.iter().map(|row| row.line).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_further_line_of_an_order_where_the_halves_meet_is_judged_by_the_line_above() {
        // After the 10,000 rows the formats are chosen by, every other line is a further line
        // of the order on the line above, its amount empty but quoted, so that the cut does
        // not move past it: wherever a slice of the text is cut in halves, the second half
        // starts with one or with the line above one. Without that line, the further line's
        // empty amount would be invalid.
        let sample = "c,2024-01-05,10\n".repeat(10_000);
        let orders = "a,2024-01-06,50\na,2024-01-06,\"\"\n".repeat(3_000);
        for shift in ["", "b,2024-01-06,5\n"] {
            let text = format!("customer,date,amount\n{sample}{shift}{orders}");
            let first = 1 + 10_000 + 1 + shift.lines().count() as u64;
            let further_lines: Vec<u64> = (0..100).map(|order| first + 2 * order + 1).collect();
            let expected = vec![("lineWithoutAmount", further_lines)];
            assert_eq!(skipped(&text, text.len()), expected);
            assert_eq!(skipped(&text, 100_000), expected);
            assert_eq!(skipped(&text, 1), expected);
        }
    }

    #[test]
    fn an_order_total_repeated_where_the_halves_meet_is_counted_once() {
        // Orders of three rows, one per item, each repeating the order's total. The cut moves
        // past the further rows of an order; where its id is quoted the cut does not look,
        // and the second half may start inside an order.
        let sample: String = (0..10_000)
            .map(|order| format!("c,s{order},2024-01-05,10\n"))
            .collect();
        for quote in ["", "\""] {
            let orders: String = (0..3_000)
                .map(|order| format!("a,{quote}{order}{quote},2024-01-06,50\n").repeat(3))
                .collect();
            let text = format!("Customer,Order ID,Date,Order Total\n{sample}{orders}");
            assert_orders_counted_once(&text);
        }
    }

    fn assert_orders_counted_once(text: &str) {
        for piece in [text.len(), 100_000, 1] {
            let (transactions, facts) = read_in_pieces(text, piece);
            let revenue: f64 = transactions.rows.iter().map(|row| row.amount).sum();
            assert_eq!(
                revenue,
                10.0 * 10_000.0 + 50.0 * 3_000.0,
                "pieces of {piece}"
            );
            let groups = facts.altered.groups();
            let counts: Vec<(&str, u64)> = groups.iter().map(|g| (g.reason, g.count)).collect();
            assert_eq!(counts, [("repeatedOrderTotal", 6_000)], "pieces of {piece}");
        }
    }

    #[test]
    fn rows_after_a_stray_quote_are_read_in_halves_and_in_pieces_alike() {
        // 12,000 rows of 100 customers, 10 each. Stray quotes open values on lines 502 (in
        // the rows the formats are chosen by) and 11,002, each closed by another 40 and 500
        // lines on, and on line 11,902, never closed. Every line is a row: 12,000 rows,
        // 100 customers, 120,000 in all, the three lines of the quotes read as written.
        let product = |line: usize| match line {
            502 | 11_002 => "\"24\"\" monitor",
            542 | 11_502 => "27\" monitor",
            11_902 => "\"32\"\" monitor",
            _ => "item",
        };
        let mut text = String::from("customer,date,amount,product\n");
        for row in 0..12_000 {
            let day = row % 28 + 1;
            let product = product(row + 2);
            text += &format!("C{},2024-03-{day:02},10,{product}\n", row % 100);
        }
        for piece in [text.len(), 100_000, 64, 7, 1] {
            let (transactions, facts) = read_in_pieces(&text, piece);
            let revenue: f64 = transactions.rows.iter().map(|row| row.amount).sum();
            let counts = (facts.rows_read, transactions.customer_ids.len(), revenue);
            assert_eq!(counts, (12_000, 100, 120_000.0), "pieces of {piece}");
            assert_eq!(facts.skipped.total(), 0, "pieces of {piece}");
            let groups = facts.altered.groups();
            let altered: Vec<(&str, Vec<u64>)> = groups
                .iter()
                .map(|group| {
                    (
                        group.reason,
                        group.examples.iter().map(|e| e.line).collect(),
                    )
                })
                .collect();
            let expected = [("strayQuote", vec![502, 11_002, 11_902])];
            assert_eq!(altered, expected, "pieces of {piece}");
        }
    }

    #[test]
    fn customers_numbered_by_the_readers_of_many_second_halves_are_those_of_one_core() {
        // Numbers as ids, each customer coming back in later slices and in both halves of
        // them; pieces of 64 KiB are slices read in halves, pieces of 1,000 bytes are too
        // short for halves.
        let mut text = String::from("customer,date,amount\n");
        for row in 0..40_000_u64 {
            let customer = row * 7_919 % 5_003 * 97;
            text += &format!("{customer},2024-03-{:02},{}\n", row % 28 + 1, row % 50);
        }
        let (in_halves, _) = read_in_pieces(&text, 1 << 16);
        let (on_one_core, _) = read_in_pieces(&text, 1_000);
        assert_eq!(in_halves.customer_ids, on_one_core.customer_ids);
        assert!(in_halves.rows == on_one_core.rows);
    }

    #[test]
    fn a_report_grouped_by_customer_is_read_on_one_core() {
        // 6,000 customers, each a heading, three rows and a total: a second half read alone
        // would start under a heading it had not seen.
        let mut text = String::from(",Date,Amount\n");
        for customer in 0..6_000 {
            text += &format!("C{customer},,\n");
            text += ",2024-03-01,10\n,2024-03-02,5\n,2024-03-03,1\n";
            text += &format!("Total for C{customer},,16\n");
        }
        let (transactions, facts) = read_in_pieces(&text, text.len());
        assert_eq!(facts.unattributed.rows, 0);
        let customers: Vec<u32> = transactions.rows.iter().map(|row| row.customer).collect();
        let expected: Vec<u32> = (0..6_000).flat_map(|customer| [customer; 3]).collect();
        assert!(customers == expected);
    }

    #[test]
    fn halves_are_cut_after_a_line_break_outside_quotes() {
        let halves = |text| halves(text, |_, _| false);
        assert_eq!(halves("a,1\nb,2\nc,3\n"), Some(("a,1\nb,2\n", "c,3\n")));
        assert_eq!(halves("\"a\",1\nb,2\nc,3"), Some(("\"a\",1\nb,2\n", "c,3")));
        // The first line break past the middle is inside quotes: the next one.
        assert_eq!(halves("a,1,\"x\ny\",2\nc"), Some(("a,1,\"x\ny\",2\n", "c")));
        // No line break past the middle outside quotes, or only the last byte.
        assert_eq!(halves("a,1,\"x\ny,2"), None);
        assert_eq!(halves("a,1,b,2\n"), None);
        assert_eq!(halves("a,1,b,2"), None);
        assert_eq!(halves(""), None);
    }

    #[test]
    fn the_second_half_starts_with_a_line_it_can_read_alone() {
        let text = "a,1\nb,2\nb,\nb,\nc,3\nd,4\n";
        let amount_empty = |_: &str, line: &str| line.ends_with(',');
        assert_eq!(
            halves(text, amount_empty),
            Some(("a,1\nb,2\nb,\nb,\n", "c,3\nd,4\n"))
        );
        assert_eq!(halves("a,1\nb,2\nb,\n", amount_empty), None);
        // Lines of one order stay together: the line before the cut is given too.
        let same_order = |previous: &str, line: &str| previous.get(..1) == line.get(..1);
        assert_eq!(
            halves("a,1\nb,2\nb,2\nb,2\nc,3\nd,4\n", same_order),
            Some(("a,1\nb,2\nb,2\nb,2\n", "c,3\nd,4\n"))
        );
    }

    #[test]
    fn slices_end_after_a_line_break() {
        let line = "c1,2024-01-05,10\n";
        let text = line.repeat(SLICE_BYTES / line.len() + 10);
        let end = slice_end(&text, SLICE_BYTES);
        assert!(end > SLICE_BYTES && text[..end].ends_with('\n'));
        assert_eq!(end % line.len(), 0);
        assert_eq!(slice_end(&text[..100], SLICE_BYTES), 100);
    }
}
