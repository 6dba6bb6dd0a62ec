//! Record texts that are short or repeat: names, codes, labels.
//!
//! A `Text` is a small string: up to 23 bytes live inline, so a record holding one allocates
//! nothing for it. A longer text read from a file is shared with an equal one read a moment ago
//! on this thread (`shared`): a million records may name a dozen distinct values, so each
//! distinct text is allocated about once per thread.
//! Loading a large file spends most of its time making memory, so fewer allocations are faster.

use std::fmt;

use foldhash::fast::FixedState;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use smol_str::SmolStr;
use std::collections::HashMap;

#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
// Inline: in the schema a text is just a string, as it was before it had a type of its own.
#[schemars(inline)]
pub struct Text(#[schemars(with = "String")] SmolStr);

impl Text {
    pub fn new(text: impl AsRef<str>) -> Text {
        Text(SmolStr::new(text.as_ref()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The text without white space at either end: itself (shared, not copied) when it has
    /// none, as nearly every text an export gives.
    pub fn trimmed_shared(&self) -> Text {
        match self.as_str().trim() {
            trimmed if trimmed.len() == self.0.len() => self.clone(),
            trimmed => Text::new(trimmed),
        }
    }
    /// The text itself, for an `Id` equal to it to share it (`id.rs`).
    pub(crate) fn shared(&self) -> &SmolStr {
        &self.0
    }
    pub(crate) fn from_shared(text: SmolStr) -> Text {
        Text(text)
    }
    /// A text written in the program: shared by every record that holds it, never copied
    /// (an import notes the same words in the history of every record it adds).
    pub const fn from_static(text: &'static str) -> Text {
        Text(SmolStr::new_static(text))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl serde::de::Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(shared(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(SmolStr::from(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::new(text)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.into()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

/// What `SmolStr` keeps inline, without allocating.
const INLINE: usize = 23;

/// `text` as a small string: inline when short, otherwise the allocation of an equal text read
/// a moment ago on this thread when there is one (`Recent`).
pub fn shared(text: &str) -> SmolStr {
    /// Longer texts are not worth a look (ids, names, digests and role ids are shorter).
    const LONGEST: usize = 256;

    if text.len() <= INLINE {
        // The inline constructor copies byte by byte: for a short id, cheaper than a call.
        return SmolStr::new_inline(text);
    }
    if text.len() > LONGEST {
        return SmolStr::new(text);
    }
    RECENT
        .try_with(|recent| recent.borrow_mut().share(text))
        .unwrap_or_else(|_| SmolStr::new(text))
}

thread_local! {
    static RECENT: std::cell::RefCell<Recent> = const {
        std::cell::RefCell::new(Recent {
            fresh: [const { SmolStr::new_inline("") }; FRESH],
            fresh_keys: [0; FRESH],
            next: 0,
            seen: Vec::new(),
            known: HashMap::with_hasher(FixedState::with_seed(0)),
        })
    };
}

/// How many of the texts last made on a thread are looked at first.
const FRESH: usize = 4;
/// At most this many texts are kept on a thread (the distinct values that repeat are a few
/// thousand); past it the set starts again, so it holds what repeats now.
const KNOWN_MOST: usize = 1 << 15;
/// Buckets of the fingerprints of texts seen once, four to a bucket, the oldest leaving first:
/// a text that repeats a few hundred records later is still there (it leaves only when four
/// others fall into its bucket in between), whatever unique texts come between.
const SEEN: usize = 4096;

/// The long texts read lately on one thread. Most long texts in a large file are either
/// unique (a subscription's or relationship's own id, read once more as its external id a few
/// fields later) or among a few thousand that repeat all the time, in no order (role ids,
/// offer names, the file names and digests of the exports the records came from). The first
/// kind is caught by the last few texts made (`fresh`), compared by a key of their length and
/// first bytes before their text; the second by a set of the texts seen twice (`known`). A
/// text seen once leaves only a fingerprint (`seen`), so a stream of unique ids neither grows
/// the set nor pushes anything out of it.
struct Recent {
    fresh: [SmolStr; FRESH],
    /// `key` of each of `fresh`: compared without reading the texts.
    fresh_keys: [u64; FRESH],
    /// Where the next text made goes in `fresh`.
    next: usize,
    /// Fingerprints of texts seen once, in buckets; empty until the first.
    seen: Vec<[u64; 4]>,
    /// The texts seen twice, by fingerprint.
    known: HashMap<u64, SmolStr, FixedState>,
}

/// 8 bytes of `text` from `at` (a long text has them), as a number.
fn word(text: &[u8], at: usize) -> u64 {
    let bytes = text.get(at..at + 8).and_then(|w| w.try_into().ok());
    u64::from_le_bytes(bytes.unwrap_or_default())
}

/// A long text's length and first bytes in one number: equal texts have equal keys.
fn key(text: &[u8]) -> u64 {
    word(text, 0) ^ ((text.len() as u64) << 56)
}

/// A cheap fingerprint of a long text (its length and three of its 8-byte words, mixed): two
/// texts that share one are taken for one, which at worst lets a text into `known` early.
fn fingerprint(text: &[u8]) -> u64 {
    let n = text.len();
    let mixed =
        key(text) ^ word(text, n / 2 - 4).rotate_left(21) ^ word(text, n - 8).rotate_left(42);
    mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Recent {
    fn share(&mut self, text: &str) -> SmolStr {
        let key = key(text.as_bytes());
        if let Some(at) =
            (0..FRESH).find(|&at| self.fresh_keys[at] == key && self.fresh[at].as_str() == text)
        {
            return self.fresh[at].clone();
        }
        // The fingerprint finds a known text: the text itself is hashed by nobody.
        let fingerprint = fingerprint(text.as_bytes());
        if let Some(known) = self.known.get(&fingerprint)
            && known.as_str() == text
        {
            return known.clone();
        }
        let made = SmolStr::new(text);
        if self.seen.is_empty() {
            self.seen.resize(SEEN, [0; 4]);
        }
        let bucket = &mut self.seen[(fingerprint >> 52) as usize % SEEN];
        if bucket.contains(&fingerprint) {
            if self.known.len() >= KNOWN_MOST {
                self.known.clear();
            }
            // Of two texts with one fingerprint the later is kept: the other is only not shared.
            self.known.insert(fingerprint, made.clone());
        } else {
            bucket.rotate_right(1);
            bucket[0] = fingerprint;
        }
        let at = self.next % FRESH;
        self.fresh[at] = made.clone();
        self.fresh_keys[at] = key;
        self.next = self.next.wrapping_add(1);
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trimmed_text_is_shared_and_one_with_white_space_at_an_end_is_trimmed() {
        let long = Text::from("Dynamics 365 Sales Enterprise");
        let kept = long.trimmed_shared();
        assert_eq!(
            kept.as_str().as_ptr(),
            long.as_str().as_ptr(),
            "shared, not copied"
        );
        let spaced = Text::from("\u{a0} Dynamics 365 Sales Enterprise\t");
        assert_eq!(spaced.trimmed_shared(), long);
        assert_eq!(Text::from("  ").trimmed_shared(), Text::from(""));
    }

    #[test]
    fn an_equal_long_text_read_twice_shares_one_allocation() {
        let long = "Microsoft 365 Business Premium (annual)";
        let (a, b) = (shared(long), shared(long));
        assert_eq!(a, b);
        assert!(a.is_heap_allocated());
        assert_eq!(a.as_ptr(), b.as_ptr());
    }

    #[test]
    fn a_long_id_read_again_a_few_texts_later_shares_its_allocation() {
        // A relationship's id (longer than the table takes) and a subscription's, each read
        // again as the record's external id after other long texts.
        let id = "00007862-46ef-4528-aca9-67846400beb3-09cf80cc-4ca2-4d25-8173-d573253400bc";
        for id in [id, &id[..36]] {
            let first = shared(id);
            shared("Fabrikam Video 2124 service desk");
            shared("/exports/graph-relationships-00007.json");
            let again = shared(id);
            assert_eq!(first.as_ptr(), again.as_ptr(), "{id}");
        }
    }

    #[test]
    fn unique_texts_never_push_out_a_text_that_repeats() {
        let role = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
        let unique = |n: usize| shared(&format!("0000{n:04x}-efbb-4750-bb9d-8fc4191a65a6"));
        // Read with more than a handful of other texts between, so it is known.
        let mut kept = shared(role);
        for round in 0..3 {
            (0..FRESH * 2).for_each(|n| drop(unique(round * 100 + n)));
            kept = shared(role);
        }
        // Far more unique texts than are kept: were they kept, the set would be full.
        (1000..KNOWN_MOST * 2).for_each(|n| drop(unique(n)));
        assert_eq!(shared(role).as_ptr(), kept.as_ptr());
    }

    #[test]
    fn thousands_of_texts_repeating_in_no_order_are_each_made_once_they_are_known() {
        // The file names and digests of a thousand exports, named by records in id order.
        let files: Vec<String> = (0..1000)
            .map(|n| format!("/exports/pc-subscriptions-{n:05}.json"))
            .collect();
        let unique = |n: usize| shared(&format!("0000{n:04x}-efbb-4750-bb9d-8fc4191a65a6"));
        for round in 0..2 {
            for (n, file) in files.iter().enumerate() {
                shared(file);
                drop(unique(round * 10_000 + n));
            }
        }
        let known: Vec<SmolStr> = files.iter().rev().map(|file| shared(file)).collect();
        for (file, known) in files.iter().zip(known.iter().rev()) {
            assert_eq!(shared(file).as_ptr(), known.as_ptr(), "{file}");
        }
    }

    #[test]
    fn texts_with_one_fingerprint_each_read_back_as_themselves() {
        // Equal in length and in the words the fingerprint mixes; different in between.
        let text = |n: u8| format!("known-0-{}-middle-{}-same-end", n % 10, n / 10);
        let (a, b) = (text(1), text(2));
        assert_eq!(fingerprint(a.as_bytes()), fingerprint(b.as_bytes()));
        for _ in 0..3 {
            for text in [&a, &b] {
                (0..FRESH).for_each(|n| drop(shared(&format!("{n:04}-a-text-in-between-them"))));
                assert_eq!(shared(text), text.as_str());
            }
        }
    }

    #[test]
    fn a_short_text_is_inline_and_round_trips_through_json() {
        let text: Text = serde_json::from_str("\"FR\"").unwrap();
        assert_eq!(text, "FR");
        assert!(!text.0.is_heap_allocated());
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"FR\"");
    }

    #[test]
    fn escapes_are_decoded_before_sharing() {
        let text: Text =
            serde_json::from_str(r#""Contoso \u65e5\u672c \"quoted\" and long enough""#).unwrap();
        assert_eq!(text, "Contoso 日本 \"quoted\" and long enough");
    }
}
