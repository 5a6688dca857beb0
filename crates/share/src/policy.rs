//! The decisions: may this caller act, and what of a record may a recipient
//! agency see.

use corridor_model::entity::Withheld;
use corridor_model::{AgencyCode, Entity, HandlingCode, Mention, Person, Place, Report, Subject};

use crate::{Action, Caller, PseudonymKey};

/// Why a request or a record is refused. The text is safe to show the
/// caller: it never names what was refused beyond what they asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("the {role} role may not {action}; ask your agency's liaison for a role that may")]
    Role {
        role: crate::UserRole,
        action: Action,
    },
    /// The author did not release the record to the caller's agency.
    #[error("not releasable to your agency")]
    NotReleasable,
    /// Another agency's record under H2 or H3: this node does not pass it on.
    #[error("another agency's record under H2 or H3: this node does not pass it on")]
    NotOurs,
    /// A liaison manages the users and tokens of their own agency only
    /// (the node's own agency's manage everyone's), and only the node's
    /// own agency adds agencies.
    #[error("your agency manages its own users and tokens only")]
    OtherAgency,
    /// A case of another agency: only its own case officers act on it.
    #[error("not a case of your agency")]
    OtherAgencysCase,
}

/// What a recipient agency may see of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Release {
    /// Everything, as written: the author, and the node's own agency (which
    /// holds it).
    Full,
    /// Everything but protected people: they appear as pseudonyms keyed to
    /// the recipient, with birth year instead of date, and the places only
    /// they were seen at cut to a country; objects that identify only them
    /// are withheld; the summary is dropped.
    Pseudonymised,
    Denied(Denied),
}

/// What `recipient` may see of `report` on the node of agency `home`.
///
/// The author and the node's own agency see it whole. Any other agency
/// sees it only if the author released it to that agency, and never when
/// the node would be relaying another agency's H2 ("not to be passed on
/// without the provider's permission") or H3 (a restriction in words no
/// machine reads) record. Whoever else sees it sees protected people
/// pseudonymised.
pub fn release(home: &AgencyCode, recipient: &AgencyCode, report: &Report) -> Release {
    if *recipient == report.agency || recipient == home {
        return Release::Full;
    }
    if !report.releasable_to.allows(recipient) {
        return Release::Denied(Denied::NotReleasable);
    }
    if report.agency != *home
        && matches!(report.handling, HandlingCode::H2 | HandlingCode::H3 { .. })
    {
        return Release::Denied(Denied::NotOurs);
    }
    Release::Pseudonymised
}

/// The node's policy: whose node it is, and the key its pseudonyms are made
/// with.
#[derive(Debug, Clone)]
pub struct Policy {
    home: AgencyCode,
    key: PseudonymKey,
}

impl Policy {
    pub fn new(home: AgencyCode, key: PseudonymKey) -> Self {
        Policy { home, key }
    }

    /// The agency that runs this node.
    pub fn home(&self) -> &AgencyCode {
        &self.home
    }

    /// Whether the caller's role allows the action at all.
    pub fn permits(&self, caller: &Caller, action: Action) -> Result<(), Denied> {
        if caller.role.may(action) {
            Ok(())
        } else {
            Err(Denied::Role {
                role: caller.role,
                action,
            })
        }
    }

    /// Whether the caller may manage (add users, issue or revoke tokens)
    /// for `agency`: a role that may administer, of that agency or of the
    /// node's own. `None` asks for node-wide administration (the agency
    /// directory): the node's own agency only.
    pub fn may_manage(&self, caller: &Caller, agency: Option<&AgencyCode>) -> Result<(), Denied> {
        self.permits(caller, Action::Administer)?;
        let own = match agency {
            Some(a) => caller.agency == *a || caller.agency == self.home,
            None => caller.agency == self.home,
        };
        if own {
            Ok(())
        } else {
            Err(Denied::OtherAgency)
        }
    }

    /// Whether the caller may take a case `action` on a case of
    /// `case_agency`: a role that may (case officers only), of the agency
    /// whose case it is. Another agency's case does not exist for the
    /// caller, so the refusal reads like "not found" to it.
    pub fn case_access(
        &self,
        caller: &Caller,
        action: Action,
        case_agency: &str,
    ) -> Result<(), Denied> {
        self.permits(caller, action)?;
        if caller.agency.as_str() == case_agency {
            Ok(())
        } else {
            Err(Denied::OtherAgencysCase)
        }
    }

    /// What `recipient` may see of `report` (see [`release`]).
    pub fn release(&self, recipient: &AgencyCode, report: &Report) -> Release {
        release(&self.home, recipient, report)
    }

    /// The report as `recipient` may see it, or why not.
    pub fn view(&self, recipient: &AgencyCode, report: &Report) -> Result<Report, Denied> {
        match self.release(recipient, report) {
            Release::Full => Ok(report.clone()),
            Release::Pseudonymised => Ok(self.pseudonymised(recipient, report)),
            Release::Denied(why) => Err(why),
        }
    }

    /// The pseudonym `recipient` knows a protected person of a report by.
    pub fn pseudonym(&self, recipient: &AgencyCode, report: &Report, mention: &Mention) -> String {
        self.key
            .pseudonym(recipient, &format!("{}\0{}", report.id, mention.reference))
    }

    fn pseudonymised(&self, recipient: &AgencyCode, report: &Report) -> Report {
        report.replacing_protected(|m| match &m.subject {
            Subject::Disclosed(Entity::Person(p)) => {
                Subject::Disclosed(Entity::Person(self.generalised(recipient, report, m, p)))
            }
            Subject::Withheld(Withheld::Person { role }) => match Person::new(*role, None) {
                Ok(mut person) => {
                    person.full_name = Some(self.pseudonym(recipient, report, m));
                    Subject::Disclosed(Entity::Person(person))
                }
                Err(_) => Subject::Withheld(Withheld::Person { role: *role }),
            },
            // Where only they were seen: the country, not the place.
            Subject::Disclosed(Entity::Place(Place {
                country: Some(country),
                ..
            })) => Subject::Disclosed(Entity::Place(Place {
                name: country.to_string(),
                country: Some(*country),
                place_type: None,
                coordinates: None,
            })),
            other => Subject::Withheld(match other.role() {
                Some(role) => Withheld::Person { role },
                None => Withheld::Other(other.kind()),
            }),
        })
    }

    /// A protected person as a partner sees them: a pseudonym, sex,
    /// nationality and birth year; no names, aliases or full date.
    fn generalised(
        &self,
        recipient: &AgencyCode,
        report: &Report,
        mention: &Mention,
        p: &Person,
    ) -> Person {
        let mut out = Person::new(p.role(), None).expect("a protected person has no function");
        out.full_name = Some(self.pseudonym(recipient, report, mention));
        out.birth_date = p
            .birth_date
            .and_then(|d| corridor_model::values::PartialDate::new(d.year(), None, None).ok());
        out.sex = p.sex;
        out.nationality = p.nationality;
        out
    }
}
