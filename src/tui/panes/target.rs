//! A record that a detail line points at, and the pane that lists it: where Enter jumps.

use super::pane::Pane;
use crate::domain::Id;

/// A record a detail line points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Partner(Id),
    Customer(Id),
    Invitation(Id),
    Relationship(Id),
    /// A subscription in a customer's detail: selected to suspend, reactivate or buy more;
    /// Enter jumps to its partner of record.
    Subscription {
        id: Id,
        partner_of_record: Id,
    },
    /// An access assignment, listed in its relationship's detail: commands on the relationship
    /// still act on it, and `-` removes this assignment.
    Assignment {
        relationship: Id,
        assignment: Id,
    },
}

impl Target {
    pub fn pane(&self) -> Pane {
        match self {
            Target::Partner(_) => Pane::Partners,
            Target::Customer(_) => Pane::Customers,
            Target::Invitation(_) => Pane::Invitations,
            Target::Relationship(_) | Target::Assignment { .. } => Pane::Relationships,
            Target::Subscription { .. } => Pane::Partners,
        }
    }
    /// The record Enter shows (for a subscription, its partner of record).
    pub fn id(&self) -> &Id {
        match self {
            Target::Partner(id)
            | Target::Customer(id)
            | Target::Invitation(id)
            | Target::Relationship(id)
            | Target::Assignment {
                relationship: id, ..
            } => id,
            Target::Subscription {
                partner_of_record, ..
            } => partner_of_record,
        }
    }
    /// The subscription this line selects, if it is one.
    pub fn subscription(&self) -> Option<&Id> {
        match self {
            Target::Subscription { id, .. } => Some(id),
            _ => None,
        }
    }
}
