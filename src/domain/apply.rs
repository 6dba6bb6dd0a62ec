//! The one entry point that changes a workspace: `apply(workspace, actor, action, now)`.
//!
//! It runs the action's own rules, then verifies mechanically what every action must keep:
//! the seed's promises about subscriptions (MP2–MP5), that no relationship is deleted or
//! weakened by adding a partner (MP1, GD5), and the integrity of every record the action touched
//! (WS1–WS4, MP6, GD*, IV3, IV4, ID1–ID3; an import checks its records itself, once, as it puts
//! them, and those depending on what it changed). Before any of it, the action may not be dated before
//! the audit trail's last entry (TM1). Either all of it holds and the new state is returned
//! with its events, or nothing changes and the refusal names the rule.

use std::borrow::Cow;

use super::action::Action;
use super::actions::{self, ctx::Ctx};
use super::actor::Actor;
use super::audit::AuditEntry;
use super::catalogue::{Refusal, RuleId, refuse};
use super::diagnostics::Diagnostic;
use super::events::{Event, SUMMARISED, Telling};
use super::facts::{Change, Records};
use super::imported::{ImportRecords, ImportReport, ImportTally};
use super::integrity;
use super::offboarding::OffboardPlan;
use super::records::Subscription;
use super::rules::{audit, limits, references};
use super::side_by_side::{InTurn, SideBySide};
use super::time::Time;

/// The result of an applied action: the new state and what changed.
#[derive(Clone, Debug)]
pub struct Applied<W> {
    pub workspace: W,
    pub events: Vec<Event>,
    /// Events made but not written out (an import applied with `Telling::Summary`).
    pub untold: usize,
}

impl<W> Applied<W> {
    /// True when the action was allowed but had nothing to do (time passed, nothing was due).
    pub fn is_noop(&self) -> bool {
        self.events.is_empty() && self.untold == 0
    }
}

pub fn apply<W: Records>(
    ws: &W,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<Applied<W>, Refusal> {
    applied_with(ws, actor, action, now, Telling::Every, |ctx| {
        actions::dispatch(ctx, action)
    })
    .map(|(a, ())| a)
}

/// `apply` for an `Action::Import`, keeping the core's per-record report: the import runs once,
/// and its result is both what is kept and what is reported (no draft run to review it first).
/// The action is taken: its records go into the workspace (none is copied), and the rules and
/// the audit trail see the action as the trail keeps it (its sources and a tally).
pub fn apply_import<W: Records>(
    ws: &W,
    actor: &Actor,
    action: Action,
    now: Time,
) -> Result<(Applied<W>, ImportReport), Refusal> {
    apply_import_side_by_side(ws, actor, action, now, &InTurn)
}

/// `apply_import`, with the work that splits into independent halves (the subscriptions'
/// looks) handed to `side_by_side`: the same result, sooner when it runs them on two threads.
pub fn apply_import_side_by_side<W: Records>(
    ws: &W,
    actor: &Actor,
    action: Action,
    now: Time,
    side_by_side: &impl SideBySide,
) -> Result<(Applied<W>, ImportReport), Refusal> {
    apply_import_telling(ws, actor, action, now, side_by_side, Telling::Every)
}

/// `apply_import_side_by_side`, its events written out as `telling` says (the workspace and
/// its audit entry are the same either way).
pub fn apply_import_telling<W: Records>(
    ws: &W,
    actor: &Actor,
    action: Action,
    now: Time,
    side_by_side: &impl SideBySide,
    telling: Telling,
) -> Result<(Applied<W>, ImportReport), Refusal> {
    let (applied, report, _) = applied_import(
        ws,
        actor,
        action,
        (now, telling),
        |ctx, files, records, strict| {
            actions::import::run(ctx, files, records, strict, side_by_side).map(|r| (r, None))
        },
    )?;
    Ok((applied, report))
}

/// An import given back by `apply_import_completing`, with what comparing found it would
/// change.
pub type GivenBack = (Action, actions::import::Changes);

/// `apply_import_telling` for an import whose files' digests (`Action::Import::digests`) were
/// left for later: most re-imports change nothing and need none. `complete` is asked for them,
/// one per file in order, at the moment the import is found to change something, before it
/// puts any record; the import goes on with them, in one pass, and its audit entry keeps them.
/// When `complete` has none (the files could not be digested) nothing is applied: the import
/// comes back (`Err`) untouched, with what comparing found it would change.
pub fn apply_import_completing<W: Records>(
    ws: &W,
    actor: &Actor,
    action: Action,
    (now, telling): (Time, Telling),
    side_by_side: &impl SideBySide,
    complete: impl FnOnce() -> Option<Vec<String>>,
) -> Result<Result<(Applied<W>, ImportReport), GivenBack>, Refusal> {
    let (applied, ran, rest) = applied_import(
        ws,
        actor,
        action,
        (now, telling),
        |ctx, files, records, strict| {
            actions::import::run_completing(ctx, files, records, strict, side_by_side, complete)
        },
    )?;
    Ok(match ran {
        actions::import::Ran::Reported(report) => Ok((applied, report)),
        actions::import::Ran::GivenBack(records, changes) => Err((rest.with(records), changes)),
    })
}

/// An `Action::Import` but for its records.
struct ImportRest {
    sources: Vec<String>,
    digests: Vec<String>,
    strict: bool,
    tally: Option<ImportTally>,
}

impl ImportRest {
    fn with(self, records: ImportRecords) -> Action {
        Action::Import {
            sources: self.sources,
            digests: self.digests,
            strict: self.strict,
            records: Box::new(records),
            tally: self.tally,
        }
    }
}

/// `applied_with` for the `Action::Import` `action`, which `run` is given as the files it
/// names, its records and whether it is strict; with the rest of the action. The audit entry
/// keeps the digests `run` completed, if it did.
fn applied_import<W: Records, T>(
    ws: &W,
    actor: &Actor,
    action: Action,
    (now, telling): (Time, Telling),
    run: impl FnOnce(
        &mut Ctx<'_, W>,
        &actions::import::Files<'_>,
        ImportRecords,
        bool,
    ) -> Result<actions::import::WithDigests<T>, Refusal>,
) -> Result<(Applied<W>, T, ImportRest), Refusal> {
    let mut kept = action.for_audit();
    let Action::Import {
        sources,
        digests,
        records,
        strict,
        tally,
    } = action
    else {
        return Err(Refusal::new(
            RuleId::WS1,
            format!("{} is not an import", action.name()),
        ));
    };
    let (applied, outcome) = applied_with_audit(ws, actor, now, telling, |ctx| {
        let files = actions::import::Files {
            sources: &sources,
            digests: &digests,
        };
        let (outcome, completed) = run(ctx, &files, *records, strict)?;
        if let (Some(completed), Action::Import { digests, .. }) = (completed, &mut kept) {
            *digests = completed;
        }
        Ok((outcome, Cow::Owned(kept)))
    })?;
    let rest = ImportRest {
        sources,
        digests,
        strict,
        tally,
    };
    Ok((applied, outcome, rest))
}

/// `apply` for an `Action::Offboard`, keeping its plan: what ends and what stays, part by part.
/// Applied without keeping the workspace, it is the preview the faces show before asking.
pub fn apply_offboard<W: Records>(
    ws: &W,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<(Applied<W>, OffboardPlan), Refusal> {
    let Action::Offboard {
        partner_id,
        customer_id,
    } = action
    else {
        return Err(Refusal::new(
            RuleId::WS1,
            format!("{} is not an offboarding", action.name()),
        ));
    };
    applied_with(ws, actor, action, now, Telling::Every, |ctx| {
        actions::offboard::run(ctx, partner_id, customer_id)
    })
}

/// Runs `run` (the action's handler) on a copy of `ws`, then everything `apply` verifies; the
/// events are written out as `telling` says.
fn applied_with<W: Records, T>(
    ws: &W,
    actor: &Actor,
    action: &Action,
    now: Time,
    telling: Telling,
    run: impl FnOnce(&mut Ctx<'_, W>) -> Result<T, Refusal>,
) -> Result<(Applied<W>, T), Refusal> {
    applied_with_audit(ws, actor, now, telling, |ctx| {
        run(ctx).map(|outcome| (outcome, Cow::Borrowed(action)))
    })
}

/// `applied_with` for an action known only once `run` is done (an import keeps the digests it
/// completed on the way).
fn applied_with_audit<'a, W: Records, T>(
    ws: &W,
    actor: &Actor,
    now: Time,
    telling: Telling,
    run: impl FnOnce(&mut Ctx<'_, W>) -> Result<(T, Cow<'a, Action>), Refusal>,
) -> Result<(Applied<W>, T), Refusal> {
    check_actor_exists(ws, actor)?;
    audit::time_moves_forward(ws.last_audit_time(), now)?;
    let mut next = ws.clone();
    let mut ctx = Ctx::new(&mut next, actor, now).telling(telling);
    let (outcome, action) = run(&mut ctx)?;
    let action = &*action;
    let (events, untold) = ctx.into_events();
    if events.is_empty() && untold == 0 {
        return Ok((
            Applied {
                workspace: ws.clone(),
                events,
                untold,
            },
            outcome,
        ));
    }
    verify_subscription_promises(ws, &next, action)?;
    verify_relationships_kept(ws, &next, action)?;
    // An import checks every record as it puts it, and then the records depending on the
    // partners and customers it changed (`actions::import::run`): nothing is left to check.
    if !matches!(action, Action::Import { .. }) {
        verify_touched_records(ws, &next)?;
    }
    let seq = ws.last_audit_seq().map_or(1, |last| last + 1);
    let entry = AuditEntry {
        seq,
        at: now,
        actor: actor.clone(),
        summary: summarize(action, &events, untold),
        // An import's records are in the workspace already; the audit keeps who imported what
        // from which files (sources and a tally), not a second copy of every record.
        action: action.for_audit(),
    };
    // WS4: the entry is written to the file too (its action's own texts, e.g. an import's
    // source names, are in no record).
    if let Some(refusal) = limits::refusal_for("audit entry", &seq.to_string(), &entry) {
        return Err(refusal);
    }
    next.push_audit(entry);
    Ok((
        Applied {
            workspace: next,
            events,
            untold,
        },
        outcome,
    ))
}

/// Checks an action without keeping its result: `Ok` when `apply` would accept it.
pub fn check_action<W: Records>(
    ws: &W,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<Vec<Event>, Refusal> {
    apply(ws, actor, action, now).map(|applied| applied.events)
}

fn check_actor_exists<W: Records>(ws: &W, actor: &Actor) -> Result<(), Refusal> {
    match actor {
        Actor::Operator => Ok(()),
        Actor::Partner(id) if ws.partner(id).is_none() => {
            Err(references::unknown("", "partner", id))
        }
        Actor::Customer(id) if ws.customer(id).is_none() => {
            Err(references::unknown("", "customer", id))
        }
        _ => Ok(()),
    }
}

/// The action's name, its first `SUMMARISED` events and how many more it made (`untold` of
/// them not written out).
fn summarize(action: &Action, events: &[Event], untold: usize) -> String {
    let mut text = action.name().to_string();
    let details: Vec<String> = events
        .iter()
        .take(SUMMARISED)
        .map(Event::to_string)
        .collect();
    if !details.is_empty() {
        text.push_str(": ");
        text.push_str(&details.join("; "));
    }
    let more = (events.len() + untold).saturating_sub(SUMMARISED);
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    // Events name records, whose names may be long: the summary stays a summary.
    limits::cut_text(&mut text, limits::MAX_SUMMARY_BYTES);
    text
}

/// What importing `action` (an `Action::Import`) as `actor` would do, without changing anything:
/// the same handler `apply` runs, with its per-record report. `apply` decides whether it holds.
/// Only tests ask for it: they set its report beside what `apply` did.
#[cfg(test)]
pub fn review_import<W: Records>(
    ws: &W,
    actor: &Actor,
    action: &Action,
    now: Time,
) -> Result<ImportReport, Refusal> {
    let Action::Import {
        sources,
        digests,
        records,
        strict,
        ..
    } = action
    else {
        return Err(Refusal::new(
            RuleId::WS1,
            format!("{} is not an import", action.name()),
        ));
    };
    let mut draft = ws.clone();
    let mut ctx = Ctx::new(&mut draft, actor, now);
    let files = actions::import::Files { sources, digests };
    actions::import::run(&mut ctx, &files, (**records).clone(), *strict, &InTurn)
}

/// MP2–MP5: unless the action is about subscriptions, every existing subscription is exactly as
/// it was. New subscriptions (a purchase) are allowed; the diff skips shared structure, so this
/// costs what the action touched.
pub(crate) fn verify_subscription_promises<W: Records>(
    old: &W,
    new: &W,
    action: &Action,
) -> Result<(), Refusal> {
    if action.may_change_existing_subscriptions() {
        return Ok(());
    }
    for item in new.subscription_changes(old) {
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
pub(crate) fn verify_relationships_kept<W: Records>(
    old: &W,
    new: &W,
    action: &Action,
) -> Result<(), Refusal> {
    let adds_a_partner = matches!(action, Action::Invite { .. } | Action::Accept { .. });
    for item in new.relationship_changes(old) {
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
fn verify_touched_records<W: Records>(old: &W, new: &W) -> Result<(), Refusal> {
    let mut found: Vec<Diagnostic> = Vec::new();
    for item in new.partner_changes(old) {
        if let Some(p) = changed(item) {
            limits::check_record("partner", p.id.as_str(), p, &mut found);
            integrity::check_partner(new, p, &mut found);
            for r in new.relationships_of_partner(&p.id) {
                integrity::check_relationship(new, r, &mut found);
            }
            for i in new.invitations_of_partner(&p.id) {
                integrity::check_invitation(new, i, &mut found);
            }
        }
    }
    for item in new.customer_changes(old) {
        if let Some(c) = changed(item) {
            limits::check_record("customer", c.id.as_str(), c, &mut found);
            integrity::check_customer(new, c, &mut found);
            for r in new.relationships_of_customer(&c.id) {
                integrity::check_relationship(new, r, &mut found);
            }
            for i in new.invitations_of_customer(&c.id) {
                integrity::check_invitation(new, i, &mut found);
            }
        }
    }
    for item in new.subscription_changes(old) {
        if let Some(s) = changed(item) {
            limits::check_record("subscription", s.id.as_str(), s, &mut found);
            integrity::check_subscription(new, s, &mut found);
        }
    }
    for item in new.relationship_changes(old) {
        if let Some(r) = changed(item) {
            limits::check_record("relationship", r.id.as_str(), r, &mut found);
            integrity::check_relationship(new, r, &mut found);
        }
    }
    for item in new.invitation_changes(old) {
        if let Some(i) = changed(item) {
            limits::check_record("invitation", i.id.as_str(), i, &mut found);
            integrity::check_invitation(new, i, &mut found);
        }
    }
    for item in new.assignment_changes(old) {
        if let Some(a) = changed(item) {
            limits::check_record("access assignment", a.id.as_str(), a, &mut found);
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
