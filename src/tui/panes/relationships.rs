//! The Relationships pane: every relationship with kind, roles, status and days left, sorted by
//! what ends soonest (what expires in the next 30 days is what operators chase), then the ones
//! in force without an end, then requests, then history. The detail shows roles, dates, history
//! and access assignments.

use super::columns::{Cells, Column, fixed, name, number, text};
use super::detail::Detail;
use super::names::{customer_name, days_left_label, partner_name, provenance_fields};
use super::target::Target;
use crate::domain::lifecycle::{ending_soon, is_microsoft_led_transition};
use crate::domain::roles::role_name;
use crate::domain::{Id, Relationship, RelationshipKind, RelationshipStatus, Time};
use crate::workspace::Workspace;

pub const COLUMNS: &[Column] = &[
    name("Partner", 60),
    name("Customer", 60),
    fixed("Kind", 8),
    text("Roles", 200),
    fixed("Status", 20),
    number("Days left", 10),
    fixed("Auto-ext", 8),
];

pub fn roles_label(r: &Relationship) -> String {
    match &r.gdap {
        Some(g) if g.roles.len() == 1 => role_name(&g.roles[0]),
        Some(g) => format!(
            "{} roles: {}",
            g.roles.len(),
            g.roles
                .iter()
                .map(|r| role_name(r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "—".into(),
    }
}

pub fn cells(ws: &Workspace, now: Time, id: &Id) -> Cells {
    let Some(r) = ws.relationship(id) else {
        return Cells::new(vec![id.to_string()]);
    };
    let days = r.days_left(now);
    // Soon-ending relationships are marked with text and bold, not colour alone.
    let soon = ending_soon(r, now).is_some();
    let days_text = if soon {
        format!("!{}", days_left_label(days))
    } else {
        days_left_label(days)
    };
    let auto = r.gdap.as_ref().map_or("—", |g| {
        if g.auto_extend_duration.is_on() {
            "P180D"
        } else {
            "off"
        }
    });
    Cells {
        texts: vec![
            partner_name(ws, &r.partner_id),
            customer_name(ws, &r.customer_id),
            r.kind.label().to_string(),
            roles_label(r),
            r.status.label().to_string(),
            days_text,
            auto.to_string(),
        ],
        bold: soon,
    }
}

/// The relationship's access assignments, each a line of its own that `-` can remove: the
/// group (name and id), its status, then the roles it gives.
fn assignments(ws: &Workspace, id: &Id, d: &mut Detail) {
    let assignments: Vec<_> = ws.assignments_of_relationship(id).collect();
    if assignments.is_empty() {
        return;
    }
    d.heading(&format!("Access assignments ({})", assignments.len()));
    for a in assignments {
        let name = a
            .security_group_name
            .clone()
            .unwrap_or_else(|| a.security_group_id.clone());
        let rest = match &a.security_group_name {
            Some(_) => format!("{} · {}", a.security_group_id, a.status.label()),
            None => a.status.label().to_string(),
        };
        d.link(
            &name,
            crate::display::inert(&rest).into_owned(),
            Target::Assignment {
                relationship: id.clone(),
                assignment: a.id.clone(),
            },
        );
        let roles: Vec<String> = a.roles.iter().map(|r| role_name(r)).collect();
        d.dim(format!("    {}", crate::display::inert(&roles.join(", "))));
    }
}

pub fn detail(ws: &Workspace, now: Time, id: &Id, d: &mut Detail) {
    let Some(r) = ws.relationship(id) else {
        d.dim(format!("relationship {id} is not in the workspace"));
        return;
    };
    let title = r.gdap.as_ref().map_or_else(
        || format!("{} relationship {}", r.kind.label(), r.id),
        |g| g.display_name.to_string(),
    );
    d.heading(&crate::display::inert(&title));
    d.field("Kind", r.kind.label());
    d.field("Status", r.status.label());
    d.field("Id", r.id.as_str());
    d.field("Created", &r.created_date_time.date());
    if let Some(start) = r.start_date_time {
        d.field("Started", &start.date());
    }
    if let Some(end) = r.end_date_time {
        d.field(
            if r.status.is_ended() { "Ended" } else { "Ends" },
            &end.date(),
        );
    }
    if r.status.is_in_force() && r.end_date_time.is_some() {
        d.field("Days left", &days_left_label(r.days_left(now)));
    }
    let auto_extend = r
        .gdap
        .as_ref()
        .is_some_and(|g| g.auto_extend_duration.is_on());
    if let Some(left) = ending_soon(r, now)
        && !auto_extend
    {
        d.field(
            "Ending soon",
            &format!("ends within {left} days: turn auto-extension on to keep it (GD2)"),
        );
    }
    if r.status == RelationshipStatus::Expiring {
        d.field("Expiring", "past its end date: access is being removed");
    }
    if r.kind == RelationshipKind::DelegatedAdmin {
        d.field("DAP", "retired on 2023-10-09: history; terminate it (DP1)");
    }
    if r.gdap
        .as_ref()
        .is_some_and(|g| is_microsoft_led_transition(&g.display_name))
    {
        d.field("Origin", "created by the Microsoft-led transition from DAP");
    }
    if r.partner_consent_pending {
        d.field(
            "Consent",
            "pending: the reseller approves (p) or rejects (P) before the customer (IV6)",
        );
    }
    if let (Some(provider), RelationshipKind::Gdap) = (&r.via_partner_id, r.kind) {
        d.field("Made by", &partner_name(ws, provider));
    }
    if let Some(source) = &r.source {
        provenance_fields(ws, source, d);
    }
    d.heading("Parties");
    d.link(
        &partner_name(ws, &r.partner_id),
        "partner".into(),
        Target::Partner(r.partner_id.clone()),
    );
    d.link(
        &customer_name(ws, &r.customer_id),
        "customer".into(),
        Target::Customer(r.customer_id.clone()),
    );
    if let Some(via) = &r.via_partner_id {
        d.link(
            &partner_name(ws, via),
            "through (two-tier model)".into(),
            Target::Partner(via.clone()),
        );
    }
    if let Some(inv) = &r.invitation_id {
        d.link(
            inv.as_str(),
            "the invitation that created it".into(),
            Target::Invitation(inv.clone()),
        );
    } else if r.is_known_only_from_import() {
        d.dim(crate::domain::provenance::KNOWN_ONLY_FROM_IMPORT.into());
    }
    if let Some(g) = &r.gdap {
        d.heading(&format!("GDAP roles ({})", g.roles.len()));
        for role in &g.roles {
            d.text(role_name(role));
        }
        d.field(
            "Duration",
            &format!("{} ({} days)", g.duration, g.duration.0),
        );
        d.field(
            "Auto-extend",
            if g.auto_extend_duration.is_on() {
                "P180D (on)"
            } else {
                "off"
            },
        );
        assignments(ws, id, d);
    }
    d.heading("History");
    for change in r.history.iter().rev() {
        let by = change
            .by
            .as_ref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default();
        let note = change
            .note
            .as_ref()
            .map(|n| format!(" ({})", crate::display::inert(n)))
            .unwrap_or_default();
        d.text(format!(
            "{} {}{by}{note}",
            change.at.date(),
            change.status.label()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::provenance::KNOWN_ONLY_FROM_IMPORT;
    use crate::domain::*;
    use crate::tui::theme::Theme;

    fn at() -> Time {
        Time::parse("2026-11-24T10:00:00Z").unwrap()
    }

    fn imported() -> (Workspace, Relationship) {
        let mut ws = Workspace::default();
        ws.put_partner(Partner {
            id: Id::new("tidewater"),
            display_name: "Tidewater Cloud Services".into(),
            partner_id: "7104418".into(),
            tenant_id: "36cf6aec-3deb-471e-b1a2-4eab79c1a842".into(),
            billing_model: BillingModel::IndirectReseller,
            specialties: Vec::new(),
            providers: Vec::new(),
            source: None,
        });
        let relationship = Relationship {
            external_id: None,
            id: Id::new("rel-1"),
            kind: RelationshipKind::Reseller,
            partner_id: Id::new("tidewater"),
            customer_id: Id::new("alder"),
            status: RelationshipStatus::Active,
            created_date_time: at(),
            start_date_time: Some(at()),
            end_date_time: None,
            via_partner_id: None,
            invitation_id: None,
            gdap: None,
            history: History::new(),
            source: Some(std::sync::Arc::new(Provenance {
                file: "exports/customers.page1.json".into(),
                sha256: "0123456789abcdef".repeat(4).into(),
                imported_by: Id::new("tidewater"),
                imported_at: at(),
            })),
            etag: None,
            partner_consent_pending: true,
        };
        ws.put_relationship(relationship.clone());
        (ws, relationship)
    }

    fn lines(ws: &Workspace, id: &Id) -> Vec<String> {
        let mut d = Detail {
            lines: Vec::new(),
            theme: Theme::default(),
        };
        detail(ws, at(), id, &mut d);
        d.lines
            .iter()
            .map(|l| l.line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn the_detail_of_an_imported_relationship_says_where_it_came_from_and_that_no_invitation_made_it()
     {
        let (ws, r) = imported();
        let shown = lines(&ws, &r.id);
        let has = |text: &str| shown.iter().any(|l| l.contains(text));
        assert!(
            has("imported from exports/customers.page1.json"),
            "{shown:#?}"
        );
        assert!(
            has("(sha256 0123456789ab…) by Tidewater Cloud Services on 2026-11-24"),
            "{shown:#?}"
        );
        assert!(has(KNOWN_ONLY_FROM_IMPORT), "{shown:#?}");
        assert!(has("Consent"), "{shown:#?}");
    }

    #[test]
    fn a_relationship_from_an_invitation_is_not_called_known_only_from_an_import() {
        let (mut ws, mut r) = imported();
        r.invitation_id = Some(Id::new("inv-1"));
        ws.put_relationship(r.clone());
        let shown = lines(&ws, &r.id);
        assert!(!shown.iter().any(|l| l.contains(KNOWN_ONLY_FROM_IMPORT)));
        assert!(shown.iter().any(|l| l.contains("imported from")));
    }
}
