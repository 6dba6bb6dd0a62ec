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

    /// Moves what `page` gathered after what is here, leaving `page` empty with its room. When
    /// a kind outgrows its room, room is made at once for `pages_after` more pages as large as
    /// this one (exports page a listing evenly): growing by doubling copies every record again
    /// at each step, into fresh memory (a tenth of the reading's time on the thread that keeps
    /// the records). Room never written to is only address space.
    pub fn append(&mut self, page: &mut Gathered, pages_after: usize) {
        add(&mut self.partners, &mut page.partners, pages_after);
        add(&mut self.customers, &mut page.customers, pages_after);
        add(
            &mut self.subscriptions,
            &mut page.subscriptions,
            pages_after,
        );
        add(
            &mut self.relationships,
            &mut page.relationships,
            pages_after,
        );
        add(&mut self.assignments, &mut page.assignments, pages_after);
        add(&mut self.left_out, &mut page.left_out, pages_after);
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

/// The most room `Gathered::append` makes ahead for one kind: a large page before many small
/// ones must not ask for gigabytes.
const MOST_AHEAD_BYTES: usize = 1 << 30;

fn add<T>(records: &mut Vec<T>, page: &mut Vec<T>, pages_after: usize) {
    if records.capacity() - records.len() < page.len() {
        let expected = page.len().saturating_mul(pages_after.saturating_add(1));
        let most = MOST_AHEAD_BYTES / size_of::<T>().max(1);
        // When that much cannot be had, the usual growth.
        let _ = records.try_reserve_exact(expected.min(most));
    }
    records.append(page);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Refusal, RuleId};

    fn page(keys: &[&str]) -> Gathered {
        let left_out = keys
            .iter()
            .map(|key| LeftOut::new("customer", *key, Refusal::new(RuleId::WS1, String::new())));
        Gathered {
            left_out: left_out.collect(),
            ..Gathered::default()
        }
    }

    fn keys(g: &Gathered) -> Vec<&str> {
        g.left_out.iter().map(|l| l.key.as_str()).collect()
    }

    #[test]
    fn appended_pages_keep_their_records_in_order_with_room_made_for_the_pages_after() {
        let mut all = Gathered::default();
        let mut first = page(&["a", "b"]);
        all.append(&mut first, 3);
        assert!(first.left_out.is_empty());
        assert!(all.left_out.capacity() >= 8);
        all.append(&mut page(&["c"]), 2);
        // A page larger than any guess, then a guess too large to make room for.
        all.append(&mut page(&["d", "e", "f", "g", "h", "i", "j"]), usize::MAX);
        all.append(&mut page(&["k"]), 0);
        assert_eq!(
            keys(&all),
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
        );
    }
}
