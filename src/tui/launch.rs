//! What the CLI hands the terminal app — the workspace, where it came from, whether to stay
//! read-only, what loading found, the session on the file — and the app it opens: the user's
//! keys and theme, read-only and why, and a notice in the status line for each thing opening
//! found (integrity findings, records left out, a lock taken over, a recovered journal, a bad
//! keys.toml).

use std::path::PathBuf;

use super::app::App;
use super::keymap::Keymap;
use super::source::Source;
use super::theme::Theme;
use crate::domain::{Diagnostic, Time};
use crate::store::session::{ReadOnly, Session};
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
    crate::store::app_dirs::default_workspace()
}

impl Launch {
    /// The app on this launch as of `now`, and the session it works on. Builds the panes'
    /// indexes (the slow part on a large file) but writes nothing.
    pub(super) fn open(self, now: Time) -> (App, Option<Session>) {
        let (keymap, keymap_problem) = Keymap::load_user();
        let session = self.session;
        let journal = session
            .as_ref()
            .and_then(Session::recovered)
            .map(|r| r.entries.clone())
            .unwrap_or_default();
        let mut app = App::recovering(self.workspace, self.source, now, keymap, journal)
            .with_theme(Theme::from_env())
            .with_demo_save_path(demo_save_path());
        match session.as_ref().and_then(Session::read_only_reason) {
            Some(reason) => {
                let holder = match reason {
                    ReadOnly::LockedBy(Some(holder)) => Some(format!(
                        "pid {} on {}{}",
                        holder.pid,
                        crate::display::inert(&holder.host),
                        if holder.since.is_empty() {
                            String::new()
                        } else {
                            format!(" since {}", crate::display::inert(&holder.since))
                        }
                    )),
                    ReadOnly::LockedBy(None) => Some("another session".into()),
                    ReadOnly::Requested => None,
                };
                let text = crate::display::inert(&reason.to_string()).into_owned();
                app = app
                    .with_read_only_reason(text.clone(), holder)
                    .with_notice(text, false);
            }
            None if self.read_only => app = app.with_read_only(true),
            None => {}
        }
        if !self.diagnostics.is_empty() {
            let first = crate::display::inert(&self.diagnostics[0].to_string()).into_owned();
            app = app.with_notice(
                format!(
                    "{} integrity finding(s) in the file, first: {first} (run `partnerdesk check`)",
                    self.diagnostics.len()
                ),
                true,
            );
        }
        let conflicts = app.workspace().conflicts().len();
        if conflicts > 0 {
            app = app.with_notice(
                format!(
                    "{conflicts} merge conflict(s) recorded in the file keep ours until answered: c lists them"
                ),
                true,
            );
        }
        if let Some(session) = &session {
            if !session.left_out().is_empty() {
                app = app.with_notice(
                    format!(
                        "{} record(s) with a duplicate id were left out on load; saving drops them",
                        session.left_out().len()
                    ),
                    true,
                );
            }
            if let Some(holder) = session.took_over() {
                let text = format!("took over the lock left by {holder}, which has ended");
                app = app.with_notice(crate::display::inert(&text).into_owned(), false);
            }
            if let Some(recovered) = session.recovered() {
                let mut text = recovered.summary();
                if recovered.changed() && !app.read_only() {
                    text.push_str(" from a session that ended without saving; s saves them");
                }
                let warn = recovered.torn_tail_warning.is_some() || !recovered.refused.is_empty();
                app = app.with_notice(crate::display::inert(&text).into_owned(), warn);
            }
        }
        if let Some(problem) = keymap_problem {
            app = app.with_notice(problem, true);
        }
        let (settings, settings_problem) = super::settings::Settings::load_user();
        app = app.with_mouse(settings.mouse);
        if let Some(problem) = settings_problem {
            app = app.with_notice(problem, true);
        }
        (app, session)
    }
}
