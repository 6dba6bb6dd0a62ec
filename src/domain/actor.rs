//! Who acts: the operator, a partner or a customer. Written `operator`, `partner:ID` or
//! `customer:ID` in files, on the command line and in the audit trail.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::tables::id::Id;

/// Who performs an action. Written `operator`, `partner:ID` or `customer:ID`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    /// Maintains master data; never accepts, declines, revokes or invites for anyone.
    Operator,
    Partner(Id),
    Customer(Id),
}

impl Actor {
    pub fn parse(text: &str) -> Result<Actor, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("operator") {
            return Ok(Actor::Operator);
        }
        let (kind, id) = text.split_once(':').ok_or_else(|| {
            format!("`{text}` is not an actor: write operator, partner:ID or customer:ID")
        })?;
        if id.trim().is_empty() {
            return Err(format!("`{text}` names no id after `{kind}:`"));
        }
        match kind.trim().to_ascii_lowercase().as_str() {
            "partner" => Ok(Actor::Partner(Id::new(id.trim()))),
            "customer" => Ok(Actor::Customer(Id::new(id.trim()))),
            other => Err(format!(
                "`{other}` is not a kind of actor: write operator, partner:ID or customer:ID"
            )),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Operator => f.write_str("operator"),
            Actor::Partner(id) => write!(f, "partner:{id}"),
            Actor::Customer(id) => write!(f, "customer:{id}"),
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Actor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Actor::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Actor {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Actor".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(operator|partner:.+|customer:.+)$",
            "description": "operator, partner:ID or customer:ID"
        })
    }
}
