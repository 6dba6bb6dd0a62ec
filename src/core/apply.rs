//! The one entry point that changes a workspace: `apply(workspace, actor, action, now)`.
//!
//! It runs the action's own rules, then verifies mechanically what every action must keep:
//! the seed's promises about subscriptions (MP2–MP5), that no relationship is deleted or
//! weakened by adding a partner (MP1, GD5), and the integrity of every record the action touched
//! (WS1–WS3, MP6, GD*, IV3, IV4). Either all of it holds and the new state is returned with its
//! events, or nothing changes and the refusal names the rule.

use super::table::Change;

use super::action::{Action, Actor};
use super::actions::{self, Ctx};
use super::diagnostics::Diagnostic;
use super::events::Event;
use super::ids::Time;
use super::integrity;
use super::model::{AuditEntry, Subscription};
use super::rules::{Refusal, RuleId, refuse};
use super::workspace::Workspace;

/// The result of an applied action: the new state and what changed.
#[derive(Clone, Debug)]
pub struct Applied {
    pub workspace: Workspace,
    pub events: Vec<Event>,
}

impl Applied {
    /// True when the action was allowed but had nothing to do (time passed, nothing was due).
    pub fn is_noop(&self) -> bool {
        self.events.is_empty()
    }
}

pub fn apply(
    ws: &Workspace,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<Applied, Refusal> {
    check_actor_exists(ws, actor)?;
    let mut next = ws.clone();
    let mut ctx = Ctx::new(&mut next, actor, now);
    actions::dispatch(&mut ctx, action)?;
    let events = ctx.into_events();
    if events.is_empty() {
        return Ok(Applied {
            workspace: ws.clone(),
            events,
        });
    }
    verify_subscription_promises(ws, &next, action)?;
    verify_relationships_kept(ws, &next, action)?;
    verify_touched_records(ws, &next)?;
    let seq = ws.audit().next_back().map_or(1, |last| last.seq + 1);
    next.push_audit(AuditEntry {
        seq,
        at: now,
        actor: actor.clone(),
        summary: summarize(action, &events),
        // An import's records are in the workspace already; the audit keeps who imported what
        // from which files (sources and a tally), not a second copy of every record.
        action: action.for_audit(),
    });
    Ok(Applied {
        workspace: next,
        events,
    })
}

/// Checks an action without keeping its result: `Ok` when `apply` would accept it.
pub fn check_action(
    ws: &Workspace,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<Vec<Event>, Refusal> {
    apply(ws, actor, action, now).map(|applied| applied.events)
}

fn check_actor_exists(ws: &Workspace, actor: &Actor) -> Result<(), Refusal> {
    match actor {
        Actor::Operator => Ok(()),
        Actor::Partner(id) if ws.partner(id).is_none() => refuse(
            RuleId::WS1,
            format!("`{id}` is not a partner in this workspace"),
        ),
        Actor::Customer(id) if ws.customer(id).is_none() => refuse(
            RuleId::WS1,
            format!("`{id}` is not a customer in this workspace"),
        ),
        _ => Ok(()),
    }
}

fn summarize(action: &Action, events: &[Event]) -> String {
    let mut text = action.name().to_string();
    let details: Vec<String> = events.iter().take(4).map(Event::to_string).collect();
    if !details.is_empty() {
        text.push_str(": ");
        text.push_str(&details.join("; "));
    }
    if events.len() > 4 {
        text.push_str(&format!("; and {} more", events.len() - 4));
    }
    text
}

/// MP2–MP5: unless the action is about subscriptions, every existing subscription is exactly as
/// it was. New subscriptions (a purchase) are allowed; the diff skips shared structure, so this
/// costs what the action touched.
fn verify_subscription_promises(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
) -> Result<(), Refusal> {
    if action.may_change_existing_subscriptions() {
        return Ok(());
    }
    for item in new.subscriptions.changes_since(&old.subscriptions) {
        match item {
            Change::Added(..) => {}
            Change::Removed(sub) => {
                return refuse(
                    RuleId::MP3,
                    format!("{} would remove subscription {}", action.name(), sub.id),
                );
            }
            Change::Updated { before, after } => {
                return Err(subscription_change(action, before, after));
            }
        }
    }
    Ok(())
}

fn subscription_change(action: &Action, before: &Subscription, after: &Subscription) -> Refusal {
    let (rule, what) = if before.customer_id != after.customer_id {
        (RuleId::MP3, "its owner")
    } else if before.partner_of_record != after.partner_of_record
        || before.billing_partner != after.billing_partner
    {
        (RuleId::MP5, "its partner of record")
    } else if before.term_duration != after.term_duration
        || before.billing_cycle != after.billing_cycle
    {
        (RuleId::MP4, "its terms")
    } else {
        (RuleId::MP2, "its quantity, status or offer")
    };
    Refusal::new(
        rule,
        format!(
            "{} would change {} of subscription {}",
            action.name(),
            what,
            before.id
        ),
    )
}

/// GD5: relationships are never deleted. MP1: actions that add a partner never end or narrow
/// another relationship in force.
fn verify_relationships_kept(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
) -> Result<(), Refusal> {
    let adds_a_partner = matches!(action, Action::Invite { .. } | Action::Accept { .. });
    for item in new.relationships.changes_since(&old.relationships) {
        match item {
            Change::Added(..) => {}
            Change::Removed(r) => {
                return refuse(
                    RuleId::GD5,
                    format!(
                        "{} would delete relationship {}; ended relationships stay as history",
                        action.name(),
                        r.id
                    ),
                );
            }
            Change::Updated { before, after } => {
                let weakened = before.status.is_in_force()
                    && (!after.status.is_in_force()
                        || before.gdap.as_ref().map(|g| &g.roles)
                            != after.gdap.as_ref().map(|g| &g.roles)
                        || after.end_date_time < before.end_date_time);
                if adds_a_partner && weakened {
                    return refuse(
                        RuleId::MP1,
                        format!(
                            "{} would weaken relationship {} of another partner",
                            action.name(),
                            before.id
                        ),
                    );
                }
            }
        }
    }
    Ok(())
}

/// Runs the integrity rules on every record the action added or changed, plus the records whose
/// validity depends on them (a partner's or customer's relationships and invitations when its
/// master data changes).
fn verify_touched_records(old: &Workspace, new: &Workspace) -> Result<(), Refusal> {
    let mut found: Vec<Diagnostic> = Vec::new();
    for item in new.partners.changes_since(&old.partners) {
        if let Some(p) = changed(item) {
            integrity::check_partner(new, p, &mut found);
            for r in new.relationships_of_partner(&p.id) {
                integrity::check_relationship(new, r, &mut found);
            }
            for i in new.invitations_of_partner(&p.id) {
                integrity::check_invitation(new, i, &mut found);
            }
        }
    }
    for item in new.customers.changes_since(&old.customers) {
        if let Some(c) = changed(item) {
            integrity::check_customer(new, c, &mut found);
            for r in new.relationships_of_customer(&c.id) {
                integrity::check_relationship(new, r, &mut found);
            }
            for i in new.invitations_of_customer(&c.id) {
                integrity::check_invitation(new, i, &mut found);
            }
        }
    }
    for item in new.subscriptions.changes_since(&old.subscriptions) {
        if let Some(s) = changed(item) {
            integrity::check_subscription(new, s, &mut found);
        }
    }
    for item in new.relationships.changes_since(&old.relationships) {
        if let Some(r) = changed(item) {
            integrity::check_relationship(new, r, &mut found);
        }
    }
    for item in new.invitations.changes_since(&old.invitations) {
        if let Some(i) = changed(item) {
            integrity::check_invitation(new, i, &mut found);
        }
    }
    for item in new.assignments.changes_since(&old.assignments) {
        if let Some(a) = changed(item) {
            integrity::check_assignment(new, a, &mut found);
        }
    }
    match found.into_iter().next() {
        Some(first) => Err(first.into_refusal()),
        None => Ok(()),
    }
}

fn changed<T>(item: Change<'_, T>) -> Option<&T> {
    match item {
        Change::Added(value) | Change::Updated { after: value, .. } => Some(value),
        Change::Removed(..) => None,
    }
}

#[cfg(test)]
mod tests {
    //! The guards behind MP1–MP5 and GD5. No action breaks these promises (tests/rules.rs shows
    //! they hold across every action), so the guards are exercised here on hand-made drafts.

    use super::*;
    use crate::core::ids::Id;
    use crate::core::model::*;

    fn at() -> Time {
        Time::from_seconds(1_795_000_000)
    }

    fn subscription() -> Subscription {
        Subscription {
            id: Id::new("sub-1"),
            customer_id: Id::new("northwind"),
            partner_of_record: Id::new("contoso"),
            billing_partner: None,
            offer_name: "Microsoft 365 E3".into(),
            quantity: 25,
            status: SubscriptionStatus::Active,
            term_duration: "P1Y".into(),
            billing_cycle: BillingCycle::Monthly,
            created_date_time: at(),
        }
    }

    fn relationship() -> Relationship {
        Relationship {
            id: Id::new("rel-1"),
            kind: RelationshipKind::Reseller,
            partner_id: Id::new("contoso"),
            customer_id: Id::new("northwind"),
            status: RelationshipStatus::Active,
            created_date_time: at(),
            start_date_time: Some(at()),
            end_date_time: None,
            via_partner_id: None,
            invitation_id: None,
            gdap: None,
            history: History::new(),
        }
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace::default();
        ws.put_subscription(subscription());
        ws.put_relationship(relationship());
        ws
    }

    fn accept() -> Action {
        Action::Accept {
            invitation_id: Id::new("inv-2"),
        }
    }

    fn refused_with(change: impl FnOnce(&mut Subscription)) -> RuleId {
        let old = workspace();
        let mut new = old.clone();
        let mut sub = subscription();
        change(&mut sub);
        new.put_subscription(sub);
        match verify_subscription_promises(&old, &new, &accept()) {
            Err(refusal) => {
                assert!(
                    refusal.reason.contains("sub-1") && refusal.reason.contains("accept"),
                    "{refusal}"
                );
                refusal.rule
            }
            Ok(()) => panic!("the change went unnoticed"),
        }
    }

    #[test]
    fn mp2_guard_refuses_a_change_of_quantity_status_or_offer() {
        assert_eq!(refused_with(|s| s.quantity = 26), RuleId::MP2);
        assert_eq!(
            refused_with(|s| s.status = SubscriptionStatus::Suspended),
            RuleId::MP2
        );
        assert_eq!(
            refused_with(|s| s.offer_name = "Microsoft 365 E5".into()),
            RuleId::MP2
        );
    }

    #[test]
    fn mp3_guard_refuses_a_transfer_or_removal_of_a_subscription() {
        assert_eq!(
            refused_with(|s| s.customer_id = Id::new("adatum")),
            RuleId::MP3
        );
        let old = workspace();
        let mut new = old.clone();
        new.subscriptions.remove("sub-1");
        assert_eq!(
            verify_subscription_promises(&old, &new, &accept()).map_err(|r| r.rule),
            Err(RuleId::MP3)
        );
    }

    #[test]
    fn mp4_guard_refuses_a_change_of_terms() {
        assert_eq!(
            refused_with(|s| s.term_duration = "P3Y".into()),
            RuleId::MP4
        );
        assert_eq!(
            refused_with(|s| s.billing_cycle = BillingCycle::Annual),
            RuleId::MP4
        );
    }

    #[test]
    fn mp5_guard_refuses_a_change_of_partner_of_record() {
        assert_eq!(
            refused_with(|s| s.partner_of_record = Id::new("woodgrove")),
            RuleId::MP5
        );
        assert_eq!(
            refused_with(|s| s.billing_partner = Some(Id::new("tailspin"))),
            RuleId::MP5
        );
    }

    #[test]
    fn mp2_guard_allows_subscription_actions_and_new_subscriptions() {
        let old = workspace();
        let mut new = old.clone();
        new.put_subscription(Subscription {
            status: SubscriptionStatus::Suspended,
            ..subscription()
        });
        let suspend = Action::SuspendSubscription {
            subscription_id: Id::new("sub-1"),
        };
        assert_eq!(verify_subscription_promises(&old, &new, &suspend), Ok(()));
        let mut bought = old.clone();
        bought.put_subscription(Subscription {
            id: Id::new("sub-2"),
            ..subscription()
        });
        assert_eq!(
            verify_subscription_promises(&old, &bought, &accept()),
            Ok(())
        );
    }

    #[test]
    fn mp1_guard_refuses_adding_a_partner_that_ends_another_relationship() {
        let old = workspace();
        let mut new = old.clone();
        new.put_relationship(Relationship {
            status: RelationshipStatus::Terminated,
            end_date_time: Some(at()),
            ..relationship()
        });
        let refusal = verify_relationships_kept(&old, &new, &accept())
            .expect_err("accepting must not end rel-1");
        assert_eq!(refusal.rule, RuleId::MP1);
        assert!(refusal.reason.contains("rel-1"), "{refusal}");
        let terminate = Action::Terminate {
            relationship_id: Id::new("rel-1"),
        };
        assert_eq!(
            verify_relationships_kept(&old, &new, &terminate),
            Ok(()),
            "ending is what terminate is for"
        );
    }

    #[test]
    fn gd5_guard_refuses_deleting_a_relationship() {
        let old = workspace();
        let mut new = old.clone();
        new.relationships.remove("rel-1");
        let terminate = Action::Terminate {
            relationship_id: Id::new("rel-1"),
        };
        let refusal = verify_relationships_kept(&old, &new, &terminate)
            .expect_err("relationships are never deleted");
        assert_eq!(refusal.rule, RuleId::GD5);
        assert!(
            refusal.reason.contains("rel-1") && refusal.reason.contains("history"),
            "{refusal}"
        );
    }
}
