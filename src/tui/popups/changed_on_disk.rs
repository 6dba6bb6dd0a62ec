//! The pop-up when saving found the file changed on disk since it was loaded: nothing was
//! overwritten, and the user chooses — reload it (dropping the unsaved actions), save as
//! another file, or keep editing.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;

pub struct ChangedOnDisk {
    path: PathBuf,
    /// The save was on the way out (save and quit): saving elsewhere quits too.
    then_quit: bool,
}

/// What the user chose.
pub enum DiskAnswer {
    Stay,
    Reload,
    SaveAs { then_quit: bool },
    KeepEditing,
}

impl ChangedOnDisk {
    pub fn new(path: PathBuf, then_quit: bool) -> ChangedOnDisk {
        ChangedOnDisk { path, then_quit }
    }

    pub fn handle_key(&self, key: KeyEvent) -> DiskAnswer {
        match key.code {
            KeyCode::Char('r') | KeyCode::Char('R') => DiskAnswer::Reload,
            KeyCode::Char('a') | KeyCode::Char('A') => DiskAnswer::SaveAs {
                then_quit: self.then_quit,
            },
            KeyCode::Esc | KeyCode::Char('k') | KeyCode::Char('K') | KeyCode::Char('q') => {
                DiskAnswer::KeepEditing
            }
            _ => DiskAnswer::Stay,
        }
    }

    /// Draws the choice; `unsaved` is how many actions a reload would drop.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, unsaved: usize) {
        let popup = centered(area, 76, 11);
        frame.render_widget(Clear, popup);
        let lines = vec![
            Line::raw(format!(
                "{} changed on disk since it was loaded. Nothing was overwritten.",
                crate::display::inert(&self.path.display().to_string())
            )),
            Line::default(),
            Line::from(vec![
                Span::styled("r", theme.key()),
                Span::raw(format!(
                    "  reload it (drops {unsaved} unsaved action{})",
                    if unsaved == 1 { "" } else { "s" }
                )),
            ]),
            Line::from(vec![
                Span::styled("a", theme.key()),
                Span::raw("  save as another file"),
            ]),
            Line::from(vec![
                Span::styled("esc", theme.key()),
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
