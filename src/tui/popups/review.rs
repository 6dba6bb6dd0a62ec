//! The Review pop-up (`6`, `:review`): the findings of `domain::review`, grouped by severity
//! with counts. The selected finding's fix is previewed through the core (what it does, or the
//! rule that would refuse it); `f` applies the marked findings' fixes (or the selected one's)
//! as one undoable batch, and the refusals are listed here after it. Enter jumps to the record.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::review::{Finding, Settings, Severity, review};
use crate::domain::{RecordKind, Time};
use crate::store::user_templates;
use crate::tui::panes::Target;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::workspace::Workspace;

pub struct ReviewPopup {
    findings: Vec<Finding>,
    cursor: usize,
    marks: BTreeSet<usize>,
    /// The core's verdict on the selected finding's fix, made when the selection moves.
    preview: String,
    /// What the last `f` did: one line per refusal, after a summary.
    notes: Vec<String>,
}

pub enum ReviewAnswer {
    Stay,
    Close,
    Jump(Target),
    /// Apply these findings' fixes as one batch.
    Fix(Vec<Finding>),
}

impl ReviewPopup {
    pub fn new(ws: &Workspace, now: Time, notes: Vec<String>) -> ReviewPopup {
        let catalogue = &user_templates::catalogue().catalogue;
        let findings = review(ws, catalogue, &Settings::default(), now);
        let mut popup = ReviewPopup {
            findings,
            cursor: 0,
            marks: BTreeSet::new(),
            preview: String::new(),
            notes,
        };
        popup.preview(ws, now);
        popup
    }

    /// Previews the selected finding's fix through the core: only that one, so a move costs
    /// one check whatever the workspace holds.
    fn preview(&mut self, ws: &Workspace, now: Time) {
        self.preview = match self.findings.get(self.cursor) {
            None => "no findings".into(),
            Some(Finding { fix: None, .. }) => "no fix the core can make: see why".into(),
            Some(Finding { fix: Some(fix), .. }) => {
                let mut state = ws.clone();
                let mut verdict = format!("f: {} as {} — the core accepts it", fix.summary, fix.actor);
                for action in &fix.actions {
                    match crate::domain::apply(&state, &fix.actor, action, now) {
                        Ok(applied) => state = applied.workspace,
                        Err(refusal) => {
                            verdict = format!("f: {} — refused: {refusal}", fix.summary);
                            break;
                        }
                    }
                }
                verdict
            }
        };
    }

    pub fn handle_key(&mut self, ws: &Workspace, now: Time, key: KeyEvent) -> ReviewAnswer {
        let last = self.findings.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return ReviewAnswer::Close,
            KeyCode::Down | KeyCode::Char('j') => self.cursor = (self.cursor + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::PageDown => self.cursor = (self.cursor + 10).min(last),
            KeyCode::PageUp => self.cursor = self.cursor.saturating_sub(10),
            KeyCode::Char(' ') if !self.findings.is_empty() => {
                if !self.marks.remove(&self.cursor) {
                    self.marks.insert(self.cursor);
                }
                self.cursor = (self.cursor + 1).min(last);
            }
            KeyCode::Enter => {
                return match self.findings.get(self.cursor).and_then(|f| target(ws, f)) {
                    Some(t) => ReviewAnswer::Jump(t),
                    None => ReviewAnswer::Stay,
                };
            }
            KeyCode::Char('f') => {
                let chosen: Vec<Finding> = if self.marks.is_empty() {
                    self.findings.get(self.cursor).cloned().into_iter().collect()
                } else {
                    self.marks
                        .iter()
                        .filter_map(|&i| self.findings.get(i).cloned())
                        .collect()
                };
                return ReviewAnswer::Fix(chosen);
            }
            _ => return ReviewAnswer::Stay,
        }
        self.preview(ws, now);
        ReviewAnswer::Stay
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 116, 34);
        frame.render_widget(Clear, popup);
        let counts: Vec<String> = Severity::ALL
            .iter()
            .map(|s| {
                let n = self.findings.iter().filter(|f| f.severity == *s).count();
                format!("{n} {s}")
            })
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                format!(" Review · {} ", counts.join(" · ")),
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " j/k move · space mark · f fix (one undo) · enter go to record · esc close ",
                theme.dim(),
            ));
        let inner_height = usize::from(popup.height.saturating_sub(2));
        let reserved = 2 + self.notes.len().min(6);
        let room = inner_height.saturating_sub(reserved).max(1);
        let mut lines: Vec<Line> = Vec::new();
        // Rows (group headings and findings), then only the window around the cursor is drawn.
        let mut rows: Vec<(Option<usize>, Line)> = Vec::new();
        let mut shown: Option<Severity> = None;
        for (i, f) in self.findings.iter().enumerate() {
            if shown != Some(f.severity) {
                shown = Some(f.severity);
                let n = self.findings.iter().filter(|g| g.severity == f.severity).count();
                rows.push((
                    None,
                    Line::from(Span::styled(
                        format!("{} ({n})", f.severity.label().to_uppercase()),
                        theme.heading(),
                    )),
                ));
            }
            let mark = if self.marks.contains(&i) { "[x]" } else { "[ ]" };
            let fix = f.fix.as_ref().map_or(String::new(), |x| format!(" · fix: {}", x.summary));
            let text = crate::display::inert(&format!("{mark} {}  {}{fix}", f.id, f.why)).into_owned();
            let style = if i == self.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            rows.push((Some(i), Line::from(Span::styled(text, style))));
        }
        let at = rows
            .iter()
            .position(|(i, _)| *i == Some(self.cursor))
            .unwrap_or(0);
        let start = at.saturating_sub(room.saturating_sub(1));
        lines.extend(rows.into_iter().skip(start).take(room).map(|(_, l)| l));
        if self.findings.is_empty() {
            lines.push(Line::raw("nothing to review: no findings"));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            crate::display::inert(&self.preview).into_owned(),
            theme.dim(),
        )));
        for note in self.notes.iter().take(6) {
            lines.push(Line::raw(crate::display::inert(note).into_owned()));
        }
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}

/// Where Enter on a finding goes.
fn target(ws: &Workspace, f: &Finding) -> Option<Target> {
    let id = f.record.clone();
    Some(match f.kind {
        RecordKind::Relationship => Target::Relationship(id),
        RecordKind::Invitation => Target::Invitation(id),
        RecordKind::Customer => Target::Customer(id),
        RecordKind::Partner => Target::Partner(id),
        RecordKind::AccessAssignment => Target::Assignment {
            relationship: ws.assignment(&id)?.relationship_id.clone(),
            assignment: id,
        },
        RecordKind::Subscription => return None,
    })
}
