//! The GDAP rules a relationship's details must keep: a duration of 1 to 730 days (GD1), no
//! auto-extension with Global Administrator (GD2), known roles and at least one (GD3), access
//! assignments within the relationship's roles (GD4), and a display name of 1 to 50 characters,
//! unique among the partner's relationships (GD6).

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::duration::{AutoExtend, DurationDays, MAX_GDAP_DAYS};
use crate::domain::records::{Relationship, RelationshipStatus};
use crate::domain::roles::{GLOBAL_ADMINISTRATOR, resolve_roles, role_name};
use crate::tables::id::Id;

/// GD6: a GDAP display name is at most this many characters.
pub const MAX_GDAP_NAME_CHARS: usize = 50;

/// GD1: a GDAP relationship lasts 1 to 730 days.
pub fn duration_in_range(duration: DurationDays) -> Result<(), Refusal> {
    let days = duration.0;
    if days == 0 || days > MAX_GDAP_DAYS {
        return refuse(
            RuleId::GD1,
            format!("a GDAP duration is between 1 and 730 days (P1D..P2Y), not {days} days"),
        );
    }
    Ok(())
}

/// GD2: auto-extension is off whenever the roles include Global Administrator.
pub fn auto_extend_allowed<R: AsRef<str>>(
    auto_extend: AutoExtend,
    roles: &[R],
) -> Result<(), Refusal> {
    let global_admin = || {
        roles
            .iter()
            .any(|role| role.as_ref().eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR))
    };
    if auto_extend.is_on() && global_admin() {
        return refuse(
            RuleId::GD2,
            "auto-extend is not allowed when the roles include Global Administrator",
        );
    }
    Ok(())
}

/// GD3: roles are Microsoft Entra built-in roles (by name or template id); gives their ids.
pub fn known_roles(names: &[String]) -> Result<Vec<String>, Refusal> {
    resolve_roles(names).map_err(|unknown| {
        Refusal::new(
            RuleId::GD3,
            format!("not Microsoft Entra built-in roles: {}", unknown.join(", ")),
        )
    })
}

/// GD3: a GDAP relationship grants at least one role.
pub fn grants_a_role<R>(roles: &[R]) -> Result<(), Refusal> {
    if roles.is_empty() {
        return refuse(RuleId::GD3, "a GDAP relationship grants at least one role");
    }
    Ok(())
}

/// GD4: an access assignment gives at least one role.
pub fn assignment_gives_a_role<R>(roles: &[R]) -> Result<(), Refusal> {
    if roles.is_empty() {
        return refuse(RuleId::GD4, "an access assignment gives at least one role");
    }
    Ok(())
}

/// GD4: an access assignment gives only roles its relationship grants.
pub fn assignable<R: AsRef<str>>(
    role: &str,
    relationship: &Id,
    granted: &[R],
) -> Result<(), Refusal> {
    if !granted
        .iter()
        .any(|g| g.as_ref().eq_ignore_ascii_case(role))
    {
        return refuse(
            RuleId::GD4,
            format!(
                "{} is not among the roles relationship {relationship} grants",
                role_name(role)
            ),
        );
    }
    Ok(())
}

/// GD6: a display name of 1 to 50 characters.
pub fn name_length(name: &str) -> Result<(), Refusal> {
    let chars = name.chars().count();
    if name.trim().is_empty() || chars > MAX_GDAP_NAME_CHARS {
        return refuse(
            RuleId::GD6,
            format!("a GDAP display name is 1-50 characters, not {chars}"),
        );
    }
    Ok(())
}

/// GD6: the partner's relationship `other` already uses display name `name`.
pub fn name_taken(partner: &str, name: &str, other: &Id) -> Refusal {
    Refusal::new(
        RuleId::GD6,
        format!("{partner} already has a relationship named \"{name}\" ({other})"),
    )
}

/// GD7: a GDAP relationship is edited, deleted or locked only while it is a draft (`created`).
pub fn still_a_draft(relationship: &Relationship, what: &str) -> Result<(), Refusal> {
    if relationship.status != RelationshipStatus::Created {
        return refuse(
            RuleId::GD7,
            format!(
                "relationship {} is {}; it can be {what} only while it is a draft (created)",
                relationship.id,
                relationship.status.label()
            ),
        );
    }
    Ok(())
}

/// GD7: after approval, the one role change is removing Global Administrator, while active.
pub fn global_admin_removable<R: AsRef<str>>(
    relationship: &Relationship,
    roles: &[R],
) -> Result<(), Refusal> {
    if relationship.status != RelationshipStatus::Active {
        return refuse(
            RuleId::GD7,
            format!(
                "Global Administrator is removed only from an active relationship; {} is {}",
                relationship.id,
                relationship.status.label()
            ),
        );
    }
    if !roles
        .iter()
        .any(|role| role.as_ref().eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR))
    {
        return refuse(
            RuleId::GD7,
            format!(
                "relationship {} does not grant Global Administrator",
                relationship.id
            ),
        );
    }
    if roles.len() == 1 {
        return refuse(
            RuleId::GD3,
            format!(
                "Global Administrator is the only role of {}; a GDAP relationship keeps at least one role (terminate it instead)",
                relationship.id
            ),
        );
    }
    Ok(())
}

/// Under `rule`: the relationship an action or record needs as GDAP is another kind.
pub fn not_gdap(rule: RuleId, relationship: &Relationship) -> Refusal {
    Refusal::new(
        rule,
        format!(
            "relationship {} is a {} relationship, not GDAP",
            relationship.id,
            relationship.kind.label()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::RelationshipKind;

    fn rule(verdict: Result<(), Refusal>) -> Option<RuleId> {
        verdict.err().map(|refusal| refusal.rule)
    }

    #[test]
    fn a_duration_is_one_to_730_days() {
        assert_eq!(rule(duration_in_range(DurationDays(0))), Some(RuleId::GD1));
        assert_eq!(rule(duration_in_range(DurationDays(1))), None);
        assert_eq!(rule(duration_in_range(DurationDays(730))), None);
        assert_eq!(
            rule(duration_in_range(DurationDays(731))),
            Some(RuleId::GD1)
        );
    }

    #[test]
    fn auto_extend_is_refused_only_when_on_with_global_administrator_in_any_case() {
        let upper = GLOBAL_ADMINISTRATOR.to_uppercase();
        let with_admin = ["helpdesk", upper.as_str()];
        assert_eq!(
            rule(auto_extend_allowed(AutoExtend::P180D, &with_admin)),
            Some(RuleId::GD2)
        );
        assert_eq!(
            rule(auto_extend_allowed(AutoExtend::Off, &with_admin)),
            None
        );
        assert_eq!(
            rule(auto_extend_allowed(AutoExtend::P180D, &["helpdesk"])),
            None
        );
    }

    #[test]
    fn roles_are_known_and_at_least_one() {
        let unknown = known_roles(&["Not A Role".to_string()]).unwrap_err();
        assert_eq!(unknown.rule, RuleId::GD3);
        assert!(unknown.reason.contains("Not A Role"));
        assert_eq!(rule(grants_a_role::<&str>(&[])), Some(RuleId::GD3));
        assert_eq!(
            rule(assignment_gives_a_role::<&str>(&[])),
            Some(RuleId::GD4)
        );
    }

    #[test]
    fn an_assignment_gives_only_roles_the_relationship_grants() {
        let rel = Id::new("rel-1");
        let granted = ["aaaa-bbbb"];
        assert_eq!(rule(assignable("AAAA-BBBB", &rel, &granted)), None);
        assert_eq!(rule(assignable("cccc", &rel, &granted)), Some(RuleId::GD4));
    }

    #[test]
    fn a_display_name_has_1_to_50_characters() {
        assert_eq!(rule(name_length("  ")), Some(RuleId::GD6));
        assert_eq!(rule(name_length(&"é".repeat(50))), None);
        assert_eq!(rule(name_length(&"é".repeat(51))), Some(RuleId::GD6));
    }

    #[test]
    fn a_refusal_about_the_wrong_kind_carries_the_rule_it_is_asked_under() {
        let rel = Relationship {
            external_id: None,
            id: Id::new("rel-9"),
            kind: RelationshipKind::Reseller,
            partner_id: Id::new("p"),
            customer_id: Id::new("c"),
            status: crate::domain::records::RelationshipStatus::Active,
            created_date_time: crate::domain::time::Time::from_seconds(0),
            start_date_time: None,
            end_date_time: None,
            via_partner_id: None,
            invitation_id: None,
            gdap: None,
            history: Default::default(),
            etag: None,
            partner_consent_pending: false,
            source: None,
        };
        let refusal = not_gdap(RuleId::GD4, &rel);
        assert_eq!(refusal.rule, RuleId::GD4);
        assert!(refusal.reason.contains("rel-9"));
    }
}
