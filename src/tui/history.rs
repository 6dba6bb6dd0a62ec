//! The bookkeeping of changes: the undo and redo steps, the version on screen against the saved
//! one (the header's "unsaved"), and what the crash journal holds — with the journal write the
//! shell has not confirmed yet and the effects that ask for it. The app changes the workspace
//! and the actor; this records how to take each change back and what the journal must say.

use super::effect::Effect;
use crate::domain::{Action, Actor, Id, RecordKind, Time};
use crate::store::journal::{Entry, last_audit_seq};
use crate::workspace::{Applied, Workspace};

/// One undoable step: the state before it, who was acting and the app's clock (passing time
/// by hand moves it, so undoing that must move it back).
pub struct Step {
    pub workspace: Workspace,
    pub actor: Actor,
    pub clock: Clock,
    pub label: String,
    /// The journal entries of the actions this step undoes (or redoes): one for an action,
    /// several for a bulk invite, none for a no-op.
    pub entries: Vec<Entry>,
    /// The records the step changed, whose rows move when it is undone or redone.
    pub changed: Vec<(RecordKind, Id)>,
}

/// The app's clock: the moment actions are made at, and how far the operator has passed time by
/// hand beyond the wall clock (kept when the shell sets the wall clock before each event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: Time,
    pub ahead_seconds: i64,
}

/// A journal write the shell has not confirmed yet, and how to take it back if it fails.
pub enum InFlight {
    Action,
    PassTime(Box<Workspace>),
    Undo,
    Redo,
}

#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    version: u64,
    saved_version: u64,
    /// What the crash journal holds (or will, once the shell performs the pending effects):
    /// exactly the actions between the saved file and the workspace on screen.
    journal: Vec<Entry>,
    in_flight: Option<InFlight>,
    /// Effects produced outside `handle_event` (time passing on open, on reload), and those of
    /// actions; `handle_event` returns them first.
    pending: Vec<Effect>,
}

impl History {
    /// The history of a workspace opened with `journal` in its crash journal: recovered actions
    /// are unsaved changes.
    pub fn new(journal: Vec<Entry>) -> History {
        let recovered = !journal.is_empty();
        History {
            version: u64::from(recovered),
            journal,
            ..History::default()
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.version != self.saved_version
    }
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn version(&self) -> u64 {
        self.version
    }
    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }
    pub fn take_pending(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.pending)
    }

    /// Read-only: nothing is journaled (and nothing is pending for the shell).
    pub fn stop_journaling(&mut self) {
        self.pending.clear();
        self.journal.clear();
        self.in_flight = None;
    }

    /// The journal entry of `action`, `ahead` entries after the last one journaled, for the
    /// workspace it left (`after`).
    pub fn entry(
        &self,
        ahead: usize,
        actor: &Actor,
        action: Action,
        after: &Workspace,
        now: Time,
    ) -> Entry {
        Entry {
            seq: (self.journal.len() + ahead) as u64 + 1,
            audit_seq: last_audit_seq(after),
            actor: actor.clone(),
            now,
            action,
        }
    }

    /// A new step was applied: it can be undone, what was undone before cannot be redone.
    pub fn record(&mut self, step: Step) {
        self.undo.push(step);
        self.redo.clear();
        self.version += 1;
    }

    /// An applied action goes to the journal (through the shell, before the next frame).
    pub fn journal_action(&mut self, entry: Entry, applied: Applied) {
        self.journal.push(entry.clone());
        self.in_flight = Some(InFlight::Action);
        self.pending.push(Effect::Journal {
            entry,
            applied: Box::new(applied),
        });
    }

    /// Several applied actions (a bulk invite) go to the journal in one rewrite.
    pub fn journal_batch(&mut self, entries: Vec<Entry>, workspace: &Workspace) {
        self.journal.extend(entries);
        self.in_flight = Some(InFlight::Action);
        self.pending.push(Effect::RewriteJournal {
            entries: self.journal.clone(),
            workspace: Box::new(workspace.clone()),
        });
    }

    /// Time passing is journaled like an action but is no step: a failed write restores
    /// `previous`.
    pub fn journal_time_passing(&mut self, entry: Entry, applied: Applied, previous: Workspace) {
        self.journal.push(entry.clone());
        self.in_flight = Some(InFlight::PassTime(Box::new(previous)));
        self.pending.push(Effect::Journal {
            entry,
            applied: Box::new(applied),
        });
    }

    /// After undo or redo the journal is rewritten whole: it must hold exactly `self.journal`.
    pub fn rewrite_journal(&mut self, flight: InFlight, workspace: &Workspace) {
        self.in_flight = Some(flight);
        self.pending.push(Effect::RewriteJournal {
            entries: self.journal.clone(),
            workspace: Box::new(workspace.clone()),
        });
    }

    /// The last step, off the undo stack and its entries off the journal.
    /// Names the last step again, once it is known what it did (a batch's invitations).
    pub fn relabel_last(&mut self, label: String) {
        if let Some(step) = self.undo.last_mut() {
            step.label = label;
        }
    }

    pub fn pop_undo(&mut self) -> Option<Step> {
        let step = self.undo.pop()?;
        let keep = self.journal.len().saturating_sub(step.entries.len());
        self.journal.truncate(keep);
        Some(step)
    }

    /// The last undone step, off the redo stack and its entries back on the journal.
    pub fn pop_redo(&mut self) -> Option<Step> {
        let step = self.redo.pop()?;
        self.journal.extend(step.entries.iter().cloned());
        Some(step)
    }

    /// An undone step waits to be redone; the screen moved on a version.
    pub fn push_redo(&mut self, step: Step) {
        self.redo.push(step);
        self.version += 1;
    }

    /// A redone step can be undone again; the screen moved on a version.
    pub fn push_undo(&mut self, step: Step) {
        self.undo.push(step);
        self.version += 1;
    }

    /// The journal write the shell just reported on.
    pub fn take_in_flight(&mut self) -> Option<InFlight> {
        self.in_flight.take()
    }

    /// The last action could not be journaled: its step and entries are dropped, the version
    /// goes back.
    pub fn withdraw_action(&mut self) -> Option<Step> {
        let step = self.pop_undo()?;
        self.version = self.version.wrapping_sub(1);
        Some(step)
    }

    /// Time passing could not be journaled: its entry is dropped.
    pub fn withdraw_time_passing(&mut self) {
        self.journal.pop();
    }

    /// The file holds everything now: the journal is empty, and undo stops here (the journal
    /// could not say how to get from the file to an older state).
    pub fn saved(&mut self) {
        self.saved_version = self.version;
        self.journal.clear();
        self.undo.clear();
        self.redo.clear();
    }

    /// The file was read again: the unsaved actions are gone and undo starts afresh.
    pub fn reloaded(&mut self) {
        self.journal.clear();
        self.undo.clear();
        self.redo.clear();
        self.in_flight = None;
        self.version += 1;
        self.saved_version = self.version;
    }
}
