//! The GDAP rules a relationship's details must keep: a duration of 1 to 730 days (GD1), no
//! auto-extension with Global Administrator (GD2), known roles and at least one (GD3), access
//! assignments within the relationship's roles (GD4), and a display name of 1 to 50 characters,
//! unique among the partner's relationships (GD6).

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::duration::{AutoExtend, DurationDays, MAX_GDAP_DAYS};
use crate::domain::records::Relationship;
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
