//! Any bytes as a CSV file of any kind, then assembled: never a panic.
#![no_main]

use std::path::Path;

use corridor_formats::{CsvKind, CsvSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else { return };
    let kind = CsvKind::ALL[selector as usize % CsvKind::ALL.len()];
    let mut set = CsvSet::default();
    let _ = set.read(Path::new("fuzz.csv"), kind, text, &mut |_| {});
    let _ = set.finish(&|_| true, &mut |_, _| Ok(()));
});
