//! How the app changes data: applying actions (one or a batch) through the core, undo and redo,
//! and keeping the crash journal in step. Split from `app.rs`, which holds the state itself.

use super::app::*;
use super::indexes::changed_records;
use crate::domain::{Action, Actor, Event, Id, apply};
use crate::store::journal::{Entry, last_audit_seq};

impl App {
    /// Applies `action` as `actor` through the core. On success the new workspace replaces the old
    /// one (kept for undo) and the events go to the status line; a refusal changes nothing and
    /// shows the rule and its explanation.
    pub(super) fn apply_action(&mut self, actor: &Actor, action: &Action) -> Option<Vec<Event>> {
        if self.read_only {
            let text = format!("{}; nothing was changed", self.read_only_reason());
            self.set_status(text, true);
            return None;
        }
        match apply(&self.ws, actor, action, self.now) {
            Ok(applied) => {
                let label = format!("{} as {actor}", action.name());
                let entry = (!applied.is_noop()).then(|| self.next_entry(actor, action, &applied));
                let previous = std::mem::replace(&mut self.ws, applied.workspace.clone());
                let changed = changed_records(&applied.events);
                self.refresh_indexes(&previous, &changed);
                self.undo.push(Step {
                    workspace: previous,
                    actor: self.actor.clone(),
                    label: label.clone(),
                    entries: entry.iter().cloned().collect(),
                    changed,
                });
                self.redo.clear();
                self.version += 1;
                let detail: Vec<String> = applied
                    .events
                    .iter()
                    .map(|e| crate::display::inert(&e.to_string()).into_owned())
                    .collect();
                self.set_status(format!("{label}: {}", detail.join("; ")), false);
                let events = applied.events.clone();
                if let Some(entry) = entry {
                    self.journal.push(entry.clone());
                    self.in_flight = Some(InFlight::Action);
                    self.pending.push(Effect::Journal {
                        entry,
                        applied: Box::new(applied),
                    });
                }
                Some(events)
            }
            Err(refusal) => {
                let rule = refusal.rule.rule();
                let text = format!(
                    "refused — {} ({}: {})",
                    crate::display::inert(&refusal.to_string()),
                    rule.title,
                    rule.explanation
                );
                self.set_status(text, true);
                None
            }
        }
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
        if self.read_only {
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
                        entries.push(Entry {
                            seq: (self.journal.len() + entries.len()) as u64 + 1,
                            audit_seq: last_audit_seq(&applied.workspace),
                            actor: actor.clone(),
                            now: self.now,
                            action: action.clone(),
                        });
                    }
                    events.extend(applied.events.iter().cloned());
                    state = applied.workspace;
                }
                Err(refusal) => {
                    let rule = refusal.rule.rule();
                    refused.push((
                        customer.clone(),
                        format!(
                            "{} ({}: {})",
                            crate::display::inert(&refusal.to_string()),
                            rule.title,
                            rule.explanation
                        ),
                    ));
                }
            }
        }
        if applied_count == 0 {
            return (events, refused);
        }
        let previous = std::mem::replace(&mut self.ws, state);
        let changed = changed_records(&events);
        self.refresh_indexes(&previous, &changed);
        self.undo.push(Step {
            workspace: previous,
            actor: self.actor.clone(),
            label,
            entries: entries.clone(),
            changed,
        });
        self.redo.clear();
        self.version += 1;
        if !entries.is_empty() {
            self.journal.extend(entries);
            self.in_flight = Some(InFlight::Action);
            self.pending.push(Effect::RewriteJournal {
                entries: self.journal.clone(),
                workspace: Box::new(self.ws.clone()),
            });
        }
        (events, refused)
    }

    pub(super) fn undo(&mut self) {
        let Some(label) = self.undo_step() else {
            self.set_status("nothing to undo", true);
            return;
        };
        self.rewrite_journal(InFlight::Undo);
        self.set_status(format!("undone: {label}"), false);
    }

    pub(super) fn redo(&mut self) {
        let Some(label) = self.redo_step() else {
            self.set_status("nothing to redo", true);
            return;
        };
        self.rewrite_journal(InFlight::Redo);
        self.set_status(format!("redone: {label}"), false);
    }

    fn rewrite_journal(&mut self, flight: InFlight) {
        self.in_flight = Some(flight);
        self.pending.push(Effect::RewriteJournal {
            entries: self.journal.clone(),
            workspace: Box::new(self.ws.clone()),
        });
    }

    /// Takes back the last step (state and journal), without effects. Its label, if there was one.
    fn undo_step(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        let keep = self.journal.len().saturating_sub(step.entries.len());
        self.journal.truncate(keep);
        let current = std::mem::replace(&mut self.ws, step.workspace);
        self.refresh_indexes(&current, &step.changed);
        let actor = std::mem::replace(&mut self.actor, step.actor);
        self.redo.push(Step {
            workspace: current,
            actor,
            label: step.label.clone(),
            entries: step.entries,
            changed: step.changed,
        });
        self.version += 1;
        Some(step.label)
    }

    fn redo_step(&mut self) -> Option<String> {
        let step = self.redo.pop()?;
        self.journal.extend(step.entries.iter().cloned());
        let current = std::mem::replace(&mut self.ws, step.workspace);
        self.refresh_indexes(&current, &step.changed);
        let actor = std::mem::replace(&mut self.actor, step.actor);
        self.undo.push(Step {
            workspace: current,
            actor,
            label: step.label.clone(),
            entries: step.entries,
            changed: step.changed,
        });
        self.version += 1;
        Some(step.label)
    }

    /// The shell reports the journal write of the last action, undo or redo. A failure takes the
    /// change back (the screen must not show as done what is not on disk) and says why.
    pub fn journaled(&mut self, result: Result<(), String>) {
        let Some(flight) = self.in_flight.take() else {
            return;
        };
        let Err(message) = result else { return };
        let what = match flight {
            InFlight::Action => {
                if let Some(step) = self.undo.pop() {
                    let current = std::mem::replace(&mut self.ws, step.workspace);
                    self.refresh_indexes(&current, &step.changed);
                    self.actor = step.actor;
                    let keep = self.journal.len().saturating_sub(step.entries.len());
                    self.journal.truncate(keep);
                    self.version = self.version.wrapping_sub(1);
                }
                "the action was taken back"
            }
            InFlight::PassTime(previous) => {
                self.ws = *previous;
                self.journal.pop();
                self.rebuild_indexes();
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
