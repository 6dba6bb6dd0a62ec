//! Generic storage structures, with no word of the CSP domain in them: keys and interned text,
//! records kept in the pieces a parser made, tables with a frozen base under a persistent
//! overlay, ordered sets and owner indexes over them, and the lookups a bulk pass uses.
//! Each knows nothing of what it stores; the workspace puts them together.

pub mod by_id;
pub mod chunked;
pub mod exact_vec;
pub mod id;
pub mod in_order;
pub mod layered_set;
pub mod owner_index;
pub mod prefetch;
pub mod room;
pub mod shared;
pub mod sort;
pub mod table;
pub mod text;

pub use id::Id;
pub use text::Text;
