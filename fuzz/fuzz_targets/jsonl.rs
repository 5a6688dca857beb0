//! Any bytes as a JSON Lines file: the reader must return reports or
//! problems, never panic, and every report it accepts must survive a write
//! and a re-read unchanged.
#![no_main]

use std::path::Path;

use corridor_formats::{read_jsonl, write_jsonl};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut accepted = Vec::new();
    let _ = read_jsonl(Path::new("fuzz.jsonl"), data, &|_| true, &mut |r, _| {
        accepted.push(r);
        Ok(())
    }, &mut |_| {});
    for report in accepted {
        let mut line = Vec::new();
        write_jsonl(&mut line, &report).unwrap();
        let mut again = Vec::new();
        let problems = read_jsonl(Path::new("again.jsonl"), &line[..], &|_| true, &mut |r, _| {
            again.push(r);
            Ok(())
        }, &mut |_| {});
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again, vec![report]);
    }
});
