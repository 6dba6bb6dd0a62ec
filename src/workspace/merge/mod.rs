//! The three-way merge of workspaces (`partnerdesk merge BASE OURS THEIRS`, git's merge driver
//! for a workspace file): by record id and by field. A record one side changed takes that side's
//! version; one both changed is merged field by field, and a field both changed differently is a
//! conflict (ours kept until it is resolved). Ids both sides created for different records are
//! renumbered on their side (`renumber`); audit trails are joined in time order (`audit`). The
//! merged workspace then goes through the whole-workspace check: a rule broken only by the
//! combination is a conflict too, named by its rule.

mod audit;
mod choice;
mod records;
mod renumber;
mod values;

use serde::Serialize;
use serde_json::Value;

use crate::domain::Diagnostic;
use crate::tables::id::Id;
use crate::workspace::Workspace;
use crate::workspace::format::{CheckedFile, FORMAT_NAME, FORMAT_VERSION, WorkspaceFile};
pub use choice::{Choice, Side, conflict_id};
use records::Sides;
use renumber::Renames;

/// Why a merge could not decide by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ConflictKind {
    /// The same field changed differently on both sides.
    Field,
    /// Deleted on one side, changed on the other.
    Deleted,
    /// The merged workspace breaks a rule neither side broke alone.
    Rule,
}

/// One thing the merge could not decide.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub kind: ConflictKind,
    /// `relationships`, `invitations`…; for a rule, where the check found it.
    pub record_kind: &'static str,
    pub record: String,
    /// The field's JSON path; empty for a whole record or a rule.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ours: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Value>,
    /// The rule a `Rule` conflict breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
}

impl Conflict {
    /// Where it is, as `resolve` names it: `customers/litware/displayName`.
    pub fn id(&self) -> String {
        conflict_id(self.record_kind, &self.record, &self.path)
    }
}

/// What a merge made.
pub struct Merged {
    /// The merged records, checked but not indexed (`CheckedFile::records`): read them in id
    /// order or by id, or write them out.
    pub workspace: Workspace,
    pub conflicts: Vec<Conflict>,
    /// Their ids renumbered because ours used them for other records: (old, new).
    pub renamed: Vec<(String, String)>,
}

/// Merges `ours` and `theirs`, both made from `base`. `known` are findings the sides already
/// had on their own: the merge reports only the ones the combination adds.
pub fn merge(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
    known: &[Diagnostic],
) -> Merged {
    merge_choosing(base, ours, theirs, known, &Choice::default())
}

/// `merge`, with conflicts answered by `choice` (`partnerdesk resolve`).
pub fn merge_choosing(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
    known: &[Diagnostic],
    choice: &Choice,
) -> Merged {
    let partners = Sides {
        kind: "partners",
        base: base.partners().collect(),
        ours: ours.partners().collect(),
        theirs: theirs.partners().collect(),
    };
    let customers = Sides {
        kind: "customers",
        base: base.customers().collect(),
        ours: ours.customers().collect(),
        theirs: theirs.customers().collect(),
    };
    let subscriptions = Sides {
        kind: "subscriptions",
        base: base.subscriptions().collect(),
        ours: ours.subscriptions().collect(),
        theirs: theirs.subscriptions().collect(),
    };
    let relationships = Sides {
        kind: "relationships",
        base: base.relationships().collect(),
        ours: ours.relationships().collect(),
        theirs: theirs.relationships().collect(),
    };
    let invitations = Sides {
        kind: "invitations",
        base: base.invitations().collect(),
        ours: ours.invitations().collect(),
        theirs: theirs.invitations().collect(),
    };
    let assignments = Sides {
        kind: "accessAssignments",
        base: base.assignments().collect(),
        ours: ours.assignments().collect(),
        theirs: theirs.assignments().collect(),
    };

    // Ids both sides made for different records: theirs are renumbered past both counters.
    let serial = ours.meta().next_serial.max(theirs.meta().next_serial);
    let mut renames = Renames::starting_after(serial);
    let taken = |id: &str| [base, ours, theirs].iter().any(|ws| holds(ws, id));
    for id in records::collisions(&partners)
        .into_iter()
        .chain(records::collisions(&customers))
        .chain(records::collisions(&subscriptions))
        .chain(records::collisions(&relationships))
        .chain(records::collisions(&invitations))
        .chain(records::collisions(&assignments))
    {
        renames.rename(&id, taken);
    }

    let mut conflicts = Vec::new();
    let file = WorkspaceFile {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        name: pick(&base.meta().name, &ours.meta().name, &theirs.meta().name).clone(),
        as_of: *pick(&base.meta().as_of, &ours.meta().as_of, &theirs.meta().as_of),
        next_serial: renames.last_serial(),
        partners: records::merge(&partners, &renames, choice, &mut conflicts),
        customers: records::merge(&customers, &renames, choice, &mut conflicts),
        subscriptions: records::merge(&subscriptions, &renames, choice, &mut conflicts),
        relationships: records::merge(&relationships, &renames, choice, &mut conflicts),
        invitations: records::merge(&invitations, &renames, choice, &mut conflicts),
        access_assignments: records::merge(&assignments, &renames, choice, &mut conflicts),
        audit: audit::merge(base.audit(), ours.audit(), theirs.audit(), &renames),
    };
    let mut renamed: Vec<(String, String)> = renames
        .pairs()
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    renamed.sort();

    // The merged records are checked, not indexed: a merge's result is written out, not queried.
    let (workspace, findings) = CheckedFile::of(file).into_parts();
    for finding in findings {
        if known.contains(&finding) {
            continue;
        }
        conflicts.push(rule_conflict(finding));
    }
    Merged {
        workspace,
        conflicts,
        renamed,
    }
}

/// A scalar merged three ways: the side that changed it, ours when both did.
fn pick<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> &'a T {
    if ours == base { theirs } else { ours }
}

fn holds(ws: &Workspace, id: &str) -> bool {
    let id = Id::new(id);
    ws.partner(&id).is_some()
        || ws.customer(&id).is_some()
        || ws.subscription(&id).is_some()
        || ws.relationship(&id).is_some()
        || ws.invitation(&id).is_some()
        || ws.assignment(&id).is_some()
}

fn rule_conflict(finding: Diagnostic) -> Conflict {
    let (record_kind, record) = finding
        .path
        .split_once('/')
        .map_or(("", finding.path.as_str()), |(kind, id)| (kind, id));
    Conflict {
        kind: ConflictKind::Rule,
        record_kind: kind_name(record_kind),
        record: record.to_string(),
        path: String::new(),
        base: None,
        ours: None,
        theirs: None,
        rule: Some(finding.rule.to_string()),
        message: finding.to_string(),
    }
}

/// The static name of a kind named in a finding's path.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "partners" => "partners",
        "customers" => "customers",
        "subscriptions" => "subscriptions",
        "relationships" => "relationships",
        "invitations" => "invitations",
        "accessAssignments" => "accessAssignments",
        _ => "workspace",
    }
}

#[cfg(test)]
mod tests;
