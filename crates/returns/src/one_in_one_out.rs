//! Deadlines of the UK–France "one in, one out" arrangement, as pure
//! functions of dates.
//!
//! As described in the issue: a person arriving by small boat is referred
//! to France within 3 days of arrival, France answers within 14 days of
//! the referral, and the removal takes place within about 3 months of
//! France's acceptance or the obligation lapses. The numbers are data
//! here ([`Deadlines`]) so a revised arrangement changes one place.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// Days from arrival to the referral.
pub const REFERRAL_DAYS: u64 = 3;
/// Days from the referral to the partner's answer.
pub const ANSWER_DAYS: u64 = 14;
/// Months from acceptance to removal before the obligation lapses.
pub const REMOVAL_MONTHS: u32 = 3;

/// The last day for each step; a step on that day is in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub referral_by: NaiveDate,
    /// Known once the referral is made.
    pub answer_by: Option<NaiveDate>,
    /// Known once the partner accepts.
    pub removal_by: Option<NaiveDate>,
}

/// Deadlines for a case that arrived on `arrival`, referred on `referral`
/// and accepted on `accepted` (each if it happened).
pub fn deadlines(
    arrival: NaiveDate,
    referral: Option<NaiveDate>,
    accepted: Option<NaiveDate>,
) -> Deadlines {
    Deadlines {
        referral_by: arrival + Days::new(REFERRAL_DAYS),
        answer_by: referral.map(|r| r + Days::new(ANSWER_DAYS)),
        removal_by: accepted.and_then(|a| a.checked_add_months(Months::new(REMOVAL_MONTHS))),
    }
}

/// Whether the obligation to remove has lapsed on `on`: the partner
/// accepted, and the removal deadline has passed.
pub fn lapsed(accepted: NaiveDate, on: NaiveDate) -> bool {
    accepted
        .checked_add_months(Months::new(REMOVAL_MONTHS))
        .is_none_or(|last| on > last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn deadlines_follow_the_arrangement() {
        let x = deadlines(
            d("2025-08-06"),
            Some(d("2025-08-08")),
            Some(d("2025-08-20")),
        );
        assert_eq!(x.referral_by, d("2025-08-09"));
        assert_eq!(x.answer_by, Some(d("2025-08-22")));
        assert_eq!(x.removal_by, Some(d("2025-11-20")));
        assert!(!lapsed(d("2025-08-20"), d("2025-11-20")));
        assert!(lapsed(d("2025-08-20"), d("2025-11-21")));
    }

    #[test]
    fn unknown_steps_have_no_deadline_yet() {
        let x = deadlines(d("2025-08-06"), None, None);
        assert_eq!(x.answer_by, None);
        assert_eq!(x.removal_by, None);
    }
}
