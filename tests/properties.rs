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

mod common;

use std::collections::BTreeMap;

use common::*;
use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;
use partnerdesk::store::{parse_workspace, to_json};
use partnerdesk::workspace::{Workspace, check};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

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

/// Who performs a step: the party the record calls for, or anyone at all.
#[derive(Clone, Debug)]
enum Who {
    Natural,
    Any(usize),
}

#[derive(Clone, Debug)]
enum Step {
    Invite {
        who: Who,
        partner: usize,
        customer: usize,
        kind: u8,
        via: u8,
        roles: Vec<usize>,
        days: u32,
        auto_extend: bool,
        name: Option<usize>,
        /// GDAP: a draft to lock later (GD7).
        draft: bool,
        /// GDAP by an indirect provider for a reseller (IV6).
        for_reseller: u8,
    },
    /// The partner that made a draft locks it for approval.
    Lock {
        who: Who,
        relationship: usize,
    },
    /// The partner that made a draft changes some of it.
    EditDraft {
        who: Who,
        relationship: usize,
        name: Option<usize>,
        roles: Option<Vec<usize>>,
        days: Option<u32>,
        auto_extend: Option<bool>,
    },
    DeleteDraft {
        who: Who,
        relationship: usize,
    },
    /// The reseller approves or rejects its provider's GDAP request.
    ResellerAnswer {
        who: Who,
        relationship: usize,
        approve: bool,
    },
    RemoveGlobalAdmin {
        who: Who,
        relationship: usize,
    },
    Accept {
        who: Who,
        invitation: usize,
    },
    Decline {
        who: Who,
        invitation: usize,
    },
    Revoke {
        who: Who,
        invitation: usize,
    },
    Terminate {
        who: Who,
        relationship: usize,
        by_customer: bool,
    },
    Buy {
        who: Who,
        partner: usize,
        customer: usize,
        quantity: u32,
    },
    Suspend {
        who: Who,
        subscription: usize,
    },
    Reactivate {
        who: Who,
        subscription: usize,
    },
    SetAutoExtend {
        who: Who,
        relationship: usize,
        on: bool,
    },
    Assign {
        who: Who,
        relationship: usize,
        group: usize,
        roles: Option<Vec<usize>>,
    },
    Unassign {
        who: Who,
        assignment: usize,
    },
    PassTime {
        days: u16,
    },
    /// The operator marks a customer as a CSP partner, or not.
    EditCustomer {
        who: Who,
        customer: usize,
        csp: bool,
    },
    /// The operator gives a partner another tenant, or changes its providers or billing model.
    EditPartner {
        who: Who,
        partner: usize,
        change: u8,
    },
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![3 => Just(Who::Natural), 1 => (0usize..16).prop_map(Who::Any)]
}

/// Mostly known roles (Global Administrator among them), sometimes unknown, blank or none.
fn roles() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![4 => prop::collection::vec(0usize..5, 1..3), 1 => prop::collection::vec(0..ROLES.len(), 0..4)]
}

fn days() -> impl Strategy<Value = u32> {
    prop_oneof![4 => 1u32..=730, 1 => 0u32..=1, 1 => 729u32..=800]
}

/// The display names steps use: two that differ only in case, a blank one and one too long.
fn names() -> [String; 5] {
    [
        "Helpdesk".to_string(),
        "HELPDESK".to_string(),
        "Security operations".to_string(),
        "   ".to_string(),
        "n".repeat(51),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let index = || 0usize..64;
    prop_oneof![
        6 => (who(), 0..PARTNERS.len(), 0..CUSTOMERS.len(), 0u8..3, 0u8..10, roles(), days(), any::<bool>(), prop::option::weighted(0.5, 0usize..5), prop::bool::weighted(0.25), 0u8..10)
            .prop_map(|(who, partner, customer, kind, via, roles, days, auto_extend, name, draft, for_reseller)| Step::Invite { who, partner, customer, kind, via, roles, days, auto_extend, name, draft, for_reseller }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::Lock { who, relationship }),
        1 => (who(), index(), prop::option::weighted(0.5, 0usize..5), prop::option::weighted(0.3, roles()), prop::option::weighted(0.3, days()), prop::option::weighted(0.3, any::<bool>()))
            .prop_map(|(who, relationship, name, roles, days, auto_extend)| Step::EditDraft { who, relationship, name, roles, days, auto_extend }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::DeleteDraft { who, relationship }),
        2 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, approve)| Step::ResellerAnswer { who, relationship, approve }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::RemoveGlobalAdmin { who, relationship }),
        4 => (who(), index()).prop_map(|(who, invitation)| Step::Accept { who, invitation }),
        1 => (who(), index()).prop_map(|(who, invitation)| Step::Decline { who, invitation }),
        1 => (who(), index()).prop_map(|(who, invitation)| Step::Revoke { who, invitation }),
        2 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, by_customer)| Step::Terminate { who, relationship, by_customer }),
        2 => (who(), 0..PARTNERS.len(), 0..CUSTOMERS.len(), 0u32..4).prop_map(|(who, partner, customer, quantity)| Step::Buy { who, partner, customer, quantity }),
        2 => (who(), index()).prop_map(|(who, subscription)| Step::Suspend { who, subscription }),
        1 => (who(), index()).prop_map(|(who, subscription)| Step::Reactivate { who, subscription }),
        1 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, on)| Step::SetAutoExtend { who, relationship, on }),
        2 => (who(), index(), 0..GROUPS.len(), prop::option::weighted(0.3, prop::collection::vec(0..ROLES.len(), 0..3)))
            .prop_map(|(who, relationship, group, roles)| Step::Assign { who, relationship, group, roles }),
        1 => (who(), index()).prop_map(|(who, assignment)| Step::Unassign { who, assignment }),
        2 => prop_oneof![0u16..5, 5u16..120, 120u16..400].prop_map(|days| Step::PassTime { days }),
        1 => (who(), 0..CUSTOMERS.len(), any::<bool>()).prop_map(|(who, customer, csp)| Step::EditCustomer { who, customer, csp }),
        1 => (who(), 0..PARTNERS.len(), 0u8..4).prop_map(|(who, partner, change)| Step::EditPartner { who, partner, change }),
    ]
}

/// A step and the minutes that pass before it.
fn walk() -> impl Strategy<Value = Vec<(Step, u16)>> {
    prop::collection::vec((step(), 0u16..600), 1..=30)
}

/// Everyone who can act, plus someone who is not in the workspace.
fn actors() -> Vec<Actor> {
    let mut all = vec![operator()];
    all.extend(PARTNERS.iter().map(|p| partner(p)));
    all.extend(CUSTOMERS.iter().map(|c| customer(c)));
    all.push(partner("ghost"));
    all
}

fn pick<T: Clone>(items: &[T], index: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[index % items.len()].clone())
}

/// Mostly one of the records the step is likely to work on (`preferred`), sometimes any record
/// of the kind, and an id that does not exist when there is none.
fn pick_id<'a, T: 'a>(
    all: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> &Id,
    preferred: impl Fn(&T) -> bool,
    index: usize,
) -> Id {
    let records: Vec<&T> = all.collect();
    let likely: Vec<Id> = records
        .iter()
        .filter(|r| preferred(r))
        .map(|r| key(r).clone())
        .collect();
    let every: Vec<Id> = records.iter().map(|r| key(r).clone()).collect();
    let choice = if !index.is_multiple_of(4) && !likely.is_empty() {
        pick(&likely, index / 4)
    } else {
        pick(&every, index / 4)
    };
    choice.unwrap_or_else(|| id("missing-404"))
}

fn choose(who: &Who, natural: Actor) -> Actor {
    match who {
        Who::Natural => natural,
        Who::Any(index) => pick(&actors(), *index).unwrap_or(natural),
    }
}

/// Turns an abstract step into an actor and an action against the current workspace.
fn resolve(ws: &Workspace, step: &Step) -> (Actor, Action) {
    let pending = |index| {
        pick_id(
            ws.invitations(),
            |i| &i.id,
            |i| i.status == InvitationStatus::Pending,
            index,
        )
    };
    let in_force = |index, gdap_only: bool| {
        pick_id(
            ws.relationships(),
            |r| &r.id,
            |r| r.status.is_in_force() && (!gdap_only || r.gdap.is_some()),
            index,
        )
    };
    let subscription_with =
        |index, status| pick_id(ws.subscriptions(), |s| &s.id, |s| s.status == status, index);
    let invitation_party = |inv: &Id, customer_side: bool| match ws.invitation(inv) {
        Some(i) if customer_side => Actor::Customer(i.customer_id.clone()),
        Some(i) => Actor::Partner(i.partner_id.clone()),
        None => operator(),
    };
    let relationship_partner = |rel: &Id| {
        ws.relationship(rel)
            .map_or(operator(), |r| Actor::Partner(r.partner_id.clone()))
    };
    let relationship_where = |index, preferred: &dyn Fn(&Relationship) -> bool| {
        pick_id(ws.relationships(), |r| &r.id, preferred, index)
    };
    // The partner that made a GDAP request: the provider for a reseller's, else its partner.
    let maker = |rel: &Id| {
        ws.relationship(rel).map_or(operator(), |r| {
            Actor::Partner(r.via_partner_id.clone().unwrap_or(r.partner_id.clone()))
        })
    };
    let role_names =
        |roles: &[usize]| -> Vec<String> { roles.iter().map(|r| ROLES[*r].to_string()).collect() };
    match step {
        Step::Invite {
            who,
            partner: p,
            customer: c,
            kind,
            via,
            roles,
            days,
            auto_extend,
            name,
            draft,
            for_reseller,
        } => {
            let inviter = PARTNERS[*p];
            let kind = [
                InvitationKind::Reseller,
                InvitationKind::ResellerAndDelegatedAdmin,
                InvitationKind::Gdap,
            ][usize::from(*kind)];
            let via = match via {
                0..=6 if inviter == LITWARE && kind != InvitationKind::Gdap => Some(id(TAILSPIN)),
                0..=7 => None,
                8 => Some(id(TAILSPIN)),
                _ => Some(id(ADVENTURE)),
            };
            // Mostly Tailspin for the reseller it authorizes; sometimes anyone for anyone.
            let for_reseller = match for_reseller {
                0..=5 if inviter == TAILSPIN => Some(id(LITWARE)),
                0..=7 => None,
                8 => Some(id(LITWARE)),
                _ => Some(id(CONTOSO)),
            };
            let request = GdapRequest {
                display_name: name.map(|n| names()[n].clone()),
                roles: role_names(roles),
                duration: DurationDays(*days),
                auto_extend_duration: AutoExtend::from_flag(*auto_extend),
            };
            // Mostly well-formed: GDAP details exactly on GDAP invitations; sometimes not.
            let malformed = days.is_multiple_of(17);
            let gdap = ((kind == InvitationKind::Gdap) != malformed).then_some(request);
            let action = Action::Invite {
                customer_id: id(CUSTOMERS[*c]),
                kind,
                via_provider_id: via,
                gdap,
                draft: *draft,
                for_reseller,
            };
            (choose(who, partner(inviter)), action)
        }
        Step::Lock { who, relationship } | Step::DeleteDraft { who, relationship } => {
            let rel =
                relationship_where(*relationship, &|r| r.status == RelationshipStatus::Created);
            let natural = maker(&rel);
            let action = match step {
                Step::Lock { .. } => lock(&rel),
                _ => delete_draft(&rel),
            };
            (choose(who, natural), action)
        }
        Step::EditDraft {
            who,
            relationship,
            name,
            roles,
            days,
            auto_extend,
        } => {
            let rel =
                relationship_where(*relationship, &|r| r.status == RelationshipStatus::Created);
            let action = Action::EditDraft {
                relationship_id: rel.clone(),
                display_name: name.map(|n| names()[n].clone()),
                roles: roles.as_deref().map(role_names),
                duration: days.map(DurationDays),
                auto_extend_duration: auto_extend.map(AutoExtend::from_flag),
            };
            (choose(who, maker(&rel)), action)
        }
        Step::ResellerAnswer {
            who,
            relationship,
            approve,
        } => {
            let rel = relationship_where(*relationship, &|r| r.partner_consent_pending);
            let action = if *approve {
                reseller_approve(&rel)
            } else {
                reseller_reject(&rel)
            };
            (choose(who, relationship_partner(&rel)), action)
        }
        Step::RemoveGlobalAdmin { who, relationship } => {
            let rel = relationship_where(*relationship, &|r| {
                r.gdap.as_ref().is_some_and(|g| {
                    g.roles
                        .iter()
                        .any(|role| role.eq_ignore_ascii_case(roles::GLOBAL_ADMINISTRATOR))
                })
            });
            (
                choose(who, relationship_partner(&rel)),
                remove_global_admin(&rel),
            )
        }
        Step::Accept { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, true)),
                Action::Accept { invitation_id: inv },
            )
        }
        Step::Decline { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, true)),
                Action::Decline { invitation_id: inv },
            )
        }
        Step::Revoke { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, false)),
                Action::Revoke { invitation_id: inv },
            )
        }
        Step::Terminate {
            who,
            relationship,
            by_customer,
        } => {
            let rel = in_force(*relationship, false);
            let natural = match ws.relationship(&rel) {
                Some(r) if *by_customer => Actor::Customer(r.customer_id.clone()),
                Some(r) => Actor::Partner(r.partner_id.clone()),
                None => operator(),
            };
            (
                choose(who, natural),
                Action::Terminate {
                    relationship_id: rel,
                },
            )
        }
        Step::Buy {
            who,
            partner: p,
            customer: c,
            quantity,
        } => (
            choose(who, partner(PARTNERS[*p])),
            buy_action(CUSTOMERS[*c], "Microsoft 365 E3", *quantity),
        ),
        Step::Suspend { who, subscription } | Step::Reactivate { who, subscription } => {
            let status = match step {
                Step::Suspend { .. } => SubscriptionStatus::Active,
                _ => SubscriptionStatus::Suspended,
            };
            let sub = subscription_with(*subscription, status);
            let natural = ws
                .subscription(&sub)
                .map_or(operator(), |s| Actor::Partner(s.partner_of_record.clone()));
            let action = match step {
                Step::Suspend { .. } => Action::SuspendSubscription {
                    subscription_id: sub,
                },
                _ => Action::ReactivateSubscription {
                    subscription_id: sub,
                },
            };
            (choose(who, natural), action)
        }
        Step::SetAutoExtend {
            who,
            relationship,
            on,
        } => {
            let rel = in_force(*relationship, true);
            (
                choose(who, relationship_partner(&rel)),
                set_auto_extend(&rel, *on),
            )
        }
        Step::Assign {
            who,
            relationship,
            group,
            roles,
        } => {
            let rel = in_force(*relationship, true);
            let roles: Vec<String> = match roles {
                Some(roles) => roles.iter().map(|r| ROLES[*r].to_string()).collect(),
                // The relationship's own first role: usually allowed.
                None => ws
                    .relationship(&rel)
                    .and_then(|r| r.gdap.as_ref())
                    .map(|g| g.roles.iter().take(1).map(|r| r.to_string()).collect())
                    .unwrap_or_default(),
            };
            let action = Action::AddAccessAssignment {
                relationship_id: rel.clone(),
                security_group_id: GROUPS[*group].to_string(),
                security_group_name: None,
                roles,
            };
            (choose(who, relationship_partner(&rel)), action)
        }
        Step::Unassign { who, assignment } => {
            let asg = pick_id(
                ws.assignments(),
                |a| &a.id,
                |a| a.status == AssignmentStatus::Active,
                *assignment,
            );
            let natural = ws
                .assignment(&asg)
                .map_or(operator(), |a| relationship_partner(&a.relationship_id));
            (
                choose(who, natural),
                Action::RemoveAccessAssignment { assignment_id: asg },
            )
        }
        Step::PassTime { .. } => (operator(), Action::PassTime),
        Step::EditCustomer {
            who,
            customer: c,
            csp,
        } => {
            let mut record = ws
                .customer(&id(CUSTOMERS[*c]))
                .cloned()
                .expect("the cast is there");
            record.is_csp_partner = *csp;
            (
                choose(who, operator()),
                Action::EditCustomer { customer: record },
            )
        }
        Step::EditPartner {
            who,
            partner: p,
            change,
        } => {
            let mut record = ws
                .partner(&id(PARTNERS[*p]))
                .cloned()
                .expect("the cast is there");
            match change {
                // Take the tenant of a customer (MP6 if it resells there).
                0 => {
                    record.tenant_id = ws
                        .customer(&id(ADATUM))
                        .map(|c| c.tenant_id.clone())
                        .unwrap_or_default()
                }
                1 => record.providers = vec![id(ADVENTURE)],
                2 => record.providers = vec![id(TAILSPIN)],
                _ => record.billing_model = BillingModel::DirectBill,
            }
            (
                choose(who, operator()),
                Action::EditPartner { partner: record },
            )
        }
    }
}

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

/// MP2–MP5: only subscription actions change an existing subscription, and then only the one
/// they name, and only its status.
fn check_subscriptions(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
    before: &BTreeMap<Id, String>,
) -> Result<(), TestCaseError> {
    let after = subscription_bytes(new);
    let target = match action {
        Action::SuspendSubscription { subscription_id }
        | Action::ReactivateSubscription { subscription_id } => Some(subscription_id),
        _ => None,
    };
    for (sid, bytes) in before {
        if Some(sid) == target {
            let (was, now) = (
                old.subscription(sid).unwrap(),
                new.subscription(sid).unwrap(),
            );
            prop_assert_eq!(
                &Subscription {
                    status: was.status,
                    ..now.clone()
                },
                was,
                "only the status of {} moved",
                sid
            );
        } else {
            prop_assert_eq!(
                after.get(sid),
                Some(bytes),
                "{} changed subscription {}",
                action.name(),
                sid
            );
        }
    }
    if !matches!(action, Action::BuySubscription { .. }) {
        prop_assert_eq!(
            after.len(),
            before.len(),
            "only a purchase adds a subscription"
        );
    }
    Ok(())
}

/// GD7: a draft has no approval request yet; IV6: a relationship awaiting its reseller's consent
/// is never active; GD2: only a relationship past its end date is expiring; DP1: nothing made
/// after 9 October 2023 is DAP.
fn check_lifecycle(ws: &Workspace, now: Time) -> Result<(), TestCaseError> {
    for r in ws.relationships() {
        if r.status == RelationshipStatus::Created {
            prop_assert_eq!(&r.invitation_id, &None, "draft {} has an invitation", r.id);
        }
        if r.partner_consent_pending {
            prop_assert!(
                r.status != RelationshipStatus::Active,
                "{} is active before its reseller consented",
                r.id
            );
        }
        if r.status == RelationshipStatus::Expiring {
            prop_assert!(
                r.end_date_time.is_some_and(|end| end <= now),
                "{} is expiring before its end date",
                r.id
            );
        }
        if r.created_date_time >= lifecycle::dap_retired() {
            prop_assert!(
                r.kind != RelationshipKind::DelegatedAdmin,
                "{} is DAP made after DAP was retired",
                r.id
            );
        }
    }
    Ok(())
}

/// GD5: relationships are never deleted. MP1: inviting or accepting never ends or narrows a
/// relationship in force.
fn check_relationships_kept(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
) -> Result<(), TestCaseError> {
    let adds_a_partner = matches!(action, Action::Invite { .. } | Action::Accept { .. });
    for was in old.relationships() {
        let Some(now) = new.relationship(&was.id) else {
            return Err(TestCaseError::fail(format!(
                "{} deleted relationship {}",
                action.name(),
                was.id
            )));
        };
        prop_assert!(
            now.history.starts_with(&was.history),
            "history of {} was rewritten",
            was.id
        );
        if adds_a_partner && was.status.is_in_force() {
            prop_assert!(
                now.status.is_in_force(),
                "{} ended {}",
                action.name(),
                was.id
            );
            prop_assert_eq!(&now.gdap, &was.gdap);
            prop_assert!(now.end_date_time >= was.end_date_time);
        }
    }
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
