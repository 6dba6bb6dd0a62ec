//! The status line: the last result, refusal or notice, in words (an error is marked `✗` and
//! red, never by colour alone). It holds what it shows; anyone may set it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::theme::Theme;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Default)]
pub struct StatusLine {
    shown: Option<Status>,
}

impl StatusLine {
    pub fn get(&self) -> Option<&Status> {
        self.shown.as_ref()
    }

    pub fn set(&mut self, text: impl Into<String>, error: bool) {
        self.shown = Some(Status {
            text: text.into(),
            error,
        });
    }

    pub fn show(&mut self, status: Status) {
        self.shown = Some(status);
    }

    /// Puts `text` in front of what the line says (notices gathered while opening), an error if
    /// either is.
    pub fn prepend(&mut self, text: String, error: bool) {
        self.shown = Some(match self.shown.take() {
            Some(old) => Status {
                text: format!("{} · {}", text, old.text),
                error: error || old.error,
            },
            None => Status { text, error },
        });
    }

    /// Empties the line, returning what it said.
    pub fn take(&mut self) -> Option<Status> {
        self.shown.take()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let Some(status) = &self.shown else { return };
        let (prefix, style) = if status.error {
            ("✗ ", theme.error())
        } else {
            ("• ", ratatui::style::Style::new())
        };
        let line = Line::from(vec![
            Span::styled(prefix, style),
            Span::styled(status.text.clone(), style),
        ]);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
    }
}
