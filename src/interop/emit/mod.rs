//! The real calls behind what partnerdesk recorded. For a GDAP relationship: the Microsoft Graph
//! v1.0 requests for every change made to it (create and lock a new one, edit or delete a draft,
//! lock, the indirect reseller's answer, auto-extension, removing Global Administrator, access
//! assignments, terminate), in the order they were made, with `If-Match` where Graph requires it,
//! and the customer's approval link. For a reseller invitation: the Partner Center link. For one
//! audit entry (`audit:N`): that entry's requests only. An offboarding's entry gives the
//! requests of everything it ended — GDAP access assignments deleted, then terminate (a draft:
//! DELETE), and the Partner Center PATCH that ends a DAP or reseller relationship
//! (`partner_center`), which `terminate` of a DAP or reseller relationship gives too. Rendered
//! as JSON or as a commented `az rest` or Microsoft Graph PowerShell script. partnerdesk never
//! sends them.
//!
//! `requests` walks the audit trail into a `plan`, `changes` makes each change's request (with
//! `roles` in its body), `script` writes them out.

mod changes;
mod endings;
pub mod partner_center;
mod plan;
mod requests;
mod roles;
mod script;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::domain::rules::invitations::names_no_request;
use crate::domain::*;
use crate::workspace::Workspace;

pub use script::{ScriptFormat, script};

pub const GRAPH: &str =
    "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships";
/// Stands for the id Graph gives a relationship the first request creates.
pub const NEW_ID: &str = "{delegatedAdminRelationshipId}";
/// Stands for an `If-Match` value partnerdesk does not know: the resource's current
/// `@odata.etag`, which a `GET` of it returns.
pub const ETAG_PLACEHOLDER: &str = "{etag}";
/// How `emit` names an audit entry: `audit:7` is entry 7 of `partnerdesk history`.
pub const AUDIT_PREFIX: &str = "audit:";

/// The customer's approval link for a locked GDAP relationship (Graph GDAP API overview).
pub fn approval_link(relationship_id: &str) -> String {
    format!(
        "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/{relationship_id}"
    )
}

const RESELLER_LINK_END: &str = "#/BillingAccounts/partner-invitation";

/// A direct partner's Partner Center "request a reseller relationship" link, in the form the
/// Partner Center API's own example returns (`GET /v1/customers/relationshiprequests`): it asks
/// for no delegated admin privileges (`DAP=false`; DAP was retired on 9 October 2023).
pub fn direct_reseller_link(partner_tenant: &str) -> String {
    format!(
        "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId={partner_tenant}&msppId=0&DAP=false{RESELLER_LINK_END}"
    )
}

/// An indirect reseller's link: its own tenant and Partner ID (`msppId`), and the indirect
/// provider it invites on behalf of (`indirectCSPId`, the provider's tenant).
pub fn indirect_reseller_link(
    reseller_tenant: &str,
    reseller_partner_id: &str,
    provider_tenant: &str,
) -> String {
    let mspp = match reseller_partner_id.trim() {
        "" => "0",
        id => id,
    };
    format!(
        "https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId={reseller_tenant}&msppId={mspp}&DAP=false&indirectCSPId={provider_tenant}{RESELLER_LINK_END}"
    )
}

/// One HTTP request. `--json` shows method, url, headers and body; the rest guides the scripts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// What the call does, for the script's comment.
    #[serde(skip)]
    pub comment: String,
    /// The placeholder (`NEW_ID`, or an access assignment's) the response's `id` stands for in
    /// the requests after it.
    #[serde(skip)]
    pub captures: Option<String>,
    /// When `If-Match` is `ETAG_PLACEHOLDER`: the resource whose `GET` gives its value.
    #[serde(skip)]
    pub etag_from: Option<String>,
    /// Who must be signed in to send it, when not the partner that made the relationship.
    #[serde(skip)]
    pub signed_in_as: Option<String>,
    /// The customer approves after this request: the approval link goes here in a script.
    #[serde(skip)]
    pub then_approval: bool,
    /// The audit entry it comes from.
    #[serde(skip)]
    pub seq: Option<u64>,
    /// Sent only to make sure (an offboarding's access assignments, which partnerdesk cannot
    /// tell were still live in Graph): the scripts go on when it fails.
    #[serde(rename = "ifStillThere", skip_serializing_if = "std::ops::Not::not")]
    pub if_still_there: bool,
}

impl Request {
    fn new(method: &'static str, url: String, body: Option<Value>, comment: String) -> Request {
        Request {
            method,
            url,
            headers: BTreeMap::new(),
            body,
            comment,
            captures: None,
            etag_from: None,
            signed_in_as: None,
            then_approval: false,
            seq: None,
            if_still_there: false,
        }
    }

    /// The `If-Match` header Graph requires: the ETag when known, else the placeholder, read
    /// from `GET resource` (`@odata.etag`) just before the call.
    fn if_match(mut self, etag: Option<&str>, resource: &str) -> Request {
        let value = match etag {
            Some(etag) => etag.to_string(),
            None => {
                self.etag_from = Some(resource.to_string());
                ETAG_PLACEHOLDER.to_string()
            }
        };
        self.headers.insert("If-Match".into(), value);
        self
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Emitted {
    pub requests: Vec<Request>,
    pub approval_link: Option<String>,
    /// What partnerdesk could not emit and why (a deleted draft, a customer's own termination…),
    /// and where to read what it does not know.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A Graph relationship id (`{guid}-{guid}`), as opposed to one partnerdesk made up.
pub fn is_graph_id(id: &str) -> bool {
    id.len() == 73
        && id.as_bytes().get(36) == Some(&b'-')
        && id.get(..36).is_some_and(is_guid)
        && id.get(37..).is_some_and(is_guid)
}

/// A GUID (`8-4-4-4-12` hex digits): how Graph names an access assignment.
pub use crate::domain::rules::identity::is_guid;

fn find<'a, T>(
    mut all: impl Iterator<Item = &'a T>,
    id_of: impl Fn(&T) -> &Id,
    wanted: &str,
) -> Option<&'a T> {
    all.find(|r| id_of(r).as_str().eq_ignore_ascii_case(wanted.trim()))
}

/// The audit entry `audit:N` names, if `id` is written that way.
fn audit_seq(id: &str) -> Option<Result<u64, String>> {
    let id = id.trim();
    let prefix = id.get(..AUDIT_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(AUDIT_PREFIX) {
        return None;
    }
    let number = id[AUDIT_PREFIX.len()..].trim();
    Some(number.parse::<u64>().map_err(|_| {
        format!(
            "`{id}` names no audit entry: write audit:N with N a number from `partnerdesk history`"
        )
    }))
}

/// What to emit for the relationship or invitation `id` (any case), or for the audit entry
/// `audit:N`.
pub fn emit(ws: &Workspace, id: &str) -> Result<Emitted, String> {
    if let Some(seq) = audit_seq(id) {
        return requests::audit_entry(ws, seq?);
    }
    if let Some(r) = ws
        .relationship(&Id::new(id.trim()))
        .or_else(|| find(ws.relationships(), |r| &r.id, id))
    {
        return requests::relationship(ws, r);
    }
    if let Some(inv) = ws
        .invitation(&Id::new(id.trim()))
        .or_else(|| find(ws.invitations(), |i| &i.id, id))
    {
        return invitation(ws, inv);
    }
    Err(format!(
        "no relationship or invitation has the id `{id}` (an audit entry is written audit:N)"
    ))
}

/// The same, as a ready-to-run script: what the TUI's `y` popup shows.
pub fn script_for(ws: &Workspace, id: &str, format: ScriptFormat) -> Result<String, String> {
    emit(ws, id).map(|emitted| script(&emitted, format))
}

fn invitation(ws: &Workspace, inv: &Invitation) -> Result<Emitted, String> {
    if inv.kind == InvitationKind::Gdap {
        let rel = inv
            .relationship_id
            .as_ref()
            .and_then(|id| ws.relationship(id))
            .ok_or_else(|| names_no_request(&inv.id).reason)?;
        return requests::relationship(ws, rel);
    }
    let partner = ws
        .partner(&inv.partner_id)
        .ok_or_else(|| format!("partner {} is not in the workspace", inv.partner_id))?;
    let mut notes = Vec::new();
    let link = match &inv.via_provider_id {
        Some(provider_id) => {
            let provider = ws.partner(provider_id).ok_or_else(|| {
                format!("indirect provider {provider_id} is not in the workspace")
            })?;
            if partner.partner_id.trim().is_empty() {
                notes.push(format!(
                    "{} has no Partner ID recorded: put it in the link's msppId (it shows 0)",
                    partner.display_name
                ));
            }
            indirect_reseller_link(&partner.tenant_id, &partner.partner_id, &provider.tenant_id)
        }
        None => direct_reseller_link(&partner.tenant_id),
    };
    if inv.kind == InvitationKind::ResellerAndDelegatedAdmin {
        notes.push(format!(
            "DP1: invitation {} asked for DAP too, which Microsoft retired on 9 October 2023 and no longer grants; the link asks for the reseller relationship only (request admin access with GDAP: `partnerdesk invite --roles …`)",
            inv.id
        ));
    }
    if inv.status != InvitationStatus::Pending {
        notes.push(format!(
            "invitation {} is {}; the link is shown for reference",
            inv.id,
            inv.status.label()
        ));
    }
    Ok(Emitted {
        requests: Vec::new(),
        approval_link: Some(link),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_ids_are_two_guids() {
        assert!(is_graph_id(
            "d9a3ce9e-cbc1-4674-b12d-1e51dd71029e-f3c95789-ace1-4954-ac5d-6baed2eac902"
        ));
        assert!(!is_graph_id("rel-12"));
        assert!(!is_graph_id("d9a3ce9e-cbc1-4674-b12d-1e51dd71029e"));
        assert!(is_guid("a9d6cf90-083a-47dc-ace2-1da98be3f344"));
        assert!(!is_guid("asg-3"));
    }

    #[test]
    fn links_follow_the_documented_forms() {
        assert_eq!(
            approval_link("x"),
            "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/x"
        );
        assert_eq!(
            direct_reseller_link("t"),
            "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=t&msppId=0&DAP=false#/BillingAccounts/partner-invitation"
        );
        assert_eq!(
            indirect_reseller_link("r", "4800002", "p"),
            "https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=r&msppId=4800002&DAP=false&indirectCSPId=p#/BillingAccounts/partner-invitation"
        );
    }

    #[test]
    fn audit_entries_are_named_audit_colon_seq() {
        assert_eq!(audit_seq("audit:7"), Some(Ok(7)));
        assert_eq!(audit_seq(" AUDIT: 12 "), Some(Ok(12)));
        assert!(matches!(audit_seq("audit:x"), Some(Err(_))));
        assert_eq!(audit_seq("rel-7"), None);
        assert_eq!(audit_seq("au"), None);
    }
}
