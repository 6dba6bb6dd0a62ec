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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_reference_names_its_role_kind_and_id_with_the_right_article() {
        let bare = unknown("", "invitation", &Id::new("inv-9"));
        assert_eq!(bare.rule, RuleId::WS1);
        assert_eq!(
            bare.reason,
            "`inv-9` is not an invitation in this workspace"
        );
        let named = unknown("partner of record", "partner", &Id::new("p-1"));
        assert_eq!(
            named.reason,
            "partner of record `p-1` is not a partner in this workspace"
        );
    }
}
