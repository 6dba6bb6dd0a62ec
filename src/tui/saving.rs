//! Saving and what comes back from it: save to the source file (or the demo's save path, or
//! ask), the shell's report of a save, the file found changed on disk, and a reload that drops
//! the unsaved actions.

use std::path::PathBuf;

use super::app::App;
use super::effect::Effect;
use super::popups::Modal;
use super::popups::changed_on_disk::ChangedOnDisk;
use super::popups::save_as::SaveAs;
use super::source::Source;
use super::time_passing::pass_time;
use crate::store::Fingerprint;
use crate::workspace::Workspace;

impl App {
    /// Save to the file the workspace came from (or the demo's save path).
    pub(super) fn save(&mut self, then_quit: bool) -> Vec<Effect> {
        match &self.source {
            Source::File { path, fingerprint } => vec![Effect::Save {
                path: path.clone(),
                workspace: Box::new(self.ws.clone()),
                expected: Some(*fingerprint),
                then_quit,
                typed_path: false,
            }],
            Source::Demo => match self.access.demo_save_path() {
                Some(path) => vec![Effect::Save {
                    path: path.to_path_buf(),
                    workspace: Box::new(self.ws.clone()),
                    expected: None,
                    then_quit,
                    typed_path: false,
                }],
                None => {
                    self.open_save_as(then_quit);
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn open_save_as(&mut self, then_quit: bool) {
        let text = match &self.source {
            Source::File { path, .. } => path.display().to_string(),
            Source::Demo => self
                .access
                .demo_save_path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "workspace.json".into()),
        };
        self.modal = Some(Modal::SaveAs(SaveAs::new(text, then_quit)));
    }

    /// Save as `path` (from the save-as pop-up): the file's fingerprint is expected only when it
    /// is the file the workspace came from. Unless `overwrite` (the user said yes), another file
    /// already there is not written over: the shell asks back.
    pub(super) fn save_as(&self, path: PathBuf, then_quit: bool, overwrite: bool) -> Vec<Effect> {
        let expected = match &self.source {
            Source::File {
                path: current,
                fingerprint,
            } if *current == path => Some(*fingerprint),
            _ => None,
        };
        vec![Effect::Save {
            typed_path: !overwrite && expected.is_none(),
            path,
            workspace: Box::new(self.ws.clone()),
            expected,
            then_quit,
        }]
    }

    /// The shell found a file already at the path typed in save-as: nothing was written; the
    /// pop-up asks whether to overwrite it.
    pub fn save_target_exists(&mut self, path: PathBuf, then_quit: bool) {
        let shown = path.display().to_string();
        self.set_status(
            format!(
                "not saved yet: {} already exists; y overwrites it, n chooses another path",
                crate::display::inert(&shown)
            ),
            false,
        );
        self.modal = Some(Modal::SaveAs(SaveAs::overwrite(shown, then_quit)));
    }

    /// The shell reports a save: on success the file becomes the workspace's source.
    pub fn saved(&mut self, path: PathBuf, result: Result<Fingerprint, String>) {
        match result {
            Ok(fingerprint) => {
                let was_demo = matches!(self.source, Source::Demo);
                self.history.saved();
                self.set_status(
                    if was_demo {
                        format!(
                            "saved the demo to {} (now editing that file)",
                            path.display()
                        )
                    } else {
                        format!("saved {}", path.display())
                    },
                    false,
                );
                self.source = Source::File { path, fingerprint };
            }
            Err(message) => self.set_status(format!("not saved: {message}"), true),
        }
    }

    /// The shell found the file changed on disk when saving: nothing was written. Offers reload
    /// (dropping the unsaved actions), save as, or keeping on editing.
    pub fn changed_on_disk(&mut self, path: PathBuf, then_quit: bool) {
        self.set_status(
            format!(
                "not saved: {} changed on disk since it was loaded; nothing was overwritten",
                crate::display::inert(&path.display().to_string())
            ),
            true,
        );
        self.modal = Some(Modal::ChangedOnDisk(ChangedOnDisk::new(path, then_quit)));
    }

    /// Why `R` cannot reload now, if it cannot: the demo has no file, and unsaved changes would
    /// be lost (save them, or save as, first).
    pub(super) fn reload_refusal(&self) -> Option<String> {
        if matches!(self.source, Source::Demo) {
            return Some("the demo has no file to reload".into());
        }
        if self.is_dirty() {
            let n = self.unsaved_actions();
            return Some(format!(
                "reload refused: {n} unsaved action{} would be lost; save (s) or save as (S) first",
                if n == 1 { "" } else { "s" }
            ));
        }
        None
    }

    /// `R`: read the file again from disk (another session saved it).
    pub(super) fn reload(&mut self) -> Vec<Effect> {
        match self.reload_refusal() {
            Some(why) => {
                self.set_status(why, true);
                Vec::new()
            }
            None => vec![Effect::Reload],
        }
    }

    /// The session noticed that the file changed on disk. Read-only: another session saved it,
    /// offer to reload it (at once when nothing else is open, else by `R`). Writing: something
    /// else wrote it under us (a `git pull`): offer to reload it or to merge the unsaved actions
    /// with it.
    pub fn noticed_change_on_disk(&mut self, path: PathBuf) {
        if !self.read_only() {
            let shown = crate::display::inert(&path.display().to_string()).into_owned();
            if self.modal.is_none() {
                self.set_status(
                    format!("{shown} changed on disk under this session (a pull?)"),
                    false,
                );
                self.modal = Some(Modal::ChangedOnDisk(ChangedOnDisk::pulled(path)));
            } else {
                self.set_status(
                    format!("{shown} changed on disk under this session (a pull?); saving (s) offers to merge or reload"),
                    false,
                );
            }
            return;
        }
        self.set_status(
            format!(
                "{} changed on disk (another session saved it); R reloads it",
                crate::display::inert(&path.display().to_string())
            ),
            false,
        );
        if self.modal.is_none() {
            self.modal = Some(Modal::ChangedOnDisk(ChangedOnDisk::noticed(path)));
        }
    }

    /// The shell sent text to the clipboard through the terminal.
    pub fn copied(&mut self, what: &str, bytes: usize) {
        self.set_status(
            format!(
                "copied {} to the clipboard ({bytes} bytes, through the terminal: OSC 52)",
                crate::display::inert(what)
            ),
            false,
        );
    }

    /// The shell reloaded the file (after `Effect::Reload`): the app starts over on it, time
    /// passes again (journaled), undo starts afresh. The file's fingerprint is the one just
    /// read, so the next save expects the file as reloaded, not as first opened.
    pub fn reloaded(&mut self, result: Result<(Workspace, Fingerprint), String>) {
        match result {
            Ok((workspace, read)) => {
                if let Source::File { fingerprint, .. } = &mut self.source {
                    *fingerprint = read;
                }
                self.ws = workspace;
                self.history.reloaded();
                let passed = pass_time(&mut self.ws, &mut self.history, self.now);
                self.browse.lists_mut().rebuild(&self.ws, self.now);
                // A read-only session had nothing unsaved: it now shows the file as saved.
                let what = if self.read_only() {
                    "reloaded from disk: showing the file as saved"
                } else {
                    "reloaded from disk; unsaved actions dropped"
                };
                let text = match passed {
                    Some(status) => format!("{what} · {}", status.text),
                    None => what.to_string(),
                };
                self.set_status(text, false);
            }
            Err(message) => self.set_status(
                format!("not reloaded: {}", crate::display::inert(&message)),
                true,
            ),
        }
    }
}
