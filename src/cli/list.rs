//! `list` and `show`: records of one kind as a table or a JSON array (every element has `id` and
//! `name`; invitations and relationships also `customerId`, `partnerId`, `kind` and `status`).
//! `show` also says where an imported record came from, and when a relationship is known only
//! from an import. JSON keys follow the output convention (README "Output"): `partnerId` is a
//! workspace partner id, the Partner ID is `partnerCenterId`, roles are `{"id", "name"}`.

use crate::domain::lifecycle::{ending_soon, ending_tier};
use std::path::Path;

use serde_json::{Value, json};

use super::args::RecordKindArg;
use super::outcome::{Failure, Outcome};
use super::{output, resolve};
use crate::domain::roles::role_ref;
use crate::domain::*;
use crate::workspace::Workspace;

fn partner_name(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| p.display_name.to_string())
}

fn customer_name(ws: &Workspace, id: &Id) -> String {
    ws.customer(id)
        .map_or_else(|| id.to_string(), |c| c.display_name.to_string())
}

/// The name a relationship is shown by: its GDAP display name, or "partner → customer".
pub fn relationship_name(ws: &Workspace, r: &Relationship) -> String {
    match &r.gdap {
        Some(gdap) => gdap.display_name.to_string(),
        None => format!(
            "{} → {}",
            partner_name(ws, &r.partner_id),
            customer_name(ws, &r.customer_id)
        ),
    }
}

fn customer_row(ws: &Workspace, c: &Customer) -> Value {
    json!({
        "id": c.id, "name": c.display_name, "tenantId": c.tenant_id, "domain": c.domain,
        "country": c.country, "isCspPartner": c.is_csp_partner, "externalId": c.external_id,
        "partners": ws.partners_of_customer(&c.id).len(),
        "subscriptions": ws.subscriptions_of_customer(&c.id).count(),
    })
}

/// Roles as every JSON output gives them: `{"id": template id, "name": name or null}`.
fn roles_json(ids: &[Text]) -> Value {
    json!(ids.iter().map(|id| role_ref(id)).collect::<Vec<_>>())
}

fn partner_row(ws: &Workspace, p: &Partner) -> Value {
    json!({
        "id": p.id, "name": p.display_name, "partnerCenterId": p.partner_id, "tenantId": p.tenant_id,
        "billingModel": p.billing_model, "specialties": p.specialties, "providers": p.providers,
        "customers": ws.customers_of_partner(&p.id).len(),
    })
}

fn invitation_row(ws: &Workspace, i: &Invitation) -> Value {
    json!({
        "id": i.id, "name": format!("{} → {} ({})", partner_name(ws, &i.partner_id), customer_name(ws, &i.customer_id), i.kind.label()),
        "customerId": i.customer_id, "partnerId": i.partner_id, "kind": i.kind, "status": i.status,
        "viaProviderId": i.via_provider_id, "createdDateTime": i.created_date_time,
        "expiresDateTime": i.expires_date_time, "relationshipId": i.relationship_id,
    })
}

fn relationship_row(ws: &Workspace, r: &Relationship, now: Time) -> Value {
    let roles = r
        .gdap
        .as_ref()
        .map_or_else(|| json!([]), |g| roles_json(&g.roles));
    let mut row = json!({
        "id": r.id, "name": relationship_name(ws, r), "customerId": r.customer_id, "partnerId": r.partner_id,
        "kind": r.kind, "status": r.status, "roles": roles,
        "partnerConsentPending": r.partner_consent_pending,
        "startDateTime": r.start_date_time, "endDateTime": r.end_date_time,
        "autoExtendDuration": r.gdap.as_ref().map(|g| g.auto_extend_duration.to_string()),
        "viaPartnerId": r.via_partner_id, "externalId": r.external_id,
    });
    add_clock_fields(&mut row, r, now);
    row
}

fn subscription_row(ws: &Workspace, s: &Subscription) -> Value {
    json!({
        "id": s.id, "name": s.offer_name, "customerId": s.customer_id, "partnerOfRecord": s.partner_of_record,
        "partnerOfRecordName": partner_name(ws, &s.partner_of_record), "billingPartner": s.billing_partner,
        "quantity": s.quantity, "status": s.status, "termDuration": s.term_duration, "billingCycle": s.billing_cycle,
        "externalId": s.external_id,
    })
}

fn assignment_row(a: &AccessAssignment) -> Value {
    json!({
        "id": a.id, "name": a.security_group_name.clone().unwrap_or_else(|| a.security_group_id.clone()),
        "relationshipId": a.relationship_id, "securityGroupId": a.security_group_id, "roles": roles_json(&a.roles), "status": a.status,
        "externalId": a.external_id,
    })
}

/// What a relationship's end date says at `now` (days left; "ends within 30 / 7 / 1 days"):
/// derived, never a status, the same in `list` and `show`, and the reason both take `--now`.
fn add_clock_fields(record: &mut Value, r: &Relationship, now: Time) {
    if let Value::Object(fields) = record {
        fields.insert("daysLeft".into(), json!(r.days_left(now)));
        fields.insert("endingSoon".into(), json!(ending_soon(r, now).is_some()));
        let tier = ending_soon(r, now).and_then(ending_tier);
        fields.insert("endsWithinDays".into(), json!(tier));
    }
}

fn matches(row: &Value, needle: &str) -> bool {
    const FIELDS: &[&str] = &[
        "id",
        "name",
        "domain",
        "tenantId",
        "partnerId",
        "partnerCenterId",
        "customerId",
        "securityGroupId",
    ];
    FIELDS.iter().any(|field| {
        row.get(*field)
            .and_then(Value::as_str)
            .is_some_and(|text| text.to_lowercase().contains(needle))
    })
}

fn rows(ws: &Workspace, kind: RecordKindArg, now: Time) -> Vec<Value> {
    match kind {
        RecordKindArg::Customers => ws.customers().map(|c| customer_row(ws, c)).collect(),
        RecordKindArg::Partners => ws.partners().map(|p| partner_row(ws, p)).collect(),
        RecordKindArg::Invitations => ws.invitations().map(|i| invitation_row(ws, i)).collect(),
        RecordKindArg::Relationships => ws
            .relationships()
            .map(|r| relationship_row(ws, r, now))
            .collect(),
        RecordKindArg::Subscriptions => ws
            .subscriptions()
            .map(|s| subscription_row(ws, s))
            .collect(),
        RecordKindArg::Assignments => ws.assignments().map(assignment_row).collect(),
    }
}

fn text(row: &Value, field: &str) -> String {
    match row.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => String::new(),
        Some(Value::Array(items)) => items.iter().map(item_text).collect::<Vec<_>>().join(", "),
        Some(other) => other.to_string(),
    }
}

/// One element of a list as a table cell: a role by its name (by its id, marked, when the
/// catalogue lacks it), text as it is.
fn item_text(item: &Value) -> String {
    match (item.get("id").and_then(Value::as_str), item.get("name")) {
        (Some(_), Some(Value::String(name))) => name.clone(),
        (Some(id), Some(Value::Null)) => format!("unknown role {id}"),
        _ => item
            .as_str()
            .map_or_else(|| item.to_string(), str::to_string),
    }
}

fn columns(kind: RecordKindArg) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKindArg::Customers => &[
            ("ID", "id"),
            ("NAME", "name"),
            ("DOMAIN", "domain"),
            ("COUNTRY", "country"),
            ("PARTNERS", "partners"),
            ("SUBS", "subscriptions"),
            ("CSP", "isCspPartner"),
        ],
        RecordKindArg::Partners => &[
            ("ID", "id"),
            ("NAME", "name"),
            ("PARTNER ID", "partnerCenterId"),
            ("BILLING", "billingModel"),
            ("SPECIALTIES", "specialties"),
            ("CUSTOMERS", "customers"),
        ],
        RecordKindArg::Invitations => &[
            ("ID", "id"),
            ("KIND", "kind"),
            ("PARTNER", "partnerId"),
            ("CUSTOMER", "customerId"),
            ("STATUS", "status"),
            ("CREATED", "createdDateTime"),
            ("EXPIRES", "expiresDateTime"),
        ],
        RecordKindArg::Relationships => &[
            ("ID", "id"),
            ("KIND", "kind"),
            ("PARTNER", "partnerId"),
            ("CUSTOMER", "customerId"),
            ("STATUS", "status"),
            ("DAYS LEFT", "daysLeft"),
            ("NAME", "name"),
            ("ROLES", "roles"),
        ],
        RecordKindArg::Subscriptions => &[
            ("ID", "id"),
            ("OFFER", "name"),
            ("CUSTOMER", "customerId"),
            ("PARTNER OF RECORD", "partnerOfRecord"),
            ("QTY", "quantity"),
            ("STATUS", "status"),
            ("TERM", "termDuration"),
            ("BILLING", "billingCycle"),
        ],
        RecordKindArg::Assignments => &[
            ("ID", "id"),
            ("RELATIONSHIP", "relationshipId"),
            ("GROUP", "name"),
            ("STATUS", "status"),
            ("ROLES", "roles"),
        ],
    }
}

pub fn list(
    file: &Path,
    kind: RecordKindArg,
    filter: Option<&str>,
    as_json: bool,
    fit: output::Fit,
    now: Option<&str>,
) -> Outcome {
    let now = resolve::now(now)?;
    let loaded = resolve::load(file)?;
    let mut found = rows(&loaded.workspace, kind, now);
    if let Some(needle) = filter.map(str::to_lowercase).filter(|n| !n.is_empty()) {
        found.retain(|row| matches(row, &needle));
    }
    if matches!(kind, RecordKindArg::Relationships) {
        // What ends soonest first: that is what operators chase.
        found.sort_by_key(|row| {
            row.get("daysLeft")
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX)
        });
    }
    if as_json {
        output::json(&found);
    } else {
        let cols = columns(kind);
        let header: Vec<&str> = cols.iter().map(|(title, _)| *title).collect();
        let table: Vec<Vec<String>> = found
            .iter()
            .map(|row| cols.iter().map(|(_, field)| text(row, field)).collect())
            .collect();
        output::table_keeping(&header, &table, fit, &["ID"]);
    }
    Ok(())
}

/// A record found by `show`: as the file holds it, where it came from, and whether it is a
/// relationship known only from an import.
struct Shown<'a> {
    record: Value,
    source: Option<&'a Provenance>,
    known_only_from_import: bool,
}

impl<'a> Shown<'a> {
    fn new(
        record: &impl serde::Serialize,
        source: &'a Option<std::sync::Arc<Provenance>>,
    ) -> Shown<'a> {
        Shown {
            record: as_json_value(record),
            source: source.as_deref(),
            known_only_from_import: false,
        }
    }
}

pub fn show(file: &Path, id: &str, as_json: bool, now: Option<&str>) -> Outcome {
    let now = resolve::now(now)?;
    let loaded = resolve::load(file)?;
    let ws = &loaded.workspace;
    let key = Id::new(id.trim());
    // Ids are unique within a kind only: the first kind that has it wins, in this order.
    let found: Option<Shown> = ws
        .customer(&key)
        .map(|c| Shown::new(c, &c.source))
        .or_else(|| {
            ws.partner(&key).map(|p| {
                let mut shown = Shown::new(p, &p.source);
                rename(&mut shown.record, "partnerId", "partnerCenterId");
                shown
            })
        })
        .or_else(|| ws.invitation(&key).map(|i| Shown::new(i, &None)))
        .or_else(|| {
            ws.relationship(&key).map(|r| {
                let mut shown = Shown {
                    known_only_from_import: r.is_known_only_from_import(),
                    ..Shown::new(r, &r.source)
                };
                if let (Some(gdap), Some(Value::Object(shown_gdap))) =
                    (&r.gdap, shown.record.get_mut("gdap"))
                {
                    shown_gdap.insert("roles".into(), roles_json(&gdap.roles));
                }
                add_clock_fields(&mut shown.record, r, now);
                shown
            })
        })
        .or_else(|| ws.subscription(&key).map(|s| Shown::new(s, &s.source)))
        .or_else(|| {
            ws.assignment(&key).map(|a| {
                let mut shown = Shown::new(a, &a.source);
                if let Value::Object(fields) = &mut shown.record {
                    fields.insert("roles".into(), roles_json(&a.roles));
                }
                shown
            })
        });
    let Some(Shown {
        record,
        source,
        known_only_from_import,
    }) = found
    else {
        return Err(Failure {
            code: 1,
            headline: format!("WS1: no record has the id `{id}`"),
            details: vec![],
        });
    };
    if as_json {
        output::json(&record);
    } else if let Value::Object(fields) = record {
        let rows: Vec<Vec<String>> = fields
            .iter()
            .map(|(k, v)| {
                let value = match (k.as_str(), source) {
                    // The provenance as a sentence; `--json` carries the whole digest.
                    ("source", Some(p)) => p.line(&partner_name(ws, &p.imported_by)),
                    _ => v.as_str().map_or_else(|| v.to_string(), str::to_string),
                };
                vec![k.clone(), value]
            })
            .collect();
        output::table(&["FIELD", "VALUE"], &rows, output::Fit::Whole);
        if known_only_from_import {
            outln!("{}", crate::domain::provenance::KNOWN_ONLY_FROM_IMPORT);
        }
    }
    Ok(())
}

/// The file's key `from` under the output convention's name `to` (the file calls the Partner
/// ID `partnerId`; every output calls it `partnerCenterId`).
fn rename(record: &mut Value, from: &str, to: &str) {
    if let Value::Object(fields) = record
        && let Some(value) = fields.remove(from)
    {
        fields.insert(to.into(), value);
    }
}

/// A record as the file holds it (serializing an in-memory record cannot fail).
fn as_json_value(record: &impl serde::Serialize) -> Value {
    serde_json::to_value(record).unwrap_or_default()
}
