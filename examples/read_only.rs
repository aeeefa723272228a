//! Reads a transactions file into an `Analysis` and stops before the analysis, for profiling
//! the reading alone: the file is pushed in 64 KiB pieces, as the npm package pushes a File.
//!
//! ```sh
//! cargo build --release --example read_only
//! valgrind --tool=callgrind target/release/examples/read_only target/bench-data/transactions-1000000.csv
//! ```

use std::error::Error;

use custval::{Analysis, Options};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read_only FILE")?;
    let bytes = std::fs::read(&path)?;
    let mut analysis = Analysis::new(Options::default())?;
    analysis.expect_bytes(bytes.len() as u64);
    for piece in bytes.chunks(1 << 16) {
        analysis.push(piece)?;
    }
    // Freeing the rows is no part of reading them.
    std::mem::forget(std::hint::black_box(analysis));
    Ok(())
}
