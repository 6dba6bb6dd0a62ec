//! The import form (`I`, `:import`): the path of Partner Center / Graph exports (a file, or a
//! folder of `.json` files), the partner whose exports they are (the acting partner at
//! first), as the command line's `--relationship` the relationship of an access-assignment
//! listing that does not name its own, and as its `--complete` whether the pages are the whole
//! export (the report then names what it no longer lists). Enter asks the shell to read them;
//! the core plans, reviews and applies the import.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::Id;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::text_input::TextInput;
use crate::workspace::Workspace;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Path,
    Partner,
    Relationship,
    Complete,
}

pub struct ImportForm {
    path: TextInput,
    partner: TextInput,
    /// Optional: the relationship whose access assignments a listing holds, when it does not
    /// say so itself (Graph lists them under the relationship's URL).
    relationship: TextInput,
    /// The workspace's relationship `relationship` names, found as it is edited (finding it
    /// reads every relationship: not once per frame).
    relationship_found: Option<Id>,
    /// The pages are the whole export: the report names the importer's records it no longer
    /// lists (never deleted).
    complete: bool,
    field: Field,
    /// Why Enter did not go ahead.
    problem: Option<String>,
}

/// What a key did to the form.
pub enum ImportAnswer {
    Pending,
    Cancel,
    Import {
        path: String,
        partner: Id,
        relationship: Option<Id>,
        complete: bool,
    },
}

impl ImportForm {
    pub fn new(partner: Option<&Id>) -> ImportForm {
        ImportForm {
            path: TextInput::default(),
            partner: TextInput::new(partner.map(|p| p.to_string()).unwrap_or_default()),
            relationship: TextInput::default(),
            relationship_found: None,
            complete: false,
            field: Field::Path,
            problem: None,
        }
    }

    pub fn handle_key(&mut self, ws: &Workspace, key: KeyEvent) -> ImportAnswer {
        match key.code {
            KeyCode::Esc => return ImportAnswer::Cancel,
            KeyCode::Enter => match self.checked(ws) {
                Ok(answer) => return answer,
                Err(why) => self.problem = Some(why),
            },
            KeyCode::Tab | KeyCode::Down => {
                self.field = match self.field {
                    Field::Path => Field::Partner,
                    Field::Partner => Field::Relationship,
                    Field::Relationship => Field::Complete,
                    Field::Complete => Field::Path,
                };
                self.focused().map(TextInput::focus);
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.field = match self.field {
                    Field::Path => Field::Complete,
                    Field::Partner => Field::Path,
                    Field::Relationship => Field::Partner,
                    Field::Complete => Field::Relationship,
                };
                self.focused().map(TextInput::focus);
            }
            KeyCode::Char(' ' | 'x') if self.field == Field::Complete => {
                self.complete = !self.complete;
            }
            _ => {
                if let Some(input) = self.focused() {
                    input.handle_key(&key);
                }
                self.find_relationship(ws);
            }
        }
        ImportAnswer::Pending
    }

    /// The text field with the focus (none on the `complete` switch).
    fn focused(&mut self) -> Option<&mut TextInput> {
        match self.field {
            Field::Path => Some(&mut self.path),
            Field::Partner => Some(&mut self.partner),
            Field::Relationship => Some(&mut self.relationship),
            Field::Complete => None,
        }
    }

    /// Pasted text (a path, a partner id, a relationship) lands in the focused field.
    pub fn paste(&mut self, ws: &Workspace, text: &str) {
        if let Some(input) = self.focused() {
            input.paste(text);
        }
        self.find_relationship(ws);
    }

    /// The relationship the gdap field names now, when it is the one being edited.
    fn find_relationship(&mut self, ws: &Workspace) {
        if self.field == Field::Relationship {
            let typed = self.relationship.value().trim();
            self.relationship_found = (!typed.is_empty())
                .then(|| relationship_of(ws, typed))
                .flatten();
        }
    }

    fn checked(&self, ws: &Workspace) -> Result<ImportAnswer, String> {
        let path = self.path.value().trim();
        if path.is_empty() || path == "-" {
            return Err("give the path of an export file, or of a folder of them".into());
        }
        let partner = Id::new(self.partner.value().trim());
        if ws.partner(&partner).is_none() {
            return Err(format!(
                "no partner `{}` in the workspace: give a partner's id (pane 2), or add the partner first",
                self.partner.value().trim()
            ));
        }
        // One the workspace does not hold yet may come with the same import (its Graph id):
        // the core says so if it does not.
        let relationship = match self.relationship.value().trim() {
            "" => None,
            typed => Some(
                self.relationship_found
                    .clone()
                    .unwrap_or_else(|| Id::new(typed)),
            ),
        };
        Ok(ImportAnswer::Import {
            path: path.to_string(),
            partner,
            relationship,
            complete: self.complete,
        })
    }

    /// What the relationship field says under it: what it is for while empty, else the
    /// relationship it names (or that it names none).
    fn relationship_hint(&self, ws: &Workspace) -> String {
        if self.relationship.value().trim().is_empty() {
            return "only for an access-assignment listing that does not name its GDAP relationship"
                .into();
        }
        match self
            .relationship_found
            .as_ref()
            .and_then(|id| ws.relationship(id))
        {
            Some(r) => {
                let name = r
                    .gdap
                    .as_ref()
                    .map_or(r.id.as_str(), |g| g.display_name.as_str());
                format!("the assignments of {}", crate::display::inert(name))
            }
            None => {
                "not in the workspace: the relationships this import brings must hold it".into()
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, theme: Theme) {
        let popup = centered(area, 96, 16);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Import Partner Center / Graph exports ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " tab next field · enter import · ctrl-w word · ctrl-u clear · esc cancel ",
                theme.dim(),
            ));
        let width = popup.width.saturating_sub(14) as usize;
        let field = |label: &str, input: &TextInput, focused: bool| {
            let mut spans = vec![Span::styled(
                format!("{label:<9}> "),
                if focused { theme.key() } else { theme.dim() },
            )];
            spans.extend(input.spans(focused, width, Style::new(), theme));
            Line::from(spans)
        };
        let partner_name = ws
            .partner(&Id::new(self.partner.value().trim()))
            .map_or_else(
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
            field(
                "gdap",
                &self.relationship,
                self.field == Field::Relationship,
            ),
            Line::styled(format!("  {}", self.relationship_hint(ws)), theme.dim()),
            Line::from(vec![
                Span::styled(
                    "complete > ",
                    if self.field == Field::Complete {
                        theme.key()
                    } else {
                        theme.dim()
                    },
                ),
                Span::raw(if self.complete { "[x]" } else { "[ ]" }),
            ]),
            Line::styled(
                "  the pages are the whole export (space): the report names what it no longer lists",
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

/// The relationship `typed` names: its id, or the id Graph gave it, without regard to case.
fn relationship_of(ws: &Workspace, typed: &str) -> Option<Id> {
    let exact = Id::new(typed);
    if ws.relationship(&exact).is_some() {
        return Some(exact);
    }
    ws.relationships()
        .find(|r| {
            r.id.as_str().eq_ignore_ascii_case(typed)
                || r.external_id
                    .as_ref()
                    .is_some_and(|e| e.as_str().eq_ignore_ascii_case(typed))
        })
        .map(|r| r.id.clone())
}
