//! The import action: a partner's own exports, recognised and merged by `interop`, upserted one
//! record at a time into a staged draft (`staged`) that goes into the workspace as one batch.
//! Each record is tried on the draft and checked with the
//! integrity rules that apply to facts (WS1–WS4, MP6, GD1–GD4, GD6, IV4); a refused record is
//! rolled back and reported with its rule (with `strict`, the whole import is refused). Records
//! are matched by the ids the APIs use, without regard to case; nothing is ever deleted; another
//! partner's subscriptions and relationships are never changed; a status that changes appends
//! to the relationship's history. Importing the same records twice changes nothing. Every record
//! an import adds or changes keeps where it came from (`Provenance`: the source file, its
//! digest, the importing partner, when); a record it leaves unchanged keeps its provenance.
//! Partner Center's `allowDelegatedAccess` never makes a DAP relationship (DAP is retired):
//! `false` ends the importer's DAP still in force, `true` without one is reported as a finding.

use crate::domain::facts::{Change, Records};

mod common;
mod customers;
mod drafted;
mod files;
mod graph_records;
pub mod key_text;
mod known;
mod nothing_changes;
mod only_subscriptions;
mod roles;
mod staged;
mod subscriptions;
#[cfg(test)]
mod unchanged_tests;
mod when_changed;

pub use files::Files;
pub use only_subscriptions::Passed;
pub use when_changed::{Changes, Ran, WithDigests};

use common::*;
use customers::{customer, dap_finding, reseller_and_dap};
use staged::{Staged, StagedRoom};
use when_changed::{Changing, Complete, StagedRan, Step, WhenChanged};

use super::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::imported::*;
use crate::domain::integrity;
use crate::domain::records::*;
use crate::domain::rules::limits;
use crate::domain::side_by_side::{self, SideBySide, WhenWorthIt};
use crate::tables::id::Id;
use roles::CanonicalRoles;

/// Runs an import of `records` (consumed) on the draft in `ctx` and says what it did record
/// by record. The records
/// are staged beside the draft (`Staged`) and put into it in one batch at the end. Each record
/// is checked as it is put; what is left is checked once at the end: the records that depend
/// on a partner or customer the import changed (so `apply` checks no record twice).
pub fn run<W: Records + Sync>(
    ctx: &mut Ctx<'_, W>,
    files: &Files<'_>,
    records: ImportRecords,
    strict: bool,
    side_by_side: &impl SideBySide,
) -> Result<ImportReport, Refusal> {
    match run_once(ctx, files, records, strict, side_by_side, &mut Step)? {
        StagedRan::Ran(Ran::Reported(report), _) => Ok(report),
        StagedRan::Ran(Ran::GivenBack(never, _), _) => match never {},
        // Never so: `Step` completes no digest. Taken again with them, as they ask.
        StagedRan::Again(records, digests) => {
            run(ctx, &files.with(&digests), records, strict, side_by_side)
        }
    }
}

/// `run` for a caller that left the files' digests for later (most re-imports change nothing
/// and need none): `complete` is asked for them, in the files' order, at the moment the import
/// is found to change something, before it puts any record (but a partner's, taken again
/// then); the run goes on with them, in one pass. When `complete` has none, the records are
/// given back untouched, and the draft with them. With the digests it completed.
pub fn run_completing<W: Records + Sync>(
    ctx: &mut Ctx<'_, W>,
    files: &Files<'_>,
    records: ImportRecords,
    strict: bool,
    side_by_side: &impl SideBySide,
    complete: impl FnOnce() -> Option<Vec<String>>,
) -> Result<WithDigests<Ran>, Refusal> {
    let mut when = Complete(Some(complete));
    match run_once(ctx, files, records, strict, side_by_side, &mut when)? {
        StagedRan::Ran(ran, digests) => Ok((ran, digests)),
        StagedRan::Again(records, digests) => {
            let report = run(ctx, &files.with(&digests), records, strict, side_by_side)?;
            Ok((Ran::Reported(report), Some(digests)))
        }
    }
}

/// An import run once, on a draft of its own, doing as `when` says once it is found to change
/// something.
fn run_once<W: Records + Sync, C: WhenChanged>(
    ctx: &mut Ctx<'_, W>,
    files: &Files<'_>,
    records: ImportRecords,
    strict: bool,
    side_by_side: &impl SideBySide,
    when: &mut C,
) -> Result<StagedRan<C::Back>, Refusal> {
    let base = ctx.ws.clone();
    let mut staged = Staged::new(&base, &records, side_by_side);
    // Mapped ahead only if the steps are taken (not for an import found to change nothing).
    let room = staged.room();
    let mut inner = Ctx::new(&mut staged, ctx.actor, ctx.now).telling(ctx.tells());
    // An event per record added: room made once (memory never touched costs nothing).
    inner.expect_events(
        2 * records.customers.len()
            + records.relationships.len()
            + records.subscriptions.len()
            + records.assignments.len(),
    );
    let run = (files, records, strict, side_by_side);
    let (report, digests) = match run_staged(&mut inner, &base, run, room, when)? {
        StagedRan::Ran(Ran::Reported(report), digests) => (report, digests),
        other => return Ok(other),
    };
    let events = inner.into_events();
    check_dependents(&staged, ctx.ws)?;
    ctx.take_events(events);
    *ctx.ws = staged.finish();
    Ok(StagedRan::Ran(Ran::Reported(report), digests))
}

/// The rules over the relationships and invitations of the partners and customers the import
/// changed (those it added have none but the ones it checked as it put them).
fn check_dependents<W: Records>(staged: &Staged<'_, W>, before: &W) -> Result<(), Refusal> {
    let mut found = Vec::new();
    for change in staged.draft().partner_changes(before) {
        if let Change::Updated { after: p, .. } = change {
            for r in staged.relationships_of_partner(&p.id) {
                integrity::check_relationship(staged, r, &mut found);
            }
            for i in staged.invitations_of_partner(&p.id) {
                integrity::check_invitation(staged, i, &mut found);
            }
        }
    }
    let changed = |c: &&Customer| before.customer(&c.id).is_some_and(|b| b != *c);
    for c in staged.staged_customers().filter(changed) {
        for r in staged.relationships_of_customer(&c.id) {
            integrity::check_relationship(staged, r, &mut found);
        }
        for i in staged.invitations_of_customer(&c.id) {
            integrity::check_invitation(staged, i, &mut found);
        }
    }
    first_finding(found)
}

/// The import's steps, kind by kind; each record is let go once its step is done.
fn run_staged<W: Records + Sync, B: Records + Sync, C: WhenChanged>(
    ctx: &mut Ctx<'_, W>,
    base: &B,
    (files, records, strict, side_by_side): (&Files<'_>, ImportRecords, bool, &impl SideBySide),
    // The staged draft's (`Staged::room`).
    room: StagedRoom,
    when: &mut C,
) -> Result<StagedRan<C::Back>, Refusal> {
    let importer = ctx.acting_partner(RuleId::OP1, "import exports")?.id;
    // The subscriptions' lookup is built with the others when the import has subscriptions:
    // comparing them for a shortcut needs it before their step.
    let provenance = files.provenance(&importer, ctx.now);
    let with_subscriptions = !records.subscriptions.is_empty();
    let mut keys = Keys::new(base, provenance, with_subscriptions, side_by_side);
    keys.make_room(&records);
    let mut report = ImportReport::default();
    let mut partner_changed = false;
    for p in &records.partners {
        let result = attempt(ctx, true, |ctx| partner(ctx, &mut keys, &importer, p));
        partner_changed |= matches!(
            result,
            Ok(Outcome::Added | Outcome::Updated | Outcome::Linked(_))
        );
        tally(&mut report, "partner", &p.tenant_id, result, |r| {
            &mut r.partners
        });
    }
    // The digests completed when the import is found to change something (`when`).
    let mut completed = None;
    let records = if partner_changed {
        match when.changing(records) {
            Changing::Back(back) => {
                return Ok(StagedRan::Ran(Ran::GivenBack(back, Changes::Any), None));
            }
            Changing::Step(records, None) => records,
            // A partner was put without the files' provenance.
            Changing::Step(records, Some(digests)) => {
                return Ok(StagedRan::Again(records, digests));
            }
        }
    } else {
        records
    };
    // Most re-imports change nothing, or only a few subscriptions: that is found comparing
    // the records side by side.
    let compared = side_by_side
        .look_ahead()
        .then(|| nothing_changes::find(&*ctx.ws, &keys, &importer, &records, side_by_side));
    let unchanged = compared
        .flatten()
        .filter(|u| u.changed_subscriptions.is_empty() || only_subscriptions::apply_to(&records));
    if let Some(mut unchanged) = unchanged {
        let changed = std::mem::take(&mut unchanged.changed_subscriptions);
        let records = if changed.is_empty() {
            records
        } else {
            match when.changing(records) {
                Changing::Back(back) => {
                    let given_back = Ran::GivenBack(back, Changes::OnlySubscriptions);
                    return Ok(StagedRan::Ran(given_back, None));
                }
                Changing::Step(records, digests) => {
                    completed = files.complete(&mut keys, digests, &importer, ctx.now);
                    records
                }
            }
        };
        keys.roles.unknown = unchanged.count_into(&mut report);
        let steps = (&mut keys, &importer, &mut report);
        only_subscriptions::steps(ctx, steps, records, &changed, side_by_side);
    } else {
        let records = match when.changing(records) {
            Changing::Back(back) => {
                return Ok(StagedRan::Ran(Ran::GivenBack(back, Changes::Any), None));
            }
            Changing::Step(records, digests) => {
                completed = files.complete(&mut keys, digests, &importer, ctx.now);
                records
            }
        };
        // The tables first: the first steps touch them anywhere, while they fill the records'
        // vectors from the start, well behind.
        let StagedRoom {
            mut tables,
            records: filled,
            later,
        } = room;
        tables.extend(keys.room());
        tables.extend(filled);
        tables.extend(later);
        side_by_side.map_ahead(&tables);
        steps(
            ctx,
            &mut keys,
            &importer,
            records,
            side_by_side,
            &mut report,
        );
    }
    report.linked.append(&mut keys.linked);
    report.unknown_roles = std::mem::take(&mut keys.roles.unknown);
    if strict && let Some(first) = report.left_out.first() {
        return refuse(
            first.rule,
            format!(
                "--strict: {} {} left out: {}",
                first.kind, first.key, first.reason
            ),
        );
    }
    Ok(StagedRan::Ran(Ran::Reported(report), completed))
}

/// The steps of every customer, relationship, subscription and assignment of `records`, one
/// by one, each counted into `report`.
fn steps<W: Records + Sync, B: Records + Sync>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    records: ImportRecords,
    side_by_side: &impl SideBySide,
    report: &mut ImportReport,
) {
    let (customers, relationships) = (records.customers, records.relationships);
    let worth_it = customers.len() + relationships.len() >= LOOK_AHEAD_FROM;
    let fills_all = !records.subscriptions.is_empty() && subscriptions::fills_all(keys);
    // The subscriptions are put in order beside the customers' and relationships' steps,
    // whose second thread is idle half the time (they wait for this one's steps).
    let (unknown, subscriptions) = WhenWorthIt {
        side_by_side,
        worth_it: worth_it && fills_all,
    }
    .both(
        || {
            customers_and_relationships(
                &WhenWorthIt {
                    side_by_side,
                    worth_it,
                },
                ctx,
                keys,
                importer,
                &customers,
                &relationships,
                report,
            )
        },
        || subscriptions::InStepOrder::new(records.subscriptions, fills_all),
    );
    // Noted as the steps one by one would: after any before them (none note roles between).
    keys.roles.unknown =
        roles::unknown_in_order([std::mem::take(&mut keys.roles.unknown), unknown]);
    // Freed beside the subscriptions' steps, not before them.
    side_by_side.let_go((customers, relationships));
    subscriptions::steps(
        ctx,
        keys,
        importer,
        subscriptions,
        side_by_side,
        |s, result| {
            tally(report, "subscription", &s.id, result, |r| {
                &mut r.subscriptions
            });
        },
    );
    for a in records.assignments {
        let result = attempt(ctx, false, |ctx| {
            graph_records::assignment(ctx, keys, importer, &a)
        });
        tally(report, "accessAssignment", &a.id, result, |r| {
            &mut r.access_assignments
        });
    }
}

/// From this many customers and relationships they are looked at on a second thread: fewer
/// cost more to hand over than to look at.
const LOOK_AHEAD_FROM: usize = 2_048;

/// Customers and relationships are looked at ahead in stretches of this many, so the looks
/// waiting for their steps stay a few megabytes whatever the import's size.
const LOOK_AHEAD_STRETCH: usize = 8_192;

/// A stretch of customers or of relationships, to look at ahead of its steps.
enum Stretch<'r> {
    Customers(&'r [ImportedCustomer]),
    Relationships(&'r [ImportedGdap]),
}

impl<'r> Stretch<'r> {
    /// The stretch with its looks (`roles` notes the unknown roles, as the steps would).
    fn looked(
        &self,
        ahead: &Ahead,
        roles: &mut CanonicalRoles,
        importer: &Id,
        now: crate::domain::time::Time,
        actor: &crate::domain::actor::Actor,
    ) -> Looked<'r> {
        match *self {
            Stretch::Customers(cs) => Looked::Customers(
                cs,
                cs.iter()
                    .map(|c| customers::look(ahead, importer, now, actor, c))
                    .collect(),
            ),
            Stretch::Relationships(gs) => Looked::Relationships(
                gs,
                gs.iter()
                    .map(|g| graph_records::gdap_look(ahead, roles, importer, g))
                    .collect(),
            ),
        }
    }
}

/// A stretch with the looks at each of its records.
enum Looked<'r> {
    Customers(&'r [ImportedCustomer], Vec<customers::CustomerLook<'r>>),
    Relationships(&'r [ImportedGdap], Vec<graph_records::GdapLook>),
}

/// The steps of `customers`, then of `relationships`, each counted into `report`. Each stretch
/// is looked at on `side_by_side` while the one before it takes its steps: all that their
/// steps make of them alone. Gives the unknown roles the relationships' looks noted.
fn customers_and_relationships<W: Records, B: Records>(
    side_by_side: &impl SideBySide,
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    customers: &[ImportedCustomer],
    relationships: &[ImportedGdap],
    report: &mut ImportReport,
) -> Vec<String> {
    let stretches = customers
        .chunks(LOOK_AHEAD_STRETCH)
        .map(Stretch::Customers)
        .chain(
            relationships
                .chunks(LOOK_AHEAD_STRETCH)
                .map(Stretch::Relationships),
        );
    let ahead = Ahead::of(keys);
    let (now, actor) = (ctx.now, ctx.actor);
    let mut roles = CanonicalRoles::default();
    side_by_side::look_ahead(
        side_by_side,
        stretches,
        |stretch| stretch.looked(&ahead, &mut roles, importer, now, actor),
        |_, looked| match looked {
            Looked::Customers(cs, looks) => {
                for (c, look) in cs.iter().zip(looks) {
                    customer_steps(ctx, keys, importer, c, look, report);
                }
            }
            Looked::Relationships(gs, looks) => {
                for (g, look) in gs.iter().zip(looks) {
                    let result = attempt(ctx, false, |ctx| {
                        graph_records::gdap(ctx, keys, importer, g, look)
                    });
                    tally(report, "relationship", &g.id, result, |r| {
                        &mut r.relationships
                    });
                }
            }
        },
    );
    roles.unknown
}

/// The steps of customer `c` (`look`: what its look ahead made): the customer, then unless it
/// is left out its reseller relationship and DAP, each counted into `report`.
fn customer_steps<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    c: &ImportedCustomer,
    mut look: customers::CustomerLook<'_>,
    report: &mut ImportReport,
) {
    let (key, reseller) = (look.key.clone(), look.reseller.take());
    let result = attempt(ctx, false, |ctx| customer(ctx, keys, c, look));
    let kept = tally(report, "customer", &c.tenant_id, result, |r| {
        &mut r.customers
    });
    if kept {
        let result = attempt(ctx, false, |ctx| {
            reseller_and_dap(ctx, keys, importer, c, &key, reseller)
        });
        tally(
            report,
            "relationship",
            &format_args!("{} (reseller/DAP)", c.tenant_id),
            result,
            |r| &mut r.relationships,
        );
        report
            .findings
            .extend(dap_finding(&*ctx.ws, keys, importer, c));
    }
}

/// Counts an outcome; a refusal becomes a left-out entry. True unless the record was left out.
fn tally(
    report: &mut ImportReport,
    kind: &'static str,
    // Written out only for a record left out.
    key: &dyn std::fmt::Display,
    result: Result<Outcome, Refusal>,
    counts: impl Fn(&mut ImportReport) -> &mut ImportCounts,
) -> bool {
    match result {
        Ok(Outcome::Added) => counts(report).added += 1,
        Ok(Outcome::Updated) => counts(report).updated += 1,
        Ok(Outcome::Linked(linked)) => {
            counts(report).updated += 1;
            report.linked.push(linked);
        }
        Ok(Outcome::Unchanged) => counts(report).unchanged += 1,
        Ok(Outcome::Nothing) => {}
        Err(refusal) => {
            report
                .left_out
                .push(LeftOut::new(kind, key.to_string(), refusal));
            return false;
        }
    }
    true
}

/// Tries one record. Record steps check a record before they put it, so a refusal leaves the
/// draft as it was; steps that put several records (partners) ask for a `snapshot` to roll back
/// to. (A snapshot is O(1), but every later insert then copies the nodes it shares, so records
/// do without one: that keeps a 100,000-customer import linear.)
fn attempt<W: Records>(
    ctx: &mut Ctx<'_, W>,
    snapshot: bool,
    step: impl FnOnce(&mut Ctx<'_, W>) -> Result<Outcome, Refusal>,
) -> Result<Outcome, Refusal> {
    let saved = snapshot.then(|| ctx.ws.clone());
    let events = ctx.event_mark();
    let result = step(ctx);
    if result.is_err() {
        if let Some(saved) = saved {
            *ctx.ws = saved;
        }
        ctx.forget_events_since(events);
    }
    result
}

/// A workspace id for a new record: `base`, or `base-2`, `base-3`… when taken.
fn fresh(base: Id, taken: impl Fn(&Id) -> bool) -> Id {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| Id::new(format!("{base}-{n}")))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

fn partner<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    p: &ImportedPartner,
) -> Result<Outcome, Refusal> {
    let existing = keys
        .partners_by_tenant
        .get(&*tenant_key_of(&p.tenant_id))
        .or_else(|| keys.partners_by_mpn.get(&*key_of(&p.partner_id)))
        .cloned();
    if existing.as_ref() == Some(importer) {
        return refuse(
            RuleId::IV4,
            format!("{} names the importing partner itself", p.display_name),
        );
    }
    let (wanted_other, wanted_importer) = match p.link {
        PartnerLink::ProviderOfImporter => (
            BillingModel::IndirectProvider,
            BillingModel::IndirectReseller,
        ),
        PartnerLink::ResellerOfImporter => (
            BillingModel::IndirectReseller,
            BillingModel::IndirectProvider,
        ),
    };
    let mut me = ctx.partner(importer)?;
    if me.billing_model != wanted_importer {
        let convertible = me.billing_model == BillingModel::DirectBill
            && ctx.ws.resellers_of_provider(&me.id).is_empty()
            && me.providers.is_empty();
        if !convertible {
            return refuse(
                RuleId::IV4,
                format!(
                    "{} is a {} partner here, so {} cannot be its {}",
                    me.display_name,
                    me.billing_model.label(),
                    p.display_name,
                    wanted_other.label()
                ),
            );
        }
        me.billing_model = wanted_importer;
    }
    let mut outcome = Outcome::Unchanged;
    let mut other = match existing {
        Some(id) => ctx.partner(&id)?,
        None => {
            let id = fresh(slug(&p.display_name, "partner"), |id| {
                ctx.ws.partner(id).is_some()
            });
            outcome = Outcome::Added;
            Partner {
                id,
                display_name: p.display_name.trimmed().into(),
                partner_id: p.partner_id.trimmed().to_string(),
                tenant_id: tenant_key(&p.tenant_id),
                billing_model: wanted_other,
                specialties: Vec::new(),
                providers: Vec::new(),
                source: None,
            }
        }
    };
    if other.billing_model != wanted_other {
        return refuse(
            RuleId::IV4,
            format!(
                "{} is a {} partner here, not an {}",
                other.display_name,
                other.billing_model.label(),
                wanted_other.label()
            ),
        );
    }
    let link_changed = match p.link {
        PartnerLink::ProviderOfImporter if !me.providers.contains(&other.id) => {
            me.providers.push(other.id.clone());
            true
        }
        PartnerLink::ResellerOfImporter if !other.providers.contains(importer) => {
            other.providers.push(importer.clone());
            true
        }
        _ => false,
    };
    let me_changed = ctx.ws.partner(importer) != Some(&me);
    let other_changed = ctx.ws.partner(&other.id) != Some(&other);
    if other_changed {
        // The importer itself is no record of its exports: only the partner they name is.
        other.source = keys.source(p.source);
    }
    ctx.ws.put_partner(other.clone());
    ctx.ws.put_partner(me.clone());
    let mut found = Vec::new();
    limits::check_record("partner", other.id.as_str(), &other, &mut found);
    limits::check_record("partner", me.id.as_str(), &me, &mut found);
    integrity::check_partner(ctx.ws, &other, &mut found);
    integrity::check_partner(ctx.ws, &me, &mut found);
    first_finding(found)?;
    keys.partners_by_tenant
        .insert(Id::new(tenant_key_of(&other.tenant_id)), other.id.clone());
    keys.partners_by_mpn
        .insert(Id::new(key_of(&other.partner_id)), other.id.clone());
    if matches!(outcome, Outcome::Added) {
        ctx.event(
            RecordKind::Partner,
            &other.id,
            format!(
                "{} ({}) {NOTE_PC}",
                other.display_name,
                other.billing_model.label()
            ),
        );
    } else if other_changed || me_changed || link_changed {
        outcome = Outcome::Updated;
        ctx.event(
            RecordKind::Partner,
            &other.id,
            format!("linked as {} of {}", wanted_other.label(), me.display_name),
        );
    }
    Ok(outcome)
}
