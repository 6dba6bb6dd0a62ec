//! Telling what an export is from its content, never its file name: a Partner Center collection
//! (`items`, with `attributes.objectType`), a Microsoft Graph collection (`value`, with
//! `@odata.context` / `@odata.type`), a bare array of items, or a single item.

use serde_json::{Map, Value};

/// The kinds of listing partnerdesk imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// Partner Center `GET /v1/customers` (`Customer`).
    Customers,
    /// Partner Center `GET /v1/customers/{id}/subscriptions` (`Subscription`).
    Subscriptions,
    /// Partner Center `GET /v1/relationships` (`PartnerRelationship`).
    PartnerRelationships,
    /// Graph `GET /tenantRelationships/delegatedAdminRelationships`.
    DelegatedAdminRelationships,
    /// Graph `GET .../delegatedAdminRelationships/{id}/accessAssignments`.
    AccessAssignments,
    /// A listing with no items whose kind cannot be told: nothing to import.
    Empty,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Customers => "Partner Center customers",
            Kind::Subscriptions => "Partner Center subscriptions",
            Kind::PartnerRelationships => "Partner Center partner relationships",
            Kind::DelegatedAdminRelationships => "Graph delegatedAdminRelationships",
            Kind::AccessAssignments => "Graph accessAssignments",
            Kind::Empty => "empty listing",
        }
    }
}

/// Where the items are: `items`, `value`, the top-level array, or the top-level object itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    Field(&'static str),
    TopArray,
    Single,
}

fn object_type(item: &Map<String, Value>) -> Option<String> {
    item.get("attributes")
        .and_then(|a| a.get("objectType"))
        .and_then(Value::as_str)
        .map(|t| t.to_ascii_lowercase())
}

/// The kind of one item, from its declared type or, failing that, its fields.
pub fn item_kind(item: &Value) -> Option<Kind> {
    let item = item.as_object()?;
    if let Some(odata) = item.get("@odata.type").and_then(Value::as_str) {
        let odata = odata.to_ascii_lowercase();
        if odata.ends_with("accessassignment") {
            return Some(Kind::AccessAssignments);
        }
        if odata.ends_with("delegatedadminrelationship") {
            return Some(Kind::DelegatedAdminRelationships);
        }
    }
    match object_type(item).as_deref() {
        Some("customer") => return Some(Kind::Customers),
        Some("subscription") => return Some(Kind::Subscriptions),
        Some("partnerrelationship") => return Some(Kind::PartnerRelationships),
        _ => {}
    }
    let has = |field: &str| item.contains_key(field);
    if has("accessContainer") {
        Some(Kind::AccessAssignments)
    } else if has("accessDetails") || (has("customer") && has("duration")) {
        Some(Kind::DelegatedAdminRelationships)
    } else if has("companyProfile") || has("relationshipToPartner") {
        Some(Kind::Customers)
    } else if has("offerId") || has("offerName") || (has("quantity") && has("billingCycle")) {
        Some(Kind::Subscriptions)
    } else if has("relationshipType") || has("mpnId") {
        Some(Kind::PartnerRelationships)
    } else {
        None
    }
}

pub(crate) fn from_context(context: &str) -> Option<Kind> {
    let context = context.to_ascii_lowercase();
    if context.contains("accessassignments") {
        Some(Kind::AccessAssignments)
    } else if context.contains("delegatedadminrelationships") {
        Some(Kind::DelegatedAdminRelationships)
    } else {
        None
    }
}

const EXPECTED: &str = "expected a Partner Center collection (`items`) of Customer, Subscription or PartnerRelationship, or a Microsoft Graph collection (`value`) of delegatedAdminRelationship or delegatedAdminAccessAssignment";

/// Recognises a parsed export. The error says why it is not one partnerdesk knows.
pub fn recognise(doc: &Value) -> Result<(Kind, Items), String> {
    let first_kind = |items: &[Value]| items.iter().find_map(item_kind);
    match doc {
        Value::Object(map) => {
            for field in ["value", "items"] {
                match map.get(field) {
                    Some(Value::Array(items)) => {
                        let context = map
                            .get("@odata.context")
                            .and_then(Value::as_str)
                            .and_then(from_context);
                        let kind = first_kind(items).or(context);
                        return match kind {
                            Some(kind) => Ok((kind, Items::Field(field))),
                            None if items.is_empty() => Ok((Kind::Empty, Items::Field(field))),
                            None => Err(format!(
                                "`{field}` holds items of a kind partnerdesk does not import; {EXPECTED}"
                            )),
                        };
                    }
                    Some(_) => return Err(format!("`{field}` is not an array; {EXPECTED}")),
                    None => {}
                }
            }
            match item_kind(doc) {
                Some(kind) => Ok((kind, Items::Single)),
                None => {
                    let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
                    Err(format!(
                        "{EXPECTED}; found an object with {}",
                        if keys.is_empty() {
                            "no fields".to_string()
                        } else {
                            format!("fields {}", keys.join(", "))
                        }
                    ))
                }
            }
        }
        Value::Array(items) => match first_kind(items) {
            Some(kind) => Ok((kind, Items::TopArray)),
            None if items.is_empty() => Ok((Kind::Empty, Items::TopArray)),
            None => Err(format!(
                "an array of items of a kind partnerdesk does not import; {EXPECTED}"
            )),
        },
        _ => Err(format!(
            "{EXPECTED}; found a bare {}",
            match doc {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Bool(_) => "boolean",
                _ => "null",
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_come_from_content() {
        let pc =
            json!({"items": [{"companyProfile": {}, "attributes": {"objectType": "Customer"}}]});
        assert_eq!(recognise(&pc).unwrap().0, Kind::Customers);
        let graph = json!({"@odata.context": "x#accessAssignments", "value": []});
        assert_eq!(recognise(&graph).unwrap().0, Kind::AccessAssignments);
        let rel = json!([{"customer": {}, "duration": "P2Y"}]);
        assert_eq!(
            recognise(&rel).unwrap().0,
            Kind::DelegatedAdminRelationships
        );
        assert!(recognise(&json!({"hello": 1})).is_err());
        assert!(recognise(&json!({"items": 3})).is_err());
    }
}
