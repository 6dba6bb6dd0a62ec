//! A one-line text prompt (save as, write a file: the path). Enter accepts, Esc cancels; the
//! text edits like every field (`text_input`).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::area::centered;
use super::text_input::TextInput;
use crate::tui::theme::Theme;

pub struct Prompt {
    pub title: String,
    pub input: TextInput,
}

pub enum PromptAnswer {
    Pending,
    Accept(String),
    Cancel,
}

impl Prompt {
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Prompt {
        Prompt {
            title: title.into(),
            input: TextInput::new(text),
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> PromptAnswer {
        match key.code {
            KeyCode::Esc => PromptAnswer::Cancel,
            KeyCode::Enter if !self.text().trim().is_empty() => {
                PromptAnswer::Accept(self.text().trim().to_string())
            }
            _ => {
                self.input.handle_key(&key);
                PromptAnswer::Pending
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        self.render_with(frame, area, theme, None);
    }

    /// Like `render`, with a question under the text (save as: overwrite?).
    pub fn render_with(&self, frame: &mut Frame, area: Rect, theme: Theme, ask: Option<&str>) {
        let popup = centered(area, 90, if ask.is_some() { 6 } else { 5 });
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let width = popup.width.saturating_sub(4) as usize;
        let mut input = vec![Span::styled("> ", theme.key())];
        input.extend(self.input.spans(true, width, Style::new(), theme));
        let mut lines = vec![Line::from(input), Line::default()];
        match ask {
            Some(question) => {
                lines.push(Line::styled(question.to_string(), theme.warn()));
                lines.push(Line::styled(
                    "y overwrite · n/esc back to the path",
                    theme.dim(),
                ));
            }
            None => lines.push(Line::styled(
                "enter accept · ←/→ home/end move · ctrl-w word · ctrl-u clear · esc cancel",
                theme.dim(),
            )),
        }
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
