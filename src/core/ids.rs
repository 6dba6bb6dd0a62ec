//! Small value types shared by every record: ids and timestamps.
//!
//! Ids are reference-counted strings so that indexes and records can share them without copying.
//! Timestamps wrap `jiff::Timestamp` so the file format (RFC 3339, UTC) and the schema are ours.

use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of a record in a workspace (unique within its kind, rule WS1).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Id(#[schemars(with = "String")] Arc<str>);

impl Id {
    pub fn new(text: impl AsRef<str>) -> Self {
        Id(Arc::from(text.as_ref()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id::new(text)
    }
}

/// A point in time, always written as an RFC 3339 UTC timestamp (rule WS3).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub jiff::Timestamp);

pub const SECONDS_PER_DAY: i64 = 86_400;

impl Time {
    pub fn parse(text: &str) -> Result<Time, String> {
        text.trim()
            .parse::<jiff::Timestamp>()
            .map(Time)
            .map_err(|err| format!("`{text}` is not an RFC 3339 timestamp ({err})"))
    }

    pub fn from_seconds(seconds: i64) -> Time {
        Time(jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    pub fn seconds(self) -> i64 {
        self.0.as_second()
    }

    /// This time moved by whole days (negative goes back); saturates at the representable range.
    pub fn plus_days(self, days: i64) -> Time {
        self.plus_seconds(days.saturating_mul(SECONDS_PER_DAY))
    }

    pub fn plus_seconds(self, seconds: i64) -> Time {
        let span = jiff::SignedDuration::from_secs(seconds);
        Time(self.0.checked_add(span).unwrap_or(if seconds < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        }))
    }

    /// Whole days from `self` until `later` (negative when `later` is earlier), rounded down.
    pub fn days_until(self, later: Time) -> i64 {
        (later.seconds() - self.seconds()).div_euclid(SECONDS_PER_DAY)
    }

    /// The calendar date, `2026-11-24`.
    pub fn date(self) -> String {
        self.0.strftime("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds unless the value carries a fraction, so files stay short and stable.
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Time::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Time {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "An RFC 3339 timestamp, for example 2026-11-24T09:30:00Z."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trips_through_rfc3339() {
        let t = Time::parse("2026-11-24T09:30:00Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-24T09:30:00Z");
        let offset = Time::parse("2026-11-24T10:30:00+01:00").unwrap();
        assert_eq!(offset, t);
    }

    #[test]
    fn a_date_without_time_is_not_a_timestamp() {
        assert!(Time::parse("2026-11-24").is_err());
        assert!(Time::parse("2026-02-30T00:00:00Z").is_err());
    }

    #[test]
    fn days_until_counts_whole_days() {
        let t = Time::parse("2026-11-24T12:00:00Z").unwrap();
        assert_eq!(t.days_until(t.plus_days(30)), 30);
        assert_eq!(t.days_until(t.plus_seconds(-1)), -1);
    }
}
