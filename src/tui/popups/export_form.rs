//! The export form (`O`, `:export`): which table (mapping, relationships, expiring within 30
//! days) and the file to write it to; the format follows the file's extension (.json, .md,
//! otherwise CSV), as the CLI's `--format` names them. The table is made by the core's export
//! code; the shell writes the file.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::interop::export::{Format, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::text_input::{Edit, TextInput};

/// The expiring table's horizon, the CLI's default `--days`.
pub const EXPIRING_DAYS: i64 = 30;

const VIEWS: [(&str, View); 3] = [
    ("mapping", View::Mapping),
    ("relationships", View::Relationships),
    (
        "expiring",
        View::Expiring {
            days: EXPIRING_DAYS,
        },
    ),
];

pub struct ExportForm {
    view: usize,
    path: TextInput,
    /// Whether the user typed the path (else it follows the table chosen).
    path_typed: bool,
}

/// What a key did to the form.
pub enum ExportAnswer {
    Pending,
    Cancel,
    Export {
        view: View,
        name: &'static str,
        format: Format,
        path: String,
    },
}

impl Default for ExportForm {
    fn default() -> Self {
        ExportForm {
            view: 0,
            path: TextInput::new(default_path(0)),
            path_typed: false,
        }
    }
}

fn default_path(view: usize) -> String {
    format!("{}.csv", VIEWS[view].0)
}

/// The format a path's extension asks for.
pub fn format_of(path: &str) -> Format {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".json") {
        Format::Json
    } else if lower.ends_with(".md") {
        Format::Markdown
    } else {
        Format::Csv
    }
}

impl ExportForm {
    pub fn handle_key(&mut self, key: KeyEvent) -> ExportAnswer {
        match key.code {
            KeyCode::Esc => return ExportAnswer::Cancel,
            KeyCode::Enter if !self.path.value().trim().is_empty() => {
                let (name, view) = VIEWS[self.view];
                let path = self.path.value().trim().to_string();
                return ExportAnswer::Export {
                    view,
                    name,
                    format: format_of(&path),
                    path,
                };
            }
            KeyCode::Tab | KeyCode::Down => self.choose((self.view + 1) % VIEWS.len()),
            KeyCode::BackTab | KeyCode::Up => {
                self.choose((self.view + VIEWS.len() - 1) % VIEWS.len())
            }
            _ => {
                if self.path.handle_key(&key) == Edit::Changed {
                    self.path_typed = true;
                }
            }
        }
        ExportAnswer::Pending
    }

    /// A pasted path replaces nothing but what is selected: it lands at the cursor.
    pub fn paste(&mut self, text: &str) {
        if self.path.paste(text) {
            self.path_typed = true;
        }
    }

    fn choose(&mut self, view: usize) {
        self.view = view;
        if !self.path_typed {
            self.path.set_value(default_path(view));
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 90, 11);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(" Export a table to a file ", theme.heading()))
            .title_bottom(Span::styled(
                " tab/↑↓ table · enter write · ctrl-w word · ctrl-u clear · esc cancel ",
                theme.dim(),
            ));
        let mut lines = Vec::new();
        for (i, (name, view)) in VIEWS.iter().enumerate() {
            let what = match view {
                View::Mapping => "one row per customer and partner".to_string(),
                View::Relationships => "one row per relationship".to_string(),
                View::Expiring { days } => {
                    format!("relationships in force that end within {days} days")
                }
            };
            let (mark, style) = if i == self.view {
                ("(•) ", theme.selected())
            } else {
                ("( ) ", ratatui::style::Style::default())
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark}{name:<14}"), style),
                Span::styled(what, theme.dim()),
            ]));
        }
        lines.push(Line::default());
        lines.push(Line::from(
            vec![Span::styled("file > ", theme.key())]
                .into_iter()
                .chain(self.path.spans(true, 80, Style::new(), theme))
                .collect::<Vec<_>>(),
        ));
        let format = match format_of(self.path.value()) {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
        };
        lines.push(Line::styled(
            format!(
                "written as {format} (by the extension: .csv, .json, .md), replacing the file whole"
            ),
            theme.dim(),
        ));
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
