//! `!` / `:apply`: any action as JSON, from the keyboard — the CLI's `apply`, for changes no
//! other form makes (a customer's or partner's master data above all). The form opens on an
//! action for the selection, applied like every form's (`submit_form`: previewed, journaled,
//! undoable).

use super::app::App;
use super::commands::Cmd;
use super::panes::Pane;
use super::popups::Modal;
use super::popups::action_form::{ActionForm, FormKind};
use super::popups::json_action_form::JsonActionForm;
use crate::domain::Action;

impl App {
    pub(super) fn open_apply_json(&mut self) {
        let start = self.apply_start();
        let form = JsonActionForm::new(self.actor.clone(), start.as_ref());
        self.modal = Some(Modal::Form(Box::new(ActionForm::new(FormKind::Json(form)))));
    }

    /// The action the form starts from: on a subscription in a detail, suspending it; on an
    /// invitation, accepting it; on a relationship, ending it; on a customer or partner, its
    /// master data as it stands, to edit.
    fn apply_start(&self) -> Option<Action> {
        if let Ok(action) = self.target_action(Cmd::Suspend) {
            return Some(action);
        }
        if self.target_of(Pane::Invitations).is_some() {
            return self.target_action(Cmd::Accept).ok();
        }
        if self.target_of(Pane::Relationships).is_some() {
            return self.target_action(Cmd::Terminate).ok();
        }
        let id = self.selected_id()?;
        match self.pane() {
            Pane::Customers => self.ws.customer(id).map(|c| Action::EditCustomer {
                customer: c.clone(),
            }),
            Pane::Partners => self
                .ws
                .partner(id)
                .map(|p| Action::EditPartner { partner: p.clone() }),
            _ => None,
        }
    }
}
