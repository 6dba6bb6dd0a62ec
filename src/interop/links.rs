//! What an export's links say: the customer tenant in a Partner Center link, the GDAP
//! relationship in a Graph URL, and so what a listing page says of all its items (`Listed`).

use serde_json::{Map, Value};

/// What a listing says of all its items.
#[derive(PartialEq, Eq)]
pub(super) struct Listed {
    /// The customer of a subscription listing (its `links.self`).
    pub customer: Option<String>,
    /// The relationship of an access-assignment listing: its own, else the one the import names.
    pub relationship: Option<String>,
}

impl Listed {
    /// What `page` says (`relationship` is the one the import names, if any).
    pub fn of(page: &Value, relationship: Option<&str>) -> Listed {
        match page.as_object() {
            Some(fields) => Listed::of_fields(fields, relationship),
            None => Listed {
                customer: None,
                relationship: relationship.map(str::to_string),
            },
        }
    }

    /// What a page whose top-level fields are `fields` says.
    pub fn of_fields(fields: &Map<String, Value>, relationship: Option<&str>) -> Listed {
        Listed {
            customer: listing_customer(fields),
            relationship: listing_relationship(fields).or(relationship.map(str::to_string)),
        }
    }
}

/// The customer tenant in a Partner Center link: `/customers/{tenant}/subscriptions/...`.
pub(super) fn customer_in_link(uri: &str) -> Option<String> {
    // Only the tenant is lower-cased (once per subscription: not the whole link).
    const CUSTOMERS: &[u8] = b"customers/";
    // Only where a `c` is (the link's other bytes are not compared).
    let bytes = uri.as_bytes();
    let start = memchr::memchr2_iter(b'c', b'C', bytes).find(|&at| {
        bytes
            .get(at..at + CUSTOMERS.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(CUSTOMERS))
    })? + CUSTOMERS.len();
    let rest = &uri[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(rest[..end].to_ascii_lowercase()).filter(|t| !t.is_empty())
}

/// The customer a whole subscription listing belongs to, from its own `links.self` (`page` is
/// the listing's top-level fields).
fn listing_customer(page: &Map<String, Value>) -> Option<String> {
    page.get("links")?
        .get("self")?
        .get("uri")?
        .as_str()
        .and_then(customer_in_link)
}

/// The relationship an access-assignment listing belongs to, when its `@odata.context` or a
/// link in it names one (`delegatedAdminRelationships/{id}/accessAssignments` or `('{id}')`).
fn listing_relationship(page: &Map<String, Value>) -> Option<String> {
    ["@odata.context", "@odata.nextLink", "@odata.deltaLink"]
        .iter()
        .filter_map(|field| page.get(*field).and_then(Value::as_str))
        .find_map(relationship_in_url)
}

fn relationship_in_url(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let start = lower.find("delegatedadminrelationships")? + "delegatedadminrelationships".len();
    let rest = lower[start..].trim_start_matches(['/', '(', '\'']);
    let end = rest.find(['/', ')', '\'', '?', '#']).unwrap_or(rest.len());
    let id = &rest[..end];
    (lower[start + end..].contains("accessassignments") && id.len() > 8 && !id.starts_with('$'))
        .then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_links_name_the_tenant() {
        assert_eq!(
            customer_in_link("/customers/ABC-1/subscriptions/x").as_deref(),
            Some("abc-1")
        );
        assert_eq!(
            customer_in_link(
                "https://api.partnercenter.microsoft.com/v1/customers/t1/subscriptions"
            )
            .as_deref(),
            Some("t1")
        );
        assert_eq!(customer_in_link("/subscriptions/x"), None);
        assert_eq!(customer_in_link("/Customers/T1"), Some("t1".into()));
        assert_eq!(customer_in_link("/CUSTOMERS//x"), None);
        // What is lower-cased is found as before, whatever the case around it.
        for uri in [
            "/cUsToMeRs/Ab?x",
            "x/customers/é/",
            "/customers/ÉA#",
            "/customer/x",
            "ccustomers/cC/x",
            "/xcustomers",
            "customers/",
            "c",
        ] {
            let lower = uri.to_ascii_lowercase();
            let start = lower.find("customers/").map(|at| at + "customers/".len());
            let expected = start.map(|at| {
                let rest = &lower[at..];
                rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())].to_string()
            });
            assert_eq!(
                customer_in_link(uri),
                expected.filter(|t| !t.is_empty()),
                "{uri}"
            );
        }
    }

    #[test]
    fn listing_context_names_its_relationship() {
        let url = "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships('AB-12345678')/accessAssignments";
        assert_eq!(relationship_in_url(url).as_deref(), Some("ab-12345678"));
        assert_eq!(
            relationship_in_url(
                "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#accessAssignments"
            ),
            None
        );
    }
}
