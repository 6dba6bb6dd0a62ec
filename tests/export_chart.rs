//! `partnerdesk export FILE expiring --chart`: the renewal tiles and one text bar per week for
//! the next 26 weeks, as of --now, with the domain's counts; piped, the bars are plain '#'.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::binary::{ok, partnerdesk};
use partnerdesk::domain::Time;
use partnerdesk::domain::renewal_outlook::{Outlook, Tile, WEEKS};
use partnerdesk::store::load_file;

const NOW: &str = "2026-11-24T09:00:00Z";

/// The demo written at NOW, and its outlook as of `at` counted in-process.
fn demo(dir: &std::path::Path, at: &str) -> (String, Outlook) {
    let file = dir.join("demo.json").display().to_string();
    ok(&["demo", "-o", &file, "--now", NOW]);
    let loaded = load_file(std::path::Path::new(&file)).unwrap();
    let outlook = Outlook::of(loaded.workspace.relationships(), Time::parse(at).unwrap());
    (file, outlook)
}

#[test]
fn the_chart_prints_the_domains_tiles_and_one_bar_a_week_in_plain_text_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let (file, outlook) = demo(dir.path(), NOW);
    let text = ok(&["export", &file, "expiring", "--chart", "--now", NOW]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Renewals as of 2026-11-24"), "{text}");
    for tile in Tile::ALL {
        let shown = format!("{}: {}", tile.label(), outlook.tile(tile));
        assert!(lines[1].contains(&shown), "{shown} in {}", lines[1]);
    }
    assert!(outlook.weeks.iter().sum::<usize>() > 0, "the demo has ends");
    let weeks: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("20"))
        .collect();
    assert_eq!(weeks.len(), WEEKS);
    for (k, line) in weeks.iter().enumerate() {
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(outlook.week_start(k).date().as_str()));
        let count: usize = words.next().unwrap().parse().unwrap();
        assert_eq!(count, outlook.weeks[k], "week {k}: {line}");
        let bar = words.next().unwrap_or("");
        assert_eq!(!bar.is_empty(), count > 0, "{line}");
        assert!(
            bar.chars().all(|c| c == '#'),
            "piped bars are plain: {line}"
        );
    }
}

#[test]
fn the_chart_counts_as_of_now_given() {
    let dir = tempfile::tempdir().unwrap();
    let later = "2027-03-01T09:00:00Z";
    let (file, outlook) = demo(dir.path(), later);
    let text = ok(&["export", &file, "expiring", "--chart", "--now", later]);
    assert!(text.starts_with("Renewals as of 2027-03-01"), "{text}");
    let first_week = text.lines().find(|l| l.starts_with("2027-03-01")).unwrap();
    let count: usize = first_week
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(count, outlook.weeks[0]);
}

#[test]
fn the_chart_is_for_the_expiring_view_only_and_not_with_a_format() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = demo(dir.path(), NOW);
    let out = partnerdesk(&["export", &file, "relationships", "--chart"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--chart"));
    let out = partnerdesk(&["export", &file, "expiring", "--chart", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}
