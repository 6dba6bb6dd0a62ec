//! A finding about a workspace: the rule it breaks, where, and why.

use std::fmt;

use serde::Serialize;

use super::catalogue::{Refusal, RuleId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: RuleId,
    /// Where: `customers[3]` when reading a file, `relationships/rel-12` for a record by id.
    pub path: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(rule: RuleId, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            path: path.into(),
            message: message.into(),
        }
    }

    pub fn into_refusal(self) -> Refusal {
        Refusal::new(self.rule, self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.rule, self.path, self.message)
    }
}
