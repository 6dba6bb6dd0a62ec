//! The audit trail's entries: who applied which action, when. Kept apart from the records so an
//! entry can hold an action without the records depending on the actions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::action::Action;
use super::actor::Actor;
use super::time::Time;

/// One applied action: who did what, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: Time,
    pub actor: Actor,
    pub summary: String,
    pub action: Action,
}
