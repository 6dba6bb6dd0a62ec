//! ISO 8601 durations as GDAP uses them: a relationship's `duration` (`P730D`, `P2Y`) and its
//! `autoExtendDuration` (`P180D`, or `PT0S`/`P0D` for off).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// GD1: a GDAP relationship lasts between one day and two years.
pub const MAX_GDAP_DAYS: u32 = 730;
/// GD2: the only auto-extension Microsoft offers.
pub const AUTO_EXTEND_DAYS: u32 = 180;

/// A whole number of days, written `P{n}D`. `P{n}Y` (365 days a year) and `P{n}W` are read too.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DurationDays(pub u32);

impl DurationDays {
    pub fn parse(text: &str) -> Result<DurationDays, String> {
        parse_days(text).map(DurationDays)
    }
}

/// Reads the day-based ISO 8601 durations Graph and Partner Center use.
pub fn parse_days(text: &str) -> Result<u32, String> {
    let bad = || {
        format!("`{text}` is not an ISO 8601 duration in days, weeks or years (P730D, P2Y, PT0S)")
    };
    let upper = text.trim().to_ascii_uppercase();
    if upper == "PT0S" || upper == "PT0H" || upper == "PT0M" {
        return Ok(0);
    }
    let body = upper.strip_prefix('P').ok_or_else(bad)?;
    if body.is_empty() {
        return Err(bad());
    }
    let mut days: u64 = 0;
    let mut number = String::new();
    for ch in body.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let value: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        let factor = match ch {
            'Y' => 365,
            'W' => 7,
            'D' => 1,
            _ => return Err(bad()),
        };
        days = days.saturating_add(value.saturating_mul(factor));
    }
    if !number.is_empty() {
        return Err(bad());
    }
    u32::try_from(days).map_err(|_| bad())
}

impl fmt::Display for DurationDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}D", self.0)
    }
}

impl fmt::Debug for DurationDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for DurationDays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DurationDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        DurationDays::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for DurationDays {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoDuration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^P(\\d+[YWD])+$|^PT0S$",
            "description": "An ISO 8601 duration in days (P730D); P2Y is read as 730 days."
        })
    }
}

/// GD2: auto-extension is either off or exactly 180 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum AutoExtend {
    #[default]
    Off,
    P180D,
}

impl AutoExtend {
    pub fn is_on(self) -> bool {
        self == AutoExtend::P180D
    }
    pub fn from_flag(on: bool) -> AutoExtend {
        if on {
            AutoExtend::P180D
        } else {
            AutoExtend::Off
        }
    }
}

impl fmt::Display for AutoExtend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AutoExtend::Off => "PT0S",
            AutoExtend::P180D => "P180D",
        })
    }
}

impl Serialize for AutoExtend {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AutoExtend {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        match parse_days(&text).map_err(serde::de::Error::custom)? {
            0 => Ok(AutoExtend::Off),
            AUTO_EXTEND_DAYS => Ok(AutoExtend::P180D),
            other => Err(serde::de::Error::custom(format!(
                "GD2: auto-extend is P180D or off (PT0S), not {other} days"
            ))),
        }
    }
}

impl JsonSchema for AutoExtend {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AutoExtendDuration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["PT0S", "P0D", "P180D"],
            "description": "GD2: P180D, or PT0S/P0D for off."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_weeks_and_days_read_as_days() {
        assert_eq!(parse_days("P730D"), Ok(730));
        assert_eq!(parse_days("P2Y"), Ok(730));
        assert_eq!(parse_days("p1w"), Ok(7));
        assert_eq!(parse_days("PT0S"), Ok(0));
        assert_eq!(parse_days("P1Y30D"), Ok(395));
    }

    #[test]
    fn malformed_durations_are_refused() {
        for text in ["", "P", "730D", "P7X", "PD", "P99999999999999999999D"] {
            assert!(parse_days(text).is_err(), "{text} should be refused");
        }
    }
}
