//! The Partner Center REST requests that end a reseller or DAP relationship, which Graph does not
//! cover: both are a `PATCH` of the customer (Partner Center developer docs, "Remove a reseller
//! relationship with a customer": `relationshipToPartner: none`; "Remove a delegated admin
//! relationship": `allowDelegatedAccess: false`). Partner Center takes App+User tokens only, so
//! the scripts send the token the operator puts in `PARTNER_CENTER_TOKEN`.

use serde_json::json;

use super::Request;
use crate::domain::*;
use crate::workspace::Workspace;

pub const PARTNER_CENTER: &str = "https://api.partnercenter.microsoft.com/v1";
/// The environment variable the scripts read the Partner Center token from.
pub const TOKEN_VARIABLE: &str = "PARTNER_CENTER_TOKEN";

pub fn is_partner_center(url: &str) -> bool {
    url.starts_with(PARTNER_CENTER)
}

/// The request that ends reseller or DAP relationship `r` (`None` for GDAP, which is Graph's).
pub fn ending(ws: &Workspace, r: &Relationship, seq: Option<u64>) -> Option<Request> {
    let (body, comment) = match r.kind {
        RelationshipKind::Gdap => return None,
        RelationshipKind::Reseller => (
            json!({ "relationshipToPartner": "none", "attributes": { "objectType": "Customer" } }),
            "Partner Center: remove the reseller relationship (its subscriptions were suspended first, RS1; Azure reserved-instance orders must be canceled too)",
        ),
        RelationshipKind::DelegatedAdmin => (
            json!({ "allowDelegatedAccess": false, "attributes": { "objectType": "Customer" } }),
            "Partner Center: remove the delegated admin (DAP) relationship",
        ),
    };
    let tenant = ws
        .customer(&r.customer_id)
        .map_or_else(|| r.customer_id.to_string(), |c| c.tenant_id.clone());
    let mut request = Request::new(
        "PATCH",
        format!("{PARTNER_CENTER}/customers/{tenant}"),
        Some(body),
        format!(
            "{comment}: {} with {}",
            partner_name(ws, &r.partner_id),
            ws.customer(&r.customer_id)
                .map_or_else(|| r.customer_id.to_string(), |c| c.display_name.to_string())
        ),
    );
    request.seq = seq;
    Some(request)
}

fn partner_name(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| p.display_name.to_string())
}
