//! `ResolveConflict`: a merge conflict recorded in the workspace answered with one side. The
//! record takes that side's value (the workspace held ours meanwhile); `apply` then checks the
//! record under every rule, as for any change, so a value that breaks a rule in the merged
//! workspace is refused naming it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::conflicts::{Conflict, ConflictKind, Side, set_path};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::tables::id::Id;

pub fn resolve<W: Records>(
    ctx: &mut Ctx<'_, W>,
    conflict_id: &str,
    side: Side,
) -> Result<(), Refusal> {
    let Some(conflict) = ctx.ws.conflict(conflict_id).cloned() else {
        return Err(Refusal::new(
            RuleId::WS1,
            format!("no merge conflict `{conflict_id}` is recorded in this workspace"),
        ));
    };
    let change = match conflict.kind {
        // A rule conflict has no value to take: the records stay, and the rule's own finding
        // stays with `check` until an ordinary action fixes them.
        ConflictKind::Rule => "seen; fix the records with an action".to_string(),
        ConflictKind::Field => {
            if take_field(ctx.ws, &conflict, side)?
                && let Some(kind) = record_kind(&conflict.record_kind)
            {
                let what = if conflict.path.is_empty() {
                    "the whole record".to_string()
                } else {
                    conflict.path.clone()
                };
                ctx.event(
                    kind,
                    &Id::new(&conflict.record),
                    format!("{what} from theirs (merge conflict)"),
                );
            }
            format!("{} taken", side.label())
        }
        ConflictKind::Deleted => {
            keep_record(ctx.ws, &conflict, side)?;
            format!("{} taken (the record is kept)", side.label())
        }
    };
    ctx.ws.drop_conflict(conflict_id);
    ctx.event(RecordKind::Conflict, &Id::new(conflict_id), change);
    Ok(())
}

/// A field (or a whole record, for an empty path) set to `side`'s value on the record as it is
/// now: changes made since the merge to its other fields stay. The workspace holds ours
/// already, so taking ours keeps the record as it is.
/// True when the record was written.
fn take_field<W: Records>(ws: &mut W, conflict: &Conflict, side: Side) -> Result<bool, Refusal> {
    if side == Side::Ours {
        return current(ws, conflict).map(|_| false);
    }
    let wanted = conflict.value(side).cloned();
    let value = if conflict.path.is_empty() {
        wanted.ok_or_else(|| no_record(conflict, side))?
    } else {
        let mut current = current(ws, conflict)?;
        if !set_path(&mut current, &conflict.path, wanted) {
            return Err(Refusal::new(
                RuleId::WS1,
                format!(
                    "{} has no field `{}` to set any more",
                    conflict.record, conflict.path
                ),
            ));
        }
        current
    };
    put(ws, conflict, value).map(|()| true)
}

/// Deleted on one side, changed on the other: the workspace kept the changed record. Taking
/// that side keeps it as it is now; taking the side that deleted it is refused: partnerdesk
/// never deletes a record (ended ones stay as history), so it is ended with an action instead.
fn keep_record<W: Records>(ws: &W, conflict: &Conflict, side: Side) -> Result<(), Refusal> {
    match conflict.value(side) {
        Some(_) => current(ws, conflict).map(|_| ()),
        None => Err(no_record(conflict, side)),
    }
}

fn no_record(conflict: &Conflict, side: Side) -> Refusal {
    Refusal::new(
        RuleId::WS1,
        format!(
            "{} deleted {} {}, and records are never deleted: take the other side, then end it with an action",
            side.label(),
            conflict.record_kind,
            conflict.record
        ),
    )
}

/// The conflict's record as it is now, in its JSON form.
fn current<W: Records>(ws: &W, conflict: &Conflict) -> Result<Value, Refusal> {
    let id = Id::new(&conflict.record);
    let value = match conflict.record_kind.as_str() {
        "partners" => ws.partner(&id).map(to_value),
        "customers" => ws.customer(&id).map(to_value),
        "subscriptions" => ws.subscription(&id).map(to_value),
        "relationships" => ws.relationship(&id).map(to_value),
        "invitations" => ws.invitation(&id).map(to_value),
        "accessAssignments" => ws.assignment(&id).map(to_value),
        _ => None,
    };
    value.ok_or_else(|| {
        Refusal::new(
            RuleId::WS1,
            format!(
                "conflict {}: the workspace has no {} `{}`",
                conflict.id, conflict.record_kind, conflict.record
            ),
        )
    })
}

/// Writes `value` back as the conflict's record; it must still be that record (same id).
fn put<W: Records>(ws: &mut W, conflict: &Conflict, value: Value) -> Result<(), Refusal> {
    match conflict.record_kind.as_str() {
        "partners" => ws.put_partner(record(conflict, value)?),
        "customers" => ws.put_customer(record(conflict, value)?),
        "subscriptions" => ws.put_subscription(record(conflict, value)?),
        "relationships" => ws.put_relationship(record(conflict, value)?),
        "invitations" => ws.put_invitation(record(conflict, value)?),
        "accessAssignments" => ws.put_assignment(record(conflict, value)?),
        _ => return current(ws, conflict).map(|_| ()),
    }
    Ok(())
}

fn record<R: DeserializeOwned + crate::tables::table::Keyed>(
    conflict: &Conflict,
    value: Value,
) -> Result<R, Refusal> {
    let record: R = serde_json::from_value(value).map_err(|err| {
        Refusal::new(
            RuleId::WS1,
            format!(
                "conflict {}: that value does not make a record of {} ({err})",
                conflict.id, conflict.record_kind
            ),
        )
    })?;
    if record.key().as_str() != conflict.record {
        return Err(Refusal::new(
            RuleId::WS1,
            format!(
                "conflict {}: that value is record `{}`, not `{}`",
                conflict.id,
                record.key(),
                conflict.record
            ),
        ));
    }
    Ok(record)
}

/// The event kind of a record kind as the file names it.
fn record_kind(kind: &str) -> Option<RecordKind> {
    Some(match kind {
        "partners" => RecordKind::Partner,
        "customers" => RecordKind::Customer,
        "subscriptions" => RecordKind::Subscription,
        "relationships" => RecordKind::Relationship,
        "invitations" => RecordKind::Invitation,
        "accessAssignments" => RecordKind::AccessAssignment,
        _ => return None,
    })
}

fn to_value(record: &impl Serialize) -> Value {
    serde_json::to_value(record).unwrap_or(Value::Null)
}
