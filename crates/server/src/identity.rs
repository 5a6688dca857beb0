//! Issuing identities: user names and API tokens, one implementation for
//! the command line and the API.

use chrono::{Duration, Utc};
use corridor_store::Store;
use sha2::{Digest, Sha256};

/// How long a token works unless told otherwise.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;

/// A token just issued: shown once, never stored (the store keeps its
/// SHA-256 under `id`).
pub struct Issued {
    pub id: String,
    pub token: String,
    pub expires_at: String,
}

/// The SHA-256 a token is stored and looked up by.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// `N` random bytes from the operating system.
pub fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    Ok(bytes)
}

/// A user name: 1 to 64 of letters, digits and `. _ - @`.
pub fn check_user_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(format!(
            "a user name is 1 to 64 letters, digits or . _ - @ (found {name:?})"
        ));
    }
    Ok(())
}

/// Issues a token for `user`: `ctk_` and 256 random bits in hexadecimal,
/// valid for `days` (1 to 366).
pub fn issue_token(store: &mut dyn Store, user: &str, days: u32) -> Result<Issued, String> {
    if days == 0 || days > 366 {
        return Err(format!(
            "a token lasts 1 to 366 days (found {days}); issue a new one when it expires"
        ));
    }
    let token = format!("ctk_{}", hex::encode(random::<32>()?));
    let id = format!("tok-{}", hex::encode(random::<5>()?));
    let expires_at = (Utc::now() + Duration::days(days.into())).to_rfc3339();
    store
        .add_token(&id, user, &token_hash(&token), &expires_at)
        .map_err(|e| e.to_string())?;
    Ok(Issued {
        id,
        token,
        expires_at,
    })
}
