//! Random walks through the core: sequences of actions by random actors (partners, customers, the
//! operator, and someone who is not in the workspace) on a small seeded workspace, with time
//! moving forward. After every step:
//! - a refusal leaves the workspace byte-identical and explains itself;
//! - an applied action keeps every integrity rule (`check` finds nothing);
//! - subscriptions change only through subscription actions, and then only the one named;
//! - no relationship is ever deleted, and inviting or accepting never weakens one in force (MP1);
//! - drafts have no approval request, nothing awaiting a reseller's consent is active, only a
//!   relationship past its end date is expiring, and nothing made after DAP's retirement is DAP;
//! - the audit trail grows by exactly one entry per applied action that did something;
//! - and at the end of each walk, saving and loading again gives the same bytes and a workspace
//!   that behaves the same.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;
mod invariants;
mod resolve;
mod steps;

use std::collections::BTreeMap;

use common::*;
use invariants::*;
use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;
use partnerdesk::store::{parse_workspace, to_json};
use partnerdesk::workspace::{Workspace, check};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use resolve::*;
use steps::*;

const PARTNERS: [&str; 5] = [CONTOSO, WOODGROVE, TAILSPIN, ADVENTURE, LITWARE];
const CUSTOMERS: [&str; 4] = [NORTHWIND, ADATUM, FABRIKAM, CONTOSO_OWN];
/// Known roles, Global Administrator, an unknown one and a blank one.
const ROLES: [&str; 7] = [
    HELPDESK_ADMIN,
    USER_ADMIN,
    DIRECTORY_READERS,
    GLOBAL_ADMIN,
    SECURITY_READER,
    "Chief Wizard",
    " ",
];
const GROUPS: [&str; 5] = [
    "a6e17000-0000-4000-8000-00000000000a",
    "A6E17000-0000-4000-8000-00000000000A",
    "a6e17000-0000-4000-8000-00000000000b",
    " ",
    "helpdesk-agents",
];

/// The seeded workspace: the cast, Northwind trading with Contoso IT and Woodgrove (subscriptions
/// active and suspended, an auto-extended GDAP relationship, and Woodgrove's granting Global
/// Administrator), Litware reselling to Adatum through Tailspin with a subscription, a reseller
/// invitation pending at Adatum, a GDAP request pending at the CSP-partner customer, Contoso IT's
/// draft for Adatum, and Tailspin's request for Litware awaiting Litware's consent.
fn seeded() -> World {
    static SEEDED: std::sync::OnceLock<World> = std::sync::OnceLock::new();
    SEEDED.get_or_init(build_seeded).clone()
}

fn build_seeded() -> World {
    let mut world = trading().world;
    let inv = world.invite(
        LITWARE,
        &invite_action(ADATUM, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(ADATUM, &inv);
    world.buy(LITWARE, ADATUM, "Microsoft 365 Business Premium", 12);
    world.request_gdap(
        WOODGROVE,
        FABRIKAM,
        named_gdap("Fabrikam security", &[SECURITY_READER], 120, false),
    );
    world.invite_reseller(ADVENTURE, ADATUM);
    world.gdap(
        WOODGROVE,
        NORTHWIND,
        named_gdap(
            "Woodgrove admin",
            &[GLOBAL_ADMIN, DIRECTORY_READERS],
            200,
            false,
        ),
    );
    world.draft_gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Adatum draft", &[HELPDESK_ADMIN], 60, true),
    );
    world.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        ADATUM,
        named_gdap("Litware for Adatum", &[USER_ADMIN], 90, false),
    );
    world.assert_clean();
    world
}

/// What one walk did, for the vacuity check.
#[derive(Default)]
struct Tally {
    applied: BTreeMap<&'static str, usize>,
    refused: BTreeMap<&'static str, usize>,
}

/// Runs a walk and checks every property after every step.
fn run_walk(walk: &[(Step, u16)], tally: &mut Tally) -> Result<(), TestCaseError> {
    let world = seeded();
    let mut ws = world.ws;
    let mut now = world.now;
    // The workspace as saved before each step (the bytes of the last applied state).
    let mut before = to_json(&ws);
    for (step, minutes) in walk {
        now = now.plus_seconds(i64::from(*minutes) * 60);
        if let Step::PassTime { days } = step {
            now = now.plus_days(i64::from(*days));
        }
        let (actor, action) = resolve(&ws, step);
        let subscriptions = subscription_bytes(&ws);
        let audit = ws.audit().len();
        match apply(&ws, &actor, &action, now) {
            Err(refusal) => {
                *tally.refused.entry(action.name()).or_default() += 1;
                prop_assert!(
                    to_json(&ws) == before,
                    "refused {} changed the workspace",
                    action.name()
                );
                assert_readable(&refusal.reason);
            }
            Ok(applied) => {
                *tally.applied.entry(action.name()).or_default() += 1;
                let next = applied.workspace;
                let findings = check(&next);
                prop_assert!(
                    findings.is_empty(),
                    "{actor} {} left integrity findings: {findings:#?}",
                    action.name()
                );
                check_subscriptions(&ws, &next, &action, &subscriptions)?;
                check_relationships_kept(&ws, &next, &action)?;
                check_lifecycle(&next, now)?;
                if applied.events.is_empty() {
                    prop_assert_eq!(next.audit().len(), audit);
                    prop_assert!(to_json(&next) == before, "a no-op changed the workspace");
                } else {
                    prop_assert_eq!(
                        next.audit().len(),
                        audit + 1,
                        "one audit entry per applied action"
                    );
                    let last = next.audit().next_back().expect("an entry");
                    prop_assert_eq!(&last.actor, &actor);
                    prop_assert_eq!(&last.action, &action);
                    prop_assert_eq!(last.at, now);
                }
                before = to_json(&next);
                ws = next;
            }
        }
    }
    // Save → load → save: the same bytes, and the loaded workspace is clean and behaves the same.
    let (loaded, diagnostics) =
        parse_workspace(&before).map_err(|e| TestCaseError::fail(format!("reload failed: {e}")))?;
    prop_assert!(diagnostics.is_empty(), "reload found {diagnostics:?}");
    prop_assert!(
        to_json(&loaded) == before,
        "save → load → save changed bytes"
    );
    let later = now.plus_days(400);
    let passed =
        |ws: &Workspace| apply(ws, &operator(), &Action::PassTime, later).map(|a| a.events);
    prop_assert!(
        passed(&loaded) == passed(&ws),
        "the reloaded workspace ages differently (its indexes differ)"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_walks_keep_every_rule(walk in walk()) {
        run_walk(&walk, &mut Tally::default())?;
    }
}

/// The walks are not vacuous: over a fixed set of walks, every kind of action is both applied and
/// refused at least once.
#[test]
fn random_walks_apply_and_refuse_every_kind_of_action() {
    let mut runner = TestRunner::deterministic();
    let mut tally = Tally::default();
    for _ in 0..32 {
        let walk = walk().new_tree(&mut runner).expect("a walk").current();
        run_walk(&walk, &mut tally).unwrap_or_else(|e| panic!("{e}"));
    }
    let kinds = [
        "invite",
        "lock",
        "edit draft",
        "delete draft",
        "reseller approve",
        "reseller reject",
        "remove Global Administrator",
        "accept",
        "decline",
        "revoke",
        "terminate",
        "buy",
        "suspend",
        "reactivate",
        "set auto-extend",
        "add access assignment",
        "remove access assignment",
        "pass time",
        "edit customer",
        "edit partner",
    ];
    for kind in kinds {
        assert!(
            tally.applied.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} was ever applied: {:?}",
            tally.applied
        );
        if kind != "pass time" {
            assert!(
                tally.refused.get(kind).copied().unwrap_or(0) > 0,
                "no {kind} was ever refused: {:?}",
                tally.refused
            );
        }
    }
}
