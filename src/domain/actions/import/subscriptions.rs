//! The import's subscriptions (Partner Center): matched by id without regard to case, updated
//! in place, never moved to another customer or partner of record, never taken from another
//! partner.
//!
//! Each one is first looked at (`look`): all its step decides from what the other
//! subscriptions never change (its customer and partner of record, the record its key finds,
//! and a new record made and checked). Then the steps are done in order (`act`): what the look
//! made is put, unless a subscription before it changed what the look saw (two spellings of
//! one id), and then it is looked at again. So a large import looks at the subscriptions of a
//! stretch in two halves side by side (`steps`), and the result is the one of doing them one
//! by one. They come in id order; an import into a workspace without subscriptions takes them
//! customer by customer (ties in id order).

use std::cell::Cell;
use std::collections::HashSet;

use super::common::{
    Keys, Known, NOTE_PC, Outcome, Trimmed, customer_ref, first_finding, id_of_key, key, key_of,
};
use super::graph_records::keep_external_id;
use super::known::KnownLookup;
use crate::domain::actions::ctx::{Ctx, customer_name, partner_name};
use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::imported::*;
use crate::domain::integrity;
use crate::domain::records::*;
use crate::domain::rules::{limits, references};
use crate::domain::side_by_side::{SideBySide, map_halves};
use crate::tables::id::Id;
use crate::tables::sort;
use crate::tables::text::Text;

/// Subscriptions are looked at in stretches of this many, so the looks waiting for their
/// steps stay a few megabytes whatever the import's size.
const STRETCH: usize = 16_384;

/// A stretch is looked at in two halves side by side from this many subscriptions.
const SPLIT_FROM: usize = 4_096;

/// What Partner Center says of a subscription, as the workspace keeps it.
pub(super) fn take_pc_facts(after: &mut Subscription, s: &ImportedSubscription) {
    after.offer_name = s.offer_name.trimmed_shared();
    after.quantity = s.quantity;
    after.status = s.status;
    after.term_duration = s.term_duration.clone();
    after.billing_cycle = s.billing_cycle;
    keep_external_id(&mut after.external_id, &s.id);
}

/// `take_pc_facts` would change nothing in `before`.
pub(super) fn holds_pc_facts(before: &Subscription, s: &ImportedSubscription) -> bool {
    *before.offer_name == *s.offer_name.trimmed()
        && before.quantity == s.quantity
        && before.status == s.status
        && *before.term_duration == *s.term_duration
        && before.billing_cycle == s.billing_cycle
        && before.external_id.as_deref() == Some(&*key_of(&s.id))
}

/// What a look at a subscription found.
pub(super) enum Looked<'b> {
    /// Left out before its key was looked up (its customer or partner of record).
    Refused(Refusal),
    /// The draft's record its key finds, as the draft held it before the import, and what
    /// Partner Center makes of it: nothing, the record updated, or why it is left out.
    Found {
        known: Known<'b, Subscription>,
        update: Result<Option<Box<Subscription>>, Refusal>,
    },
    /// A record its key finds that the import itself made or changed: compared when its turn
    /// comes.
    Made {
        known: Known<'b, Subscription>,
        customer: Id,
        por: Id,
    },
    /// No record under its key: the new one, checked; or why it is left out.
    New(Result<Box<Subscription>, Refusal>),
}

/// An import's subscriptions in the order their steps take them (`InStepOrder::new`), each
/// with whether its key was met before in that order.
pub(super) struct InStepOrder {
    subscriptions: Vec<ImportedSubscription>,
    again: Vec<KeyAgain>,
}

/// Whether a subscription's key was met before in the steps' order. Only then can a step
/// have put a record under that key since the subscription was looked at: subscriptions are
/// put only by their own steps, under their keys (`seen_since`).
#[derive(Clone, Copy)]
struct KeyAgain(bool);

impl KeyAgain {
    /// For each of `subscriptions`, whether its key was met before it. Keys are compared by
    /// a hash: two keys that share one only make a step ask the draft, as it would anyway.
    fn of(subscriptions: &[ImportedSubscription]) -> Vec<KeyAgain> {
        use std::hash::BuildHasher;
        let hasher = foldhash::fast::FixedState::with_seed(0x5b5);
        let mut met = HashSet::with_capacity_and_hasher(subscriptions.len(), hasher.clone());
        subscriptions
            .iter()
            .map(|s| KeyAgain(!met.insert(hasher.hash_one(&*key_of(&s.id)))))
            .collect()
    }
}

/// Whether two of `subscriptions` have one key (or keys that hash alike, which is rare).
pub(super) fn repeats_a_key(subscriptions: &[ImportedSubscription]) -> bool {
    KeyAgain::of(subscriptions).iter().any(|again| again.0)
}

impl InStepOrder {
    /// `subscriptions` (merged, in id order) put in their steps' order: when they fill a
    /// workspace that holds none (`fills_all`), customer by customer, ties in id order. Then no
    /// step finds a record of the workspace (found in id order from a place), and a customer's
    /// subscriptions find it, its relationships and its keys in cache, where id order visits
    /// customers at random. Costs a sort and a pass over the keys (`KeyAgain`), which need
    /// nothing else of the import: they may run beside the customers' steps.
    pub(super) fn new(mut subscriptions: Vec<ImportedSubscription>, fills_all: bool) -> Self {
        if fills_all {
            sort::by_text(&mut subscriptions, |s| &s.customer_tenant_id);
        }
        let again = KeyAgain::of(&subscriptions);
        InStepOrder {
            subscriptions,
            again,
        }
    }
}

/// Whether the subscriptions' steps will fill a workspace that holds none (`InStepOrder`):
/// then they find what they put in the draft (`Drafted`, as `Keys::make_room` set it).
pub(super) fn fills_all<B: Records + Sync>(keys: &mut Keys<'_, B>) -> bool {
    keys.subscriptions().in_draft()
}

/// The steps of `subscriptions`, in order, each outcome handed to `tally`.
pub(super) fn steps<W, B>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    subscriptions: InStepOrder,
    side_by_side: &impl SideBySide,
    mut tally: impl FnMut(&ImportedSubscription, Result<Outcome, Refusal>),
) where
    W: Records + Sync,
    B: Records + Sync,
{
    let InStepOrder {
        subscriptions,
        again,
    } = subscriptions;
    // An import without subscriptions has no use for a lookup of the workspace's.
    if subscriptions.is_empty() {
        return;
    }
    // Built before the looks, which share it, with room for every subscription the steps
    // may put (none when they are found in the draft: `fills_all`).
    keys.subscriptions().reserve(subscriptions.len());
    let (mut rest, mut again) = (subscriptions.into_iter(), again.into_iter());
    loop {
        // Taken a stretch at a time, each let go once its steps are done.
        let stretch: Vec<ImportedSubscription> = rest.by_ref().take(STRETCH).collect();
        if stretch.is_empty() {
            return;
        }
        let looks = {
            let (ws, keys) = (&*ctx.ws, &*keys);
            let Some(known) = keys.built_subscriptions() else {
                return;
            };
            // Each half keeps its own place among the draft's subscriptions.
            let start = || Cell::new(0);
            map_halves(side_by_side, &stretch, SPLIT_FROM, start, |cursor, s| {
                look(ws, keys, importer, s, |key| known.get_from(key, cursor))
            })
        };
        for ((s, looked), again) in stretch.iter().zip(looks).zip(again.by_ref()) {
            let result =
                super::attempt(ctx, false, |ctx| act(ctx, keys, importer, s, looked, again));
            tally(s, result);
        }
        // Freed beside the next stretch's steps.
        side_by_side.let_go(stretch);
    }
}

/// `s`'s step would find it unchanged in `ws`: neither add, update nor refuse it (`known`: the
/// subscriptions by key; `place`: where this run of looks is among them).
pub(super) fn unchanged<'b, W: Records, B>(
    ws: &W,
    keys: &Keys<'b, B>,
    known: &KnownLookup<'b, Subscription>,
    place: &Cell<usize>,
    importer: &Id,
    s: &ImportedSubscription,
) -> bool {
    let looked = look(ws, keys, importer, s, |key| known.get_from(key, place));
    matches!(
        looked,
        Looked::Found {
            update: Ok(None),
            ..
        }
    )
}

/// Everything `s`'s step decides from what the other subscriptions never change, read from
/// `ws`; `find` gives the record an export's key names.
fn look<'b, W: Records, B>(
    ws: &W,
    keys: &Keys<'b, B>,
    importer: &Id,
    s: &ImportedSubscription,
    find: impl FnOnce(&str) -> Option<Known<'b, Subscription>>,
) -> Looked<'b> {
    let (customer, por) = match partners(ws, keys, importer, s) {
        Ok(partners) => partners,
        Err(refusal) => return Looked::Refused(refusal),
    };
    let Some(known) = find(&key_of(&s.id)) else {
        let (customer, por) = (customer.clone(), por.clone());
        return Looked::New(new(ws, keys, importer, s, customer, por).map(Box::new));
    };
    match (ws.subscription_since(&known.id, known.before), known.before) {
        // As the draft held it: decided now.
        (Some(now), Some(before)) if std::ptr::eq(now, before) => Looked::Found {
            update: updated(ws, keys, importer, s, before, customer, por)
                .map(|after| after.map(Box::new)),
            known,
        },
        _ => Looked::Made {
            known,
            customer: customer.clone(),
            por: por.clone(),
        },
    }
}

/// `s`'s customer and partner of record, or why it is left out (WS1, MP5). Borrowed: most
/// subscriptions of a re-import are only compared, and copying a long id writes to the count
/// it shares, far away in memory.
fn partners<'k, W: Records, B>(
    ws: &W,
    keys: &'k Keys<'_, B>,
    importer: &'k Id,
    s: &ImportedSubscription,
) -> Result<(&'k Id, &'k Id), Refusal> {
    let customer = customer_ref(keys, &s.customer_tenant_id)?;
    let por = match s.partner_of_record.as_deref().map(key).filter(|p| !p.is_empty()) {
        None => importer,
        Some(mpn) => keys.partners_by_mpn.get(mpn.as_str()).ok_or_else(|| {
            Refusal::new(RuleId::WS1, format!("its partner of record (Partner ID {mpn}) is not in this workspace, nor a provider or reseller in these exports"))
        })?,
    };
    // The importer itself (borrowed: a copy per subscription would cost).
    let me = ws
        .partner(importer)
        .ok_or_else(|| references::unknown("", "partner", importer))?;
    let resold_through_me = || {
        ws.partner(por)
            .is_some_and(|p| p.providers.contains(importer))
    };
    if por != importer && !resold_through_me() {
        return Err(Refusal::new(
            RuleId::MP5,
            format!(
                "its partner of record is {}, which is neither {} nor one of its indirect resellers",
                partner_name(ws, por),
                me.display_name
            ),
        ));
    }
    Ok((customer, por))
}

/// The subscription `s` adds, checked; or why it is left out.
fn new<W: Records, B>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    s: &ImportedSubscription,
    customer: Id,
    por: Id,
) -> Result<Subscription, Refusal> {
    // Through the importer's reseller relationship (the first by id when it has several).
    let billing_partner = if por == *importer {
        ws.relationships_of_customer_in_any_order(&customer)
            .filter(|r| r.partner_id == *importer && r.kind == RelationshipKind::Reseller)
            .min_by(|a, b| a.id.cmp(&b.id))
            .and_then(|r| r.via_partner_id.clone())
    } else {
        Some(importer.clone())
    };
    let id = id_of_key(&s.id);
    let record = Subscription {
        external_id: Some(Text::from(&id)),
        id,
        customer_id: customer,
        partner_of_record: por,
        billing_partner,
        offer_name: s.offer_name.trimmed_shared(),
        quantity: s.quantity,
        status: s.status,
        term_duration: s.term_duration.clone(),
        billing_cycle: s.billing_cycle,
        created_date_time: s.created_date_time,
        source: keys.source(s.source),
    };
    let mut found = Vec::new();
    limits::check_record("subscription", record.id.as_str(), &record, &mut found);
    integrity::check_subscription(ws, &record, &mut found);
    first_finding(found)?;
    Ok(record)
}

/// What adding `record` says (joined, not formatted: one per subscription).
fn added(record: &Subscription) -> String {
    let quantity = record.quantity.to_string();
    [&quantity, " × ", &record.offer_name, " ", NOTE_PC].concat()
}

/// `s`'s step, as `look` found it unless a step since changed what it saw: then looked at
/// again, in turn.
fn act<'b, W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'b, B>,
    importer: &Id,
    s: &ImportedSubscription,
    looked: Looked<'b>,
    again: KeyAgain,
) -> Result<Outcome, Refusal> {
    let looked = if seen_since(ctx.ws, keys, s, &looked, again) {
        let ws = &*ctx.ws;
        let found = keys
            .subscriptions()
            .get(&s.id, |id| ws.subscription(id).is_some());
        look(ws, keys, importer, s, |_| found)
    } else {
        looked
    };
    let (id, update) = match looked {
        Looked::Refused(refusal) => return Err(refusal),
        Looked::New(new) => {
            let record = *new?;
            // Noted before the record moves into the draft: no copy of its id (a shared
            // text, whose count each copy would change).
            ctx.event_with(RecordKind::Subscription, &record.id, || added(&record));
            keys.subscriptions().put(&record.id, &record.id);
            ctx.ws.put_subscription(record);
            return Ok(Outcome::Added);
        }
        Looked::Found { known, update } => (known.id, update?.map(|after| *after)),
        Looked::Made {
            known,
            customer,
            por,
        } => {
            let id = known.id;
            let before = ctx
                .ws
                .subscription_since(&id, known.before)
                .ok_or_else(|| Refusal::new(RuleId::WS1, format!("subscription {id} vanished")))?
                .clone();
            let update = updated(&*ctx.ws, keys, importer, s, &before, &customer, &por)?;
            (id, update)
        }
    };
    let Some(after) = update else {
        return Ok(Outcome::Unchanged);
    };
    ctx.ws.put_subscription(after);
    ctx.event_with(RecordKind::Subscription, &id, || {
        format!("updated ({NOTE_PC})")
    });
    Ok(Outcome::Updated)
}

/// Whether a step since the look changed what it saw: a record put under its key (asked only
/// when its key was met before: `again`), or a new version of the record it found.
fn seen_since<W: Records, B: Records>(
    ws: &W,
    keys: &mut Keys<'_, B>,
    s: &ImportedSubscription,
    looked: &Looked<'_>,
    again: KeyAgain,
) -> bool {
    let put_since = |keys: &mut Keys<'_, B>| {
        again.0
            && keys
                .subscriptions()
                .put_by_import(&s.id, |id| ws.subscription(id).is_some())
    };
    match looked {
        Looked::Refused(_) | Looked::Made { .. } => false,
        Looked::Found { known, .. } => {
            put_since(keys)
                || !ws
                    .subscription_since(&known.id, known.before)
                    .zip(known.before)
                    .is_some_and(|(now, before)| std::ptr::eq(now, before))
        }
        Looked::New(_) => put_since(keys),
    }
}

/// What Partner Center makes of `before`, the record `s`'s key found: nothing (it already says
/// that), the record updated and checked, or why it is left out: an import never moves a
/// subscription to another customer or partner of record (MP3, MP5) nor takes one from
/// another partner (MP2).
fn updated<W: Records, B>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    s: &ImportedSubscription,
    before: &Subscription,
    customer: &Id,
    por: &Id,
) -> Result<Option<Subscription>, Refusal> {
    // Checked first: an export that says otherwise is reported even when its facts are the
    // workspace's.
    let id = &before.id;
    if before.customer_id != *customer {
        return Err(Refusal::new(
            RuleId::MP3,
            format!(
                "subscription {id} belongs to {} here; an import never moves a subscription",
                customer_name(ws, &before.customer_id)
            ),
        ));
    }
    if before.partner_of_record != *por {
        return Err(Refusal::new(
            RuleId::MP5,
            format!(
                "subscription {id}'s partner of record is {} here; an import never changes it",
                partner_name(ws, &before.partner_of_record)
            ),
        ));
    }
    if before.partner_of_record != *importer && before.billing_partner.as_ref() != Some(importer) {
        return Err(Refusal::new(
            RuleId::MP2,
            format!(
                "subscription {id} belongs to {}; importing one partner's exports never changes another partner's subscriptions",
                partner_name(ws, &before.partner_of_record)
            ),
        ));
    }
    // Most of a re-import: compared as it stands, copied only when it changes.
    if holds_pc_facts(before, s) {
        return Ok(None);
    }
    let mut after = before.clone();
    take_pc_facts(&mut after, s);
    if after == *before {
        return Ok(None);
    }
    after.source = keys.source(s.source);
    let mut found = Vec::new();
    limits::check_record("subscription", after.id.as_str(), &after, &mut found);
    integrity::check_subscription(ws, &after, &mut found);
    first_finding(found)?;
    Ok(Some(after))
}
