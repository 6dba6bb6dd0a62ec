//! The workspace's indexes, built when first asked once a large batch has replaced the tables
//! they cover: an import of 100,000 customers that is saved and left builds none of them (the
//! file holds records, never indexes), and a session that goes on pays for them once, at its
//! first question.
//!
//! While unbuilt, the four indexed tables (subscriptions, relationships, invitations, access
//! assignments) hold only records as loaded or merged in bulk, so an index built from them is
//! whole: the workspace builds it before it puts any single record into one of them.

use std::sync::{Arc, OnceLock};

use super::indexes::{Index, Loaded};

#[derive(Clone, Debug)]
pub(super) struct LazyIndex {
    /// The index as kept up to date record by record.
    built: Option<Index>,
    /// The index built at the first question, shared by the clones made before it was built
    /// (an applied action's draft and the state it came from ask the same tables).
    on_demand: Arc<OnceLock<Index>>,
}

impl Default for LazyIndex {
    fn default() -> Self {
        LazyIndex::unbuilt()
    }
}

impl LazyIndex {
    pub(super) fn built(index: Index) -> LazyIndex {
        LazyIndex {
            built: Some(index),
            on_demand: Arc::default(),
        }
    }

    /// To be built from the tables at the first question.
    pub(super) fn unbuilt() -> LazyIndex {
        LazyIndex {
            built: None,
            on_demand: Arc::default(),
        }
    }

    #[cfg(test)]
    pub(super) fn is_built(&self) -> bool {
        self.built.is_some() || self.on_demand.get().is_some()
    }

    /// The index, built from `tables` first if need be.
    pub(super) fn get<'t>(&self, tables: impl FnOnce() -> Loaded<'t>) -> &Index {
        match &self.built {
            Some(index) => index,
            None => self.on_demand.get_or_init(|| build(tables())),
        }
    }

    /// The index to change, built from `tables` first if need be (before the change).
    pub(super) fn get_mut(&mut self, tables: Loaded<'_>) -> &mut Index {
        if self.built.is_none() {
            let index = self.on_demand.get_or_init(|| build(tables)).clone();
            self.built = Some(index);
            self.on_demand = Arc::default();
        }
        self.built.get_or_insert_with(Index::default)
    }
}

fn build(tables: Loaded<'_>) -> Index {
    Index::build_beside(tables, || ()).0
}
