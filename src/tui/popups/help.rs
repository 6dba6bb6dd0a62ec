//! The `?` help pop-up: its scroll position, its commands (help-down, help-up…: keys from the
//! keymap like any other), and its frame. What it lists — every command with its keys and
//! whether it can act now — is written by the view (`view/help.rs`), which can ask the app;
//! this file knows only how to scroll it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
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
    /// A key in the help, as the command the keymap binds it to there (if any).
    pub fn handle(&mut self, cmd: Option<Cmd>) -> HelpAnswer {
        self.scroll = match cmd {
            Some(Cmd::HelpDown) => self.scroll + 1,
            Some(Cmd::HelpUp) => self.scroll.saturating_sub(1),
            Some(Cmd::HelpPageDown) => self.scroll + 10,
            Some(Cmd::HelpPageUp) => self.scroll.saturating_sub(10),
            Some(Cmd::HelpTop) => 0,
            _ => return HelpAnswer::Close,
        };
        HelpAnswer::Stay
    }

    /// The help's keys, for the footer and its frame: ` j/k scroll · esc close`.
    pub fn hint(keymap: &Keymap) -> String {
        format!(
            " {}/{} scroll · esc close",
            keymap.key_label(Cmd::HelpDown),
            keymap.key_label(Cmd::HelpUp)
        )
    }

    /// Draws `lines` (the help's content) scrolled, centred in `area`.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: Theme,
        keymap: &Keymap,
        lines: Vec<Line<'static>>,
    ) {
        let popup = centered(area, 116, 38);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Keys — greyed ones cannot act now, and say why ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                format!("{} ", HelpPopup::hint(keymap)),
                theme.dim(),
            ));
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
