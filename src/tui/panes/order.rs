//! A pane's display order as positions: each record gets a small integer key (its position in
//! the workspace's order in the low bits), and sorting those integers orders the pane without
//! moving a row. Names sort 16 lowercase bytes at a time: only records whose first bytes tie
//! are looked at further. The orders equal `SortKey`'s (a test in `entries` holds them to it).

use crate::domain::Time;

/// Positions `0..keys.len()` in ascending key order; `keys[i]`'s low 32 bits must be `i`, so
/// equal keys cannot occur and ties fall to the workspace's order.
pub fn by_keys(mut keys: Vec<u128>) -> Vec<u32> {
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// A time as 94 bits that sort as the time does: seconds (offset to be unsigned) then
/// nanoseconds.
fn time_bits(t: Time) -> u128 {
    let nanos = t.0.as_nanosecond();
    let seconds = nanos.div_euclid(1_000_000_000) as i64;
    let sub = nanos.rem_euclid(1_000_000_000) as u128;
    ((((seconds as u64) ^ (1 << 63)) as u128) << 30) | sub
}

const TIME_MASK: u128 = (1 << 94) - 1;

/// Sorts by `group` (0–3), then by `time` ascending (absent first), then by position.
pub fn group_time_key(group: u8, time: Option<Time>, position: usize) -> u128 {
    let time = time.map_or(0, time_bits);
    (u128::from(group & 3) << 126) | (time << 32) | position as u128
}

/// Sorts by `time` descending, then by position.
pub fn newest_first_key(time: Time, position: usize) -> u128 {
    ((!time_bits(time) & TIME_MASK) << 32) | position as u128
}

/// Lowercase texts, one after another in one buffer (no allocation per record).
#[derive(Default)]
pub struct Texts {
    text: String,
    ends: Vec<usize>,
}

impl Texts {
    pub fn with_capacity(count: usize, bytes: usize) -> Texts {
        Texts {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(count),
        }
    }

    /// Appends `text` lowercased as `str::to_lowercase` does (ASCII in place).
    pub fn push_lowercase(&mut self, text: &str) {
        let start = self.text.len();
        if text.is_ascii() {
            self.text.push_str(text);
            self.text[start..].make_ascii_lowercase();
        } else {
            self.text.push_str(&text.to_lowercase());
        }
        self.ends.push(self.text.len());
    }

    fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text.as_bytes()[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Bytes `16 * depth..16 * depth + 16` of `text`, zero-padded, as one big-endian number.
fn chunk(text: &[u8], depth: usize) -> u128 {
    let mut bytes = [0u8; 16];
    let from = (16 * depth).min(text.len());
    let part = &text[from..(from + 16).min(text.len())];
    bytes[..part.len()].copy_from_slice(part);
    u128::from_be_bytes(bytes)
}

/// Positions in the order of their texts (bytewise, as `String`'s `Ord`), ties by position.
pub fn by_text(texts: &Texts) -> Vec<u32> {
    let mut items: Vec<(u128, u32)> = (0..texts.len() as u32)
        .map(|i| (chunk(texts.get(i), 0), i))
        .collect();
    items.sort_unstable();
    refine(&mut items, texts, 1);
    items.into_iter().map(|(_, i)| i).collect()
}

/// Orders each run of `items` whose first `depth` chunks tie by the next chunk, and so on; a
/// run whose texts all end within those chunks differs only in length (the padding): shorter
/// first, then by position.
fn refine(items: &mut [(u128, u32)], texts: &Texts, depth: usize) {
    let mut start = 0;
    while start < items.len() {
        let key = items[start].0;
        let end = start + items[start..].iter().take_while(|x| x.0 == key).count();
        let run = &mut items[start..end];
        if run.len() > 1 {
            if run.iter().any(|&(_, i)| texts.get(i).len() > 16 * depth) {
                for item in run.iter_mut() {
                    item.0 = chunk(texts.get(item.1), depth);
                }
                run.sort_unstable();
                refine(run, texts, depth + 1);
            } else {
                run.sort_unstable_by_key(|&(_, i)| (texts.get(i).len(), i));
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_sort_as_strings_do_with_ties_by_position() {
        let names = [
            "contoso trading 10",
            "Contoso Trading 9",
            "contoso trading 1",
            "contoso trading 1",
            "a",
            "",
            "a\0",
            "ÉCOLE du nord, longer than thirty-two bytes 2",
            "école du nord, longer than thirty-two bytes 10",
            "contoso trading company of the long name b",
            "contoso trading company of the long name a",
            "b",
        ];
        let mut texts = Texts::default();
        for n in names {
            texts.push_lowercase(n);
        }
        let mut expected: Vec<u32> = (0..names.len() as u32).collect();
        expected.sort_by_key(|&i| (names[i as usize].to_lowercase(), i));
        assert_eq!(by_text(&texts), expected);
    }

    #[test]
    fn keys_sort_by_group_then_time_or_newest_first() {
        let t = |s: &str| Time::parse(s).expect("a time");
        let early = t("1969-12-31T23:59:59.5Z");
        let late = t("2026-11-24T09:00:00.000000001Z");
        let later = t("2026-11-24T09:00:01Z");
        let keys = vec![
            group_time_key(2, Some(early), 0),
            group_time_key(0, Some(later), 1),
            group_time_key(0, Some(late), 2),
            group_time_key(1, None, 3),
            group_time_key(0, Some(early), 4),
            group_time_key(0, Some(late), 5),
        ];
        assert_eq!(by_keys(keys), vec![4, 2, 5, 1, 3, 0]);
        let keys = vec![
            newest_first_key(late, 0),
            newest_first_key(early, 1),
            newest_first_key(later, 2),
            newest_first_key(late, 3),
        ];
        assert_eq!(by_keys(keys), vec![2, 0, 3, 1]);
    }
}
