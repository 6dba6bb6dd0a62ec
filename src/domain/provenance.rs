//! Where a record came from: the export an import read it from. Imports set it on every record
//! they add or change; every other action keeps it as it is, since it says where the record came
//! from, not who touched it last.

use std::hash::BuildHasher;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::time::Time;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// The export file an import read a record from, that file's digest, the importing partner and
/// when. Texts are shared: every record read from one file holds the same file name and digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provenance {
    /// The export file as the user named it (`(stdin)` for standard input).
    pub file: Text,
    /// SHA-256 of the file's bytes, 64 lower-case hex digits.
    pub sha256: Text,
    /// The partner whose exports these are (the import is done as that partner).
    pub imported_by: Id,
    /// When the import ran.
    pub imported_at: Time,
}

/// The name under which a record's provenance is handed to a serializer (a newtype, which
/// serde_json and every other serializer write as what it holds): a serializer that knows it
/// may write the text it rendered for the same provenance before, since every record read
/// from one file shares one (`workspace::pretty_json`).
pub const SHARED_VALUE: &str = "$partnerdesk::SharedValue";

/// A record's `source` written as `SHARED_VALUE` around the provenance it shares.
pub fn write_shared<S: serde::Serializer>(
    source: &Option<Arc<Provenance>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match source {
        Some(shared) => serializer.serialize_newtype_struct(SHARED_VALUE, &**shared),
        None => serializer.serialize_none(),
    }
}

/// How many hex digits of a digest a line of text shows (the JSON carries all of them).
pub const SHORT_DIGEST: usize = 12;

impl Provenance {
    /// The first `SHORT_DIGEST` hex digits of the file's digest.
    pub fn short_digest(&self) -> &str {
        let end = self
            .sha256
            .char_indices()
            .nth(SHORT_DIGEST)
            .map_or(self.sha256.len(), |(at, _)| at);
        &self.sha256[..end]
    }

    /// "imported from FILE (sha256 abcdef012345…) by PARTNER on DATE", naming the partner as
    /// `partner_name` gives it. Untrusted text (the file name) is left for the caller to make inert.
    pub fn line(&self, partner_name: &str) -> String {
        let (from, rest) = self.line_parts(partner_name);
        format!("{from} {rest}")
    }

    /// `line` in two: "imported from FILE" and "(sha256 abcdef012345…) by PARTNER on DATE", for a
    /// narrow view where a long file name would hide the rest.
    pub fn line_parts(&self, partner_name: &str) -> (String, String) {
        (
            format!("imported from {}", self.file),
            format!(
                "(sha256 {}…) by {} on {}",
                self.short_digest(),
                partner_name,
                self.imported_at.date()
            ),
        )
    }
}

/// What a relationship known only from an import says of itself: no invitation in this
/// workspace made it, so its start is what the export says.
pub const KNOWN_ONLY_FROM_IMPORT: &str =
    "known only from an import: no invitation in this workspace";

/// A provenance as a file writes it, its texts borrowed from the file where they can be. (Its
/// own module, so that its name in an error is the record's: "expected struct Provenance".)
mod written {
    use std::borrow::Cow;

    use serde::Deserialize;

    use crate::domain::time::Time;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct Provenance<'a> {
        #[serde(borrow)]
        pub file: Cow<'a, str>,
        #[serde(borrow)]
        pub sha256: Cow<'a, str>,
        #[serde(borrow)]
        pub imported_by: Cow<'a, str>,
        pub imported_at: Time,
    }

    impl Provenance<'_> {
        pub fn is(&self, p: &super::Provenance) -> bool {
            *self.file == *p.file
                && *self.sha256 == *p.sha256
                && *self.imported_by == *p.imported_by.as_str()
                && self.imported_at == p.imported_at
        }
    }
}

/// A record's `source` as read from a file: every record that names the same provenance (all
/// those an import read from one file) shares one, found by what it says, so a file of many
/// records makes a few provenances, not one each (`tables::shared`, a table per thread).
pub fn read_shared<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Arc<Provenance>>, D::Error> {
    let Some(written) = Option::<written::Provenance<'de>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let hash = foldhash::fast::FixedState::with_seed(0x9e0).hash_one((
        &*written.file,
        &*written.sha256,
        &*written.imported_by,
        written.imported_at,
    ));
    Ok(Some(crate::tables::shared::shared(
        hash,
        |p| written.is(p),
        || Provenance {
            file: Text::new(&written.file),
            sha256: Text::new(&written.sha256),
            imported_by: Id::new(&written.imported_by),
            imported_at: written.imported_at,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance(sha256: &str) -> Provenance {
        Provenance {
            file: "graph/delegatedAdminRelationships.page1.json".into(),
            sha256: sha256.into(),
            imported_by: Id::new("tidewater"),
            imported_at: Time::parse("2026-11-24T10:00:00Z").unwrap(),
        }
    }

    #[test]
    fn a_provenance_line_names_file_short_digest_partner_and_date() {
        let p = provenance(&"ab".repeat(32));
        assert_eq!(p.short_digest(), "abababababab");
        assert_eq!(
            p.line("Tidewater Cloud Services"),
            "imported from graph/delegatedAdminRelationships.page1.json (sha256 abababababab…) by Tidewater Cloud Services on 2026-11-24"
        );
    }

    #[test]
    fn a_short_digest_never_cuts_past_the_end() {
        assert_eq!(provenance("abc").short_digest(), "abc");
        assert_eq!(provenance("").short_digest(), "");
    }
}

#[cfg(test)]
mod shared_tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "read_shared")]
        source: Option<Arc<Provenance>>,
    }

    fn read(text: &str) -> Result<Option<Arc<Provenance>>, String> {
        serde_json::from_str::<Holder>(text)
            .map(|h| h.source)
            .map_err(|e| e.to_string())
    }

    const ONE: &str = r#"{"source": {"file": "pages/p1.json", "sha256": "ab", "importedBy": "tidewater", "importedAt": "2026-12-05T10:00:00Z"}}"#;

    #[test]
    fn records_naming_the_same_provenance_share_one_equal_to_what_they_say() {
        let (a, b) = (read(ONE).unwrap().unwrap(), read(ONE).unwrap().unwrap());
        assert!(Arc::ptr_eq(&a, &b));
        let plain: Provenance = serde_json::from_str(&ONE[11..ONE.len() - 1]).unwrap();
        assert_eq!(*a, plain);
        let other = read(&ONE.replace("p1.json", "p2.json")).unwrap().unwrap();
        assert_eq!(&*other.file, "pages/p2.json");
        assert!(!Arc::ptr_eq(&a, &other));
        let escaped = read(&ONE.replace("p1.json", r"p\u0031.json"))
            .unwrap()
            .unwrap();
        assert!(
            Arc::ptr_eq(&a, &escaped),
            "an escaped text reads as what it says"
        );
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert_eq!(read(r#"{"source": null}"#).unwrap(), None);
    }

    #[test]
    fn a_malformed_provenance_is_refused_as_a_plain_read_refuses_it() {
        let plain = |text: &str| {
            serde_json::from_str::<Option<Provenance>>(text)
                .unwrap_err()
                .to_string()
        };
        for bad in [
            r#"{"file": "p.json", "importedBy": "t", "importedAt": "2026-12-05T10:00:00Z"}"#,
            r#"{"file": "p.json", "sha256": "ab", "importedBy": "t", "importedAt": "2026-12-05T10:00:00Z", "extra": 1}"#,
            r#"{"file": 3, "sha256": "ab", "importedBy": "t", "importedAt": "2026-12-05T10:00:00Z"}"#,
            r#"{"file": "p.json", "sha256": "ab", "importedBy": "t", "importedAt": "yesterday"}"#,
            r#""p.json""#,
        ] {
            let shared = read(&format!(r#"{{"source": {bad}}}"#)).unwrap_err();
            let expected = plain(bad);
            let (shared, expected) = (
                shared.split(" at line").next().unwrap_or_default(),
                expected.split(" at line").next().unwrap_or_default(),
            );
            assert_eq!(shared, expected, "{bad}");
        }
    }
}
