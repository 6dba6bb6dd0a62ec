//! One home per rule. Each function here states one rule's condition and its refusal, once: an
//! action's handler calls it before anything changes, and the integrity checks call the same
//! function on stored records (after every action, and over a whole file in `check`). A rule's
//! words therefore appear in one place, and the two paths cannot drift apart.

pub mod audit;
pub mod dap;
pub mod gdap;
pub mod identity;
pub mod invitations;
pub mod limits;
mod longest_string;
pub mod multi_partner;
pub mod operator;
pub mod references;
