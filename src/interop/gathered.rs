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

/// How many records of each kind were gathered at some moment (`Gathered::mark`).
#[derive(Clone, Copy, Debug)]
pub struct Mark([usize; 6]);

impl Gathered {
    /// Where the records gathered next will start.
    pub fn mark(&self) -> Mark {
        Mark([
            self.partners.len(),
            self.customers.len(),
            self.subscriptions.len(),
            self.relationships.len(),
            self.assignments.len(),
            self.left_out.len(),
        ])
    }

    /// Forgets every record gathered since `mark`.
    pub fn truncate(&mut self, mark: Mark) {
        let [p, c, s, r, a, l] = mark.0;
        self.partners.truncate(p);
        self.customers.truncate(c);
        self.subscriptions.truncate(s);
        self.relationships.truncate(r);
        self.assignments.truncate(a);
        self.left_out.truncate(l);
    }

    /// Moves what `page` gathered after what is here, leaving `page` empty with its room.
    pub fn append(&mut self, page: &mut Gathered) {
        self.partners.append(&mut page.partners);
        self.customers.append(&mut page.customers);
        self.subscriptions.append(&mut page.subscriptions);
        self.relationships.append(&mut page.relationships);
        self.assignments.append(&mut page.assignments);
        self.left_out.append(&mut page.left_out);
    }

    /// Says that every record gathered since `mark` was read from source `index`.
    pub fn read_from(&mut self, mark: Mark, index: usize) {
        let [p, c, s, r, a, _] = mark.0;
        let source = Some(index);
        self.partners
            .iter_mut()
            .skip(p)
            .for_each(|x| x.source = source);
        self.customers
            .iter_mut()
            .skip(c)
            .for_each(|x| x.source = source);
        self.subscriptions
            .iter_mut()
            .skip(s)
            .for_each(|x| x.source = source);
        self.relationships
            .iter_mut()
            .skip(r)
            .for_each(|x| x.source = source);
        self.assignments
            .iter_mut()
            .skip(a)
            .for_each(|x| x.source = source);
    }
}
