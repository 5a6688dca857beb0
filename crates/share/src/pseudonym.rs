//! Pseudonyms keyed per recipient agency.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use corridor_model::AgencyCode;

/// The node's secret for pseudonyms. A pseudonym is an HMAC-SHA256 of the
/// recipient agency and the mention under this key: the same person has one
/// pseudonym for one partner, and two partners' pseudonyms of the same
/// person share nothing, so they cannot join their copies on them. Without
/// the key, a pseudonym cannot be tested against a guessed identity.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl PseudonymKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        PseudonymKey(bytes)
    }

    /// `PSN-` and 20 base-32 characters (100 bits).
    pub fn pseudonym(&self, recipient: &AgencyCode, subject: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"corridor pseudonym v1\0");
        mac.update(recipient.as_str().as_bytes());
        mac.update(b"\0");
        mac.update(subject.as_bytes());
        let digest = mac.finalize().into_bytes();
        const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut out = String::from("PSN-");
        let mut bits = 0u32;
        let mut acc = 0u32;
        for &b in digest.iter() {
            acc = (acc << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 && out.len() < 24 {
                bits -= 5;
                out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
            }
        }
        out
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_recipient_one_pseudonym_two_recipients_two() {
        let key = PseudonymKey::new([7; 32]);
        let gbr = AgencyCode::parse("GBR-BSC").unwrap();
        let srb = AgencyCode::parse("SRB-MUP").unwrap();
        let a = key.pseudonym(&gbr, "R-1/p1");
        assert_eq!(a, key.pseudonym(&gbr, "R-1/p1"));
        assert_ne!(a, key.pseudonym(&srb, "R-1/p1"));
        assert_ne!(a, key.pseudonym(&gbr, "R-1/p2"));
        assert_ne!(a, PseudonymKey::new([8; 32]).pseudonym(&gbr, "R-1/p1"));
        assert_eq!(a.len(), 24);
        assert!(a.starts_with("PSN-"));
        assert!(!format!("{key:?}").contains('7'));
    }
}
