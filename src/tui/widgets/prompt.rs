//! A one-line text prompt (save as: the file path). Enter accepts, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::area::centered;
use crate::tui::theme::Theme;

pub struct Prompt {
    pub title: String,
    pub text: String,
}

pub enum PromptAnswer {
    Pending,
    Accept(String),
    Cancel,
}

impl Prompt {
    pub fn handle_key(&mut self, key: KeyEvent) -> PromptAnswer {
        match key.code {
            KeyCode::Esc => PromptAnswer::Cancel,
            KeyCode::Enter if !self.text.trim().is_empty() => {
                PromptAnswer::Accept(self.text.trim().to_string())
            }
            KeyCode::Backspace => {
                self.text.pop();
                PromptAnswer::Pending
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.clear();
                PromptAnswer::Pending
            }
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.push(ch);
                PromptAnswer::Pending
            }
            _ => PromptAnswer::Pending,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 90, 5);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let lines = vec![
            Line::from(vec![
                Span::styled("> ", theme.key()),
                Span::raw(crate::display::inert(&self.text).into_owned()),
                Span::styled("▏", theme.dim()),
            ]),
            Line::default(),
            Line::styled("enter save · ctrl-u clear · esc cancel", theme.dim()),
        ];
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
