//! Full MRZ parses per second on one core: every zone of a vectors file
//! (`{"mrz": …}` per line) read, checked and its fields produced, over and
//! over for a few seconds. `bench/mrz.sh` runs it beside the python peers.
//!
//! cargo run --release -p corridor-docs --example mrz_bench -- VECTORS.jsonl [TD3|all] [SECONDS]

use std::hint::black_box;
use std::time::{Duration, Instant};

use corridor_docs::date::Date;
use corridor_docs::validate::validate;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: mrz_bench VECTORS.jsonl [TD3|all] [SECONDS]");
        std::process::exit(2)
    });
    let which = args.next().unwrap_or_else(|| "all".into());
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error: {path}: {e}");
        std::process::exit(1)
    });
    let zones: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| which == "all" || v["format"] == which.as_str())
        .filter_map(|v| v["mrz"].as_str().map(str::to_owned))
        .collect();
    if zones.is_empty() {
        eprintln!("error: no {which} zones in {path}");
        std::process::exit(1)
    }
    let as_of = Date::new(2025, 1, 1).expect("a real day");
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut parses = 0u64;
    let mut checksum = 0usize;
    while start.elapsed() < budget {
        for _ in 0..1000 {
            for zone in &zones {
                let v = validate(black_box(zone), as_of);
                // Touch what a caller prints: every field and verdict.
                if let Some(f) = &v.fields {
                    checksum += f.surname.len() + f.given_names.len() + f.document_number.len();
                    checksum += f.optional_data.len() + usize::from(f.birth_date.is_some());
                }
                checksum += usize::from(v.is_valid()) + v.problems.len();
                black_box(&v);
                parses += 1;
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "corridor\t{which}\t{} zones\t{parses} parses in {elapsed:.2} s\t{:.0} parses/s\t(checksum {checksum})",
        zones.len(),
        parses as f64 / elapsed
    );
}
