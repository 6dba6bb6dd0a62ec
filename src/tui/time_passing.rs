//! Time passing when a workspace is opened or reloaded: applied as the operator so statuses are
//! current (invitations expire, relationships end), journaled like any action, but not an
//! unsaved edit of its own and not a step to undo.

use super::history::History;
use super::widgets::status::Status;
use crate::domain::{Action, Actor, Event, RecordKind, Time, apply};
use crate::workspace::Workspace;

/// Lets time pass on `ws` up to `now`; what changed is journaled through `history`. Returns
/// what the status line should say, if anything changed or time could not pass.
pub fn pass_time(ws: &mut Workspace, history: &mut History, now: Time) -> Option<Status> {
    match apply(ws, &Actor::Operator, &Action::PassTime, now) {
        Ok(applied) if !applied.is_noop() => {
            let text = time_passed(&applied.events);
            let entry = history.entry(
                0,
                &Actor::Operator,
                Action::PassTime,
                &applied.workspace,
                now,
            );
            let previous = std::mem::replace(ws, applied.workspace.clone());
            history.journal_time_passing(entry, applied, previous);
            Some(Status { text, error: false })
        }
        Ok(_) => None,
        Err(refusal) => Some(Status {
            text: format!("time could not pass: {refusal}"),
            error: true,
        }),
    }
}

fn time_passed(events: &[Event]) -> String {
    let count = |kind: RecordKind| events.iter().filter(|e| e.kind == kind).count();
    let mut parts = Vec::new();
    let invitations = count(RecordKind::Invitation);
    if invitations > 0 {
        parts.push(format!(
            "{invitations} invitation{} expired",
            if invitations == 1 { "" } else { "s" }
        ));
    }
    let relationships = count(RecordKind::Relationship);
    if relationships > 0 {
        parts.push(format!(
            "{relationships} relationship{} changed status",
            if relationships == 1 { "" } else { "s" }
        ));
    }
    format!("time passed: {}", parts.join(", "))
}
