//! An import as the core sees it, shared by the CLI's `import` and the terminal app's: the
//! `Action::Import` built from the exports as planned, applied and reported by the core in one
//! pass (and, for tests, the core's review of it alone). Nothing here reads a file or prints.

use super::{Plan, SourceSummary};
use crate::domain::catalogue::Refusal;
use crate::domain::events::Telling;
use crate::domain::imported::{ImportRecords, ImportReport, LeftOut};
use crate::domain::side_by_side::{Room, SideBySide};
use crate::domain::{
    Action, Actor, Applied, ImportChanges, Time, apply_import_completing, apply_import_telling,
};
use crate::workspace::Workspace;

/// The import action and the core's report on it, before it is applied (both faces apply an
/// import in one pass; tests compare that pass with this review).
#[cfg(test)]
pub struct Reviewed {
    pub action: Action,
    pub report: ImportReport,
}

/// The `Action::Import` for the sources `plan` read, carrying `records`.
fn action(plan: &Plan, records: ImportRecords, strict: bool) -> Action {
    Action::Import {
        sources: plan.sources.iter().map(|s| s.file.clone()).collect(),
        digests: plan.sources.iter().map(|s| s.sha256.clone()).collect(),
        strict,
        records: Box::new(records),
        tally: None,
    }
}

/// The import `plan` describes, by `actor` on `ws`, applied by the core in one pass: the new
/// workspace, its events (written out as `telling` says), and the core's report. The records
/// go into the workspace (never copied): `plan.records` is left empty. A refusal names the
/// rule that stops the whole import.
pub fn apply(
    ws: &Workspace,
    actor: &Actor,
    plan: &mut Plan,
    how: (bool, Telling),
    now: Time,
) -> Result<(Applied<Workspace>, ImportReport), Refusal> {
    apply_on(ws, actor, plan, how, now, &TwoThreads)
}

/// `apply` for a plan that may have left its digests for later (`Digesting::Later`), in one
/// pass: an import that changes nothing needs none; one that changes something has `complete`
/// make them in `plan.sources` (`digests::complete`) at the moment the core finds that, before
/// it puts any record. When `complete` cannot (`false`) nothing is applied (`Ok(Err)`, with
/// what comparing found it would change) and the records go back into `plan`.
pub fn apply_completing(
    ws: &Workspace,
    actor: &Actor,
    plan: &mut Plan,
    (strict, telling): (bool, Telling),
    now: Time,
    complete: impl FnOnce(&mut [SourceSummary]) -> bool,
) -> Result<Result<(Applied<Workspace>, ImportReport), ImportChanges>, Refusal> {
    let action = action_of(plan, strict);
    let sources = &mut plan.sources;
    let digests = || complete(sources).then(|| sources.iter().map(|s| s.sha256.clone()).collect());
    let how = (now, telling);
    Ok(
        match apply_import_completing(ws, actor, action, how, &TwoThreads, digests)? {
            Ok(applied) => Ok(applied),
            Err((given_back, changes)) => {
                if let Action::Import { records, .. } = given_back {
                    plan.records = *records;
                }
                Err(changes)
            }
        },
    )
}

/// `apply`, its halves of work handed to `side_by_side`.
fn apply_on(
    ws: &Workspace,
    actor: &Actor,
    plan: &mut Plan,
    (strict, telling): (bool, Telling),
    now: Time,
    side_by_side: &impl SideBySide,
) -> Result<(Applied<Workspace>, ImportReport), Refusal> {
    let action = action_of(plan, strict);
    apply_import_telling(ws, actor, action, now, side_by_side, telling)
}

/// The import `plan` describes as one action, its records taken from the plan (which keeps
/// its sources and what was left out, for the report): what the app applies and journals.
pub fn action_of(plan: &mut Plan, strict: bool) -> Action {
    let records = std::mem::take(&mut plan.records);
    action(plan, records, strict)
}

/// The import `action`, by `actor` on `ws`, applied and reported by the core in one pass
/// (on two threads), every event written out: the app's import.
pub fn apply_whole(
    ws: &Workspace,
    actor: &Actor,
    action: Action,
    now: Time,
) -> Result<(Applied<Workspace>, ImportReport), Refusal> {
    apply_import_telling(ws, actor, action, now, &TwoThreads, Telling::Every)
}

/// The core's independent halves of work on this thread and a second one.
pub(crate) struct TwoThreads;

impl SideBySide for TwoThreads {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        std::thread::scope(|scope| {
            let second = scope.spawn(second);
            let first = first();
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        })
    }

    /// Freed on a thread of its own, which nobody waits for: a command that ends meanwhile
    /// ends it, and the memory is given back with the process's. (Without a thread to be
    /// had, the closure and what it holds are freed here.)
    fn let_go<T: Send + 'static>(&self, unneeded: T) {
        let _detached = std::thread::Builder::new().spawn(move || drop(unneeded));
    }

    /// Mapped on a thread of its own while this one goes on (it fills the room from its
    /// start, well behind).
    fn map_ahead(&self, room: &[Room]) {
        let room = room.to_vec();
        let _detached = std::thread::Builder::new().spawn(move || {
            for r in room {
                crate::allocator::map_ahead(r.start, r.bytes);
            }
        });
    }
}

/// The import `plan` describes, by `actor` on `ws`, reviewed by the core; a refusal names the
/// rule that stops the whole import.
#[cfg(test)]
pub fn review(
    ws: &Workspace,
    actor: &Actor,
    plan: &Plan,
    strict: bool,
    now: Time,
) -> Result<Reviewed, Refusal> {
    let action = action(plan, plan.records.clone(), strict);
    let report = crate::domain::review_import(ws, actor, &action, now)?;
    Ok(Reviewed { action, report })
}

/// Every record left out: those the exports could not give (the plan's) and those the rules
/// refused (the review's).
pub fn left_out(plan: &Plan, report: &ImportReport) -> Vec<LeftOut> {
    let mut left_out = plan.left_out.clone();
    left_out.extend(report.left_out.iter().cloned());
    left_out
}
