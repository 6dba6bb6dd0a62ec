//! The workspace file's shape: a format name and version at the top, then every record kind as an
//! array in id order. Reading and writing bytes is the store's job; this module only maps between
//! the file's shape and a `Workspace`, so the same shape feeds the JSON Schema.

use schemars::JsonSchema;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::diagnostics::Diagnostic;
use super::ids::{Id, Time};
use super::model::*;
use super::rules::RuleId;
use super::workspace::{Meta, SortedRecords, Workspace};

pub const FORMAT_NAME: &str = "partnerdesk-workspace";
pub const FORMAT_VERSION: u32 = 1;

/// A workspace as it is written to disk.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "partnerdesk workspace")]
pub struct WorkspaceFile {
    /// Always `partnerdesk-workspace`.
    pub format: String,
    /// The format version; this build reads version 1.
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
    pub fn from_file(file: WorkspaceFile) -> (Workspace, Vec<Diagnostic>) {
        let meta = Meta {
            name: file.name,
            as_of: file.as_of,
            next_serial: file.next_serial,
        };
        // Files are written in id order: then no id repeats and the maps are built in bulk.
        fn in_id_order<T>(records: &[T], id: impl Fn(&T) -> &Id) -> bool {
            records.windows(2).all(|pair| id(&pair[0]) < id(&pair[1]))
        }
        if in_id_order(&file.partners, |p| &p.id)
            && in_id_order(&file.customers, |c| &c.id)
            && in_id_order(&file.subscriptions, |s| &s.id)
            && in_id_order(&file.relationships, |r| &r.id)
            && in_id_order(&file.invitations, |i| &i.id)
            && in_id_order(&file.access_assignments, |a| &a.id)
        {
            let ws = Workspace::from_sorted(SortedRecords {
                meta,
                partners: file.partners,
                customers: file.customers,
                subscriptions: file.subscriptions,
                relationships: file.relationships,
                invitations: file.invitations,
                assignments: file.access_assignments,
                audit: file.audit,
            });
            return (ws, Vec::new());
        }
        let mut ws = Workspace::default();
        ws.meta = meta;
        let mut problems = Vec::new();
        let mut duplicate = |kind: &str, index: usize, id: &Id| {
            problems.push(Diagnostic::new(
                RuleId::WS1,
                format!("{kind}[{index}]"),
                format!(
                    "id `{id}` is used by an earlier record of the same kind; this one was left out"
                ),
            ));
        };
        for (i, p) in file.partners.into_iter().enumerate() {
            if ws.partners.contains_key(&p.id) {
                duplicate("partners", i, &p.id);
            } else {
                ws.put_partner(p);
            }
        }
        for (i, c) in file.customers.into_iter().enumerate() {
            if ws.customers.contains_key(&c.id) {
                duplicate("customers", i, &c.id);
            } else {
                ws.put_customer(c);
            }
        }
        for (i, s) in file.subscriptions.into_iter().enumerate() {
            if ws.subscriptions.contains_key(&s.id) {
                duplicate("subscriptions", i, &s.id);
            } else {
                ws.put_subscription(s);
            }
        }
        for (i, r) in file.relationships.into_iter().enumerate() {
            if ws.relationships.contains_key(&r.id) {
                duplicate("relationships", i, &r.id);
            } else {
                ws.put_relationship(r);
            }
        }
        for (i, inv) in file.invitations.into_iter().enumerate() {
            if ws.invitations.contains_key(&inv.id) {
                duplicate("invitations", i, &inv.id);
            } else {
                ws.put_invitation(inv);
            }
        }
        for (i, a) in file.access_assignments.into_iter().enumerate() {
            if ws.assignments.contains_key(&a.id) {
                duplicate("accessAssignments", i, &a.id);
            } else {
                ws.put_assignment(a);
            }
        }
        for entry in file.audit {
            ws.push_audit(entry);
        }
        (ws, problems)
    }

    /// A view that serializes as a `WorkspaceFile` without copying any record.
    pub fn to_file(&self) -> FileView<'_> {
        FileView(self)
    }
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

impl Serialize for FileView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ws = self.0;
        let meta = ws.meta();
        let mut out = serializer.serialize_struct("WorkspaceFile", 13)?;
        out.serialize_field("format", FORMAT_NAME)?;
        out.serialize_field("version", &FORMAT_VERSION)?;
        out.serialize_field("name", &meta.name)?;
        if let Some(as_of) = &meta.as_of {
            out.serialize_field("asOf", as_of)?;
        }
        out.serialize_field("nextSerial", &meta.next_serial)?;
        out.serialize_field("partners", &seq(ws.partners()))?;
        out.serialize_field("customers", &seq(ws.customers()))?;
        out.serialize_field("subscriptions", &seq(ws.subscriptions()))?;
        out.serialize_field("relationships", &seq(ws.relationships()))?;
        out.serialize_field("invitations", &seq(ws.invitations()))?;
        out.serialize_field("accessAssignments", &seq(ws.assignments()))?;
        out.serialize_field("audit", &seq(ws.audit()))?;
        out.end()
    }
}

/// The JSON Schema of the workspace file, as committed in `assets/workspace.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(WorkspaceFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Moves every date in a file by `seconds` (a demo brought to the day it is opened).
pub fn shift_dates(file: &mut WorkspaceFile, seconds: i64) {
    let shift = |t: &mut Time| *t = t.plus_seconds(seconds);
    let shift_opt = |t: &mut Option<Time>| {
        if let Some(t) = t {
            *t = t.plus_seconds(seconds);
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
    }
}
