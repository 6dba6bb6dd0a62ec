//! The import's Graph records, which carry ids of their own: GDAP relationships and access
//! assignments (subscriptions are `subscriptions`), matched by id without regard to case, updated in
//! place (a changed status appends to history) and never taken from another partner. Graph's
//! `@odata.etag` is kept (a newer one is a change); a provider-created relationship for an
//! indirect reseller keeps its provider and whether the reseller's consent is pending.

use std::cell::Cell;
use std::sync::Arc;

use super::common::{
    Ahead, KeyMap, Keys, Known, NOTE_GRAPH, Outcome, TenantKey, Trimmed, customer_id_by_key,
    customer_ref, first_finding, id_of_key, key, key_of, note_confirmed, put_relationship_checked,
    put_relationship_checked_unless_short, tenant_key_of,
};
use super::roles::CanonicalRoles;
use crate::domain::actions::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::imported::*;
use crate::domain::integrity;
use crate::domain::provenance::Provenance;
use crate::domain::records::*;
use crate::domain::roles::find_role;
use crate::domain::rules::{limits, references};
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// What `gdap` makes of `g` from `g` alone and from what no step of an import changes (the
/// partners, the files, the role catalogue), so it can be worked out ahead, beside the
/// customers' step: all but its customer and what the workspace holds.
pub(super) struct GdapLook {
    details: GdapDetails,
    /// Its indirect provider.
    via: Option<Id>,
    /// The key of its customer's tenant.
    tenant: TenantKey,
    /// The relationship `gdap` adds when no record has its key and no plan is confirmed; none
    /// when the workspace held one under its key (the step finds that one).
    new: Option<Box<NewGdap>>,
}

/// A GDAP relationship as `gdap` adds it, but for its customer and its details.
pub(super) struct NewGdap {
    record: Relationship,
    /// No text of the record or of its details can break WS4 (`limits::too_short_to_break`).
    short: bool,
}

/// `g` looked at ahead (`ahead`: what the looks may read; `roles` canonicalises its roles,
/// and notes the unknown ones, as `gdap` would).
pub(super) fn gdap_look(
    ahead: &Ahead,
    roles: &mut CanonicalRoles,
    importer: &Id,
    g: &ImportedGdap,
) -> GdapLook {
    let details = gdap_details(g, roles.of(&g.roles));
    let via = provider(&ahead.partners_by_tenant, g);
    let key = key_of(&g.id);
    let new = (!ahead.holds_relationship(&key)).then(|| {
        let source = ahead.source(g.source);
        Box::new(new_gdap(
            importer,
            g,
            id_of_key(&g.id),
            via.clone(),
            source,
            &details,
        ))
    });
    GdapLook {
        details,
        via,
        tenant: TenantKey::of(&g.customer_tenant_id),
        new,
    }
}

/// The relationship `g` is when `gdap` adds it under `id`, but for its customer and `details`.
fn new_gdap(
    importer: &Id,
    g: &ImportedGdap,
    id: Id,
    via: Option<Id>,
    source: Option<Arc<Provenance>>,
    details: &GdapDetails,
) -> NewGdap {
    let seen_at = g.last_modified_date_time.unwrap_or(g.created_date_time);
    let record = Relationship {
        external_id: Some(Text::from(&id)),
        id,
        kind: RelationshipKind::Gdap,
        partner_id: importer.clone(),
        customer_id: Id::EMPTY,
        status: g.status,
        created_date_time: g.created_date_time,
        start_date_time: g.activated_date_time,
        end_date_time: g.end_date_time,
        via_partner_id: via,
        invitation_id: None,
        gdap: None,
        history: smallvec::smallvec![StatusChange {
            status: g.status,
            at: seen_at,
            by: None,
            note: Some(Text::from_static(NOTE_GRAPH)),
        }],
        source,
        etag: g.etag.clone(),
        partner_consent_pending: g.partner_consent_pending,
    };
    NewGdap {
        short: limits::too_short_to_break(&record) && limits::too_short_to_break(details),
        record,
    }
}

/// What adding `g`'s relationship says.
fn added(g: &ImportedGdap) -> String {
    [
        "GDAP \"",
        g.display_name.trimmed(),
        "\" (",
        g.status.label(),
        ") ",
        NOTE_GRAPH,
    ]
    .concat()
}

pub(super) fn gdap<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    g: &ImportedGdap,
    look: GdapLook,
) -> Result<Outcome, Refusal> {
    let GdapLook {
        details,
        via,
        tenant,
        new,
    } = look;
    let customer = customer_id_by_key(keys, &tenant, &g.customer_tenant_id)?;
    let seen_at = g.last_modified_date_time.unwrap_or(g.created_date_time);
    let existing = keys
        .relationships
        .get(&g.id, |id| ctx.ws.relationship(id).is_some());
    let Some(known) = existing else {
        if let Some(planned) = planned(ctx, importer, &customer, &details.display_name) {
            return link(ctx, keys, g, planned, details, via, seen_at);
        }
        let NewGdap { mut record, short } = match new {
            Some(new) => *new,
            None => {
                let id = id_of_key(&g.id);
                new_gdap(importer, g, id, via, keys.source(g.source), &details)
            }
        };
        // Its customer is the only text not measured with it.
        let short = short && limits::too_short_to_break(customer.as_str());
        record.customer_id = customer;
        record.gdap = Some(Box::new(details));
        let id = record.id.clone();
        put_relationship_checked_unless_short(ctx, record, short)?;
        keys.relationships.put(&id, &id);
        ctx.event_with(RecordKind::Relationship, &id, || added(g));
        return Ok(Outcome::Added);
    };
    let id = known.id.clone();
    let before = ctx
        .ws
        .relationship_since(&id, known.before)
        .ok_or_else(|| references::unknown("", "relationship", &id))?;
    if before.partner_id != *importer {
        return refuse(
            RuleId::MP1,
            format!(
                "relationship {id} belongs to {}; importing one partner's exports never changes another partner's relationships",
                ctx.partner_name(&before.partner_id)
            ),
        );
    }
    if before.customer_id != customer {
        return refuse(
            RuleId::WS1,
            format!(
                "relationship {id} is with {} here, but the export says customer tenant {}",
                ctx.customer_name(&before.customer_id),
                g.customer_tenant_id
            ),
        );
    }
    // Most of a re-import: compared as it stands, copied only when it changes.
    if holds_graph_facts(before, g, &details, via.as_ref()) {
        return Ok(Outcome::Unchanged);
    }
    let before = before.clone();
    let mut after = before.clone();
    take_graph_facts(&mut after, g, details, via);
    if after.status != before.status {
        after.history.push(StatusChange {
            status: g.status,
            at: seen_at.max(latest(&before)),
            by: None,
            note: Some(Text::from_static(NOTE_GRAPH)),
        });
    }
    if after == before {
        return Ok(Outcome::Unchanged);
    }
    after.source = keys.source(g.source);
    let (from, to) = (before.status, after.status);
    put_relationship_checked(ctx, after)?;
    ctx.event_with(RecordKind::Relationship, &id, || {
        if to != from {
            format!("{} → {} ({NOTE_GRAPH})", from.label(), to.label())
        } else {
            format!("updated ({NOTE_GRAPH})")
        }
    });
    Ok(Outcome::Updated)
}

/// What `gdap` makes of `g` before it looks for its record (`roles` being its roles as the
/// workspace keeps them): its customer, its indirect provider, and its GDAP details.
fn gdap_facts<'k, B>(
    keys: &'k Keys<'_, B>,
    g: &ImportedGdap,
    roles: Vec<Text>,
) -> Result<(&'k Id, Option<Id>, GdapDetails), Refusal> {
    let customer = customer_ref(keys, &g.customer_tenant_id)?;
    let via = provider(&keys.partners_by_tenant, g);
    Ok((customer, via, gdap_details(g, roles)))
}

/// The indirect provider `g` names, when it is a partner here or in the exports.
fn provider(partners_by_tenant: &KeyMap, g: &ImportedGdap) -> Option<Id> {
    g.indirect_provider_tenant_id
        .as_deref()
        .and_then(|t| partners_by_tenant.get(&*tenant_key_of(t)).cloned())
}

/// `g`'s GDAP details as the workspace keeps them, with `roles`.
fn gdap_details(g: &ImportedGdap, roles: Vec<Text>) -> GdapDetails {
    GdapDetails {
        display_name: g.display_name.trimmed().into(),
        roles,
        duration: g.duration,
        auto_extend_duration: g.auto_extend_duration,
    }
}

/// `gdap` would find `g` unchanged in `ws`: neither add, update, link nor refuse it (`roles`
/// canonicalises its roles, and notes the unknown ones, as `gdap` would; `place` is where
/// this run of looks is among the relationships).
pub(super) fn gdap_unchanged<W: Records, B>(
    ws: &W,
    keys: &Keys<'_, B>,
    roles: &mut CanonicalRoles,
    place: &Cell<usize>,
    importer: &Id,
    g: &ImportedGdap,
) -> bool {
    let Ok((customer, via, details)) = gdap_facts(keys, g, roles.of(&g.roles)) else {
        return false;
    };
    keys.relationships
        .held()
        .get_from(&key_of(&g.id), place)
        .and_then(|known| ws.relationship_since(&known.id, known.before))
        .is_some_and(|before| {
            before.partner_id == *importer
                && before.customer_id == *customer
                && holds_graph_facts(before, g, &details, via.as_ref())
        })
}

/// `assignment` would find `a` unchanged in `ws`: neither add, update nor refuse it (`roles`
/// as for `gdap_unchanged`; `places`: where this run of looks is among the relationships and
/// among the assignments).
pub(super) fn assignment_unchanged<W: Records, B>(
    ws: &W,
    keys: &Keys<'_, B>,
    roles: &mut CanonicalRoles,
    places: [&Cell<usize>; 2],
    importer: &Id,
    a: &ImportedAssignment,
) -> bool {
    let roles = roles.of(&a.roles);
    let [relationships, assignments] = places;
    let Some(relationship) = keys
        .relationships
        .held()
        .get_from(&key_of(&a.relationship_id), relationships)
    else {
        return false;
    };
    let owner = ws.relationship_since(&relationship.id, relationship.before);
    if owner.is_none_or(|r| r.partner_id != *importer) {
        return false;
    }
    let relationship = &relationship.id;
    let existing = keys
        .assignments
        .get_from(&key_of(&a.id), assignments)
        .and_then(|known| ws.assignment(&known.id));
    existing.is_some_and(|before| {
        let mut after = before.clone();
        take_assignment_facts(&mut after, a, roles);
        before.relationship_id == *relationship && after == *before
    })
}

/// What Graph says of an access assignment the workspace has, as it keeps it.
fn take_assignment_facts(after: &mut AccessAssignment, a: &ImportedAssignment, roles: Vec<Text>) {
    after.security_group_id = key(&a.security_group_id);
    after.roles = roles;
    after.status = a.status;
    after.external_id = Some(Text::new(key(&a.id)));
    if a.etag.is_some() {
        after.etag = a.etag.clone();
    }
}

/// A record's Microsoft id set to `key(text)`: kept as it is when it already is that (a
/// re-import allocates nothing for it).
pub(super) fn keep_external_id(external: &mut Option<Text>, text: &str) {
    let wanted = key_of(text);
    if external.as_deref() != Some(&*wanted) {
        *external = Some(Text::new(wanted));
    }
}

/// What Graph says of a relationship, as the workspace keeps it: its status, GDAP details,
/// dates, provider, etag and the reseller's consent, and Microsoft's id.
pub(super) fn take_graph_facts(
    r: &mut Relationship,
    g: &ImportedGdap,
    details: GdapDetails,
    via: Option<Id>,
) {
    keep_external_id(&mut r.external_id, &g.id);
    r.status = g.status;
    r.gdap = Some(Box::new(details));
    r.start_date_time = g.activated_date_time.or(r.start_date_time);
    r.end_date_time = g.end_date_time.or(r.end_date_time);
    if via.is_some() {
        r.via_partner_id = via;
    }
    if g.etag.is_some() {
        r.etag = g.etag.clone();
    }
    r.partner_consent_pending = g.partner_consent_pending;
}

/// `take_graph_facts` would change nothing in `r`.
pub(super) fn holds_graph_facts(
    r: &Relationship,
    g: &ImportedGdap,
    details: &GdapDetails,
    via: Option<&Id>,
) -> bool {
    r.external_id.as_deref() == Some(&*key_of(&g.id))
        && r.status == g.status
        && r.gdap.as_deref() == Some(details)
        && g.activated_date_time
            .is_none_or(|at| r.start_date_time == Some(at))
        && g.end_date_time.is_none_or(|at| r.end_date_time == Some(at))
        && via.is_none_or(|via| r.via_partner_id.as_ref() == Some(via))
        && (g.etag.is_none() || g.etag == r.etag)
        && r.partner_consent_pending == g.partner_consent_pending
}

/// The importer's GDAP relationship with `customer` named `name` (any case) that was planned
/// here and is not yet linked to Microsoft's: the one an exported relationship of that name
/// confirms. A plan that ended or was deleted confirms nothing.
fn planned<W: Records>(
    ctx: &Ctx<'_, W>,
    importer: &Id,
    customer: &Id,
    name: &str,
) -> Option<Relationship> {
    ctx.ws
        .gdap_relationships_named(importer, name)
        .filter_map(|id| ctx.ws.relationship(id))
        .find(|r| {
            r.customer_id == *customer
                && r.external_id.is_none()
                && r.kind == RelationshipKind::Gdap
                && !r.status.is_ended()
        })
        .cloned()
}

/// Where a plan and Microsoft's record of it disagree, one line each (roles, duration,
/// auto-extension): Microsoft's facts are kept, and the history says what was planned.
fn differences(planned: Option<&GdapDetails>, real: &GdapDetails) -> Vec<String> {
    let Some(planned) = planned else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let same_roles = planned.roles.len() == real.roles.len()
        && planned
            .roles
            .iter()
            .all(|p| real.roles.iter().any(|r| r.eq_ignore_ascii_case(p)));
    if !same_roles {
        let names = |roles: &[Text]| -> String {
            roles
                .iter()
                .map(|r| find_role(r).map_or_else(|| r.to_string(), |k| k.name.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!(
            "roles: planned {}, Microsoft has {}",
            names(&planned.roles),
            names(&real.roles)
        ));
    }
    if planned.duration != real.duration {
        out.push(format!(
            "duration: planned {}, Microsoft has {}",
            planned.duration, real.duration
        ));
    }
    if planned.auto_extend_duration != real.auto_extend_duration {
        out.push(format!(
            "auto-extension: planned {}, Microsoft has {}",
            planned.auto_extend_duration, real.auto_extend_duration
        ));
    }
    out
}

/// Links a relationship planned here to Microsoft's record of it: the plan keeps its id and
/// invitation, takes Microsoft's id and facts, and its history says which import confirmed it
/// and where the two differed. Its approval request is accepted once Microsoft shows the
/// relationship approved. The rules are checked on the result, as for any imported record.
fn link<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    g: &ImportedGdap,
    planned: Relationship,
    details: GdapDetails,
    via: Option<Id>,
    seen_at: Time,
) -> Result<Outcome, Refusal> {
    let differences = differences(planned.gdap.as_deref(), &details);
    let mut note = note_confirmed(&keys.file_name(g.source));
    for difference in &differences {
        note.push_str("; ");
        note.push_str(difference);
    }
    let mut after = planned.clone();
    take_graph_facts(&mut after, g, details, via);
    after.history.push(StatusChange {
        status: g.status,
        at: seen_at.max(latest(&planned)),
        by: None,
        note: Some(note.clone().into()),
    });
    after.source = keys.source(g.source);
    let id = after.id.clone();
    put_relationship_checked(ctx, after)?;
    keys.relationships.put(&id_of_key(&g.id), &id);
    ctx.event(
        RecordKind::Relationship,
        &id,
        format!("{} → {} ({note})", planned.status.label(), g.status.label()),
    );
    if was_approved(g)
        && let Some(invitation) = planned.invitation_id.as_ref()
    {
        accept_outside(
            ctx,
            invitation,
            g.activated_date_time.unwrap_or(seen_at),
            &note,
        )?;
    }
    Ok(Outcome::Linked(ImportLinked {
        kind: "relationship",
        id,
        external_id: key(&g.id),
        differences,
    }))
}

/// The customer approved the relationship: Graph shows it approved or past approval.
fn was_approved(g: &ImportedGdap) -> bool {
    g.activated_date_time.is_some()
        || matches!(
            g.status,
            RelationshipStatus::Approved
                | RelationshipStatus::Activating
                | RelationshipStatus::Active
                | RelationshipStatus::Expiring
        )
}

/// A pending invitation the customer accepted outside partnerdesk (the export shows what it
/// asked for in force): accepted, dated when Microsoft says, noting the import that showed it.
pub(super) fn accept_outside<W: Records>(
    ctx: &mut Ctx<'_, W>,
    invitation: &Id,
    at: Time,
    note: &str,
) -> Result<(), Refusal> {
    if let Some(accepted) = accepted_outside(ctx.ws, invitation, at)? {
        put_accepted(ctx, accepted, note);
    }
    Ok(())
}

/// Invitation `invitation` accepted at `at`, checked; `None` unless it is pending here.
pub(super) fn accepted_outside<W: Records>(
    ws: &W,
    invitation: &Id,
    at: Time,
) -> Result<Option<Invitation>, Refusal> {
    let Some(mut inv) = ws.invitation(invitation).cloned() else {
        return Ok(None);
    };
    if inv.status != InvitationStatus::Pending {
        return Ok(None);
    }
    inv.status = InvitationStatus::Accepted;
    inv.resolved_date_time = Some(at.max(inv.created_date_time));
    let mut found = Vec::new();
    limits::check_record("invitation", inv.id.as_str(), &inv, &mut found);
    integrity::check_invitation(ws, &inv, &mut found);
    first_finding(found)?;
    Ok(Some(inv))
}

/// Puts `accepted` (from `accepted_outside`) with its event.
pub(super) fn put_accepted<W: Records>(ctx: &mut Ctx<'_, W>, accepted: Invitation, note: &str) {
    let id = accepted.id.clone();
    ctx.ws.put_invitation(accepted);
    ctx.event(
        RecordKind::Invitation,
        &id,
        format!("pending → accepted ({note})"),
    );
}

/// The time of a relationship's last recorded step, so appended history stays in order.
fn latest(r: &Relationship) -> Time {
    r.history
        .iter()
        .map(|h| h.at)
        .max()
        .unwrap_or(r.created_date_time)
}

pub(super) fn assignment<W: Records, B: Records>(
    ctx: &mut Ctx<'_, W>,
    keys: &mut Keys<'_, B>,
    importer: &Id,
    a: &ImportedAssignment,
) -> Result<Outcome, Refusal> {
    // First: an assignment left out still has its unknown roles listed.
    let roles = keys.roles.of(&a.roles);
    let known = keys
        .relationships
        .get(&Text::from(a.relationship_id.as_str()), |id| {
            ctx.ws.relationship(id).is_some()
        })
        .ok_or_else(|| {
            Refusal::new(
                RuleId::WS1,
                format!(
                    "relationship {} is neither in this workspace nor in the relationship exports",
                    a.relationship_id
                ),
            )
        })?;
    // Its owner, read where the draft holds it (no copy, no lookup of every relationship).
    let relationship = known.id;
    let owner = ctx
        .ws
        .relationship_since(&relationship, known.before)
        .ok_or_else(|| references::unknown("", "relationship", &relationship))?
        .partner_id
        .clone();
    if owner != *importer {
        return refuse(
            RuleId::MP1,
            format!(
                "relationship {relationship} belongs to {}",
                ctx.partner_name(&owner)
            ),
        );
    }
    let existing = keys
        .assignments
        .get(&key_of(&a.id))
        .and_then(|known| ctx.ws.assignment(&known.id))
        .cloned();
    let (record, outcome) = match existing {
        Some(before) => {
            if before.relationship_id != relationship {
                return refuse(
                    RuleId::WS1,
                    format!(
                        "access assignment {} belongs to relationship {} here",
                        before.id, before.relationship_id
                    ),
                );
            }
            let mut after = before.clone();
            take_assignment_facts(&mut after, a, roles);
            if after == before {
                return Ok(Outcome::Unchanged);
            }
            after.source = keys.source(a.source);
            (after, Outcome::Updated)
        }
        None => (
            AccessAssignment {
                external_id: Some(Text::new(key(&a.id))),
                id: Id::new(key(&a.id)),
                relationship_id: relationship,
                security_group_id: key(&a.security_group_id),
                security_group_name: None,
                roles,
                status: a.status,
                created_date_time: a.created_date_time,
                source: keys.source(a.source),
                etag: a.etag.clone(),
            },
            Outcome::Added,
        ),
    };
    let mut found = Vec::new();
    limits::check_record("access assignment", record.id.as_str(), &record, &mut found);
    integrity::check_assignment(ctx.ws, &record, &mut found);
    first_finding(found)?;
    ctx.ws.put_assignment(record.clone());
    keys.assignments.insert(
        Id::new(key_of(record.id.as_str())),
        Known::put(record.id.clone()),
    );
    let added = matches!(outcome, Outcome::Added);
    ctx.event_with(RecordKind::AccessAssignment, &record.id, || {
        if added {
            format!("group {} {NOTE_GRAPH}", record.security_group_id)
        } else {
            format!("updated ({NOTE_GRAPH})")
        }
    });
    Ok(outcome)
}
