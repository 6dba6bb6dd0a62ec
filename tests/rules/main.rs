//! The rule catalogue as a specification: for every rule in `CATALOGUE`, cases it allows and cases
//! it refuses. Every refusal names the rule, explains itself in a sentence that names the record,
//! and leaves the workspace exactly as it was (`World::refused` checks all three).
//!
//! MP1–MP5 promise what adding (or removing) a partner never does; no action can break them, so
//! they are tested by showing the promise holds across invite, accept, decline, revoke, GDAP
//! drafts (edit, delete, lock), a reseller's consent, removing Global Administrator, terminate
//! and the passage of time, across DAP's retirement (subscriptions compared byte for byte). The guards that would refuse
//! a breach are unit-tested in `src/workspace/guard_tests.rs`.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod dap;
mod gdap_access;
mod gdap_approval;
mod gdap_drafts;
mod gdap_terms;
mod identity;
mod integrity;
mod invitations;
mod offboarding;
mod operators;
mod partners;
mod subscriptions;

use common::*;
use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;
use partnerdesk::store::{parse_workspace, to_json};
use partnerdesk::workspace::Workspace;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The catalogue itself

#[test]
fn every_catalogue_rule_has_tests_named_for_it_in_these_files() {
    let source = [
        include_str!("partners.rs"),
        include_str!("invitations.rs"),
        include_str!("gdap_approval.rs"),
        include_str!("subscriptions.rs"),
        include_str!("gdap_terms.rs"),
        include_str!("gdap_access.rs"),
        include_str!("gdap_drafts.rs"),
        include_str!("dap.rs"),
        include_str!("integrity.rs"),
        include_str!("operators.rs"),
        include_str!("identity.rs"),
        include_str!("offboarding.rs"),
    ]
    .concat();
    for rule in CATALOGUE {
        let prefix = format!("fn {}_", rule.id.to_string().to_lowercase());
        assert!(
            source.contains(&prefix),
            "no test named `{prefix}…` for {}",
            rule.id
        );
        assert!(!rule.title.is_empty() && !rule.explanation.is_empty() && !rule.source.is_empty());
    }
    assert_eq!(
        CATALOGUE.len(),
        33,
        "MP1–MP7, IV1–IV6, RS1, GD1–GD7, DP1, WS1–WS4, SB1, OP1, ID1–ID3, TM1, OB1"
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers for load tests

/// The world's workspace written to JSON, edited, and parsed back: the workspace and diagnostics.
fn load_edited(world: &World, edit: impl FnOnce(&mut Value)) -> (Workspace, Vec<Diagnostic>) {
    let mut file: Value =
        serde_json::from_slice(&to_json(&world.ws)).expect("our own output is JSON");
    edit(&mut file);
    parse_workspace(serde_json::to_string_pretty(&file).unwrap().as_bytes())
        .expect("the edited file still has the right shape")
}

fn partner_mut<'a>(file: &'a mut Value, partner: &str) -> &'a mut Value {
    file["partners"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == partner)
        .expect("the partner is in the file")
}

fn customer_mut<'a>(file: &'a mut Value, customer: &str) -> &'a mut Value {
    file["customers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == customer)
        .expect("the customer is in the file")
}

fn relationship_mut<'a>(file: &'a mut Value, rel: &Id) -> &'a mut Value {
    file["relationships"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == rel.as_str())
        .expect("the relationship is in the file")
}
