//! The review's findings in their final order — most severe first, then by id — without moving
//! them: each share's findings stay in the list its thread made, and the order names them share
//! by share. At a million customers a merged copy would be hundreds of megabytes of memory
//! touched for the first time; a face that only reads the findings (the CLI's listing) walks
//! them in order instead, and `into_vec` makes the one list for those that keep it.

use super::{Found, finding::Finding};

/// One share's order: (group, position) pairs.
type ShareOrder = Vec<(u8, u32)>;

pub struct Ordered {
    parts: Vec<Vec<Finding>>,
    /// (share, position) of each finding, in the order shown.
    order: Vec<(u32, u32)>,
}

impl Ordered {
    /// The shares' findings merged by order: each share's come sorted by (group, id).
    pub(super) fn of(shares: Vec<Found>) -> Ordered {
        let (parts, orders): (Vec<Vec<Finding>>, Vec<ShareOrder>) =
            shares.into_iter().map(Found::into_parts).unzip();
        let total = orders.iter().map(Vec::len).sum();
        let mut order = Vec::with_capacity(total);
        let mut at = vec![0usize; parts.len()];
        loop {
            // The share whose next finding comes first (few shares: a linear look).
            let mut next: Option<usize> = None;
            for k in 0..parts.len() {
                let Some(&(group, position)) = orders[k].get(at[k]) else {
                    continue;
                };
                let better = next.is_none_or(|n| {
                    let (best_group, best_position) = orders[n][at[n]];
                    let (this, that) = (
                        &parts[k][position as usize],
                        &parts[n][best_position as usize],
                    );
                    group < best_group
                        || (group == best_group && this.cmp_within_rule(that).is_lt())
                });
                if better {
                    next = Some(k);
                }
            }
            let Some(k) = next else {
                return Ordered { parts, order };
            };
            order.push((k as u32, orders[k][at[k]].1));
            at[k] += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The findings in order.
    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.order
            .iter()
            .map(|&(k, at)| &self.parts[k as usize][at as usize])
    }

    /// The findings as one list, in order, each moved once.
    pub fn into_vec(mut self) -> Vec<Finding> {
        let mut out = Vec::with_capacity(self.order.len());
        for &(k, at) in &self.order {
            out.push(std::mem::replace(
                &mut self.parts[k as usize][at as usize],
                Finding::placeholder(),
            ));
        }
        out
    }

    pub(super) fn parts_mut(&mut self) -> &mut [Vec<Finding>] {
        &mut self.parts
    }
}
