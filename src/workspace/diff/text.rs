//! A workspace as lines for git's `textconv` (`partnerdesk diff --textconv FILE`): each record
//! under its name, each field on its own line ("  auto-extend: on"), so `git log -p` and any
//! line diff show a change as the field line that changed, under the record it belongs to.

use serde::Serialize;
use serde_json::Value;

use super::RecordKind;
use super::words::{Names, field_line};
use crate::workspace::Workspace;

/// The whole workspace as text, kinds in the diff's order, records in id order.
pub fn as_text(ws: &Workspace) -> String {
    let names = Names { old: ws, new: ws };
    let mut out = String::new();
    out.push_str(&format!(
        "workspace {}\n",
        crate::display::inert(&ws.meta().name)
    ));
    section(&mut out, &names, RecordKind::Partner, ws.partners(), |r| {
        &r.id
    });
    section(
        &mut out,
        &names,
        RecordKind::Customer,
        ws.customers(),
        |r| &r.id,
    );
    section(
        &mut out,
        &names,
        RecordKind::Subscription,
        ws.subscriptions(),
        |r| &r.id,
    );
    section(
        &mut out,
        &names,
        RecordKind::Invitation,
        ws.invitations(),
        |r| &r.id,
    );
    section(
        &mut out,
        &names,
        RecordKind::Relationship,
        ws.relationships(),
        |r| &r.id,
    );
    section(
        &mut out,
        &names,
        RecordKind::Assignment,
        ws.assignments(),
        |r| &r.id,
    );
    out.push_str("\naudit\n");
    for entry in ws.audit() {
        out.push_str(&format!(
            "  #{} {} {}: {}\n",
            entry.seq,
            entry.at,
            entry.actor,
            crate::display::inert(&entry.summary)
        ));
    }
    // Recorded merge conflicts, so `git log -p` shows one appear and go with its answer.
    if ws.conflicts().len() > 0 {
        out.push_str(
            "
merge conflicts\n",
        );
        for c in ws.conflicts() {
            let side = |v: Option<&Value>| v.map_or_else(|| "—".to_string(), Value::to_string);
            let said = match &c.rule {
                Some(_) => c.message.clone(),
                None => format!(
                    "ours {}, theirs {}",
                    side(c.ours.as_ref()),
                    side(c.theirs.as_ref())
                ),
            };
            out.push_str(&format!(
                "  {}: {}\n",
                crate::display::inert(&c.id),
                crate::display::inert(&said)
            ));
        }
    }
    out
}

fn section<'a, R: Serialize + 'a>(
    out: &mut String,
    names: &Names,
    kind: RecordKind,
    records: impl Iterator<Item = &'a R>,
    id_of: impl Fn(&R) -> &crate::domain::Id,
) {
    for record in records {
        let id = id_of(record);
        out.push_str(&format!("\n{} [{id}]\n", names.label(kind, id)));
        if let Ok(Value::Object(fields)) = serde_json::to_value(record) {
            lines(out, "", &fields);
        }
    }
}

fn lines(out: &mut String, prefix: &str, fields: &serde_json::Map<String, Value>) {
    for (key, value) in fields {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => lines(out, &path, inner),
            _ if path == "id" => {}
            _ => {
                out.push_str("  ");
                out.push_str(&field_line(&path, value));
                out.push('\n');
            }
        }
    }
}
