//! The requests for one relationship as they are planned: what Graph is known to hold, the
//! requests and notes so far, and what the plan emits. `requests` fills a plan from the audit
//! trail, asking `changes` for each change's request; both build on this.

use std::collections::HashSet;

use super::{ETAG_PLACEHOLDER, Emitted, GRAPH, Request, approval_link};
use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::*;
use crate::workspace::Workspace;

/// The relationship's `@odata.etag` as Graph last gave it (kept from the import); when unknown,
/// each `If-Match` is read with a `GET` just before its request.
fn etag_of_relationship(relationship: &Relationship) -> Option<&str> {
    relationship.etag.as_deref()
}

/// The same for an access assignment.
pub(super) fn etag_of_assignment(assignment: &AccessAssignment) -> Option<&str> {
    assignment.etag.as_deref()
}

/// What a draft in Graph is known to hold, field by field, from the changes emitted so far: a
/// draft edit sends only the fields that differ.
#[derive(Default)]
pub(super) struct Known {
    pub(super) name: Option<String>,
    pub(super) roles: Option<Vec<String>>,
    pub(super) duration: Option<DurationDays>,
    pub(super) auto_extend: Option<AutoExtend>,
}

/// Shown with all of a relationship's requests, and with those of each audit entry it names.
pub(super) struct Note {
    entries: Vec<u64>,
    text: String,
}

/// The requests for one relationship, as they are planned.
pub(super) struct Plan<'a> {
    pub(super) ws: &'a Workspace,
    pub(super) r: &'a Relationship,
    pub(super) gdap: &'a GdapDetails,
    pub(super) in_graph: bool,
    /// The relationship's id in URLs: its own, or `NEW_ID` until Graph gives it one.
    pub(super) id: String,
    pub(super) requests: Vec<Request>,
    pub(super) notes: Vec<Note>,
    /// The approval link, and the audit entry of the request it follows.
    pub(super) approval: Option<(Option<u64>, String)>,
    /// Resources an emitted request already changed: their imported ETag is stale.
    pub(super) changed: HashSet<String>,
    pub(super) known: Known,
    /// The access assignments the emitted requests give, by URL, with their roles.
    pub(super) given: Vec<(String, Vec<String>)>,
}

impl<'a> Plan<'a> {
    pub(super) fn note(&mut self, entries: impl IntoIterator<Item = u64>, text: String) {
        self.notes.push(Note {
            entries: entries.into_iter().collect(),
            text,
        });
    }

    pub(super) fn relationship_url(&self) -> String {
        format!("{GRAPH}/{}", self.id)
    }

    /// The relationship's ETag for a request that changes it: known only for the first change
    /// to a relationship already in Graph (each change gives it a new one).
    pub(super) fn relationship_etag(&mut self) -> Option<&'a str> {
        let fresh = self.changed.insert(self.relationship_url());
        if fresh && self.in_graph {
            etag_of_relationship(self.r)
        } else {
            None
        }
    }

    pub(super) fn push(&mut self, seq: Option<u64>, mut request: Request) {
        request.seq = seq;
        self.requests.push(request);
    }

    /// The customer approves after the last request pushed: the link goes there.
    pub(super) fn approval_after_last(&mut self, seq: Option<u64>) {
        for request in &mut self.requests {
            request.then_approval = false;
        }
        if let Some(last) = self.requests.last_mut() {
            last.then_approval = true;
        }
        self.approval = Some((seq, approval_link(&self.id)));
    }

    pub(super) fn partner_name(&self, id: &Id) -> String {
        self.ws
            .partner(id)
            .map_or_else(|| id.to_string(), |p| p.display_name.to_string())
    }

    /// The requests (of audit entry `only`, or all) and their notes.
    pub(super) fn finish(self, only: Option<u64>) -> Emitted {
        let keep = |seq: Option<u64>| only.is_none() || seq == only;
        let requests: Vec<Request> = self.requests.into_iter().filter(|q| keep(q.seq)).collect();
        let approval_link = self
            .approval
            .filter(|(seq, _)| keep(*seq))
            .map(|(_, link)| link);
        let mut notes: Vec<String> = self
            .notes
            .into_iter()
            .filter(|n| only.is_none_or(|seq| n.entries.contains(&seq)))
            .map(|n| n.text)
            .collect();
        if requests.iter().any(|q| q.etag_from.is_some()) {
            notes.push(format!(
                "If-Match {ETAG_PLACEHOLDER}: partnerdesk does not know the current ETag; just before sending the request, GET the resource it changes (the relationship: GET {GRAPH}/{}, or the access assignment's URL) and use the `@odata.etag` it returns (each change gives a new one); the scripts do this",
                self.id
            ));
        }
        if let Some(seq) = only
            && requests.is_empty()
            && approval_link.is_none()
            && notes.is_empty()
        {
            notes.push(format!(
                "audit entry {seq} makes no Microsoft Graph request for relationship {}",
                self.r.id
            ));
        }
        Emitted {
            requests,
            approval_link,
            notes,
        }
    }
}
