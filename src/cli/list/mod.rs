//! `list` and `show`: records of one kind as a table or a JSON array (every element has `id` and
//! `name`; invitations and relationships also `customerId`, `partnerId`, `kind` and `status`).
//! `show` also says where an imported record came from, and when a relationship is known only
//! from an import. JSON keys follow the output convention (README "Output"): `partnerId` is a
//! workspace partner id, the Partner ID is `partnerCenterId`, roles are `{"id", "name"}`.

mod rows;
mod show;

use std::borrow::Cow;
use std::path::Path;

pub use show::show;

use super::args::RecordKindArg;
use super::outcome::Outcome;
use super::{long_table, output, resolve};
use crate::domain::*;
use crate::workspace::Workspace;
use rows::*;

fn partner_name(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| p.display_name.to_string())
}

fn customer_name(ws: &Workspace, id: &Id) -> String {
    ws.customer(id)
        .map_or_else(|| id.to_string(), |c| c.display_name.to_string())
}

/// The name a relationship is shown by: its GDAP display name, or "partner → customer".
fn relationship_name<'w>(ws: &Workspace, r: &'w Relationship) -> Cow<'w, str> {
    match &r.gdap {
        Some(gdap) => Cow::Borrowed(&gdap.display_name),
        None => Cow::Owned(format!(
            "{} → {}",
            partner_name(ws, &r.partner_id),
            customer_name(ws, &r.customer_id)
        )),
    }
}

pub fn list(
    file: &Path,
    kind: RecordKindArg,
    filter: Option<&str>,
    as_json: bool,
    fit: output::Fit,
    now: Option<&str>,
) -> Outcome {
    let now = resolve::now(now)?;
    let loaded = resolve::load(file)?;
    let ws = &loaded.workspace;
    let needle = filter.map(str::to_lowercase).filter(|n| !n.is_empty());
    let shown = Shown {
        needle: needle.as_deref(),
        as_json,
        fit,
    };
    match kind {
        RecordKindArg::Customers => {
            let counts = CustomerCounts::of(ws);
            shown.print(
                ws.customers().map(|c| CustomerRow::of(&counts, c)),
                CustomerRow::HEADER,
                CustomerRow::cells,
            );
        }
        RecordKindArg::Partners => shown.print(
            ws.partners().map(|p| PartnerRow::of(ws, p)),
            PartnerRow::HEADER,
            PartnerRow::cells,
        ),
        RecordKindArg::Invitations => shown.print(
            ws.invitations().map(|i| InvitationRow::of(ws, i)),
            InvitationRow::HEADER,
            InvitationRow::cells,
        ),
        RecordKindArg::Relationships => shown.print_sorted(
            ws.relationships().map(|r| RelationshipRow::of(ws, r, now)),
            // What ends soonest first: that is what operators chase.
            |row| row.days_left.unwrap_or(i64::MAX),
            RelationshipRow::HEADER,
            RelationshipRow::cells,
        ),
        RecordKindArg::Subscriptions => shown.print(
            ws.subscriptions().map(|s| SubscriptionRow::of(ws, s)),
            SubscriptionRow::HEADER,
            SubscriptionRow::cells,
        ),
        RecordKindArg::Assignments => shown.print(
            ws.assignments().map(AssignmentRow::of),
            AssignmentRow::HEADER,
            AssignmentRow::cells,
        ),
    }
    Ok(())
}

/// How a listing is shown: which rows (`--filter`), as JSON or as a table cut to fit.
struct Shown<'a> {
    needle: Option<&'a str>,
    as_json: bool,
    fit: output::Fit,
}

impl Shown<'_> {
    /// The rows `--filter` keeps, in the workspace's order, as a JSON array or a table.
    fn print<R: Listed, const N: usize>(
        &self,
        rows: impl Iterator<Item = R>,
        header: [&str; N],
        cells: impl Fn(&R) -> [Cow<'_, str>; N] + Sync,
    ) {
        self.write(&self.kept(rows), header, cells);
    }

    /// `print`, the rows in the order of `key` (equal keys in the workspace's order).
    fn print_sorted<R: Listed, const N: usize>(
        &self,
        rows: impl Iterator<Item = R>,
        key: impl Fn(&R) -> i64,
        header: [&str; N],
        cells: impl Fn(&R) -> [Cow<'_, str>; N] + Sync,
    ) {
        let mut kept = self.kept(rows);
        kept.sort_by_key(key);
        self.write(&kept, header, cells);
    }

    /// The rows `--filter` keeps.
    fn kept<R: Listed>(&self, rows: impl Iterator<Item = R>) -> Vec<R> {
        match self.needle {
            Some(needle) => rows.filter(|row| row.matches(needle)).collect(),
            None => rows.collect(),
        }
    }

    fn write<R: Listed, const N: usize>(
        &self,
        rows: &[R],
        header: [&str; N],
        cells: impl Fn(&R) -> [Cow<'_, str>; N] + Sync,
    ) {
        if self.as_json {
            output::json(rows);
        } else {
            long_table::print(header, (&["ID"], self.fit), rows, cells);
        }
    }
}

#[cfg(test)]
mod rows_tests;
