//! Asks the processor for a record's texts a few records before it is rendered. A workspace
//! an import has just made keeps its records in id order and their texts where the pages
//! were read, in the exports' order: rendered in id order, each text is a cache miss, a
//! quarter of a save's time waiting on memory. Asked for ahead, they arrive while the
//! records before are rendered. Only a hint: nothing is read, nothing changes.

use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::records::*;
use crate::tables::prefetch::ask;

/// What a record's rendering will read that is not in the record itself.
pub trait Prefetch {
    /// Asks for it (nothing, for kinds a workspace holds few of).
    fn prefetch(&self) {}
}

impl Prefetch for Customer {
    fn prefetch(&self) {
        ask([
            Some(self.id.as_str()),
            Some(&self.tenant_id),
            Some(&self.display_name),
            Some(&self.domain),
            self.external_id.as_deref(),
        ]);
    }
}

impl Prefetch for Subscription {
    fn prefetch(&self) {
        ask([
            Some(self.id.as_str()),
            Some(self.customer_id.as_str()),
            Some(&self.offer_name),
            Some(&self.term_duration),
            self.external_id.as_deref(),
        ]);
    }
}

impl Prefetch for Relationship {
    fn prefetch(&self) {
        ask([
            Some(self.id.as_str()),
            Some(self.customer_id.as_str()),
            self.gdap.as_ref().map(|gdap| &*gdap.display_name),
            self.external_id.as_deref(),
        ]);
    }
}

impl Prefetch for Partner {}
impl Prefetch for Invitation {}
impl Prefetch for AccessAssignment {}
impl Prefetch for AuditEntry {}
impl Prefetch for Conflict {}
