//! The node's keys, derived from one secret that `corridor init` writes
//! beside the store (never into it: a copied database file must not carry
//! what unlocks it).

use hkdf::Hkdf;
use sha2::Sha256;

use crate::PseudonymKey;

/// Keys for each purpose, each derived from the node secret with HKDF so
/// that one leaking tells nothing of another.
#[derive(Clone)]
pub struct NodeKeys {
    pub pseudonyms: PseudonymKey,
    /// For encrypting protected people's identifying fields at rest.
    pub at_rest: [u8; 32],
}

impl NodeKeys {
    pub fn derive(secret: &[u8; 32]) -> NodeKeys {
        let hk = Hkdf::<Sha256>::new(Some(b"corridor node keys v1"), secret);
        let mut pseudonyms = [0u8; 32];
        let mut at_rest = [0u8; 32];
        hk.expand(b"pseudonyms", &mut pseudonyms)
            .expect("32 bytes is a valid HKDF length");
        hk.expand(b"at rest", &mut at_rest)
            .expect("32 bytes is a valid HKDF length");
        NodeKeys {
            pseudonyms: PseudonymKey::new(pseudonyms),
            at_rest,
        }
    }
}

impl std::fmt::Debug for NodeKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NodeKeys(..)")
    }
}
