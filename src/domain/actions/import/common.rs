//! What every import step shares: the notes it writes into history, the outcome of one record,
//! the lookups by export keys, and the checked put of a relationship.

use std::collections::HashMap;

use crate::domain::actions::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::diagnostics::Diagnostic;
use crate::domain::facts::Records;
use crate::domain::integrity;
use crate::domain::provenance::Provenance;
use crate::domain::records::Relationship;
use crate::domain::rules::limits;
use crate::tables::id::Id;

pub const NOTE_PC: &str = "imported from Partner Center";
pub const NOTE_GRAPH: &str = "imported from Microsoft Graph";

pub enum Outcome {
    Added,
    Updated,
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
    pub subscriptions: HashMap<String, Id>,
    pub assignments: HashMap<String, Id>,
    /// By source index: what a record read from that source keeps as its provenance (none for a
    /// source without a digest, as in imports journaled before provenance existed).
    pub files: Vec<Option<Provenance>>,
}

pub fn key(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

impl Keys {
    pub fn new<W: Records>(ctx: &Ctx<'_, W>, files: Vec<Option<Provenance>>) -> Keys {
        let ws = &*ctx.ws;
        Keys {
            files,
            customers: ws
                .customers()
                .map(|c| (key(&c.tenant_id), c.id.clone()))
                .collect(),
            partners_by_tenant: ws
                .partners()
                .map(|p| (key(&p.tenant_id), p.id.clone()))
                .collect(),
            partners_by_mpn: ws
                .partners()
                .map(|p| (key(&p.partner_id), p.id.clone()))
                .collect(),
            relationships: ws
                .relationships()
                .map(|r| (key(r.id.as_str()), r.id.clone()))
                .collect(),
            subscriptions: ws
                .subscriptions()
                .map(|s| (key(s.id.as_str()), s.id.clone()))
                .collect(),
            assignments: ws
                .assignments()
                .map(|a| (key(a.id.as_str()), a.id.clone()))
                .collect(),
        }
    }
}

impl Keys {
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
    keys.customers.get(&key(tenant)).cloned().ok_or_else(|| {
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
