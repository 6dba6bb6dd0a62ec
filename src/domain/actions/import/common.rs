//! What every import step shares: the notes it writes into history, the outcome of one record,
//! the lookups by export keys, and the checked put of a relationship.

use std::collections::HashMap;

use crate::domain::actions::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::diagnostics::Diagnostic;
use crate::domain::facts::Records;
use crate::domain::imported::ImportLinked;
use crate::domain::integrity;
use crate::domain::provenance::Provenance;
use crate::domain::records::Relationship;
use crate::domain::rules::identity::normalised_guid;
use crate::domain::rules::limits;
use crate::tables::id::Id;
use crate::tables::text::Text;

pub const NOTE_PC: &str = "imported from Partner Center";
pub const NOTE_GRAPH: &str = "imported from Microsoft Graph";

/// The note on a plan made here that an import found done: "confirmed by import of FILE".
pub fn note_confirmed(file: &str) -> String {
    format!("confirmed by import of {file}")
}

pub enum Outcome {
    Added,
    Updated,
    /// A plan made here, found done in the export and linked to it (counted as updated).
    Linked(ImportLinked),
    Unchanged,
    /// The record asked for nothing of this kind (not counted).
    Nothing,
}

/// Lookups by the keys exports use, lower-cased, and the provenance of each source.
pub struct Keys {
    pub customers: HashMap<String, Id>,
    pub partners_by_tenant: HashMap<String, Id>,
    pub partners_by_mpn: HashMap<String, Id>,
    pub relationships: HashMap<String, Id>,
    /// Built when the subscriptions' step first asks (`Keys::subscriptions`): by then the
    /// records of the kinds before it are gone, and their memory serves these.
    subscriptions: Option<HashMap<String, Id>>,
    pub assignments: HashMap<String, Id>,
    /// Plans found done that a step linked without saying so in its outcome (invitations).
    pub linked: Vec<ImportLinked>,
    /// By source index: what a record read from that source keeps as its provenance (none for a
    /// source without a digest, as in imports journaled before provenance existed).
    pub files: Vec<Option<Provenance>>,
}

pub fn key(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

/// A tenant id as a lookup key: in the spelling it is stored in (ID3), whatever form the
/// export (or an `import` action given as JSON) wrote it in.
pub fn tenant_key(text: &str) -> String {
    normalised_guid(text)
}

impl Keys {
    pub fn new<W: Records>(ctx: &Ctx<'_, W>, files: Vec<Option<Provenance>>) -> Keys {
        let ws = &*ctx.ws;
        Keys {
            files,
            linked: Vec::new(),
            customers: ws
                .customers()
                .map(|c| (tenant_key(&c.tenant_id), c.id.clone()))
                .collect(),
            partners_by_tenant: ws
                .partners()
                .map(|p| (tenant_key(&p.tenant_id), p.id.clone()))
                .collect(),
            partners_by_mpn: ws
                .partners()
                .map(|p| (key(&p.partner_id), p.id.clone()))
                .collect(),
            relationships: by_microsoft_id(
                ws.relationships().map(|r| (r.external_id.as_ref(), &r.id)),
            ),
            subscriptions: None,
            assignments: by_microsoft_id(ws.assignments().map(|a| (a.external_id.as_ref(), &a.id))),
        }
    }
}

/// Workspace ids by Microsoft's id first, then by their own id for records that keep none (an
/// `import` action given as JSON may name them so): a re-import matches what it brought
/// before, and a plan linked to Microsoft's record is found under Microsoft's id.
fn by_microsoft_id<'a>(
    records: impl Iterator<Item = (Option<&'a Text>, &'a Id)>,
) -> HashMap<String, Id> {
    let mut own = Vec::new();
    let mut map = HashMap::new();
    for (external, id) in records {
        match external {
            Some(external) => {
                map.insert(key(external), id.clone());
            }
            None => own.push(id),
        }
    }
    for id in own {
        map.entry(key(id.as_str())).or_insert_with(|| id.clone());
    }
    map
}

impl Keys {
    /// Workspace subscription ids by Microsoft's id (then their own), from `ws` the first time.
    pub fn subscriptions<W: Records>(&mut self, ws: &W) -> &mut HashMap<String, Id> {
        self.subscriptions.get_or_insert_with(|| {
            by_microsoft_id(ws.subscriptions().map(|s| (s.external_id.as_ref(), &s.id)))
        })
    }

    /// The file a record read from source `index` came from, as the user named it.
    pub fn file_name(&self, index: Option<usize>) -> String {
        index
            .and_then(|i| self.files.get(i))
            .and_then(Option::as_ref)
            .map_or_else(|| "the exports".to_string(), |p| p.file.to_string())
    }

    /// The provenance of a record read from source `index`: the file's texts are shared, so
    /// this costs one small allocation, whatever the length of the file name.
    pub fn source(&self, index: Option<usize>) -> Option<Box<Provenance>> {
        index
            .and_then(|i| self.files.get(i))
            .and_then(Option::as_ref)
            .map(|p| Box::new(p.clone()))
    }
}

pub fn first_finding(found: Vec<Diagnostic>) -> Result<(), Refusal> {
    match found.into_iter().next() {
        Some(first) => Err(first.into_refusal()),
        None => Ok(()),
    }
}

pub fn customer_id(keys: &Keys, tenant: &str) -> Result<Id, Refusal> {
    keys.customers.get(&tenant_key(tenant)).cloned().ok_or_else(|| {
        Refusal::new(
            RuleId::WS1,
            format!(
                "customer tenant {tenant} is neither in this workspace nor in the customer exports"
            ),
        )
    })
}

pub fn put_relationship_checked<W: Records>(
    ctx: &mut Ctx<'_, W>,
    r: Relationship,
) -> Result<(), Refusal> {
    let mut found = Vec::new();
    limits::check_record("relationship", r.id.as_str(), &r, &mut found);
    integrity::check_relationship(ctx.ws, &r, &mut found);
    first_finding(found)?;
    ctx.ws.put_relationship(r);
    Ok(())
}
