//! `list`'s rows: one typed row a record, borrowing the record's texts. Each is an element of
//! `--json`'s array (its fields in the order of their names, as a JSON object of them is
//! written) and gives its table cells and the texts `--filter` searches. Nothing of the whole
//! listing is held as a tree or as text: a workspace of 200,000 relationships lists in about
//! the memory it loads in.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use super::{customer_name, partner_name, relationship_name};
use crate::domain::lifecycle::{ending_soon, ending_tier};
use crate::domain::roles::{role_name, role_ref};
use crate::domain::*;
use crate::workspace::Workspace;

/// A row of a listing.
pub trait Listed: Serialize + Sync {
    /// The texts `--filter` looks in (id, name, and the kind's tenant, domain, Partner ID,
    /// partner, customer or security group); "" where the kind has fewer.
    fn searched(&self) -> [&str; 4];

    /// Whether one of the searched texts contains `needle` (already in lower case), any case.
    fn matches(&self, needle: &str) -> bool {
        self.searched()
            .iter()
            .any(|text| !text.is_empty() && text.to_lowercase().contains(needle))
    }
}

/// The name serde gives a value of one of the records' enums (`gdap`, `approvalPending`,
/// `P1Y`): what `--json` prints, and the table shows.
pub fn wire_name<T: Serialize>(value: &T) -> Cow<'static, str> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Cow::Owned(name),
        Ok(other) => Cow::Owned(other.to_string()),
        Err(_) => Cow::Borrowed(""),
    }
}

/// A record's roles by template id. In JSON each is `{"id": template id, "name": name or
/// null}`, as every output gives them, made as it is written.
pub struct Roles<'w>(&'w [Text]);

impl Serialize for Roles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|id| role_ref(id)))
    }
}

impl Roles<'_> {
    /// As a table cell: their names (an id the catalogue lacks, marked), comma-separated.
    fn cell(&self) -> Cow<'static, str> {
        let names: Vec<String> = self.0.iter().map(|id| role_name(id)).collect();
        Cow::Owned(names.join(", "))
    }
}

/// A yes/no column: "yes", or nothing.
fn yes(flag: bool) -> Cow<'static, str> {
    Cow::Borrowed(if flag { "yes" } else { "" })
}

fn shown<T: std::fmt::Display>(value: Option<T>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow<'w> {
    country: &'w Text,
    domain: &'w str,
    external_id: &'w Option<Text>,
    id: &'w Id,
    is_csp_partner: bool,
    name: &'w Text,
    partners: usize,
    subscriptions: usize,
    tenant_id: &'w str,
}

/// How many subscriptions and partners (with a relationship in force) each customer has,
/// counted in one pass over each kind: asking the indexes customer by customer costs a few id
/// searches a customer and one more a record, seconds for 100,000 customers.
pub struct CustomerCounts<'w> {
    subscriptions: HashMap<&'w Id, usize, foldhash::fast::RandomState>,
    partners: HashMap<&'w Id, usize, foldhash::fast::RandomState>,
}

impl<'w> CustomerCounts<'w> {
    pub fn of(ws: &'w Workspace) -> Self {
        let mut subscriptions = HashMap::default();
        for s in ws.subscriptions() {
            *subscriptions.entry(&s.customer_id).or_default() += 1;
        }
        // Each partner once per customer, as `partners_of_customer` counts them.
        let mut pairs: Vec<(&Id, &Id)> = ws
            .relationships()
            .filter(|r| r.status.is_in_force())
            .map(|r| (&r.customer_id, &r.partner_id))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut partners = HashMap::default();
        for (customer, _) in pairs {
            *partners.entry(customer).or_default() += 1;
        }
        CustomerCounts {
            subscriptions,
            partners,
        }
    }
}

impl<'w> CustomerRow<'w> {
    pub fn of(counts: &CustomerCounts<'w>, c: &'w Customer) -> Self {
        let count = |of: &HashMap<&Id, usize, _>| of.get(&c.id).copied().unwrap_or(0);
        CustomerRow {
            country: &c.country,
            domain: &c.domain,
            external_id: &c.external_id,
            id: &c.id,
            is_csp_partner: c.is_csp_partner,
            name: &c.display_name,
            partners: count(&counts.partners),
            subscriptions: count(&counts.subscriptions),
            tenant_id: &c.tenant_id,
        }
    }

    pub const HEADER: [&'static str; 7] =
        ["ID", "NAME", "DOMAIN", "COUNTRY", "PARTNERS", "SUBS", "CSP"];

    pub fn cells(&self) -> [Cow<'_, str>; 7] {
        [
            Cow::Borrowed(self.id.as_str()),
            Cow::Borrowed(self.name.as_str()),
            Cow::Borrowed(self.domain),
            Cow::Borrowed(self.country.as_str()),
            Cow::Owned(self.partners.to_string()),
            Cow::Owned(self.subscriptions.to_string()),
            yes(self.is_csp_partner),
        ]
    }
}

impl Listed for CustomerRow<'_> {
    fn searched(&self) -> [&str; 4] {
        [self.id.as_str(), self.name, self.domain, self.tenant_id]
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnerRow<'w> {
    billing_model: BillingModel,
    customers: usize,
    id: &'w Id,
    name: &'w Text,
    partner_center_id: &'w str,
    providers: &'w [Id],
    specialties: &'w [Specialty],
    tenant_id: &'w str,
}

impl<'w> PartnerRow<'w> {
    pub fn of(ws: &'w Workspace, p: &'w Partner) -> Self {
        PartnerRow {
            billing_model: p.billing_model,
            customers: ws.customers_of_partner(&p.id).len(),
            id: &p.id,
            name: &p.display_name,
            partner_center_id: &p.partner_id,
            providers: &p.providers,
            specialties: &p.specialties,
            tenant_id: &p.tenant_id,
        }
    }

    pub const HEADER: [&'static str; 6] = [
        "ID",
        "NAME",
        "PARTNER ID",
        "BILLING",
        "SPECIALTIES",
        "CUSTOMERS",
    ];

    pub fn cells(&self) -> [Cow<'_, str>; 6] {
        let specialties: Vec<_> = self.specialties.iter().map(wire_name).collect();
        [
            Cow::Borrowed(self.id.as_str()),
            Cow::Borrowed(self.name.as_str()),
            Cow::Borrowed(self.partner_center_id),
            wire_name(&self.billing_model),
            Cow::Owned(specialties.join(", ")),
            Cow::Owned(self.customers.to_string()),
        ]
    }
}

impl Listed for PartnerRow<'_> {
    fn searched(&self) -> [&str; 4] {
        [
            self.id.as_str(),
            self.name,
            self.partner_center_id,
            self.tenant_id,
        ]
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationRow<'w> {
    created_date_time: Time,
    customer_id: &'w Id,
    expires_date_time: Time,
    id: &'w Id,
    kind: InvitationKind,
    name: String,
    partner_id: &'w Id,
    relationship_id: &'w Option<Id>,
    status: InvitationStatus,
    via_provider_id: &'w Option<Id>,
}

impl<'w> InvitationRow<'w> {
    pub fn of(ws: &'w Workspace, i: &'w Invitation) -> Self {
        InvitationRow {
            created_date_time: i.created_date_time,
            customer_id: &i.customer_id,
            expires_date_time: i.expires_date_time,
            id: &i.id,
            kind: i.kind,
            name: format!(
                "{} → {} ({})",
                partner_name(ws, &i.partner_id),
                customer_name(ws, &i.customer_id),
                i.kind.label()
            ),
            partner_id: &i.partner_id,
            relationship_id: &i.relationship_id,
            status: i.status,
            via_provider_id: &i.via_provider_id,
        }
    }

    pub const HEADER: [&'static str; 7] = [
        "ID", "KIND", "PARTNER", "CUSTOMER", "STATUS", "CREATED", "EXPIRES",
    ];

    pub fn cells(&self) -> [Cow<'_, str>; 7] {
        [
            Cow::Borrowed(self.id.as_str()),
            wire_name(&self.kind),
            Cow::Borrowed(self.partner_id.as_str()),
            Cow::Borrowed(self.customer_id.as_str()),
            wire_name(&self.status),
            Cow::Owned(self.created_date_time.to_string()),
            Cow::Owned(self.expires_date_time.to_string()),
        ]
    }
}

/// What a row between a partner and a customer is found by: its id, its name, both parties.
fn between<'r>(id: &'r Id, name: &'r str, partner: &'r Id, customer: &'r Id) -> [&'r str; 4] {
    [id.as_str(), name, partner.as_str(), customer.as_str()]
}

impl Listed for InvitationRow<'_> {
    fn searched(&self) -> [&str; 4] {
        between(self.id, &self.name, self.partner_id, self.customer_id)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipRow<'w> {
    auto_extend_duration: Option<String>,
    customer_id: &'w Id,
    /// What the end date says at the listing's moment: derived, never a status (as `show`).
    pub days_left: Option<i64>,
    end_date_time: Option<Time>,
    ending_soon: bool,
    ends_within_days: Option<i64>,
    external_id: &'w Option<Text>,
    id: &'w Id,
    kind: RelationshipKind,
    name: Cow<'w, str>,
    partner_consent_pending: bool,
    partner_id: &'w Id,
    roles: Roles<'w>,
    start_date_time: Option<Time>,
    status: RelationshipStatus,
    via_partner_id: &'w Option<Id>,
}

impl<'w> RelationshipRow<'w> {
    pub fn of(ws: &'w Workspace, r: &'w Relationship, now: Time) -> Self {
        let soon = ending_soon(r, now);
        RelationshipRow {
            auto_extend_duration: r.gdap.as_ref().map(|g| g.auto_extend_duration.to_string()),
            customer_id: &r.customer_id,
            days_left: r.days_left(now),
            end_date_time: r.end_date_time,
            ending_soon: soon.is_some(),
            ends_within_days: soon.and_then(ending_tier),
            external_id: &r.external_id,
            id: &r.id,
            kind: r.kind,
            name: relationship_name(ws, r),
            partner_consent_pending: r.partner_consent_pending,
            partner_id: &r.partner_id,
            roles: Roles(r.gdap.as_ref().map_or(&[], |g| &g.roles)),
            start_date_time: r.start_date_time,
            status: r.status,
            via_partner_id: &r.via_partner_id,
        }
    }

    pub const HEADER: [&'static str; 8] = [
        "ID",
        "KIND",
        "PARTNER",
        "CUSTOMER",
        "STATUS",
        "DAYS LEFT",
        "NAME",
        "ROLES",
    ];

    pub fn cells(&self) -> [Cow<'_, str>; 8] {
        [
            Cow::Borrowed(self.id.as_str()),
            wire_name(&self.kind),
            Cow::Borrowed(self.partner_id.as_str()),
            Cow::Borrowed(self.customer_id.as_str()),
            wire_name(&self.status),
            shown(self.days_left),
            Cow::Borrowed(&self.name),
            self.roles.cell(),
        ]
    }
}

impl Listed for RelationshipRow<'_> {
    fn searched(&self) -> [&str; 4] {
        between(self.id, &self.name, self.partner_id, self.customer_id)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRow<'w> {
    billing_cycle: BillingCycle,
    billing_partner: &'w Option<Id>,
    customer_id: &'w Id,
    external_id: &'w Option<Text>,
    id: &'w Id,
    name: &'w Text,
    partner_of_record: &'w Id,
    partner_of_record_name: String,
    quantity: u32,
    status: SubscriptionStatus,
    term_duration: &'w Text,
}

impl<'w> SubscriptionRow<'w> {
    pub fn of(ws: &'w Workspace, s: &'w Subscription) -> Self {
        SubscriptionRow {
            billing_cycle: s.billing_cycle,
            billing_partner: &s.billing_partner,
            customer_id: &s.customer_id,
            external_id: &s.external_id,
            id: &s.id,
            name: &s.offer_name,
            partner_of_record: &s.partner_of_record,
            partner_of_record_name: partner_name(ws, &s.partner_of_record),
            quantity: s.quantity,
            status: s.status,
            term_duration: &s.term_duration,
        }
    }

    pub const HEADER: [&'static str; 8] = [
        "ID",
        "OFFER",
        "CUSTOMER",
        "PARTNER OF RECORD",
        "QTY",
        "STATUS",
        "TERM",
        "BILLING",
    ];

    pub fn cells(&self) -> [Cow<'_, str>; 8] {
        [
            Cow::Borrowed(self.id.as_str()),
            Cow::Borrowed(self.name.as_str()),
            Cow::Borrowed(self.customer_id.as_str()),
            Cow::Borrowed(self.partner_of_record.as_str()),
            Cow::Owned(self.quantity.to_string()),
            wire_name(&self.status),
            Cow::Borrowed(self.term_duration.as_str()),
            wire_name(&self.billing_cycle),
        ]
    }
}

impl Listed for SubscriptionRow<'_> {
    fn searched(&self) -> [&str; 4] {
        [self.id.as_str(), self.name, self.customer_id.as_str(), ""]
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentRow<'w> {
    external_id: &'w Option<Text>,
    id: &'w Id,
    name: &'w str,
    relationship_id: &'w Id,
    roles: Roles<'w>,
    security_group_id: &'w str,
    status: AssignmentStatus,
}

impl<'w> AssignmentRow<'w> {
    pub fn of(a: &'w AccessAssignment) -> Self {
        AssignmentRow {
            external_id: &a.external_id,
            id: &a.id,
            name: a
                .security_group_name
                .as_deref()
                .unwrap_or(&a.security_group_id),
            relationship_id: &a.relationship_id,
            roles: Roles(&a.roles),
            security_group_id: &a.security_group_id,
            status: a.status,
        }
    }

    pub const HEADER: [&'static str; 5] = ["ID", "RELATIONSHIP", "GROUP", "STATUS", "ROLES"];

    pub fn cells(&self) -> [Cow<'_, str>; 5] {
        [
            Cow::Borrowed(self.id.as_str()),
            Cow::Borrowed(self.relationship_id.as_str()),
            Cow::Borrowed(self.name),
            wire_name(&self.status),
            self.roles.cell(),
        ]
    }
}

impl Listed for AssignmentRow<'_> {
    fn searched(&self) -> [&str; 4] {
        [self.id.as_str(), self.name, self.security_group_id, ""]
    }
}
