//! The Customers pane: name, domain, country, how many partners serve it, how many subscriptions
//! it has, and a marker for customers that are CSP partners themselves (MP6). The detail lists
//! every partner with its relationship kinds, every subscription with its partner of record,
//! open invitations and the customer's history.

use super::columns::{Cells, Column, fixed, name, number};
use super::detail::Detail;
use super::names::{days_left_label, partner_name, provenance_fields};
use super::target::Target;
use crate::display::inert;
use crate::domain::{Id, InvitationStatus, Relationship, RelationshipKind, Time};
use crate::workspace::Workspace;

pub const COLUMNS: &[Column] = &[
    name("Name", 60),
    name("Domain", 60),
    fixed("Country", 7),
    number("Partners", 8),
    number("Subs", 6),
    fixed("CSP", 3),
];

/// With marks (Space): a leading marker column, `[x]` on a marked row, `[ ]` otherwise.
pub const MARK: Column = fixed("Mark", 4);

pub fn mark_cell(marked: bool) -> String {
    if marked { "[x]" } else { "[ ]" }.to_string()
}

pub fn cells(ws: &Workspace, id: &Id) -> Cells {
    let Some(c) = ws.customer(id) else {
        return Cells::new(vec![id.to_string()]);
    };
    Cells::new(vec![
        inert(&c.display_name).into_owned(),
        inert(&c.domain).into_owned(),
        inert(&c.country).into_owned(),
        ws.partners_of_customer(id).len().to_string(),
        ws.subscriptions_of_customer(id).count().to_string(),
        if c.is_csp_partner { "CSP" } else { "" }.to_string(),
    ])
}

/// "active · rel-1041", and for GDAP "“name” · active · 3 roles · 120 days left · auto-extend on".
/// How many of a customer's history lines its detail shows (the newest).
const HISTORY_SHOWN: usize = 40;

pub fn relationship_summary(ws: &Workspace, r: &Relationship, now: Time) -> String {
    let mut text = String::new();
    if let Some(g) = &r.gdap {
        text.push_str(&format!("“{}” · ", inert(&g.display_name)));
    }
    text.push_str(&format!("{} · {}", r.status.label(), r.id));
    if let Some(g) = &r.gdap {
        let roles = g.roles.len();
        let left = match r.days_left(now) {
            Some(days) if days < 0 => "past its end".to_string(),
            days => format!("{} left", days_left_label(days)),
        };
        text.push_str(&format!(
            " · {} role{} · {left} · auto-extend {}",
            roles,
            if roles == 1 { "" } else { "s" },
            if g.auto_extend_duration.is_on() {
                "on"
            } else {
                "off"
            }
        ));
    }
    if let Some(via) = &r.via_partner_id {
        text.push_str(&format!(" · via {}", partner_name(ws, via)));
    }
    text
}

pub fn detail(ws: &Workspace, now: Time, id: &Id, d: &mut Detail) {
    let Some(c) = ws.customer(id) else {
        d.dim(format!("customer {id} is not in the workspace"));
        return;
    };
    d.heading(&inert(&c.display_name));
    d.field("Domain", &c.domain);
    d.field("Country", &c.country);
    d.field("Tenant", &c.tenant_id);
    d.field("Id", c.id.as_str());
    if c.is_csp_partner {
        d.field("CSP partner", "yes — no reseller relationships (MP6)");
    }
    if let Some(source) = &c.source {
        provenance_fields(ws, source, d);
    }

    let relationships: Vec<&Relationship> = ws.relationships_of_customer(id).collect();
    let mut partners: Vec<&Id> = relationships.iter().map(|r| &r.partner_id).collect();
    partners.sort();
    partners.dedup();
    d.heading(&format!("Partners ({})", ws.partners_of_customer(id).len()));
    if partners.is_empty() {
        d.dim("no relationships yet".into());
    }
    for partner in partners {
        let mine: Vec<&&Relationship> = relationships
            .iter()
            .filter(|r| r.partner_id == *partner)
            .collect();
        let kinds: Vec<&str> = [
            RelationshipKind::Reseller,
            RelationshipKind::DelegatedAdmin,
            RelationshipKind::Gdap,
        ]
        .into_iter()
        .filter(|k| mine.iter().any(|r| r.kind == *k && r.status.is_in_force()))
        .map(|k| k.label())
        .collect();
        let kinds = if kinds.is_empty() {
            "nothing in force".to_string()
        } else {
            kinds.join(", ")
        };
        d.link(
            &partner_name(ws, partner),
            kinds,
            Target::Partner(partner.clone()),
        );
        for r in mine {
            d.sublink(
                r.kind.label(),
                relationship_summary(ws, r, now),
                Target::Relationship(r.id.clone()),
            );
        }
    }

    let subscriptions: Vec<_> = ws.subscriptions_of_customer(id).collect();
    d.heading(&format!("Subscriptions ({})", subscriptions.len()));
    if subscriptions.is_empty() {
        d.dim("none".into());
    }
    for s in subscriptions {
        let status = format!("{:?}", s.status).to_lowercase();
        d.link(
            &partner_name(ws, &s.partner_of_record),
            format!(
                "{} × {} · {} · partner of record",
                inert(&s.offer_name),
                s.quantity,
                status
            ),
            Target::Subscription {
                id: s.id.clone(),
                partner_of_record: s.partner_of_record.clone(),
            },
        );
    }

    let open: Vec<_> = ws
        .invitations_of_customer(id)
        .filter(|i| i.status == InvitationStatus::Pending)
        .collect();
    d.heading(&format!("Open invitations ({})", open.len()));
    if open.is_empty() {
        d.dim("none".into());
    }
    for i in open {
        d.link(
            &format!(
                "{} from {}",
                i.kind.label(),
                partner_name(ws, &i.partner_id)
            ),
            format!("{} · expires {}", i.id, i.expires_date_time.date()),
            Target::Invitation(i.id.clone()),
        );
    }

    d.heading("History");
    let mut history: Vec<(Time, String)> = Vec::new();
    for i in ws.invitations_of_customer(id) {
        history.push((
            i.created_date_time,
            format!(
                "{} invited ({}) {}",
                partner_name(ws, &i.partner_id),
                i.kind.label(),
                i.id
            ),
        ));
        if let Some(at) = i.resolved_date_time {
            history.push((at, format!("invitation {} {}", i.id, i.status.label())));
        }
    }
    for r in &relationships {
        for change in &r.history {
            history.push((
                change.at,
                format!(
                    "{} {} → {}",
                    partner_name(ws, &r.partner_id),
                    r.kind.label(),
                    change.status.label()
                ),
            ));
        }
    }
    history.sort_by_key(|h| std::cmp::Reverse(h.0));
    if history.is_empty() {
        d.dim("nothing recorded".into());
    }
    // The newest; the rest are counted, not dropped silently (`H` shows the audit trail).
    let earlier = history.len().saturating_sub(HISTORY_SHOWN);
    for (at, text) in history.into_iter().take(HISTORY_SHOWN) {
        d.text(format!("{} {}", at.date(), text));
    }
    if earlier > 0 {
        d.dim(format!(
            "… and {earlier} earlier (H lists the customer's audit trail)"
        ));
    }
}
