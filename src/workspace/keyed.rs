//! Every record kind is keyed by its id in the tables.

use crate::domain::records::*;
use crate::tables::id::Id;

macro_rules! keyed {
    ($($record:ty),*) => {$(
        impl crate::tables::table::Keyed for $record {
            fn key(&self) -> &Id {
                &self.id
            }
        }
    )*};
}
keyed!(
    Partner,
    Customer,
    Subscription,
    Relationship,
    Invitation,
    AccessAssignment
);
