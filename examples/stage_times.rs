//! Times the analysis of a transactions file stage by stage, natively: reading (the file pushed
//! in 1 MiB pieces into an `Analysis`, as the CLI reads it), the analysis (`finish`) and writing
//! the report as compact JSON to nowhere as the CLI writes it (`write_report`, the customers'
//! rows on both cores), whole and as its summary (`--summary-only`), three times each.
//!
//! ```sh
//! cargo run --release --example stage_times -- target/bench-data/transactions-1000000.csv
//! cargo run --release --example stage_times -- FILE --clusters   # as the page: clusters, k by silhouette
//! ```

use std::error::Error;
use std::time::{Duration, Instant};

use custval::{write_report, Analysis, ClusterParams, JsonLayout, Options, ReportPart};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: stage_times FILE [--clusters]")?;
    let clusters = args.next().as_deref() == Some("--clusters");
    let bytes = std::fs::read(&path)?;
    let options = Options {
        clusters: clusters.then(ClusterParams::default),
        ..Options::default()
    };
    let mb_per_s = |time: Duration| bytes.len() as f64 / time.as_secs_f64() / 1e6;
    for _ in 0..3 {
        let start = Instant::now();
        let mut analysis = Analysis::new(options.clone())?;
        analysis.expect_bytes(bytes.len() as u64);
        for piece in bytes.chunks(1 << 20) {
            analysis.push(piece)?;
        }
        let reading = start.elapsed();
        let start = Instant::now();
        let mut report = analysis.finish()?;
        let analysing = start.elapsed();
        let mut write = |part| {
            let start = Instant::now();
            write_report(std::io::sink(), &mut report, JsonLayout::Compact, part)?;
            Ok::<_, std::io::Error>(start.elapsed())
        };
        let whole = write(ReportPart::Whole)?;
        let summary = write(ReportPart::Summary)?;
        println!(
            "reading {reading:.3?} ({:.0} MB/s), analysis {analysing:.3?}, JSON {whole:.3?} (summary {summary:.3?})",
            mb_per_s(reading)
        );
    }
    Ok(())
}
