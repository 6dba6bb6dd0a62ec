//! A plan whose pages' digests were left for later (the command line's re-import), applied by
//! `importing::apply_completing`: the digests are made only when the import changes something,
//! from the pages as they were read, and named by the records it puts and by its audit entry;
//! when they cannot be made, nothing is applied and the records go back into the plan.

use super::importing::apply_completing;
use super::nothing_changes_tests::{ME, later, me, now};
use super::{Plan, ReadAs, SourceSummary, digests, plan, sha256_hex};
use super::{Source, importing};
use crate::domain::events::Telling;
use crate::domain::imported::ImportReport;
use crate::domain::*;
use crate::synth::exports::{ExportPages, importer_workspace};
use crate::workspace::Workspace;

/// The generated export pages of 300 customers.
fn pages() -> Vec<Source> {
    ExportPages::new(300, 5, now())
        .map(|p| Source {
            name: p.name,
            bytes: serde_json::to_vec(&p.json).unwrap(),
        })
        .collect()
}

/// `pages` read as the command line reads them into a workspace that exists: digests left
/// for later, only the bytes in short kept.
fn plan_later(ws: &Workspace, pages: &[Source]) -> Plan {
    let mut plan = plan(ws, Some(&Id::new(ME)), pages, None).unwrap();
    assert_eq!(plan.sources.len(), pages.len());
    for (source, page) in plan.sources.iter_mut().zip(pages) {
        source.sha256.clear();
        source.digest_later = Some(ReadAs::of(&page.bytes));
    }
    plan
}

/// The workspace after a first import of `pages`, digests made as they were read.
fn imported(pages: &[Source]) -> Workspace {
    let ws = importer_workspace(&Id::new(ME));
    let mut plan = plan(&ws, Some(&Id::new(ME)), pages, None).unwrap();
    let how = (false, Telling::Summary);
    importing::apply(&ws, &me(), &mut plan, how, now())
        .unwrap()
        .0
        .workspace
}

/// What `apply_completing` came to.
type Completed = Result<(Applied<Workspace>, ImportReport), ImportChanges>;

/// `plan` imported into `ws` again by `apply_completing`, its digests made from `read_again`
/// (the pages as they are read again, by index): what it came to, and whether the digests
/// were asked for.
fn re_import(ws: &Workspace, plan: &mut Plan, read_again: &[Source]) -> (Completed, bool) {
    let mut asked = false;
    let complete = |sources: &mut [SourceSummary]| {
        asked = true;
        digests::complete(sources, |i| Ok::<_, ()>(read_again[i].bytes.clone())).is_ok()
    };
    let how = (false, Telling::Summary);
    let completed = apply_completing(ws, &me(), plan, how, later(), complete).unwrap();
    (completed, asked)
}

/// `pages` with the first subscription of the first subscriptions page ordered 3 more times:
/// the page changed, and its subscription's id.
fn one_more_seat(pages: &[Source]) -> (Vec<Source>, usize, String) {
    let mut pages = pages.to_vec();
    let at = pages
        .iter()
        .position(|p| p.name.contains("subscriptions"))
        .unwrap();
    let mut json: serde_json::Value = serde_json::from_slice(&pages[at].bytes).unwrap();
    let first = &mut json["items"][0];
    first["quantity"] = (first["quantity"].as_u64().unwrap() + 3).into();
    let id = first["id"].as_str().unwrap().to_string();
    pages[at].bytes = serde_json::to_vec(&json).unwrap();
    (pages, at, id)
}

#[test]
fn a_re_import_that_changes_nothing_makes_no_digest() {
    let pages = pages();
    let ws = imported(&pages);
    let mut plan = plan_later(&ws, &pages);
    let (completed, asked) = re_import(&ws, &mut plan, &pages);
    let (applied, _) = completed.unwrap();
    assert!(!asked, "no digest needed");
    assert!(applied.is_noop());
    assert!(plan.sources.iter().all(|s| s.sha256.is_empty()));
}

#[test]
fn a_re_import_that_changes_a_subscription_names_its_page_digest_there_and_in_the_audit() {
    let pages = pages();
    let ws = imported(&pages);
    let (changed, at, id) = one_more_seat(&pages);
    let mut plan = plan_later(&ws, &changed);
    let (completed, asked) = re_import(&ws, &mut plan, &changed);
    let (applied, report) = completed.unwrap();
    assert!(asked);
    assert_eq!(report.subscriptions.updated, 1);
    let all: Vec<String> = changed.iter().map(|p| sha256_hex(&p.bytes)).collect();
    let made: Vec<&str> = plan.sources.iter().map(|s| s.sha256.as_str()).collect();
    assert_eq!(made, all, "made in the plan too, for its summary");
    let mut subscriptions = applied.workspace.subscriptions();
    let subscription = subscriptions
        .find(|s| s.id.as_str().eq_ignore_ascii_case(&id))
        .unwrap();
    let source = subscription.source.as_deref().unwrap();
    assert_eq!(source.sha256.as_str(), all[at]);
    assert_eq!(source.imported_at, later());
    let entry = applied.workspace.audit().last().unwrap();
    let Action::Import { digests, .. } = &entry.action else {
        panic!("{:?}", entry.action);
    };
    assert_eq!(*digests, all, "the audit entry keeps the digests made");
    // The same as when the digests are made as the pages are read.
    let mut read_with_digests = super::plan(&ws, Some(&Id::new(ME)), &changed, None).unwrap();
    let how = (false, Telling::Summary);
    let at_once = importing::apply(&ws, &me(), &mut read_with_digests, how, later()).unwrap();
    let saved = |ws: &Workspace| serde_json::to_string(&ws.to_file()).unwrap();
    assert_eq!(saved(&at_once.0.workspace), saved(&applied.workspace));
}

#[test]
fn a_page_changed_since_it_was_read_leaves_the_workspace_as_it_was_and_the_records_in_the_plan() {
    let pages = pages();
    let ws = imported(&pages);
    let (changed, _, _) = one_more_seat(&pages);
    let mut plan = plan_later(&ws, &changed);
    let records = plan.records.clone();
    // Read again, the pages are no longer what was read (the ones before the change).
    let (given_back, asked) = re_import(&ws, &mut plan, &pages);
    assert!(asked);
    assert_eq!(given_back.err(), Some(ImportChanges::OnlySubscriptions));
    assert_eq!(plan.records, records, "the records are back in the plan");
    // Nothing stops the same plan once its pages read again are what was read.
    let (applied, _) = re_import(&ws, &mut plan, &changed);
    assert_eq!(applied.unwrap().1.subscriptions.updated, 1);
}
