//! The import form (`I`, `:import`): the path of Partner Center / Graph exports (a file, or a
//! folder of `.json` files) and the partner whose exports they are (the acting partner at
//! first). Enter asks the shell to read them; the core plans, reviews and applies the import.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::Id;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::workspace::Workspace;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Path,
    Partner,
}

pub struct ImportForm {
    path: String,
    partner: String,
    field: Field,
    /// Why Enter did not go ahead.
    problem: Option<String>,
}

/// What a key did to the form.
pub enum ImportAnswer {
    Pending,
    Cancel,
    Import { path: String, partner: Id },
}

impl ImportForm {
    pub fn new(partner: Option<&Id>) -> ImportForm {
        ImportForm {
            path: String::new(),
            partner: partner.map(|p| p.to_string()).unwrap_or_default(),
            field: Field::Path,
            problem: None,
        }
    }

    pub fn handle_key(&mut self, ws: &Workspace, key: KeyEvent) -> ImportAnswer {
        let text = match self.field {
            Field::Path => &mut self.path,
            Field::Partner => &mut self.partner,
        };
        match key.code {
            KeyCode::Esc => return ImportAnswer::Cancel,
            KeyCode::Enter => match self.checked(ws) {
                Ok(answer) => return answer,
                Err(why) => self.problem = Some(why),
            },
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.field = match self.field {
                    Field::Path => Field::Partner,
                    Field::Partner => Field::Path,
                };
            }
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => text.clear(),
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(ch),
            _ => {}
        }
        ImportAnswer::Pending
    }

    fn checked(&self, ws: &Workspace) -> Result<ImportAnswer, String> {
        let path = self.path.trim();
        if path.is_empty() || path == "-" {
            return Err("give the path of an export file, or of a folder of them".into());
        }
        let partner = Id::new(self.partner.trim());
        if ws.partner(&partner).is_none() {
            return Err(format!(
                "no partner `{}` in the workspace: give a partner's id (pane 2), or add the partner first",
                self.partner.trim()
            ));
        }
        Ok(ImportAnswer::Import {
            path: path.to_string(),
            partner,
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, theme: Theme) {
        let popup = centered(area, 96, 12);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Import Partner Center / Graph exports ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " tab next field · enter import · ctrl-u clear · esc cancel ",
                theme.dim(),
            ));
        let field = |label: &str, text: &str, focused: bool| {
            let mut spans = vec![
                Span::styled(
                    format!("{label:<9}> "),
                    if focused { theme.key() } else { theme.dim() },
                ),
                Span::raw(crate::display::inert(text).into_owned()),
            ];
            if focused {
                spans.push(Span::styled("▏", theme.dim()));
            }
            Line::from(spans)
        };
        let partner_name = ws.partner(&Id::new(self.partner.trim())).map_or_else(
            || "not a partner of the workspace".to_string(),
            |p| p.display_name.to_string(),
        );
        let mut lines = vec![
            field("path", &self.path, self.field == Field::Path),
            Line::styled(
                "  a JSON export page, or a folder: every .json file in it, in name order",
                theme.dim(),
            ),
            field("partner", &self.partner, self.field == Field::Partner),
            Line::styled(
                format!(
                    "  whose exports these are: {}",
                    crate::display::inert(&partner_name)
                ),
                theme.dim(),
            ),
            Line::default(),
            Line::styled(
                "the core checks every record; one undo step takes the whole import back",
                theme.dim(),
            ),
        ];
        if let Some(problem) = &self.problem {
            lines.push(Line::styled(
                crate::display::inert(problem).into_owned(),
                theme.error(),
            ));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
