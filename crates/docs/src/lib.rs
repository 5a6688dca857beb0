//! Travel documents: the machine-readable zone (MRZ) of ICAO Doc 9303.
//!
//! This crate owns the layouts of TD1, TD2, TD3, MRV-A and MRV-B, the
//! check-digit algorithm, and building a correct MRZ from document data
//! (names transliterated per Doc 9303 Part 3 by `corridor-text`). Validation
//! of MRZs read from documents, the stolen and lost document list and the
//! fraud screening will live here too. It must never do I/O, know about
//! reports or storage, or decide what to do about a suspect document: it
//! says what a document's zone says and whether it is consistent.

pub mod mrz;
pub mod national;
