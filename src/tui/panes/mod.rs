//! The five panes (four of records, one of the audit trail): each is a table (columns, rows for the visible window only, its prepared
//! index) and a detail view of the selected record, whose lines may reference other records so
//! Enter can jump to them.

mod columns;
pub mod customers;
mod detail;
pub mod entries;
pub mod history;
pub mod invitations;
mod names;
mod order;
mod pane;
pub mod partners;
pub mod relationships;
mod target;
mod views;

pub use columns::{Cells, Column};
pub use detail::{Detail, DetailLine};
pub use names::{customer_name, days_left_label, partner_name};
pub use pane::Pane;
pub use target::Target;
