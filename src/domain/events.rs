//! What an applied action did, record by record, for status lines and scripts.

use std::fmt;

use serde::Serialize;

use crate::tables::id::Id;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordKind {
    Partner,
    Customer,
    Subscription,
    Relationship,
    Invitation,
    AccessAssignment,
    /// A merge conflict recorded in the workspace (its id is where it is).
    Conflict,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Partner => "partner",
            RecordKind::Customer => "customer",
            RecordKind::Subscription => "subscription",
            RecordKind::Relationship => "relationship",
            RecordKind::Invitation => "invitation",
            RecordKind::AccessAssignment => "access assignment",
            RecordKind::Conflict => "merge conflict",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub kind: RecordKind,
    pub id: Id,
    /// What happened, in a few words: `created`, `pending → accepted`, `auto-extended to …`.
    pub change: String,
}

/// How many of an action's events are written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Telling {
    /// Every event: the app lists what an action changed.
    #[default]
    Every,
    /// The first `SUMMARISED`, which the action's audit entry names, and a count of the
    /// others: the command line prints its own summary of an import, so it has no use for a
    /// text per record (700,000 of them for 100,000 customers).
    Summary,
}

/// How many events an audit entry's summary names before it counts the rest.
pub const SUMMARISED: usize = 4;

impl Event {
    pub fn new(kind: RecordKind, id: &Id, change: impl Into<String>) -> Event {
        Event {
            kind,
            id: id.clone(),
            change: change.into(),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.kind.label(), self.id, self.change)
    }
}
