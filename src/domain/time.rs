//! Timestamps: `jiff::Timestamp` wrapped so the file format (RFC 3339, UTC) and the schema are
//! the workspace's own, with a fast path for the shape partnerdesk writes.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        // The shape nearly every time has is written digit by digit (a save writes millions).
        match whole_seconds_text(*self) {
            Some(text) => f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?),
            None => write!(f, "{}", self.0),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a time of whole seconds in the years 1000 to 9999, as jiff
/// writes it; `None` for any other (jiff writes those).
fn whole_seconds_text(time: Time) -> Option<[u8; 20]> {
    if time.0.subsec_nanosecond() != 0 {
        return None;
    }
    let seconds = time.seconds();
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let mut text = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, value: i64, digits: usize| {
        let mut value = value;
        for place in (at..at + digits).rev() {
            text[place] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, of_day / 3600, 2);
    put(14, of_day / 60 % 60, 2);
    put(17, of_day % 60, 2);
    Some(text)
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let of_era = z.rem_euclid(146_097);
    let year_of_era = (of_era - of_era / 1_460 + of_era / 36_524 - of_era / 146_096) / 365;
    let day_of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Handed over as a finished text when it is one: a serializer then copies it, rather
        // than taking it piece by piece through `Display` (WS4's walk of every record an
        // import adds only measures it).
        match whole_seconds_text(*self) {
            Some(text) => match std::str::from_utf8(&text) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => serializer.collect_str(self),
            },
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor rather than `Cow<str>` (whose impl always allocates): loading a large
        // workspace reads millions of timestamps straight from the file's bytes.
        struct TimeVisitor;
        impl serde::de::Visitor<'_> for TimeVisitor {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Time, E> {
                match fast_utc(text.as_bytes()) {
                    Some(time) => Ok(time),
                    None => Time::parse(text).map_err(E::custom),
                }
            }
        }
        deserializer.deserialize_str(TimeVisitor)
    }
}

/// The shapes partnerdesk and Graph write, `YYYY-MM-DDTHH:MM:SS[.f…]Z` with up to nine fraction
/// digits, read without the general parser. Anything else (offsets, leap seconds, odd dates)
/// returns `None` for jiff to judge.
fn fast_utc(b: &[u8]) -> Option<Time> {
    if b.len() < 20
        || b.len() > 30
        || b.len() == 21
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[b.len() - 1] != b'Z'
    {
        return None;
    }
    let mut nanos = 0i32;
    if b.len() > 20 {
        if b[19] != b'.' {
            return None;
        }
        let digits = &b[20..b.len() - 1];
        for &c in digits {
            if !c.is_ascii_digit() {
                return None;
            }
            nanos = nanos * 10 + i32::from(c - b'0');
        }
        nanos *= 10i32.pow(9 - digits.len() as u32);
    }
    // The fourteen digits of YYYY-MM-DDTHH:MM:SS, each checked once, in a fixed loop.
    const DIGIT_AT: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    let mut digits = [0i64; 14];
    for (digit, &at) in digits.iter_mut().zip(&DIGIT_AT) {
        let value = b[at].wrapping_sub(b'0');
        if value > 9 {
            return None;
        }
        *digit = i64::from(value);
    }
    let two = |at: usize| digits[at] * 10 + digits[at + 1];
    let (year, month, day) = (two(0) * 100 + two(2), two(4), two(6));
    let (hour, minute, second) = (two(8), two(10), two(12));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > month_days || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    jiff::Timestamp::new(seconds, nanos).ok().map(Time)
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
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn a_time_is_written_as_jiff_writes_it(
            seconds in jiff::Timestamp::MIN.as_second()..=jiff::Timestamp::MAX.as_second(),
            near in -4_000_000_000i64..=4_000_000_000,
            nanos in prop_oneof![Just(0i32), 0..1_000_000_000i32],
        ) {
            for seconds in [seconds, near] {
                let Ok(at) = jiff::Timestamp::new(seconds, nanos) else { continue };
                prop_assert_eq!(Time(at).to_string(), at.to_string());
                // Serialized as the same text, whichever way it is handed to the serializer.
                let json = serde_json::to_string(&Time(at)).unwrap();
                prop_assert_eq!(json, format!("\"{at}\""));
            }
        }
    }

    #[test]
    fn times_at_the_edges_of_years_and_months_are_written_as_jiff_writes_them() {
        for text in [
            "1000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:00:00Z",
            "2026-12-31T23:59:59Z",
            "9999-12-30T21:59:59Z",
            "0999-12-31T23:59:59Z",
            "2026-11-24T09:30:00.5Z",
        ] {
            let at: jiff::Timestamp = text.parse().unwrap();
            assert_eq!(Time(at).to_string(), at.to_string(), "{text}");
        }
    }

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
    fn the_fast_path_agrees_with_jiff() {
        for text in [
            "2026-11-24T09:30:00Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59Z",
            "2024-12-31T12:00:01Z",
            "0001-01-01T00:00:00Z",
            "9999-12-30T21:59:59Z",
            "2100-03-01T00:00:00Z",
            "2026-02-27T12:13:44.584729334Z",
            "2026-02-27T12:13:44.5Z",
            "2026-02-27T12:13:44.0000001Z",
            "1969-12-31T23:59:59.999Z",
        ] {
            assert_eq!(fast_utc(text.as_bytes()), Time::parse(text).ok(), "{text}");
        }
        for odd in [
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:30:60Z",
            "2026-11-24 09:30:00Z",
            "2026-11-24T09:30:00+00:00",
            "2026-11-24T09:30:00.Z",
            "2026-11-24T09:30:00.1234567890Z",
            "2026-11-24T09:30:00,5Z",
            "2026-11-24T09:30:00.5aZ",
        ] {
            assert_eq!(fast_utc(odd.as_bytes()), None, "{odd}");
        }
        let parsed: Time = serde_json::from_str("\"2026-11-24T10:30:00+01:00\"").unwrap();
        assert_eq!(parsed.to_string(), "2026-11-24T09:30:00Z");
        assert!(serde_json::from_str::<Time>("\"2026-02-30T00:00:00Z\"").is_err());
    }

    proptest::proptest! {
        /// On any text of the shape (digits or not where digits go), the fast path says what
        /// jiff says, or leaves it to jiff.
        #[test]
        fn the_fast_path_never_disagrees_with_jiff(
            text in "[0-9a/]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z"
        ) {
            let general = Time::parse(&text).ok();
            match fast_utc(text.as_bytes()) {
                Some(fast) => proptest::prop_assert_eq!(Some(fast), general),
                // Only leap seconds are left to jiff among texts it accepts.
                None => proptest::prop_assert!(general.is_none() || text[17..19] == *"60"),
            }
        }
    }

    #[test]
    fn days_until_counts_whole_days() {
        let t = Time::parse("2026-11-24T12:00:00Z").unwrap();
        assert_eq!(t.days_until(t.plus_days(30)), 30);
        assert_eq!(t.days_until(t.plus_seconds(-1)), -1);
    }
}
