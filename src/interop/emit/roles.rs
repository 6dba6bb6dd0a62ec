//! How a request carries roles: Graph's `accessDetails.unifiedRoles` body, the template ids an
//! action's role names stand for, and the role names a script's comment shows.

use serde_json::{Value, json};

use crate::domain::roles::{resolve_roles, role_name};

/// Graph's `accessDetails` for these role template ids.
pub(super) fn unified_roles<S: AsRef<str>>(ids: &[S]) -> Value {
    let roles: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "roleDefinitionId": id.as_ref() }))
        .collect();
    json!({ "unifiedRoles": roles })
}

/// Role names or ids as an action holds them, as template ids (the core resolved them the same
/// way before it accepted the action).
pub(super) fn role_ids(roles: &[String]) -> Vec<String> {
    resolve_roles(roles).unwrap_or_else(|_| roles.to_vec())
}

/// The roles' names, for a comment.
pub(super) fn names<S: AsRef<str>>(ids: &[S]) -> String {
    ids.iter()
        .map(|id| role_name(id.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
