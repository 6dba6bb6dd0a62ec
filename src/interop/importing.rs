//! An import as the core sees it, shared by the CLI's `import` and the terminal app's: the
//! `Action::Import` built from the exports as planned, and the core's review of what it would
//! add, update and leave out. Nothing here reads a file or prints.

use super::{Plan, Source};
use crate::domain::catalogue::Refusal;
use crate::domain::imported::{ImportReport, LeftOut};
use crate::domain::{Action, Actor, Time, review_import};
use crate::workspace::Workspace;

/// The import action and the core's report on it, before it is applied.
pub struct Reviewed {
    pub action: Action,
    pub report: ImportReport,
}

/// The import of `sources` (planned as `plan`) by `actor` on `ws`, reviewed by the core; a
/// refusal names the rule that stops the whole import.
pub fn review(
    ws: &Workspace,
    actor: &Actor,
    sources: &[Source],
    plan: &Plan,
    strict: bool,
    now: Time,
) -> Result<Reviewed, Refusal> {
    let action = Action::Import {
        sources: sources.iter().map(|s| s.name.clone()).collect(),
        digests: plan.sources.iter().map(|s| s.sha256.clone()).collect(),
        strict,
        records: Box::new(plan.records.clone()),
        tally: None,
    };
    let report = review_import(ws, actor, &action, now)?;
    Ok(Reviewed { action, report })
}

/// Every record left out: those the exports could not give (the plan's) and those the rules
/// refused (the review's).
pub fn left_out(plan: &Plan, report: &ImportReport) -> Vec<LeftOut> {
    let mut left_out = plan.left_out.clone();
    left_out.extend(report.left_out.iter().cloned());
    left_out
}
