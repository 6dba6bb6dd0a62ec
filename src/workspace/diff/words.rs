//! The diff in words: each record named as a person names it ("Contoso Ltd: GDAP 'Helpdesk'
//! (Relecloud)"), each change said in a line ("auto-extend off → on", "roles added: Security
//! Reader"). Names are looked up on the side that has the record (the new one first).

use serde_json::Value;

use super::fields::FieldChange;
use super::{Difference, RecordChange, RecordKind};
use crate::display::inert;
use crate::domain::Id;
use crate::domain::roles::role_name;
use crate::workspace::Workspace;

/// Longest value said in a sentence before it is cut with "…".
const SHOWN_CHARS: usize = 60;

pub struct Names<'a> {
    pub old: &'a Workspace,
    pub new: &'a Workspace,
}

impl Names<'_> {
    pub fn describe(&self, kind: RecordKind, id: Id, change: RecordChange) -> Difference {
        let label = self.label(kind, &id);
        let sentences = match &change {
            RecordChange::Added { record } => vec![added(kind, record)],
            RecordChange::Removed { .. } => vec!["removed".to_string()],
            RecordChange::Changed { fields } => fields.iter().map(field_sentence).collect(),
        };
        Difference {
            kind,
            id,
            label,
            change,
            sentences,
        }
    }

    fn customer(&self, id: &Id) -> String {
        self.new
            .customer(id)
            .or_else(|| self.old.customer(id))
            .map_or_else(|| id.to_string(), |c| inert(&c.display_name).into_owned())
    }

    fn partner(&self, id: &Id) -> String {
        self.new
            .partner(id)
            .or_else(|| self.old.partner(id))
            .map_or_else(|| id.to_string(), |p| inert(&p.display_name).into_owned())
    }

    fn relationship(&self, id: &Id) -> String {
        let Some(r) = self
            .new
            .relationship(id)
            .or_else(|| self.old.relationship(id))
        else {
            return id.to_string();
        };
        let customer = self.customer(&r.customer_id);
        let partner = self.partner(&r.partner_id);
        match &r.gdap {
            Some(g) => format!("{customer}: GDAP '{}' ({partner})", inert(&g.display_name)),
            None => format!("{customer}: {} with {partner}", r.kind.label()),
        }
    }

    pub fn label(&self, kind: RecordKind, id: &Id) -> String {
        let (old, new) = (self.old, self.new);
        match kind {
            RecordKind::Partner => format!("partner {}", self.partner(id)),
            RecordKind::Customer => format!("customer {}", self.customer(id)),
            RecordKind::Relationship => self.relationship(id),
            RecordKind::Subscription => match new.subscription(id).or_else(|| old.subscription(id))
            {
                Some(s) => format!(
                    "{}: subscription {} ({})",
                    self.customer(&s.customer_id),
                    inert(&s.offer_name),
                    self.partner(&s.partner_of_record)
                ),
                None => id.to_string(),
            },
            RecordKind::Invitation => match new.invitation(id).or_else(|| old.invitation(id)) {
                Some(i) => format!(
                    "{}: {} invitation from {}",
                    self.customer(&i.customer_id),
                    i.kind.label(),
                    self.partner(&i.partner_id)
                ),
                None => id.to_string(),
            },
            RecordKind::Assignment => match new.assignment(id).or_else(|| old.assignment(id)) {
                Some(a) => {
                    let group = a
                        .security_group_name
                        .as_deref()
                        .unwrap_or(&a.security_group_id);
                    format!(
                        "{} access for group '{}'",
                        self.relationship(&a.relationship_id),
                        inert(group)
                    )
                }
                None => id.to_string(),
            },
        }
    }
}

/// A record that appeared: what it is now.
fn added(kind: RecordKind, record: &Value) -> String {
    let status = record.get("status").and_then(Value::as_str);
    match (kind, status) {
        (RecordKind::Partner | RecordKind::Customer, _) => "new".to_string(),
        (_, Some(status)) => format!("new, {status}"),
        _ => "new".to_string(),
    }
}

/// One changed field in words.
fn field_sentence(change: &FieldChange) -> String {
    let (old, new) = (change.old.as_ref(), change.new.as_ref());
    match change.path.as_str() {
        "gdap.autoExtendDuration" => {
            format!("auto-extend {} → {}", auto_extend(old), auto_extend(new))
        }
        "gdap.roles" | "roles" => roles(old, new),
        "gdap.displayName" | "displayName" => {
            format!("renamed {} → {}", quoted(old), quoted(new))
        }
        "history" => {
            let count = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len);
            let (a, b) = (count(old), count(new));
            if b >= a {
                format!("status history: {} more", b - a)
            } else {
                format!("status history: {} fewer", a - b)
            }
        }
        path => {
            let words = path_words(path);
            match (old, new) {
                (None, Some(v)) => format!("{words} set to {}", shown(v)),
                (Some(v), None) => format!("{words} cleared (was {})", shown(v)),
                (Some(a), Some(b)) => format!("{words} {} → {}", shown(a), shown(b)),
                (None, None) => words,
            }
        }
    }
}

fn auto_extend(value: Option<&Value>) -> &'static str {
    match value.and_then(Value::as_str) {
        Some("PT0S") | None => "off",
        Some(_) => "on",
    }
}

/// Roles added and removed, by name.
fn roles(old: Option<&Value>, new: Option<&Value>) -> String {
    let list = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (list(old), list(new));
    let names = |ids: Vec<&String>| {
        ids.into_iter()
            .map(|id| inert(&role_name(id)).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let gained: Vec<&String> = b.iter().filter(|r| !a.contains(r)).collect();
    let lost: Vec<&String> = a.iter().filter(|r| !b.contains(r)).collect();
    match (gained.is_empty(), lost.is_empty()) {
        (false, true) => format!("roles added: {}", names(gained)),
        (true, false) => format!("roles removed: {}", names(lost)),
        (false, false) => format!("roles added: {}; removed: {}", names(gained), names(lost)),
        (true, true) => "roles reordered".to_string(),
    }
}

/// `endDateTime` → "end date time"; `gdap.duration` → "duration".
fn path_words(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let mut out = String::new();
    for ch in last.chars() {
        if ch.is_ascii_uppercase() {
            out.push(' ');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

fn quoted(value: Option<&Value>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("'{}'", plain(v)))
}

fn shown(value: &Value) -> String {
    plain(value)
}

/// A value as text: strings unquoted and made inert, anything else as compact JSON; cut.
fn plain(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = inert(&text).into_owned();
    if text.chars().count() > SHOWN_CHARS {
        let cut: String = text.chars().take(SHOWN_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// One field as a line of the textconv view: "auto-extend: on", "roles: Helpdesk
/// Administrator, Directory Readers", "end date time: 2026-12-16T…".
pub fn field_line(path: &str, value: &Value) -> String {
    match path {
        "gdap.autoExtendDuration" => format!("auto-extend: {}", auto_extend(Some(value))),
        "gdap.roles" | "roles" => {
            let names: Vec<String> = value
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|id| inert(&role_name(id)).into_owned())
                        .collect()
                })
                .unwrap_or_default();
            format!("roles: {}", names.join(", "))
        }
        _ => {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{}: {}", path_words(path), inert(&text))
        }
    }
}
