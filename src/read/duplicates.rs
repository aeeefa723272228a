//! Finding rows identical to an earlier row, in a few bytes per distinct row.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::Date;

/// What identifies a row: its customer, its day and a hash of every field. Identical rows
/// share all three, and a hash collision would also need the same customer and day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RowKey {
    pub customer: u32,
    pub date: Date,
    pub fields: u64,
}

/// The first line of each distinct row.
///
/// Every row of a transactions file is looked up, and most are new, so this grows with the
/// file. A map holding the rows themselves costs 24 bytes per slot, and a hash table keeps
/// up to half its slots empty after it doubles (and both tables while it doubles); here the
/// table holds 4-byte indices into a vector of the rows, which only ever holds rows.
#[derive(Default)]
pub(crate) struct SeenRows {
    table: HashTable<u32>,
    rows: Vec<(RowKey, u64)>,
}

impl SeenRows {
    /// The first line of an earlier row identical to `key`; `None` if there is none, and then
    /// `line` is noted as the first of its kind.
    pub fn first_line(&mut self, key: RowKey, line: u64) -> Option<u64> {
        let SeenRows { table, rows } = self;
        let hash = FxBuildHasher.hash_one(key);
        let row = |index: &u32| rows.get(*index as usize);
        if let Some(first) = table.find(hash, |index| row(index).is_some_and(|r| r.0 == key)) {
            return row(first).map(|r| r.1);
        }
        // Past 2^32 distinct rows (a file of hundreds of gigabytes) rows are not compared.
        let index = u32::try_from(rows.len()).ok()?;
        table.insert_unique(hash, index, |index| {
            row(index).map_or(0, |r| FxBuildHasher.hash_one(r.0))
        });
        rows.push((key, line));
        None
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn key(customer: u32, day: &str, fields: u64) -> RowKey {
        RowKey {
            customer,
            date: day.parse().unwrap(),
            fields,
        }
    }

    #[test]
    fn a_repeat_gives_the_first_line_and_a_near_miss_does_not() {
        let mut seen = SeenRows::default();
        assert_eq!(seen.first_line(key(0, "2024-01-01", 7), 2), None);
        assert_eq!(seen.first_line(key(0, "2024-01-01", 7), 3), Some(2));
        // The same field hash with another customer or day is another row.
        assert_eq!(seen.first_line(key(1, "2024-01-01", 7), 4), None);
        assert_eq!(seen.first_line(key(0, "2024-01-02", 7), 5), None);
        assert_eq!(seen.first_line(key(0, "2024-01-01", 8), 6), None);
        assert_eq!(seen.first_line(key(0, "2024-01-01", 7), 7), Some(2));
        assert_eq!(seen.first_line(key(1, "2024-01-01", 7), 8), Some(4));
    }

    #[test]
    fn agrees_with_a_map_of_first_lines_as_the_table_grows() {
        let mut seen = SeenRows::default();
        let mut reference: HashMap<RowKey, u64> = HashMap::new();
        // Keys repeat every 701 × 3 × 11 = 23,133 lines: distinct rows through several
        // doublings of the table, then repeats.
        for line in 0..50_000u64 {
            let row = key(
                (line % 701) as u32,
                ["2024-01-01", "2024-01-02", "2024-01-03"][(line % 3) as usize],
                line % 11,
            );
            let expected = reference.get(&row).copied();
            reference.entry(row).or_insert(line);
            assert_eq!(seen.first_line(row, line), expected, "line {line}");
        }
        assert_eq!(reference.len(), 23_133);
    }
}
