//! What offboarding a partner from a customer does, part by part: each relationship between them
//! that has not ended and each invitation still pending is one part, which either ends (and how)
//! or stays (and the rule that keeps it). The handler (`actions::offboard`) fills it by running
//! each part's own action, so the preview and the change are the same computation.
//!
//! Partial by design: access is what an operator offboards first, so a reseller relationship kept
//! by RS1 (active subscriptions of record) does not keep GDAP or DAP on. Only when no part at all
//! can end is the action refused (OB1 when there is nothing between them; otherwise the rule of
//! the first part that stays, with every part named).

use std::fmt;

use serde::Serialize;

use super::catalogue::{Refusal, RuleId};
use super::events::RecordKind;
use crate::tables::id::Id;

/// What happens to one part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum PartOutcome {
    /// It ends: `change` says how ("terminated", "draft deleted", "revoked").
    Ends { change: String },
    /// A rule keeps it as it is.
    Stays { rule: RuleId, reason: String },
}

/// One relationship or pending invitation between the partner and the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub kind: RecordKind,
    pub id: Id,
    /// The record in a few words: `GDAP "Helpdesk" (active)`, `reseller invitation (pending)`.
    pub what: String,
    #[serde(flatten)]
    pub outcome: PartOutcome,
}

impl Part {
    pub fn ends(&self) -> bool {
        matches!(self.outcome, PartOutcome::Ends { .. })
    }
}

/// Every part of an offboarding, in the order the action takes them: access first (GDAP, DAP),
/// then the reseller relationship, then pending invitations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OffboardPlan {
    pub partner_id: Id,
    pub customer_id: Id,
    pub partner: String,
    pub customer: String,
    pub parts: Vec<Part>,
}

impl OffboardPlan {
    pub fn ending(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(|p| p.ends())
    }

    pub fn staying(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(|p| !p.ends())
    }

    /// True when some parts end and others stay.
    pub fn is_partial(&self) -> bool {
        self.ending().next().is_some() && self.staying().next().is_some()
    }

    /// One sentence: how much of it happens.
    pub fn headline(&self) -> String {
        let ending = self.ending().count();
        let total = self.parts.len();
        let who = format!("{} from {}", self.partner, self.customer);
        match (ending, total) {
            (_, 0) => format!("offboarding {who}: nothing between them to end"),
            (0, _) => format!("offboarding {who}: nothing can end; every part stays"),
            (e, t) if e == t => format!("offboarding {who}: all {t} part(s) end"),
            (e, t) => format!(
                "offboarding {who} is partial: {e} of {t} part(s) end, {} stay(s) (named below); the parts that end do not wait for the others",
                t - e
            ),
        }
    }

    /// One line per part: `ends` or `stays` with the rule, as the CLI and the app print it.
    pub fn lines(&self) -> Vec<String> {
        self.parts.iter().map(Part::to_string).collect()
    }

    /// The refusal when no part can end: OB1 when there is nothing between them, otherwise the
    /// first staying part's rule, with every part named.
    pub(crate) fn refusal(&self) -> Option<Refusal> {
        if self.ending().next().is_some() {
            return None;
        }
        let Some((first, reason)) = self.staying().find_map(|p| match &p.outcome {
            PartOutcome::Stays { rule, reason } => Some((*rule, reason)),
            PartOutcome::Ends { .. } => None,
        }) else {
            return Some(Refusal::new(
                RuleId::OB1,
                format!(
                    "{} has no relationship in force, draft or pending invitation with {}: there is nothing to offboard",
                    self.partner, self.customer
                ),
            ));
        };
        // The first part's own reason leads (it says who could act, or what to do first), so a
        // status line cut short still says why; every part follows.
        let rest = if self.parts.len() > 1 {
            format!(": {}", self.lines().join("; "))
        } else {
            String::new()
        };
        Some(Refusal::new(
            first,
            format!(
                "{reason} — nothing between {} and {} can end{rest}",
                self.partner, self.customer
            ),
        ))
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            PartOutcome::Ends { change } => {
                write!(
                    f,
                    "ends: {} {} {}: {change}",
                    self.kind.label(),
                    self.id,
                    self.what
                )
            }
            PartOutcome::Stays { rule, reason } => write!(
                f,
                "stays: {} {} {}: {rule}: {reason}",
                self.kind.label(),
                self.id,
                self.what
            ),
        }
    }
}
