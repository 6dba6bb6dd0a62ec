//! Interoperation with the real APIs, pure (no files, no terminal, no network): exports from
//! Partner Center and Microsoft Graph in (`recognise`, `partner_center`, `graph`, `merge` → an
//! `Action::Import` payload), and out: the mapping tables (`export`) and the Graph requests and
//! links that make a plan real (`emit`). The CLI and the TUI read files and call these.

pub mod complete;
#[cfg(test)]
mod completing_tests;
pub mod digests;
pub mod emit;
pub mod export;
mod gathered;
pub mod graph;
#[cfg(test)]
mod import_ids_tests;
#[cfg(test)]
mod import_tests;
pub mod importing;
mod links;
#[cfg(test)]
mod look_ahead_tests;
pub mod merge;
#[cfg(test)]
mod nothing_changes_tests;
mod one_pass;
mod page;
pub mod partner_center;
mod reader;
pub mod recognise;
#[cfg(test)]
mod reseller_dap_tests;
mod shape;
#[cfg(test)]
mod side_by_side_tests;
mod spare;
mod streaming;
pub mod summary;

use serde::Serialize;
use serde_json::Value;

use crate::domain::Id;
use crate::domain::imported::{ImportRecords, LeftOut};
use crate::domain::records::BillingModel;
use crate::workspace::Workspace;
pub use digests::{Digesting, ReadAs};
pub use gathered::Gathered;
use links::Listed;
pub use reader::{FormatError, Item, Reader};
pub use recognise::Kind;
use shape::{Shape, item_path};
pub use spare::page_buffer;
pub use streaming::{Clock, DigestingSource, NoClock, Read, SourcePage, gather_streaming};

/// One export as read: the name the user gave it and its bytes.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What one file was recognised as, and its digest (the provenance of what it brings).
#[derive(Clone, Debug, Serialize)]
pub struct SourceSummary {
    pub file: String,
    pub kind: Kind,
    pub items: usize,
    /// SHA-256 of the file's bytes, lower-case hex (empty while `digest_later`).
    pub sha256: String,
    /// The bytes in short when the digest is left for later (`digests::complete`).
    #[serde(skip)]
    pub digest_later: Option<ReadAs>,
}

/// SHA-256 of `bytes`, 64 lower-case hex digits: how a record's provenance names its file's
/// content (unlike the store's fingerprint, it is the digest anyone can recompute).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

/// Everything an import needs from the exports: the records for the core, what was left out
/// while reading (unknown statuses, missing customer links…), and what each file was.
#[derive(Clone, Debug)]
pub struct Plan {
    pub records: ImportRecords,
    pub left_out: Vec<LeftOut>,
    pub sources: Vec<SourceSummary>,
    /// Records met more than once (across pages or files) and merged into one.
    pub repeated: usize,
}

impl Plan {
    /// The billing model the exports imply for the importing partner (for creating it).
    pub fn billing_model(&self) -> BillingModel {
        use crate::domain::imported::PartnerLink;
        match self.records.partners.first().map(|p| p.link) {
            Some(PartnerLink::ProviderOfImporter) => BillingModel::IndirectReseller,
            Some(PartnerLink::ResellerOfImporter) => BillingModel::IndirectProvider,
            None => BillingModel::DirectBill,
        }
    }
}

fn parse_json(file: &str, bytes: &[u8]) -> Result<Value, FormatError> {
    // `message` is shown; `source` is the JSON error beneath it, if any.
    let error = |message: String, source| FormatError {
        file: file.to_string(),
        path: String::new(),
        message,
        source,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(error("the file is empty".into(), None));
    }
    serde_json::from_slice(bytes).map_err(|err| {
        let why = err.to_string();
        let why = why
            .rfind(" at line ")
            .map_or(why.clone(), |cut| why[..cut].to_string());
        let message = format!(
            "not valid JSON at line {}, column {}: {why}",
            err.line(),
            err.column().max(1)
        );
        error(message, Some(err))
    })
}

/// Reads one export, the import's source number `index`, into `out`, recognising its kind from
/// its content; every record read keeps that index. A listing page's items are read in one pass
/// into their shapes; a listing that does not read cleanly that way is read again item by item
/// (which says where and why if something is wrong), and a page of another shape as a tree.
pub fn read_source(
    source: &Source,
    index: usize,
    relationship: Option<&str>,
    digesting: Digesting,
    out: &mut Gathered,
) -> Result<SourceSummary, FormatError> {
    let bytes = source
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&source.bytes);
    let mark = out.mark();
    let reader = Reader { file: &source.name };
    let items = match one_pass::read_listing(bytes, &reader, relationship, out) {
        Some(read) => read,
        None => {
            // What the one pass gathered goes: the slower reading says what is wrong, if anything.
            out.truncate(mark);
            read_slowly(&reader, bytes, relationship, out)?
        }
    };
    out.read_from(mark, index);
    Ok(SourceSummary {
        file: source.name.clone(),
        kind: items.0,
        items: items.1,
        sha256: match digesting {
            Digesting::AsRead => sha256_hex(&source.bytes),
            Digesting::Later => String::new(),
        },
        digest_later: (digesting == Digesting::Later).then(|| ReadAs::of(&source.bytes)),
    })
}

/// A page read item by item: a listing's items found as text, each then read into its shape,
/// else the page as a tree.
fn read_slowly(
    reader: &Reader<'_>,
    bytes: &[u8],
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Result<(Kind, usize), FormatError> {
    match page::listing(bytes).and_then(|l| Some((l.kind()?, l))) {
        Some((kind, listing)) => {
            let items = listing.items.iter().map(|item| Item::Text(item));
            read_items(
                reader,
                kind,
                listing.field,
                &listing.rest,
                items,
                relationship,
                out,
            )
        }
        None => read_tree(reader, bytes, relationship, out),
    }
}

/// A page read as a tree: a bare array of items, a single item, or what is wrong with it.
fn read_tree(
    reader: &Reader<'_>,
    bytes: &[u8],
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Result<(Kind, usize), FormatError> {
    let doc = parse_json(reader.file, bytes)?;
    let (kind, where_items) = recognise::recognise(&doc).map_err(|why| reader.error("", &why))?;
    let (prefix, items): (&str, Vec<&Value>) = match where_items {
        recognise::Items::Field(field) => (
            field,
            doc.get(field)
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        ),
        recognise::Items::TopArray => (
            "",
            doc.as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        ),
        // A single item names itself: errors in it have no index.
        recognise::Items::Single => {
            let listed = Listed::of(&doc, relationship);
            read_item(reader, kind, "", (&doc).into(), &listed, out)?;
            return Ok((kind, 1));
        }
    };
    let items = items.into_iter().map(Item::Parsed);
    read_items(reader, kind, prefix, &doc, items, relationship, out)
}

/// Reads the items of one listing (`page` is the listing itself, for what it says of all its
/// items: the customer of a subscription listing, the relationship of an assignment listing).
fn read_items<'a>(
    reader: &Reader<'_>,
    kind: Kind,
    prefix: &str,
    page: &Value,
    items: impl ExactSizeIterator<Item = Item<'a>>,
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Result<(Kind, usize), FormatError> {
    let count = items.len();
    let listed = Listed::of(page, relationship);
    // Each item's path (`items[12]`), written into one buffer: an error names it.
    let mut at = String::with_capacity(prefix.len() + 8);
    for (index, item) in items.enumerate() {
        item_path(&mut at, prefix, index);
        read_item(reader, kind, &at, item, &listed, out)?;
    }
    Ok((kind, count))
}

fn read_item(
    reader: &Reader<'_>,
    kind: Kind,
    at: &str,
    item: Item<'_>,
    listed: &Listed,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    fn read<T: Shape>(
        reader: &Reader<'_>,
        at: &str,
        item: Item<'_>,
        listed: &Listed,
        out: &mut Gathered,
    ) -> Result<(), FormatError> {
        reader.typed::<T>(at, item)?.gather(reader, at, listed, out)
    }
    match kind {
        Kind::Customers => read::<partner_center::Customer>(reader, at, item, listed, out),
        Kind::Subscriptions => read::<partner_center::Subscription>(reader, at, item, listed, out),
        Kind::PartnerRelationships => {
            read::<partner_center::PartnerRelationship>(reader, at, item, listed, out)
        }
        Kind::DelegatedAdminRelationships => {
            read::<graph::Relationship>(reader, at, item, listed, out)
        }
        Kind::AccessAssignments => read::<graph::Assignment>(reader, at, item, listed, out),
        Kind::Empty => Ok(()),
    }
}

/// Reads every export and merges them into one import plan for `importer` (which may not be in
/// `ws` yet). `relationship` names the relationship of access-assignment listings that do not
/// name it themselves. The first malformed file stops everything.
pub fn plan(
    ws: &Workspace,
    importer: Option<&Id>,
    sources: &[Source],
    relationship: Option<&str>,
) -> Result<Plan, FormatError> {
    plan_reporting(ws, importer, sources, relationship, |_, _| {})
}

/// `plan`, calling `read` after each page with its index and what it was (for progress).
pub fn plan_reporting(
    ws: &Workspace,
    importer: Option<&Id>,
    sources: &[Source],
    relationship: Option<&str>,
    mut read: impl FnMut(usize, &SourceSummary),
) -> Result<Plan, FormatError> {
    let pages = sources.iter().map(Ok);
    plan_streaming(
        ws,
        importer,
        pages,
        relationship,
        &NoClock,
        |i, page, ()| read(i, page),
    )
}

/// `plan_reporting` over sources read as the import reaches them: each page's bytes are dropped
/// once its records are gathered, so a thousand pages never sit in memory at once. Pages are
/// read on two threads and their records kept in the pages' order: the plan is the same as
/// one page at a time. `read` also gets what `clock` measured of the
/// page's reading (the caller's clock: this module reads none).
pub fn plan_streaming<S: SourcePage, C: Clock>(
    ws: &Workspace,
    importer: Option<&Id>,
    sources: impl IntoIterator<Item = Result<S, FormatError>>,
    relationship: Option<&str>,
    clock: &C,
    read: impl FnMut(usize, &SourceSummary, C::Elapsed),
) -> Result<Plan, FormatError> {
    Ok(gather_streaming(sources, relationship, clock, read)?.into_plan(ws, importer))
}

impl Read {
    /// The import plan of these pages for `importer` (which may not be in `ws` yet): their
    /// records merged, repeated ones into one.
    pub fn into_plan(self, ws: &Workspace, importer: Option<&Id>) -> Plan {
        self.merged().into_plan(ws, importer)
    }

    /// These pages' records merged as far as they can be without the workspace (while it may
    /// still be loading).
    pub fn merged(self) -> MergedRead {
        MergedRead {
            merged: merge::merge_records(self.gathered, &self.summaries),
            summaries: self.summaries,
        }
    }
}

/// Pages read and their records merged, but for the importer's providers in the workspace.
pub struct MergedRead {
    merged: merge::Merged,
    summaries: Vec<SourceSummary>,
}

impl MergedRead {
    /// As `Read::into_plan`.
    pub fn into_plan(self, ws: &Workspace, importer: Option<&Id>) -> Plan {
        let (records, left_out, repeated) = self.merged.with_providers(ws, importer);
        Plan {
            records,
            left_out,
            sources: self.summaries,
            repeated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_items_path_is_its_index_in_decimal() {
        for n in [0, 7, 10, 99, 1000, 123_456_789, usize::MAX] {
            let mut out = String::from("x");
            shape::push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn a_digest_is_the_files_sha256_in_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn read(text: &str) -> Result<Gathered, FormatError> {
        let source = Source {
            name: "page.json".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let mut out = Gathered::default();
        read_source(&source, 0, None, Digesting::AsRead, &mut out).map(|_| out)
    }

    #[test]
    fn a_listing_read_from_its_text_reads_as_its_tree_would() {
        let item = r#"{"id": "t-0", "companyProfile": {"domain": 3}}"#;
        let listed = read(&format!(r#"{{"items": [{item}]}}"#)).unwrap_err();
        let bare = read(&format!("[{item}]")).unwrap_err();
        assert_eq!(listed.path, "items[0].companyProfile.domain");
        assert_eq!(bare.path, "[0].companyProfile.domain");
        assert_eq!(listed.message, bare.message);
        // A field given twice: its last copy, as in a tree.
        let twice = read(r#"{"items": [{"id": "t-0", "id": "t-1", "companyProfile": {}}]}"#);
        let tenants: Vec<String> = twice
            .unwrap()
            .customers
            .into_iter()
            .map(|c| c.tenant_id)
            .collect();
        assert_eq!(tenants, ["t-1"]);
    }

    fn customers_page(id: &str) -> Source {
        Source {
            name: format!("{id}.json"),
            bytes: format!(
                r#"{{"items": [{{"id": "{id}", "companyProfile": {{"companyName": "{id}"}}}}]}}"#
            )
            .into_bytes(),
        }
    }

    #[test]
    fn pages_read_two_at_a_time_are_reported_and_kept_in_their_order() {
        let ws = Workspace::from_file(crate::workspace::format::WorkspaceFile::default()).0;
        let pages: Vec<Source> = ["t-0", "t-1", "t-2"].map(customers_page).into();
        let mut seen = Vec::new();
        let plan = plan_reporting(&ws, None, &pages, None, |i, page| {
            seen.push((i, page.file.clone()))
        })
        .unwrap();
        assert_eq!(
            seen,
            [(0, "t-0.json"), (1, "t-1.json"), (2, "t-2.json")].map(|(i, f)| (i, f.to_string()))
        );
        let sources: Vec<(String, Option<usize>)> = plan
            .records
            .customers
            .iter()
            .map(|c| (c.tenant_id.clone(), c.source))
            .collect();
        let expected = [("t-0", 0), ("t-1", 1), ("t-2", 2)];
        assert_eq!(sources, expected.map(|(t, i)| (t.to_string(), Some(i))));
        // A malformed page read on the other thread stops the import, named.
        let mut broken = pages;
        broken[1].bytes = b"{".to_vec();
        let err = super::plan(&ws, None, &broken, None).unwrap_err();
        assert_eq!(err.file, "t-1.json");
    }

    #[test]
    fn every_record_read_keeps_the_index_of_its_source() {
        let page = |id: &str| {
            Source {
            name: format!("{id}.json"),
            bytes: format!(
                r#"{{"items": [{{"id": "{id}", "companyProfile": {{"companyName": "{id}"}}, "attributes": {{"objectType": "Customer"}}}}]}}"#
            )
            .into_bytes(),
        }
        };
        let mut out = Gathered::default();
        for (index, source) in [page("t-0"), page("t-1")].iter().enumerate() {
            let summary = read_source(source, index, None, Digesting::AsRead, &mut out).unwrap();
            assert_eq!(summary.sha256, sha256_hex(&source.bytes));
        }
        let sources: Vec<_> = out.customers.iter().map(|c| c.source).collect();
        assert_eq!(sources, [Some(0), Some(1)]);
    }
}
