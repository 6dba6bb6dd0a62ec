//! The workspace the rulebook sees through its `Records` seam: every record in a table, the
//! indexes that answer "this customer's relationships" without a scan, their parallel builds,
//! the file's records in and out (`format`), and the whole-file check's fast paths (`check`).
//! It is the storage layer's public face: the faces and the store use it, the domain never does.

pub mod check;
pub mod diff;
pub mod format;
mod identities;
mod indexes;
mod json_key;
mod json_str;
mod keyed;
mod lazy_index;
pub mod merge;
mod migrate;
mod prefetch;
pub mod pretty;
mod pretty_json;
mod review;
mod seam;
mod shared_renders;
mod state;

#[cfg(test)]
mod batch_tests;
#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod pretty_json_tests;

/// Records of one kind found by id, quickest when asked in the order a pass over the records
/// that name them goes (the whole-file check; the terminal app building its panes' rows).
pub use crate::tables::by_id::ById;
pub use check::check;
pub use format::{CheckedFile, FileView, ParsedFile, RecordsFile, WorkspaceFile};
pub use review::{REVIEWED, review_workspace, review_workspace_ordered};
pub use state::{Counts, Meta, Workspace};

/// The result of an action applied to a workspace.
pub type Applied = crate::domain::Applied<Workspace>;
