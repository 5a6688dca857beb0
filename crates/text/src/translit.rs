//! Moving names between scripts.
//!
//! Each national function follows the official system of its country,
//! named in its doc; [`to_latin`] and [`icao_mrz`] take text of any script;
//! [`greek_from_latin`] and [`english_to_serbian_latin`] follow what
//! officers write, not a standard. None of these is reversible in general:
//! the reverse functions document what they cannot restore.
//!
//! All functions take any string and never panic; characters they have no
//! rule for are copied unchanged (except in [`icao_mrz`], whose output
//! alphabet is fixed).

mod cyrillic;
mod engine;
mod greek;
mod icao;
mod respell;

pub use cyrillic::{
    bulgarian_to_cyrillic, bulgarian_to_latin, macedonian_to_cyrillic, macedonian_to_latin,
    russian_to_latin, serbian_to_cyrillic, serbian_to_latin, ukrainian_to_latin,
};
pub use greek::greek_to_latin;
pub use icao::icao_mrz;
pub use respell::{english_to_serbian_latin, greek_from_latin};

use greek::Reading;

/// Any script to Latin, each run of characters by its own script.
///
/// Cyrillic goes through the Russian ICAO table ([`russian_to_latin`]),
/// extended with the letters of the other alphabets in their own usual
/// Latin: `ђ` đ, `ћ` ć, `ј` j, `љ` lj, `њ` nj, `џ` dž, `ѓ` gj, `ќ` kj, `ѕ`
/// dz, `є` ie, `ї і` i, `ґ` g, `ў` u. The language of a Cyrillic text is
/// not guessed, so letters the alphabets share follow the Russian table
/// (`Шћепановић` → `Shćepanović`, Ukrainian `г` → g, Bulgarian `щ` →
/// shch). Greek goes through [`greek_to_latin`]. Latin and other scripts
/// are left as they are.
pub fn to_latin(text: &str) -> String {
    if text.is_ascii() {
        // Latin already: nothing to transliterate.
        return text.to_owned();
    }
    greek::transcribe(&cyrillic::cyrillic_to_latin(text), Reading::Elot)
}

/// [`to_latin`], but reading Greek for the sounds a Greek officer meant
/// when writing a foreign name (`ντ` d, `μπ` b, `χ` kh): the form the
/// matching key starts from.
pub(crate) fn to_latin_by_sound(text: &str) -> String {
    greek::transcribe(&cyrillic::cyrillic_to_latin(text), Reading::Sound)
}
