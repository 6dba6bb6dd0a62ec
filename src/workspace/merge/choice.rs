//! How conflicts are answered when a merge is run again to resolve them (`partnerdesk resolve
//! FILE --ours|--theirs [ID…]`): every conflict, or the ones named, take one side; the rest stay
//! conflicts. A conflict's id is where it is: `customers/litware/displayName` for a field,
//! `relationships/rel-1201` for a whole record.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Ours,
    Theirs,
}

/// The answers a merge applies; the default answers nothing (every clash is a conflict).
#[derive(Clone, Debug, Default)]
pub struct Choice {
    side: Option<Side>,
    /// Empty: every conflict takes `side`.
    ids: Vec<String>,
}

impl Choice {
    /// Every conflict, or those named in `ids`, takes `side`.
    pub fn take(side: Side, ids: Vec<String>) -> Choice {
        Choice {
            side: Some(side),
            ids,
        }
    }

    /// The side the conflict `id` takes, if it was answered.
    pub fn decide(&self, id: &str) -> Option<Side> {
        let side = self.side?;
        (self.ids.is_empty() || self.ids.iter().any(|wanted| wanted == id)).then_some(side)
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
