//! How rows and details name the records they refer to: a partner's or customer's display name
//! (made inert; the id when the record is missing), a relationship's days left, and where an
//! imported record came from.

use super::detail::Detail;
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

/// A detail's "Source" field: "imported from FILE", then on a line of its own (a long file name
/// is cut at the detail's edge) "(sha256 abcdef012345…) by PARTNER on DATE". Values are made
/// inert by the detail.
pub fn provenance_fields(ws: &Workspace, source: &Provenance, d: &mut Detail) {
    let (from, rest) = source.line_parts(&partner_name(ws, &source.imported_by));
    d.field("Source", &from);
    d.field("", &rest);
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
