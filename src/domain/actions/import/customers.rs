//! The import's customers (Partner Center): each one matched by its tenant, added under a
//! readable id or updated in place, then the reseller relationship its export describes and
//! the end of a DAP relationship it reports.

use std::borrow::Cow;
use std::sync::Arc;

use super::common::*;
use super::{fresh, graph_records};
use crate::domain::actions::ctx::{Ctx, customer_name};
use crate::domain::actor::Actor;
use crate::domain::catalogue::Refusal;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::imported::*;
use crate::domain::integrity;
use crate::domain::provenance::Provenance;
use crate::domain::records::*;
use crate::domain::rules::{limits, references};
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// What the steps of `c` make of it alone and of what no step of an import changes (the
/// partners, the files, the time and the actor), worked out ahead: its tenant's keys, the
/// customer it adds when none has its tenant (under the id its name gives), and the reseller
/// relationship the export asks for (with that customer, and no invitation it accepts).
pub(super) struct CustomerLook<'r> {
    tenant: Cow<'r, str>,
    pub(super) key: TenantKey,
    /// None when the workspace held a customer with its tenant (its step finds that one).
    new: Option<Box<NewCustomer>>,
    /// None too when the workspace held the customer: most such hold their relationship.
    pub(super) reseller: Option<Box<ResellerLook>>,
}

/// A customer as `customer` adds it, under the id its name gives.
pub(super) struct NewCustomer {
    record: Customer,
    /// No text of the record can break WS4 (`limits::too_short_to_break`).
    short: bool,
}

/// The reseller relationship a customer's export asks for, made ahead.
pub(super) struct ResellerLook {
    new: Relationship,
    short: bool,
}

/// `c` looked at ahead by `importer`, `now`, as `actor` (`ahead`: what the look may read).
pub(super) fn look<'r>(
    ahead: &Ahead,
    importer: &Id,
    now: Time,
    actor: &Actor,
    c: &'r ImportedCustomer,
) -> CustomerLook<'r> {
    let tenant = tenant_key_of(&c.tenant_id);
    let key = TenantKey::of(&tenant);
    let (new, reseller) = if ahead.holds_tenant(&key) {
        (None, None)
    } else {
        let new = new_customer(&tenant, c, ahead.source(c.source));
        let reseller = c.reseller.then(|| {
            let partners = &ahead.partners_by_tenant;
            let source = ahead.source(c.source);
            let new = reseller(partners, source, importer, now, actor, &new.record.id, c);
            Box::new(ResellerLook {
                short: limits::too_short_to_break(&new),
                new,
            })
        });
        (Some(Box::new(new)), reseller)
    };
    CustomerLook {
        tenant,
        key,
        new,
        reseller,
    }
}

/// The customer of `tenant` `customer` adds for `c`, under the id its name gives.
fn new_customer(
    tenant: &str,
    c: &ImportedCustomer,
    source: Option<Arc<Provenance>>,
) -> NewCustomer {
    let domain = c.domain.as_deref().unwrap_or("").trimmed().to_string();
    let base = domain
        .split('.')
        .next()
        .filter(|d| !d.is_empty())
        .unwrap_or(&c.display_name);
    // Named after its tenant only when its name has nothing readable (made then).
    let readable = slug(base, "");
    let named = if readable.as_str().is_empty() {
        Id::new(format!(
            "customer-{}",
            tenant.chars().take(8).collect::<String>()
        ))
    } else {
        readable
    };
    let record = Customer {
        external_id: Some(tenant.into()),
        id: named,
        tenant_id: tenant.to_string(),
        display_name: c.display_name.trimmed().into(),
        domain,
        country: (c
            .country
            .as_deref()
            .unwrap_or("")
            .trimmed()
            .to_ascii_uppercase())
        .into(),
        is_csp_partner: false,
        source,
    };
    NewCustomer {
        short: limits::too_short_to_break(&record),
        record,
    }
}

/// The reseller relationship `c`'s export asks `importer` for with `customer`, under the id
/// the two give it, asked by no invitation.
fn reseller(
    partners_by_tenant: &KeyMap,
    source: Option<Arc<Provenance>>,
    importer: &Id,
    now: Time,
    actor: &Actor,
    customer: &Id,
    c: &ImportedCustomer,
) -> Relationship {
    let via = c
        .via_provider_tenant_id
        .as_deref()
        .and_then(|t| partners_by_tenant.get(&*tenant_key_of(t)).cloned());
    Relationship {
        external_id: None,
        id: reseller_id(customer, importer),
        kind: RelationshipKind::Reseller,
        partner_id: importer.clone(),
        customer_id: customer.clone(),
        status: RelationshipStatus::Active,
        created_date_time: now,
        start_date_time: Some(now),
        end_date_time: None,
        via_partner_id: via,
        invitation_id: None,
        gdap: None,
        history: smallvec::smallvec![StatusChange {
            status: RelationshipStatus::Active,
            at: now,
            by: Some(Box::new(actor.clone())),
            note: Some(Text::from_static(NOTE_PC)),
        }],
        source,
        etag: None,
        partner_consent_pending: false,
    }
}

/// The id a reseller relationship of `importer` with `customer` is first given.
fn reseller_id(customer: &Id, importer: &Id) -> Id {
    Id::new([customer.as_str(), "-", importer.as_str(), "-reseller"].concat())
}

pub(super) fn customer<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    c: &ImportedCustomer,
    look: CustomerLook<'_>,
) -> Result<Outcome, Refusal> {
    let CustomerLook {
        tenant,
        key,
        new,
        reseller: _,
    } = look;
    let (record, outcome, short) = match keys.customers.get(&key) {
        Some(known) => {
            let id = &known.id;
            let before = ctx
                .ws
                .customer_since(id, known.before)
                .ok_or_else(|| references::unknown("", "customer", id))?;
            // Most of a re-import: compared as it stands, copied only when it changes.
            if holds_profile(before, &tenant, c) {
                return Ok(Outcome::Unchanged);
            }
            let before = before.clone();
            let mut after = before.clone();
            take_profile(&mut after, &tenant, c);
            if after == before {
                return Ok(Outcome::Unchanged);
            }
            after.source = keys.source(c.source);
            (after, Outcome::Updated, false)
        }
        None => {
            let NewCustomer {
                mut record,
                mut short,
            } = match new {
                Some(new) => *new,
                None => new_customer(&tenant, c, keys.source(c.source)),
            };
            // The id its name gives is taken: it gets the next free one, measured again.
            if ctx.ws.customer(&record.id).is_some() {
                let named = std::mem::replace(&mut record.id, Id::EMPTY);
                record.id = fresh(named, |id| ctx.ws.customer(id).is_some());
                short = false;
            }
            (record, Outcome::Added, short)
        }
    };
    let mut found = Vec::new();
    if !short {
        limits::check_record("customer", record.id.as_str(), &record, &mut found);
    }
    integrity::check_customer(ctx.ws, &record, &mut found);
    first_finding(found)?;
    let id = record.id.clone();
    let added = matches!(outcome, Outcome::Added);
    ctx.event_with(RecordKind::Customer, &id, || {
        if added {
            [&record.display_name, " ", NOTE_PC].concat()
        } else {
            "profile updated from Partner Center".to_string()
        }
    });
    ctx.ws.put_customer(record);
    keys.customers.insert(key, Known::put(id.clone()));
    Ok(outcome)
}

/// What Partner Center says of a customer it already has: its id (the customer's tenant)
/// and, when the export has the profile, its name, domain and country.
pub(super) fn take_profile(after: &mut Customer, tenant: &str, c: &ImportedCustomer) {
    after.external_id = Some(tenant.into());
    if c.profile {
        after.display_name = c.display_name.trimmed().into();
        if let Some(domain) = c.domain.as_deref().filter(|d| !d.trimmed().is_empty()) {
            after.domain = domain.trimmed().to_string();
        }
        if let Some(country) = c.country.as_deref().filter(|d| !d.trimmed().is_empty()) {
            after.country = country.trimmed().to_ascii_uppercase().into();
        }
    }
}

/// `take_profile` would change nothing in `before`: its Partner Center id is `tenant` and,
/// when the export has its profile, its name, domain and country are the export's.
pub(super) fn holds_profile(before: &Customer, tenant: &str, c: &ImportedCustomer) -> bool {
    let blank = |text: &&str| !text.trimmed().is_empty();
    let upper = |ours: &str, theirs: &str| {
        ours.len() == theirs.len()
            && ours
                .bytes()
                .zip(theirs.bytes())
                .all(|(o, t)| o == t.to_ascii_uppercase())
    };
    before.external_id.as_deref() == Some(tenant)
        && (!c.profile
            || (*before.display_name == *c.display_name.trimmed()
                && c.domain
                    .as_deref()
                    .filter(blank)
                    .is_none_or(|d| before.domain == d.trimmed())
                && c.country
                    .as_deref()
                    .filter(blank)
                    .is_none_or(|t| upper(&before.country, t.trimmed()))))
}

/// The importer's relationship of `kind` with `customer` that is still in force, if any (the
/// first by id when there are several).
fn held<W: Records>(
    ws: &W,
    importer: &Id,
    customer: &Id,
    kind: RelationshipKind,
) -> Option<Relationship> {
    ws.relationships_of_customer_in_any_order(customer)
        .filter(|r| r.partner_id == *importer && r.kind == kind && r.status.is_in_force())
        .min_by(|a, b| a.id.cmp(&b.id))
        .cloned()
}

/// `held` without the copy: whether there is one.
fn holds<W: Records>(ws: &W, importer: &Id, customer: &Id, kind: RelationshipKind) -> bool {
    ws.relationships_of_customer_in_any_order(customer)
        .any(|r| r.partner_id == *importer && r.kind == kind && r.status.is_in_force())
}

/// What `customer` and then `reseller_and_dap` count for `c` when they would change nothing
/// in `ws` and leave nothing out (the relationship's outcome: unchanged, or nothing asked);
/// `None` when they would add, update or refuse something.
pub(super) fn unchanged<W: Records, B: Records>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    c: &ImportedCustomer,
) -> Option<Outcome> {
    let tenant = tenant_key_of(&c.tenant_id);
    let known = keys.customers.get(&TenantKey::of(&tenant))?;
    let before = ws.customer_since(&known.id, known.before)?;
    if !holds_profile(before, &tenant, c) {
        return None;
    }
    // The customer `reseller_and_dap` finds by the same tenant (`customer_id_by_key`): one lookup.
    let customer = &known.id;
    if wants_reseller(ws, importer, customer, c) || dap_to_end(ws, importer, customer, c).is_some()
    {
        return None;
    }
    Some(asked(c))
}

/// What `reseller_and_dap` counts for `c` when it changes nothing: unchanged when the export
/// says something of its relationship, else nothing.
fn asked(c: &ImportedCustomer) -> Outcome {
    if c.reseller || c.delegated_admin.is_some() {
        Outcome::Unchanged
    } else {
        Outcome::Nothing
    }
}

/// The export says the importer resells to `customer`, and no reseller relationship of the
/// importer's with it is in force here.
fn wants_reseller<W: Records>(ws: &W, importer: &Id, customer: &Id, c: &ImportedCustomer) -> bool {
    c.reseller && !holds(ws, importer, customer, RelationshipKind::Reseller)
}

/// The importer's DAP relationship with `customer` still in force that the export says is gone.
fn dap_to_end<W: Records>(
    ws: &W,
    importer: &Id,
    customer: &Id,
    c: &ImportedCustomer,
) -> Option<Relationship> {
    if c.delegated_admin != Some(false) {
        return None;
    }
    held(ws, importer, customer, RelationshipKind::DelegatedAdmin)
}

/// The reseller relationship `relationshipToPartner` describes, and the end of a DAP relationship
/// `allowDelegatedAccess: false` reports. DAP is retired (Microsoft moved partners to GDAP from
/// May 2023; no reseller request has carried DAP since 9 October 2023), so an import never
/// creates one: DAP relationships already here stay as they are, as history.
pub(super) fn reseller_and_dap<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    c: &ImportedCustomer,
    key: &TenantKey,
    reseller: Option<Box<ResellerLook>>,
) -> Result<Outcome, Refusal> {
    let customer = customer_id_by_key(keys, key, &c.tenant_id)?;
    // Every record the step puts is made and checked before the first is put: a refusal
    // leaves the draft as it was.
    let reseller = wants_reseller(ctx.ws, importer, &customer, c)
        .then(|| new_reseller(ctx, keys, importer, c, &customer, reseller))
        .transpose()?;
    let dap = dap_to_end(ctx.ws, importer, &customer, c)
        .map(|dap| ended_dap(ctx, keys, c, dap))
        .transpose()?;
    let mut outcome = asked(c);
    if let Some(NewReseller {
        relationship,
        note,
        accepted,
    }) = reseller
    {
        let id = relationship.id.clone();
        ctx.ws.put_relationship(relationship);
        keys.relationships.put_own(&id);
        ctx.event_with(RecordKind::Relationship, &id, || {
            [RelationshipKind::Reseller.label(), " relationship ", &note].concat()
        });
        outcome = Outcome::Added;
        if let Some(invitation) = accepted {
            let id = invitation.id.clone();
            graph_records::put_accepted(ctx, invitation, &note);
            keys.linked.push(ImportLinked {
                kind: "invitation",
                id,
                external_id: tenant_key(&c.tenant_id),
                differences: Vec::new(),
            });
        }
    }
    if let Some((dap, from)) = dap {
        let id = dap.id.clone();
        ctx.ws.put_relationship(dap);
        ctx.event(
            RecordKind::Relationship,
            &id,
            format!("{} → terminated ({NOTE_DAP_REMOVED})", from.label()),
        );
        if !matches!(outcome, Outcome::Added) {
            outcome = Outcome::Updated;
        }
    }
    Ok(outcome)
}

/// A reseller relationship an import puts, checked, with its event's note and the invitation
/// it accepts (checked too).
struct NewReseller {
    relationship: Relationship,
    note: Text,
    accepted: Option<Invitation>,
}

/// The reseller relationship `c` says the importer has with `customer` (`reseller`: as its look
/// made it, unless the workspace held the customer), checked; a reseller (or reseller + DAP)
/// invitation still pending here was accepted in Partner Center: the relationship the export
/// shows is the one it asked for.
fn new_reseller<W: Records, B: Records>(
    ctx: &Ctx<'_, W>,
    keys: &Keys<'_, B>,
    importer: &Id,
    c: &ImportedCustomer,
    customer: &Id,
    reseller: Option<Box<ResellerLook>>,
) -> Result<NewReseller, Refusal> {
    let ResellerLook { mut new, mut short } = match reseller {
        Some(look) => *look,
        None => ResellerLook {
            new: self::reseller(
                &keys.partners_by_tenant,
                keys.source(c.source),
                importer,
                ctx.now,
                ctx.actor,
                customer,
                c,
            ),
            short: false,
        },
    };
    // Made for the customer under the id its name gives: it has another here.
    if new.customer_id != *customer {
        new.id = reseller_id(customer, importer);
        new.customer_id = customer.clone();
        short = false;
    }
    if ctx.ws.relationship(&new.id).is_some() {
        let first = std::mem::replace(&mut new.id, Id::EMPTY);
        new.id = fresh(first, |id| ctx.ws.relationship(id).is_some());
        short = false;
    }
    let invited = ctx
        .ws
        .invitations_of_customer(customer)
        .find(|i| {
            i.partner_id == *importer
                && i.status == InvitationStatus::Pending
                && i.kind != InvitationKind::Gdap
        })
        .map(|i| i.id.clone());
    let note = match &invited {
        Some(_) => Text::new(note_confirmed(&keys.file_name(c.source))),
        None => Text::from_static(NOTE_PC),
    };
    if invited.is_some() {
        new.invitation_id.clone_from(&invited);
        for change in &mut new.history {
            change.note = Some(note.clone());
        }
        short = false;
    }
    check_relationship_unless_short(ctx.ws, &new, short)?;
    let accepted = match invited {
        Some(invitation) => graph_records::accepted_outside(ctx.ws, &invitation, ctx.now)?,
        None => None,
    };
    Ok(NewReseller {
        relationship: new,
        note,
        accepted,
    })
}

/// The importer's DAP relationship `dap` ended as the export says, checked, with the status
/// it ends from.
fn ended_dap<W: Records, B: Records>(
    ctx: &Ctx<'_, W>,
    keys: &Keys<'_, B>,
    c: &ImportedCustomer,
    mut dap: Relationship,
) -> Result<(Relationship, RelationshipStatus), Refusal> {
    let from = dap.status;
    dap.move_to(
        RelationshipStatus::Terminated,
        ctx.now,
        None,
        Some(NOTE_DAP_REMOVED),
    );
    dap.end_date_time = Some(ctx.now);
    dap.source = keys.source(c.source);
    check_relationship_unless_short(ctx.ws, &dap, false)?;
    Ok((dap, from))
}

/// `allowDelegatedAccess: true` for a customer the importer holds no DAP relationship with:
/// said, not imported.
pub(super) fn dap_finding<W: Records, B: Records>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    c: &ImportedCustomer,
) -> Option<ImportFinding> {
    if c.delegated_admin != Some(true) {
        return None;
    }
    let customer = &keys.customers.get(&TenantKey::of(&c.tenant_id))?.id;
    if holds(ws, importer, customer, RelationshipKind::DelegatedAdmin) {
        return None;
    }
    Some(ImportFinding {
        kind: "relationship",
        key: format!("{} (DAP)", c.tenant_id),
        message: format!(
            "Partner Center still reports DAP for {}; partnerdesk records DAP only as history — terminate it in Partner Center",
            customer_name(ws, customer)
        ),
    })
}
