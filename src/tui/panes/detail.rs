//! The detail view of a record, built line by line: headings, fields, text, and links to other
//! records (each carrying its `Target`, so Enter can jump to it). Values are made inert.

use ratatui::text::{Line, Span};

use super::target::Target;
use crate::display::inert;
use crate::tui::theme::Theme;

pub struct DetailLine {
    pub line: Line<'static>,
    pub target: Option<Target>,
}

/// Builds a detail view line by line.
pub struct Detail {
    pub lines: Vec<DetailLine>,
    pub theme: Theme,
}

impl Detail {
    pub fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.blank();
        }
        self.lines.push(DetailLine {
            line: Line::styled(text.to_string(), self.theme.heading()),
            target: None,
        });
    }
    pub fn blank(&mut self) {
        self.lines.push(DetailLine {
            line: Line::default(),
            target: None,
        });
    }
    /// `label: value`, the value made inert.
    pub fn field(&mut self, label: &str, value: &str) {
        let line = Line::from(vec![
            Span::styled(format!("{label:<12} "), self.theme.dim()),
            Span::raw(inert(value).into_owned()),
        ]);
        self.lines.push(DetailLine { line, target: None });
    }
    pub fn text(&mut self, text: String) {
        self.lines.push(DetailLine {
            line: Line::raw(format!("  {text}")),
            target: None,
        });
    }
    pub fn dim(&mut self, text: String) {
        self.lines.push(DetailLine {
            line: Line::styled(format!("  {text}"), self.theme.dim()),
            target: None,
        });
    }
    /// A line naming another record: `→ name  rest`.
    pub fn link(&mut self, name: &str, rest: String, target: Target) {
        self.linked("  → ", name, rest, target);
    }
    /// A line under a link, for a record that belongs to it: `    ↳ name  rest`.
    pub fn sublink(&mut self, name: &str, rest: String, target: Target) {
        self.linked("      ↳ ", name, rest, target);
    }
    fn linked(&mut self, lead: &'static str, name: &str, rest: String, target: Target) {
        let line = Line::from(vec![
            Span::raw(lead),
            Span::styled(inert(name).into_owned(), self.theme.link()),
            Span::raw(if rest.is_empty() {
                String::new()
            } else {
                format!("  {rest}")
            }),
        ]);
        self.lines.push(DetailLine {
            line,
            target: Some(target),
        });
    }
}
