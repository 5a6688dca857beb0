//! Keys: a secret file two partners share, turned into one key per pair of
//! partners and per field by HKDF-SHA256.

use hkdf::Hkdf;
use sha2::Sha256;

/// A key file must hold at least this many bytes. 32 random bytes
/// (`head -c 32 /dev/urandom`) are what it should hold; fewer than 16 can
/// be guessed, and a guessed key lets whoever holds an encoding test names
/// against it at leisure.
pub const MIN_KEY_BYTES: usize = 16;

/// The HKDF salt: fixes this construction so that the same key file used
/// for something else derives unrelated keys.
const SALT: &[u8] = b"corridor-pprl/v1";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the key file holds {0} bytes; it needs at least {MIN_KEY_BYTES} random bytes (make one with `head -c 32 /dev/urandom > pair.key` and give it to the partner over a secure channel)")]
    TooShort(usize),
    #[error("{0:?} is not an agency code a pair can be made of (expected upper-case letters, digits and `-`, such as GBR-BSC)")]
    BadAgency(String),
    #[error("a pair needs two different agencies, found {0} twice")]
    SameAgency(String),
}

/// The key of one pair of partners: every encoding either of them makes for
/// the other is keyed by it, and nothing else is.
///
/// Both partners derive it alike from the same key file (the input keying
/// material, read whole — any bytes, any length from
/// [`MIN_KEY_BYTES`]) and the two agency codes sorted, so that `GBR-BSC`
/// encoding for `SRB-MUP` and `SRB-MUP` encoding for `GBR-BSC` get the same
/// key: HKDF-Extract with salt `corridor-pprl/v1`, then HKDF-Expand with info
/// `corridor-pprl/v1|pair=GBR-BSC+SRB-MUP|<purpose>`. A key file shared
/// with several partners by mistake still gives each pair its own keys; the
/// key file itself should be made for one pair and never reused.
#[derive(Clone)]
pub struct PairKey {
    hkdf: Hkdf<Sha256>,
    pair: String,
}

impl std::fmt::Debug for PairKey {
    // Never the key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PairKey {{ pair: {:?} }}", self.pair)
    }
}

impl PairKey {
    /// The key for `pair` (two agency codes, in any order), or for no pair
    /// when the key file is already bilateral and no codes were given.
    pub fn derive(key_file: &[u8], pair: Option<(&str, &str)>) -> Result<PairKey, KeyError> {
        if key_file.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort(key_file.len()));
        }
        let pair = match pair {
            None => String::new(),
            Some((a, b)) => pair_label(a, b)?,
        };
        Ok(PairKey {
            hkdf: Hkdf::<Sha256>::new(Some(SALT), key_file),
            pair,
        })
    }

    /// `A+B` with the codes sorted, or empty for no pair. Public: it is
    /// written in every encoding's header.
    pub fn pair(&self) -> &str {
        &self.pair
    }

    /// A 128-bit key for one purpose (a field's salt, the balancing
    /// permutation).
    pub(crate) fn subkey(&self, purpose: &str) -> [u8; 16] {
        let info = format!("corridor-pprl/v1|pair={}|{purpose}", self.pair);
        let mut out = [0u8; 16];
        self.hkdf
            .expand(info.as_bytes(), &mut out)
            .expect("16 bytes is far below HKDF-SHA256's limit");
        out
    }
}

/// Two agency codes as the pair label both partners compute alike.
pub fn pair_label(a: &str, b: &str) -> Result<String, KeyError> {
    for code in [a, b] {
        let ok = !code.is_empty()
            && code.len() <= 24
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(KeyError::BadAgency(code.to_owned()));
        }
    }
    if a == b {
        return Err(KeyError::SameAgency(a.to_owned()));
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    Ok(format!("{x}+{y}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_partners_derive_the_same_pair_key() {
        let file = b"0123456789abcdef0123456789abcdef";
        let a = PairKey::derive(file, Some(("GBR-BSC", "SRB-MUP"))).unwrap();
        let b = PairKey::derive(file, Some(("SRB-MUP", "GBR-BSC"))).unwrap();
        assert_eq!(a.subkey("field given_name"), b.subkey("field given_name"));
        assert_eq!(a.pair(), "GBR-BSC+SRB-MUP");
        let c = PairKey::derive(file, Some(("GBR-BSC", "MKD-MVR"))).unwrap();
        assert_ne!(a.subkey("field given_name"), c.subkey("field given_name"));
        assert_ne!(a.subkey("field given_name"), a.subkey("field surname"));
    }

    #[test]
    fn short_keys_and_bad_pairs_are_refused() {
        assert_eq!(
            PairKey::derive(b"short", None).unwrap_err(),
            KeyError::TooShort(5)
        );
        let file = [7u8; 32];
        assert!(PairKey::derive(&file, Some(("GBR-BSC", "GBR-BSC"))).is_err());
        assert!(PairKey::derive(&file, Some(("gbr", "SRB-MUP"))).is_err());
        assert!(!format!("{:?}", PairKey::derive(&file, None).unwrap()).contains("7"));
    }
}
