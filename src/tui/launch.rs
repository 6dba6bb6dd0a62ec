//! What the CLI hands the terminal app: the workspace, where it came from, whether to stay
//! read-only, what loading found, and the session on the file.

use std::path::PathBuf;

use super::source::Source;
use crate::domain::Diagnostic;
use crate::store::session::Session;
use crate::workspace::Workspace;

/// What the CLI hands the terminal app.
pub struct Launch {
    pub workspace: Workspace,
    pub source: Source,
    pub read_only: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// The session on the file (its lock, its crash journal, what was recovered): `None` for the
    /// embedded demo, which has no file until its first save.
    pub session: Option<Session>,
}

/// Where saving the embedded demo writes: `workspace.json` in the user's data directory.
pub fn demo_save_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "partnerdesk")
        .map(|dirs| dirs.data_dir().join("workspace.json"))
}
