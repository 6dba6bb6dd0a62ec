//! The mapping an operator pastes into a ticket or a spreadsheet: who works with whom
//! (`mapping`: one row per customer and partner that have any relationship), every relationship
//! (`relationships`), and what ends soon without auto-extension (`expiring`). Tables render as
//! CSV (RFC 4180, through the `csv` crate, with a header row), JSON (an array of objects keyed
//! by the column names) or Markdown. The TUI can build its own `Table` and call `render`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::domain::roles::role_name;
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

/// A table: column names (also the JSON keys) and rows of text cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
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

fn date(t: Option<Time>) -> String {
    t.map(|t| t.date()).unwrap_or_default()
}

fn roles_of(r: &Relationship) -> Vec<String> {
    r.gdap
        .iter()
        .flat_map(|g| g.roles.iter().map(|id| role_name(id)))
        .collect()
}

pub const MAPPING_COLUMNS: &[&str] = &[
    "customer",
    "customerTenantId",
    "partner",
    "partnerId",
    "kinds",
    "gdapRoles",
    "soonestEnd",
    "daysLeft",
];
pub const RELATIONSHIP_COLUMNS: &[&str] = &[
    "relationshipId",
    "customer",
    "customerTenantId",
    "partner",
    "partnerId",
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
        let mut kinds: Vec<&str> = Vec::new();
        for kind in [
            RelationshipKind::Reseller,
            RelationshipKind::DelegatedAdmin,
            RelationshipKind::Gdap,
        ] {
            if shown.iter().any(|r| r.kind == kind) {
                kinds.push(kind.label());
            }
        }
        let mut kinds = kinds.join(", ");
        if shown.iter().all(|r| r.status.is_ended()) {
            kinds.push_str(" (ended)");
        }
        let mut roles: Vec<String> = Vec::new();
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
            customer_name,
            tenant,
            partner_name,
            partner_id,
            kinds,
            roles.join("; "),
            date(soonest),
            soonest
                .map(|end| now.days_until(end).to_string())
                .unwrap_or_default(),
        ]);
    }
    Table {
        columns: MAPPING_COLUMNS.to_vec(),
        rows,
    }
}

fn relationship_row(ws: &Workspace, r: &Relationship, now: Time) -> Vec<String> {
    let (customer, tenant) = customer_name(ws, &r.customer_id);
    let (partner, partner_id) = partner_name(ws, &r.partner_id);
    vec![
        r.id.to_string(),
        customer,
        tenant,
        partner,
        partner_id,
        r.kind.label().to_string(),
        r.status.label().to_string(),
        r.gdap
            .as_ref()
            .map(|g| g.display_name.to_string())
            .unwrap_or_default(),
        roles_of(r).join("; "),
        date(r.start_date_time),
        date(r.end_date_time),
        r.days_left(now).map(|d| d.to_string()).unwrap_or_default(),
        r.gdap
            .as_ref()
            .map(|g| g.auto_extend_duration.to_string())
            .unwrap_or_default(),
        r.via_partner_id
            .as_ref()
            .map(|v| partner_name(ws, v).0)
            .unwrap_or_default(),
    ]
}

/// One row per relationship, soonest end first, then by customer.
pub fn relationships(ws: &Workspace, now: Time, keep: impl Fn(&Relationship) -> bool) -> Table {
    let mut rels: Vec<&Relationship> = ws.relationships().filter(|r| keep(r)).collect();
    rels.sort_by_key(|r| {
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
        View::Expiring { days } => relationships(ws, now, |r| {
            let auto = r
                .gdap
                .as_ref()
                .is_some_and(|g| g.auto_extend_duration.is_on());
            r.status.is_in_force()
                && !auto
                && r.end_date_time
                    .is_some_and(|end| end >= now && now.days_until(end) <= days)
        }),
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
                writer.write_record(row).map_err(|e| e.to_string())?;
            }
            let bytes = writer.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        Format::Json => {
            let objects: Vec<Value> = table
                .rows
                .iter()
                .map(|row| {
                    Value::Object(
                        table
                            .columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| (c.to_string(), Value::String(v.clone())))
                            .collect::<Map<_, _>>(),
                    )
                })
                .collect();
            serde_json::to_string_pretty(&objects)
                .map(|mut s| {
                    s.push('\n');
                    s
                })
                .map_err(|e| e.to_string())
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
                    row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let table = Table {
            columns: vec!["a", "b"],
            rows: vec![vec!["x, y".into(), "say \"hi\"".into()]],
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
