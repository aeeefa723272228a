//! Finding rows identical to an earlier row, once the whole file has been read.

use super::records::Record;
use super::Delimiter;
use crate::parallel::join;

// A row's fingerprint is a 64-bit hash of its bytes: XXH3 natively, XXH64 in WebAssembly. XXH3
// multiplies 64 by 64 bits into 128, which x86-64 and AArch64 do in one instruction and
// WebAssembly by a library call (`__multi3`); XXH64's multiplies stay within 64 bits. The two
// builds' fingerprints differ, which nothing shows: they are only compared with each other,
// within one reading.
#[cfg(not(target_arch = "wasm32"))]
use xxhash_rust::xxh3::{xxh3_64 as hash, xxh3_64_with_seed as hash_with_seed};
#[cfg(target_arch = "wasm32")]
use xxhash_rust::xxh64::xxh64 as hash_with_seed;

#[cfg(target_arch = "wasm32")]
fn hash(bytes: &[u8]) -> u64 {
    hash_with_seed(bytes, 0)
}

/// Every used row's fingerprint (a 64-bit hash of its fields) and line, in file order.
///
/// The hash is of the fields joined by the file's delimiter, which for most lines is the line
/// as written, hashed where it lies; fields that contain the delimiter (quoted) are hashed with
/// their lengths instead, in a way that cannot be mistaken for a join.
///
/// Looking each row up in a table as it is read costs a cache miss per row once the table
/// outgrows the cache, and the table grows with the file. Sorting the fingerprints once at the
/// end puts identical rows side by side at a fraction of that cost, in 16 bytes per row.
///
/// Two different rows share a fingerprint with probability 2⁻⁶⁴ per pair: about one chance in
/// 40 million for a file of a million rows.
pub(crate) struct Fingerprints {
    /// The hash in the high half, the line in the low half, so that sorting orders by hash
    /// and then by line.
    rows: Vec<u128>,
    /// The byte fields are joined by: the delimiter, or a space for whitespace-separated
    /// columns, whose fields never contain one.
    separator: u8,
    /// Room to join the fields of a record not written as its join.
    joined: Vec<u8>,
}

/// Sorts fingerprints, where there are threads half on each core: the hashes' top bit parts
/// them into two halves of about equal size, all of the first below all of the second, so the
/// halves sorted on their own are the whole sorted.
fn sort_on_both_cores(rows: &mut [u128]) {
    let (mut low, mut high) = (0, rows.len());
    while low < high {
        if rows[low] >> 127 == 0 {
            low += 1;
        } else {
            high -= 1;
            rows.swap(low, high);
        }
    }
    let (below, above) = rows.split_at_mut(low);
    join(|| below.sort_unstable(), || above.sort_unstable());
}

/// A row identical to an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// The row's index among the rows fingerprinted.
    pub row: usize,
    /// Its line.
    pub line: u64,
    /// The line of the first row like it.
    pub first_line: u64,
}

impl Fingerprints {
    pub fn new(delimiter: Delimiter) -> Fingerprints {
        Fingerprints {
            rows: Vec::new(),
            separator: delimiter.byte().unwrap_or(b' '),
            joined: Vec::new(),
        }
    }

    /// Notes the next used row.
    pub fn push(&mut self, record: Record<'_>, line: u64) {
        let hash = match record.written_as_joined() {
            Some(text) => hash(text.as_bytes()),
            None => self.hash_fields(record),
        };
        self.rows.push(u128::from(hash) << 64 | u128::from(line));
    }

    /// Notes the next used row, which a heading above it completes (its customer, in a report
    /// grouped by customer): the same fields under two headings are two rows.
    pub fn push_under(&mut self, heading: &str, record: Record<'_>, line: u64) {
        self.push(record, line);
        if let Some(row) = self.rows.last_mut() {
            *row ^= u128::from(hash(heading.as_bytes())) << 64;
        }
    }

    /// The hash a record of the same fields written as their join would have, or, when a field
    /// contains the separator, a hash of each field's length and bytes with another seed.
    fn hash_fields(&mut self, record: Record<'_>) -> u64 {
        let separator = self.separator;
        let joined = &mut self.joined;
        joined.clear();
        if record
            .fields()
            .any(|field| field.as_bytes().contains(&separator))
        {
            for field in record.fields() {
                joined.extend_from_slice(&(field.len() as u64).to_le_bytes());
                joined.extend_from_slice(field.as_bytes());
            }
            return hash_with_seed(joined, 1);
        }
        for (index, field) in record.fields().enumerate() {
            if index > 0 {
                joined.push(separator);
            }
            joined.extend_from_slice(field.as_bytes());
        }
        hash(joined)
    }

    /// Notes the rows `later` noted, which come after these in the file.
    pub fn append(&mut self, later: Fingerprints) {
        self.rows.extend(later.rows);
    }

    /// The line of the row at `index` among the rows noted.
    pub fn line(&self, index: usize) -> u64 {
        self.rows[index] as u64
    }

    /// Forgets the rows at `indices`, which are in increasing order.
    pub fn remove(&mut self, indices: &[usize]) {
        super::rows::remove(&mut self.rows, indices);
    }

    /// Takes room for `additional` more rows, if the allocator can give it.
    pub fn try_reserve_exact(
        &mut self,
        additional: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.rows.try_reserve_exact(additional)
    }

    /// The rows that repeat an earlier row, in file order. The fingerprints are let go.
    pub fn duplicates(&mut self) -> Vec<Duplicate> {
        let mut rows = std::mem::take(&mut self.rows);
        sort_on_both_cores(&mut rows);
        let mut found: Vec<(u64, u64)> = rows
            .chunk_by(|a, b| a >> 64 == b >> 64)
            .filter(|group| group.len() > 1)
            .flat_map(|group| {
                let first_line = group[0] as u64;
                group[1..].iter().map(move |&row| (row as u64, first_line))
            })
            .collect();
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable();
        let lines = LineSet::new(rows.iter().map(|&row| row as u64));
        drop(rows);
        let rows: Vec<usize> = lines.ranks(found.iter().map(|&(line, _)| line)).collect();
        found
            .into_iter()
            .zip(rows)
            .map(|((line, first_line), row)| Duplicate {
                row,
                line,
                first_line,
            })
            .collect()
    }
}

/// The lines of the rows fingerprinted, one bit per line of the file. Lines grow with the
/// rows, so a row's index is the number of rows on earlier lines; counting bits finds it
/// without sorting the lines, at an eighth of a byte per line.
struct LineSet {
    words: Vec<u64>,
}

impl LineSet {
    fn new(lines: impl Iterator<Item = u64> + Clone) -> LineSet {
        let last = lines.clone().max().unwrap_or(0);
        let mut words = vec![0u64; (last / 64) as usize + 1];
        for line in lines {
            words[(line / 64) as usize] |= 1 << (line % 64);
        }
        LineSet { words }
    }

    /// For each of `lines`, lines of the set in increasing order, the number of lines of the
    /// set before it.
    fn ranks<'a>(
        &'a self,
        lines: impl Iterator<Item = u64> + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        let (mut word, mut before_word) = (0, 0);
        lines.map(move |line| {
            let line_word = (line / 64) as usize;
            while word < line_word {
                before_word += self.words[word].count_ones() as usize;
                word += 1;
            }
            let below_in_word = self.words[word] & ((1u64 << (line % 64)) - 1);
            before_word + below_in_word.count_ones() as usize
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::read::records::{OwnedRecord, RecordSplitter, RowTooLong};
    use crate::read::Delimiter;

    fn record(fields: &[&str]) -> OwnedRecord {
        OwnedRecord::from_fields(fields)
    }

    #[test]
    fn a_repeat_gives_the_first_line_and_a_near_miss_does_not() {
        let rows = [
            (2, ["a", "2024-01-01", "5"]),
            (3, ["a", "2024-01-01", "5"]),
            (5, ["b", "2024-01-01", "5"]),
            (6, ["a", "2024-01-02", "5"]),
            (7, ["a", "2024-01-01", "50"]),
            // The same bytes split differently.
            (8, ["a2", "024-01-01", "5"]),
            (9, ["a", "2024-01-01", "5"]),
            (10, ["b", "2024-01-01", "5"]),
        ];
        let mut fingerprints = Fingerprints::new(Delimiter::Comma);
        for (line, fields) in rows {
            fingerprints.push(record(&fields).as_record(), line);
        }
        let found: Vec<(usize, u64, u64)> = fingerprints
            .duplicates()
            .iter()
            .map(|d| (d.row, d.line, d.first_line))
            .collect();
        assert_eq!(found, [(1, 3, 2), (6, 9, 2), (7, 10, 5)]);
    }

    #[test]
    fn rows_of_the_same_fields_match_however_written_and_others_do_not() {
        let text = "a,2024-01-01,5\n\"a\",2024-01-01,5\n a , 2024-01-01,5\r\n\
                    \"a,2024-01-01\",5\na,\"2024-01-01,5\"\n\"a,2024-01-01\",5\n\
                    a,2024-01-01,5,\na,2024-01-0,15\na, 2024-01-01,5\n";
        let mut splitter = RecordSplitter::new(Delimiter::Comma);
        let mut fingerprints = Fingerprints::new(Delimiter::Comma);
        let mut push = |line: u64, record: Record<'_>| -> Result<(), RowTooLong> {
            fingerprints.push(record, line);
            Ok(())
        };
        splitter.feed(text, &mut push).unwrap();
        splitter.finish(&mut push).unwrap();
        let found: Vec<(u64, u64)> = fingerprints
            .duplicates()
            .iter()
            .map(|d| (d.line, d.first_line))
            .collect();
        assert_eq!(found, [(2, 1), (3, 1), (6, 4), (9, 1)]);
    }

    #[test]
    fn sorting_in_halves_sorts_the_whole() {
        let top = 1u128 << 127;
        let mixed: Vec<u128> = (0..1_000u128)
            .map(|i| (i * 7919 % 1_000) << 64 | if i % 3 == 0 { top } else { 0 } | i)
            .collect();
        for mut rows in [
            mixed,
            vec![top | 2, top | 1],
            vec![2, 1],
            vec![top, 0],
            Vec::new(),
        ] {
            let mut expected = rows.clone();
            expected.sort_unstable();
            sort_on_both_cores(&mut rows);
            assert_eq!(rows, expected);
        }
    }

    #[test]
    fn agrees_with_a_map_of_first_lines() {
        let mut fingerprints = Fingerprints::new(Delimiter::Comma);
        let mut first_lines: HashMap<[String; 3], u64> = HashMap::new();
        let mut expected = Vec::new();
        // Rows repeat every 701 × 3 × 11 = 23,133 lines; lines skip a number now and then,
        // as they do around skipped rows.
        for row in 0..50_000u64 {
            let line = row + 2 + row / 97;
            let fields = [
                (row % 701).to_string(),
                ["2024-01-01", "2024-01-02", "2024-01-03"][(row % 3) as usize].to_string(),
                (row % 11).to_string(),
            ];
            let texts: Vec<&str> = fields.iter().map(String::as_str).collect();
            fingerprints.push(record(&texts).as_record(), line);
            match first_lines.get(&fields) {
                Some(&first_line) => expected.push((row as usize, line, first_line)),
                None => {
                    first_lines.insert(fields, line);
                }
            }
        }
        let found: Vec<(usize, u64, u64)> = fingerprints
            .duplicates()
            .iter()
            .map(|d| (d.row, d.line, d.first_line))
            .collect();
        assert_eq!(first_lines.len(), 23_133);
        assert_eq!(found, expected);
    }
}
