//! The History pane: the audit trail, newest first — seq, when, who, what. A row's id is the
//! entry's position in the trail (entries are only ever appended, or taken back by undo), so a
//! row reads its entry in O(log n) and nothing is copied per frame. The detail names the records
//! the entry's action concerns; Enter on a row jumps to the first of them that exists.

use super::columns::{Cells, Column, fixed, name, number, text};
use super::detail::Detail;
use super::names::{customer_name, partner_name};
use super::target::Target;
use crate::display::inert;
use crate::domain::conflicts::conflict_record;
use crate::domain::{Action, Actor, AuditEntry, Id, Time};
use crate::workspace::Workspace;

pub const COLUMNS: &[Column] = &[
    number("Seq", 8),
    fixed("When", 16),
    name("Who", 40),
    text("What", 200),
];

/// The row id of the trail's `index`-th entry.
pub fn row_id(index: usize) -> Id {
    Id::new(index.to_string())
}

/// The trail position a row id names.
pub fn index_of(id: &Id) -> Option<usize> {
    id.as_str().parse().ok()
}

/// The entry a row id names.
pub fn entry_of<'a>(ws: &'a Workspace, id: &Id) -> Option<&'a AuditEntry> {
    ws.audit_entry(index_of(id)?)
}

/// `2026-11-24 09:00`: minutes are enough to tell entries apart on screen.
pub fn when_label(at: Time) -> String {
    at.to_string()
        .replacen('T', " ", 1)
        .chars()
        .take(16)
        .collect()
}

/// Who acted, by name.
pub fn who_label(ws: &Workspace, actor: &Actor) -> String {
    match actor {
        Actor::Operator => "operator".into(),
        Actor::Partner(id) => partner_name(ws, id),
        Actor::Customer(id) => customer_name(ws, id),
    }
}

pub fn cells(ws: &Workspace, id: &Id) -> Cells {
    let Some(e) = entry_of(ws, id) else {
        return Cells::new(vec![id.to_string()]);
    };
    Cells::new(vec![
        e.seq.to_string(),
        when_label(e.at),
        who_label(ws, &e.actor),
        inert(&e.summary).into_owned(),
    ])
}

/// The record ids an action names, in the order it names them. Exhaustive so that a new action
/// must say which records it concerns.
pub fn record_ids(action: &Action) -> Vec<&Id> {
    match action {
        Action::AddPartner { partner } | Action::EditPartner { partner } => vec![&partner.id],
        Action::AddCustomer { customer } | Action::EditCustomer { customer } => {
            vec![&customer.id]
        }
        Action::BuySubscription { customer_id, .. } => vec![customer_id],
        Action::SuspendSubscription { subscription_id }
        | Action::ReactivateSubscription { subscription_id } => vec![subscription_id],
        Action::Invite {
            customer_id,
            via_provider_id,
            for_reseller,
            ..
        } => std::iter::once(customer_id)
            .chain(via_provider_id)
            .chain(for_reseller)
            .collect(),
        Action::Lock { relationship_id }
        | Action::EditDraft {
            relationship_id, ..
        }
        | Action::DeleteDraft { relationship_id }
        | Action::ResellerApprove { relationship_id }
        | Action::ResellerReject { relationship_id }
        | Action::RemoveGlobalAdmin { relationship_id }
        | Action::Terminate { relationship_id }
        | Action::SetAutoExtend {
            relationship_id, ..
        }
        | Action::AddAccessAssignment {
            relationship_id, ..
        } => vec![relationship_id],
        Action::Accept { invitation_id }
        | Action::Decline { invitation_id }
        | Action::Revoke { invitation_id } => vec![invitation_id],
        Action::RemoveAccessAssignment { assignment_id } => vec![assignment_id],
        Action::Offboard {
            partner_id,
            customer_id,
        } => vec![customer_id, partner_id],
        Action::PassTime | Action::Import { .. } | Action::ResolveConflict { .. } => Vec::new(),
    }
}

/// Where a record id is shown: its own pane, or, for a subscription or an access assignment
/// (which have no pane), the customer or relationship whose detail lists it. `None` when the
/// workspace has no such record.
pub fn target_of_id(ws: &Workspace, id: &Id) -> Option<Target> {
    if ws.relationship(id).is_some() {
        Some(Target::Relationship(id.clone()))
    } else if ws.invitation(id).is_some() {
        Some(Target::Invitation(id.clone()))
    } else if ws.customer(id).is_some() {
        Some(Target::Customer(id.clone()))
    } else if ws.partner(id).is_some() {
        Some(Target::Partner(id.clone()))
    } else if let Some(s) = ws.subscription(id) {
        Some(Target::Customer(s.customer_id.clone()))
    } else {
        ws.assignment(id).map(|a| Target::Assignment {
            relationship: a.relationship_id.clone(),
            assignment: a.id.clone(),
        })
    }
}

/// Where Enter on an entry goes: the first record its action names that exists.
pub fn jump_target(ws: &Workspace, id: &Id) -> Option<Target> {
    let entry = entry_of(ws, id)?;
    if let Some(record) = conflict_record_of(&entry.action) {
        return target_of_id(ws, &record);
    }
    record_ids(&entry.action)
        .into_iter()
        .find_map(|rid| target_of_id(ws, rid))
}

/// The record an answered merge conflict changed: its id is inside the conflict's id, not a
/// field of the action (so `record_ids`, which borrows, cannot name it).
fn conflict_record_of(action: &Action) -> Option<Id> {
    match action {
        Action::ResolveConflict { conflict_id, .. } => conflict_record(conflict_id).map(Id::new),
        _ => None,
    }
}

/// What `/` searches in an entry: seq, when, who (id and name), the action's name, the summary
/// and the ids of the records it concerns — so a record's id finds its history.
pub fn haystack(ws: &Workspace, e: &AuditEntry, push: &mut impl FnMut(&str)) {
    push(&e.seq.to_string());
    push(&when_label(e.at));
    push(&e.actor.to_string());
    if !matches!(e.actor, Actor::Operator) {
        push(&who_label(ws, &e.actor));
    }
    push(e.action.name());
    push(&e.summary);
    for id in record_ids(&e.action) {
        push(id.as_str());
    }
    if let Some(record) = conflict_record_of(&e.action) {
        push(record.as_str());
    }
}

pub fn detail(ws: &Workspace, id: &Id, d: &mut Detail) {
    let Some(e) = entry_of(ws, id) else {
        d.dim(format!("audit entry {id} is not in the workspace"));
        return;
    };
    d.heading(&format!("Audit entry {}", e.seq));
    d.field("When", &e.at.to_string());
    d.field("Who", &format!("{} ({})", who_label(ws, &e.actor), e.actor));
    d.field("Action", e.action.name());
    d.field("What", &e.summary);
    let mut ids: Vec<Id> = record_ids(&e.action).into_iter().cloned().collect();
    ids.extend(conflict_record_of(&e.action));
    if ids.is_empty() {
        return;
    }
    d.heading("Concerns");
    for rid in &ids {
        match target_of_id(ws, rid) {
            Some(target) => {
                let name = match &target {
                    Target::Partner(p) => partner_name(ws, p),
                    Target::Customer(c) => customer_name(ws, c),
                    Target::Invitation(_)
                    | Target::Relationship(_)
                    | Target::Assignment { .. }
                    | Target::Subscription { .. } => rid.to_string(),
                };
                let kind = match &target {
                    Target::Partner(_) => "partner",
                    Target::Customer(_) => "customer",
                    Target::Invitation(_) => "invitation",
                    Target::Relationship(_) => "relationship",
                    Target::Assignment { .. } => "access assignment",
                    Target::Subscription { .. } => "subscription",
                };
                let own = target.id() == rid
                    || matches!(&target, Target::Assignment { assignment, .. } if assignment == rid)
                    || matches!(&target, Target::Subscription { id, .. } if id == rid);
                let rest = if own {
                    kind.to_string()
                } else {
                    format!("{kind} of {rid}")
                };
                d.link(&name, rest, target);
            }
            None => d.dim(format!("{rid} (no longer in the workspace)")),
        }
    }
}
