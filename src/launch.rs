//! Starting the terminal app: on the default workspace (the user's saved one, else the embedded
//! demo) or on a file. A file that cannot be read is reported like any CLI error (exit 2) before
//! the terminal is taken over, so nothing is left half-drawn.

use std::path::{Path, PathBuf};

use crate::cli::{Failure, Outcome};
use crate::core::Time;
use crate::store::lock::App as LockApp;
use crate::store::session::{Mode, Session};
use crate::store::{demo_workspace, fingerprint};
use crate::tui::{Launch, Source, run};

/// Where a saved demo goes: the user's data directory, never `assets/`.
pub fn default_workspace_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "partnerdesk")
        .map(|dirs| dirs.data_dir().join("workspace.json"))
}

/// The user's saved workspace if there is one, else the embedded demo (dates moved to today).
pub fn open_default() -> Outcome {
    match default_workspace_path() {
        Some(path) if path.is_file() => open_file(&path, false),
        _ => start(Launch {
            workspace: demo_workspace(Time(jiff::Timestamp::now())),
            source: Source::Demo,
            read_only: false,
            diagnostics: Vec::new(),
            session: None,
        }),
    }
}

/// Opens `path` in a session: its writer's lock (or read-only, saying who holds it), and a crash
/// journal replayed. `--read-only` writes nothing at all (no lock file, no journal, no save).
pub fn open_file(path: &Path, read_only: bool) -> Outcome {
    let mode = if read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    let session = Session::open(path, mode, LockApp::Tui).map_err(|err| {
        Failure::usage(format!("cannot open {}", path.display())).with_detail(err.to_string())
    })?;
    // What the file held when it was opened; saving goes through the session, which knows.
    let fingerprint = std::fs::read(session.path())
        .map(|bytes| fingerprint(&bytes))
        .map_err(|err| {
            Failure::usage(format!("cannot open {}", path.display())).with_detail(err.to_string())
        })?;
    start(Launch {
        workspace: session.workspace().clone(),
        source: Source::File {
            path: path.to_path_buf(),
            fingerprint,
        },
        read_only,
        diagnostics: session.diagnostics().to_vec(),
        session: Some(session),
    })
}

fn start(launch: Launch) -> Outcome {
    run(launch).map_err(|err| Failure::usage(format!("the terminal app stopped: {err:#}")))
}
