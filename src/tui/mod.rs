//! The terminal app: a ratatui face over the core. `run(launch)` owns the terminal (raw mode,
//! alternate screen, mouse capture) and restores it on quit, on error and on panic; everything
//! else — state, keys, rendering — is pure and tested without a terminal (`App`, `render`).

pub mod app;
pub mod commands;
pub mod index;
mod input;
pub mod keymap;
pub mod panes;
pub mod testing;
pub mod theme;
pub mod view;
pub mod widgets;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;

pub use app::{App, Effect};
pub use keymap::Keymap;
pub use view::render;

use crate::core::{Diagnostic, Time, Workspace};
use crate::store::Fingerprint;

/// Where the workspace came from, so saving knows where to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The embedded demo: saving writes to the user's data directory, never into `assets/`.
    Demo,
    File {
        path: PathBuf,
        fingerprint: Fingerprint,
    },
}

/// What the CLI hands the terminal app.
pub struct Launch {
    pub workspace: Workspace,
    pub source: Source,
    pub read_only: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where saving the embedded demo writes: `workspace.json` in the user's data directory.
pub fn demo_save_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "partnerdesk")
        .map(|dirs| dirs.data_dir().join("workspace.json"))
}

/// Builds the app the way `run` does (user keymap, NO_COLOR, demo save path), without a terminal.
pub fn app_for(launch: Launch, now: Time) -> App {
    let (keymap, keymap_problem) = Keymap::load_user();
    let mut app = App::new(launch.workspace, launch.source, now, keymap)
        .with_read_only(launch.read_only)
        .with_theme(theme::Theme::from_env())
        .with_demo_save_path(demo_save_path());
    if !launch.diagnostics.is_empty() {
        let first = crate::display::inert(&launch.diagnostics[0].to_string()).into_owned();
        app = app.with_notice(
            format!(
                "{} integrity finding(s) in the file, first: {first} (run `partnerdesk check`)",
                launch.diagnostics.len()
            ),
            true,
        );
    }
    if let Some(problem) = keymap_problem {
        app = app.with_notice(problem, true);
    }
    app
}

/// Restores the terminal when dropped: on quit, on `?` errors, and while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Runs the terminal app until the user quits.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let now = Time(jiff::Timestamp::now());
    let mut app = app_for(launch, now);

    // ratatui::init installs a panic hook that restores the terminal; ours, installed first and
    // wrapped by it, also turns mouse reporting off (restore() does not).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    execute!(std::io::stdout(), EnableMouseCapture).context("cannot enable mouse reporting")?;

    loop {
        terminal
            .draw(|frame| render(&app, frame))
            .context("cannot draw the screen")?;
        if !event::poll(Duration::from_millis(250)).context("cannot read the terminal")? {
            continue;
        }
        let event = event::read().context("cannot read the terminal")?;
        for effect in app.handle_event(event) {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Save {
                    path,
                    workspace,
                    expected,
                    then_quit,
                } => {
                    let result = save(&path, &workspace, expected);
                    let ok = result.is_ok();
                    app.saved(path, result);
                    if ok && then_quit {
                        return Ok(());
                    }
                }
            }
        }
    }
}

fn save(
    path: &std::path::Path,
    workspace: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    }
    crate::store::save_file(path, workspace, expected).map_err(|err| err.to_string())
}
