//! What the readers of every export gather, before `merge` makes one import of it.

use crate::domain::imported::{
    ImportedAssignment, ImportedCustomer, ImportedGdap, ImportedPartner, ImportedSubscription,
    LeftOut,
};

/// Records as read from every file, before merging.
#[derive(Debug, Default)]
pub struct Gathered {
    pub partners: Vec<ImportedPartner>,
    pub customers: Vec<ImportedCustomer>,
    pub subscriptions: Vec<ImportedSubscription>,
    pub relationships: Vec<ImportedGdap>,
    pub assignments: Vec<ImportedAssignment>,
    pub left_out: Vec<LeftOut>,
}
