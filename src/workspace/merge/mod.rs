//! The three-way merge of workspaces (`partnerdesk merge BASE OURS THEIRS`, git's merge driver
//! for a workspace file): by record id and by field. A record one side changed takes that side's
//! version; one both changed is merged field by field, and a field both changed differently is a
//! conflict (ours kept until it is resolved). Ids both sides created for different records are
//! renumbered on their side (`renumber`); audit trails are joined in time order (`audit`). The
//! merged workspace then goes through the whole-workspace check: a rule broken only by the
//! combination is a conflict too, named by its rule.

mod audit;
mod records;
mod renumber;
mod values;

use crate::domain::Diagnostic;
pub use crate::domain::conflicts::{Conflict, ConflictKind, Side, conflict_id};
use crate::tables::id::Id;
use crate::workspace::Workspace;
use crate::workspace::format::{CheckedFile, FORMAT_NAME, FORMAT_VERSION, WorkspaceFile};
use records::Sides;
use renumber::Renames;

/// What a merge made.
pub struct Merged {
    /// The merged records, checked but not indexed (`CheckedFile::records`): read them in id
    /// order or by id, or write them out. Its `conflicts()` are `conflicts`.
    pub workspace: Workspace,
    /// Every conflict the merged workspace records: the ones this merge met, and the ones a
    /// side carried from an earlier merge that neither side has answered (`conflicts::carried`).
    pub conflicts: Vec<Conflict>,
    /// Their ids renumbered because ours used them for other records: (old, new).
    pub renamed: Vec<(String, String)>,
}

/// Merges `ours` and `theirs`, both made from `base`. `known` are findings the sides already
/// had on their own: the merge reports only the ones the combination adds. The conflicts are
/// recorded in the merged workspace, where `ResolveConflict` answers them.
pub fn merge(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
    known: &[Diagnostic],
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
        partners: records::merge(&partners, &renames, &mut conflicts),
        customers: records::merge(&customers, &renames, &mut conflicts),
        subscriptions: records::merge(&subscriptions, &renames, &mut conflicts),
        relationships: records::merge(&relationships, &renames, &mut conflicts),
        invitations: records::merge(&invitations, &renames, &mut conflicts),
        access_assignments: records::merge(&assignments, &renames, &mut conflicts),
        audit: audit::merge(base.audit(), ours.audit(), theirs.audit(), &renames),
        conflicts: Vec::new(),
    };
    let mut renamed: Vec<(String, String)> = renames
        .pairs()
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    renamed.sort();

    // The merged records are checked, not indexed: a merge's result is written out, not queried.
    let (mut workspace, findings) = CheckedFile::of(file).into_parts();
    for finding in findings {
        if known.contains(&finding) {
            continue;
        }
        conflicts.push(rule_conflict(finding));
    }
    let sides: [Vec<Conflict>; 3] =
        [base, ours, theirs].map(|ws| ws.conflicts().cloned().collect());
    let conflicts = crate::domain::conflicts::carried(&sides[0], &sides[1], &sides[2], conflicts);
    workspace.record_conflicts(conflicts.clone());
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
        rule: Some(finding.rule.to_string()),
        message: finding.to_string(),
        ..Conflict::at(ConflictKind::Rule, kind_name(record_kind), record, "")
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
