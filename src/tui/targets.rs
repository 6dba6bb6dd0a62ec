//! What a command acts on: the invitation or relationship behind accept, decline, revoke,
//! terminate and `y` (the selected row of its pane, or the selected line of a detail), and who
//! act-as suggests for the selection.

use super::app::App;
use super::commands::Cmd;
use super::panes::Pane;
use crate::domain::{Action, Actor, Id};

impl App {
    /// The relationship or invitation `y` shows the script of, or why there is none.
    pub fn emit_target(&self) -> Result<Id, &'static str> {
        self.target_of(Pane::Relationships)
            .or_else(|| self.target_of(Pane::Invitations))
            .ok_or("select a relationship or an invitation (pane 3, 4 or a detail)")
    }

    /// The core action behind accept / decline / revoke / terminate on the current selection.
    pub fn target_action(&self, cmd: Cmd) -> Result<Action, &'static str> {
        let invitation = || {
            self.target_of(Pane::Invitations)
                .ok_or("select an invitation first (pane 3, or one in a detail)")
        };
        let relationship = || {
            self.target_of(Pane::Relationships)
                .ok_or("select a relationship first (pane 4, or one in a detail)")
        };
        match cmd {
            Cmd::Accept => Ok(Action::Accept {
                invitation_id: invitation()?,
            }),
            Cmd::Decline => Ok(Action::Decline {
                invitation_id: invitation()?,
            }),
            // A draft GDAP relationship has no invitation yet: revoking it deletes it (GD7).
            Cmd::Revoke => match self.draft_target() {
                Some(relationship_id) => Ok(Action::DeleteDraft { relationship_id }),
                None => Ok(Action::Revoke {
                    invitation_id: invitation()?,
                }),
            },
            Cmd::Terminate => Ok(Action::Terminate {
                relationship_id: relationship()?,
            }),
            Cmd::Offboard => self.offboard_target(),
            Cmd::Suspend => Ok(Action::SuspendSubscription {
                subscription_id: self.selected_subscription()?,
            }),
            Cmd::Reactivate => Ok(Action::ReactivateSubscription {
                subscription_id: self.selected_subscription()?,
            }),
            Cmd::Lock => Ok(Action::Lock {
                relationship_id: relationship()?,
            }),
            Cmd::ResellerApprove => Ok(Action::ResellerApprove {
                relationship_id: relationship()?,
            }),
            Cmd::ResellerReject => Ok(Action::ResellerReject {
                relationship_id: relationship()?,
            }),
            Cmd::RemoveGlobalAdmin => Ok(Action::RemoveGlobalAdmin {
                relationship_id: relationship()?,
            }),
            _ => Err("not an action on a record"),
        }
    }

    /// `X`: offboarding the partner of the selected relationship (or invitation) from its
    /// customer.
    fn offboard_target(&self) -> Result<Action, &'static str> {
        let pair = if let Some(id) = self.target_of(Pane::Relationships) {
            self.ws
                .relationship(&id)
                .map(|r| (r.partner_id.clone(), r.customer_id.clone()))
        } else if let Some(id) = self.target_of(Pane::Invitations) {
            self.ws
                .invitation(&id)
                .map(|i| (i.partner_id.clone(), i.customer_id.clone()))
        } else {
            None
        };
        let (partner_id, customer_id) = pair.ok_or(
            "select a relationship or an invitation of the partner and customer (pane 3, 4 or a detail)",
        )?;
        Ok(Action::Offboard {
            partner_id,
            customer_id,
        })
    }

    /// The subscription selected in a customer's detail, which suspend and reactivate act on.
    pub fn selected_subscription(&self) -> Result<Id, &'static str> {
        self.detail_target()
            .and_then(|t| t.subscription().cloned())
            .ok_or("select a subscription in a customer's detail (Enter, ↓)")
    }

    /// The draft GDAP relationship `e` edits, or why there is none.
    pub fn draft_to_edit(&self) -> Result<Id, &'static str> {
        let id = self
            .target_of(Pane::Relationships)
            .ok_or("select a draft GDAP relationship first (pane 4, status created)")?;
        match self.ws.relationship(&id) {
            Some(r)
                if r.status == crate::domain::RelationshipStatus::Created && r.gdap.is_some() =>
            {
                Ok(id)
            }
            _ => Err("only a draft GDAP relationship (status created) can be edited (GD7)"),
        }
    }

    /// The selected relationship when it is a draft and no invitation is selected.
    fn draft_target(&self) -> Option<Id> {
        if self.target_of(Pane::Invitations).is_some() {
            return None;
        }
        let id = self.target_of(Pane::Relationships)?;
        let draft = self.ws.relationship(&id)?.status == crate::domain::RelationshipStatus::Created;
        draft.then_some(id)
    }

    /// Whom act-as starts on: whoever the selection suggests (on a pending invitation, its
    /// customer, who is the one to answer it), someone other than the current actor if it can.
    pub(super) fn suggested_actor(&self) -> Option<Actor> {
        let differs = |a: Actor| (a != self.actor).then_some(a);
        if let Some(id) = self.target_of(Pane::Invitations) {
            let inv = self.ws.invitation(&id)?;
            return differs(Actor::Customer(inv.customer_id.clone()))
                .or(Some(Actor::Partner(inv.partner_id.clone())));
        }
        if let Some(id) = self.target_of(Pane::Relationships) {
            let rel = self.ws.relationship(&id)?;
            return differs(Actor::Partner(rel.partner_id.clone()))
                .or(Some(Actor::Customer(rel.customer_id.clone())));
        }
        // On a subscription, its partner of record: the one who may suspend or reactivate it.
        if let Ok(id) = self.selected_subscription() {
            let sub = self.ws.subscription(&id)?;
            return Some(Actor::Partner(sub.partner_of_record.clone()));
        }
        match (self.pane(), self.selected_id()) {
            (Pane::Customers, Some(id)) => Some(Actor::Customer(id.clone())),
            (Pane::Partners, Some(id)) => Some(Actor::Partner(id.clone())),
            _ => None,
        }
    }
}
