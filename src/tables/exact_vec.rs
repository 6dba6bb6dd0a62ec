//! Reading a list into a `Vec` that holds exactly its elements. serde's own `Vec` reader starts
//! empty and grows to room for four on the first push (JSON gives no length up front), so a
//! one-entry list took four entries' memory: over a gigabyte for a few million records. Most
//! lists in a record hold one or two elements.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// `#[serde(deserialize_with = "exact_vec::read")]`: the list, with no spare capacity.
pub fn read<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(ExactVisitor(PhantomData))
}

struct ExactVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ExactVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let Some(first) = seq.next_element()? else {
            return Ok(Vec::new());
        };
        let Some(second) = seq.next_element()? else {
            return Ok(vec![first]);
        };
        let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(0).saturating_add(2).min(64));
        all.push(first);
        all.push(second);
        while let Some(next) = seq.next_element()? {
            all.push(next);
        }
        all.shrink_to_fit();
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "read")]
        list: Vec<u32>,
    }

    fn read_list(json: &str) -> Vec<u32> {
        serde_json::from_str::<Holder>(json).unwrap().list
    }

    #[test]
    fn lists_of_any_length_are_read_whole_with_no_spare_room() {
        for n in [0usize, 1, 2, 3, 4, 5, 17, 200] {
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let list = read_list(&format!("{{\"list\": [{}]}}", items.join(",")));
            assert_eq!(list, (0..n as u32).collect::<Vec<_>>());
            assert_eq!(list.capacity(), n, "{n} elements");
        }
    }

    #[test]
    fn a_wrong_element_is_still_an_error() {
        assert!(serde_json::from_str::<Holder>(r#"{"list": [1, "two"]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"list": 3}"#).is_err());
    }
}
