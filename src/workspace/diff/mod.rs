//! What changed between two workspaces, record by record: the semantic diff behind `partnerdesk
//! diff` and git's diff driver for a workspace file. Records are matched by id (each table is in
//! id order, so one merge pass per kind: time proportional to the two workspaces); a changed
//! record lists its changed fields by JSON path, and `words` says each change in a sentence.
//! The audit trail is compared by sequence number: entries only the new side has are listed.

mod fields;
mod text;
mod words;

use serde::Serialize;
use serde_json::Value;

use crate::domain::{AuditEntry, Id};
use crate::workspace::Workspace;

pub use fields::FieldChange;
pub use text::as_text;

/// The kinds of record a workspace holds, in the order a diff lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordKind {
    Partner,
    Customer,
    Subscription,
    Invitation,
    Relationship,
    Assignment,
}

/// What happened to one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "change")]
pub enum RecordChange {
    Added { record: Value },
    Removed { record: Value },
    Changed { fields: Vec<FieldChange> },
}

/// One record that differs, with the words that say so.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    pub kind: RecordKind,
    pub id: Id,
    /// The record as a person names it ("Contoso Ltd: GDAP 'Helpdesk'").
    pub label: String,
    #[serde(flatten)]
    pub change: RecordChange,
    /// The change in one line per fact.
    pub sentences: Vec<String>,
}

/// Everything that differs between two workspaces.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceDiff {
    pub records: Vec<Difference>,
    /// Audit entries the new workspace has and the old one does not (by sequence number).
    pub new_audit: Vec<AuditEntry>,
    /// Audit entries the old workspace has and the new one lacks: a trail is only ever
    /// appended to, so any is worth saying.
    pub lost_audit: Vec<u64>,
}

impl WorkspaceDiff {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.new_audit.is_empty() && self.lost_audit.is_empty()
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Workspace, new: &Workspace) -> WorkspaceDiff {
    let mut out = Vec::new();
    let names = words::Names { old, new };
    table(
        &mut out,
        RecordKind::Partner,
        old.partners(),
        new.partners(),
        |r| &r.id,
        &names,
    );
    table(
        &mut out,
        RecordKind::Customer,
        old.customers(),
        new.customers(),
        |r| &r.id,
        &names,
    );
    table(
        &mut out,
        RecordKind::Subscription,
        old.subscriptions(),
        new.subscriptions(),
        |r| &r.id,
        &names,
    );
    table(
        &mut out,
        RecordKind::Invitation,
        old.invitations(),
        new.invitations(),
        |r| &r.id,
        &names,
    );
    table(
        &mut out,
        RecordKind::Relationship,
        old.relationships(),
        new.relationships(),
        |r| &r.id,
        &names,
    );
    table(
        &mut out,
        RecordKind::Assignment,
        old.assignments(),
        new.assignments(),
        |r| &r.id,
        &names,
    );
    let (new_audit, lost_audit) = audit(old, new);
    WorkspaceDiff {
        records: out,
        new_audit,
        lost_audit,
    }
}

/// One kind's merge pass: both sides are in id order.
fn table<'a, R: Serialize + PartialEq + 'a>(
    out: &mut Vec<Difference>,
    kind: RecordKind,
    old: impl Iterator<Item = &'a R>,
    new: impl Iterator<Item = &'a R>,
    id_of: impl Fn(&R) -> &Id,
    names: &words::Names,
) {
    let mut old = old.peekable();
    let mut new = new.peekable();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => return,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => id_of(a).cmp(id_of(b)),
        };
        let (id, change) = match order {
            std::cmp::Ordering::Less => {
                let Some(gone) = old.next() else { return };
                let record = to_value(gone);
                (id_of(gone).clone(), RecordChange::Removed { record })
            }
            std::cmp::Ordering::Greater => {
                let Some(came) = new.next() else { return };
                let record = to_value(came);
                (id_of(came).clone(), RecordChange::Added { record })
            }
            std::cmp::Ordering::Equal => {
                let (Some(a), Some(b)) = (old.next(), new.next()) else {
                    return;
                };
                if a == b {
                    continue;
                }
                let fields = fields::changed(&to_value(a), &to_value(b));
                if fields.is_empty() {
                    continue;
                }
                (id_of(a).clone(), RecordChange::Changed { fields })
            }
        };
        out.push(names.describe(kind, id, change));
    }
}

fn to_value(record: &impl Serialize) -> Value {
    serde_json::to_value(record).unwrap_or(Value::Null)
}

/// Audit entries by sequence number: new ones, and old ones no longer there.
fn audit(old: &Workspace, new: &Workspace) -> (Vec<AuditEntry>, Vec<u64>) {
    let mut added = Vec::new();
    let mut lost = Vec::new();
    let mut a = old.audit().peekable();
    let mut b = new.audit().peekable();
    // Trails are in sequence order; walk both like two id-ordered tables.
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), None) => {
                lost.push(x.seq);
                a.next();
            }
            (None, Some(y)) => {
                added.push((*y).clone());
                b.next();
            }
            (Some(x), Some(y)) => match x.seq.cmp(&y.seq) {
                std::cmp::Ordering::Less => {
                    lost.push(x.seq);
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    added.push((*y).clone());
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    a.next();
                    b.next();
                }
            },
        }
    }
    (added, lost)
}

#[cfg(test)]
mod tests;
