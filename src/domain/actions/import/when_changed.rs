//! What an import does at the moment it is found to change something, before it puts any
//! record but a partner: goes on with its steps, or first has its caller complete the files'
//! digests (which only the records it puts need, in their provenance) and gives its records
//! back only when the caller cannot. Most re-imports change nothing and need no digest; one
//! that changes something is still taken in one pass.

use crate::domain::imported::{ImportRecords, ImportReport};

/// What an import that would change a record does with its records.
pub(super) trait WhenChanged {
    type Back;
    /// Called when the import is found to change something: again later in the run only
    /// after it went on without digests (`Step`).
    fn changing(&mut self, records: ImportRecords) -> Changing<Self::Back>;
}

/// The answer of `WhenChanged::changing`.
pub(super) enum Changing<Back> {
    /// The run stops here: its records go back to its caller.
    Back(Back),
    /// The run goes on with its records, and the files' digests if they were just completed.
    Step(ImportRecords, Option<Vec<String>>),
}

/// `run`'s: steps through every import; nothing is ever given back.
pub(super) struct Step;

impl WhenChanged for Step {
    type Back = std::convert::Infallible;
    fn changing(&mut self, records: ImportRecords) -> Changing<Self::Back> {
        Changing::Step(records, None)
    }
}

/// `run_completing`'s: asks `complete` (once) for the files' digests, in the order of the
/// files; gives the records back untouched when it has none to give.
pub(super) struct Complete<F>(pub Option<F>);

impl<F: FnOnce() -> Option<Vec<String>>> WhenChanged for Complete<F> {
    type Back = ImportRecords;
    fn changing(&mut self, records: ImportRecords) -> Changing<Self::Back> {
        match self.0.take().and_then(|complete| complete()) {
            Some(digests) => Changing::Step(records, Some(digests)),
            None => Changing::Back(records),
        }
    }
}

/// A run's result, with the files' digests it completed if it did.
pub type WithDigests<T> = (T, Option<Vec<String>>);

/// What `run_completing` did: reported the import (applied in the draft), or gave back the
/// records of one that would change something and whose digests could not be completed, with
/// what comparing found it would change. One per import, handed back once: its size costs
/// nothing.
#[allow(clippy::large_enum_variant)]
pub enum Ran<Back = ImportRecords> {
    Reported(ImportReport),
    GivenBack(Back, Changes),
}

/// What an import given back would change, as far as comparing its records found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changes {
    /// Any kind of record (or comparing stopped before it knew).
    Any,
    /// Only some of its subscriptions (their steps are taken alone).
    OnlySubscriptions,
}

/// What a run's steps came to: `Ran`, with the digests completed on the way; or a run to
/// start again with the digests completed after a partner's step had put a record without
/// them (partners come first, before any comparison).
pub(super) enum StagedRan<Back> {
    Ran(Ran<Back>, Option<Vec<String>>),
    Again(ImportRecords, Vec<String>),
}
