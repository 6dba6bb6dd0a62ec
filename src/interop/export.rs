//! The mapping an operator pastes into a ticket or a spreadsheet: who works with whom
//! (`mapping`: one row per customer and partner that have any relationship), every relationship
//! (`relationships`), and what ends soon without auto-extension (`expiring`). A view's `rows`
//! are made one at a time, once their order is settled, and `write` renders them as they come
//! (`render.rs`): CSV (RFC 4180, through the `csv` crate, with a header row), JSON (an array of
//! objects keyed by the column names, typed: see `Cell`) or Markdown, the app's export and the
//! command line alike.

mod cell;
mod render;

use std::collections::BTreeMap;

pub use cell::Cell;
pub use render::write;

use crate::domain::renewal_outlook::ends_within;
use crate::domain::*;
use crate::workspace::Workspace;

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Mapping,
    Relationships,
    /// Relationships in force that end within this many days and will not auto-extend.
    Expiring {
        days: i64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Markdown,
}

fn partner_name(ws: &Workspace, id: &Id) -> (String, String) {
    ws.partner(id).map_or_else(
        || (id.to_string(), String::new()),
        |p| (p.display_name.to_string(), p.partner_id.clone()),
    )
}

fn customer_name(ws: &Workspace, id: &Id) -> (String, String) {
    ws.customer(id).map_or_else(
        || (id.to_string(), String::new()),
        |c| (c.display_name.to_string(), c.tenant_id.clone()),
    )
}

fn date(t: Option<Time>) -> Cell {
    Cell::maybe(t.map(|t| t.date()))
}

/// A relationship's role template ids (none for reseller and DAP).
fn roles_of(r: &Relationship) -> impl Iterator<Item = &str> {
    r.gdap.iter().flat_map(|g| g.roles.iter().map(|id| &**id))
}

/// `partnerCenterId` is the Partner ID (formerly MPN ID); `partnerId` in every JSON output is a
/// workspace partner id, so an export never uses that key.
pub const MAPPING_COLUMNS: &[&str] = &[
    "customer",
    "customerTenantId",
    "partner",
    "partnerCenterId",
    "kinds",
    "gdapRoles",
    "soonestEnd",
    "daysLeft",
    "ended",
];
pub const RELATIONSHIP_COLUMNS: &[&str] = &[
    "relationshipId",
    "customer",
    "customerTenantId",
    "partner",
    "partnerCenterId",
    "kind",
    "status",
    "displayName",
    "roles",
    "startDate",
    "endDate",
    "daysLeft",
    "autoExtend",
    "via",
];

/// The customer and partner pairs that have any relationship, by customer name (any case),
/// with their relationships.
type Pairs<'w> = BTreeMap<(String, Id, Id), Vec<&'w Relationship>>;

/// One row per customer and partner that have any relationship.
fn mapping(ws: &Workspace, now: Time) -> Rows<'_> {
    let mut pairs: Pairs<'_> = BTreeMap::new();
    for r in ws.relationships() {
        let customer = customer_name(ws, &r.customer_id).0;
        pairs
            .entry((
                customer.to_lowercase(),
                r.customer_id.clone(),
                r.partner_id.clone(),
            ))
            .or_default()
            .push(r);
    }
    Rows {
        columns: MAPPING_COLUMNS,
        rows: Box::new(
            pairs
                .into_iter()
                .map(move |((_, customer, partner), rels)| {
                    mapping_row(ws, (&customer, &partner), &rels, now)
                }),
        ),
    }
}

/// The row of `customer` and `partner`, whose relationships are `rels`.
fn mapping_row(
    ws: &Workspace,
    (customer, partner): (&Id, &Id),
    rels: &[&Relationship],
    now: Time,
) -> Vec<Cell> {
    let current: Vec<&&Relationship> = rels.iter().filter(|r| !r.status.is_ended()).collect();
    let shown: Vec<&&Relationship> = if current.is_empty() {
        rels.iter().collect()
    } else {
        current
    };
    let mut kinds: Vec<String> = Vec::new();
    for kind in [
        RelationshipKind::Reseller,
        RelationshipKind::DelegatedAdmin,
        RelationshipKind::Gdap,
    ] {
        if shown.iter().any(|r| r.kind == kind) {
            kinds.push(kind.key().to_string());
        }
    }
    let ended = shown.iter().all(|r| r.status.is_ended());
    let mut roles: Vec<&str> = Vec::new();
    for role in shown.iter().flat_map(|r| roles_of(r)) {
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let soonest = shown
        .iter()
        .filter(|r| !r.status.is_ended())
        .filter_map(|r| r.end_date_time)
        .min();
    let (customer_name, tenant) = customer_name(ws, customer);
    let (partner_name, partner_id) = partner_name(ws, partner);
    vec![
        Cell::text(customer_name),
        Cell::text(tenant),
        Cell::text(partner_name),
        Cell::text(partner_id),
        Cell::List(kinds),
        Cell::roles(roles),
        date(soonest),
        soonest.map_or(Cell::Absent, |end| Cell::Number(now.days_until(end))),
        Cell::Flag(ended),
    ]
}

fn relationship_row(ws: &Workspace, r: &Relationship, now: Time) -> Vec<Cell> {
    let (customer, tenant) = customer_name(ws, &r.customer_id);
    let (partner, partner_id) = partner_name(ws, &r.partner_id);
    vec![
        Cell::text(r.id.to_string()),
        Cell::text(customer),
        Cell::text(tenant),
        Cell::text(partner),
        Cell::text(partner_id),
        Cell::text(r.kind.key()),
        Cell::text(r.status.label()),
        Cell::maybe(r.gdap.as_ref().map(|g| g.display_name.to_string())),
        match &r.gdap {
            Some(_) => Cell::roles(roles_of(r)),
            None => Cell::Absent,
        },
        date(r.start_date_time),
        date(r.end_date_time),
        r.days_left(now).map_or(Cell::Absent, Cell::Number),
        Cell::maybe(r.gdap.as_ref().map(|g| g.auto_extend_duration.to_string())),
        Cell::maybe(r.via_partner_id.as_ref().map(|v| partner_name(ws, v).0)),
    ]
}

/// One row per relationship `keep` keeps, soonest end first, then by customer.
fn relationships<'w>(
    ws: &'w Workspace,
    now: Time,
    keep: impl Fn(&Relationship) -> bool,
) -> Rows<'w> {
    let mut rels: Vec<&Relationship> = ws.relationships().filter(|r| keep(r)).collect();
    // Each key made once (a customer lookup and a lower-case name), not at every comparison.
    rels.sort_by_cached_key(|r| {
        (
            r.days_left(now).unwrap_or(i64::MAX),
            customer_name(ws, &r.customer_id).0.to_lowercase(),
            r.id.clone(),
        )
    });
    Rows {
        columns: RELATIONSHIP_COLUMNS,
        rows: Box::new(rels.into_iter().map(move |r| relationship_row(ws, r, now))),
    }
}

/// A view's rows, made one at a time as they are taken (the order is settled first): a
/// large export is written without a table of it in memory.
pub struct Rows<'w> {
    pub columns: &'static [&'static str],
    rows: Box<dyn Iterator<Item = Vec<Cell>> + 'w>,
}

impl Iterator for Rows<'_> {
    type Item = Vec<Cell>;
    fn next(&mut self) -> Option<Vec<Cell>> {
        self.rows.next()
    }
}

/// The rows of `view` as of `now`.
pub fn rows(ws: &Workspace, view: View, now: Time) -> Rows<'_> {
    match view {
        View::Mapping => mapping(ws, now),
        View::Relationships => relationships(ws, now, |_| true),
        View::Expiring { days } => relationships(ws, now, move |r| ends_within(r, now, days)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// `rows` under `columns`, written in `format`, as text.
    fn render(table: &(Vec<&'static str>, Vec<Vec<Cell>>), format: Format) -> String {
        let mut bytes = Vec::new();
        write(
            &table.0,
            table.1.iter().map(Vec::as_slice),
            format,
            &mut bytes,
        )
        .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn json_cells_are_typed_and_text_cells_are_plain() {
        let table = (
            vec!["n", "none", "kinds", "roles", "ended"],
            vec![vec![
                Cell::Number(11),
                Cell::text(""),
                Cell::List(vec!["reseller".into(), "gdap".into()]),
                Cell::roles(["729827e3-9c14-49f7-bb1b-9608f156bbb8", "custom"]),
                Cell::Flag(false),
            ]],
        );
        let text = render(&table, Format::Json);
        let json: Value = serde_json::from_str(&text).unwrap();
        // Keys in the order of their names, as an object of them writes them (and always did).
        assert_eq!(text, serde_json::to_string_pretty(&json).unwrap() + "\n");
        assert_eq!(
            json,
            serde_json::json!([{
                "n": 11, "none": null, "kinds": ["reseller", "gdap"], "ended": false,
                "roles": [
                    {"id": "729827e3-9c14-49f7-bb1b-9608f156bbb8", "name": "Helpdesk Administrator"},
                    {"id": "custom", "name": null}
                ]
            }])
        );
        assert_eq!(
            render(&table, Format::Csv),
            "n,none,kinds,roles,ended\n11,,\"reseller, gdap\",Helpdesk Administrator; unknown role custom,false\n"
        );
    }

    #[test]
    fn a_kind_is_spelled_as_the_file_and_list_json_spell_it() {
        for kind in [
            RelationshipKind::Reseller,
            RelationshipKind::DelegatedAdmin,
            RelationshipKind::Gdap,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.key());
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let table = (
            vec!["a", "b"],
            vec![vec![Cell::text("x, y"), Cell::text("say \"hi\"")]],
        );
        assert_eq!(
            render(&table, Format::Csv),
            "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"
        );
        assert!(render(&table, Format::Markdown).starts_with("| a | b |\n| --- | --- |\n"));
    }
}
