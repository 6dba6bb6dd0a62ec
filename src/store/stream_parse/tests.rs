use super::*;
use crate::domain::Time;
use crate::store::fingerprint;
use crate::synth::{Spec, generate};
use crate::workspace::format::FORMAT_VERSION;

fn generated(customers: usize) -> String {
    let spec = Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 3,
        now: Time::parse("2026-11-24T09:00:00Z").unwrap(),
    };
    let mut text = serde_json::to_string_pretty(&generate(&spec)).unwrap();
    text.push('\n');
    text
}

fn sequential(text: &str) -> serde_json::Value {
    let file: WorkspaceFile = serde_json::from_str(text).unwrap();
    serde_json::to_value(file).unwrap()
}

/// The streamed parse of `text` read through `reader`, in chunks of `chunk` bytes.
fn streamed_from(
    reader: &mut impl Read,
    chunk: usize,
    parsers: usize,
) -> (Option<WorkspaceFile>, Fingerprint) {
    let (parsed, hash) =
        parse_while_reading_in(reader, &|_| true, &|| {}, chunk, parsers, Kept::ALL).unwrap();
    (parsed.map(WorkspaceFile::from), hash)
}

fn streamed(text: &str) -> Option<WorkspaceFile> {
    streamed_from(&mut text.as_bytes(), 1 << 16, 2).0
}

#[test]
fn parsers_on_chunks_produce_the_same_workspace_as_one_sequential_parse() {
    let text = generated(3_000);
    let expected = sequential(&text);
    for parsers in [2, 3, 5] {
        let (parsed, hash) = streamed_from(&mut text.as_bytes(), 1 << 16, parsers);
        let parsed = parsed.expect("a file partnerdesk wrote takes the streamed route");
        assert_eq!(
            serde_json::to_value(parsed).unwrap(),
            expected,
            "{parsers} parsers"
        );
        assert_eq!(
            hash,
            fingerprint(text.as_bytes()),
            "every byte fingerprinted"
        );
    }
}

#[test]
fn reads_in_tiny_blocks_cut_and_rejoin_to_the_same_workspace() {
    let text = generated(1_000);
    let mut slow = std::io::BufReader::with_capacity(7, text.as_bytes());
    let (parsed, hash) = streamed_from(&mut slow, 1 << 14, 2);
    assert_eq!(
        serde_json::to_value(parsed.unwrap()).unwrap(),
        sequential(&text)
    );
    assert_eq!(hash, fingerprint(text.as_bytes()));
}

#[test]
fn a_file_in_another_layout_is_parsed_whole_by_one_parser() {
    // Minified: no line breaks, so no cut; the one chunk is the whole file.
    let text = generated(500);
    let compact =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&text).unwrap()).unwrap();
    let parsed = streamed(&compact).expect("one chunk, parsed whole");
    assert_eq!(serde_json::to_value(parsed).unwrap(), sequential(&text));
}

#[test]
fn a_record_longer_than_a_chunk_grows_the_chunk() {
    let text = generated(300);
    let long_name = "n".repeat(200_000);
    let text = text.replacen(
        "\"displayName\": \"",
        &format!("\"displayName\": \"{long_name}"),
        40,
    );
    let parsed = streamed_from(&mut text.as_bytes(), 1 << 14, 2).0.unwrap();
    assert_eq!(serde_json::to_value(parsed).unwrap(), sequential(&text));
}

#[test]
fn anything_unexpected_leaves_the_ordinary_parse_to_say_what() {
    let text = generated(3_000);
    let cases = [
        // A repeated key, an unknown key, trailing content, a type error in the first chunk and
        // in a later one, a missing required key, a repeated array, a trailing comma, a BOM,
        // the file cut short between two elements, an empty file.
        text.replacen("\"name\":", "\"name\": \"x\",\n  \"name\":", 1),
        text.replacen("\"name\":", "\"colour\": 1,\n  \"name\":", 1),
        format!("{text} {{}}"),
        text.replacen("\"quantity\": ", "\"quantity\": -", 1),
        text.replacen("\"kind\": \"gdap\"", "\"kind\": \"gdapp\"", 1),
        text.replacen("\n  \"relationships\": [", "\n  \"relationships\": [1,", 1),
        text.replacen(&format!("\"version\": {FORMAT_VERSION},\n"), "", 1),
        text.replacen(
            "\n  \"relationships\": [",
            "\n  \"relationships\": [],\n  \"relationships\": [",
            1,
        ),
        text.replacen("\n  ],\n  \"invitations\"", ",\n  ],\n  \"invitations\"", 1),
        format!("\u{feff}{text}"),
        text[..text.rfind("\n    },\n    {").unwrap() + 7].to_string(),
        String::new(),
    ];
    for (i, broken) in cases.iter().enumerate() {
        assert!(streamed(broken).is_none(), "case {i} must fall back");
    }
}

#[test]
fn a_wrong_guess_of_where_a_chunk_starts_is_caught_when_pieces_join() {
    let first = "{\n  \"format\": \"partnerdesk-workspace\",\n  \"version\": 1,\n  \"name\": \"x\",\n  \"audit\": [\n    {\"at\": 1},";
    let piece = |index, text: &str, start| Piece {
        index,
        start,
        keys: Vec::new(),
        file: WorkspaceFile::default(),
        end: parse_chunk(text, index, start, Kept::ALL).map_or(End::Closed, |piece| piece.end),
        in_order: true,
    };
    // The first chunk fails on its own (an audit entry is not `{"at": 1}`); built by hand, a
    // piece that ended inside `customers` cannot be followed by one said to be in `partners`.
    assert!(parse_chunk(first, 0, Start::OfFile, Kept::ALL).is_none());
    let mut ended = piece(0, "", Start::OfFile);
    ended.end = End::AfterComma(Array::Customers);
    let mut next = piece(1, "", Start::InArray(Array::Partners));
    next.end = End::Closed;
    assert!(join(vec![ended, next], 2).is_none());
    let mut ended = piece(0, "", Start::OfFile);
    ended.end = End::AfterComma(Array::Customers);
    ended.keys = vec!["format".into(), "version".into(), "name".into()];
    let mut next = piece(1, "", Start::InArray(Array::Customers));
    next.end = End::Closed;
    assert!(
        join(vec![ended, next], 2).is_some(),
        "the same pieces, guessed right"
    );
}

#[test]
fn arrays_left_out_are_read_for_their_syntax_and_the_rest_as_in_a_whole_parse() {
    let mut whole: WorkspaceFile = serde_json::from_str(&generated(3_000)).unwrap();
    // The generator writes no audit trail: the demo's stands in.
    let demo: WorkspaceFile = serde_json::from_str(crate::store::DEMO_JSON).unwrap();
    whole.audit = demo.audit;
    assert!(!whole.subscriptions.is_empty() && !whole.audit.is_empty());
    let text = serde_json::to_string_pretty(&whole).unwrap() + "\n";
    let kept = Kept::WITHOUT_SUBSCRIPTIONS_OR_AUDIT;
    let expected = WorkspaceFile::from(ParsedFile::from(whole).keeping(kept));
    assert!(expected.subscriptions.is_empty() && expected.audit.is_empty());
    let read = |text: &str| {
        let (parsed, hash) =
            parse_while_reading_in(&mut text.as_bytes(), &|_| true, &|| {}, 1 << 15, 2, kept)
                .unwrap();
        (parsed.map(WorkspaceFile::from), hash)
    };
    let (parsed, hash) = read(&text);
    let parsed = parsed.expect("a file partnerdesk wrote takes the streamed route");
    assert_eq!(
        hash,
        fingerprint(text.as_bytes()),
        "every byte fingerprinted"
    );
    assert!(!parsed.relationships.is_empty());
    assert_eq!(
        serde_json::to_value(parsed).unwrap(),
        serde_json::to_value(expected).unwrap()
    );
    // A syntax error inside a left-out array still fails the streamed read (the caller's
    // ordinary parse then says where).
    let at = text.find("\"subscriptions\": [").unwrap();
    let broken = format!("{}{{,{}", &text[..at + 20], &text[at + 20..]);
    assert!(read(&broken).0.is_none());
}

#[test]
fn a_chunk_that_fails_vetting_falls_back() {
    let text = generated(3_000);
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let vet = |_: &[u8]| counter.fetch_add(1, Ordering::Relaxed) != 3;
    let (parsed, _) =
        parse_while_reading_in(&mut text.as_bytes(), &vet, &|| {}, 1 << 16, 2, Kept::ALL).unwrap();
    assert!(parsed.is_none());
    assert!(counter.load(Ordering::Relaxed) > 3);
}

#[test]
fn a_read_error_is_returned_as_an_error() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk gone"));
            }
            self.0 -= 1;
            let n = buf.len().min(1000);
            buf[..n].fill(b' ');
            Ok(n)
        }
    }
    let result =
        parse_while_reading_in(&mut Failing(500), &|_| true, &|| {}, 1 << 14, 2, Kept::ALL);
    assert!(result.is_err());
}

mod never_a_different_result {
    use super::*;
    use proptest::prelude::*;

    fn base() -> &'static str {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        TEXT.get_or_init(|| generated(60))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the damage, the streamed parse either gives up (the ordinary parse then
        /// speaks) or gives exactly what the ordinary parse gives.
        #[test]
        fn a_damaged_file_streams_to_the_ordinary_result_or_to_none(
            edits in proptest::collection::vec((0.0..1.0f64, 0usize..3, any::<u8>()), 1..4),
        ) {
            let mut bytes = base().as_bytes().to_vec();
            for (at, how, byte) in edits {
                let at = ((bytes.len() as f64) * at) as usize;
                let byte = b" ,:{}[]\"\n0a\\"[byte as usize % 12];
                match how {
                    0 if at < bytes.len() => { bytes.remove(at); }
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => bytes[at] = byte,
                    _ => {}
                }
            }
            let ordinary = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|text| serde_json::from_str::<WorkspaceFile>(text).ok());
            let (streamed, _) = streamed_from(&mut bytes.as_slice(), 1 << 12, 2);
            if let Some(streamed) = streamed {
                let ordinary = ordinary.expect("streamed accepted what the ordinary parse refuses");
                prop_assert_eq!(
                    serde_json::to_value(streamed).unwrap(),
                    serde_json::to_value(ordinary).unwrap()
                );
            }
        }
    }
}

/// `text` streamed in 32 KiB chunks on three parsers, its records left in their pieces.
fn in_pieces(text: &str) -> ParsedFile {
    let (parsed, _) = parse_while_reading_in(
        &mut text.as_bytes(),
        &|_| true,
        &|| {},
        1 << 15,
        3,
        Kept::ALL,
    )
    .unwrap();
    parsed.expect("streamed")
}

#[test]
fn a_workspace_over_records_left_in_their_pieces_reads_like_one_over_a_joined_file() {
    let text = generated(2_000);
    let parsed = in_pieces(&text);
    assert!(
        parsed.relationships.pieces() > 1,
        "the records stay in several pieces"
    );
    let joined: WorkspaceFile = serde_json::from_str(&text).unwrap();
    let (in_pieces, _) = crate::workspace::Workspace::from_file(parsed);
    let (whole, _) = crate::workspace::Workspace::from_file(joined);
    let saved = |ws: &crate::workspace::Workspace| serde_json::to_string(&ws.to_file()).unwrap();
    assert_eq!(saved(&in_pieces), saved(&whole));
    for customer in whole.customers().step_by(97) {
        let ids = |ws: &crate::workspace::Workspace| {
            let mut ids: Vec<String> = ws
                .relationships_of_customer(&customer.id)
                .map(|r| r.id.to_string())
                .collect();
            ids.extend(
                ws.subscriptions_of_customer(&customer.id)
                    .map(|s| s.id.to_string()),
            );
            ids
        };
        assert_eq!(ids(&in_pieces), ids(&whole), "{}", customer.id);
    }
    for r in whole.relationships().step_by(101) {
        assert_eq!(in_pieces.relationship(&r.id), Some(r));
    }
}

#[test]
fn recorded_merge_conflicts_come_through_the_streamed_parse_as_through_the_sequential_one() {
    use crate::domain::{Conflict, ConflictKind};
    let spec = Spec {
        customers: 1_000,
        partners: Spec::default_partners(1_000),
        seed: 3,
        now: Time::parse("2026-11-24T09:00:00Z").unwrap(),
    };
    let mut file = generate(&spec);
    for n in 0..3 {
        file.conflicts.push(Conflict {
            ours: Some(serde_json::json!(format!("ours {n}"))),
            theirs: Some(serde_json::json!(format!("theirs {n}"))),
            message: "displayName changed differently on both sides".into(),
            ..Conflict::at(
                ConflictKind::Field,
                "customers",
                &format!("c-{n}"),
                "displayName",
            )
        });
    }
    let mut text = serde_json::to_string_pretty(&file).unwrap();
    text.push('\n');
    let parsed = streamed_from(&mut text.as_bytes(), 1 << 14, 2).0;
    let parsed = parsed.expect("a file partnerdesk wrote takes the streamed route");
    assert_eq!(parsed.conflicts.len(), 3);
    assert_eq!(serde_json::to_value(parsed).unwrap(), sequential(&text));
}

#[test]
fn records_out_of_id_order_come_out_sorted_with_their_twins_left_out_as_from_a_whole_parse() {
    let mut file: WorkspaceFile = serde_json::from_str(&generated(2_000)).unwrap();
    // Out of order inside a piece, across pieces, and an id repeated far from its first.
    file.customers.swap(3, 4);
    let last = file.subscriptions.len() - 1;
    file.subscriptions.swap(0, last);
    let twin = file.relationships[10].clone();
    file.relationships.push(twin);
    let mut text = serde_json::to_string_pretty(&file).unwrap();
    text.push('\n');
    let parsed = in_pieces(&text);
    assert!(parsed.subscriptions.pieces() > 1 && parsed.relationships.pieces() > 1);
    let (streamed, streamed_left_out) = crate::workspace::Workspace::from_file(parsed);
    let (whole, whole_left_out) = crate::workspace::Workspace::from_file(file);
    let saved = |ws: &crate::workspace::Workspace| serde_json::to_string(&ws.to_file()).unwrap();
    assert_eq!(saved(&streamed), saved(&whole));
    assert_eq!(streamed_left_out, whole_left_out);
    assert_eq!(whole_left_out.len(), 1, "the repeated relationship");
}
