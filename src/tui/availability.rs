//! Whether a command can act right now and, when not, why: the footer shows only the commands
//! that can, the `?` help greys the others with their reason, and running one that cannot puts
//! the reason in the status line. For data-changing commands the reason is the core's own
//! refusal (`check_action`), never a guess made by the view.

use super::app::App;
use super::commands::{Cmd, Scope, scope};
use super::panes::Pane;
use crate::domain::{Action, Actor, check_action};

/// `Ok(())` when `cmd` can act now, otherwise why not. Data-changing commands ask the core.
pub fn availability(app: &App, cmd: Cmd) -> Result<(), String> {
    if scope(cmd) != Scope::Main {
        return Err("it acts only in its pop-up".into());
    }
    match cmd {
        Cmd::HistoryOfRecord => app.record_for_history().map(|_| ()).map_err(str::to_string),
        Cmd::StatusFilter => match app.pane() {
            Pane::Invitations | Pane::Relationships => Ok(()),
            _ => Err("only the Invitations and Relationships panes filter by status".into()),
        },
        Cmd::Open | Cmd::Detail => {
            if app.selected_id().is_none() {
                Err("nothing is selected".into())
            } else {
                Ok(())
            }
        }
        Cmd::Invite if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Invite => {
            if app.workspace().partners().len() == 0 || app.workspace().customers().len() == 0 {
                Err("the workspace needs at least one partner and one customer".into())
            } else {
                Ok(())
            }
        }
        Cmd::Accept
        | Cmd::Decline
        | Cmd::Revoke
        | Cmd::Terminate
        | Cmd::Offboard
        | Cmd::Suspend
        | Cmd::Reactivate
        | Cmd::Lock
        | Cmd::ResellerApprove
        | Cmd::ResellerReject
        | Cmd::RemoveGlobalAdmin => {
            if app.read_only() {
                return Err(app.read_only_reason().into());
            }
            let action = app.target_action(cmd).map_err(|why| why.to_string())?;
            let Err(refusal) = check_action(app.workspace(), app.actor(), &action, app.now())
            else {
                return Ok(());
            };
            // When the one who could act would be refused too (an invitation already accepted),
            // that is the reason: acting as someone else would not help.
            if let Some(actor) = answering_actor(app, &action).filter(|a| a != app.actor())
                && let Err(state) = check_action(app.workspace(), &actor, &action, app.now())
            {
                return Err(state.to_string());
            }
            Err(refusal.to_string())
        }
        Cmd::Buy | Cmd::AddCustomer | Cmd::AddPartner | Cmd::ApplyJson if app.read_only() => {
            Err(app.read_only_reason().into())
        }
        Cmd::Buy => app.buy_customer().map(|_| ()).map_err(str::to_string),
        Cmd::AutoExtend | Cmd::Renew | Cmd::Assign | Cmd::Unassign if app.read_only() => {
            Err(app.read_only_reason().into())
        }
        Cmd::AutoExtend | Cmd::Renew | Cmd::Assign | Cmd::Unassign => {
            app.relationship_action_available(cmd)
        }
        Cmd::EditDraft if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::EditDraft => app.draft_to_edit().map(|_| ()).map_err(str::to_string),
        Cmd::Emit => app.emit_target().map(|_| ()).map_err(str::to_string),
        Cmd::PassTime | Cmd::Import if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Mark => {
            if app.pane() != Pane::Customers {
                Err("only customers are marked (pane 1)".into())
            } else if app.selected_id().is_none() {
                Err("nothing is selected".into())
            } else {
                Ok(())
            }
        }
        Cmd::Undo if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Undo => {
            if app.can_undo() {
                Ok(())
            } else {
                Err("nothing to undo".into())
            }
        }
        Cmd::Redo if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Redo => {
            if app.can_redo() {
                Ok(())
            } else {
                Err("nothing to redo".into())
            }
        }
        Cmd::Save | Cmd::SaveAs if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Reload => app.reload_refusal().map_or(Ok(()), Err),
        Cmd::Resolve if app.read_only() => Err(app.read_only_reason().into()),
        Cmd::Resolve => {
            if app.workspace().conflicts().len() == 0 {
                Err("the workspace records no merge conflicts".into())
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// Who may take `action` on an invitation: the invited customer answers it, the inviting
/// partner revokes it.
fn answering_actor(app: &App, action: &Action) -> Option<Actor> {
    let ws = app.workspace();
    match action {
        Action::Accept { invitation_id } | Action::Decline { invitation_id } => ws
            .invitation(invitation_id)
            .map(|i| Actor::Customer(i.customer_id.clone())),
        Action::Revoke { invitation_id } => ws
            .invitation(invitation_id)
            .map(|i| Actor::Partner(i.partner_id.clone())),
        Action::Offboard { partner_id, .. } => Some(Actor::Partner(partner_id.clone())),
        _ => None,
    }
}
