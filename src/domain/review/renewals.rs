//! Renewals: relationships about to end without auto-extend (medium, high within 7 days),
//! the ones that expired lately (info), and privileged roles that auto-extend (low).

use super::finding::{Finding, Severity};
use super::naming::{renewal_name_where, renewal_request};
use super::survey::{Survey, holds_privileged, is_global_admin};
use crate::domain::action::Action;
use crate::domain::duration::AutoExtend;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::lifecycle::ENDING_SOON_DAYS;
use crate::domain::records::{Relationship, RelationshipKind, RelationshipStatus};
use crate::domain::time::Time;
use crate::tables::id::Id;

pub const ENDING: &str = "gdap-ending";
pub const EXPIRED: &str = "gdap-expired";
pub const PRIVILEGED_AUTO_EXTEND: &str = "privileged-auto-extend";

/// How far back an expired relationship is still worth a look.
pub const EXPIRED_LOOKBACK_DAYS: i64 = 90;

pub(super) fn check<'a>(
    r: &'a Relationship,
    survey: &Survey<'a>,
    now: Time,
    out: &mut Vec<Finding>,
) {
    if r.kind != RelationshipKind::Gdap {
        return;
    }
    let Some(gdap) = r.gdap.as_deref() else {
        return;
    };
    let days_left = r.end_date_time.map(|end| now.days_until(end));
    match (r.status, days_left) {
        (RelationshipStatus::Active, Some(days))
            if days <= ENDING_SOON_DAYS[0]
                && !gdap.auto_extend_duration.is_on()
                && survey.renewal_of(r).is_none() =>
        {
            out.push(ending(r, days));
        }
        (RelationshipStatus::Expiring | RelationshipStatus::Expired, Some(days))
            if -days <= EXPIRED_LOOKBACK_DAYS =>
        {
            out.push(
                Finding::new(
                    EXPIRED,
                    Severity::Info,
                    RecordKind::Relationship,
                    &r.id,
                    &r.customer_id,
                    format!("expired {} ago without renewal", days_text((-days).max(0))),
                )
                .partner(&r.partner_id),
            );
        }
        _ => {}
    }
    let changeable = matches!(
        r.status,
        RelationshipStatus::Created | RelationshipStatus::Active
    );
    if changeable && gdap.auto_extend_duration.is_on() && holds_privileged(&gdap.roles) {
        let finding = Finding::new(
            PRIVILEGED_AUTO_EXTEND,
            Severity::Low,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            "roles that can take control of the tenant auto-extend every 180 days: nobody re-decides whether they are still needed",
        )
        .partner(&r.partner_id);
        // Turning it off inside the last 30 days would make it end unrenewed: no fix there.
        let far_from_end = r.status == RelationshipStatus::Created
            || days_left.is_some_and(|days| days > ENDING_SOON_DAYS[0]);
        out.push(if far_from_end {
            finding.fix(
                "turn auto-extend off",
                &r.partner_id,
                vec![Action::SetAutoExtend {
                    relationship_id: r.id.clone(),
                    auto_extend_duration: AutoExtend::Off,
                }],
            )
        } else {
            finding
        });
    }
}

fn ending(r: &Relationship, days: i64) -> Finding {
    let severity = if days <= ENDING_SOON_DAYS[1] {
        Severity::High
    } else {
        Severity::Medium
    };
    let tier = ENDING_SOON_DAYS
        .iter()
        .rev()
        .find(|tier| days <= **tier)
        .copied()
        .unwrap_or(ENDING_SOON_DAYS[0]);
    let finding = Finding::new(
        ENDING,
        severity,
        RecordKind::Relationship,
        &r.id,
        &r.customer_id,
        format!(
            "ends within {tier} day{} ({} left) and does not auto-extend",
            if tier == 1 { "" } else { "s" },
            days.max(0)
        ),
    )
    .partner(&r.partner_id);
    let Some(gdap) = r.gdap.as_deref() else {
        return finding;
    };
    let with_global_admin = gdap.roles.iter().any(|role| is_global_admin(role));
    if !with_global_admin {
        return finding.fix(
            "renew: turn auto-extend on",
            &r.partner_id,
            vec![Action::SetAutoExtend {
                relationship_id: r.id.clone(),
                auto_extend_duration: AutoExtend::P180D,
            }],
        );
    }
    // GD2: no auto-extend with Global Administrator; renew with the other roles.
    let roles: Vec<String> = gdap
        .roles
        .iter()
        .filter(|role| !is_global_admin(role))
        .map(|role| role.to_string())
        .collect();
    if roles.is_empty() || r.via_partner_id.is_some() {
        return finding;
    }
    finding.fix(
        "renew it without Global Administrator",
        &r.partner_id,
        vec![renewal_request(r, gdap, roles)],
    )
}

/// "<old> renewal", then "<old> renewal 2", "… 3"…: the first the partner has not used (GD6
/// names are unique per partner, in any case), the old name cut so the whole fits 50
/// characters. Asks the workspace's name index: for a face that has one (the invite form).
pub fn renewal_name<W: Records>(ws: &W, partner: &Id, old: &str) -> String {
    renewal_name_where(old, |name| {
        ws.gdap_relationships_named(partner, name).next().is_some()
    })
}

fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}
