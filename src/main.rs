//! The `custval` command-line tool: a thin front end over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use custval::{analyze, Date, Options};

/// Customer value analysis of a transactions CSV: recency, frequency and monetary value per
/// customer, written as a JSON report.
#[derive(Parser)]
#[command(name = "custval", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a transactions CSV and print the report as JSON.
    ///
    /// The file needs a header row naming a customer id, a date and an amount column (or
    /// quantity and unit price), in English or Chinese, e.g. customer_id/客户编号,
    /// order_date/订单日期, amount/金额. Exit status: 0 on success, 1 when the input cannot be
    /// analysed, 2 on a usage error.
    Analyze {
        /// The transactions file (CSV, TSV, semicolon- or pipe-separated; UTF-8, UTF-16 or GBK).
        file: PathBuf,
        /// The observation end date (YYYY-MM-DD), inclusive; later transactions are not scored.
        /// Default: the latest transaction date in the file.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
        /// Write the report to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let Command::Analyze {
        file,
        as_of,
        output,
    } = Cli::parse().command;
    match run(&file, as_of, output.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("custval: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(file: &PathBuf, as_of: Option<Date>, output: Option<&PathBuf>) -> Result<(), String> {
    let bytes =
        std::fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let report = analyze(&bytes, &Options { as_of })
        .map_err(|error| format!("{}: {error}", file.display()))?;
    let mut json = serde_json::to_vec_pretty(&report).map_err(|error| error.to_string())?;
    json.push(b'\n');
    let written = match output {
        Some(path) => std::fs::write(path, &json)
            .map_err(|error| format!("cannot write {}: {error}", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(&json)
            .map_err(|error| format!("cannot write the report: {error}")),
    };
    written
}
