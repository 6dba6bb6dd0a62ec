//! Review: findings over a whole workspace — what an operator should look at this week (Global
//! Administrator on GDAP, DAP left on, relationships about to end, requests nobody approves…).
//! Each finding has a stable id (`rule:record`), a severity, a one-line why and, where the core
//! can make one, a proposed fix: ordinary actions, applied through `apply` like any other.
//!
//! Pure: the clock is passed in. One pass over assignments, relationships and customers' pending
//! invitations gathers what every family needs (`Survey`); each family (one file each) then
//! reads a record and the survey, never scanning the workspace again.

mod assignments;
mod coverage;
mod dap;
mod finding;
mod global_admin;
mod overlap;
mod partners;
mod pending;
mod provenance;
mod renewals;
mod since;
mod survey;
mod transition;

pub use finding::{Finding, Fix, Severity};
pub use renewals::renewal_name;
pub use since::{NEW_PARTNER, since};

use super::facts::Records;
use super::templates::Catalogue;
use super::time::Time;
use survey::Survey;

/// What the review is told beyond the workspace.
#[derive(Clone, Debug)]
pub struct Settings {
    /// More partners than this holding privileged roles on one customer is a finding.
    pub max_privileged_partners: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_privileged_partners: 2,
        }
    }
}

/// Every rule of the review: its id, severity (the highest it gives) and what it looks for.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        global_admin::RULE,
        Severity::High,
        "a GDAP relationship holds Global Administrator",
    ),
    (
        dap::RULE,
        Severity::High,
        "DAP (retired in 2023) is still active",
    ),
    (
        assignments::UNASSIGNED,
        Severity::Medium,
        "an active GDAP relationship has no access assignment",
    ),
    (
        assignments::ADVISED_AGAINST,
        Severity::Medium,
        "an access assignment holds a role Microsoft advises against",
    ),
    (
        renewals::PRIVILEGED_AUTO_EXTEND,
        Severity::Low,
        "privileged roles auto-extend",
    ),
    (
        renewals::ENDING,
        Severity::High,
        "ends within 30 days (high within 7) without auto-extend",
    ),
    (
        renewals::EXPIRED,
        Severity::Info,
        "expired in the last 90 days",
    ),
    (
        pending::GDAP,
        Severity::Medium,
        "a GDAP request has waited more than 30 days for approval",
    ),
    (
        pending::INVITATION,
        Severity::Low,
        "a reseller invitation has waited more than 30 days",
    ),
    (
        coverage::NO_GDAP,
        Severity::Info,
        "a reseller with no active GDAP on its customer",
    ),
    (
        coverage::NO_RESELLER,
        Severity::Info,
        "active GDAP from a partner with no reseller relationship",
    ),
    (
        partners::RULE,
        Severity::Medium,
        "more partners than allowed hold privileged roles on one customer",
    ),
    (
        overlap::RULE,
        Severity::Low,
        "two active GDAP relationships with the same partner, customer and roles",
    ),
    (
        transition::RULE,
        Severity::Low,
        "left from Microsoft's automatic DAP-to-GDAP transition (MLT_)",
    ),
    (
        provenance::RULE,
        Severity::Info,
        "a privileged relationship known only from an import",
    ),
];

/// Every finding of `ws` at `now`, most severe first, then by id.
pub fn review<W: Records>(
    ws: &W,
    catalogue: &Catalogue,
    settings: &Settings,
    now: Time,
) -> Vec<Finding> {
    let survey = Survey::of(ws, catalogue, now);
    let mut out = Vec::with_capacity(ws.relationships().size_hint().0);
    for assignment in ws.assignments() {
        assignments::advised_against(assignment, ws, catalogue, &mut out);
    }
    for r in ws.relationships() {
        global_admin::check(r, &mut out);
        dap::check(r, &survey, &mut out);
        assignments::unassigned(r, &survey, &mut out);
        renewals::check(ws, r, &survey, now, &mut out);
        pending::gdap(r, now, &mut out);
        coverage::check(r, &survey, &mut out);
        transition::check(r, &mut out);
        provenance::check(r, &mut out);
    }
    for invitation in &survey.pending_invitations {
        pending::invitation(invitation, now, &mut out);
    }
    overlap::findings(&survey, &mut out);
    partners::findings(&survey, settings, &mut out);
    out.sort_unstable_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests;
