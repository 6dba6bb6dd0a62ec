//! `ListIndex` against a plain `contains` over every row: filtering, the status filter, searches
//! in slices, the selection through them, erasing back to a kept result; random filter sessions
//! and in-place edits against a rebuild.

use std::time::Instant;

use proptest::prelude::*;

use super::*;

fn index_tagged(rows: &[(&str, u8)]) -> ListIndex {
    let mut index = ListIndex::default();
    index.rebuild(
        rows.iter()
            .enumerate()
            .map(|(i, (text, tag))| Entry {
                id: Id::new(format!("{i}")),
                haystack: text.to_lowercase(),
                tag: *tag,
            })
            .collect(),
    );
    index
}

fn index(names: &[&str]) -> ListIndex {
    index_tagged(&names.iter().map(|n| (*n, 0)).collect::<Vec<_>>())
}

/// The shown rows, by position in the input.
fn rows(index: &ListIndex) -> Vec<u32> {
    let shown = index.shown();
    (0..shown.len()).filter_map(|i| shown.get(i)).collect()
}

/// What a plain `contains` over every row answers.
fn naive(rows: &[(String, u8)], query: &str, tag: Option<u8>) -> Vec<u32> {
    let query = query.to_lowercase();
    (0..rows.len() as u32)
        .filter(|&i| {
            let (text, t) = &rows[i as usize];
            tag.is_none_or(|tag| tag == *t) && text.to_lowercase().contains(&query)
        })
        .collect()
}

#[test]
fn filtering_narrows_and_widens() {
    let mut index = index(&["Contoso", "Fabrikam", "Coho"]);
    index.set_query("co");
    assert_eq!(index.len(), 2);
    index.set_query("con");
    assert_eq!(index.len(), 1);
    index.set_query("");
    assert_eq!(index.len(), 3);
}

#[test]
fn matching_is_a_case_insensitive_substring() {
    let mut index = index(&["Contoso Ltd", "Fabrikam", "Northwind Contoso"]);
    index.set_query("TOSO");
    assert_eq!(rows(&index), [0, 2]);
    index.set_query("wind con");
    assert_eq!(rows(&index), [2]);
}

#[test]
fn a_row_matching_in_two_fields_counts_once() {
    let mut index = index(&["contoso contoso.com cust-1", "fabrikam fabrikam.com cust-2"]);
    index.set_query("contoso");
    assert_eq!(rows(&index), [0]);
    index.set_query("cust");
    assert_eq!(rows(&index), [0, 1]);
}

#[test]
fn no_match_spans_two_rows() {
    let mut index = index(&["ab", "cd", "b", "c"]);
    index.set_query("bc");
    assert!(rows(&index).is_empty());
    index.set_query("b");
    assert_eq!(rows(&index), [0, 2]);
}

#[test]
fn narrowing_gives_what_a_fresh_search_gives() {
    let names = [
        "Contoso",
        "Coho Winery",
        "Contoso Pharma",
        "Fabrikam",
        "Wingtip",
    ];
    let mut typed = index(&names);
    for query in ["c", "co", "con", "cont", "conto"] {
        typed.set_query(query);
        let mut fresh = index(&names);
        fresh.set_query(query);
        assert_eq!(rows(&typed), rows(&fresh), "{query}");
    }
}

#[test]
fn the_status_filter_combines_with_the_text() {
    let mut index = index_tagged(&[("alpha", 0), ("alps", 1), ("beta", 1), ("alto", 1)]);
    index.set_query("al");
    index.set_tag_filter(Some(1));
    assert_eq!(rows(&index), [1, 3]);
    index.set_query("alp");
    assert_eq!(rows(&index), [1]);
    index.set_tag_filter(Some(0));
    assert_eq!(rows(&index), [0]);
    index.set_query("alps");
    assert_eq!(rows(&index), [] as [u32; 0]);
    index.set_query("");
    assert_eq!(rows(&index), [0]);
    index.set_tag_filter(None);
    assert_eq!(rows(&index), [0, 1, 2, 3]);
}

/// Rows enough for several chunks, most matching "a", a few "zq".
fn many(n: usize) -> Vec<(String, u8)> {
    (0..n)
        .map(|i| {
            let text = if i % 997 == 0 {
                format!("row {i} zq")
            } else {
                format!("row {i} alpha")
            };
            (text, (i % 3) as u8)
        })
        .collect()
}

fn index_of(rows: &[(String, u8)]) -> ListIndex {
    index_tagged(
        &rows
            .iter()
            .map(|(t, g)| (t.as_str(), *g))
            .collect::<Vec<_>>(),
    )
}

#[test]
fn a_search_in_slices_finds_what_one_pass_finds() {
    let data = many(2000);
    let mut index = index_of(&data);
    let _ = index.window(5);
    for (query, tag) in [("a", None), ("zq", None), ("1", Some(2)), ("row", None)] {
        index.set_query("");
        index.set_tag_filter(tag);
        index.finish();
        index.set_query(query);
        let mut seen = rows(&index);
        // A deadline already past: one chunk per call, as if every slice ran out of time.
        while index.work(Instant::now(), false) {
            let now = rows(&index);
            assert!(now.starts_with(&seen), "rows found earlier stay on top");
            seen = now;
        }
        assert_eq!(rows(&index), naive(&data, query, tag), "{query}");
    }
}

#[test]
fn a_keystroke_stops_once_the_screen_is_full() {
    let data = many(10 * CHUNK);
    let mut index = index_of(&data);
    let _ = index.window(20);
    index.set_query("alpha");
    assert!(index.screen_ready());
    assert!(index.len() >= 20);
    assert!(
        index.searching(),
        "the rest of the search runs between keys"
    );
    assert_eq!(index.window(20).1.len(), 20);
    index.finish();
    assert!(!index.searching());
    assert_eq!(rows(&index), naive(&data, "alpha", None));
}

#[test]
fn the_selection_survives_an_unfinished_search() {
    let data = many(20 * CHUNK);
    let mut index = index_of(&data);
    let far = Id::new(format!("{}", 9 * CHUNK + 1));
    assert!(index.select_id(&far));
    let _ = index.window(20);
    index.set_query("alpha");
    assert!(index.searching());
    index.finish();
    assert_eq!(index.selected_id(), Some(&far));
    // Moving while a search runs wins over the selection it was going to restore.
    index.set_query("row");
    index.set_query("row 3");
    index.move_by(1);
    let chosen = index.selected();
    index.finish();
    assert_eq!(index.selected(), chosen.min(index.len().saturating_sub(1)));
}

#[test]
fn erasing_goes_back_to_the_kept_result() {
    let data = many(3 * CHUNK);
    let mut index = index_of(&data);
    index.set_query("zq");
    index.finish();
    index.set_query("z");
    index.finish();
    index.set_query("zq");
    assert!(
        !index.searching(),
        "narrowing a small result finishes at once"
    );
    index.set_query("z");
    assert!(!index.searching(), "the result for the prefix was kept");
    assert_eq!(rows(&index), naive(&data, "z", None));
}

#[test]
fn the_window_follows_the_selection() {
    let mut index = index(&["a", "b", "c", "d", "e"]);
    index.select(4);
    let (offset, ids) = index.window(2);
    assert_eq!(offset, 3);
    assert_eq!(ids.len(), 2);
}

/// One step of a filter session: type, erase, change the status filter, or let work run.
#[derive(Clone, Debug)]
enum Op {
    Type(char),
    Erase,
    Tag(Option<u8>),
    Work,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::sample::select(vec!['a', 'b', 'A', ' ', 'é', '\0']).prop_map(Op::Type),
        2 => Just(Op::Erase),
        1 => prop::option::of(0u8..3).prop_map(Op::Tag),
        1 => Just(Op::Work),
    ]
}

proptest! {
    #[test]
    fn the_filter_agrees_with_a_plain_contains(
        rows_in in prop::collection::vec(("[abAB é\0]{0,6}", 0u8..3), 0..40),
        ops in prop::collection::vec(op(), 0..25),
    ) {
        let mut index = index_of(&rows_in);
        // A two-row screen: keys stop searching early, so later keys meet unfinished searches.
        let _ = index.window(2);
        let clean_rows: Vec<(String, u8)> = rows_in
            .iter()
            .map(|(t, g)| (t.replace('\0', " "), *g))
            .collect();
        let mut query = String::new();
        let mut tag = None;
        for op in ops {
            match op {
                Op::Type(ch) => query.push(ch),
                Op::Erase => { query.pop(); }
                Op::Tag(t) => tag = t,
                Op::Work => { index.work(Instant::now(), false); }
            }
            index.set_query(&query);
            index.set_tag_filter(tag);
            let mut fresh = index_of(&rows_in);
            fresh.set_tag_filter(tag);
            fresh.set_query(&query);
            fresh.finish();
            let expected = naive(&clean_rows, &query.replace('\0', " "), tag);
            prop_assert_eq!(rows(&fresh), expected.clone());
            if index.searching() {
                prop_assert!(expected.starts_with(&rows(&index)));
            } else {
                prop_assert_eq!(rows(&index), expected);
            }
        }
        index.finish();
        prop_assert_eq!(rows(&index), naive(&clean_rows, &query.replace('\0', " "), tag));
    }
}

fn ids_shown(index: &ListIndex) -> Vec<String> {
    rows(index)
        .into_iter()
        .map(|p| index.rows.id(p as usize).to_string())
        .collect()
}

proptest! {
    #[test]
    fn edits_in_place_match_a_rebuild(
        start in prop::collection::btree_set("[abc]{1,4}", 0..30),
        changes in prop::collection::vec(("[abc]{1,4}", any::<bool>()), 0..20),
        query in "[abc]{0,2}",
        pick in any::<prop::sample::Index>(),
    ) {
        // Rows sorted by name; the id is the name, the haystack too.
        let entry = |name: &str| Entry { id: Id::new(name), haystack: name.to_string(), tag: 0 };
        let mut model: std::collections::BTreeSet<String> = start.clone();
        let mut index = ListIndex::default();
        index.rebuild(start.iter().map(|n| entry(n)).collect());
        let _ = index.window(3);
        index.set_query(&query);
        index.finish();
        let kept = (!index.is_empty()).then(|| {
            index.select(pick.index(index.len()));
            index.selected_id().cloned()
        }).flatten();
        index.edit(|edit| {
            for (name, add) in &changes {
                let id = Id::new(name);
                let less = |row: &Id| row.as_str() < name.as_str();
                if *add && !model.contains(name) {
                    edit.insert(entry(name), less);
                    model.insert(name.clone());
                } else if !*add && model.contains(name) {
                    prop_assert!(edit.remove(&id, less));
                    model.remove(name);
                }
            }
            Ok(())
        })?;
        index.finish();
        let expected: Vec<String> =
            model.iter().filter(|n| n.contains(query.as_str())).cloned().collect();
        prop_assert_eq!(ids_shown(&index), expected);
        if let Some(id) = kept.filter(|id| model.contains(id.as_str())) {
            prop_assert_eq!(index.selected_id(), Some(&id));
        }
    }
}

/// Rows ordered without search text (as a large pane is shown first): `texts` in the given
/// display `order`, tags in record order.
fn ordered_without_text(texts: &[&str], tags: &[u8], order: &[u32]) -> (ListIndex, Haystacks) {
    let ids = (0..texts.len()).map(|i| Id::new(format!("{i}"))).collect();
    let mut record_order = Haystacks::default();
    for t in texts {
        record_order.push(&t.to_lowercase());
    }
    let mut index = ListIndex::default();
    index.rebuild(Rows::ordered(ids, tags, order.to_vec()));
    let order = index.build_order().expect("as built").to_vec();
    (index, record_order.in_order(&order))
}

#[test]
fn a_text_filter_waits_for_the_search_text_rather_than_answer_wrong() {
    let texts = ["Contoso", "Fabrikam", "Coho", "Contoso East"];
    let (mut index, text) = ordered_without_text(&texts, &[0, 1, 0, 1], &[3, 1, 0, 2]);
    assert!(!index.has_text());
    // Browsable in order at once.
    let (_, ids) = index.window(10);
    let shown: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    assert_eq!(shown, ["3", "1", "0", "2"]);
    // The status filter needs no text.
    index.set_tag_filter(Some(1));
    index.finish();
    assert_eq!(index.len(), 2);
    assert!(!index.searching());
    index.set_tag_filter(None);
    // A text query finds nothing yet and says it is still searching.
    index.set_query("contoso");
    index.finish();
    assert!(index.searching() && index.waiting_for_text() && !index.can_work());
    assert_eq!(index.len(), 0);
    assert!(index.work(Instant::now() + Duration::from_secs(1), false));
    // Once the text arrives, the same search finishes with the right rows, in display order.
    assert!(index.attach_text(text));
    assert!(index.can_work());
    index.finish();
    assert!(!index.searching());
    let (_, ids) = index.window(10);
    let found: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    assert_eq!(found, ["3", "0"]);
}

#[test]
fn text_written_for_rows_that_moved_since_is_refused() {
    let texts = ["b", "a", "c"];
    let (mut index, text) = ordered_without_text(&texts, &[0, 0, 0], &[1, 0, 2]);
    index.edit(|edit| {
        let id = Id::new("2");
        edit.remove(&id, |row| row.as_str() != "2");
    });
    assert!(index.build_order().is_none());
    assert!(!index.attach_text(text));
    assert!(!index.has_text());
}
