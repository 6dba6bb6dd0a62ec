//! Ending relationships (either side, RS1, GD5), GDAP auto-extension (GD2) and access
//! assignments (GD4).

use super::ctx::Ctx;
use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::duration::AutoExtend;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::*;
use crate::domain::roles::GLOBAL_ADMINISTRATOR;
use crate::domain::rules::{gdap as gdap_rules, references};
use crate::tables::id::Id;
use crate::tables::text::Text;

pub fn terminate<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut rel = ctx.relationship(id)?;
    let party = match ctx.actor {
        Actor::Partner(p) => *p == rel.partner_id,
        Actor::Customer(c) => *c == rel.customer_id,
        Actor::Operator => false,
    };
    if !party {
        return refuse(
            RuleId::OP1,
            format!(
                "{} cannot end relationship {}; only {} or {} can",
                ctx.actor,
                rel.id,
                ctx.partner_name(&rel.partner_id),
                ctx.customer_name(&rel.customer_id)
            ),
        );
    }
    if !rel.status.is_in_force() {
        return refuse(
            RuleId::GD5,
            format!(
                "relationship {} is {}; only an active relationship can be ended",
                rel.id,
                rel.status.label()
            ),
        );
    }
    if rel.kind == RelationshipKind::Reseller {
        let active: Vec<Id> = ctx
            .ws
            .subscriptions_of_customer(&rel.customer_id)
            .filter(|s| {
                s.partner_of_record == rel.partner_id && s.status == SubscriptionStatus::Active
            })
            .map(|s| s.id.clone())
            .collect();
        if !active.is_empty() {
            let ids: Vec<String> = active.iter().map(Id::to_string).collect();
            return refuse(
                RuleId::RS1,
                format!(
                    "{} is still partner of record for {} active subscription(s) at {} ({}); suspend them first",
                    ctx.partner_name(&rel.partner_id),
                    active.len(),
                    ctx.customer_name(&rel.customer_id),
                    ids.join(", ")
                ),
            );
        }
    }
    let from = rel.status;
    let by = Some(ctx.actor);
    if rel.kind == RelationshipKind::Gdap {
        rel.move_to(RelationshipStatus::TerminationRequested, ctx.now, by, None);
        rel.move_to(RelationshipStatus::Terminating, ctx.now, None, None);
    }
    rel.move_to(RelationshipStatus::Terminated, ctx.now, by, None);
    rel.end_date_time = Some(ctx.now);
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        id,
        format!("{} → terminated", from.label()),
    );
    end_assignments(ctx, id, "relationship ended");
    Ok(())
}

/// Access through an ended relationship (terminated or expired) ends with it (GD4).
pub(super) fn end_assignments<W: Records>(ctx: &mut Ctx<'_, W>, relationship_id: &Id, why: &str) {
    let assignments: Vec<AccessAssignment> = ctx
        .ws
        .assignments_of_relationship(relationship_id)
        .filter(|a| a.status.is_live())
        .cloned()
        .collect();
    for mut assignment in assignments {
        let from = assignment.status;
        assignment.status = AssignmentStatus::Deleted;
        let assignment_id = assignment.id.clone();
        ctx.ws.put_assignment(assignment);
        ctx.event(
            RecordKind::AccessAssignment,
            &assignment_id,
            format!("{} → deleted ({why})", from.label()),
        );
    }
}

/// The relationship's partner, acting; anyone else is refused under `rule`.
fn owning_partner<W: Records>(
    ctx: &Ctx<'_, W>,
    rel: &Relationship,
    rule: RuleId,
    what: &str,
) -> Result<(), Refusal> {
    match ctx.actor {
        Actor::Partner(p) if *p == rel.partner_id => Ok(()),
        other => refuse(
            rule,
            format!(
                "{other} cannot {what}; only {}, the relationship's partner, can",
                ctx.partner_name(&rel.partner_id)
            ),
        ),
    }
}

fn gdap_of(rel: &Relationship, rule: RuleId) -> Result<GdapDetails, Refusal> {
    rel.gdap
        .as_deref()
        .cloned()
        .ok_or_else(|| gdap_rules::not_gdap(rule, rel))
}

pub fn set_auto_extend<W: Records>(
    ctx: &mut Ctx<'_, W>,
    id: &Id,
    auto_extend: AutoExtend,
) -> Result<(), Refusal> {
    let mut rel = ctx.relationship(id)?;
    owning_partner(ctx, &rel, RuleId::OP1, "change auto-extend")?;
    let mut gdap = gdap_of(&rel, RuleId::GD2)?;
    if !matches!(
        rel.status,
        RelationshipStatus::Created | RelationshipStatus::Active
    ) {
        return refuse(
            RuleId::GD2,
            format!(
                "auto-extend changes only while created or active; {} is {}",
                rel.id,
                rel.status.label()
            ),
        );
    }
    gdap_rules::auto_extend_allowed(auto_extend, &gdap.roles)?;
    if gdap.auto_extend_duration == auto_extend {
        return Ok(());
    }
    gdap.auto_extend_duration = auto_extend;
    rel.gdap = Some(Box::new(gdap));
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        id,
        format!("auto-extend {auto_extend}"),
    );
    Ok(())
}

/// GD7: the one role change after approval. Access assignments lose the role too; one left
/// with no role ends (GD4).
pub fn remove_global_admin<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut rel = ctx.relationship(id)?;
    owning_partner(ctx, &rel, RuleId::OP1, "change roles")?;
    let mut gdap = gdap_of(&rel, RuleId::GD7)?;
    gdap_rules::global_admin_removable(&rel, &gdap.roles)?;
    let is_global_admin = |role: &Text| role.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR);
    gdap.roles.retain(|role| !is_global_admin(role));
    rel.gdap = Some(Box::new(gdap));
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        id,
        "Global Administrator removed from its roles",
    );
    let holding: Vec<AccessAssignment> = ctx
        .ws
        .assignments_of_relationship(id)
        .filter(|a| a.status == AssignmentStatus::Active && a.roles.iter().any(is_global_admin))
        .cloned()
        .collect();
    for mut assignment in holding {
        assignment.roles.retain(|role| !is_global_admin(role));
        let change = if assignment.roles.is_empty() {
            assignment.status = AssignmentStatus::Deleted;
            "active → deleted (its only role, Global Administrator, was removed)"
        } else {
            "Global Administrator removed"
        };
        let assignment_id = assignment.id.clone();
        ctx.ws.put_assignment(assignment);
        ctx.event(RecordKind::AccessAssignment, &assignment_id, change);
    }
    Ok(())
}

pub fn add_assignment<W: Records>(
    ctx: &mut Ctx<'_, W>,
    relationship_id: &Id,
    group_id: &str,
    group_name: Option<&str>,
    roles: &[String],
) -> Result<(), Refusal> {
    let rel = ctx.relationship(relationship_id)?;
    owning_partner(ctx, &rel, RuleId::OP1, "assign access")?;
    let gdap = gdap_of(&rel, RuleId::GD4)?;
    if !rel.status.is_in_force() {
        return refuse(
            RuleId::GD4,
            format!(
                "access is assigned only on an active relationship; {} is {}",
                rel.id,
                rel.status.label()
            ),
        );
    }
    let group_id = group_id.trim();
    if group_id.is_empty() {
        return refuse(RuleId::WS1, "an access assignment names a security group");
    }
    let roles = gdap_rules::known_roles(roles)?;
    gdap_rules::assignment_gives_a_role(&roles)?;
    for role in &roles {
        gdap_rules::assignable(role, &rel.id, &gdap.roles)?;
    }
    let twin = ctx
        .ws
        .assignments_of_relationship(relationship_id)
        .any(|a| a.status.is_live() && a.security_group_id.eq_ignore_ascii_case(group_id));
    if twin {
        return refuse(
            RuleId::WS1,
            format!(
                "security group {group_id} already has an access assignment on {}",
                rel.id
            ),
        );
    }
    let id = ctx.ws.fresh_id("asg", |ws, id| ws.assignment(id).is_some());
    ctx.ws.put_assignment(AccessAssignment {
        external_id: None,
        id: id.clone(),
        relationship_id: relationship_id.clone(),
        security_group_id: group_id.to_string(),
        security_group_name: group_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        roles: roles.into_iter().map(Text::from).collect(),
        status: AssignmentStatus::Active,
        created_date_time: ctx.now,
        etag: None,
        source: None,
    });
    ctx.event(
        RecordKind::AccessAssignment,
        &id,
        format!("group {group_id} assigned on {relationship_id}"),
    );
    Ok(())
}

pub fn remove_assignment<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut assignment = ctx
        .ws
        .assignment(id)
        .cloned()
        .ok_or_else(|| references::unknown("", "access assignment", id))?;
    let rel = ctx.relationship(&assignment.relationship_id)?;
    owning_partner(ctx, &rel, RuleId::OP1, "remove access assignments")?;
    let from = assignment.status;
    if matches!(from, AssignmentStatus::Deleting | AssignmentStatus::Deleted) {
        return refuse(
            RuleId::GD4,
            format!("access assignment {id} is already {}", from.label()),
        );
    }
    assignment.status = AssignmentStatus::Deleted;
    ctx.ws.put_assignment(assignment);
    ctx.event(
        RecordKind::AccessAssignment,
        id,
        format!("{} → deleted", from.label()),
    );
    Ok(())
}
