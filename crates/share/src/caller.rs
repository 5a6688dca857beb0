//! Who asks, for what, and why.

use std::fmt;

use corridor_model::AgencyCode;

/// What a user does at the node. Roles are fixed sets of actions
/// ([`UserRole::may`]); a role never widens what an agency may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UserRole {
    /// Reads, searches and writes intelligence; imports batches.
    Analyst,
    /// Checks people and documents at a crossing; records encounters.
    BorderOfficer,
    /// Works returns cases (the asylum side): reads and records cases,
    /// releases the minimum of one to a state taking part in the return;
    /// finds people, never reads intelligence reports. The only role that
    /// ever sees a case.
    CaseOfficer,
    /// The agency's liaison and node administrator: partner exports, users,
    /// tokens.
    Liaison,
    /// Reads the audit log and nothing else.
    Auditor,
}

impl UserRole {
    pub const ALL: [UserRole; 5] = [
        UserRole::Analyst,
        UserRole::BorderOfficer,
        UserRole::CaseOfficer,
        UserRole::Liaison,
        UserRole::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Analyst => "analyst",
            UserRole::BorderOfficer => "border_officer",
            UserRole::CaseOfficer => "case_officer",
            UserRole::Liaison => "liaison",
            UserRole::Auditor => "auditor",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let t = match t.as_str() {
            "administrator" | "admin" => "liaison",
            "officer" => "border_officer",
            other => other,
        };
        UserRole::ALL
            .into_iter()
            .find(|r| r.as_str() == t)
            .ok_or_else(|| {
                format!(
                    "unknown role {text:?}; expected one of analyst, border_officer, case_officer, liaison (administrator), auditor"
                )
            })
    }

    /// The actions this role may ever take. Whether a given record may be
    /// seen is a separate question, answered by [`crate::Policy::release`].
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            UserRole::Analyst => matches!(
                action,
                ReadReport | CreateReport | ImportReports | SearchEntities | ReadEntity | ReadLinks
            ),
            UserRole::BorderOfficer => matches!(
                action,
                ReadReport | CreateReport | SearchEntities | ReadEntity
            ),
            UserRole::CaseOfficer => matches!(
                action,
                SearchEntities | ReadEntity | ReadCase | WriteCase | ReleaseCase
            ),
            UserRole::Liaison => matches!(
                action,
                ReadReport
                    | SearchEntities
                    | ReadEntity
                    | ReadLinks
                    | ExportForPartner
                    | Administer
            ),
            UserRole::Auditor => matches!(action, ReadAudit),
        }
    }
}

impl fmt::Display for UserRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a caller can ask of the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    ReadReport,
    CreateReport,
    ImportReports,
    SearchEntities,
    ReadEntity,
    ReadLinks,
    ExportForPartner,
    ReadAudit,
    Administer,
    /// Read a returns case (the asylum file with it).
    ReadCase,
    /// Open a case, record a step in one, describe a return hub.
    WriteCase,
    /// Release the minimum of a case to a state taking part in the return.
    ReleaseCase,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::ReadReport,
        Action::CreateReport,
        Action::ImportReports,
        Action::SearchEntities,
        Action::ReadEntity,
        Action::ReadLinks,
        Action::ExportForPartner,
        Action::ReadAudit,
        Action::Administer,
        Action::ReadCase,
        Action::WriteCase,
        Action::ReleaseCase,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadReport => "read_report",
            Action::CreateReport => "create_report",
            Action::ImportReports => "import_reports",
            Action::SearchEntities => "search_entities",
            Action::ReadEntity => "read_entity",
            Action::ReadLinks => "read_links",
            Action::ExportForPartner => "export_for_partner",
            Action::ReadAudit => "read_audit",
            Action::Administer => "administer",
            Action::ReadCase => "read_case",
            Action::WriteCase => "write_case",
            Action::ReleaseCase => "release_case",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the caller asks: recorded in the audit with every request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Purpose(String);

impl Purpose {
    /// The purpose recorded when a request states none: the one all
    /// handling codes allow (H0: preventing and combating crime).
    pub const DEFAULT: &'static str = "crime-prevention";

    /// A stated purpose: 1 to 64 characters of letters, digits, `-`, `_`,
    /// `.`, `/` or spaces (it is written to the audit log as it is).
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() || t.chars().count() > 64 {
            return Err("a purpose is 1 to 64 characters".into());
        }
        if !t
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ' '))
        {
            return Err("a purpose uses letters, digits, spaces and - _ . / only".into());
        }
        Ok(Purpose(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Purpose {
    fn default() -> Self {
        Purpose(Purpose::DEFAULT.to_owned())
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user of an agency: every request is attributed to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user: String,
    pub agency: AgencyCode,
    pub role: UserRole,
}
