//! The merge conflicts pop-up (`c`, `:resolve`): the conflicts the workspace records (a git
//! merge's, or the app's own merge with a file changed on disk), one row each, and the selected
//! one in full — base, ours, theirs, the rule. `o` / `t` take ours or theirs for it through
//! the core (`ResolveConflict`: checked by the rules, journaled, one undo each); a normal save
//! then writes the answer. It draws only the rows that fit, whatever the number of conflicts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use serde_json::Value;

use crate::display::inert;
use crate::domain::{Conflict, ConflictKind, Side};
use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::workspace::Workspace;

pub struct ConflictsPopup {
    cursor: usize,
    /// What the last answer did (or why the core refused it).
    note: Option<String>,
}

pub enum ConflictsAnswer {
    Stay,
    Close,
    /// Answer the conflict `id` with `side`; the pop-up opens again at `cursor`.
    Take {
        id: String,
        side: Side,
        cursor: usize,
    },
}

impl ConflictsPopup {
    pub fn new(cursor: usize, note: Option<String>) -> ConflictsPopup {
        ConflictsPopup { cursor, note }
    }

    /// The footer while the pop-up is open: its keys, as the keymap binds them.
    pub fn hint(keymap: &Keymap) -> String {
        let key = |cmd| keymap.first_keys_label(cmd, 1);
        format!(
            " {}/{} move · {} take ours · {} take theirs · {} close (s saves the answers)",
            key(Cmd::ConflictsDown),
            key(Cmd::ConflictsUp),
            key(Cmd::ConflictOurs),
            key(Cmd::ConflictTheirs),
            key(Cmd::ConflictsClose),
        )
    }

    pub fn handle(&mut self, cmd: Option<Cmd>, ws: &Workspace) -> ConflictsAnswer {
        let count = ws.conflicts().len();
        self.cursor = self.cursor.min(count.saturating_sub(1));
        let side = match cmd {
            Some(Cmd::ConflictsClose) => return ConflictsAnswer::Close,
            Some(Cmd::ConflictsDown) => {
                self.cursor = (self.cursor + 1).min(count.saturating_sub(1));
                return ConflictsAnswer::Stay;
            }
            Some(Cmd::ConflictsUp) => {
                self.cursor = self.cursor.saturating_sub(1);
                return ConflictsAnswer::Stay;
            }
            Some(Cmd::ConflictOurs) => Side::Ours,
            Some(Cmd::ConflictTheirs) => Side::Theirs,
            _ => return ConflictsAnswer::Stay,
        };
        match ws.conflicts().nth(self.cursor) {
            Some(conflict) => ConflictsAnswer::Take {
                id: conflict.id.clone(),
                side,
                cursor: self.cursor,
            },
            None => ConflictsAnswer::Stay,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, theme: Theme) {
        let count = ws.conflicts().len();
        // Borders, a note, the rows (at most 8), a rule and the selected one's details.
        let rows = u16::try_from(count.clamp(1, 8)).unwrap_or(8);
        let popup = centered(area, 110, rows + 12);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                format!(" Merge conflicts ({count}) "),
                theme.heading(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let list_height = rows;
        let [note, list, detail] = Layout::vertical([
            Constraint::Length(u16::from(self.note.is_some())),
            Constraint::Length(list_height.min(inner.height / 2)),
            Constraint::Fill(1),
        ])
        .areas(inner);
        if let Some(text) = &self.note {
            frame.render_widget(
                Paragraph::new(Line::styled(inert(text).into_owned(), theme.warn())),
                note,
            );
        }
        if count == 0 {
            frame.render_widget(
                Paragraph::new("No merge conflicts left: s saves the answers."),
                list,
            );
            return;
        }
        let cursor = self.cursor.min(count - 1);
        let rows = usize::from(list.height).max(1);
        // The window of rows that holds the cursor: only those rows are built.
        let first = cursor.saturating_sub(rows - 1);
        let lines: Vec<Line> = ws
            .conflicts()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(at, c)| {
                let text = format!("{:<7} {}", kind_label(c), inert(&c.id));
                if at == cursor {
                    Line::styled(text, theme.selected())
                } else {
                    Line::raw(text)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(conflict) = ws.conflicts().nth(cursor) {
            frame.render_widget(
                Paragraph::new(details(conflict, theme))
                    .block(
                        Block::default()
                            .borders(Borders::TOP)
                            .border_style(theme.border()),
                    )
                    .wrap(Wrap { trim: false }),
                detail,
            );
        }
    }
}

fn kind_label(conflict: &Conflict) -> &'static str {
    match conflict.kind {
        ConflictKind::Field => "field",
        ConflictKind::Deleted => "deleted",
        ConflictKind::Rule => "rule",
    }
}

/// The selected conflict in full: what, both values (and the base), the rule.
fn details(conflict: &Conflict, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(inert(&conflict.message).into_owned())];
    if let Some(rule) = &conflict.rule {
        lines.push(Line::from(vec![
            Span::styled("rule    ", theme.key()),
            Span::raw(format!(
                "{} — fix the records with an action; o or t marks it seen",
                inert(rule)
            )),
        ]));
        return lines;
    }
    for (label, value) in [
        ("ours    ", conflict.ours.as_ref()),
        ("theirs  ", conflict.theirs.as_ref()),
        ("base    ", conflict.base.as_ref()),
    ] {
        lines.push(Line::from(vec![
            Span::styled(label, theme.key()),
            Span::raw(shown(value)),
        ]));
    }
    lines
}

/// A value on one line: a text as it is, anything else as compact JSON, cut when long.
fn shown(value: Option<&Value>) -> String {
    const LONGEST: usize = 300;
    let text = match value {
        None => "(none: deleted on that side)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let text = inert(&text).into_owned();
    if text.chars().count() > LONGEST {
        format!("{}…", text.chars().take(LONGEST - 1).collect::<String>())
    } else {
        text
    }
}
