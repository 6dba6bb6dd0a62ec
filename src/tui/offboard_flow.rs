//! `X`: offboarding the selected relationship's partner from its customer. The confirmation
//! shows the core's own plan (`apply_offboard` on the current state, kept nowhere): what ends,
//! what stays and the rule that keeps it, and whether it is partial. Yes applies the one action
//! (journaled, one undo).

use super::app::App;
use super::commands::{Cmd, command};
use super::popups::Modal;
use super::popups::confirm::{Confirm, Confirmed};
use crate::domain::apply_offboard;
use crate::domain::offboarding::OffboardPlan;

impl App {
    pub(super) fn confirm_offboard(&mut self) {
        let Ok(action) = self.target_action(Cmd::Offboard) else {
            return;
        };
        match apply_offboard(&self.ws, &self.actor, &action, self.now) {
            Ok((_, plan)) => {
                let who = self.actor_label(&self.actor);
                let title = format!("{} as {who}", command(Cmd::Offboard).name);
                let confirm = Confirm::new(
                    title,
                    offboard_message(&plan),
                    "Offboard",
                    Confirmed::Apply {
                        actor: self.actor.clone(),
                        action,
                    },
                );
                self.modal = Some(Modal::Confirm(confirm));
            }
            Err(refusal) => self.set_status(format!("offboard refused: {refusal}"), true),
        }
    }
}

/// The dialog's text: the plan's headline, one line per part, and what yes does.
pub fn offboard_message(plan: &OffboardPlan) -> String {
    let mut text = plan.headline();
    for line in plan.lines() {
        text.push('\n');
        text.push_str("• ");
        text.push_str(&line);
    }
    text.push_str("\nOne action: u undoes all of it. Subscriptions do not change.");
    text
}
