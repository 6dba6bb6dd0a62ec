//! Requests for the endings an offboarding makes, and for reseller and DAP relationships ended
//! by `terminate` (a review fix ends a DAP relationship): the audit entry of an offboarding names
//! a partner and a customer, not the records it ended, so the records' own histories say which
//! ones it ended (a status change to terminated or deleted at the entry's time).

use std::collections::BTreeSet;

use super::partner_center;
use super::plan::Plan;
use super::{Emitted, Request};
use crate::domain::*;
use crate::workspace::Workspace;

/// True when offboarding entry `e` ended relationship `r`.
pub(super) fn offboard_ended(e: &AuditEntry, r: &Relationship) -> bool {
    let Action::Offboard {
        partner_id,
        customer_id,
    } = &e.action
    else {
        return false;
    };
    r.partner_id == *partner_id && r.customer_id == *customer_id && ended_at(r, e.at)
}

fn ended_at(r: &Relationship, at: Time) -> bool {
    r.history.iter().any(|c| {
        c.at == at
            && matches!(
                c.status,
                RelationshipStatus::Terminated | RelationshipStatus::Deleted
            )
    })
}

/// True when entry `e` ended `r`: its `terminate`, or an offboarding that ended it.
fn ends(e: &AuditEntry, r: &Relationship) -> bool {
    match &e.action {
        Action::Terminate { relationship_id } => *relationship_id == r.id,
        Action::Offboard { .. } => offboard_ended(e, r),
        _ => false,
    }
}

/// The request that makes entry `e`'s ending of reseller or DAP relationship `r` real, or a note
/// when the customer ended it (in the Microsoft 365 admin center: nothing for the partner to send).
fn reseller_or_dap(ws: &Workspace, e: &AuditEntry, r: &Relationship, out: &mut Emitted) {
    match &e.actor {
        Actor::Partner(_) => out
            .requests
            .extend(partner_center::ending(ws, r, Some(e.seq))),
        by => out.notes.push(format!(
            "{by} ended {} relationship {} (entry {}) in the Microsoft 365 admin center: there is nothing for the partner to send",
            r.kind.label(),
            r.id,
            e.seq
        )),
    }
}

/// Every request for reseller or DAP relationship `r`: the ending, if an entry made one.
pub(super) fn relationship(ws: &Workspace, r: &Relationship) -> Result<Emitted, String> {
    let mut out = Emitted::default();
    match ws.audit().find(|e| ends(e, r)) {
        Some(e) => reseller_or_dap(ws, e, r, &mut out),
        None => {
            return Err(format!(
                "{} is a {} relationship and nothing recorded ended it; emit covers GDAP relationships, invitations (emit the invitation for a reseller link) and the end of a reseller or DAP relationship",
                r.id,
                r.kind.label()
            ));
        }
    }
    Ok(out)
}

/// The requests of `terminate` entry `e` on reseller or DAP relationship `r`.
pub(super) fn terminate_entry(ws: &Workspace, e: &AuditEntry, r: &Relationship) -> Emitted {
    let mut out = Emitted::default();
    reseller_or_dap(ws, e, r, &mut out);
    out
}

/// The requests of offboarding entry `e`: for each relationship it ended, access first (GDAP,
/// DAP), the reseller relationship last; and a word on the invitations it revoked.
pub(super) fn offboard_entry(ws: &Workspace, e: &AuditEntry) -> Result<Emitted, String> {
    let Action::Offboard {
        partner_id,
        customer_id,
    } = &e.action
    else {
        return Ok(Emitted::default());
    };
    let mut ended: Vec<&Relationship> = ws
        .relationships_of_customer(customer_id)
        .filter(|r| offboard_ended(e, r))
        .collect();
    ended.sort_by_key(|r| match r.kind {
        RelationshipKind::Gdap => 0,
        RelationshipKind::DelegatedAdmin => 1,
        RelationshipKind::Reseller => 2,
    });
    let mut out = Emitted::default();
    let mut notes = BTreeSet::new();
    for r in ended {
        if r.gdap.is_some() {
            let part = Plan::build(ws, r)?.finish(Some(e.seq));
            out.requests.extend(part.requests);
            notes.extend(part.notes);
        } else {
            reseller_or_dap(ws, e, r, &mut out);
        }
    }
    let revoked: Vec<String> = ws
        .invitations_of_customer(customer_id)
        .filter(|i| {
            i.partner_id == *partner_id
                && i.status == InvitationStatus::Revoked
                && i.resolved_date_time == Some(e.at)
        })
        .map(|i| i.id.to_string())
        .collect();
    if !revoked.is_empty() {
        notes.insert(format!(
            "invitation(s) {} revoked: a reseller invitation is a link Partner Center does not withdraw; do not send it again",
            revoked.join(", ")
        ));
    }
    out.notes.extend(notes);
    if out.requests.is_empty() && out.notes.is_empty() {
        out.notes.push(format!(
            "audit entry {} (offboard) makes no request: nothing it ended is in Microsoft Graph or Partner Center",
            e.seq
        ));
    }
    Ok(out)
}

/// Requests that end a GDAP relationship for offboarding: its live access assignments are
/// deleted first — termination is asynchronous (terminationRequested, terminating), deleting them
/// removes the partner's access at once — then the relationship is terminated.
impl Plan<'_> {
    pub(super) fn offboard(&mut self, e: &AuditEntry) {
        if self
            .r
            .history
            .iter()
            .any(|c| c.at == e.at && c.status == RelationshipStatus::Deleted)
        {
            self.delete_draft(e.seq);
            return;
        }
        if !matches!(e.actor, Actor::Partner(_)) {
            self.note(
                [e.seq],
                format!(
                    "{} ended relationship {} (entry {}) in the Microsoft 365 admin center: there is nothing for the partner to send",
                    e.actor, self.r.id, e.seq
                ),
            );
            return;
        }
        self.delete_access_before_ending(e.seq);
        let request: Request = self.terminate_request(e.seq);
        self.requests.push(request);
    }
}
