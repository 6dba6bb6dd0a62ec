//! The invite workflow: opening the form pre-filled from the selection (or the marked
//! customers), and submitting one invitation or a batch through the core.

use super::app::App;
use super::panes::{Pane, customer_name};
use super::popups::Modal;
use super::popups::invite_form::InviteForm;
use crate::domain::{Actor, Event, Id, RecordKind};

impl App {
    /// The invite form, pre-filled from the selection: the acting partner (or the selected one),
    /// the selected customer (or the customer of the selected record).
    pub(super) fn open_invite(&mut self) {
        let partners: Vec<Id> = {
            let mut ps: Vec<_> = self
                .ws
                .partners()
                .map(|p| (p.display_name.to_lowercase(), p.id.clone()))
                .collect();
            ps.sort();
            ps.into_iter().map(|(_, id)| id).collect()
        };
        let selected = self.selected_id().cloned();
        let (mut partner, mut customer) = (None, None);
        if let Actor::Partner(p) = &self.actor {
            partner = Some(p.clone());
        }
        if let Actor::Customer(c) = &self.actor {
            customer = Some(c.clone());
        }
        match (self.pane(), &selected) {
            (Pane::Customers, Some(id)) => customer = Some(id.clone()),
            (Pane::Partners, Some(id)) => partner = partner.or(Some(id.clone())),
            (Pane::Invitations, Some(id)) => {
                if let Some(i) = self.ws.invitation(id) {
                    customer = customer.or(Some(i.customer_id.clone()));
                    partner = partner.or(Some(i.partner_id.clone()));
                }
            }
            (Pane::Relationships, Some(id)) => {
                if let Some(r) = self.ws.relationship(id) {
                    customer = customer.or(Some(r.customer_id.clone()));
                    partner = partner.or(Some(r.partner_id.clone()));
                }
            }
            _ => {}
        }
        if partner.is_none() {
            partner = self.list(Pane::Partners).selected_id().cloned();
        }
        if customer.is_none() {
            customer = self.list(Pane::Customers).selected_id().cloned();
        }
        let mut form = InviteForm::new(&self.ws, partners, partner, customer);
        if self.pane() == Pane::Customers && !self.marked().is_empty() {
            form.batch = self.marked().iter().cloned().collect();
        }
        self.modal = Some(Modal::Invite(Box::new(form)));
    }

    /// `e` on a draft GDAP relationship: the invite form on its fields; Enter edits the draft.
    pub(super) fn open_edit_draft(&mut self) {
        let Ok(id) = self.draft_to_edit() else {
            return;
        };
        if let Some(form) = InviteForm::edit_draft(&self.ws, &id) {
            self.modal = Some(Modal::Invite(Box::new(form)));
        }
    }

    /// Enter on a bulk invite: every allowed one applied (one undo step), the refused ones named
    /// with their rules in the status line.
    pub(super) fn submit_batch(&mut self, form: Box<InviteForm>) {
        let items = match form.actions(&self.ws) {
            Ok(items) => items,
            Err(missing) => {
                self.set_status(format!("invite: {missing}"), true);
                self.modal = Some(Modal::Invite(form));
                return;
            }
        };
        let Some((_, actor, _)) = items.first().cloned() else {
            return;
        };
        let label = format!("one batch of {} invitations as {actor}", items.len());
        let (events, refused) = self.apply_batch(label, &items);
        if self.read_only() {
            return;
        }
        let invited = items.len() - refused.len();
        let refusals: Vec<String> = refused
            .iter()
            .map(|(c, why)| format!("{} — {why}", customer_name(&self.ws, c)))
            .collect();
        if invited == 0 {
            self.set_status(
                format!(
                    "invite: all {} refused; nothing changed: {}",
                    refused.len(),
                    refusals.join("; ")
                ),
                true,
            );
            self.modal = Some(Modal::Invite(form));
            return;
        }
        if self.actor != actor {
            self.actor = actor.clone();
        }
        self.browse.clear_marks();
        let created = events
            .iter()
            .filter(|e| e.kind == RecordKind::Invitation)
            .count();
        // The undo step says what one undo takes back: the invitations this batch made.
        self.history
            .relabel_last(format!("one batch of {created} invitations as {actor}"));
        // What happened first, in few words (the refusing rules by code); the names and reasons
        // follow, and the message log keeps them whole.
        let mut text = format!("invited {invited} of {}", items.len());
        if !refused.is_empty() {
            let mut rules: Vec<&str> = refused
                .iter()
                .map(|(_, why)| why.split(':').next().unwrap_or(""))
                .collect();
            rules.dedup();
            text.push_str(&format!(
                "; {} refused: {}",
                refused.len(),
                rules.join(", ")
            ));
        }
        text.push_str(&format!(
            " · as {} · u undoes the whole batch",
            self.actor_label(&actor)
        ));
        if !refused.is_empty() {
            text.push_str(&format!(" · {}", refusals.join("; ")));
        }
        // Some were invited: a partial success is not an error.
        self.set_status(text, false);
    }

    pub(super) fn submit_invite(&mut self, form: Box<InviteForm>) {
        let (actor, action) = match form.action(&self.ws) {
            Ok(pair) => pair,
            Err(missing) => {
                self.set_status(format!("invite: {missing}"), true);
                self.modal = Some(Modal::Invite(form));
                return;
            }
        };
        match self.apply_action(&actor, &action) {
            Some(_) if form.editing.is_some() => {
                if self.actor != actor {
                    self.actor = actor;
                }
            }
            Some(events) => {
                if self.actor != actor {
                    // The partner acted; keep acting as it so the header says who did it.
                    self.actor = actor.clone();
                }
                if let Some(id) = first_event(&events, RecordKind::Invitation) {
                    self.browse.clear_back();
                    self.browse.select_record(Pane::Invitations, &id);
                }
                let text = self.status().map(|s| s.text.clone()).unwrap_or_default();
                self.amend_status(
                    format!(
                        "{text} · now acting as {} · next: A to act as the customer, a to accept",
                        self.actor_label(&actor)
                    ),
                    false,
                );
            }
            None => self.modal = Some(Modal::Invite(form)),
        }
    }
}

/// The id of the record of `kind` an applied action created or changed first.
fn first_event(events: &[Event], kind: RecordKind) -> Option<Id> {
    events.iter().find(|e| e.kind == kind).map(|e| e.id.clone())
}
