//! Passing time by hand (`T`, `:tick`): unlike the time passing at open, it is an action like any
//! other — applied as the operator through `apply_action_at`, journaled, one undo step — and the
//! app's clock moves to the moment chosen, so the panes show the days left from there.

use super::app::App;
use super::popups::Modal;
use super::popups::pass_time::PassTimeForm;
use crate::domain::{Action, Actor, Time};

impl App {
    pub(super) fn open_pass_time(&mut self) {
        self.modal = Some(Modal::PassTime(PassTimeForm::new(&self.ws, self.now)));
    }

    /// Passes time to `target`; the status line says what changed (or that nothing fell due).
    pub(super) fn pass_time_to(&mut self, target: Time) {
        let days = self.now.days_until(target);
        let Some(events) = self.apply_action_at(&Actor::Operator, &Action::PassTime, target) else {
            return;
        };
        let text = if events.is_empty() {
            format!(
                "passed {days} day(s) to {}: nothing fell due",
                target.date()
            )
        } else {
            let detail: Vec<String> = events
                .iter()
                .map(|e| crate::display::inert(&e.to_string()).into_owned())
                .collect();
            format!(
                "passed {days} day(s) to {}: {}",
                target.date(),
                detail.join("; ")
            )
        };
        self.set_status(text, false);
    }
}
