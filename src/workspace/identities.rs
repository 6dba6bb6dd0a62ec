//! ID1 and ID2 for actions: the customers by tenant id and by primary domain, so that adding,
//! editing or importing a customer finds its twin (another customer with its tenant or domain,
//! in any case) without reading every customer. Partners are few; their twins are found by
//! reading them all.
//!
//! The lookups over the customers as loaded are built the first time an action asks (opening
//! a file builds nothing for them: most sessions never add a customer) and shared by every
//! state since the load (an action's draft, undo states), so a draft that is dropped does not
//! take them along. The customers put since the load are kept beside them as they are put.
//!
//! An entry is a number made of the identifier, lowered, with the record's id: equal
//! identifiers make equal numbers, and a number is confirmed on the record itself before it is
//! believed (two identifiers may hash alike).

use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, OnceLock};

use imbl::OrdSet;

use crate::domain::records::Customer;
use crate::tables::chunked::Chunked;
use crate::tables::id::Id;
use crate::tables::layered_set::merge;

/// Which of a customer's identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerKey {
    Tenant,
    Domain,
}

impl CustomerKey {
    const ALL: [CustomerKey; 2] = [CustomerKey::Tenant, CustomerKey::Domain];

    pub fn of(self, customer: &Customer) -> &str {
        match self {
            CustomerKey::Tenant => &customer.tenant_id,
            CustomerKey::Domain => &customer.domain,
        }
    }

    fn salt(self) -> u8 {
        match self {
            CustomerKey::Tenant => b't',
            CustomerKey::Domain => b'd',
        }
    }
}

/// (hash of the key's kind and lowered text, customer id); empty identifiers are left out.
type Entry = (u64, Id);

#[derive(Clone, Debug, Default)]
pub struct Identities {
    /// The entries of the customers as loaded, sorted: built on first use, shared by clones.
    loaded: Arc<OnceLock<Vec<Entry>>>,
    /// Entries of customers put since the load.
    added: OrdSet<Entry>,
    /// Entries of loaded customers since replaced.
    removed: OrdSet<Entry>,
}

impl Identities {
    /// Keeps the lookups up to date when `new` replaces `old` (or is added).
    pub fn put_customer(&mut self, old: Option<&Customer>, new: &Customer) {
        // An old record's entries are either loaded or added; a new one's either come back
        // from `removed` (loaded ones) or are added. So no entry is ever counted twice.
        if let Some(old) = old {
            for entry in entries(old) {
                if self.added.remove(&entry).is_none() {
                    self.removed.insert(entry);
                }
            }
        }
        for entry in entries(new) {
            if self.removed.remove(&entry).is_none() {
                self.added.insert(entry);
            }
        }
    }

    /// Ids of customers whose `key` may be `text` (in any case), to be confirmed on the
    /// record; `loaded` are the customers as loaded, read the first time any state asks.
    pub fn customers_with<'a>(
        &'a self,
        loaded: &Chunked<Customer>,
        key: CustomerKey,
        text: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        let base = self.loaded.get_or_init(|| {
            let mut all: Vec<Entry> = loaded.iter().flat_map(entries).collect();
            all.sort_unstable();
            all
        });
        let start = (folded_hash(key.salt(), text), Id::new(""));
        let hash = start.0;
        let from = base.partition_point(|entry| *entry < start);
        let removed = &self.removed;
        let base = base[from..]
            .iter()
            .filter(move |entry| removed.is_empty() || !removed.contains(*entry));
        merge(base, self.added.range(start..))
            .take_while(move |(h, _)| *h == hash)
            .map(|(_, id)| id)
    }
}

fn entries(customer: &Customer) -> impl Iterator<Item = (u64, Id)> + '_ {
    CustomerKey::ALL.into_iter().filter_map(|key| {
        let text = key.of(customer);
        (!text.is_empty()).then(|| (folded_hash(key.salt(), text), customer.id.clone()))
    })
}

/// A hash of `salt` and `text` with ASCII letters lowered: texts equal but for ASCII case hash
/// alike. No allocation: the text is lowered a block at a time on the stack.
pub fn folded_hash(salt: u8, text: &str) -> u64 {
    const BLOCK: usize = 64;
    let mut hasher = foldhash::fast::FixedState::with_seed(0x1d_1d).build_hasher();
    hasher.write_u8(salt);
    let mut lowered = [0u8; BLOCK];
    for block in text.as_bytes().chunks(BLOCK) {
        let lowered = &mut lowered[..block.len()];
        lowered.copy_from_slice(block);
        lowered.make_ascii_lowercase();
        hasher.write(lowered);
    }
    hasher.write_usize(text.len());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, tenant: &str, domain: &str) -> Customer {
        Customer {
            external_id: None,
            id: Id::new(id),
            tenant_id: tenant.into(),
            display_name: id.into(),
            domain: domain.into(),
            country: "US".into(),
            is_csp_partner: false,
            source: None,
        }
    }

    #[test]
    fn texts_equal_but_for_ascii_case_hash_alike() {
        let long = "A".repeat(150);
        assert_eq!(folded_hash(1, &long), folded_hash(1, &long.to_lowercase()));
        assert_eq!(folded_hash(1, "Contoso.COM"), folded_hash(1, "contoso.com"));
        assert_ne!(folded_hash(1, "contoso.com"), folded_hash(2, "contoso.com"));
        assert_ne!(folded_hash(1, "contoso.com"), folded_hash(1, "contoso.co"));
    }

    proptest::proptest! {
        #[test]
        fn lookups_agree_with_reading_every_customer_after_any_puts(
            loaded in proptest::collection::btree_map(0..6u8, (0..4u8, 0..3u8), 0..6),
            puts in proptest::collection::vec((0..8u8, 0..4u8, 0..3u8), 0..12),
        ) {
            let record = |id: u8, tenant: u8, domain: u8| {
                let domain = if domain == 0 { String::new() } else { format!("D{domain}.example") };
                customer(&format!("c{id}"), &format!("T-{tenant}"), &domain)
            };
            let loaded: Vec<Customer> =
                loaded.iter().map(|(id, (t, d))| record(*id, *t, *d)).collect();
            let mut now: std::collections::BTreeMap<String, Customer> =
                loaded.iter().map(|c| (c.id.to_string(), c.clone())).collect();
            let loaded = Chunked::from(loaded);
            let mut ids = Identities::default();
            for (id, tenant, domain) in puts {
                let new = record(id, tenant, domain);
                ids.put_customer(now.get(new.id.as_str()), &new);
                now.insert(new.id.to_string(), new);
            }
            for key in CustomerKey::ALL {
                for text in ["t-0", "T-1", "t-2", "T-3", "d1.EXAMPLE", "d2.example", ""] {
                    let mut found: Vec<String> = ids
                        .customers_with(&loaded, key, text)
                        .filter(|id| now.get(id.as_str()).is_some_and(|c| key.of(c).eq_ignore_ascii_case(text)))
                        .map(|id| id.to_string())
                        .collect();
                    found.sort();
                    let expected: Vec<String> = now
                        .values()
                        .filter(|c| !text.is_empty() && key.of(c).eq_ignore_ascii_case(text))
                        .map(|c| c.id.to_string())
                        .collect();
                    proptest::prop_assert_eq!(found, expected, "{:?} {}", key, text);
                }
            }
        }
    }

    #[test]
    fn customers_are_found_by_tenant_and_domain_and_follow_their_edits() {
        let a = customer("a", "T-1", "a.example");
        let loaded = Chunked::from(vec![a.clone(), customer("b", "t-2", "")]);
        let mut ids = Identities::default();
        let found = |ids: &Identities, key, text| {
            ids.customers_with(&loaded, key, text)
                .map(|id| id.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&ids, CustomerKey::Tenant, "t-1"), ["a"]);
        assert_eq!(found(&ids, CustomerKey::Domain, "A.EXAMPLE"), ["a"]);
        assert!(
            found(&ids, CustomerKey::Domain, "").is_empty(),
            "no domain, no entry"
        );
        let before = ids.clone();
        let moved = customer("a", "t-3", "a.example");
        ids.put_customer(Some(&a), &moved);
        assert!(found(&ids, CustomerKey::Tenant, "t-1").is_empty());
        assert_eq!(found(&ids, CustomerKey::Tenant, "t-3"), ["a"]);
        assert_eq!(
            found(&before, CustomerKey::Tenant, "t-1"),
            ["a"],
            "a clone keeps its own"
        );
        ids.put_customer(Some(&moved), &a);
        assert_eq!(found(&ids, CustomerKey::Tenant, "t-1"), ["a"], "moved back");
        let c = customer("c", "t-1", "");
        ids.put_customer(None, &c);
        assert_eq!(found(&ids, CustomerKey::Tenant, "T-1"), ["a", "c"]);
    }
}
