//! Record texts that are short or repeat: names, codes, labels.
//!
//! A `Text` is a small string: up to 23 bytes live inline, so a record holding one allocates
//! nothing for it. A longer text read from a file is shared with the last one read on this thread
//! that was equal (`shared`): a million records may name a dozen distinct values,
//! so each distinct text is allocated about once per thread.
//! Loading a large file spends most of its time making memory, so fewer allocations are faster.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use smol_str::SmolStr;

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

/// `text` as a small string: inline when short, otherwise the allocation of the last equal text
/// read on this thread when there is one. A small direct-mapped table: a miss costs what no
/// table would, a hit saves an allocation and its memory.
pub fn shared(text: &str) -> SmolStr {
    use std::cell::RefCell;
    use std::hash::BuildHasher;

    const SLOTS: usize = 4096;
    /// Longer texts are not worth a slot (ids, names and role ids are short).
    const LONGEST: usize = 64;
    /// What `SmolStr` keeps inline, without allocating.
    const INLINE: usize = 23;

    thread_local! {
        static RECENT: RefCell<Vec<Option<SmolStr>>> = RefCell::new(vec![None; SLOTS]);
    }

    if text.len() <= INLINE {
        // The inline constructor copies byte by byte: for a short id, cheaper than a call.
        return SmolStr::new_inline(text);
    }
    if text.len() > LONGEST {
        return SmolStr::new(text);
    }
    let slot = foldhash::fast::FixedState::with_seed(0).hash_one(text) as usize % SLOTS;
    RECENT
        .try_with(|recent| {
            let mut recent = recent.borrow_mut();
            match &recent[slot] {
                Some(known) if known.as_str() == text => known.clone(),
                _ => {
                    let fresh = SmolStr::new(text);
                    recent[slot] = Some(fresh.clone());
                    fresh
                }
            }
        })
        .unwrap_or_else(|_| SmolStr::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_equal_long_text_read_twice_shares_one_allocation() {
        let long = "Microsoft 365 Business Premium (annual)";
        let (a, b) = (shared(long), shared(long));
        assert_eq!(a, b);
        assert!(a.is_heap_allocated());
        assert_eq!(a.as_ptr(), b.as_ptr());
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
