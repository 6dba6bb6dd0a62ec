//! How rows and details name the records they refer to: a partner's or customer's display name
//! (made inert; the id when the record is missing), a relationship's days left, and where an
//! imported record came from.

use crate::display::inert;
use crate::domain::{Id, Provenance};
use crate::workspace::Workspace;

pub fn partner_name(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| inert(&p.display_name).into_owned())
}

pub fn customer_name(ws: &Workspace, id: &Id) -> String {
    ws.customer(id)
        .map_or_else(|| id.to_string(), |c| inert(&c.display_name).into_owned())
}

/// "imported from FILE (sha256 abcdef012345…) by PARTNER on DATE", made inert.
pub fn provenance_line(ws: &Workspace, source: &Provenance) -> String {
    inert(&source.line(&partner_name(ws, &source.imported_by))).into_owned()
}

/// `12 days` / `ended` / `—` for a relationship's remaining time.
pub fn days_left_label(days: Option<i64>) -> String {
    match days {
        Some(d) if d < 0 => "overdue".into(),
        Some(1) => "1 day".into(),
        Some(d) => format!("{d} days"),
        None => "—".into(),
    }
}
