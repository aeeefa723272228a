//! Finding rows identical to an earlier row, once the whole file has been read.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::records::Record;

/// Every used row's fingerprint (a 64-bit hash of its fields) and line, in file order.
///
/// Looking each row up in a table as it is read costs a cache miss per row once the table
/// outgrows the cache, and the table grows with the file. Sorting the fingerprints once at the
/// end puts identical rows side by side at a fraction of that cost, in 16 bytes per row.
///
/// Two different rows share a fingerprint with probability 2⁻⁶⁴ per pair: about one chance in
/// 40 million for a file of a million rows.
#[derive(Default)]
pub(crate) struct Fingerprints {
    /// The hash in the high half, the line in the low half, so that sorting orders by hash
    /// and then by line.
    rows: Vec<u128>,
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
    /// Notes the next used row.
    pub fn push(&mut self, record: Record<'_>, line: u64) {
        // Each field's hash seeds the next one's; XXH3 hashes the length with the bytes, which
        // keeps ("ab", "c") apart from ("a", "bc").
        let hash = record
            .fields()
            .fold(0, |seed, field| xxh3_64_with_seed(field.as_bytes(), seed));
        self.rows.push(u128::from(hash) << 64 | u128::from(line));
    }

    /// Takes room for `additional` more rows, if the allocator can give it.
    pub fn try_reserve_exact(
        &mut self,
        additional: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.rows.try_reserve_exact(additional)
    }

    /// The rows that repeat an earlier row, in file order.
    pub fn duplicates(self) -> Vec<Duplicate> {
        let mut rows = self.rows;
        rows.sort_unstable();
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
        // Lines grow with the rows, so a row's index is its line's position among them.
        let mut lines_in_order: Vec<u64> = rows.iter().map(|&row| row as u64).collect();
        drop(rows);
        lines_in_order.sort_unstable();
        found
            .into_iter()
            .map(|(line, first_line)| Duplicate {
                row: lines_in_order.partition_point(|&l| l < line),
                line,
                first_line,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::read::records::OwnedRecord;

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
        let mut fingerprints = Fingerprints::default();
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
    fn agrees_with_a_map_of_first_lines() {
        let mut fingerprints = Fingerprints::default();
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
