//! The rulebook: records, actions, the rule catalogue and the one `apply` that checks an action
//! against every rule before anything changes. Pure: no terminal, file system, clock or thread
//! of its own (every function that needs the time is given it; work that splits into
//! independent halves is handed to a `SideBySide` the caller chooses), and no storage
//! structure of its own: it reads and writes records through the `Records` seam (`facts`), which
//! the workspace implements.

pub mod action;
mod actions;
pub mod actor;
pub mod apply;
pub mod audit;
pub mod catalogue;
pub mod conflicts;
pub mod diagnostics;
pub mod duration;
pub mod events;
pub mod facts;
pub mod imported;
pub mod integrity;
pub mod lifecycle;
pub mod offboarding;
pub mod provenance;
pub mod records;
pub mod renewal_outlook;
pub mod review;
pub mod roles;
pub mod rules;
pub mod side_by_side;
pub mod templates;
pub mod time;

pub use crate::tables::{Id, Text};
pub use action::{Action, GdapRequest};
pub use actions::import::Changes as ImportChanges;
pub use actions::import::Passed as ImportPassed;
pub use actions::import::key_text as import_keys;
pub use actor::Actor;
#[cfg(test)]
pub use apply::review_import;
pub use apply::{
    Applied, apply, apply_import, apply_import_completing, apply_import_side_by_side,
    apply_import_telling, apply_offboard, check_action,
};
pub use audit::AuditEntry;
pub use catalogue::{CATALOGUE, Refusal, RuleId};
pub use conflicts::{Conflict, ConflictKind, Side};
pub use diagnostics::Diagnostic;
pub use events::{Event, RecordKind};
pub use facts::{Change, Facts, Records};
pub use provenance::Provenance;
pub use records::*;
pub use time::Time;
