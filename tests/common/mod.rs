//! Helpers shared by the integration tests.
#![allow(dead_code)] // Each test crate uses a different part.

use std::path::{Path, PathBuf};

/// A file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The raw rows of ../shared/data/cdnow/CDNOW_sample.txt: master id, sample id, YYYYMMDD,
/// number of CDs, dollar value.
pub fn cdnow_rows() -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cdnow/CDNOW_sample.txt");
    let raw =
        std::fs::read_to_string(&path).expect("../shared/data/cdnow/CDNOW_sample.txt is readable");
    raw.lines()
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The CDNOW sample as a headed CSV, as a user would export it, keyed by the sample id.
pub fn cdnow_csv() -> String {
    let mut csv = String::from("master_id,customer_id,date,cds,amount\n");
    for fields in cdnow_rows() {
        csv.push_str(&fields.join(","));
        csv.push('\n');
    }
    csv
}

/// Seeded synthetic customers drawn from the BG/NBD and Gamma-Gamma processes themselves:
/// purchase rate λ ~ Gamma(r, α), dropout probability p ~ Beta(a, b) after each purchase,
/// observation time T uniform on 1–39 weeks, spend per purchase Gamma(p_spend, ν) with
/// ν ~ Gamma(q, v). Parameters as published for CDNOW, in weeks. T and t_x are whole days
/// (rounded down), as dates in real data are.
pub fn simulated_customers(n: usize, seed: u64) -> Vec<custval::ClvInput> {
    use rand::{Rng, SeedableRng};
    use rand_distr::{Beta, Distribution, Exp, Gamma};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
    let rate = Gamma::new(0.243, 1.0 / 4.414).unwrap();
    let dropout = Beta::new(0.793, 2.426).unwrap();
    let scale = Gamma::new(3.74, 1.0 / 15.44).unwrap();
    (0..n)
        .map(|_| {
            let (lambda, p, nu): (f64, f64, f64) = (
                rate.sample(&mut rng),
                dropout.sample(&mut rng),
                scale.sample(&mut rng),
            );
            let whole_days = |weeks: f64| (weeks * 7.0).floor() / 7.0;
            let t: f64 = whole_days(rng.gen_range(1.0..39.0));
            let (mut x, mut t_x, mut clock, mut spent) = (0u32, 0.0, 0.0, 0.0);
            let gap = Exp::new(lambda.max(1e-12)).unwrap();
            let spend = Gamma::new(6.25, 1.0 / nu).unwrap();
            loop {
                clock += gap.sample(&mut rng);
                if clock > t {
                    break;
                }
                x += 1;
                t_x = whole_days(clock);
                spent += spend.sample(&mut rng);
                if rng.gen_bool(p) {
                    break;
                }
            }
            custval::ClvInput {
                x,
                t_x,
                t,
                mean_spend: (x > 0).then(|| spent / f64::from(x)),
            }
        })
        .collect()
}

/// The `custval` binary as a command, without the id salt a developer may have set in the
/// environment (`CUSTVAL_ID_SALT`), which would hash the ids of the CSV exports checked here.
pub fn custval_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_custval"));
    command.env_remove("CUSTVAL_ID_SALT");
    command
}
