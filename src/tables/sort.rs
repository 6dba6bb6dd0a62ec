//! Sorting records that are large to move: their places are sorted (by a number made of the
//! key's first bytes, then the whole keys), then each record is moved once along its cycle of
//! the permutation, in place: no second vector of records and no fresh memory to fault in.

use super::table::Keyed;

/// `records` in increasing key order.
pub fn by_key<T: Keyed>(records: &mut [T]) {
    if records.is_sorted_by(|a, b| a.key() <= b.key()) {
        return;
    }
    by_text(records, |record| record.key().as_str());
}

/// `items` in increasing order of the text `text_of` gives each; items with equal texts keep
/// their order.
pub fn by_text<T>(items: &mut [T], text_of: impl Fn(&T) -> &str) {
    // The place breaks ties, so the unstable sort keeps equal texts in their order.
    let mut order: Vec<(u128, usize)> = items
        .iter()
        .map(|item| prefix(text_of(item)))
        .zip(0..)
        .collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| text_of(&items[a.1]).cmp(text_of(&items[b.1])))
            .then(a.1.cmp(&b.1))
    });
    let mut places: Vec<usize> = order.into_iter().map(|(_, at)| at).collect();
    permute(items, &mut places);
}

/// A text's first 16 bytes as a big-endian number, zero-padded: when two prefixes differ,
/// their texts compare as they do (a shorter text pads with zeros, below any byte a longer one
/// has there, or equal to a zero byte: then the prefixes are equal and the texts decide). Most
/// comparisons of a sort are then of two integers, not two strings far away in memory.
pub fn prefix(text: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &text.as_bytes()[..text.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// Puts `items[places[i]]` at `i` for every `i`, cycle by cycle (`places` is used up). Each
/// record is moved once: the cycle's first is held aside while the others move up one place
/// each, instead of being swapped along (three moves a step, a large share of an import's
/// sorting). A `places` that is not a permutation of the items' places changes nothing.
pub fn permute<T>(items: &mut [T], places: &mut [usize]) {
    if !is_permutation(places, items.len()) {
        return;
    }
    for start in 0..places.len() {
        if places[start] == start {
            continue;
        }
        let base = items.as_mut_ptr();
        // SAFETY: every index below is a place of `items` (`places` is a permutation of them,
        // checked above, and each place is read once before it is set to itself). The cycle's
        // first record is read out, each place of the cycle then takes the record its entry
        // names (never the place itself: `from != at`), and the last free place takes the first
        // record back: every record ends in exactly one place, none is dropped or doubled. No
        // code between the read and the write can panic.
        unsafe {
            let first = std::ptr::read(base.add(start));
            let mut at = start;
            loop {
                let from = *places.get_unchecked(at);
                *places.get_unchecked_mut(at) = at;
                if from == start {
                    break;
                }
                std::ptr::copy_nonoverlapping(base.add(from), base.add(at), 1);
                at = from;
            }
            std::ptr::write(base.add(at), first);
        }
    }
}

/// Whether `places` holds each of `0..len` once.
fn is_permutation(places: &[usize], len: usize) -> bool {
    let mut seen = vec![false; len];
    places.len() == len
        && places
            .iter()
            .all(|&p| p < len && !std::mem::replace(&mut seen[p], true))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tables::id::Id;

    #[derive(Clone, Debug, PartialEq)]
    struct Record(Id, usize);

    impl Keyed for Record {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    #[test]
    fn a_prefix_orders_as_its_text_when_two_differ() {
        let texts = [
            "",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "b",
        ];
        for a in texts {
            for b in texts {
                if prefix(a) != prefix(b) {
                    assert_eq!(prefix(a).cmp(&prefix(b)), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn places_that_are_not_a_permutation_change_nothing() {
        let mut items = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        for mut places in [vec![1, 1, 0], vec![0, 1], vec![2, 0, 3], vec![0, 1, 2, 3]] {
            permute(&mut items, &mut places);
            assert_eq!(items, ["a", "b", "c"], "{places:?}");
        }
    }

    proptest! {
        #[test]
        fn a_permutation_puts_each_record_where_it_is_asked(
            places in Just((0..50).collect::<Vec<usize>>()).prop_shuffle()
        ) {
            let mut items: Vec<usize> = (100..150).collect();
            let expected: Vec<usize> = places.iter().map(|&p| 100 + p).collect();
            permute(&mut items, &mut places.clone());
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn a_permutation_of_owned_texts_moves_each_once_and_loses_none(
            places in Just((0..40).collect::<Vec<usize>>()).prop_shuffle()
        ) {
            let mut items: Vec<String> = (0..40).map(|n| format!("record number {n}")).collect();
            let expected: Vec<String> = places.iter().map(|&p| items[p].clone()).collect();
            permute(&mut items, &mut places.clone());
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn records_are_sorted_by_key_as_a_plain_sort_sorts_them(
            keys in prop::collection::btree_set("[a-c]{0,10}", 0..60)
                .prop_map(|keys| keys.into_iter().collect::<Vec<String>>())
                .prop_shuffle()
        ) {
            let mut records: Vec<Record> =
                keys.iter().enumerate().map(|(i, k)| Record(Id::new(k), i)).collect();
            let mut expected = records.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            by_key(&mut records);
            prop_assert_eq!(records, expected);
        }

        #[test]
        fn items_sorted_by_text_are_in_a_stable_sorts_order_equal_texts_as_they_came(
            texts in prop::collection::vec("[a-b]{0,3}|[a-b]{15,18}", 0..60)
        ) {
            let mut items: Vec<(String, usize)> =
                texts.into_iter().enumerate().map(|(i, t)| (t, i)).collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            by_text(&mut items, |(text, _)| text);
            prop_assert_eq!(items, expected);
        }
    }
}
