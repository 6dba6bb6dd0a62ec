//! What the app does to a GDAP relationship besides answering and ending it: turn its
//! auto-extension on or off (`E`), renew it (`r`, the invite form pre-filled from it), give a
//! security group some of its roles (`+`) and take an assignment away (`-`). Only the
//! relationship's partner may do these (OP1), so the partner acts, as in the invite form; every
//! change goes through `apply_action` (previewed by the core, journaled, undoable).

use super::app::App;
use super::commands::{Cmd, command};
use super::panes::{Pane, Target};
use super::popups::Modal;
use super::popups::assign_form::AssignForm;
use super::popups::confirm::Confirm;
use super::popups::invite_form::InviteForm;
use crate::domain::duration::AutoExtend;
use crate::domain::roles::role_name;
use crate::domain::{Action, Actor, Id, Relationship, check_action};

impl App {
    /// Whether `E`, `r`, `+` or `-` can act on the selection now; for changes, the core's reason.
    pub(super) fn relationship_action_available(&self, cmd: Cmd) -> Result<(), String> {
        let r = self.gdap_target()?;
        let partner = Actor::Partner(r.partner_id.clone());
        let action = match cmd {
            Cmd::AutoExtend => self.auto_extend_action()?,
            // The form shows the core's verdict on the renewal as it is filled in.
            Cmd::Renew => return Ok(()),
            // A probe with one of its roles and a group it cannot have yet: refused only for
            // what no form could change (not active, not the partner's).
            Cmd::Assign => Action::AddAccessAssignment {
                relationship_id: r.id.clone(),
                security_group_id: "00000000-0000-0000-0000-00000000a551".into(),
                security_group_name: None,
                roles: r
                    .gdap
                    .iter()
                    .flat_map(|g| g.roles.first())
                    .map(|role| role.to_string())
                    .collect(),
            },
            Cmd::Unassign => Action::RemoveAccessAssignment {
                assignment_id: self.assignment_to_remove()?,
            },
            _ => return Err("not a relationship action".into()),
        };
        check_action(self.workspace(), &partner, &action, self.now())
            .map(|_| ())
            .map_err(|refusal| refusal.to_string())
    }

    /// The selected GDAP relationship (a row of pane 4 or a line of a detail), or why none.
    fn gdap_target(&self) -> Result<&Relationship, String> {
        let id = self
            .target_of(Pane::Relationships)
            .ok_or("select a GDAP relationship first (pane 4, or one in a detail)")?;
        let r = self
            .workspace()
            .relationship(&id)
            .ok_or_else(|| format!("relationship {id} is not in the workspace"))?;
        if r.gdap.is_none() {
            return Err(format!(
                "{} is a {} relationship: only a GDAP relationship has roles, an end and auto-extension",
                r.id,
                r.kind.label()
            ));
        }
        Ok(r)
    }

    /// `E`'s action: the selected relationship's auto-extension the other way round.
    fn auto_extend_action(&self) -> Result<Action, String> {
        let r = self.gdap_target()?;
        let on = r
            .gdap
            .as_ref()
            .is_some_and(|g| g.auto_extend_duration.is_on());
        Ok(Action::SetAutoExtend {
            relationship_id: r.id.clone(),
            auto_extend_duration: AutoExtend::from_flag(!on),
        })
    }

    /// The assignment `-` removes: the one selected in the detail, else the relationship's
    /// first live one.
    pub fn assignment_to_remove(&self) -> Result<Id, String> {
        if let Some(Target::Assignment { assignment, .. }) =
            self.browse.detail_target(&self.ws, self.now, self.theme)
        {
            return Ok(assignment);
        }
        let r = self.gdap_target()?;
        self.ws
            .assignments_of_relationship(&r.id)
            .find(|a| a.status.is_live())
            .map(|a| a.id.clone())
            .ok_or_else(|| format!("{} has no live access assignment to remove", r.id))
    }

    /// `E`: applied at once (it is undone with `u`), the partner acting.
    pub(super) fn toggle_auto_extend(&mut self) {
        let (Ok(action), Ok(partner)) = (self.auto_extend_action(), self.target_partner()) else {
            return;
        };
        if self.apply_action(&partner, &action).is_some() {
            self.act_as_partner(partner);
        }
    }

    /// `r`: the invite form pre-filled from the relationship; Enter sends the renewal request.
    pub(super) fn open_renew(&mut self) {
        let Ok(id) = self.gdap_target().map(|r| r.id.clone()) else {
            return;
        };
        if let Some(form) = InviteForm::renew(&self.ws, &id) {
            self.modal = Some(Modal::Invite(Box::new(form)));
        }
    }

    /// `+`: the access-assignment form on the relationship.
    pub(super) fn open_assign(&mut self) {
        let Ok(id) = self.gdap_target().map(|r| r.id.clone()) else {
            return;
        };
        if let Some(form) = AssignForm::new(&self.ws, &id) {
            self.modal = Some(Modal::Assign(Box::new(form)));
        }
    }

    /// `-`: asks first (the focus on Cancel), as terminate does.
    pub(super) fn confirm_unassign(&mut self) {
        let (Ok(assignment_id), Ok(partner)) = (self.assignment_to_remove(), self.target_partner())
        else {
            return;
        };
        let who = self.actor_label(&partner);
        // Name the group and what it loses: the id alone says nothing to the person asked.
        let message = self.ws.assignment(&assignment_id).map(|a| {
            let group = a
                .security_group_name
                .clone()
                .unwrap_or_else(|| a.security_group_id.clone());
            let roles: Vec<String> = a.roles.iter().map(|r| role_name(r)).collect();
            format!(
                "Remove access assignment {} of group {}? Its members lose {}.",
                a.id,
                crate::display::inert(&group),
                roles.join(", ")
            )
        });
        let action = Action::RemoveAccessAssignment { assignment_id };
        let mut confirm = Confirm::destructive(command(Cmd::Unassign).name, &who, partner, action);
        if let Some(message) = message {
            confirm.message = message;
        }
        self.modal = Some(Modal::Confirm(confirm));
    }

    /// Enter in the assignment form: applied, or the form stays open with the refusal shown.
    pub(super) fn submit_assign(&mut self, form: Box<AssignForm>) {
        let (actor, action) = match form.action() {
            Ok(pair) => pair,
            Err(missing) => {
                self.set_status(format!("assign: {missing}"), true);
                self.modal = Some(Modal::Assign(form));
                return;
            }
        };
        match self.apply_action(&actor, &action) {
            Some(_) => self.act_as_partner(actor),
            None => self.modal = Some(Modal::Assign(form)),
        }
    }

    fn target_partner(&self) -> Result<Actor, String> {
        self.gdap_target()
            .map(|r| Actor::Partner(r.partner_id.clone()))
    }

    /// After the partner acted, keep acting as it so the header says who did it.
    fn act_as_partner(&mut self, partner: Actor) {
        if self.actor == partner {
            return;
        }
        self.actor = partner;
        let text = self.status().map(|s| s.text.clone()).unwrap_or_default();
        let who = self.actor_label(&self.actor);
        self.amend_status(format!("{text} · now acting as {who}"), false);
    }
}
