//! Links between the mentions of one report.

use crate::entity::named_enum;
use crate::values::PartialDate;
use crate::{EntityKind, Evaluation, MentionRef};

named_enum! {
    /// What a report says ties two of its mentions together.
    LinkKind {
        MemberOf = "member_of",
        UsesPhone = "uses_phone",
        Drives = "drives",
        HoldsDocument = "holds_document",
        UsesAccount = "uses_account",
        TravelledWith = "travelled_with",
        /// From the smuggler (person or group) to the person smuggled.
        Smuggled = "smuggled",
        /// From the payer to the payment.
        Paid = "paid",
        /// From the payment to whoever received it.
        PaidTo = "paid_to",
        Called = "called",
        SeenAt = "seen_at",
        AssociateOf = "associate_of",
    }
}

impl LinkKind {
    /// Whether a link of this kind may run from a `from` mention to a `to`
    /// mention. Invalid combinations (a phone that is a member of a person)
    /// are refused at import.
    pub fn allows(self, from: EntityKind, to: EntityKind) -> bool {
        use EntityKind::*;
        let actor = |k: EntityKind| matches!(k, Person | Organisation);
        match self {
            LinkKind::MemberOf => from == Person && to == Organisation,
            LinkKind::UsesPhone => actor(from) && to == Phone,
            LinkKind::Drives => from == Person && to == Vehicle,
            LinkKind::HoldsDocument => from == Person && to == Document,
            LinkKind::UsesAccount => actor(from) && to == Account,
            LinkKind::TravelledWith => from == Person && to == Person,
            LinkKind::Smuggled => actor(from) && to == Person,
            LinkKind::Paid => actor(from) && to == Payment,
            LinkKind::PaidTo => from == Payment && (actor(to) || to == Account),
            LinkKind::Called => from == Phone && to == Phone,
            LinkKind::SeenAt => !matches!(from, Place | Payment) && to == Place,
            LinkKind::AssociateOf => actor(from) && actor(to),
        }
    }

    /// A sentence saying what the link may join, for error messages.
    pub fn expects(self) -> &'static str {
        match self {
            LinkKind::MemberOf => "from a person to an organisation",
            LinkKind::UsesPhone => "from a person or organisation to a phone",
            LinkKind::Drives => "from a person to a vehicle",
            LinkKind::HoldsDocument => "from a person to a document",
            LinkKind::UsesAccount => "from a person or organisation to an account",
            LinkKind::TravelledWith => "between two persons",
            LinkKind::Smuggled => "from a person or organisation to the person smuggled",
            LinkKind::Paid => "from a person or organisation to a payment",
            LinkKind::PaidTo => "from a payment to a person, organisation or account",
            LinkKind::Called => "between two phones",
            LinkKind::SeenAt => {
                "from a person, organisation, phone, vehicle, document or account to a place"
            }
            LinkKind::AssociateOf => "between persons or organisations",
        }
    }

    /// Links through which an object identifies the person at its end: a
    /// protected person's phone, document, account or car is as revealing as
    /// their name.
    pub fn identifies_person(self) -> bool {
        matches!(
            self,
            LinkKind::UsesPhone
                | LinkKind::HoldsDocument
                | LinkKind::UsesAccount
                | LinkKind::Drives
        )
    }
}

/// A link stated by a report between two of its mentions. Built only by
/// [`Report::from_wire`](crate::Report::from_wire), which checks that both
/// ends exist and that the kind allows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub from: MentionRef,
    pub to: MentionRef,
    pub kind: LinkKind,
    /// When the link held, if the report says.
    pub at: Option<PartialDate>,
    pub evaluation: Option<Evaluation>,
    pub note: Option<String>,
}
