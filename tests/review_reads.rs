//! `review` reads a file without building its subscriptions or its audit trail
//! (`workspace::REVIEWED`): its rules read neither, so its findings must be exactly those of a
//! review over every record — through the small files' ordinary parse and the large files'
//! streamed one alike.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::Time;
use partnerdesk::domain::review::{Settings, Severity};
use partnerdesk::domain::templates::built_in;
use partnerdesk::store::{DEMO_JSON, read_records_of_bytes, read_records_with_progress};
use partnerdesk::synth::{Spec, generate};
use partnerdesk::workspace::WorkspaceFile;
use partnerdesk::workspace::format::{Kept, RecordsFile};
use partnerdesk::workspace::{REVIEWED, review_workspace};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

/// A generated workspace file's text: subscriptions, an audit trail and every kind of finding.
fn generated_text(customers: usize) -> String {
    let mut file = generate(&Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 5,
        now: now(),
    });
    // The generator writes no audit trail: the demo's stands in (read, never checked here).
    let demo: WorkspaceFile = serde_json::from_str(DEMO_JSON).unwrap();
    file.audit = demo.audit;
    assert!(!file.subscriptions.is_empty() && !file.audit.is_empty());
    let mut text = serde_json::to_string_pretty(&file).unwrap();
    text.push('\n');
    text
}

fn findings(read: &RecordsFile) -> Vec<partnerdesk::domain::review::Finding> {
    review_workspace(read.records(), built_in(), &Settings::default(), now())
}

fn assert_same_findings(all: &RecordsFile, reviewed: &RecordsFile) {
    assert!(all.records().subscriptions().next().is_some());
    assert!(
        reviewed.records().subscriptions().next().is_none(),
        "the review's read built no subscription"
    );
    let (expected, found) = (findings(all), findings(reviewed));
    assert!(
        Severity::ALL
            .iter()
            .all(|s| expected.iter().any(|f| f.severity == *s)),
        "every severity is exercised"
    );
    assert!(found == expected, "the same findings in the same order");
}

#[test]
fn a_review_of_a_small_file_read_without_subscriptions_or_audit_finds_what_a_whole_read_finds() {
    let text = generated_text(1_200);
    let all = read_records_of_bytes(text.as_bytes(), Kept::ALL).unwrap();
    let reviewed = read_records_of_bytes(text.as_bytes(), REVIEWED).unwrap();
    assert_same_findings(&all, &reviewed);
}

#[test]
fn a_review_of_a_large_file_streamed_without_subscriptions_or_audit_finds_what_a_whole_read_finds()
{
    // Large enough (tens of megabytes) for the streamed read on every core.
    let text = generated_text(8_000);
    assert!(text.len() > 8 << 20, "{} bytes", text.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.json");
    std::fs::write(&path, &text).unwrap();
    let all = read_records_with_progress(&path, &|_| {}, Kept::ALL).unwrap();
    let reviewed = read_records_with_progress(&path, &|_| {}, REVIEWED).unwrap();
    assert_same_findings(&all, &reviewed);
}
