//! Merge conflicts recorded in the workspace. A three-way merge (git's merge driver, or the app
//! merging its unsaved changes with a file changed on disk) keeps ours wherever the sides
//! disagree and records each disagreement here, with both values, so the file stays a valid
//! workspace and the question travels with it (a commit, a clone). `ResolveConflict` answers one
//! through `apply`; this module only says what a conflict is and where its value goes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a merge could not decide by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ConflictKind {
    /// The same field changed differently on both sides.
    Field,
    /// Deleted on one side, changed on the other.
    Deleted,
    /// The merged workspace breaks a rule neither side broke alone.
    Rule,
}

/// One side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// One thing a merge could not decide, as the file keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Conflict {
    /// Where it is, as `resolve` names it: `customers/litware/displayName`.
    pub id: String,
    pub kind: ConflictKind,
    /// `relationships`, `invitations`…; for a rule, where the check found it (`workspace` when
    /// no record kind).
    pub record_kind: String,
    pub record: String,
    /// The field's dotted JSON path (`gdap.autoExtendDuration`); empty for a whole record or a
    /// rule.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Value>,
    /// The value the workspace holds until the conflict is answered (for a record deleted on
    /// one side, the side that kept it is what the workspace holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Value>,
    /// The rule a `rule` conflict breaks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
}

impl Conflict {
    /// A conflict at `record_kind/record[/path]`, its id made from where it is.
    pub fn at(kind: ConflictKind, record_kind: &str, record: &str, path: &str) -> Conflict {
        Conflict {
            id: conflict_id(record_kind, record, path),
            kind,
            record_kind: record_kind.to_string(),
            record: record.to_string(),
            path: path.to_string(),
            base: None,
            ours: None,
            theirs: None,
            rule: None,
            message: String::new(),
        }
    }

    /// The value `side` gave the field (or the whole record); `None`: that side has none.
    pub fn value(&self, side: Side) -> Option<&Value> {
        match side {
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }
}

/// A conflict's id from where it is.
pub fn conflict_id(record_kind: &str, record: &str, path: &str) -> String {
    if path.is_empty() {
        format!("{record_kind}/{record}")
    } else {
        format!("{record_kind}/{record}/{path}")
    }
}

/// The record a conflict id names (`customers/litware/displayName` → `litware`): the inverse of
/// `conflict_id`, for going from an answered conflict back to its record.
pub fn conflict_record(conflict_id: &str) -> Option<&str> {
    conflict_id
        .split('/')
        .nth(1)
        .filter(|record| !record.is_empty())
}

/// Sets the field at the dotted `path` of `value` (an object) to `to`, or removes it for `None`.
/// False when the path does not lead to an object.
pub fn set_path(value: &mut Value, path: &str, to: Option<Value>) -> bool {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else {
        return false;
    };
    let mut at = value;
    for part in parts {
        let Some(next) = at.get_mut(part) else {
            return false;
        };
        at = next;
    }
    let Value::Object(fields) = at else {
        return false;
    };
    match to {
        Some(to) => {
            fields.insert(last.to_string(), to);
        }
        None => {
            fields.remove(last);
        }
    }
    true
}

/// The conflicts of a merge of three states that each carry recorded conflicts, by id: one
/// recorded in base and answered on either side stays answered; one either side still carries
/// (or added) stays, ours first; `found` (the merge's own) replace any carried under their id.
pub fn carried(
    base: &[Conflict],
    ours: &[Conflict],
    theirs: &[Conflict],
    found: Vec<Conflict>,
) -> Vec<Conflict> {
    let has = |list: &[Conflict], id: &str| list.iter().any(|c| c.id == id);
    let answered_somewhere = |id: &str| has(base, id) && (!has(ours, id) || !has(theirs, id));
    let mut out: Vec<Conflict> = Vec::new();
    for conflict in ours.iter().chain(theirs) {
        if answered_somewhere(&conflict.id) || has(&out, &conflict.id) || has(&found, &conflict.id)
        {
            continue;
        }
        out.push(conflict.clone());
    }
    out.extend(found);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_conflict_id_names_its_record() {
        let id = super::conflict_id("customers", "litware", "displayName");
        assert_eq!(super::conflict_record(&id), Some("litware"));
        let whole = super::conflict_id("relationships", "rel-1201", "");
        assert_eq!(super::conflict_record(&whole), Some("rel-1201"));
        assert_eq!(super::conflict_record("nonsense"), None);
    }

    use super::*;
    use serde_json::json;

    fn field(record: &str, ours: &str) -> Conflict {
        let mut c = Conflict::at(ConflictKind::Field, "customers", record, "displayName");
        c.ours = Some(json!(ours));
        c
    }

    #[test]
    fn set_path_sets_a_nested_field_and_removes_one_given_none() {
        let mut value = json!({"gdap": {"auto": "PT0S", "name": "x"}});
        assert!(set_path(&mut value, "gdap.auto", Some(json!("P180D"))));
        assert!(set_path(&mut value, "gdap.name", None));
        assert_eq!(value, json!({"gdap": {"auto": "P180D"}}));
        assert!(!set_path(&mut value, "missing.field", Some(json!(1))));
    }

    #[test]
    fn a_conflict_answered_on_one_side_stays_answered_after_the_next_merge() {
        let old = field("litware", "a");
        let one = std::slice::from_ref(&old);
        let carried = carried(one, one, &[], Vec::new());
        assert!(carried.is_empty(), "{carried:?}");
    }

    #[test]
    fn conflicts_either_side_still_carries_are_kept_once_and_the_merges_own_win() {
        let shared = field("litware", "a");
        let ours_only = field("fabrikam", "b");
        let mut newer = field("litware", "c");
        newer.message = "found again".into();
        let kept = carried(
            std::slice::from_ref(&shared),
            &[shared.clone(), ours_only.clone()],
            std::slice::from_ref(&shared),
            vec![newer.clone()],
        );
        assert_eq!(kept, vec![ours_only, newer]);
    }
}
