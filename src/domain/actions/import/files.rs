//! The files an import names and their digests, and the provenance each gives the records
//! read from it.

use std::sync::Arc;

use super::common::Keys;
use crate::domain::provenance::Provenance;
use crate::domain::time::Time;
use crate::tables::id::Id;

/// The files an import names (as the user named them) and their SHA-256 digests, in the same
/// order: a record's `source` index points into them.
pub struct Files<'a> {
    pub sources: &'a [String],
    pub digests: &'a [String],
}

impl Files<'_> {
    /// The provenance of each source, made once: records share its texts.
    pub(super) fn provenance(&self, importer: &Id, now: Time) -> Vec<Option<Arc<Provenance>>> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let digest = self.digests.get(i).filter(|d| !d.is_empty())?;
                Some(Arc::new(Provenance {
                    file: name.as_str().into(),
                    sha256: digest.as_str().into(),
                    imported_by: importer.clone(),
                    imported_at: now,
                }))
            })
            .collect()
    }

    /// The same files with `digests`.
    pub(super) fn with<'d>(&self, digests: &'d [String]) -> Files<'d>
    where
        Self: 'd,
    {
        Files {
            sources: self.sources,
            digests,
        }
    }

    /// `digests`, when they were just completed, in the provenance `keys` gives the records
    /// put from then on; and given back.
    pub(super) fn complete<B>(
        &self,
        keys: &mut Keys<'_, B>,
        digests: Option<Vec<String>>,
        importer: &Id,
        now: Time,
    ) -> Option<Vec<String>> {
        let digests = digests?;
        keys.files = self.with(&digests).provenance(importer, now);
        Some(digests)
    }
}
