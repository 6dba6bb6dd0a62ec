//! The real calls behind a plan: for a GDAP relationship, the Microsoft Graph v1.0 requests that
//! create it, lock it for approval and give its access assignments, with the customer's approval
//! link; for a reseller (and DAP) invitation, the Partner Center invitation link. Rendered as JSON
//! or as a commented `az rest` or Microsoft Graph PowerShell script. partnerdesk never sends them.

use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::roles::role_name;
use crate::domain::rules::invitations::names_no_request;
use crate::domain::*;
use crate::workspace::Workspace;

pub const GRAPH: &str =
    "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships";
/// Stands for the id Graph gives a relationship the first request creates.
pub const NEW_ID: &str = "{delegatedAdminRelationshipId}";

/// The customer's approval link for a locked GDAP relationship (Graph GDAP API overview).
pub fn approval_link(relationship_id: &str) -> String {
    format!(
        "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/{relationship_id}"
    )
}

/// The Partner Center "request a reseller relationship" link; an indirect reseller's names the
/// indirect provider it invites on behalf of.
pub fn reseller_link(partner_tenant: &str, provider_tenant: Option<&str>, dap: bool) -> String {
    let (kind, provider) = match provider_tenant {
        Some(provider) => (
            "IndirectResellerRelationship",
            format!("&indirectCSPId={provider}"),
        ),
        None => ("ResellerRelationship", String::new()),
    };
    let dap = if dap { "&DAP=true" } else { "" };
    format!(
        "https://admin.microsoft.com/Adminportal/Home?invType={kind}&partnerId={partner_tenant}&msppId=0{provider}{dap}#/BillingAccounts/partner-invitation"
    )
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// What the call does, for the script's comment.
    #[serde(skip)]
    pub comment: String,
    /// The response's `id` is the new relationship's id, used by the requests after it.
    #[serde(skip)]
    pub creates_relationship: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Emitted {
    pub requests: Vec<Request>,
    pub approval_link: Option<String>,
    /// What partnerdesk could not emit and why (nothing to do for an ended relationship…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptFormat {
    /// Azure CLI `az rest` (bash).
    Az,
    /// Microsoft Graph PowerShell `Invoke-MgGraphRequest`.
    Pwsh,
}

/// A Graph relationship id (`{guid}-{guid}`), as opposed to one partnerdesk made up.
pub fn is_graph_id(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 10
        && [8, 4, 4, 4, 12, 8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| hex(p, *n))
}

fn find<'a, T>(
    mut all: impl Iterator<Item = &'a T>,
    id_of: impl Fn(&T) -> &Id,
    wanted: &str,
) -> Option<&'a T> {
    all.find(|r| id_of(r).as_str().eq_ignore_ascii_case(wanted.trim()))
}

/// What to emit for the relationship or invitation `id` (any case).
pub fn emit(ws: &Workspace, id: &str) -> Result<Emitted, String> {
    if let Some(r) = ws
        .relationship(&Id::new(id.trim()))
        .or_else(|| find(ws.relationships(), |r| &r.id, id))
    {
        return relationship(ws, r);
    }
    if let Some(inv) = ws
        .invitation(&Id::new(id.trim()))
        .or_else(|| find(ws.invitations(), |i| &i.id, id))
    {
        return invitation(ws, inv);
    }
    Err(format!("no relationship or invitation has the id `{id}`"))
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
        return relationship(ws, rel);
    }
    let partner = ws
        .partner(&inv.partner_id)
        .ok_or_else(|| format!("partner {} is not in the workspace", inv.partner_id))?;
    let provider = inv
        .via_provider_id
        .as_ref()
        .and_then(|p| ws.partner(p))
        .map(|p| p.tenant_id.as_str());
    let mut notes = Vec::new();
    if inv.status != InvitationStatus::Pending {
        notes.push(format!(
            "invitation {} is {}; the link is shown for reference",
            inv.id,
            inv.status.label()
        ));
    }
    let dap = inv.kind == InvitationKind::ResellerAndDelegatedAdmin;
    Ok(Emitted {
        requests: Vec::new(),
        approval_link: Some(reseller_link(&partner.tenant_id, provider, dap)),
        notes,
    })
}

fn relationship(ws: &Workspace, r: &Relationship) -> Result<Emitted, String> {
    let Some(gdap) = &r.gdap else {
        return Err(format!(
            "{} is a {} relationship; emit covers GDAP relationships and invitations (emit the invitation for a reseller link)",
            r.id,
            r.kind.label()
        ));
    };
    let customer = ws
        .customer(&r.customer_id)
        .ok_or_else(|| format!("customer {} is not in the workspace", r.customer_id))?;
    let roles: Vec<Value> = gdap
        .roles
        .iter()
        .map(|id| json!({ "roleDefinitionId": id }))
        .collect();
    let role_names: Vec<String> = gdap.roles.iter().map(|id| role_name(id)).collect();
    let lock = |id: &str| Request {
        method: "POST",
        url: format!("{GRAPH}/{id}/requests"),
        body: Some(json!({ "action": "lockForApproval" })),
        comment: "Lock the relationship for approval: after this the customer can approve it"
            .into(),
        creates_relationship: false,
    };
    let mut out = Emitted {
        requests: Vec::new(),
        approval_link: None,
        notes: Vec::new(),
    };
    let real = is_graph_id(r.id.as_str());
    match (real, r.status) {
        (false, RelationshipStatus::Created | RelationshipStatus::ApprovalPending) => {
            out.requests.push(Request {
                method: "POST",
                url: GRAPH.to_string(),
                body: Some(json!({
                    "displayName": gdap.display_name,
                    "duration": gdap.duration.to_string(),
                    "customer": { "tenantId": customer.tenant_id, "displayName": customer.display_name },
                    "accessDetails": { "unifiedRoles": roles },
                    "autoExtendDuration": gdap.auto_extend_duration.to_string(),
                })),
                comment: format!("Create the GDAP relationship \"{}\" with {} for {}: {}", gdap.display_name, customer.display_name, gdap.duration, role_names.join(", ")),
                creates_relationship: true,
            });
            out.requests.push(lock(NEW_ID));
            out.approval_link = Some(approval_link(NEW_ID));
        }
        (true, RelationshipStatus::Created) => {
            out.requests.push(lock(r.id.as_str()));
            out.approval_link = Some(approval_link(r.id.as_str()));
        }
        (true, RelationshipStatus::ApprovalPending) => {
            out.approval_link = Some(approval_link(r.id.as_str()));
            out.notes
                .push("already locked for approval: send the customer the approval link".into());
        }
        (true, status) if status.is_in_force() => {
            for a in ws
                .assignments_of_relationship(&r.id)
                .filter(|a| a.status == AssignmentStatus::Active)
            {
                let names: Vec<String> = a.roles.iter().map(|id| role_name(id)).collect();
                out.requests.push(Request {
                    method: "POST",
                    url: format!("{GRAPH}/{}/accessAssignments", r.id),
                    body: Some(json!({
                        "accessContainer": { "accessContainerId": a.security_group_id, "accessContainerType": "securityGroup" },
                        "accessDetails": { "unifiedRoles": a.roles.iter().map(|id| json!({ "roleDefinitionId": id })).collect::<Vec<_>>() },
                    })),
                    comment: format!("Give security group {} these roles: {}", a.security_group_name.as_deref().unwrap_or(&a.security_group_id), names.join(", ")),
                    creates_relationship: false,
                });
            }
            if out.requests.is_empty() {
                out.notes.push(format!("relationship {} is {} and has no access assignments recorded; add them with `partnerdesk assign`", r.id, status.label()));
            }
        }
        (_, status) => out.notes.push(format!(
            "relationship {} is {}; there is nothing to send",
            r.id,
            status.label()
        )),
    }
    Ok(out)
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A commented, ready-to-run script for the requests (which partnerdesk itself never sends).
pub fn script(emitted: &Emitted, format: ScriptFormat) -> String {
    let pwsh = format == ScriptFormat::Pwsh;
    let var = if pwsh { "$relId" } else { "$REL_ID" };
    let mut out = String::new();
    if pwsh {
        out.push_str("# Generated by partnerdesk: review, then run in PowerShell.\n# Needs: Connect-MgGraph -Scopes DelegatedAdminRelationship.ReadWrite.All (as a partner admin agent)\n$ErrorActionPreference = 'Stop'\n");
    } else {
        out.push_str("#!/usr/bin/env bash\n# Generated by partnerdesk: review, then run.\n# Needs: az login as a partner admin agent with DelegatedAdminRelationship.ReadWrite.All\nset -euo pipefail\n");
    }
    for note in &emitted.notes {
        out.push_str(&format!("# Note: {}\n", note.replace('\n', " ")));
    }
    for (n, request) in emitted.requests.iter().enumerate() {
        let url = request.url.replace(NEW_ID, var);
        let body = request
            .body
            .as_ref()
            .map(|b| serde_json::to_string(b).unwrap_or_default())
            .unwrap_or_default();
        out.push_str(&format!(
            "\n# {}. {}\n",
            n + 1,
            request.comment.replace('\n', " ")
        ));
        if pwsh {
            out.push_str(&format!("$body = @'\n{body}\n'@\n"));
            let call = format!(
                "Invoke-MgGraphRequest -Method {} -Uri \"{url}\" -Body $body -ContentType 'application/json'",
                request.method
            );
            if request.creates_relationship {
                out.push_str(&format!("$rel = {call}\n$relId = $rel.id\nWrite-Output \"Created relationship $relId\"\n"));
            } else {
                out.push_str(&format!("{call} | Out-Null\n"));
            }
        } else {
            let call = format!(
                "az rest --method {} --url \"{url}\" --headers 'Content-Type=application/json' --body {}",
                request.method.to_lowercase(),
                shell_quote(&body)
            );
            if request.creates_relationship {
                out.push_str(&format!("REL_ID=$({call} --query id --output tsv)\necho \"Created relationship $REL_ID\"\n"));
            } else {
                out.push_str(&format!("{call}\n"));
            }
        }
    }
    if let Some(link) = &emitted.approval_link {
        let link = link.replace(NEW_ID, var);
        let what = if link.contains("granularAdminRelationships") {
            "the customer approves the relationship at"
        } else {
            "the customer accepts the invitation at"
        };
        out.push_str(&format!(
            "\n# Send this link to the customer: {what} it (a Global Administrator signs in).\n"
        ));
        out.push_str(&if pwsh {
            format!("Write-Output \"{link}\"\n")
        } else {
            format!("echo \"{link}\"\n")
        });
    }
    out
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
    }

    #[test]
    fn links_follow_the_documented_forms() {
        assert_eq!(
            approval_link("x"),
            "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/x"
        );
        assert!(reseller_link("t", None, true).ends_with("invType=ResellerRelationship&partnerId=t&msppId=0&DAP=true#/BillingAccounts/partner-invitation"));
    }

    #[test]
    fn shell_quotes_survive_apostrophes() {
        assert_eq!(shell_quote("O'Brien"), r"'O'\''Brien'");
    }
}
