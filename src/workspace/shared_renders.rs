//! The text a save rendered for a value many records share (a provenance: every record read
//! from one export file holds the same one), kept to be copied the next time a record names
//! it rather than rendered again: a fifth of rendering an imported workspace.

use std::collections::HashMap;

/// At most this many texts are kept (a few hundred bytes each); past it, values are rendered
/// each time, as without the cache.
const MOST: usize = 1 << 16;

/// Rendered texts by the address of the value and the depth it was rendered at. An address
/// names one value only while that value lives: a cache serves the rendering of values that
/// are all borrowed for as long as it is used (one array of a workspace being saved).
#[derive(Default)]
pub struct SharedRenders {
    at: HashMap<(usize, usize), Rendered, foldhash::fast::RandomState>,
    text: Vec<u8>,
}

/// Where a value's text is in `SharedRenders::text`, and the serializer's `has_value` as the
/// rendering left it.
#[derive(Clone, Copy)]
pub struct Rendered {
    start: usize,
    end: usize,
    pub has_value: bool,
}

impl SharedRenders {
    /// The text the value at `address` had at `depth`, with how its rendering ended.
    pub fn get(&self, address: usize, depth: usize) -> Option<(&[u8], Rendered)> {
        let rendered = *self.at.get(&(address, depth))?;
        Some((self.text.get(rendered.start..rendered.end)?, rendered))
    }

    /// Keeps `text`, the value at `address` rendered at `depth`.
    pub fn keep(&mut self, address: usize, depth: usize, text: &[u8], has_value: bool) {
        if self.at.len() >= MOST {
            return;
        }
        let start = self.text.len();
        self.text.extend_from_slice(text);
        let end = self.text.len();
        self.at.insert(
            (address, depth),
            Rendered {
                start,
                end,
                has_value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde::Serialize;

    use super::SharedRenders;
    use crate::domain::provenance::Provenance;
    use crate::domain::time::Time;
    use crate::tables::id::Id;
    use crate::workspace::pretty_json::render_sharing;
    use crate::workspace::pretty_json_tests::serde_at;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Record {
        n: usize,
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "crate::domain::provenance::write_shared"
        )]
        source: Option<Arc<Provenance>>,
        after: Vec<u8>,
    }

    fn provenance(file: &str) -> Arc<Provenance> {
        Arc::new(Provenance {
            file: format!("exports/{file}\n\"quoted\"").into(),
            sha256: "0123456789abcdef".repeat(4).into(),
            imported_by: Id::new("tidewater"),
            imported_at: Time::parse("2026-11-24T10:00:00Z").unwrap(),
        })
    }

    #[test]
    fn records_sharing_provenances_are_written_as_serde_writes_each_whatever_the_depth() {
        let files = [
            provenance("a.json"),
            provenance("b.json"),
            provenance("a.json"),
        ];
        let records: Vec<Record> = (0..40)
            .map(|n| Record {
                n,
                source: (n % 5 != 0).then(|| files[n % 3].clone()),
                after: vec![1, 2],
            })
            .collect();
        let mut shared = SharedRenders::default();
        for depth in [2, 0, 5, 2] {
            for record in &records {
                let mut ours = Vec::new();
                render_sharing(&mut ours, record, depth, &mut shared).unwrap();
                assert_eq!(String::from_utf8(ours).unwrap(), serde_at(record, depth));
            }
        }
        // One text per provenance (equal ones apart) and depth, each rendered once.
        assert_eq!(shared.at.len(), 3 * 3);
    }

    #[test]
    fn past_its_limit_the_cache_keeps_nothing_more_and_values_are_still_rendered() {
        let mut shared = SharedRenders::default();
        for address in 0..super::MOST + 10 {
            shared.keep(address, 2, b"{}", true);
        }
        assert_eq!(shared.at.len(), super::MOST);
        assert!(shared.get(super::MOST + 1, 2).is_none());
        assert_eq!(shared.get(7, 2).map(|(text, _)| text), Some(&b"{}"[..]));
        assert!(shared.get(7, 3).is_none(), "another depth is another text");
    }
}
