//! How the app changes data: applying actions (one or a batch) through the core, undo and redo,
//! and taking a change back when the crash journal could not be written. The workspace and the
//! actor change here; the panes' lists follow (`Lists::refresh`) and `History` records how to
//! go back and what the journal must hold.

use super::app::App;
use super::browse::changed_records;
use super::history::{Clock, InFlight, Step};
use crate::domain::{Action, Actor, Applied, Event, Id, Refusal, Time, apply};
use crate::store::journal::Entry;
use crate::workspace::Workspace;

impl App {
    /// Applies `action` as `actor` through the core. On success the new workspace replaces the old
    /// one (kept for undo) and the events go to the status line; a refusal changes nothing and
    /// shows the rule and its explanation.
    pub(super) fn apply_action(&mut self, actor: &Actor, action: &Action) -> Option<Vec<Event>> {
        self.apply_action_at(actor, action, self.now)
    }

    /// `apply_action` at the moment `at`: passing time by hand applies `PassTime` at a later
    /// moment, and the app's clock moves there with it (undo moves it back).
    pub(super) fn apply_action_at(
        &mut self,
        actor: &Actor,
        action: &Action,
        at: Time,
    ) -> Option<Vec<Event>> {
        if self.read_only() {
            let text = format!("{}; nothing was changed", self.read_only_reason());
            self.set_status(text, true);
            return None;
        }
        match apply(&self.ws, actor, action, at) {
            Ok(applied) => Some(self.adopt(actor, action.clone(), at, applied)),
            Err(refusal) => {
                self.set_status(format!("refused — {}", refused_why(&refusal)), true);
                None
            }
        }
    }

    /// Takes what the core applied for `action` as `actor` at `at`: the new workspace replaces
    /// the old one (kept for undo), the journal gets the action (taken, not copied: an
    /// import's holds every record), and the events go to the status line (and are returned).
    pub(super) fn adopt(
        &mut self,
        actor: &Actor,
        action: Action,
        at: Time,
        applied: Applied<Workspace>,
    ) -> Vec<Event> {
        let label = format!("{} as {actor}", action.name());
        let entry = (!applied.is_noop())
            .then(|| self.history.entry(0, actor, action, &applied.workspace, at));
        let previous = std::mem::replace(&mut self.ws, applied.workspace.clone());
        let changed = changed_records(&applied.events);
        self.browse
            .lists_mut()
            .refresh(&previous, &self.ws, &changed);
        let clock = self.clock();
        self.history.record(Step {
            workspace: previous,
            actor: self.actor.clone(),
            clock,
            label: label.clone(),
            entries: entry.iter().cloned().collect(),
            changed,
        });
        self.set_clock(Clock {
            now: at,
            ahead_seconds: clock.ahead_seconds + (at.seconds() - clock.now.seconds()),
        });
        self.set_status(status_line(&label, &applied.events), false);
        let events = applied.events.clone();
        if let Some(entry) = entry {
            self.history.journal_action(entry, applied);
        }
        events
    }

    /// A bulk invite: each `(customer, actor, action)` through the core in turn, on the state the
    /// ones before it left. The allowed ones are applied and journaled (one entry each, written
    /// together) and make ONE undo step; the refused ones change nothing. Returns the events of
    /// the applied ones and, for each refused one, its customer and the rule's reason.
    pub(super) fn apply_batch(
        &mut self,
        label: String,
        items: &[(Id, Actor, Action)],
    ) -> (Vec<Event>, Vec<(Id, String)>) {
        let mut refused = Vec::new();
        if self.read_only() {
            let text = format!("{}; nothing was changed", self.read_only_reason());
            self.set_status(text, true);
            return (Vec::new(), refused);
        }
        let mut state = self.ws.clone();
        let mut entries: Vec<Entry> = Vec::new();
        let mut events = Vec::new();
        let mut applied_count = 0;
        for (customer, actor, action) in items {
            match apply(&state, actor, action, self.now) {
                Ok(applied) => {
                    applied_count += 1;
                    if !applied.is_noop() {
                        let entry = self.history.entry(
                            entries.len(),
                            actor,
                            action.clone(),
                            &applied.workspace,
                            self.now,
                        );
                        entries.push(entry);
                    }
                    events.extend(applied.events.iter().cloned());
                    state = applied.workspace;
                }
                Err(refusal) => refused.push((customer.clone(), refused_why(&refusal))),
            }
        }
        if applied_count == 0 {
            return (events, refused);
        }
        let previous = std::mem::replace(&mut self.ws, state);
        let changed = changed_records(&events);
        self.browse
            .lists_mut()
            .refresh(&previous, &self.ws, &changed);
        self.history.record(Step {
            workspace: previous,
            actor: self.actor.clone(),
            clock: self.clock(),
            label,
            entries: entries.clone(),
            changed,
        });
        if !entries.is_empty() {
            self.history.journal_batch(entries, &self.ws);
        }
        (events, refused)
    }

    pub(super) fn undo(&mut self) {
        let Some(label) = self.undo_step() else {
            self.set_status("nothing to undo", true);
            return;
        };
        self.history.rewrite_journal(InFlight::Undo, &self.ws);
        self.set_status(format!("undone: {label}"), false);
    }

    pub(super) fn redo(&mut self) {
        let Some(label) = self.redo_step() else {
            self.set_status("nothing to redo", true);
            return;
        };
        self.history.rewrite_journal(InFlight::Redo, &self.ws);
        self.set_status(format!("redone: {label}"), false);
    }

    /// Takes back the last step (state and journal), without effects. Its label, if there was one.
    fn undo_step(&mut self) -> Option<String> {
        let step = self.history.pop_undo()?;
        let undone = self.swap_step(step);
        let label = undone.label.clone();
        self.history.push_redo(undone);
        Some(label)
    }

    fn redo_step(&mut self) -> Option<String> {
        let step = self.history.pop_redo()?;
        let redone = self.swap_step(step);
        let label = redone.label.clone();
        self.history.push_undo(redone);
        Some(label)
    }

    /// Puts the workspace and actor of `step` on screen; the step returned holds the ones it
    /// replaced, to go the other way.
    fn swap_step(&mut self, step: Step) -> Step {
        let current = std::mem::replace(&mut self.ws, step.workspace);
        self.browse
            .lists_mut()
            .refresh(&current, &self.ws, &step.changed);
        let actor = std::mem::replace(&mut self.actor, step.actor);
        let clock = self.clock();
        self.set_clock(step.clock);
        Step {
            workspace: current,
            actor,
            clock,
            label: step.label,
            entries: step.entries,
            changed: step.changed,
        }
    }

    /// The shell reports the journal write of the last action, undo or redo. A failure takes the
    /// change back (the screen must not show as done what is not on disk) and says why.
    pub fn journaled(&mut self, result: Result<(), String>) {
        let Some(flight) = self.history.take_in_flight() else {
            return;
        };
        let Err(message) = result else { return };
        let what = match flight {
            InFlight::Action => {
                if let Some(step) = self.history.withdraw_action() {
                    let current = std::mem::replace(&mut self.ws, step.workspace);
                    self.browse
                        .lists_mut()
                        .refresh(&current, &self.ws, &step.changed);
                    self.actor = step.actor;
                    self.set_clock(step.clock);
                }
                "the action was taken back"
            }
            InFlight::PassTime(previous) => {
                self.ws = *previous;
                self.history.withdraw_time_passing();
                self.browse.lists_mut().rebuild(&self.ws, self.now);
                "statuses are as saved, time has not passed"
            }
            InFlight::Undo => {
                self.redo_step();
                "the undo was taken back"
            }
            InFlight::Redo => {
                self.undo_step();
                "the redo was taken back"
            }
        };
        let text = format!(
            "not done — the crash journal could not be written ({}); {what}",
            crate::display::inert(&message)
        );
        self.set_status(text, true);
    }
}

/// Why the core refused an action, for the status line: its reason (made inert), then its
/// rule's title and explanation.
pub(super) fn refused_why(refusal: &Refusal) -> String {
    let rule = refusal.rule.rule();
    format!(
        "{} ({}: {})",
        crate::display::inert(&refusal.to_string()),
        rule.title,
        rule.explanation
    )
}

/// How long a status line's list of events grows before the rest are only counted: more than
/// any screen shows (an import makes an event per record, 700,000 of them at 100,000
/// customers).
const STATUS_BYTES: usize = 4_096;

/// `label: event; event; …`, the events past `STATUS_BYTES` counted, not written.
fn status_line(label: &str, events: &[Event]) -> String {
    let mut text = format!("{label}: ");
    for (shown, event) in events.iter().enumerate() {
        if text.len() >= STATUS_BYTES {
            text.push_str(&format!("; and {} more", events.len() - shown));
            break;
        }
        if shown > 0 {
            text.push_str("; ");
        }
        text.push_str(&crate::display::inert(&event.to_string()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::RecordKind;

    fn events(n: usize) -> Vec<Event> {
        (0..n)
            .map(|i| Event::new(RecordKind::Customer, &Id::new(format!("c-{i}")), "created"))
            .collect()
    }

    #[test]
    fn a_status_line_lists_every_event_when_they_fit() {
        assert_eq!(
            status_line("invite as operator", &events(2)),
            "invite as operator: customer c-0: created; customer c-1: created"
        );
        assert_eq!(status_line("pass time", &[]), "pass time: ");
    }

    #[test]
    fn a_status_line_counts_the_events_past_its_length() {
        let many = events(100_000);
        let line = status_line("import as partner:bench", &many);
        assert!(line.len() < STATUS_BYTES + 100, "{}", line.len());
        let shown = line.matches(": created").count();
        assert!(shown > 10, "{line}");
        assert!(
            line.ends_with(&format!("; and {} more", many.len() - shown)),
            "{line}"
        );
    }
}
