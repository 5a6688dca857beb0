//! Travel documents: the machine-readable zone (MRZ) of ICAO Doc 9303, and
//! the national identity numbers printed beside it.
//!
//! This crate owns the layouts of TD1, TD2, TD3, MRV-A and MRV-B, the
//! check-digit algorithm, building a correct MRZ from document data (names
//! transliterated per Doc 9303 Part 3 by `corridor-text`) in [`mrz`],
//! reading and validating an MRZ exactly as given — shape, characters,
//! check digits, dates, codes, never panicking — in [`validate`], the
//! issuing state and nationality codes in [`codes`], and the former
//! Yugoslav JMBG and the Bulgarian EGN (decoding, checking, comparing with
//! the zone) in [`national`]. The stolen and lost document list and the
//! fraud screening of stored documents will live here too.
//!
//! It must never do I/O, know about reports or storage, or decide what to
//! do about a suspect document: it says what a document's zone says and
//! whether it is consistent.

pub mod codes;
pub mod date;
pub mod mrz;
pub mod national;
pub mod validate;
