//! The request Graph documents for each change: lock, draft edit and deletion, the indirect
//! reseller's answer, removing Global Administrator, termination, auto-extension and access
//! assignments, each with `If-Match` where Graph requires it.

use serde_json::{Map, Value, json};

use super::plan::{Plan, etag_of_assignment};
use super::roles::{names, role_ids, unified_roles};
use super::{Request, is_guid};
use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::roles::GLOBAL_ADMINISTRATOR;
use crate::domain::*;

fn assignment_placeholder(id: &str) -> String {
    format!("{{accessAssignmentId:{id}}}")
}

impl<'a> Plan<'a> {
    pub(super) fn lock(&mut self, seq: Option<u64>) {
        let url = format!("{}/requests", self.relationship_url());
        self.changed.insert(self.relationship_url());
        self.push(
            seq,
            Request::new(
                "POST",
                url,
                Some(json!({ "action": "lockForApproval" })),
                "Lock the relationship for approval: after this the customer can approve it".into(),
            ),
        );
        self.approval_after_last(seq);
    }

    /// `POST …/requests` with `action` (no `If-Match`: Graph's create-request call takes none).
    fn relationship_request(&mut self, seq: u64, action: &str, comment: String) -> Request {
        self.changed.insert(self.relationship_url());
        let mut request = Request::new(
            "POST",
            format!("{}/requests", self.relationship_url()),
            Some(json!({ "action": action })),
            comment,
        );
        request.seq = Some(seq);
        request
    }

    /// `PATCH` the relationship with `body`, with `If-Match`.
    fn patch(&mut self, seq: u64, body: Value, comment: String) {
        let url = self.relationship_url();
        let etag = self.relationship_etag();
        let request = Request::new("PATCH", url.clone(), Some(body), comment).if_match(etag, &url);
        self.push(Some(seq), request);
    }

    pub(super) fn change(&mut self, e: &AuditEntry) {
        let seq = e.seq;
        match &e.action {
            Action::Lock { .. } => self.lock(Some(seq)),
            Action::EditDraft {
                display_name,
                roles,
                duration,
                auto_extend_duration,
                ..
            } => self.edit_draft(
                seq,
                display_name.as_deref(),
                roles.as_deref(),
                *duration,
                *auto_extend_duration,
            ),
            Action::DeleteDraft { .. } => self.delete_draft(seq),
            Action::ResellerApprove { .. } | Action::ResellerReject { .. } => {
                let approve = matches!(e.action, Action::ResellerApprove { .. });
                let reseller = self.partner_name(&self.r.partner_id);
                let provider = self.partner_name(self.r.maker());
                let (action, verb) = if approve {
                    ("approve", "Approve")
                } else {
                    ("reject", "Reject")
                };
                let mut request = self.relationship_request(
                    seq,
                    action,
                    format!(
                        "{verb} the relationship {provider} created for the indirect reseller {reseller} (sent by the reseller)"
                    ),
                );
                request.signed_in_as = Some(format!("the indirect reseller {reseller}"));
                self.requests.push(request);
                if approve {
                    self.approval_after_last(Some(seq));
                } else {
                    for request in &mut self.requests {
                        request.then_approval = false;
                    }
                    self.approval = None;
                }
            }
            Action::RemoveGlobalAdmin { .. } => {
                self.assignments_lose_global_admin(seq);
                let remaining: Vec<&str> = self
                    .gdap
                    .roles
                    .iter()
                    .map(|t| t.as_str())
                    .filter(|id| !id.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR))
                    .collect();
                self.patch(
                    seq,
                    json!({ "accessDetails": unified_roles(&remaining) }),
                    format!(
                        "Remove Global Administrator (Graph allows it only while the relationship is active); it keeps: {}",
                        names(&remaining)
                    ),
                );
            }
            Action::Terminate { .. } => match &e.actor {
                Actor::Partner(_) => {
                    let request = self.terminate_request(seq);
                    self.requests.push(request);
                }
                by => self.note(
                    [seq],
                    format!(
                        "{by} ended relationship {} (entry {seq}) in the Microsoft 365 admin center: there is nothing for the partner to send",
                        self.r.id
                    ),
                ),
            },
            Action::SetAutoExtend {
                auto_extend_duration,
                ..
            } => {
                self.known.auto_extend = Some(*auto_extend_duration);
                let comment = if auto_extend_duration.is_on() {
                    "Turn auto-extension on: the relationship extends by 180 days at its end"
                } else {
                    "Turn auto-extension off: the relationship ends at its end date"
                };
                self.patch(
                    seq,
                    json!({ "autoExtendDuration": auto_extend_duration.to_string() }),
                    comment.into(),
                );
            }
            Action::AddAccessAssignment {
                security_group_id,
                security_group_name,
                roles,
                ..
            } => self.assign(
                e,
                security_group_id.trim(),
                security_group_name.as_deref(),
                roles,
            ),
            Action::RemoveAccessAssignment { assignment_id } => self.unassign(seq, assignment_id),
            Action::Offboard { .. } => self.offboard(e),
            _ => {}
        }
    }

    pub(super) fn delete_draft(&mut self, seq: u64) {
        let url = self.relationship_url();
        let etag = self.relationship_etag();
        let request = Request::new(
            "DELETE",
            url.clone(),
            None,
            "Delete the draft relationship (Graph forgets it; partnerdesk keeps it as history)"
                .into(),
        )
        .if_match(etag, &url);
        self.push(Some(seq), request);
        self.approval = None;
    }

    pub(super) fn terminate_request(&mut self, seq: u64) -> Request {
        self.relationship_request(
            seq,
            "terminate",
            "Terminate the relationship: the partner's access to the customer ends".into(),
        )
    }

    /// `DELETE` of every access assignment still live in Graph as far as the plan knows: those
    /// the requests before gave and did not remove, and those imported from Graph that
    /// partnerdesk ended with the relationship (and no request has deleted yet).
    pub(super) fn delete_access_before_ending(&mut self, seq: u64) {
        let deleted_already = |requests: &[Request], url: &str| {
            requests
                .iter()
                .any(|q| q.method == "DELETE" && q.url == url)
        };
        let mut targets: Vec<(String, Option<&'a AccessAssignment>, String)> = Vec::new();
        for (url, _) in std::mem::take(&mut self.given) {
            targets.push((url, None, "given above".to_string()));
        }
        for a in self.ws.assignments_of_relationship(&self.r.id) {
            if !is_guid(a.id.as_str()) || a.status != AssignmentStatus::Deleted {
                continue;
            }
            let url = self.assignment_url(a.id.as_str());
            if deleted_already(&self.requests, &url) || targets.iter().any(|(u, ..)| *u == url) {
                continue;
            }
            let group = a
                .security_group_name
                .clone()
                .unwrap_or_else(|| a.security_group_id.clone());
            targets.push((url, Some(a), group));
        }
        for (url, assignment, group) in targets {
            let etag = self.assignment_etag(&url, assignment);
            let request = Request::new(
                "DELETE",
                url.clone(),
                None,
                format!(
                    "Remove the access assignment ({group}) first, if it is still there: access ends now, not when the termination completes"
                ),
            )
            .if_match(etag, &url);
            let request = Request {
                if_still_there: true,
                ..request
            };
            self.push(Some(seq), request);
        }
    }

    fn edit_draft(
        &mut self,
        seq: u64,
        display_name: Option<&str>,
        roles: Option<&[String]>,
        duration: Option<DurationDays>,
        auto_extend: Option<AutoExtend>,
    ) {
        let mut body = Map::new();
        let mut what = Vec::new();
        if let Some(name) = display_name.map(str::trim) {
            if self.known.name.as_deref() != Some(name) {
                body.insert("displayName".into(), json!(name));
                what.push(format!("name \"{name}\""));
            }
            self.known.name = Some(name.to_string());
        }
        if let Some(roles) = roles {
            let ids = role_ids(roles);
            if self.known.roles.as_ref() != Some(&ids) {
                body.insert("accessDetails".into(), unified_roles(&ids));
                what.push(format!("roles {}", names(&ids)));
            }
            self.known.roles = Some(ids);
        }
        if let Some(duration) = duration {
            if self.known.duration != Some(duration) {
                body.insert("duration".into(), json!(duration.to_string()));
                what.push(format!("duration {duration}"));
            }
            self.known.duration = Some(duration);
        }
        if let Some(auto_extend) = auto_extend {
            if self.known.auto_extend != Some(auto_extend) {
                body.insert("autoExtendDuration".into(), json!(auto_extend.to_string()));
                what.push(format!("auto-extend {auto_extend}"));
            }
            self.known.auto_extend = Some(auto_extend);
        }
        if body.is_empty() {
            self.note(
                [seq],
                format!(
                    "edit draft (entry {seq}) changed nothing the requests before it did not send"
                ),
            );
            return;
        }
        self.patch(
            seq,
            Value::Object(body),
            format!("Change the draft: {}", what.join(", ")),
        );
    }

    /// The access assignment `AddAccessAssignment` at `e` made (the action does not name it).
    fn assignment_made(&self, e: &AuditEntry, group: &str) -> Option<&'a AccessAssignment> {
        self.ws.assignments_of_relationship(&self.r.id).find(|a| {
            a.created_date_time == e.at && a.security_group_id.eq_ignore_ascii_case(group)
        })
    }

    pub(super) fn assignment_request<S: AsRef<str>>(
        &self,
        group: &str,
        group_name: Option<&str>,
        roles: &[S],
        assignment: &str,
    ) -> Request {
        let mut request = Request::new(
            "POST",
            format!("{}/accessAssignments", self.relationship_url()),
            Some(json!({
                "accessContainer": { "accessContainerId": group, "accessContainerType": "securityGroup" },
                "accessDetails": unified_roles(roles),
            })),
            format!(
                "Give security group {} these roles: {}",
                group_name.unwrap_or(group),
                names(roles)
            ),
        );
        request.captures = Some(assignment_placeholder(assignment));
        request
    }

    fn assign(&mut self, e: &AuditEntry, group: &str, group_name: Option<&str>, roles: &[String]) {
        let made = self.assignment_made(e, group).map(|a| a.id.to_string());
        let reference = made.unwrap_or_else(|| format!("entry-{}", e.seq));
        let ids = role_ids(roles);
        let request = self.assignment_request(group, group_name, &ids, &reference);
        self.push(Some(e.seq), request);
        let url = self.assignment_url(&reference);
        self.given.push((url, ids));
    }

    /// An access assignment's URL: by its Graph id, or by the placeholder for the id Graph gives
    /// it when it is created.
    pub(super) fn assignment_url(&self, id: &str) -> String {
        let reference = if is_guid(id) {
            id.to_string()
        } else {
            assignment_placeholder(id)
        };
        format!("{}/accessAssignments/{reference}", self.relationship_url())
    }

    /// The assignment's ETag for a request that changes it: known only for the first change to
    /// an assignment already in Graph.
    pub(super) fn assignment_etag(
        &mut self,
        url: &str,
        assignment: Option<&'a AccessAssignment>,
    ) -> Option<&'a str> {
        let fresh = self.changed.insert(url.to_string());
        match assignment {
            Some(a) if fresh && self.in_graph && is_guid(a.id.as_str()) => etag_of_assignment(a),
            _ => None,
        }
    }

    /// GD7 with GD4: removing Global Administrator from a relationship removes it from the
    /// access assignments that gave it, first; one left with no role is deleted.
    fn assignments_lose_global_admin(&mut self, seq: u64) {
        let is_global_admin = |id: &String| id.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR);
        let mut changes: Vec<(String, Option<&AccessAssignment>, Vec<String>)> = Vec::new();
        for (url, roles) in &mut self.given {
            if roles.iter().any(is_global_admin) {
                roles.retain(|id| !is_global_admin(id));
                changes.push((url.clone(), None, roles.clone()));
            }
        }
        self.given.retain(|(_, roles)| !roles.is_empty());
        let mut unknown = false;
        for a in self.ws.assignments_of_relationship(&self.r.id) {
            if !is_guid(a.id.as_str()) {
                continue;
            }
            // The core empties the roles of an assignment whose only role was Global
            // Administrator when it deletes it; any other deletion keeps them.
            if a.status == AssignmentStatus::Deleted && a.roles.is_empty() {
                changes.push((self.assignment_url(a.id.as_str()), Some(a), Vec::new()));
            } else if a.status == AssignmentStatus::Active {
                unknown = true;
            }
        }
        for (url, assignment, rest) in changes {
            let etag = self.assignment_etag(&url, assignment);
            let request = if rest.is_empty() {
                Request::new(
                    "DELETE",
                    url.clone(),
                    None,
                    "Delete the access assignment whose only role was Global Administrator".into(),
                )
            } else {
                Request::new(
                    "PATCH",
                    url.clone(),
                    Some(json!({ "accessDetails": unified_roles(&rest) })),
                    format!(
                        "Take Global Administrator from the access assignment; it keeps: {}",
                        names(&rest)
                    ),
                )
            };
            self.push(Some(seq), request.if_match(etag, &url));
        }
        if unknown {
            self.note(
                [seq],
                format!(
                    "partnerdesk cannot tell which access assignments imported from Graph also gave Global Administrator: PATCH such an assignment ({}/accessAssignments/{{id}}, with If-Match) with its other roles before removing the role from the relationship",
                    self.relationship_url()
                ),
            );
        }
    }

    fn unassign(&mut self, seq: u64, assignment_id: &Id) {
        let assignment = self.ws.assignment(assignment_id);
        let url = self.assignment_url(assignment_id.as_str());
        let etag = self.assignment_etag(&url, assignment);
        self.given.retain(|(given, _)| *given != url);
        let group = assignment.map_or_else(
            || assignment_id.to_string(),
            |a| {
                a.security_group_name
                    .clone()
                    .unwrap_or_else(|| a.security_group_id.clone())
            },
        );
        let request = Request::new(
            "DELETE",
            url.clone(),
            None,
            format!("Remove the access assignment of security group {group}"),
        )
        .if_match(etag, &url);
        self.push(Some(seq), request);
    }
}
