//! A long list kept in the pieces it was made in. A large file is parsed in chunks on several
//! threads; joining their records into one vector would copy every record once more (over a
//! gigabyte for a few million records) for nothing, so a table's loaded records stay as parsed.
//! Reading one by position finds its piece first: a binary search over a few hundred ends.

use std::ops::Index;

pub struct Chunked<T> {
    pieces: Vec<Vec<T>>,
    /// Where each piece ends, counted over all pieces (`ends[i]` is the total up to piece i).
    ends: Vec<usize>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            pieces: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Chunked<T> {
    fn from(records: Vec<T>) -> Self {
        Chunked::new(vec![records])
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Chunked<T> {
    /// The pieces in order; empty ones are dropped.
    pub fn new(pieces: Vec<Vec<T>>) -> Self {
        let pieces: Vec<Vec<T>> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        let ends = pieces
            .iter()
            .scan(0, |total, piece| {
                *total += piece.len();
                Some(*total)
            })
            .collect();
        Chunked { pieces, ends }
    }

    /// Where the pieces meet: the last element of each piece with the first of the next.
    pub fn seams(&self) -> impl Iterator<Item = (&T, &T)> {
        self.pieces
            .windows(2)
            .filter_map(|pair| Some((pair[0].last()?, pair[1].first()?)))
    }

    pub fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Every element in order, to change in place (a file format's migration); the pieces and
    /// their lengths stay as they are.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.pieces.iter_mut().flatten()
    }

    /// How many pieces hold the elements.
    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }

    pub fn get(&self, at: usize) -> Option<&T> {
        let piece = self.ends.partition_point(|&end| end <= at);
        let start = piece.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.pieces.get(piece)?.get(at - start)
    }

    /// Every element in order.
    pub fn iter(&self) -> Cursor<'_, T> {
        Cursor {
            front: &[],
            middle: &self.pieces,
            back: &[],
            remaining: self.len(),
        }
    }

    /// The element `order` finds `Equal`, in sorted pieces (one binary search over the pieces'
    /// last elements, one within the piece).
    pub fn find_by(&self, mut order: impl FnMut(&T) -> std::cmp::Ordering) -> Option<&T> {
        use std::cmp::Ordering;
        let piece = self
            .pieces
            .partition_point(|p| p.last().is_some_and(|last| order(last) == Ordering::Less));
        let records = self.pieces.get(piece)?;
        records.binary_search_by(order).ok().map(|at| &records[at])
    }

    /// The elements in one vector (moving each once).
    pub fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len());
        for mut piece in self.pieces {
            all.append(&mut piece);
        }
        all
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;
    // Indexing out of range panics, as a slice's does: that is `Index`'s contract (`get` is
    // the fallible way).
    #[allow(clippy::panic, reason = "Index panics out of range, like a slice")]
    fn index(&self, at: usize) -> &T {
        match self.get(at) {
            Some(element) => element,
            None => panic!("index {at} out of range for {} elements", self.len()),
        }
    }
}

/// The elements of a `Chunked` from both ends, which can also be looked at without being taken
/// (a table merges them with its overlay).
#[derive(Clone)]
pub struct Cursor<'a, T> {
    front: &'a [T],
    middle: &'a [Vec<T>],
    back: &'a [T],
    remaining: usize,
}

impl<'a, T> Cursor<'a, T> {
    pub fn peek_front(&mut self) -> Option<&'a T> {
        while self.front.is_empty() {
            match self.middle.split_first() {
                Some((piece, rest)) => {
                    self.front = piece;
                    self.middle = rest;
                }
                None => return self.back.first(),
            }
        }
        self.front.first()
    }

    pub fn peek_back(&mut self) -> Option<&'a T> {
        while self.back.is_empty() {
            match self.middle.split_last() {
                Some((piece, rest)) => {
                    self.back = piece;
                    self.middle = rest;
                }
                None => return self.front.last(),
            }
        }
        self.back.last()
    }
}

impl<'a, T> Iterator for Cursor<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some((element, rest)) = self.front.split_first() {
                self.front = rest;
                self.remaining -= 1;
                return Some(element);
            }
            match self.middle.split_first() {
                Some((piece, rest)) => {
                    self.front = piece;
                    self.middle = rest;
                }
                None => {
                    // What is left was taken into `back` by `next_back`.
                    let (element, rest) = self.back.split_first()?;
                    self.back = rest;
                    self.remaining -= 1;
                    return Some(element);
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> DoubleEndedIterator for Cursor<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let element = self.peek_back()?;
        if self.back.is_empty() {
            self.front = &self.front[..self.front.len() - 1];
        } else {
            self.back = &self.back[..self.back.len() - 1];
        }
        self.remaining -= 1;
        Some(element)
    }
}

impl<T> ExactSizeIterator for Cursor<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pieces() -> impl Strategy<Value = Vec<Vec<u16>>> {
        proptest::collection::vec(proptest::collection::vec(any::<u16>(), 0..6), 0..8)
    }

    proptest! {
        /// Position, iteration from either end and search read like one flat vector.
        #[test]
        fn reads_like_the_flat_vector(
            pieces in pieces(),
            from_back in proptest::collection::vec(any::<bool>(), 0..40),
            target in any::<u16>(),
        ) {
            let flat: Vec<u16> = pieces.concat();
            let chunked = Chunked::new(pieces.clone());
            prop_assert_eq!(chunked.len(), flat.len());
            for (at, element) in flat.iter().enumerate() {
                prop_assert_eq!(chunked.get(at), Some(element));
            }
            prop_assert_eq!(chunked.get(flat.len()), None);
            prop_assert_eq!(chunked.iter().collect::<Vec<_>>(), flat.iter().collect::<Vec<_>>());
            // Taking from both ends in any mix meets in the middle, each element once.
            let (mut cursor, mut model) = (chunked.iter(), flat.iter());
            for back in from_back {
                prop_assert_eq!(cursor.len(), model.len());
                if back {
                    prop_assert_eq!(cursor.next_back(), model.next_back());
                } else {
                    prop_assert_eq!(cursor.next(), model.next());
                }
            }
            let mut sorted_pieces = pieces;
            let mut sorted: Vec<u16> = flat;
            sorted.sort_unstable();
            sorted.dedup();
            // The same sorted elements, cut into pieces the way the originals were.
            let mut rest = sorted.as_slice();
            for piece in &mut sorted_pieces {
                let take = piece.len().min(rest.len());
                *piece = rest[..take].to_vec();
                rest = &rest[take..];
            }
            let sorted_chunked = Chunked::new(sorted_pieces);
            let flat_sorted: Vec<u16> = sorted_chunked.iter().copied().collect();
            prop_assert_eq!(
                sorted_chunked.find_by(|e| e.cmp(&target)),
                flat_sorted.binary_search(&target).ok().map(|at| &flat_sorted[at])
            );
            for element in &flat_sorted {
                prop_assert_eq!(sorted_chunked.find_by(|e| e.cmp(element)), Some(element));
            }
            prop_assert_eq!(sorted_chunked.into_vec(), flat_sorted);
        }
    }
}
