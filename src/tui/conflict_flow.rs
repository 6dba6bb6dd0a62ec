//! The merge conflicts' changes in the app: opening the pop-up on the conflicts the workspace
//! records, answering one through the core (`ResolveConflict`, as the acting actor: journaled,
//! one undo), and carrying on after the shell merged the unsaved actions with the file changed
//! on disk (its conflicts open the pop-up).

use super::app::App;
use super::popups::Modal;
use super::popups::conflicts::ConflictsPopup;
use super::source::Source;
use super::time_passing::pass_time;
use crate::domain::{Action, Side, check_action};
use crate::store::Fingerprint;
use crate::workspace::Workspace;

impl App {
    pub(super) fn open_conflicts(&mut self, cursor: usize, note: Option<String>) {
        self.modal = Some(Modal::Conflicts(ConflictsPopup::new(cursor, note)));
    }

    /// Takes `side` for conflict `id`; the pop-up opens again on the next one (or says none is
    /// left), with the core's refusal when it refused.
    pub(super) fn take_conflict_side(&mut self, id: &str, side: Side, cursor: usize) {
        let action = Action::ResolveConflict {
            conflict_id: id.to_string(),
            side,
        };
        let actor = self.actor.clone();
        // The core's refusal (a value that breaks a rule here) is said in the pop-up itself.
        let note = match check_action(&self.ws, &actor, &action, self.now) {
            Err(refusal) => format!("{id}: refused — {refusal}"),
            Ok(_) => match self.apply_action(&actor, &action) {
                Some(_) => {
                    let left = self.ws.conflicts().len();
                    format!(
                        "{id}: {} taken (u undoes); {left} left{}",
                        side.label(),
                        if left == 0 { " — s saves" } else { "" }
                    )
                }
                None => format!("{id}: not answered ({})", self.read_only_reason()),
            },
        };
        self.open_conflicts(cursor, Some(note));
    }

    /// The shell merged the unsaved actions with the file changed on disk and wrote the result
    /// (`Effect::MergeWithDisk`): the app goes on with it, as saved; its conflicts are listed.
    pub fn merged_with_disk(&mut self, result: Result<(Workspace, Fingerprint, usize), String>) {
        match result {
            Ok((workspace, fingerprint, conflicts)) => {
                let unsaved = self.unsaved_actions();
                self.ws = workspace;
                if let Source::File {
                    fingerprint: seen, ..
                } = &mut self.source
                {
                    *seen = fingerprint;
                }
                self.history.reloaded();
                let passed = pass_time(&mut self.ws, &mut self.history, self.now);
                self.browse.lists_mut().rebuild(&self.ws, self.now);
                let mut text = format!(
                    "merged {unsaved} unsaved action{} with the file on disk and saved it",
                    if unsaved == 1 { "" } else { "s" }
                );
                if conflicts > 0 {
                    text.push_str(&format!(
                        "; {conflicts} conflict(s) keep yours until answered (c lists them)"
                    ));
                }
                if let Some(status) = passed {
                    text.push_str(&format!(" · {}", status.text));
                }
                self.set_status(text, conflicts > 0);
                if conflicts > 0 {
                    self.open_conflicts(0, None);
                }
            }
            Err(message) => self.set_status(
                format!("not merged: {}", crate::display::inert(&message)),
                true,
            ),
        }
    }
}
