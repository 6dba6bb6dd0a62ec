//! `partnerdesk open FILE` and bare `partnerdesk`: starting the terminal app on a file or on the
//! default workspace (the user's saved one, else the embedded demo). A file that cannot be read
//! is reported like any CLI error (exit 2) before the terminal is taken over, so nothing is left
//! half-drawn. A large file opens behind a loading screen drawn at once; what fails while it
//! loads is reported the same way, once the terminal is given back.

use std::path::Path;

use super::outcome::{Failure, Outcome};
use crate::domain::Time;
use crate::store::lock::App as LockApp;
use crate::store::session::{Mode, Session};
use crate::store::{demo_workspace, save_target};
use crate::tui::{Ended, Launch, Source, run, run_loading};

/// The user's saved workspace if there is one, else the embedded demo (dates moved to today).
pub fn open_default() -> Outcome {
    needs_terminal()?;
    match crate::store::app_dirs::default_workspace() {
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

/// The app draws on standard output and reads keys from standard input: in a pipe, a script or
/// CI it would write escape codes to whatever reads it, so it refuses before touching anything.
fn needs_terminal() -> Outcome {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Failure::usage(
        "the terminal app needs a terminal: standard input and output must both be one",
    )
    .with_detail(
        "in a script, use a subcommand instead (`partnerdesk list FILE relationships`, `partnerdesk --help`)",
    ))
}

/// From this size on a file opens behind the loading screen; a smaller one loads (in tens of
/// milliseconds) before the terminal is taken over, as it always has.
pub const BACKGROUND_FROM_BYTES: u64 = 2 << 20;

/// Opens `path` in a session: its writer's lock (or read-only, saying who holds it), and a crash
/// journal replayed. `--read-only` writes nothing at all (no lock file, no journal, no save).
pub fn open_file(path: &Path, read_only: bool) -> Outcome {
    needs_terminal()?;
    let mode = if read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    match crate::store::readable_size(path) {
        Ok(size) if size >= BACKGROUND_FROM_BYTES => open_in_background(path, size, mode),
        // Small, or not readable: the error (if any) comes from the same open as ever.
        _ => {
            let session = Session::open(path, mode, LockApp::Tui)
                .map_err(|err| cannot_open(path, err.to_string()))?;
            start(launch(path, session, read_only))
        }
    }
}

/// Opens a large file on a loader thread behind the loading screen. A failure found there is
/// reported as in `open_file`, once the terminal is given back.
fn open_in_background(path: &Path, size: u64, mode: Mode) -> Outcome {
    let read_only = mode == Mode::ReadOnly;
    let file = path.to_path_buf();
    let ended = run_loading(&path.display().to_string(), size, move |progress| {
        Session::open_with_progress(&file, mode, LockApp::Tui, progress)
            .map(|session| launch(&file, session, read_only))
            .map_err(|err| err.to_string())
    })
    .map_err(|err| Failure::usage(format!("the terminal app stopped: {err:#}")))?;
    match ended {
        Ended::Quit => Ok(()),
        Ended::QuitWhileLoading => {
            // The loader may hold the lock: the kernel drops it as the process ends; the file
            // that names this process goes too, so the next session has nothing to take over.
            let target = save_target(path).unwrap_or_else(|_| path.to_path_buf());
            crate::store::lock::remove_own(&target);
            Ok(())
        }
        Ended::Failed(why) => Err(cannot_open(path, why)),
    }
}

fn cannot_open(path: &Path, detail: String) -> Failure {
    Failure::usage(format!("cannot open {}", path.display())).with_detail(detail)
}

/// What the app needs from an opened session.
fn launch(path: &Path, session: Session, read_only: bool) -> Launch {
    Launch {
        workspace: session.workspace().clone(),
        source: Source::File {
            path: path.to_path_buf(),
            // What the file held when it was opened; saving goes through the session.
            fingerprint: session.fingerprint(),
        },
        read_only,
        diagnostics: session.diagnostics().to_vec(),
        session: Some(session),
    }
}

fn start(launch: Launch) -> Outcome {
    run(launch).map_err(|err| Failure::usage(format!("the terminal app stopped: {err:#}")))
}
