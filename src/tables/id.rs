//! Ids: small strings that name records. Up to 23 bytes live inline, so a record and the index
//! entries that name it copy a few words and allocate nothing; longer ones are reference-counted
//! and shared with the last equal one read on the thread.

use std::fmt;

use smol_str::SmolStr;

use serde::{Deserialize, Deserializer, Serialize};

use super::text::Text;

/// The key of a record: unique within its table.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(SmolStr);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Straight from the borrowed text into the small string, a long id shared with the
        // last equal one read (a few thousand owners are named by millions of records).
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Id, E> {
                Ok(Id(super::text::shared(text)))
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

impl Id {
    /// The empty id, made without a look at any text: what a moved-out record leaves.
    pub const EMPTY: Id = Id(SmolStr::new_inline(""));

    pub fn new(text: impl AsRef<str>) -> Self {
        Id(SmolStr::new(text.as_ref()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id's text as a `Text`, shared: a long one is not copied.
impl From<&Id> for Text {
    fn from(id: &Id) -> Text {
        Text::from_shared(id.0.clone())
    }
}

/// The text as an `Id`, shared: a long one is not copied.
impl From<&Text> for Id {
    fn from(text: &Text) -> Id {
        Id(text.shared().clone())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_a_plain_string() {
        let id: Id = serde_json::from_str("\"rel-12\"").unwrap();
        assert_eq!(id, Id::new("rel-12"));
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"rel-12\"");
        assert_eq!(format!("{id} {id:?}"), "rel-12 \"rel-12\"");
        assert!(serde_json::from_str::<Id>("12").is_err());
    }

    #[test]
    fn equal_long_ids_read_one_after_the_other_share_their_text() {
        let guid = "\"5f3c0c52-2d3b-4c7e-9d0e-8c0a1f7e2b11\"";
        let (a, b): (Id, Id) = (
            serde_json::from_str(guid).unwrap(),
            serde_json::from_str(guid).unwrap(),
        );
        assert_eq!(a, b);
        assert_eq!(a.as_str().as_ptr(), b.as_str().as_ptr());
    }

    #[test]
    fn ids_order_by_their_text() {
        let mut ids = [Id::new("b"), Id::new("a-2"), Id::new("a-10")];
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(Id::as_str).collect();
        assert_eq!(texts, ["a-10", "a-2", "b"]);
    }
}
