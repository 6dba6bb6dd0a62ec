//! A table's prepared index: the record ids in display order, their lowercase haystacks (name,
//! domain, id…) in one searchable buffer, and a small tag (the status) per row. The buffer is
//! `haystacks`, the rows over it `rows`, the resumable search `search`, and what the app holds
//! per pane — filters, selection, window — `list`.

mod haystacks;
mod list;
mod rows;
mod search;

pub use haystacks::Haystacks;
pub use list::{Edit, KEY_SLICE, ListIndex};
pub use rows::{Entry, Rows};
