//! Where a record came from: the export an import read it from. Imports set it on every record
//! they add or change; every other action keeps it as it is, since it says where the record came
//! from, not who touched it last.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
