//! Jurisdiction profiles: the numbers the law sets, as data.
//!
//! The rules never hard-code a time limit; they read it from the profile
//! of the case's jurisdiction. Sources and assumptions are in
//! docs/returns.md ("Jurisdiction profiles").

use serde::{Deserialize, Serialize};

/// Which body of law a case is decided under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Jurisdiction {
    /// Return Directive 2008/115/EC.
    #[serde(rename = "eu-2008")]
    Eu2008,
    /// The Commission's 2025 proposal for a Return Regulation, COM(2025) 101.
    #[serde(rename = "eu-2025")]
    Eu2025,
    /// The United Kingdom.
    #[serde(rename = "uk")]
    Uk,
}

impl Jurisdiction {
    pub const ALL: [Jurisdiction; 3] =
        [Jurisdiction::Eu2008, Jurisdiction::Eu2025, Jurisdiction::Uk];

    pub fn profile(self) -> &'static Profile {
        match self {
            Jurisdiction::Eu2008 => &EU_2008,
            Jurisdiction::Eu2025 => &EU_2025,
            Jurisdiction::Uk => &UK,
        }
    }
}

/// Time limits and duties of one jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub code: &'static str,
    pub name: &'static str,
    /// Longest first detention order, in months (`None`: no statutory limit).
    pub initial_detention_months: Option<u32>,
    /// Longest total detention, extensions included, in months.
    pub max_detention_months: Option<u32>,
    /// Extensions beyond the initial period need a ground of
    /// Return Directive Art. 15(6).
    pub extension_needs_ground: bool,
    /// Detention must be reviewed by a judicial authority at least this
    /// often, in months, counted from the start of detention or the last
    /// judicial review.
    pub judicial_review_months: u32,
    /// Longest detention of a pregnant woman, first order, in days.
    pub pregnancy_initial_days: Option<u32>,
    /// Longest detention of a pregnant woman in total, in days.
    pub pregnancy_max_days: Option<u32>,
    /// Recovery and reflection period for victims of trafficking, in days.
    pub reflection_days: u32,
    /// Days after an asylum or return decision within which an appeal may
    /// be lodged (the deadline `corridor cases list` shows).
    pub appeal_window_days: u32,
    /// Legal sources of the numbers above.
    pub sources: &'static str,
}

pub static EU_2008: Profile = Profile {
    code: "eu-2008",
    name: "EU Return Directive 2008/115/EC",
    initial_detention_months: Some(6),
    max_detention_months: Some(18),
    extension_needs_ground: true,
    judicial_review_months: 3,
    pregnancy_initial_days: None,
    pregnancy_max_days: None,
    reflection_days: 30,
    appeal_window_days: 14,
    sources: "Directive 2008/115/EC Art. 15(2),(3),(5),(6); Council of Europe Convention \
              on Action against Trafficking in Human Beings Art. 13",
};

pub static EU_2025: Profile = Profile {
    code: "eu-2025",
    name: "EU Return Regulation proposal COM(2025) 101",
    initial_detention_months: Some(12),
    max_detention_months: Some(24),
    extension_needs_ground: true,
    judicial_review_months: 3,
    pregnancy_initial_days: None,
    pregnancy_max_days: None,
    reflection_days: 30,
    appeal_window_days: 14,
    sources: "Commission proposal COM(2025) 101 (detention up to 24 months); \
              Council of Europe Convention on Action against Trafficking Art. 13",
};

pub static UK: Profile = Profile {
    code: "uk",
    name: "United Kingdom",
    initial_detention_months: None,
    max_detention_months: None,
    extension_needs_ground: false,
    judicial_review_months: 4,
    pregnancy_initial_days: Some(3),
    pregnancy_max_days: Some(7),
    reflection_days: 30,
    appeal_window_days: 14,
    sources: "Immigration Act 2016 s.60 (pregnant women: 72 hours, 7 days with ministerial \
              authority) and Sch. 10 para. 11 (automatic bail referral at 4 months); \
              Nationality and Borders Act 2022 s.65 (recovery period at least 30 days)",
};
