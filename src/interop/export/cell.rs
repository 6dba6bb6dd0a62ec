//! One value of an export table, typed: JSON gets numbers as numbers, lists as lists, roles as
//! `{"id", "name"}` and `null` for what is absent (its `Serialize`); CSV and Markdown get the
//! same value as text.

use crate::domain::roles::{RoleRef, role_ref};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Flag(bool),
    /// Nothing to say (no end date, a reseller relationship's roles…): `null`, an empty cell.
    Absent,
    /// Words, such as kinds: a JSON array, `, `-separated as text.
    List(Vec<String>),
    /// Roles: `[{"id", "name"}]` in JSON, their names `; `-separated as text.
    Roles(Vec<RoleRef>),
}

impl Cell {
    /// Text, or `Absent` when it is empty (a Partner ID or tenant not known).
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Absent
        } else {
            Cell::Text(text)
        }
    }

    pub fn maybe(text: Option<String>) -> Cell {
        text.map_or(Cell::Absent, Cell::text)
    }

    pub fn roles<'a>(template_ids: impl IntoIterator<Item = &'a str>) -> Cell {
        Cell::Roles(template_ids.into_iter().map(role_ref).collect())
    }

    /// The cell as CSV and Markdown write it.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Flag(b) => b.to_string(),
            Cell::Absent => String::new(),
            Cell::List(items) => items.join(", "),
            Cell::Roles(roles) => roles
                .iter()
                .map(|role| {
                    role.name
                        .clone()
                        .unwrap_or_else(|| format!("unknown role {}", role.id))
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Number(n) => serializer.serialize_i64(*n),
            Cell::Flag(b) => serializer.serialize_bool(*b),
            Cell::Absent => serializer.serialize_unit(),
            Cell::List(items) => items.serialize(serializer),
            Cell::Roles(roles) => roles.serialize(serializer),
        }
    }
}
