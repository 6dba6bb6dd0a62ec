//! GD6 over a whole workspace: the GDAP relationships that share a partner and a display name
//! (case aside) with another. Each relationship's (partner, lowered name) is hashed into a
//! number and the numbers are sorted: relationships with one name end up side by side, with
//! no table of 800,000 names. Equal numbers are then compared for real (two names may hash
//! alike), so the answer is exact.

use std::collections::HashMap;
use std::hash::BuildHasher;

use smol_str::SmolStr;

use crate::domain::records::Relationship;
use crate::domain::rules::identity::same_identifier;
use crate::tables::id::Id;
use crate::workspace::identities::folded_hash;
use crate::workspace::state::Workspace;

type Hasher = foldhash::fast::RandomState;

/// Each GDAP relationship with a twin, and the twin it is reported with: for the first of a
/// name the second, for every later one the first (usually none at all).
pub fn gdap_twins(ws: &Workspace) -> HashMap<&str, Id, Hasher> {
    let hasher = foldhash::fast::FixedState::with_seed(0x6d50);
    let gdap: Vec<&Relationship> = ws
        .relationships()
        .filter(|r| r.gdap_name().is_some())
        .collect();
    // (hash of partner and lowered name, position in `gdap`): sorted, names come together,
    // and within a name the relationships stay in id order.
    let mut keyed: Vec<(u64, u32)> = gdap
        .iter()
        .enumerate()
        .map(|(at, r)| (hasher.hash_one(name_key(r)), at as u32))
        .collect();
    keyed.sort_unstable();
    let mut twins = HashMap::default();
    for run in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        let members: Vec<&Relationship> = run.iter().map(|&(_, at)| gdap[at as usize]).collect();
        report_twins(&members, &mut twins);
    }
    twins
}

/// Among relationships whose keys hashed alike (in id order), each that shares its real key
/// with another, and the one it is reported with.
fn report_twins<'a>(members: &[&'a Relationship], twins: &mut HashMap<&'a str, Id, Hasher>) {
    let keys: Vec<(&str, SmolStr)> = members.iter().map(|r| name_key(r)).collect();
    for (at, r) in members.iter().enumerate() {
        let mut same = (0..members.len()).filter(|&other| keys[other] == keys[at]);
        let first = same.next();
        let second = same.next();
        let other = match (first, second) {
            (Some(first), Some(second)) if first == at => second,
            (Some(first), Some(_)) => first,
            _ => continue,
        };
        twins.insert(r.id.as_str(), members[other].id.clone());
    }
}

fn name_key(r: &Relationship) -> (&str, SmolStr) {
    let name = r.gdap_name().map_or("", |name| name.as_str());
    (r.partner_id.as_str(), lowercase(name))
}

/// `name.to_lowercase()` as a small string: a short ASCII name (the usual kind) is lowered
/// inline, with no allocation for each of a million names.
fn lowercase(name: &str) -> SmolStr {
    const INLINE: usize = 23;
    if name.is_ascii() && name.len() <= INLINE {
        let mut lowered = [0u8; INLINE];
        lowered[..name.len()].copy_from_slice(name.as_bytes());
        lowered.make_ascii_lowercase();
        // ASCII lowered stays ASCII, so it is still text.
        if let Ok(lowered) = std::str::from_utf8(&lowered[..name.len()]) {
            return SmolStr::new(lowered);
        }
    }
    SmolStr::from(name.to_lowercase())
}

/// ID1, ID2 over a whole workspace: each record (of one kind) whose identifier `key` another
/// record of the kind shares, ASCII case aside, with the one it is reported with (for the
/// first the second, for every later one the first). Empty identifiers name nothing. As for
/// GD6, the identifiers are hashed and the numbers sorted, then equal numbers are compared for
/// real: no table of a million tenant ids, and the answer is exact.
pub fn identity_twins<'a, T: 'a>(
    records: impl Iterator<Item = &'a T>,
    id: fn(&T) -> &Id,
    key: fn(&T) -> &str,
) -> HashMap<&'a str, Id, Hasher> {
    let records: Vec<&T> = records.filter(|r| !key(r).is_empty()).collect();
    let mut keyed: Vec<(u64, u32)> = records
        .iter()
        .enumerate()
        .map(|(at, r)| (folded_hash(0, key(r)), at as u32))
        .collect();
    keyed.sort_unstable();
    let mut twins = HashMap::default();
    for run in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        let members: Vec<&T> = run.iter().map(|&(_, at)| records[at as usize]).collect();
        // The run's distinct identifiers (almost always one), each with its first two records.
        let mut firsts: Vec<(&T, Option<&T>)> = Vec::new();
        for &member in &members {
            match firsts
                .iter_mut()
                .find(|(first, _)| same_identifier(key(first), key(member)))
            {
                Some((_, second @ None)) => *second = Some(member),
                Some(_) => {}
                None => firsts.push((member, None)),
            }
        }
        for &member in &members {
            let twin = firsts
                .iter()
                .find(|(first, _)| same_identifier(key(first), key(member)));
            let other = match twin {
                Some((first, Some(second))) if std::ptr::eq(*first, member) => *second,
                Some((first, Some(_))) => *first,
                _ => continue,
            };
            twins.insert(id(member).as_str(), id(other).clone());
        }
    }
    twins
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    proptest::proptest! {
        #[test]
        fn lowercase_agrees_with_the_standard_library(name in "\\PC{0,40}") {
            let lowered = lowercase(&name);
            proptest::prop_assert_eq!(lowered.as_str(), name.to_lowercase());
        }
    }

    #[test]
    fn identity_twins_name_the_first_for_later_ones_and_the_second_for_the_first() {
        use super::identity_twins;
        use crate::tables::id::Id;
        let records: Vec<(Id, &str)> = [
            ("a", "T-1"),
            ("b", "t-1"),
            ("c", ""),
            ("d", ""),
            ("e", "T-1"),
            ("f", "t-2"),
        ]
        .into_iter()
        .map(|(id, key)| (Id::new(id), key))
        .collect();
        let twins = identity_twins(records.iter(), |r| &r.0, |r| r.1);
        let named = |id: &str| twins.get(id).map(|other| other.as_str().to_string());
        assert_eq!(named("a").as_deref(), Some("b"));
        assert_eq!(named("b").as_deref(), Some("a"));
        assert_eq!(named("e").as_deref(), Some("a"));
        assert_eq!(
            (named("c"), named("d"), named("f")),
            (None, None, None),
            "empty names nothing"
        );
    }

    #[test]
    fn lowercase_handles_ascii_and_beyond() {
        assert_eq!(lowercase("GDAP Contoso 01"), "gdap contoso 01");
        assert_eq!(lowercase("ΣΟΦΙΑ Ltd"), "ΣΟΦΙΑ Ltd".to_lowercase());
        let long = "A GDAP relationship name longer than inline";
        assert_eq!(lowercase(long), long.to_lowercase());
    }
}
