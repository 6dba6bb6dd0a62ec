//! A listing page read without a tree: Partner Center's `{"items": [...]}` and Graph's
//! `{"value": [...]}` as the slices of text each item is, so each item goes straight into its
//! typed shape; the page's other fields (`links`, `@odata.context`…, small) are parsed as values.
//! A page of another shape (a bare array, a single item, anything malformed) is not a listing
//! here: `read_source` reads it as a tree, which also says what is wrong with it.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::recognise::{Kind, from_context, item_kind};

/// A page's items as text, and everything else on it.
pub struct Listing<'a> {
    /// `value` or `items`.
    pub field: &'static str,
    pub items: Vec<&'a RawValue>,
    /// The page without its items.
    pub rest: Value,
}

/// `bytes` as a listing, or `None` when it is not one (or not valid JSON).
pub fn listing(bytes: &[u8]) -> Option<Listing<'_>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = de.deserialize_map(TopVisitor).ok()?;
    de.end().ok()?;
    // As `recognise` reads a tree: `value` first, then `items`.
    let (field, items) = match (top.value, top.items) {
        (Some(items), _) => ("value", items),
        (None, Some(items)) => ("items", items),
        (None, None) => return None,
    };
    Some(Listing {
        field,
        items,
        rest: Value::Object(top.rest),
    })
}

impl Listing<'_> {
    /// What the page lists, as `recognise` would say from its tree: the first item of a known
    /// kind, else the page's `@odata.context`; an empty page of neither is `Empty`. `None` when
    /// its items are of no kind partnerdesk imports (the tree's reading explains why).
    pub fn kind(&self) -> Option<Kind> {
        let first = self.items.iter().find_map(|item| {
            serde_json::from_str::<Value>(item.get())
                .ok()
                .as_ref()
                .and_then(item_kind)
        });
        let context = || {
            self.rest
                .get("@odata.context")
                .and_then(Value::as_str)
                .and_then(from_context)
        };
        match first.or_else(context) {
            Some(kind) => Some(kind),
            None if self.items.is_empty() => Some(Kind::Empty),
            None => None,
        }
    }
}

/// The top level of a page: the items of `value` and `items` as text, the rest as values. A
/// repeated field is refused (a tree keeps its last copy; the tree's reading decides).
struct Top<'a> {
    value: Option<Vec<&'a RawValue>>,
    items: Option<Vec<&'a RawValue>>,
    rest: Map<String, Value>,
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a listing page (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top {
            value: None,
            items: None,
            rest: Map::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "value" => &mut top.value,
                "items" => &mut top.items,
                _ => {
                    let value: Value = map.next_value()?;
                    if top.rest.insert(key, value).is_some() {
                        return Err(de::Error::custom("a repeated field"));
                    }
                    continue;
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom("a repeated field"));
            }
            // Not an array (`null`, an object…): an error here, said by the tree's reading.
            *slot = Some(map.next_value()?);
        }
        Ok(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_keeps_its_items_as_text_and_its_other_fields_as_values() {
        let page = br#"{"@odata.context": "x#accessAssignments", "value": [{"id": "a"}, {"id": "b"}], "@odata.nextLink": "n"}"#;
        let listing = listing(page).unwrap();
        assert_eq!(listing.field, "value");
        let texts: Vec<&str> = listing.items.iter().map(|i| i.get()).collect();
        assert_eq!(texts, [r#"{"id": "a"}"#, r#"{"id": "b"}"#]);
        assert_eq!(listing.rest["@odata.nextLink"], "n");
        assert!(listing.rest.get("value").is_none());
        assert_eq!(listing.kind(), Some(Kind::AccessAssignments));
    }

    #[test]
    fn other_shapes_are_left_to_the_tree() {
        for page in [
            &br#"[{"companyProfile": {}}]"#[..],
            br#"{"companyProfile": {}}"#,
            br#"{"value": 3}"#,
            br#"{"value": [], "value": []}"#,
            br#"{"items": [1, 2"#,
            br#"{"items": []} trailing"#,
            b"",
        ] {
            assert!(listing(page).is_none(), "{}", String::from_utf8_lossy(page));
        }
    }

    #[test]
    fn a_listing_of_unknown_items_has_no_kind_and_an_empty_one_is_empty() {
        assert_eq!(listing(br#"{"items": [{"x": 1}]}"#).unwrap().kind(), None);
        assert_eq!(
            listing(br#"{"items": []}"#).unwrap().kind(),
            Some(Kind::Empty)
        );
    }
}
