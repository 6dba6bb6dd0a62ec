//! From the audit trail to Graph requests. A relationship not in Graph yet (its id is
//! partnerdesk's own) is created from its record, with the changes made to the draft folded in,
//! and locked if it was; a relationship already in Graph starts from the last import. Then each
//! later audit entry about the relationship or one of its access assignments becomes the request
//! Graph documents for it, in audit order. One pass over the audit: emit is not a per-frame path.

use std::collections::HashSet;

use serde_json::json;

use super::endings;
use super::plan::{Known, Plan};
use super::roles::{names, unified_roles};
use super::{Emitted, GRAPH, NEW_ID, Request, approval_link, invitation, is_graph_id, is_guid};
use crate::domain::duration::AutoExtend;
use crate::domain::roles::GLOBAL_ADMINISTRATOR;
use crate::domain::*;
use crate::workspace::Workspace;

/// The first audit entry that may hold a change Graph does not have yet, for a relationship
/// already in Graph: the one after the import it came from (its provenance). A record imported
/// before records kept their provenance counts from the last import. An import that found the
/// record unchanged keeps its older provenance, so a change already sent may be emitted again
/// (Graph refuses it harmlessly); a change not yet sent is never left out.
fn first_unsent_seq(ws: &Workspace, relationship: &Relationship) -> u64 {
    let import = |e: &&AuditEntry| matches!(e.action, Action::Import { .. });
    let from_source = relationship.source.as_deref().and_then(|source| {
        ws.audit()
            .rev()
            .filter(import)
            .find(|e| e.at == source.imported_at)
    });
    from_source
        .or_else(|| ws.audit().rev().find(import))
        .map_or(0, |e| e.seq + 1)
}

/// The relationship an action changes, directly or through one of its access assignments.
fn subject<'a>(ws: &'a Workspace, action: &'a Action) -> Option<&'a Id> {
    match action {
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
        } => Some(relationship_id),
        Action::RemoveAccessAssignment { assignment_id } => {
            ws.assignment(assignment_id).map(|a| &a.relationship_id)
        }
        _ => None,
    }
}

/// The entry that created `r` with `invite` (no action names the relationship it creates).
fn is_invite_of(e: &AuditEntry, r: &Relationship) -> bool {
    match (&e.action, &e.actor) {
        (
            Action::Invite {
                customer_id,
                kind: InvitationKind::Gdap,
                ..
            },
            Actor::Partner(by),
        ) => e.at == r.created_date_time && *customer_id == r.customer_id && by == r.maker(),
        _ => false,
    }
}

/// Every request for relationship `r`.
pub(super) fn relationship(ws: &Workspace, r: &Relationship) -> Result<Emitted, String> {
    if r.gdap.is_none() {
        return endings::relationship(ws, r);
    }
    Ok(Plan::build(ws, r)?.finish(None))
}

/// The requests of audit entry `seq` alone.
pub(super) fn audit_entry(ws: &Workspace, seq: u64) -> Result<Emitted, String> {
    let entry = ws
        .audit()
        .find(|e| e.seq == seq)
        .ok_or_else(|| format!("the audit trail has no entry {seq} (see `partnerdesk history`)"))?;
    let nothing = |what: &str| Emitted {
        notes: vec![format!(
            "audit entry {seq} ({}) {what}",
            entry.action.name()
        )],
        ..Emitted::default()
    };
    if let Action::Invite {
        customer_id, kind, ..
    } = &entry.action
    {
        let Actor::Partner(by) = &entry.actor else {
            return Ok(nothing("makes no Microsoft Graph request"));
        };
        if *kind != InvitationKind::Gdap {
            let made = ws.invitations_of_customer(customer_id).find(|i| {
                i.partner_id == *by && i.kind == *kind && i.created_date_time == entry.at
            });
            return match made {
                Some(inv) => invitation(ws, inv),
                None => Ok(nothing("names no invitation in the workspace any more")),
            };
        }
        let made = ws
            .relationships_of_customer(customer_id)
            .find(|r| r.kind == RelationshipKind::Gdap && is_invite_of(entry, r));
        return match made {
            Some(r) => Ok(Plan::build(ws, r)?.finish(Some(seq))),
            None => Ok(nothing(
                "names no GDAP relationship in the workspace any more",
            )),
        };
    }
    if let Action::Revoke { invitation_id } = &entry.action
        && ws
            .invitation(invitation_id)
            .is_some_and(|i| i.kind != InvitationKind::Gdap)
    {
        return Ok(nothing(
            "revoked a reseller invitation: its link is Partner Center's, which nothing withdraws; do not send it again (there is no request to make)",
        ));
    }
    if matches!(entry.action, Action::Offboard { .. }) {
        return endings::offboard_entry(ws, entry);
    }
    match subject(ws, &entry.action).and_then(|id| ws.relationship(id)) {
        Some(r) if r.gdap.is_some() => Ok(Plan::build(ws, r)?.finish(Some(seq))),
        Some(r) if matches!(entry.action, Action::Terminate { .. }) => {
            Ok(endings::terminate_entry(ws, entry, r))
        }
        _ => Ok(nothing("makes no Microsoft Graph request")),
    }
}

impl<'a> Plan<'a> {
    pub(super) fn build(ws: &'a Workspace, r: &'a Relationship) -> Result<Plan<'a>, String> {
        let Some(gdap) = r.gdap.as_deref() else {
            return Err(format!(
                "{} is a {} relationship; emit covers GDAP relationships and invitations (emit the invitation for a reseller link)",
                r.id,
                r.kind.label()
            ));
        };
        // A relationship the customer approved that this workspace did not invite (a seeded or
        // hand-written record) is in Graph, even when partnerdesk knows it only by its own id.
        // One invited here is planned from its invitation on, as partnerdesk recorded it.
        // Microsoft's id: the one an import linked to it, or its own id when that is a Graph id.
        let microsoft_id = r
            .external_id
            .as_deref()
            .map(str::to_string)
            .or_else(|| is_graph_id(r.id.as_str()).then(|| r.id.to_string()));
        let graph_id = microsoft_id.is_some();
        let approved = r.history.iter().any(|c| {
            matches!(
                c.status,
                RelationshipStatus::Approved
                    | RelationshipStatus::Activating
                    | RelationshipStatus::Active
            )
        });
        let invited_here = || ws.audit().any(|e| is_invite_of(e, r));
        let in_graph = graph_id || (approved && !invited_here());
        let mut plan = Plan {
            ws,
            r,
            gdap,
            in_graph,
            id: microsoft_id.unwrap_or_else(|| NEW_ID.to_string()),
            requests: Vec::new(),
            notes: Vec::new(),
            approval: None,
            changed: HashSet::new(),
            known: Known::default(),
            given: Vec::new(),
        };
        if in_graph && !graph_id {
            let text = format!(
                "partnerdesk knows this relationship as {}, not by the id Microsoft Graph gave it: set {NEW_ID} to that id (importing a Graph export keeps it)",
                r.id
            );
            plan.note([], text);
        }
        let from = if in_graph { first_unsent_seq(ws, r) } else { 0 };
        let mut invite = None;
        let mut entries = Vec::new();
        for e in ws.audit().filter(|e| e.seq >= from) {
            if !in_graph && invite.is_none() && is_invite_of(e, r) {
                invite = Some(e.seq);
            } else if subject(ws, &e.action) == Some(&r.id) || endings::offboard_ended(e, r) {
                entries.push(e);
            }
        }
        if in_graph {
            plan.in_graph_start(&entries);
        } else if plan.new_start(invite, &mut entries)? {
            plan.unrecorded_assignments(&entries);
        } else {
            return Ok(plan);
        }
        for e in entries {
            plan.change(e);
        }
        Ok(plan)
    }

    /// A relationship Graph already has: what is known of its draft, and a word when nothing
    /// was recorded since the import.
    fn in_graph_start(&mut self, entries: &[&AuditEntry]) {
        let r = self.r;
        if !entries.is_empty() {
            return;
        }
        match r.status {
            RelationshipStatus::ApprovalPending => {
                self.approval = Some((None, approval_link(&self.id)));
                self.note(
                    [],
                    "already locked for approval: send the customer the approval link".into(),
                );
            }
            RelationshipStatus::Created => self.note(
                [],
                format!(
                    "relationship {} is a draft in Microsoft Graph and nothing was recorded on it since it was imported; lock it with `partnerdesk lock` to get the lock request and the approval link",
                    r.id
                ),
            ),
            status => self.note(
                [],
                format!(
                    "relationship {} is {} and nothing was recorded on it since it was imported: there is nothing to send",
                    r.id,
                    status.label()
                ),
            ),
        }
    }

    /// A relationship Graph does not have yet: create it from its record and lock it, unless it
    /// never left partnerdesk (false: nothing more to emit). `entries` keeps the changes after
    /// the lock; the draft's own changes are in the create request.
    fn new_start(
        &mut self,
        invite: Option<u64>,
        entries: &mut Vec<&'a AuditEntry>,
    ) -> Result<bool, String> {
        let r = self.r;
        if r.status == RelationshipStatus::Deleted {
            let named = invite.into_iter().chain(entries.iter().map(|e| e.seq));
            self.note(
                named,
                format!(
                    "draft {} was deleted before it reached Microsoft Graph: there is nothing to send",
                    r.id
                ),
            );
            return Ok(false);
        }
        let locked = r.invitation_id.is_some()
            || r.history
                .iter()
                .any(|c| c.status == RelationshipStatus::ApprovalPending)
            || r.status != RelationshipStatus::Created;
        let lock = entries
            .iter()
            .find(|e| matches!(e.action, Action::Lock { .. }))
            .map(|e| e.seq);
        // Up to the lock (or the invite that locked at once) the draft changed in partnerdesk
        // only: the create request carries its fields.
        let locked_at = match (locked, lock) {
            (false, _) => u64::MAX,
            (true, Some(seq)) => seq,
            (true, None) => invite.unwrap_or(0),
        };
        let (draft, after): (Vec<&AuditEntry>, Vec<&AuditEntry>) = std::mem::take(entries)
            .into_iter()
            .partition(|e| e.seq <= locked_at);
        for e in &draft {
            if !matches!(e.action, Action::Lock { .. }) {
                self.note(
                    [e.seq],
                    format!(
                        "{} (entry {}) changed the draft before it reached Microsoft Graph: the create request carries it",
                        e.action.name(),
                        e.seq
                    ),
                );
            }
        }
        *entries = after;

        // The fields as they were when locked: later changes are requests of their own.
        let mut roles: Vec<String> = self.gdap.roles.iter().map(|t| t.to_string()).collect();
        let mut auto_extend = self.gdap.auto_extend_duration;
        if entries
            .iter()
            .any(|e| matches!(e.action, Action::RemoveGlobalAdmin { .. }))
            && !roles
                .iter()
                .any(|id| id.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR))
        {
            roles.push(GLOBAL_ADMINISTRATOR.to_string());
        }
        if let Some(first) = entries.iter().find_map(|e| match e.action {
            Action::SetAutoExtend {
                auto_extend_duration,
                ..
            } => Some(auto_extend_duration),
            _ => None,
        }) {
            auto_extend = AutoExtend::from_flag(!first.is_on());
        }

        let customer = self
            .ws
            .customer(&r.customer_id)
            .ok_or_else(|| format!("customer {} is not in the workspace", r.customer_id))?;
        let lock_seq = lock.or(invite);
        if let Some(provider) = &r.via_partner_id {
            self.note(
                invite.into_iter().chain(lock),
                format!(
                    "relationship {} is made by {} for its indirect reseller {}: Microsoft Graph v1.0 documents no request that creates a relationship for a reseller, so {} creates{} it in Partner Center; the requests below use the id it gets",
                    r.id,
                    self.partner_name(provider),
                    self.partner_name(&r.partner_id),
                    self.partner_name(provider),
                    if locked { " and locks" } else { "" }
                ),
            );
            self.changed.insert(self.relationship_url());
            if locked {
                // The customer approves after the reseller: a recorded approval moves it there.
                self.approval = Some((lock_seq, approval_link(NEW_ID)));
            }
        } else {
            let mut create = Request::new(
                "POST",
                GRAPH.to_string(),
                Some(json!({
                    "displayName": self.gdap.display_name,
                    "duration": self.gdap.duration.to_string(),
                    "customer": { "tenantId": customer.tenant_id, "displayName": customer.display_name },
                    "accessDetails": unified_roles(&roles),
                    "autoExtendDuration": auto_extend.to_string(),
                })),
                format!(
                    "Create the GDAP relationship \"{}\" with {} for {}: {}",
                    self.gdap.display_name,
                    customer.display_name,
                    self.gdap.duration,
                    names(&roles)
                ),
            );
            create.captures = Some(NEW_ID.to_string());
            self.changed.insert(self.relationship_url());
            self.push(invite, create);
            if locked {
                self.lock(lock_seq);
            } else {
                self.note(
                    [],
                    format!(
                        "relationship {} is still a draft: lock it with `partnerdesk lock` to get the lock request and the approval link",
                        r.id
                    ),
                );
            }
        }
        if r.status.is_ended() {
            self.note(
                [],
                format!(
                    "relationship {} is {} in partnerdesk and never reached Microsoft Graph: these requests replay its recorded life there; leave them unsent if it should not exist",
                    r.id,
                    r.status.label()
                ),
            );
        }
        Ok(true)
    }

    /// Access assignments of a relationship Graph does not have yet that the audit trail does
    /// not show being made (a generated or hand-written workspace): given after the approval.
    fn unrecorded_assignments(&mut self, entries: &[&AuditEntry]) {
        let recorded: HashSet<(Time, String)> = entries
            .iter()
            .filter_map(|e| match &e.action {
                Action::AddAccessAssignment {
                    security_group_id, ..
                } => Some((e.at, security_group_id.trim().to_ascii_lowercase())),
                _ => None,
            })
            .collect();
        let unrecorded: Vec<&AccessAssignment> = self
            .ws
            .assignments_of_relationship(&self.r.id)
            .filter(|a| {
                a.status == AssignmentStatus::Active
                    && !is_guid(a.id.as_str())
                    && !recorded.contains(&(
                        a.created_date_time,
                        a.security_group_id.to_ascii_lowercase(),
                    ))
            })
            .collect();
        for a in unrecorded {
            let request = self.assignment_request(
                &a.security_group_id,
                a.security_group_name.as_deref(),
                &a.roles,
                a.id.as_str(),
            );
            self.push(None, request);
        }
    }
}
