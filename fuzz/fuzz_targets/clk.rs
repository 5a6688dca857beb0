//! Any bytes as a `.clk` file: the reader must never panic or allocate
//! beyond what the bytes can hold; a refused file says where; an accepted
//! one writes back to exactly the same bytes and links with itself.
#![no_main]

use corridor_pprl::ClkFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match ClkFile::parse(data) {
        Ok(file) => {
            assert_eq!(file.to_bytes(), data, "a file reads back as written");
            assert_eq!(file.words.len(), file.len() * file.words_per_record());
            if !file.is_empty() && file.len() <= 64 {
                let w = file.words_per_record();
                let l = corridor_pprl::link(&file.words, &file.words, w, 0.9, &|_| {});
                assert!(l.matches.len() <= file.len());
            }
        }
        Err(e) => assert!(e.offset <= data.len(), "{e}"),
    }
});
