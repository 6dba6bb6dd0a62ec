//! A finding: what is wrong with one record, how bad it is, and the fix the core can make.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::domain::action::Action;
use crate::domain::actor::Actor;
use crate::domain::events::RecordKind;
use crate::tables::id::Id;

/// How urgent a finding is; ordered, so "at or above" compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("`{text}` is not a severity: high, medium, low or info"))
    }
}

/// A proposed fix: ordinary actions, applied in order by `actor` through the core.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What it does, in a few words: "remove Global Administrator", "turn auto-extend on".
    pub summary: String,
    #[serde(serialize_with = "as_text")]
    pub actor: Actor,
    pub actions: Vec<Action>,
}

fn as_text<S: serde::Serializer>(actor: &Actor, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(actor)
}

/// The rule id of a partner that appeared on a customer (`review --since`): its findings are
/// named by the pair, not by a record.
pub const NEW_PARTNER: &str = "new-partner";

/// One thing the review found. Its id (`id()`) is made from its rule and record when it is
/// shown, not kept: a million customers have millions of findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The record it is about (Enter jumps there).
    pub kind: RecordKind,
    pub record: Id,
    pub customer: Id,
    pub partner: Option<Id>,
    /// One line: why it matters (most are fixed texts: borrowed, not copied per finding).
    pub why: Cow<'static, str>,
    // Boxed: most findings have none, and a workspace can have hundreds of thousands.
    pub fix: Option<Box<Fix>>,
}

/// A finding as JSON shows it: its id first.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown<'a> {
    id: String,
    rule: &'a str,
    severity: Severity,
    kind: RecordKind,
    record: &'a Id,
    customer: &'a Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    partner: Option<&'a Id>,
    why: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shown {
            id: self.id(),
            rule: self.rule,
            severity: self.severity,
            kind: self.kind,
            record: &self.record,
            customer: &self.customer,
            partner: self.partner.as_ref(),
            why: &self.why,
            fix: self.fix.as_deref(),
        }
        .serialize(s)
    }
}

impl Finding {
    pub(super) fn new(
        rule: &'static str,
        severity: Severity,
        kind: RecordKind,
        record: &Id,
        customer: &Id,
        why: impl Into<Cow<'static, str>>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            kind,
            record: record.clone(),
            customer: customer.clone(),
            partner: None,
            why: why.into(),
            fix: None,
        }
    }

    /// What a finding moved out of a list leaves behind (allocates nothing).
    pub(super) fn placeholder() -> Finding {
        Finding {
            rule: "",
            severity: Severity::Info,
            kind: RecordKind::Relationship,
            record: Id::EMPTY,
            customer: Id::EMPTY,
            partner: None,
            why: Cow::Borrowed(""),
            fix: None,
        }
    }

    /// Stable across runs: `rule:record` (`gdap-global-admin:rel-1121`); a partner new on a
    /// customer is one alert per pair: `new-partner:CUSTOMER:PARTNER`.
    pub fn id(&self) -> String {
        // Built by hand, not with `format!`: a listing makes millions of them.
        let (first, second) = match self.pair_part() {
            Some(partner) => (self.customer.as_str(), Some(partner.as_str())),
            None => (self.record.as_str(), None),
        };
        let mut id =
            String::with_capacity(self.rule.len() + 2 + first.len() + second.map_or(0, str::len));
        id.push_str(self.rule);
        id.push(':');
        id.push_str(first);
        if let Some(second) = second {
            id.push(':');
            id.push_str(second);
        }
        id
    }

    /// The partner that, with the customer, names a finding about a pair rather than a record.
    fn pair_part(&self) -> Option<&Id> {
        if self.rule == NEW_PARTNER {
            self.partner.as_ref()
        } else {
            None
        }
    }

    /// How two findings of one rule compare by id, without making the ids: within a rule the
    /// ids differ only after the rule's `rule:` prefix.
    pub(super) fn cmp_within_rule(&self, other: &Finding) -> std::cmp::Ordering {
        if self.rule != other.rule {
            return self.id().cmp(&other.id());
        }
        match (self.pair_part(), other.pair_part()) {
            (None, None) => self.record.as_str().cmp(other.record.as_str()),
            _ => self.id().cmp(&other.id()),
        }
    }

    pub(super) fn partner(mut self, partner: &Id) -> Finding {
        self.partner = Some(partner.clone());
        self
    }

    pub(super) fn fix(mut self, summary: &str, actor: &Id, actions: Vec<Action>) -> Finding {
        self.fix = Some(Box::new(Fix {
            summary: summary.to_string(),
            actor: Actor::Partner(actor.clone()),
            actions,
        }));
        self
    }
}
