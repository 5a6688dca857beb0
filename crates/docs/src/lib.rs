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
//! the zone) in [`national`], a stolen and lost document list read from CSV
//! text in [`stolen_lost`], and the screening of documents for signs of
//! fraud in [`screen`]: each record of a document (a *sighting*, with the
//! data of the person it was linked to) alone and against all others,
//! every finding with its indicator, evidence and severity.
//!
//! It must never do I/O, know about reports or storage, or decide what to
//! do about a suspect document: it says what a document says, whether it
//! is consistent, and how strongly each inconsistency suggests fraud.

pub mod codes;
pub mod date;
pub mod mrz;
pub mod national;
pub mod screen;
pub mod stolen_lost;
pub mod validate;
