//! The workspace file's shape: a format name and version at the top, then every record kind as an
//! array in id order. Reading and writing bytes is the store's job; this module only maps between
//! the file's shape and a `Workspace`, so the same shape feeds the JSON Schema.

use schemars::JsonSchema;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::prefetch::Prefetch;
use super::state::{Counts, Meta, SortedRecords, Workspace};
use crate::domain::audit::AuditEntry;
use crate::domain::catalogue::RuleId;
use crate::domain::conflicts::Conflict;
use crate::domain::diagnostics::Diagnostic;
use crate::domain::records::*;
use crate::domain::time::Time;
use crate::tables::chunked::Chunked;
use crate::tables::table::Keyed;

pub const FORMAT_NAME: &str = "partnerdesk-workspace";
/// Version 2: `expiring` means past the end date (as Graph has it), no longer "active, within
/// 30 days of its end". Version 3: Microsoft's id of an imported record is kept in `externalId`.
/// Version 4: merge conflicts are recorded in the file (`conflicts`) until they are answered.
/// Older files are migrated on load (`migrate`).
pub const FORMAT_VERSION: u32 = 4;

/// A workspace as it is written to disk.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "partnerdesk workspace")]
pub struct WorkspaceFile {
    /// Always `partnerdesk-workspace`.
    pub format: String,
    /// The format version; this build reads versions 1 to 4 and writes 4.
    pub version: u32,
    pub name: String,
    /// The moment a demo workspace describes; its dates follow the day it is opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Time>,
    /// Feeds the ids of records partnerdesk creates.
    #[serde(default)]
    pub next_serial: u64,
    #[serde(default)]
    pub partners: Vec<Partner>,
    #[serde(default)]
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    #[serde(default)]
    pub invitations: Vec<Invitation>,
    #[serde(default)]
    pub access_assignments: Vec<AccessAssignment>,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
    /// Merge conflicts not answered yet (`partnerdesk conflicts`, `resolve`): the records hold
    /// ours meanwhile. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// A file as parsed: `WorkspaceFile`'s fields, each record kind's records in the pieces they
/// were parsed in. A large file is parsed in chunks on several threads, and joining their
/// records into one vector per kind would copy every record again for nothing.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub as_of: Option<Time>,
    pub next_serial: u64,
    pub partners: Chunked<Partner>,
    pub customers: Chunked<Customer>,
    pub subscriptions: Chunked<Subscription>,
    pub relationships: Chunked<Relationship>,
    pub invitations: Chunked<Invitation>,
    pub access_assignments: Chunked<AccessAssignment>,
    pub audit: Vec<AuditEntry>,
    pub conflicts: Vec<Conflict>,
    /// Each piece of each kind holds its records in strictly increasing id order (the parsers
    /// compared them as they made them), so only where pieces meet is left to compare.
    pub pieces_in_order: bool,
}

/// Which of a file's record arrays a reader keeps. A command that reads only some kinds (review
/// reads neither subscriptions nor the audit trail) has the others read for their syntax alone,
/// never built: at a million customers the subscriptions are over a quarter of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kept {
    pub subscriptions: bool,
    pub audit: bool,
}

impl Kept {
    /// Every record: what loading, checking, merging and diffing read.
    pub const ALL: Kept = Kept {
        subscriptions: true,
        audit: true,
    };
    /// Partners, customers, relationships, invitations and access assignments.
    pub const WITHOUT_SUBSCRIPTIONS_OR_AUDIT: Kept = Kept {
        subscriptions: false,
        audit: false,
    };
}

impl ParsedFile {
    /// The file with the records `kept` leaves out dropped: the same whichever way it was read.
    pub fn keeping(mut self, kept: Kept) -> ParsedFile {
        if !kept.subscriptions {
            self.subscriptions = Chunked::default();
        }
        if !kept.audit {
            self.audit = Vec::new();
        }
        self
    }

    /// A file parsed in pieces (a large one, on several threads): the top-level fields of `top`,
    /// then each kind's records piece by piece in file order. Each piece's records stay where
    /// they were parsed; only the short audit trail is joined into one vector.
    pub fn from_pieces(
        top: WorkspaceFile,
        pieces: Vec<WorkspaceFile>,
        pieces_in_order: bool,
    ) -> ParsedFile {
        let mut partners = Vec::with_capacity(pieces.len());
        let mut customers = Vec::with_capacity(pieces.len());
        let mut subscriptions = Vec::with_capacity(pieces.len());
        let mut relationships = Vec::with_capacity(pieces.len());
        let mut invitations = Vec::with_capacity(pieces.len());
        let mut access_assignments = Vec::with_capacity(pieces.len());
        let mut audit = Vec::new();
        for mut piece in pieces {
            partners.push(piece.partners);
            customers.push(piece.customers);
            subscriptions.push(piece.subscriptions);
            relationships.push(piece.relationships);
            invitations.push(piece.invitations);
            access_assignments.push(piece.access_assignments);
            audit.append(&mut piece.audit);
        }
        ParsedFile {
            format: top.format,
            version: top.version,
            name: top.name,
            as_of: top.as_of,
            next_serial: top.next_serial,
            partners: Chunked::new(partners),
            customers: Chunked::new(customers),
            subscriptions: Chunked::new(subscriptions),
            relationships: Chunked::new(relationships),
            invitations: Chunked::new(invitations),
            access_assignments: Chunked::new(access_assignments),
            audit,
            conflicts: top.conflicts,
            pieces_in_order,
        }
    }
}

impl From<WorkspaceFile> for ParsedFile {
    fn from(file: WorkspaceFile) -> ParsedFile {
        ParsedFile {
            format: file.format,
            version: file.version,
            name: file.name,
            as_of: file.as_of,
            next_serial: file.next_serial,
            partners: file.partners.into(),
            customers: file.customers.into(),
            subscriptions: file.subscriptions.into(),
            relationships: file.relationships.into(),
            invitations: file.invitations.into(),
            access_assignments: file.access_assignments.into(),
            audit: file.audit,
            conflicts: file.conflicts,
            pieces_in_order: false,
        }
    }
}

impl From<ParsedFile> for WorkspaceFile {
    fn from(file: ParsedFile) -> WorkspaceFile {
        WorkspaceFile {
            format: file.format,
            version: file.version,
            name: file.name,
            as_of: file.as_of,
            next_serial: file.next_serial,
            partners: file.partners.into_vec(),
            customers: file.customers.into_vec(),
            subscriptions: file.subscriptions.into_vec(),
            relationships: file.relationships.into_vec(),
            invitations: file.invitations.into_vec(),
            access_assignments: file.access_assignments.into_vec(),
            audit: file.audit,
            conflicts: file.conflicts,
        }
    }
}

/// Just the top of a file, read when the full parse fails, to tell a newer version apart.
#[derive(Deserialize)]
pub struct FileHeader {
    pub format: Option<String>,
    pub version: Option<serde_json::Value>,
}

impl Workspace {
    /// Builds a workspace from a file's records. Records with an id already taken in their kind
    /// are left out and reported (WS1); every other integrity problem is found by `check`.
    pub fn from_file(file: impl Into<ParsedFile>) -> (Workspace, Vec<Diagnostic>) {
        let (records, problems) = sorted_records(file.into());
        (Workspace::from_sorted(records), problems)
    }

    /// `from_file` and `check` in one: the records left out, then every finding of `check`.
    /// The check runs while the indexes are built (it reads only records), so on two cores a
    /// load pays for the longer of the two rather than their sum.
    pub fn from_file_checked(
        file: impl Into<ParsedFile>,
    ) -> (Workspace, Vec<Diagnostic>, Vec<Diagnostic>) {
        let (records, left_out) = sorted_records(file.into());
        let (ws, found) = Workspace::with_indexes_beside(records, super::check::check);
        (ws, left_out, found)
    }

    /// A view that serializes as a `WorkspaceFile` without copying any record.
    pub fn to_file(&self) -> FileView<'_> {
        FileView(self)
    }
}

/// A file's records checked as `from_file_checked` checks them, without the indexes that only
/// using a workspace needs: what the `check` command reports.
pub struct CheckedFile {
    pub counts: Counts,
    /// Records left out because an earlier record of their kind has the same id (WS1).
    pub left_out: Vec<Diagnostic>,
    /// What `check` found in the rest.
    pub findings: Vec<Diagnostic>,
    /// The records themselves, kept so that a caller about to exit may leave freeing them to
    /// the system (`std::mem::forget`); not indexed: see `records`.
    records: Workspace,
}

impl CheckedFile {
    /// The records as a workspace with no indexes: for what reads records in id order or by
    /// id (a merge, a diff, writing them out), never for queries an index answers (a
    /// customer's relationships) or for actions.
    pub fn records(&self) -> &Workspace {
        &self.records
    }

    /// The records and the findings (left out, then found). The workspace builds its indexes
    /// at the first question that needs one (`Workspace::without_indexes`): a caller that may
    /// never ask one (a merge of records) spares building them.
    pub fn into_parts(self) -> (Workspace, Vec<Diagnostic>) {
        let mut findings = self.left_out;
        findings.extend(self.findings);
        (self.records, findings)
    }

    pub fn of(file: impl Into<ParsedFile>) -> CheckedFile {
        let RecordsFile {
            counts,
            left_out,
            records,
        } = RecordsFile::of(file);
        CheckedFile {
            counts,
            left_out,
            findings: super::check::check(&records),
            records,
        }
    }
}

/// A file's records in id order, as `CheckedFile` has them, neither checked nor indexed: for
/// a command that reads records and answers for something other than their integrity
/// (`review`), so that it costs what reading the file costs and no more.
pub struct RecordsFile {
    pub counts: Counts,
    /// Records left out because an earlier record of their kind has the same id (WS1).
    pub left_out: Vec<Diagnostic>,
    records: Workspace,
}

impl RecordsFile {
    pub fn of(file: impl Into<ParsedFile>) -> RecordsFile {
        let (records, left_out) = sorted_records(file.into());
        let records = Workspace::without_indexes(records);
        RecordsFile {
            counts: records.counts(),
            left_out,
            records,
        }
    }

    /// The records as a workspace with no indexes: see `CheckedFile::records`.
    pub fn records(&self) -> &Workspace {
        &self.records
    }

    /// The records, unchecked and not indexed, and those left out.
    pub fn into_parts(self) -> (Workspace, Vec<Diagnostic>) {
        (self.records, self.left_out)
    }
}

/// A file's records in id order, every later twin of an id left out and reported (WS1).
fn sorted_records(mut file: ParsedFile) -> (SortedRecords, Vec<Diagnostic>) {
    // What the parsers compared is the records as read: a file a migration changes is
    // compared afresh.
    let seams = file.pieces_in_order && file.version == FORMAT_VERSION;
    super::migrate::to_current(
        file.version,
        super::migrate::Tables {
            customers: &mut file.customers,
            subscriptions: &mut file.subscriptions,
            relationships: &mut file.relationships,
            access_assignments: &mut file.access_assignments,
        },
    );
    let meta = Meta {
        name: file.name,
        as_of: file.as_of,
        next_serial: file.next_serial,
    };
    let mut problems = Vec::new();
    let records = SortedRecords {
        meta,
        partners: in_id_order(file.partners, "partners", seams, &mut problems),
        customers: in_id_order(file.customers, "customers", seams, &mut problems),
        subscriptions: in_id_order(file.subscriptions, "subscriptions", seams, &mut problems),
        relationships: in_id_order(file.relationships, "relationships", seams, &mut problems),
        invitations: in_id_order(file.invitations, "invitations", seams, &mut problems),
        assignments: in_id_order(
            file.access_assignments,
            "accessAssignments",
            seams,
            &mut problems,
        ),
        audit: file.audit,
        conflicts: file.conflicts,
    };
    (records, problems)
}

/// A kind's records in strictly increasing id order. Files are written so and pass untouched;
/// otherwise they are sorted (stably, so of two records with one id the first in the file is
/// kept) and every later twin is left out with a WS1 finding naming its place in the file.
/// With `seams`, each piece is known to be in order and only where pieces meet is compared.
fn in_id_order<T: Keyed>(
    records: Chunked<T>,
    kind: &str,
    seams: bool,
    problems: &mut Vec<Diagnostic>,
) -> Chunked<T> {
    let in_order = if seams {
        records.seams().all(|(a, b)| a.key() < b.key())
    } else {
        records
            .iter()
            .zip(records.iter().skip(1))
            .all(|(a, b)| a.key() < b.key())
    };
    if in_order {
        return records;
    }
    let records = records.into_vec();
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| records[a].key().cmp(records[b].key()));
    let mut twins: Vec<usize> = order
        .windows(2)
        .filter(|pair| records[pair[0]].key() == records[pair[1]].key())
        .map(|pair| pair[1])
        .collect();
    twins.sort_unstable();
    let mut slots: Vec<Option<T>> = records.into_iter().map(Some).collect();
    for &at in &twins {
        if let Some(twin) = slots[at].take() {
            problems.push(Diagnostic::new(
                RuleId::WS1,
                format!("{kind}[{at}]"),
                format!(
                    "id `{}` is used by an earlier record of the same kind; this one was left out",
                    twin.key()
                ),
            ));
        }
    }
    let sorted: Vec<T> = order
        .into_iter()
        .filter_map(|at| slots[at].take())
        .collect();
    sorted.into()
}

/// Serializes a workspace in the file's shape, every collection in id order (deterministic).
pub struct FileView<'a>(&'a Workspace);

struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I> Serialize for Seq<I>
where
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => serializer.collect_seq(std::iter::empty::<I::Item>()),
        }
    }
}

fn seq<I: Iterator>(items: I) -> Seq<I> {
    Seq(std::cell::Cell::new(Some(items)))
}

/// What writes a file's top-level fields, in order: serde's struct (any format, `FileView`'s
/// `Serialize`), or the pretty writer that renders the many records on two threads
/// (`pretty::write`). The fields and their order have one home: `FileView::fields`.
pub trait FieldSink {
    type Error;
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error>;
    fn records<'a, T: Serialize + Prefetch + Sync + 'a>(
        &mut self,
        name: &'static str,
        items: impl Iterator<Item = &'a T>,
    ) -> Result<(), Self::Error>;
}

impl FileView<'_> {
    /// The file's fields, in the file's order, into `out`.
    pub fn fields<F: FieldSink>(&self, out: &mut F) -> Result<(), F::Error> {
        let ws = self.0;
        let meta = ws.meta();
        out.field("format", FORMAT_NAME)?;
        out.field("version", &FORMAT_VERSION)?;
        out.field("name", &meta.name)?;
        if let Some(as_of) = &meta.as_of {
            out.field("asOf", as_of)?;
        }
        out.field("nextSerial", &meta.next_serial)?;
        out.records("partners", ws.partners())?;
        out.records("customers", ws.customers())?;
        out.records("subscriptions", ws.subscriptions())?;
        out.records("relationships", ws.relationships())?;
        out.records("invitations", ws.invitations())?;
        out.records("accessAssignments", ws.assignments())?;
        out.records("audit", ws.audit())?;
        if ws.conflicts().len() > 0 {
            out.records("conflicts", ws.conflicts())?;
        }
        Ok(())
    }
}

/// A `FieldSink` over serde's struct serializer.
struct StructSink<S>(S);

impl<S: SerializeStruct> FieldSink for StructSink<S> {
    type Error = S::Error;
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(name, value)
    }
    fn records<'a, T: Serialize + Prefetch + Sync + 'a>(
        &mut self,
        name: &'static str,
        items: impl Iterator<Item = &'a T>,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(name, &seq(items))
    }
}

impl Serialize for FileView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = StructSink(serializer.serialize_struct("WorkspaceFile", 14)?);
        self.fields(&mut out)?;
        out.0.end()
    }
}

/// The JSON Schema of the workspace file, as committed in `assets/workspace.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(WorkspaceFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Moves every date from `from` on by `seconds` (a demo brought to the day it is opened);
/// earlier dates stay, so history dated before an event (DAP's retirement) stays before it.
/// For a forward shift the order of dates is kept.
pub fn shift_dates(file: &mut WorkspaceFile, seconds: i64, from: Time) {
    let moved = |t: Time| {
        if t >= from {
            t.plus_seconds(seconds)
        } else {
            t
        }
    };
    let shift = |t: &mut Time| *t = moved(*t);
    let shift_opt = |t: &mut Option<Time>| {
        if let Some(t) = t {
            *t = moved(*t);
        }
    };
    shift_opt(&mut file.as_of);
    for s in &mut file.subscriptions {
        shift(&mut s.created_date_time);
    }
    for r in &mut file.relationships {
        shift(&mut r.created_date_time);
        shift_opt(&mut r.start_date_time);
        shift_opt(&mut r.end_date_time);
        for change in &mut r.history {
            shift(&mut change.at);
            if let Some(note) = &mut change.note {
                *note = shift_dates_in_text(note, seconds, from).into();
            }
        }
    }
    for i in &mut file.invitations {
        shift(&mut i.created_date_time);
        shift(&mut i.expires_date_time);
        shift_opt(&mut i.resolved_date_time);
    }
    for a in &mut file.access_assignments {
        shift(&mut a.created_date_time);
    }
    for entry in &mut file.audit {
        shift(&mut entry.at);
        entry.summary = shift_dates_in_text(&entry.summary, seconds, from);
    }
}

/// `text` with every `YYYY-MM-DD` date in it from `from` on moved by `seconds` (whole days), as
/// `shift_dates` moves the records' own dates: a note such as "auto-extended by P180D to
/// 2027-03-04" follows the dates it speaks of.
pub fn shift_dates_in_text(text: &str, seconds: i64, from: Time) -> String {
    let days = seconds / crate::domain::time::SECONDS_PER_DAY;
    let from_date = jiff::tz::Offset::UTC.to_datetime(from.0).date();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let candidate = text.get(i..i + 10).filter(|c| {
            let b = c.as_bytes();
            b.iter().enumerate().all(|(k, ch)| match k {
                4 | 7 => *ch == b'-',
                _ => ch.is_ascii_digit(),
            }) && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 10).is_none_or(|ch| !ch.is_ascii_digit())
        });
        let moved = candidate
            .and_then(|c| c.parse::<jiff::civil::Date>().ok())
            .filter(|date| *date >= from_date)
            .and_then(|date| date.checked_add(jiff::Span::new().days(days)).ok());
        match moved {
            Some(date) => {
                out.push_str(&date.to_string());
                i += 10;
            }
            None => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::id::Id;

    #[derive(Clone, Debug, PartialEq)]
    struct Rec(Id, u8);
    impl Keyed for Rec {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    fn pieces(ids: &[&[&str]]) -> Chunked<Rec> {
        let mut n = 0;
        let mut rec = |id: &str| {
            n += 1;
            Rec(Id::new(id), n)
        };
        Chunked::new(
            ids.iter()
                .map(|piece| piece.iter().map(|id| rec(id)).collect())
                .collect(),
        )
    }

    #[test]
    fn pieces_each_in_order_that_meet_out_of_order_are_sorted_as_a_full_comparison_sorts_them() {
        for ids in [
            &[&["b", "c"][..], &["a", "d"]][..],
            &[&["a", "c"], &["c", "d"]],
            &[&["a"], &["c", "e"], &["b", "d"]],
            &[&["a", "b"], &["c"], &["d", "e"]],
        ] {
            let (mut by_seams, mut by_all) = (Vec::new(), Vec::new());
            let sorted = in_id_order(pieces(ids), "customers", true, &mut by_seams);
            let expected = in_id_order(pieces(ids), "customers", false, &mut by_all);
            assert_eq!(sorted.into_vec(), expected.into_vec(), "{ids:?}");
            assert_eq!(by_seams, by_all, "{ids:?}");
        }
        let mut problems = Vec::new();
        let sorted = in_id_order(
            pieces(&[&["a", "c"], &["c", "d"]]),
            "customers",
            true,
            &mut problems,
        );
        let ids: Vec<&str> = sorted.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(ids, ["a", "c", "d"]);
        assert_eq!(problems.len(), 1, "the later `c` left out (WS1)");
    }
}
