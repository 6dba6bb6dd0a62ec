//! Property tests of the store (the fuzz targets' little siblings, run by `cargo test`): random
//! bytes and mutated valid files never panic the loader and what loads saves back to itself;
//! journals round-trip, and a journal cut anywhere loses only its last record, with a warning.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use partnerdesk::domain::{Action, Actor, Id, Time};
use partnerdesk::store::journal::{self, Entry};
use partnerdesk::store::{parse_workspace, to_json};
use proptest::prelude::*;

fn base() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/base.workspace"),
    )
    .unwrap()
}

/// Loading never panics; when it succeeds, saving and loading again gives the same bytes.
fn loads_or_says_why(bytes: &[u8]) {
    match parse_workspace(bytes) {
        Ok((ws, _)) => {
            let saved = to_json(&ws);
            let (again, _) = parse_workspace(&saved).expect("what partnerdesk writes, it reads");
            assert_eq!(to_json(&again), saved);
        }
        Err(err) => assert!(!err.to_string().is_empty()),
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (
            any::<usize>(),
            prop::sample::select(b"{}[]\",:0-9aeE\\ nul\x00\xff".to_vec())
        )
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..256).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(at, b) if !bytes.is_empty() => bytes[at % len] ^= b,
            Mutation::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Mutation::Delete(at, n) if !bytes.is_empty() => {
                let start = at % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
            Mutation::Duplicate(at, n) if !bytes.is_empty() => {
                let start = at % len;
                let end = (start + n).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        loads_or_says_why(&bytes);
    }

    #[test]
    fn random_json_like_text_never_panics_the_loader(text in r#"[\{\}\[\]",:0-9a-z \n\\]{0,400}"#) {
        loads_or_says_why(text.as_bytes());
    }

    #[test]
    fn mutated_workspaces_never_panic_the_loader(mutations in prop::collection::vec(mutation(), 1..6)) {
        loads_or_says_why(&mutate(base(), &mutations));
    }
}

fn action() -> impl Strategy<Value = Action> {
    let id = "[a-z]{1,8}-[0-9]{1,4}";
    prop_oneof![
        Just(Action::PassTime),
        id.prop_map(|i| Action::Accept {
            invitation_id: Id::new(i)
        }),
        id.prop_map(|i| Action::Decline {
            invitation_id: Id::new(i)
        }),
        id.prop_map(|i| Action::Terminate {
            relationship_id: Id::new(i)
        }),
        (id, ".{0,40}", 1u32..1000).prop_map(|(c, offer, quantity)| Action::BuySubscription {
            customer_id: Id::new(c),
            offer_name: offer,
            quantity,
            term_duration: "P1Y".into(),
            billing_cycle: partnerdesk::domain::BillingCycle::Monthly,
        }),
    ]
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::Operator),
        "[a-z]{1,10}".prop_map(|i| Actor::Partner(Id::new(i))),
        "[a-z]{1,10}".prop_map(|i| Actor::Customer(Id::new(i))),
    ]
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec((actor(), action(), 0i64..4_000_000_000, 0u64..1000), 0..12).prop_map(
        |items| {
            items
                .into_iter()
                .enumerate()
                .map(|(i, (actor, action, seconds, audit_seq))| Entry {
                    seq: i as u64 + 1,
                    audit_seq,
                    actor,
                    now: Time::from_seconds(seconds),
                    action,
                })
                .collect()
        },
    )
}

fn read_back(bytes: &[u8]) -> Result<journal::Contents, journal::JournalError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    std::fs::write(journal::journal_path(&file), bytes).unwrap();
    journal::read(&file)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn journals_round_trip(entries in entries()) {
        let bytes: Vec<u8> = entries.iter().flat_map(journal::encode).collect();
        let read = read_back(&bytes).unwrap();
        prop_assert_eq!(read.entries, entries);
        prop_assert!(read.torn_tail.is_none());
    }

    #[test]
    fn a_journal_cut_anywhere_keeps_every_whole_record(entries in entries(), cut in any::<usize>()) {
        let lines: Vec<Vec<u8>> = entries.iter().map(journal::encode).collect();
        let bytes: Vec<u8> = lines.concat();
        let cut = cut % (bytes.len() + 1);
        let read = read_back(&bytes[..cut]).unwrap();
        let whole = lines.iter().scan(0, |end, l| { *end += l.len(); Some(*end) }).filter(|&end| end <= cut).count();
        prop_assert_eq!(&read.entries[..], &entries[..whole]);
        // A cut inside a record is a torn tail, said as such; a cut between records is clean.
        let on_boundary = cut == 0 || lines.iter().scan(0, |end, l| { *end += l.len(); Some(*end) }).any(|end| end == cut);
        prop_assert_eq!(read.torn_tail.is_some(), !on_boundary);
    }

    #[test]
    fn random_journal_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_back(&bytes);
    }
}
