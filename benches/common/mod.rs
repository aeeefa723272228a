//! Seeded synthetic customers shared by the native and the WebAssembly benchmarks.

use custval::{Customer, Date};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Customers of three behaviours (recent regulars, occasional, lapsed one-time buyers) with
/// noise, as RFM summaries.
pub fn customers(n: usize) -> Vec<Customer> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let day: Date = "2024-01-01".parse().expect("a date");
    (0..n)
        .map(|i| {
            let (recency, frequency, spend): (i32, u32, f64) = match i % 3 {
                0 => (
                    rng.gen_range(0..60),
                    rng.gen_range(4..20),
                    rng.gen_range(40.0..90.0),
                ),
                1 => (
                    rng.gen_range(30..300),
                    rng.gen_range(2..6),
                    rng.gen_range(20.0..60.0),
                ),
                _ => (rng.gen_range(200..700), 1, rng.gen_range(5.0..40.0)),
            };
            Customer {
                id: format!("c{i}"),
                first_purchase: Some(day),
                last_purchase: day,
                recency_days: recency,
                frequency,
                monetary: f64::from(frequency) * spend,
                gross_profit: None,
            }
        })
        .collect()
}
