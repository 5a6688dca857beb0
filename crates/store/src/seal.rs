//! Sealing protected content at rest: XChaCha20-Poly1305 with a random
//! 24-byte nonce (safe to draw at random for every report) and the report
//! id as associated data, so a sealed body cannot be moved to another
//! report. Sealed form: nonce, then ciphertext and tag.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::{Result, StoreError};

/// The at-rest key a store was opened with.
#[derive(Clone)]
pub struct AtRestKey([u8; 32]);

impl AtRestKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        AtRestKey(bytes)
    }

    pub fn seal(&self, report_id: &str, plain: &str) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce)
            .map_err(|e| StoreError::Invalid(format!("no randomness from the system: {e}")))?;
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: report_id.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Invalid("cannot seal a report".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(out)
    }

    pub fn open(&self, report_id: &str, sealed: &[u8]) -> Result<String> {
        let corrupt = |why: &str| StoreError::Corrupt {
            id: report_id.to_owned(),
            why: why.to_owned(),
        };
        if sealed.len() < 24 {
            return Err(corrupt("its sealed content is truncated"));
        }
        let (nonce, body) = sealed.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: report_id.as_bytes(),
                },
            )
            .map_err(|_| {
                corrupt("its sealed content does not open with this node's key (another node's key, or tampered)")
            })?;
        String::from_utf8(plain).map_err(|_| corrupt("its sealed content is not text"))
    }
}

impl std::fmt::Debug for AtRestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AtRestKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_content_opens_only_with_its_key_and_its_report() {
        let key = AtRestKey::new([3; 32]);
        let sealed = key.seal("R-1", "Amina").unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Amina"));
        assert_eq!(key.open("R-1", &sealed).unwrap(), "Amina");
        assert!(key.open("R-2", &sealed).is_err(), "bound to its report");
        assert!(AtRestKey::new([4; 32]).open("R-1", &sealed).is_err());
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(key.open("R-1", &flipped).is_err());
        assert_ne!(
            key.seal("R-1", "Amina").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
    }
}
