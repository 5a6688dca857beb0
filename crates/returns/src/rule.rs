//! The safeguards, by stable code.
//!
//! Each rule has a code that never changes meaning, says whether a court
//! order recorded in the case may override it, and names its legal source.
//! Non-refoulement (in every form) and Rule 39 interim measures are
//! absolute: no court order recorded in a case lifts them.

use serde::Serialize;

macro_rules! rules {
    ($($variant:ident = $code:literal, overridable: $ov:literal, source: $src:literal;)*) => {
        /// A safeguard the engine enforces.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            /// Every rule, in the order reasons are reported.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable code, e.g. `NON_REFOULEMENT_PENDING`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// Whether a court order recorded in the case may lift it.
            pub fn overridable(self) -> bool {
                match self { $(Rule::$variant => $ov,)* }
            }

            /// The legal source of the safeguard.
            pub fn source(self) -> &'static str {
                match self { $(Rule::$variant => $src,)* }
            }

            pub fn from_code(code: &str) -> Option<Rule> {
                match code { $($code => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    RationaleMissing = "RATIONALE_MISSING", overridable: false,
        source: "Good administration (EU Charter Art. 41); every transition records who, legal basis and rationale";
    DestinationUnknown = "DESTINATION_UNKNOWN", overridable: false,
        source: "Non-refoulement cannot be checked without a destination (ECHR Art. 3; Refugee Convention Art. 33)";
    HubUnknown = "HUB_UNKNOWN", overridable: false,
        source: "The host state of a hub must be known to check non-refoulement";
    NonRefoulement = "NON_REFOULEMENT", overridable: false,
        source: "Refugee Convention Art. 33; ECHR Art. 3; EU Charter Arts. 18, 19(2); Return Directive Art. 5";
    NonRefoulementPending = "NON_REFOULEMENT_PENDING", overridable: false,
        source: "Asylum Procedures Directive 2013/32/EU Art. 9; ECHR Arts. 3 and 13; Return Directive Art. 5";
    Rule39 = "RULE39", overridable: false,
        source: "Rules of Court of the European Court of Human Rights, Rule 39; ECHR Art. 34 (Mamatkulov and Askarov v. Turkey)";
    DestinationRisk = "DESTINATION_RISK", overridable: false,
        source: "Ex officio non-refoulement: ECHR Art. 3 (M.S.S. v. Belgium and Greece; Hirsi Jamaa v. Italy)";
    ReflectionPeriod = "REFLECTION_PERIOD", overridable: false,
        source: "Council of Europe Convention on Action against Trafficking in Human Beings Arts. 10(2), 13; Directive 2011/36/EU Art. 11";
    SuspensiveAppealPending = "SUSPENSIVE_APPEAL_PENDING", overridable: true,
        source: "Return Directive Art. 13(2); Asylum Procedures Directive Art. 46(5); ECHR Art. 13 (De Souza Ribeiro v. France)";
    SuspensiveEffectPending = "SUSPENSIVE_EFFECT_PENDING", overridable: true,
        source: "Asylum Procedures Directive Art. 46(6), (8): no removal pending the decision on suspensive effect";
    ReturnDecisionMissing = "RETURN_DECISION_MISSING", overridable: true,
        source: "Return Directive Arts. 6 and 8: removal enforces a return decision";
    VoluntaryDepartureNotOffered = "VOLUNTARY_DEPARTURE_NOT_OFFERED", overridable: true,
        source: "Return Directive Art. 7(1), (4): voluntary departure before forced return";
    VoluntaryDeparturePeriod = "VOLUNTARY_DEPARTURE_PERIOD", overridable: true,
        source: "Return Directive Arts. 7 and 8(2): no forced removal during the period for voluntary departure";
    MonitorMissing = "MONITOR_MISSING", overridable: true,
        source: "Return Directive Art. 8(6): an effective forced-return monitoring system";
    FamilySplitUnassessed = "FAMILY_SPLIT_UNASSESSED", overridable: true,
        source: "ECHR Art. 8; EU Charter Arts. 7, 24; Return Directive Art. 5(b)";
    HubExcludedMinor = "HUB_EXCLUDED_MINOR", overridable: true,
        source: "UN CRC Art. 3; EU Charter Art. 24; Return Directive Arts. 5(a), 10";
    HubExcludedVulnerable = "HUB_EXCLUDED_VULNERABLE", overridable: true,
        source: "Return Directive Arts. 3(9), 14(1)(d); Council of Europe Trafficking Convention Art. 12";
    AgeDisputed = "AGE_DISPUTED", overridable: true,
        source: "Directive 2011/36/EU Art. 13(2); Asylum Procedures Directive Art. 25(5): presumption of minority";
    HubEligibility = "HUB_ELIGIBILITY", overridable: true,
        source: "The hub's agreement with its host state (e.g. Italy-Albania Protocol, 2023)";
    HubCapacity = "HUB_CAPACITY", overridable: true,
        source: "The hub's agreement with its host state; conditions of detention (ECHR Art. 3)";
    MinorDetention = "MINOR_DETENTION", overridable: true,
        source: "Return Directive Art. 17; UN CRC Art. 37(b)";
    NotDetained = "NOT_DETAINED", overridable: false,
        source: "Only a detention in force can be extended";
    DetentionLimit = "DETENTION_LIMIT", overridable: true,
        source: "Return Directive Art. 15(5), (6); COM(2025) 101; Immigration Act 2016 s.60 (UK)";
    DetentionExtensionGround = "DETENTION_EXTENSION_GROUND", overridable: true,
        source: "Return Directive Art. 15(6)(a), (b)";
    JudicialReviewDue = "JUDICIAL_REVIEW_DUE", overridable: true,
        source: "Return Directive Art. 15(2), (3); ECHR Art. 5(4); Immigration Act 2016 Sch. 10 para. 11 (UK)";
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
