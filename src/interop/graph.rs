//! Microsoft Graph v1.0 shapes: `delegatedAdminRelationship` (and its subtype
//! `resellerDelegatedAdminRelationship`) and `delegatedAdminAccessAssignment`, read leniently and
//! turned into import records. Durations may be `P730D` or `P2Y`; dates may carry 7 fractional
//! digits or be `null`; role ids are kept exactly as they came; `@odata.etag` is kept for the
//! `If-Match` of later changes; access assignment statuses are Graph's own five.

use serde::Deserialize;
// A text only looked at (a status, a date, a duration): short ones are read without an
// allocation.
use smol_str::SmolStr as Short;

use super::gathered::Gathered;
use super::reader::{FormatError, Reader, guid, owned_text, shared_text, text, trim, trimmed};
use super::recognise::Kind;
use super::shape;
use crate::domain::duration::{AUTO_EXTEND_DAYS, AutoExtend, DurationDays, parse_days};
use crate::domain::imported::{ImportedAssignment, ImportedGdap, LeftOut};
use crate::domain::records::{AssignmentStatus, RelationshipStatus};
use crate::domain::rules::identity::normalised_guid;
use crate::domain::{Refusal, RuleId};
use crate::tables::text::Text;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct UnifiedRole {
    role_definition_id: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct AccessDetails {
    unified_roles: Option<Vec<UnifiedRole>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct CustomerRef {
    tenant_id: Option<String>,
    display_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Relationship {
    #[serde(rename = "@odata.etag")]
    etag: Option<String>,
    id: Option<String>,
    display_name: Option<String>,
    duration: Option<Short>,
    customer: Option<CustomerRef>,
    access_details: Option<AccessDetails>,
    status: Option<Short>,
    auto_extend_duration: Option<Short>,
    created_date_time: Option<Short>,
    last_modified_date_time: Option<Short>,
    activated_date_time: Option<Short>,
    end_date_time: Option<Short>,
    indirect_provider_tenant_id: Option<String>,
    is_partner_consent_pending: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct AccessContainer {
    access_container_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Assignment {
    #[serde(rename = "@odata.etag")]
    etag: Option<String>,
    id: Option<String>,
    status: Option<Short>,
    created_date_time: Option<Short>,
    access_container: Option<AccessContainer>,
    access_details: Option<AccessDetails>,
}

/// WS3 for a Graph record without the moment it was created (relationships and assignments).
const NO_CREATED: &str = "has no `createdDateTime`";

fn roles(details: Option<AccessDetails>) -> Vec<Text> {
    details
        .into_iter()
        .flat_map(|d| d.unified_roles.into_iter().flatten())
        .filter_map(|r| shared_text(r.role_definition_id))
        .collect()
}

/// A Graph access assignment status, any case; `None` for `unknownFutureValue` and the like.
pub fn assignment_status(text: &str) -> Option<AssignmentStatus> {
    let text = trim(text);
    AssignmentStatus::ALL
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(text))
}

/// A Graph relationship status, any case; `None` for `unknownFutureValue` and the like.
pub fn status(text: &str) -> Option<RelationshipStatus> {
    let text = trim(text);
    RelationshipStatus::ALL
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(text))
}

shape::reads_alone!(
    Relationship,
    Kind::DelegatedAdminRelationships,
    relationship
);

fn relationship(
    r: &Reader<'_>,
    at: &str,
    g: Relationship,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    // Each text kept is trimmed where it was read into (no copy of it).
    let id = owned_text(g.id)
        .ok_or_else(|| r.error(at, "a delegatedAdminRelationship without an `id`"))?;
    let left_out =
        |rule, reason: String| LeftOut::new("relationship", id.clone(), Refusal::new(rule, reason));
    let customer = g.customer.unwrap_or_default();
    let Some(tenant) = owned_text(customer.tenant_id) else {
        // Graph lets a partner create a relationship for any customer: the customer is named
        // when one approves it. A workspace relationship always has its customer.
        let name = text(&g.display_name).unwrap_or_default();
        let status = text(&g.status).unwrap_or_else(|| "no status".into());
        out.left_out.push(left_out(
            RuleId::WS1,
            format!("\"{name}\" ({status}): not imported: no customer until approval (`customer.tenantId` is empty)"),
        ));
        return Ok(());
    };
    let status_text = trimmed(&g.status).unwrap_or_default();
    let Some(status) = status(status_text) else {
        out.left_out.push(left_out(RuleId::WS1, format!("status `{status_text}` is not a delegatedAdminRelationship status partnerdesk knows")));
        return Ok(());
    };
    let duration_text = trimmed(&g.duration).unwrap_or_default();
    let duration = match DurationDays::parse(duration_text) {
        Ok(d) => d,
        Err(why) => {
            out.left_out
                .push(left_out(RuleId::GD1, format!("duration: {why}")));
            return Ok(());
        }
    };
    let auto_extend = match trimmed(&g.auto_extend_duration).map(parse_days) {
        None | Some(Ok(0)) => AutoExtend::Off,
        Some(Ok(AUTO_EXTEND_DAYS)) => AutoExtend::P180D,
        Some(Ok(days)) => {
            out.left_out.push(left_out(
                RuleId::GD2,
                format!("autoExtendDuration is {days} days; only P180D or PT0S exist"),
            ));
            return Ok(());
        }
        Some(Err(why)) => {
            out.left_out
                .push(left_out(RuleId::GD2, format!("autoExtendDuration: {why}")));
            return Ok(());
        }
    };
    let last_modified = r.time(at, "lastModifiedDateTime", &g.last_modified_date_time)?;
    let Some(created) = r
        .time(at, "createdDateTime", &g.created_date_time)?
        .or(last_modified)
    else {
        out.left_out.push(left_out(RuleId::WS3, NO_CREATED.into()));
        return Ok(());
    };
    let mut id = id;
    id.make_ascii_lowercase();
    out.relationships.push(ImportedGdap {
        id: id.into(),
        customer_tenant_id: guid(tenant),
        customer_name: owned_text(customer.display_name),
        display_name: owned_text(g.display_name).unwrap_or_default(),
        roles: roles(g.access_details),
        duration,
        auto_extend_duration: auto_extend,
        status,
        created_date_time: created,
        last_modified_date_time: last_modified,
        activated_date_time: r.time(at, "activatedDateTime", &g.activated_date_time)?,
        end_date_time: r.time(at, "endDateTime", &g.end_date_time)?,
        indirect_provider_tenant_id: trimmed(&g.indirect_provider_tenant_id).map(normalised_guid),
        partner_consent_pending: g.is_partner_consent_pending.unwrap_or(false),
        etag: owned_text(g.etag),
        source: None,
    });
    Ok(())
}

shape::reads_alone!(
    Assignment,
    Kind::AccessAssignments,
    assignment,
    listed.relationship
);

fn assignment(
    r: &Reader<'_>,
    at: &str,
    a: Assignment,
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    let id = owned_text(a.id)
        .ok_or_else(|| r.error(at, "a delegatedAdminAccessAssignment without an `id`"))?;
    let left_out = |rule, reason: String| {
        LeftOut::new("accessAssignment", id.clone(), Refusal::new(rule, reason))
    };
    let Some(relationship) = relationship else {
        return Err(r.error(at, "an access-assignment listing does not name its relationship: say which (`--relationship REL_ID`, or the import form's relationship)"));
    };
    let Some(group) = a
        .access_container
        .as_ref()
        .and_then(|c| text(&c.access_container_id))
    else {
        out.left_out.push(left_out(
            RuleId::WS1,
            "names no security group (`accessContainer.accessContainerId`)".into(),
        ));
        return Ok(());
    };
    let status_text = trimmed(&a.status).unwrap_or("active");
    let Some(status) = assignment_status(status_text) else {
        out.left_out.push(left_out(
            RuleId::GD4,
            format!("status `{status_text}` is not a delegatedAdminAccessAssignment status partnerdesk knows (pending, active, deleting, deleted, error)"),
        ));
        return Ok(());
    };
    let Some(created) = r.time(at, "createdDateTime", &a.created_date_time)? else {
        out.left_out.push(left_out(RuleId::WS3, NO_CREATED.into()));
        return Ok(());
    };
    let mut id = id;
    id.make_ascii_lowercase();
    out.assignments.push(ImportedAssignment {
        id,
        relationship_id: relationship.to_string(),
        security_group_id: group.to_ascii_lowercase(),
        roles: roles(a.access_details),
        status,
        created_date_time: created,
        etag: owned_text(a.etag),
        source: None,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn statuses_read_in_any_case() {
        assert_eq!(
            status("APPROVALPENDING"),
            Some(RelationshipStatus::ApprovalPending)
        );
        assert_eq!(
            status("terminationRequested"),
            Some(RelationshipStatus::TerminationRequested)
        );
        assert_eq!(status("unknownFutureValue"), None);
        assert_eq!(status(" active\t"), Some(RelationshipStatus::Active));
        assert_eq!(
            status("\u{a0}Active\u{3000}"),
            Some(RelationshipStatus::Active)
        );
    }

    #[test]
    fn assignment_statuses_are_graphs_own_five_in_any_case() {
        for (text, status) in [
            ("pending", AssignmentStatus::Pending),
            ("ACTIVE", AssignmentStatus::Active),
            ("Deleting", AssignmentStatus::Deleting),
            ("deleted", AssignmentStatus::Deleted),
            ("error", AssignmentStatus::Error),
        ] {
            assert_eq!(assignment_status(text), Some(status), "{text}");
        }
        assert_eq!(assignment_status("unknownFutureValue"), None);
    }

    fn read_relationship(item: Value) -> Gathered {
        let mut out = Gathered::default();
        let reader = Reader { file: "r.json" };
        let item: Relationship = reader.typed("value[0]", (&item).into()).unwrap();
        relationship(&reader, "value[0]", item, &mut out).unwrap();
        out
    }

    #[test]
    fn a_relationship_keeps_its_etag_and_whether_the_resellers_consent_is_pending() {
        let item = serde_json::json!({
            "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship",
            "@odata.etag": "W/\"abc\"",
            "id": "R-1", "displayName": "For the reseller", "duration": "P730D",
            "customer": {"tenantId": "C-1"}, "status": "approvalPending",
            "createdDateTime": "2026-11-17T12:40:00Z",
            "indirectProviderTenantId": "P-1", "isPartnerConsentPending": true
        });
        let out = read_relationship(item.clone());
        let read = &out.relationships[0];
        assert_eq!(read.etag.as_deref(), Some("W/\"abc\""));
        assert!(read.partner_consent_pending);
        assert_eq!(read.indirect_provider_tenant_id.as_deref(), Some("p-1"));
        let mut plain = item;
        plain["isPartnerConsentPending"] = Value::Null;
        assert!(!read_relationship(plain).relationships[0].partner_consent_pending);
    }

    #[test]
    fn a_relationship_for_any_customer_is_left_out_by_id_and_name_until_approval() {
        let out = read_relationship(serde_json::json!({
            "id": "R-2", "displayName": "Onboarding for a new customer", "duration": "P730D",
            "customer": null, "status": "created", "createdDateTime": "2026-11-20T09:00:00Z"
        }));
        assert!(out.relationships.is_empty());
        let left = &out.left_out[0];
        assert_eq!((left.kind, left.key.as_str()), ("relationship", "R-2"));
        assert!(
            left.reason.starts_with(
                "\"Onboarding for a new customer\" (created): not imported: no customer until approval"
            ),
            "{}",
            left.reason
        );
    }
}
