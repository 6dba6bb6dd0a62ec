//! A listing page read in one pass: Partner Center's `{"items": [...]}` and Graph's
//! `{"value": [...]}`, each item read from the page's text straight into the shape of the
//! page's kind and gathered at once, without finding its text first and reading it again, nor
//! keeping the items until the page ends. The page's other fields (`links`, `@odata.context`…,
//! small) are kept as values.
//!
//! The one pass answers only for a page it reads cleanly, to the same records the slower
//! reading (`page::listing`, then each item's text) gives: valid UTF-8, one object with one list
//! of items whose first item is of a known kind, every item reading into that kind's shape and
//! gathering without error, and what the page says of its items (`Listed`) the same before its
//! items as after them (the items were gathered with the first). Anything else, `None`: the
//! caller forgets what was gathered and reads the page the slower way, which says where and why
//! if something is wrong.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::gathered::Gathered;
use super::links::Listed;
use super::reader::Reader;
use super::recognise::{Kind, item_kind};
use super::shape::{Shape, item_path};
use super::{graph, partner_center};

/// Reads the listing page `bytes` into `out`: its kind and how many items it lists, or `None`
/// (`out` may then hold some of its records: the caller forgets them).
pub(super) fn read_listing(
    bytes: &[u8],
    reader: &Reader<'_>,
    relationship: Option<&str>,
    out: &mut Gathered,
) -> Option<(Kind, usize)> {
    // Checked once for the page, not string by string as a reader of bytes would.
    let text = std::str::from_utf8(bytes).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let page = de
        .deserialize_map(PageVisitor {
            reader,
            relationship,
            out,
        })
        .ok()?;
    de.end().ok()?;
    let (kind, count, listed) = page.read?;
    (Listed::of_fields(&page.rest, relationship) == listed).then_some((kind, count))
}

/// A page read: its items' kind, count and what was known of them when they were gathered,
/// and its other fields.
struct Page {
    read: Option<(Kind, usize, Listed)>,
    rest: Map<String, Value>,
}

struct PageVisitor<'r, 'o> {
    reader: &'r Reader<'r>,
    relationship: Option<&'r str>,
    out: &'o mut Gathered,
}

impl<'de> Visitor<'de> for PageVisitor<'_, '_> {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a listing page (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page {
            read: None,
            rest: Map::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            let field = match key.as_str() {
                "value" => "value",
                "items" => "items",
                _ => {
                    let value: Value = map.next_value()?;
                    if page.rest.insert(key, value).is_some() {
                        return Err(de::Error::custom("a repeated field"));
                    }
                    continue;
                }
            };
            // Both, or one twice: which one a tree keeps is the slower reading's to say.
            if page.read.is_some() {
                return Err(de::Error::custom("two lists of items"));
            }
            let listed = Listed::of_fields(&page.rest, self.relationship);
            let items = Items {
                reader: self.reader,
                field,
                listed: &listed,
                out: &mut *self.out,
            };
            let (kind, count) = map.next_value_seed(items)?;
            page.read = Some((kind, count, listed));
        }
        Ok(page)
    }
}

/// A list of items, each gathered as it is read.
struct Items<'r, 'o> {
    reader: &'r Reader<'r>,
    field: &'static str,
    listed: &'r Listed,
    out: &'o mut Gathered,
}

impl<'de> DeserializeSeed<'de> for Items<'_, '_> {
    type Value = (Kind, usize);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(Kind, usize), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = (Kind, usize);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(Kind, usize), A::Error> {
        // The kind, as the slower reading says it: its first item's, read as a tree (then its
        // shape from that tree, which is what that reading gives too).
        let first: Value = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("no items"))?;
        let kind = item_kind(&first).ok_or_else(|| de::Error::custom("no kind"))?;
        match kind {
            Kind::Customers => self.gather::<partner_center::Customer, A>(&first, seq),
            Kind::Subscriptions => self.gather::<partner_center::Subscription, A>(&first, seq),
            Kind::PartnerRelationships => {
                self.gather::<partner_center::PartnerRelationship, A>(&first, seq)
            }
            Kind::DelegatedAdminRelationships => self.gather::<graph::Relationship, A>(&first, seq),
            Kind::AccessAssignments => self.gather::<graph::Assignment, A>(&first, seq),
            Kind::Empty => Err(de::Error::custom("no kind")),
        }
    }
}

impl Items<'_, '_> {
    fn gather<'de, T: Shape, A: SeqAccess<'de>>(
        self,
        first: &Value,
        mut seq: A,
    ) -> Result<(Kind, usize), A::Error> {
        let Items {
            reader,
            field,
            listed,
            out,
        } = self;
        let mut at = String::with_capacity(field.len() + 8);
        let mut gather = |index: usize, item: T| {
            item_path(&mut at, field, index);
            item.gather(reader, &at, listed, out)
                .map_err(|err| de::Error::custom(err.message))
        };
        gather(0, T::deserialize(first).map_err(de::Error::custom)?)?;
        let mut count = 1;
        while let Some(item) = seq.next_element::<T>()? {
            gather(count, item)?;
            count += 1;
        }
        Ok((T::KIND, count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: Reader<'static> = Reader { file: "page.json" };

    fn one_pass(page: &str, relationship: Option<&str>) -> Option<((Kind, usize), String)> {
        let mut out = Gathered::default();
        let read = read_listing(page.as_bytes(), &FILE, relationship, &mut out)?;
        Some((read, format!("{out:?}")))
    }

    fn slowly(page: &str, relationship: Option<&str>) -> ((Kind, usize), String) {
        let mut out = Gathered::default();
        let read = super::super::read_slowly(&FILE, page.as_bytes(), relationship, &mut out)
            .map_err(|err| err.to_string());
        (read.unwrap(), format!("{out:?}"))
    }

    const CUSTOMERS: &str = r#"{"totalCount": 2, "items": [
        {"id": "C-1", "companyProfile": {"companyName": "One", "domain": "one.example"},
         "billingProfile": {"defaultAddress": {"country": "fr"}}, "relationshipToPartner": "none",
         "attributes": {"objectType": "Customer"}},
        {"id": "c-2", "companyProfile": {"tenantId": "{D2B7F1E4-0C2A-4F6B-9E31-1A2B3C4D5E6F}"},
         "allowDelegatedAccess": true, "links": {"self": {"uri": "x", "headers": []}}}
    ], "attributes": {"objectType": "Collection"}}"#;

    const SUBSCRIPTIONS: &str = r#"{"links": {"self": {"uri": "/customers/T-9/subscriptions"}},
      "items": [
        {"id": "S-1", "offerName": "E3", "quantity": 3, "status": "Suspended",
         "creationDate": "2026-01-02T03:04:05.1234567Z", "billingCycle": "annual",
         "links": {"self": {"uri": "/customers/T-1/subscriptions/S-1"}},
         "attributes": {"objectType": "Subscription"}},
        {"id": "S-2", "friendlyName": "no link: the listing's customer", "termDuration": "p36m",
         "effectiveStartDate": "2026-02-01T00:00:00Z"},
        {"id": "S-3", "status": "transferring", "creationDate": "2026-02-01T00:00:00Z"},
        {"id": "S-4"}
      ]}"#;

    const RELATIONSHIPS: &str = r##"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships",
      "value": [
        {"@odata.type": "#microsoft.graph.delegatedAdminRelationship", "@odata.etag": "W/\"1\"",
         "id": "R-1", "displayName": "Desk", "duration": "P2Y", "status": "active",
         "customer": {"tenantId": "T-1", "displayName": "One"},
         "accessDetails": {"unifiedRoles": [{"roleDefinitionId": "r1"}, {"roleDefinitionId": " "}]},
         "createdDateTime": "2026-01-01T00:00:00Z", "lastModifiedDateTime": null,
         "autoExtendDuration": "P180D", "endDateTime": "0001-01-01T00:00:00Z"},
        {"id": "R-2", "customer": null, "duration": "P730D", "status": "created"}
      ], "@odata.nextLink": "https://graph.microsoft.com/v1.0/next"}"##;

    const ASSIGNMENTS: &str = r##"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships('R-123456789')/accessAssignments",
      "value": [
        {"@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment", "id": "A-1",
         "accessContainer": {"accessContainerId": "G-1"}, "status": "pending",
         "createdDateTime": "2026-01-01T00:00:00Z"},
        {"id": "A-2", "accessContainer": {}, "status": "active"}
      ]}"##;

    const PARTNERS: &str = r#"{"items": [
        {"id": "P-1", "name": "Contoso", "relationshipType": "IS_INDIRECT_RESELLER_OF", "mpnId": "1"},
        {"id": "P-2", "relationshipType": "isIndirectCloudSolutionProviderOf", "state": "pending"}
      ]}"#;

    #[test]
    fn the_one_pass_gathers_what_the_slower_reading_gathers() {
        for page in [
            CUSTOMERS,
            SUBSCRIPTIONS,
            RELATIONSHIPS,
            ASSIGNMENTS,
            PARTNERS,
        ] {
            let (read, gathered) = one_pass(page, None).expect(page);
            assert_eq!((read, gathered), slowly(page, None), "{page}");
        }
        // The relationship the import names, for a listing that does not name its own.
        let unnamed = ASSIGNMENTS.replace("('R-123456789')/accessAssignments", "");
        let named = one_pass(&unnamed, Some("r-given")).unwrap();
        assert_eq!(named, slowly(&unnamed, Some("r-given")));
        assert!(named.1.contains("r-given"));
    }

    #[test]
    fn what_the_one_pass_cannot_read_cleanly_is_left_to_the_slower_reading() {
        let late_link = r#"{"items": [{"id": "S-2", "offerName": "E3",
            "creationDate": "2026-02-01T00:00:00Z"}],
            "links": {"self": {"uri": "/customers/T-9/subscriptions"}}}"#;
        let pages = [
            // What the page says of its items, said after them.
            late_link,
            // Two lists, or one twice; a field twice.
            r#"{"items": [{"companyProfile": {}}], "value": [{"companyProfile": {}}]}"#,
            r#"{"value": [{"companyProfile": {}}], "value": [{"companyProfile": {}}]}"#,
            r#"{"a": 1, "a": 2, "items": [{"id": "C-1", "companyProfile": {}}]}"#,
            // No items, or a first item of no known kind.
            r#"{"@odata.context": "x#accessAssignments", "value": []}"#,
            r#"{"items": [{"x": 1}, {"id": "C-1", "companyProfile": {}}]}"#,
            // An item that does not read into its shape or gather.
            r#"{"items": [{"id": "C-1", "companyProfile": {"domain": 3}}]}"#,
            r#"{"items": [{"companyProfile": {}}, {"companyProfile": {"domain": 3}}]}"#,
            r#"{"items": [{"companyProfile": {}}]}"#,
            r#"{"items": [{"id": "C-1", "id": "C-2", "companyProfile": {}}, {"id": "C-3", "id": "C-4", "companyProfile": {}}]}"#,
            // Not a listing, or not JSON.
            r#"[{"companyProfile": {}}]"#,
            r#"{"items": [{"id": "C-1", "companyProfile": {}}]} trailing"#,
            r#"{"items": [{"id": "C-1", "companyProfile": {}}"#,
        ];
        for page in pages {
            assert_eq!(one_pass(page, None), None, "{page}");
        }
        let mut out = Gathered::default();
        let bytes = b"{\"items\": [{\"id\": \"C-\xff\", \"companyProfile\": {}}]}";
        assert_eq!(read_listing(bytes, &FILE, None, &mut out), None);
        // The slower reading of the late link gives the listing's customer.
        assert!(slowly(late_link, None).1.contains("t-9"));
    }
}
