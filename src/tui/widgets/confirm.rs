//! Confirmation for destructive actions (decline, revoke, terminate) and for quitting with unsaved
//! changes. The focus starts on Cancel, as k9s does: Enter alone never destroys anything.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::area::centered;
use crate::domain::{Action, Actor};
use crate::tui::theme::Theme;

/// What a confirmed dialog does.
#[derive(Clone, Debug)]
pub enum Confirmed {
    Apply { actor: Actor, action: Action },
    Quit,
    SaveAndQuit,
}

pub struct Confirm {
    pub title: String,
    pub message: String,
    pub yes_label: String,
    pub on_yes: Confirmed,
    /// Quit dialogs offer "save and quit" on `s`.
    pub offer_save: bool,
    pub yes_focused: bool,
}

pub enum Answer {
    Pending,
    Yes,
    No,
    Save,
}

impl Confirm {
    pub fn new(
        title: impl Into<String>,
        message: impl Into<String>,
        yes_label: impl Into<String>,
        on_yes: Confirmed,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            message: message.into(),
            yes_label: yes_label.into(),
            on_yes,
            offer_save: false,
            yes_focused: false,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Answer {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                Answer::No
            }
            KeyCode::Char('s') if self.offer_save => Answer::Save,
            KeyCode::Left
            | KeyCode::Right
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Char('h')
            | KeyCode::Char('l') => {
                self.yes_focused = !self.yes_focused;
                Answer::Pending
            }
            KeyCode::Enter if self.yes_focused => Answer::Yes,
            KeyCode::Enter => Answer::No,
            _ => Answer::Pending,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 70, 9);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let button = |label: &str, focused: bool| {
            let text = if focused {
                format!("[▶ {label} ◀]")
            } else {
                format!("[  {label}  ]")
            };
            Span::styled(
                text,
                if focused {
                    theme.selected()
                } else {
                    Style::new()
                },
            )
        };
        let mut buttons = vec![
            button("Cancel (n)", !self.yes_focused),
            Span::raw("   "),
            button(&format!("{} (y)", self.yes_label), self.yes_focused),
        ];
        if self.offer_save {
            buttons.push(Span::raw("   "));
            buttons.push(Span::styled("s: save and quit", theme.key()));
        }
        let lines = vec![
            Line::raw(crate::display::inert(&self.message).into_owned()),
            Line::default(),
            Line::from(buttons),
            Line::default(),
            Line::styled(
                "←/→ switch · enter choose · y yes · n/esc cancel",
                theme.dim(),
            ),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}

use ratatui::style::Style;
