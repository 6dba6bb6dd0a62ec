//! `show`: one record of any kind by id, as the file holds it (roles named, the clock's fields
//! added), with where an imported record came from as a sentence.

use std::path::Path;

use serde_json::{Value, json};

use super::partner_name;
use crate::cli::outcome::{Failure, Outcome};
use crate::cli::{output, resolve};
use crate::domain::lifecycle::{ending_soon, ending_tier};
use crate::domain::roles::role_ref;
use crate::domain::*;

/// Roles as every JSON output gives them: `{"id": template id, "name": name or null}`.
fn roles_json(ids: &[Text]) -> Value {
    json!(ids.iter().map(|id| role_ref(id)).collect::<Vec<_>>())
}

/// What a relationship's end date says at `now` (days left; "ends within 30 / 7 / 1 days"):
/// derived, never a status, the same in `list` and `show`, and the reason both take `--now`.
fn add_clock_fields(record: &mut Value, r: &Relationship, now: Time) {
    if let Value::Object(fields) = record {
        fields.insert("daysLeft".into(), json!(r.days_left(now)));
        fields.insert("endingSoon".into(), json!(ending_soon(r, now).is_some()));
        let tier = ending_soon(r, now).and_then(ending_tier);
        fields.insert("endsWithinDays".into(), json!(tier));
    }
}

/// A record found by `show`: as the file holds it, where it came from, and whether it is a
/// relationship known only from an import.
struct Shown<'a> {
    record: Value,
    source: Option<&'a Provenance>,
    known_only_from_import: bool,
}

impl<'a> Shown<'a> {
    fn new(
        record: &impl serde::Serialize,
        source: &'a Option<std::sync::Arc<Provenance>>,
    ) -> Shown<'a> {
        Shown {
            record: as_json_value(record),
            source: source.as_deref(),
            known_only_from_import: false,
        }
    }
}

pub fn show(file: &Path, id: &str, as_json: bool, now: Option<&str>) -> Outcome {
    let now = resolve::now(now)?;
    let loaded = resolve::load(file)?;
    let ws = &loaded.workspace;
    let key = Id::new(id.trim());
    // Ids are unique within a kind only: the first kind that has it wins, in this order.
    let found: Option<Shown> = ws
        .customer(&key)
        .map(|c| Shown::new(c, &c.source))
        .or_else(|| {
            ws.partner(&key).map(|p| {
                let mut shown = Shown::new(p, &p.source);
                rename(&mut shown.record, "partnerId", "partnerCenterId");
                shown
            })
        })
        .or_else(|| ws.invitation(&key).map(|i| Shown::new(i, &None)))
        .or_else(|| {
            ws.relationship(&key).map(|r| {
                let mut shown = Shown {
                    known_only_from_import: r.is_known_only_from_import(),
                    ..Shown::new(r, &r.source)
                };
                if let (Some(gdap), Some(Value::Object(shown_gdap))) =
                    (&r.gdap, shown.record.get_mut("gdap"))
                {
                    shown_gdap.insert("roles".into(), roles_json(&gdap.roles));
                }
                add_clock_fields(&mut shown.record, r, now);
                shown
            })
        })
        .or_else(|| ws.subscription(&key).map(|s| Shown::new(s, &s.source)))
        .or_else(|| {
            ws.assignment(&key).map(|a| {
                let mut shown = Shown::new(a, &a.source);
                if let Value::Object(fields) = &mut shown.record {
                    fields.insert("roles".into(), roles_json(&a.roles));
                }
                shown
            })
        });
    let Some(Shown {
        record,
        source,
        known_only_from_import,
    }) = found
    else {
        return Err(Failure {
            code: 1,
            headline: format!("WS1: no record has the id `{id}`"),
            details: vec![],
        });
    };
    if as_json {
        output::json(&record);
    } else if let Value::Object(fields) = record {
        let rows: Vec<Vec<String>> = fields
            .iter()
            .map(|(k, v)| {
                let value = match (k.as_str(), source) {
                    // The provenance as a sentence; `--json` carries the whole digest.
                    ("source", Some(p)) => p.line(&partner_name(ws, &p.imported_by)),
                    _ => v.as_str().map_or_else(|| v.to_string(), str::to_string),
                };
                vec![k.clone(), value]
            })
            .collect();
        output::table(&["FIELD", "VALUE"], &rows, output::Fit::Whole);
        if known_only_from_import {
            outln!("{}", crate::domain::provenance::KNOWN_ONLY_FROM_IMPORT);
        }
    }
    Ok(())
}

/// The file's key `from` under the output convention's name `to` (the file calls the Partner
/// ID `partnerId`; every output calls it `partnerCenterId`).
fn rename(record: &mut Value, from: &str, to: &str) {
    if let Value::Object(fields) = record
        && let Some(value) = fields.remove(from)
    {
        fields.insert(to.into(), value);
    }
}

/// A record as the file holds it (serializing an in-memory record cannot fail).
fn as_json_value(record: &impl serde::Serialize) -> Value {
    serde_json::to_value(record).unwrap_or_default()
}
