//! The mapping an operator pastes into a ticket or a spreadsheet: who works with whom
//! (`mapping`: one row per customer and partner that have any relationship), every relationship
//! (`relationships`), and what ends soon without auto-extension (`expiring`). Tables render as
//! CSV (RFC 4180, through the `csv` crate, with a header row), JSON (an array of objects keyed
//! by the column names, typed: see `Cell`) or Markdown. The TUI can build its own `Table` and
//! call `render`.

mod cell;

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

pub use cell::Cell;

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

/// A table: column names (also the JSON keys) and rows of typed cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
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

/// One row per customer and partner that have any relationship.
pub fn mapping(ws: &Workspace, now: Time) -> Table {
    let mut pairs: BTreeMap<(String, Id, Id), Vec<&Relationship>> = BTreeMap::new();
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
    let mut rows = Vec::new();
    for ((_, customer, partner), rels) in pairs {
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
        let (customer_name, tenant) = customer_name(ws, &customer);
        let (partner_name, partner_id) = partner_name(ws, &partner);
        rows.push(vec![
            Cell::text(customer_name),
            Cell::text(tenant),
            Cell::text(partner_name),
            Cell::text(partner_id),
            Cell::List(kinds),
            Cell::roles(roles),
            date(soonest),
            soonest.map_or(Cell::Absent, |end| Cell::Number(now.days_until(end))),
            Cell::Flag(ended),
        ]);
    }
    Table {
        columns: MAPPING_COLUMNS.to_vec(),
        rows,
    }
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

/// One row per relationship, soonest end first, then by customer.
pub fn relationships(ws: &Workspace, now: Time, keep: impl Fn(&Relationship) -> bool) -> Table {
    let mut rels: Vec<&Relationship> = ws.relationships().filter(|r| keep(r)).collect();
    // Each key made once (a customer lookup and a lower-case name), not at every comparison.
    rels.sort_by_cached_key(|r| {
        (
            r.days_left(now).unwrap_or(i64::MAX),
            customer_name(ws, &r.customer_id).0.to_lowercase(),
            r.id.clone(),
        )
    });
    Table {
        columns: RELATIONSHIP_COLUMNS.to_vec(),
        rows: rels
            .into_iter()
            .map(|r| relationship_row(ws, r, now))
            .collect(),
    }
}

pub fn table(ws: &Workspace, view: View, now: Time) -> Table {
    match view {
        View::Mapping => mapping(ws, now),
        View::Relationships => relationships(ws, now, |_| true),
        View::Expiring { days } => relationships(ws, now, |r| ends_within(r, now, days)),
    }
}

/// The table as text in `format`.
pub fn render(table: &Table, format: Format) -> Result<String, String> {
    match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(&table.columns)
                .map_err(|e| e.to_string())?;
            for row in &table.rows {
                writer
                    .write_record(row.iter().map(Cell::to_text))
                    .map_err(|e| e.to_string())?;
            }
            let bytes = writer.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        Format::Json => {
            let mut text =
                serde_json::to_string_pretty(&Objects::of(table)).map_err(|e| e.to_string())?;
            text.push('\n');
            Ok(text)
        }
        Format::Markdown => {
            let cell = |text: &str| {
                crate::display::inert(text)
                    .replace('|', "\\|")
                    .replace('\n', " ")
            };
            let mut out = format!(
                "| {} |\n|{}\n",
                table.columns.join(" | "),
                " --- |".repeat(table.columns.len())
            );
            for row in &table.rows {
                out.push_str(&format!(
                    "| {} |\n",
                    row.iter()
                        .map(|c| cell(&c.to_text()))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
            Ok(out)
        }
    }
}

/// The rows as JSON objects keyed by the column names, written in the order of the names (as
/// a JSON object of them is), each cell as it is written: no tree of the whole table.
struct Objects<'t> {
    table: &'t Table,
    /// The columns' places, in the order of their names.
    order: Vec<usize>,
}

impl<'t> Objects<'t> {
    fn of(table: &'t Table) -> Self {
        let mut order: Vec<usize> = (0..table.columns.len()).collect();
        order.sort_by_key(|&at| table.columns[at]);
        Objects { table, order }
    }
}

impl Serialize for Objects<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.table.rows.iter().map(|row| Object {
            columns: &self.table.columns,
            order: &self.order,
            row,
        }))
    }
}

struct Object<'t> {
    columns: &'t [&'static str],
    order: &'t [usize],
    row: &'t [Cell],
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_map(Some(self.order.len()))?;
        for &at in self.order {
            if let (Some(column), Some(cell)) = (self.columns.get(at), self.row.get(at)) {
                object.serialize_entry(column, cell)?;
            }
        }
        object.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn json_cells_are_typed_and_text_cells_are_plain() {
        let table = Table {
            columns: vec!["n", "none", "kinds", "roles", "ended"],
            rows: vec![vec![
                Cell::Number(11),
                Cell::text(""),
                Cell::List(vec!["reseller".into(), "gdap".into()]),
                Cell::roles(["729827e3-9c14-49f7-bb1b-9608f156bbb8", "custom"]),
                Cell::Flag(false),
            ]],
        };
        let text = render(&table, Format::Json).unwrap();
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
            render(&table, Format::Csv).unwrap(),
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
        let table = Table {
            columns: vec!["a", "b"],
            rows: vec![vec![Cell::text("x, y"), Cell::text("say \"hi\"")]],
        };
        assert_eq!(
            render(&table, Format::Csv).unwrap(),
            "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"
        );
        assert!(
            render(&table, Format::Markdown)
                .unwrap()
                .starts_with("| a | b |\n| --- | --- |\n")
        );
    }
}
