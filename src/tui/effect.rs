//! What the app asks the shell to do. The app never touches the disk or the terminal itself: it
//! returns these, the shell performs them and reports back, and tests drive the app without
//! either.

use std::path::PathBuf;

use crate::domain::Id;
use crate::store::Fingerprint;
use crate::store::journal::Entry;
use crate::workspace::{Applied, Workspace};

/// Work for the shell.
#[derive(Debug)]
pub enum Effect {
    Save {
        path: PathBuf,
        workspace: Box<Workspace>,
        expected: Option<Fingerprint>,
        then_quit: bool,
        /// Typed in save-as: another file already at `path` is not overwritten unasked (the
        /// shell answers with `App::save_target_exists`), and a missing folder is refused.
        typed_path: bool,
    },
    /// Append an applied action to the crash journal before the next frame is drawn; the shell
    /// reports the outcome with `App::journaled` (a failure takes the action back).
    Journal { entry: Entry, applied: Box<Applied> },
    /// After undo or redo: the journal must hold exactly `entries` (the actions from the saved
    /// file to what the screen shows) and the session `workspace`. Reported with `journaled`.
    RewriteJournal {
        entries: Vec<Entry>,
        workspace: Box<Workspace>,
    },
    /// Read the file again, dropping the unsaved actions (the file changed on disk); the shell
    /// answers with `App::reloaded`.
    Reload,
    /// Merge the unsaved actions with the file changed on disk (three-way, the file as loaded or
    /// last saved as base) and write the result; the shell answers with `App::merged_with_disk`.
    MergeWithDisk,
    /// Write `bytes` to `path` atomically (an export, a script); the shell answers with
    /// `App::file_written`, `what` saying what it was.
    WriteFile {
        path: PathBuf,
        bytes: Vec<u8>,
        what: String,
    },
    /// Read the exports at `path` (a file, or a folder of `.json` files) for an import as
    /// `partner`, a page at a time, into its plan; the shell answers with
    /// `App::import_planned`.
    ReadImport {
        path: String,
        partner: Id,
        /// The relationship of an access-assignment listing that does not name its own.
        relationship: Option<Id>,
        /// The pages are the whole export (`import --complete`).
        complete: bool,
    },
    /// Put `text` on the clipboard through the terminal (OSC 52: works over SSH and in tmux with
    /// set-clipboard); `what` says what it was for the status line.
    Clipboard { text: String, what: String },
    /// Turn the terminal's mouse reporting on (the app's clicks and wheel) or off (the
    /// terminal's own text selection works).
    MouseCapture(bool),
    /// Quit; a writer's session empties its journal (nothing unsaved is wanted any more).
    Quit,
}
