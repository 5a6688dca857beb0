//! Any bytes as a stolen and lost document list: the reader must never
//! panic; a refused list names at least one problem, each on a line of the
//! input; an accepted list finds every document it holds by its number.
#![no_main]

use corridor_docs::stolen_lost::{normalise_number, StolenLostList};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.split('\n').count();
    match StolenLostList::parse(&text) {
        Ok(list) => {
            if list.is_empty() {
                return;
            }
            for line in text.lines().skip(1) {
                if let Some(number) = line.split(',').next() {
                    let _ = list.entries(&normalise_number(number));
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a refused list says why");
            for p in &problems {
                assert!(p.line >= 1 && p.line <= lines, "{p}");
                assert!(!p.to_string().is_empty());
            }
        }
    }
});
