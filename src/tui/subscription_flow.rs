//! Buying, and adding master data, from the keyboard: opening the buy form pre-filled from the
//! selection (its customer, the acting partner, the selected subscription's offer), the
//! add-customer and add-partner forms, and applying what a form submits through the core
//! (`apply_action`: previewed, journaled, undoable). Suspend and reactivate need no form: they
//! act on the subscription selected in a customer's detail (`targets.rs`).

use super::app::App;
use super::panes::{Pane, customer_name};
use super::popups::Modal;
use super::popups::action_form::{ActionForm, FormKind};
use super::popups::buy_form::BuyForm;
use super::popups::master_data_form::MasterDataForm;
use crate::domain::Id;

impl App {
    /// The customer `b` buys for: the selected customer, or the customer of the selected
    /// relationship or invitation.
    pub fn buy_customer(&self) -> Result<Id, &'static str> {
        let id = self
            .selected_id()
            .ok_or("select a customer first (pane 1)")?;
        let customer = match self.pane() {
            Pane::Customers => Some(id.clone()),
            Pane::Relationships => self.ws.relationship(id).map(|r| r.customer_id.clone()),
            Pane::Invitations => self.ws.invitation(id).map(|i| i.customer_id.clone()),
            Pane::Partners | Pane::History => None,
        };
        customer.ok_or("select a customer first (pane 1)")
    }

    pub(super) fn open_buy(&mut self) {
        let Ok(customer) = self.buy_customer() else {
            return;
        };
        let offer = self
            .selected_subscription()
            .ok()
            .and_then(|id| self.ws.subscription(&id))
            .map(|s| s.offer_name.to_string());
        let form = BuyForm::new(&self.ws, customer, &self.actor, offer);
        self.modal = Some(Modal::Form(Box::new(ActionForm::new(FormKind::Buy(form)))));
    }

    pub(super) fn open_add_customer(&mut self) {
        let form = FormKind::MasterData(MasterDataForm::customer());
        self.modal = Some(Modal::Form(Box::new(ActionForm::new(form))));
    }

    pub(super) fn open_add_partner(&mut self) {
        let form = FormKind::MasterData(MasterDataForm::partner());
        self.modal = Some(Modal::Form(Box::new(ActionForm::new(form))));
    }

    /// Enter in a form: the action through the core as the form's actor (the buying partner,
    /// or the operator for master data), who then stays the actor, as after an invite. A
    /// refusal keeps the form open with the rule in the status line.
    pub(super) fn submit_form(&mut self, form: Box<ActionForm>) {
        let (actor, action) = match form.action() {
            Ok(pair) => pair,
            Err(missing) => {
                self.set_status(format!("{}: {missing}", form.name()), true);
                self.modal = Some(Modal::Form(form));
                return;
            }
        };
        let Some(events) = self.apply_action(&actor, &action) else {
            if !self.read_only() {
                self.modal = Some(Modal::Form(form));
            }
            return;
        };
        let switched = self.actor != actor;
        self.actor = actor.clone();
        let mut text = self.status().map(|s| s.text.clone()).unwrap_or_default();
        if switched {
            text.push_str(&format!(" · now acting as {}", self.actor_label(&actor)));
        }
        // Show what was made: a new customer or partner in its pane; a subscription in its
        // customer's detail (pane 1).
        if let Some(event) = events.first() {
            match &form.kind {
                FormKind::MasterData(_) => {
                    let pane = if self.ws.customer(&event.id).is_some() {
                        Pane::Customers
                    } else {
                        Pane::Partners
                    };
                    self.browse.clear_back();
                    self.browse.select_record(pane, &event.id);
                }
                FormKind::Json(_) => {}
                FormKind::Buy(buy) => {
                    text.push_str(&format!(
                        " · in {}'s detail (z suspends it)",
                        customer_name(&self.ws, &buy.customer)
                    ));
                }
            }
        }
        text.push_str(" · u undoes it");
        self.amend_status(text, false);
    }
}
