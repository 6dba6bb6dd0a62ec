//! Microsoft Graph v1.0 shapes: `delegatedAdminRelationship` (and its subtype
//! `resellerDelegatedAdminRelationship`) and `delegatedAdminAccessAssignment`, read leniently and
//! turned into import records. Durations may be `P730D` or `P2Y`; dates may carry 7 fractional
//! digits or be `null`; role ids are kept exactly as they came.

use serde::Deserialize;
use serde_json::Value;

use super::gathered::Gathered;
use super::reader::{FormatError, Reader, text};
use crate::domain::duration::{AUTO_EXTEND_DAYS, AutoExtend, DurationDays, parse_days};
use crate::domain::imported::{ImportedAssignment, ImportedGdap, LeftOut};
use crate::domain::records::{AssignmentStatus, RelationshipStatus};
use crate::domain::{Refusal, RuleId};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct UnifiedRole {
    role_definition_id: Option<String>,
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
struct Relationship {
    id: Option<String>,
    display_name: Option<String>,
    duration: Option<String>,
    customer: Option<CustomerRef>,
    access_details: Option<AccessDetails>,
    status: Option<String>,
    auto_extend_duration: Option<String>,
    created_date_time: Option<String>,
    last_modified_date_time: Option<String>,
    activated_date_time: Option<String>,
    end_date_time: Option<String>,
    indirect_provider_tenant_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct AccessContainer {
    access_container_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Assignment {
    id: Option<String>,
    status: Option<String>,
    created_date_time: Option<String>,
    access_container: Option<AccessContainer>,
    access_details: Option<AccessDetails>,
}

/// WS3 for a Graph record without the moment it was created (relationships and assignments).
const NO_CREATED: &str = "has no `createdDateTime`";

fn roles(details: &Option<AccessDetails>) -> Vec<String> {
    details
        .iter()
        .flat_map(|d| d.unified_roles.iter().flatten())
        .filter_map(|r| text(&r.role_definition_id))
        .collect()
}

/// A Graph relationship status, any case; `None` for `unknownFutureValue` and the like.
pub fn status(text: &str) -> Option<RelationshipStatus> {
    RelationshipStatus::ALL
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
}

pub fn relationship(
    r: &Reader<'_>,
    at: &str,
    item: &Value,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    let g: Relationship = r.typed(at, item)?;
    let id =
        text(&g.id).ok_or_else(|| r.error(at, "a delegatedAdminRelationship without an `id`"))?;
    let left_out =
        |rule, reason: String| LeftOut::new("relationship", id.clone(), Refusal::new(rule, reason));
    let customer = g.customer.unwrap_or_default();
    let Some(tenant) = text(&customer.tenant_id) else {
        out.left_out.push(left_out(
            RuleId::WS1,
            "names no customer tenant yet (`customer.tenantId` is empty)".into(),
        ));
        return Ok(());
    };
    let status_text = text(&g.status).unwrap_or_default();
    let Some(status) = status(&status_text) else {
        out.left_out.push(left_out(RuleId::WS1, format!("status `{status_text}` is not a delegatedAdminRelationship status partnerdesk knows")));
        return Ok(());
    };
    let duration_text = text(&g.duration).unwrap_or_default();
    let duration = match DurationDays::parse(&duration_text) {
        Ok(d) => d,
        Err(why) => {
            out.left_out
                .push(left_out(RuleId::GD1, format!("duration: {why}")));
            return Ok(());
        }
    };
    let auto_extend = match text(&g.auto_extend_duration).map(|t| parse_days(&t)) {
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
    out.relationships.push(ImportedGdap {
        id: id.to_ascii_lowercase(),
        customer_tenant_id: tenant.to_ascii_lowercase(),
        customer_name: text(&customer.display_name),
        display_name: text(&g.display_name).unwrap_or_default(),
        roles: roles(&g.access_details),
        duration,
        auto_extend_duration: auto_extend,
        status,
        created_date_time: created,
        last_modified_date_time: last_modified,
        activated_date_time: r.time(at, "activatedDateTime", &g.activated_date_time)?,
        end_date_time: r.time(at, "endDateTime", &g.end_date_time)?,
        indirect_provider_tenant_id: text(&g.indirect_provider_tenant_id)
            .map(|t| t.to_ascii_lowercase()),
    });
    Ok(())
}

/// The relationship an access-assignment listing belongs to, when its `@odata.context` or a
/// link in it names one (`delegatedAdminRelationships/{id}/accessAssignments` or `('{id}')`).
pub fn listing_relationship(doc: &Value) -> Option<String> {
    ["@odata.context", "@odata.nextLink", "@odata.deltaLink"]
        .iter()
        .filter_map(|field| doc.get(*field).and_then(Value::as_str))
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

pub fn assignment(
    r: &Reader<'_>,
    at: &str,
    item: &Value,
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    let a: Assignment = r.typed(at, item)?;
    let id = text(&a.id)
        .ok_or_else(|| r.error(at, "a delegatedAdminAccessAssignment without an `id`"))?;
    let left_out = |rule, reason: String| {
        LeftOut::new("accessAssignment", id.clone(), Refusal::new(rule, reason))
    };
    let Some(relationship) = relationship else {
        return Err(r.error(at, "an access-assignment listing does not name its relationship: give --relationship REL_ID"));
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
    let status = match text(&a.status)
        .unwrap_or_else(|| "active".into())
        .to_ascii_lowercase()
        .as_str()
    {
        "active" | "pending" => AssignmentStatus::Active,
        "deleting" | "deleted" => AssignmentStatus::Deleted,
        other => {
            out.left_out.push(left_out(
                RuleId::GD4,
                format!("status `{other}` is neither active nor deleted"),
            ));
            return Ok(());
        }
    };
    let Some(created) = r.time(at, "createdDateTime", &a.created_date_time)? else {
        out.left_out.push(left_out(RuleId::WS3, NO_CREATED.into()));
        return Ok(());
    };
    out.assignments.push(ImportedAssignment {
        id: id.to_ascii_lowercase(),
        relationship_id: relationship.to_string(),
        security_group_id: group.to_ascii_lowercase(),
        roles: roles(&a.access_details),
        status,
        created_date_time: created,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
