//! WS1: every id a record names exists, in its kind.

use crate::domain::catalogue::{Refusal, RuleId};
use crate::tables::id::Id;

/// WS1: `id`, named as `role` (e.g. "partner of record"; empty for a bare reference), is not a
/// `kind` of this workspace.
pub fn unknown(role: &str, kind: &str, id: &Id) -> Refusal {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let named = if role.is_empty() {
        format!("`{id}`")
    } else {
        format!("{role} `{id}`")
    };
    Refusal::new(
        RuleId::WS1,
        format!("{named} is not {article} {kind} in this workspace"),
    )
}
