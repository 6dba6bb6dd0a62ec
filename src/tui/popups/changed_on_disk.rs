//! The pop-up when the file changed on disk since it was loaded — a save found it (nothing was
//! overwritten), or the session noticed it (a `git pull`): the user chooses — reload it
//! (dropping the unsaved actions), merge the unsaved actions with it (the three-way merge git's
//! driver does; conflicts are recorded and listed), save as another file, or keep editing (the
//! disk-… commands).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;

pub struct ChangedOnDisk {
    path: PathBuf,
    /// The save was on the way out (save and quit): saving elsewhere quits too.
    then_quit: bool,
    /// Not a failed save: a read-only session noticed another session's save, and offers it.
    noticed: bool,
    /// Not a failed save: a writing session noticed the file changed under it (a pull).
    pulled: bool,
}

/// What the user chose.
pub enum DiskAnswer {
    Stay,
    Reload,
    Merge,
    SaveAs { then_quit: bool },
    KeepEditing,
}

impl ChangedOnDisk {
    pub fn new(path: PathBuf, then_quit: bool) -> ChangedOnDisk {
        ChangedOnDisk {
            path,
            then_quit,
            noticed: false,
            pulled: false,
        }
    }

    /// A writing session noticed that `path` changed on disk under it (a pull, another tool):
    /// reload it, or merge the unsaved actions with it.
    pub fn pulled(path: PathBuf) -> ChangedOnDisk {
        ChangedOnDisk {
            path,
            then_quit: false,
            noticed: false,
            pulled: true,
        }
    }

    /// A read-only session noticed that another session saved `path`: reload it, or keep the
    /// version on screen.
    pub fn noticed(path: PathBuf) -> ChangedOnDisk {
        ChangedOnDisk {
            path,
            then_quit: false,
            noticed: true,
            pulled: false,
        }
    }

    pub fn noticed_save(&self) -> bool {
        self.noticed
    }

    /// A key, as the command the keymap binds it to here (if any); other keys wait.
    pub fn handle(&self, cmd: Option<Cmd>) -> DiskAnswer {
        match cmd {
            Some(Cmd::DiskReload) => DiskAnswer::Reload,
            Some(Cmd::DiskMerge) if self.noticed => DiskAnswer::Stay,
            Some(Cmd::DiskMerge) => DiskAnswer::Merge,
            Some(Cmd::DiskSaveAs) if self.noticed => DiskAnswer::Stay,
            Some(Cmd::DiskSaveAs) => DiskAnswer::SaveAs {
                then_quit: self.then_quit,
            },
            Some(Cmd::DiskKeepEditing) => DiskAnswer::KeepEditing,
            _ => DiskAnswer::Stay,
        }
    }

    /// The choice's keys, for the footer.
    pub fn hint(keymap: &Keymap) -> String {
        format!(
            " {} reload (drops unsaved actions) · {} merge with it · {} save as · {} keep editing",
            keymap.key_label(Cmd::DiskReload),
            keymap.key_label(Cmd::DiskMerge),
            keymap.key_label(Cmd::DiskSaveAs),
            keymap.key_label(Cmd::DiskKeepEditing)
        )
    }

    /// Draws the choice; `unsaved` is how many actions a reload would drop.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: Theme,
        keymap: &Keymap,
        unsaved: usize,
    ) {
        let key = |cmd| Span::styled(keymap.key_label(cmd), theme.key());
        // The writer's choice has a line more (merge) than the read-only notice.
        let popup = if self.noticed {
            centered(area, 76, 11)
        } else {
            centered(area, 80, 13)
        };
        if self.noticed {
            let lines = vec![
                Line::raw(format!(
                    "{} changed on disk: another session saved it.",
                    crate::display::inert(&self.path.display().to_string())
                )),
                Line::raw("This session is read-only; what it shows is the version it loaded."),
                Line::default(),
                Line::from(vec![
                    key(Cmd::DiskReload),
                    Span::raw("  reload it: show the saved version"),
                ]),
                Line::from(vec![
                    key(Cmd::DiskKeepEditing),
                    Span::raw("  keep the version on screen (R reloads later)"),
                ]),
            ];
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused())
                .title(Span::styled(" File changed on disk ", theme.heading()));
            frame.render_widget(Clear, popup);
            frame.render_widget(
                Paragraph::new(lines)
                    .block(block)
                    .wrap(Wrap { trim: false }),
                popup,
            );
            return;
        }
        frame.render_widget(Clear, popup);
        let shown = crate::display::inert(&self.path.display().to_string()).into_owned();
        let lines = vec![
            Line::raw(if self.pulled {
                format!("{shown} changed on disk under this session (a git pull?).")
            } else {
                format!("{shown} changed on disk since it was loaded. Nothing was overwritten.")
            }),
            Line::default(),
            Line::from(vec![
                key(Cmd::DiskReload),
                Span::raw(format!(
                    "  reload it (drops {unsaved} unsaved action{})",
                    if unsaved == 1 { "" } else { "s" }
                )),
            ]),
            Line::from(vec![
                key(Cmd::DiskMerge),
                Span::raw(format!(
                    "  merge {unsaved} unsaved action{} with it and save: conflicts keep yours, listed",
                    if unsaved == 1 { "" } else { "s" }
                )),
            ]),
            Line::from(vec![
                key(Cmd::DiskSaveAs),
                Span::raw("  save as another file"),
            ]),
            Line::from(vec![
                key(Cmd::DiskKeepEditing),
                Span::raw("  keep editing (nothing is saved)"),
            ]),
        ];
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(" File changed on disk ", theme.heading()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
