//! The node's one policy decision point. Given who asks (a user of an
//! agency, with a role), what they want to do, why, and the record —
//! its author, handling code, releasability and the roles of the people in
//! it — `share` allows, denies, or hands back the redacted view that caller
//! may see. API responses, partner exports, encodings for privacy-preserving
//! linkage, error messages and logs all pass through here: nothing else in
//! Corridor decides what leaves the node. Protected people (victims,
//! witnesses, informants, returnees) reach a partner only as a pseudonym
//! keyed per recipient agency, with their birth date cut to a year and the
//! places they were seen cut to a country. Returns cases are behind the
//! asylum wall: only case officers of the case's agency act on them, and a
//! state taking part in a return receives only [`CaseRelease`], the
//! minimum identity its part needs, never an asylum marker or any field of
//! the asylum file ([`release_case`]). This crate is pure: it never
//! touches storage, the network or the clock, and it never logs — so it can
//! be tested exhaustively, agency × role × record × action.

mod caller;
mod cases;
mod keys;
mod policy;
mod pseudonym;

pub use caller::{Action, Caller, Purpose, UserRole};
pub use cases::{
    release_case, CaseRelease, Recipient, RecipientRole, ReleaseDenied, ReleasedDocument,
    ReleasedPerson, ReleasedRemoval, ReleasedTo,
};
pub use keys::NodeKeys;
pub use policy::{release, Denied, Policy, Release};
pub use pseudonym::PseudonymKey;
