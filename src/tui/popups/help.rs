//! The `?` help pop-up: its scroll position, its keys, and its frame. What it lists — every
//! command with its keys and whether it can act now — is written by the view (`view/help.rs`),
//! which can ask the app; this file knows only how to scroll it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;

#[derive(Default)]
pub struct HelpPopup {
    scroll: usize,
}

/// What a key did to the help.
pub enum HelpAnswer {
    Stay,
    /// Any key that does not scroll closes the help.
    Close,
}

impl HelpPopup {
    pub fn handle_key(&mut self, key: KeyEvent) -> HelpAnswer {
        self.scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => self.scroll + 1,
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll + 10,
            KeyCode::PageUp => self.scroll.saturating_sub(10),
            KeyCode::Char('g') | KeyCode::Home => 0,
            _ => return HelpAnswer::Close,
        };
        HelpAnswer::Stay
    }

    /// Draws `lines` (the help's content) scrolled, centred in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, lines: Vec<Line<'static>>) {
        let popup = centered(area, 116, 38);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Keys — greyed ones cannot act now, and say why ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(" j/k scroll · esc close ", theme.dim()));
        let scroll = self.scroll.min(lines.len().saturating_sub(1)) as u16;
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            popup,
        );
    }
}
