//! Which half of the main screen keys go to: the table, or the detail's links.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Table,
    Detail,
}
