//! Asks the processor for a record's texts a few records before it is rendered. A workspace
//! an import has just made keeps its records in id order and their texts where the pages
//! were read, in the exports' order: rendered in id order, each text is a cache miss, a
//! quarter of a save's time waiting on memory. Asked for ahead, they arrive while the
//! records before are rendered. Only a hint: nothing is read, nothing changes.

use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::records::*;

/// What a record's rendering will read that is not in the record itself.
pub trait Prefetch {
    /// Asks for it (nothing, for kinds a workspace holds few of).
    fn prefetch(&self) {}
}

/// Asks for the memory each of `texts` starts in (`None` among them: nothing).
fn ask<'t>(texts: impl IntoIterator<Item = Option<&'t str>>) {
    for text in texts.into_iter().flatten() {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: a prefetch is a hint: it reads nothing and never faults, whatever the
            // address.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(text.as_ptr().cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = text;
    }
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
