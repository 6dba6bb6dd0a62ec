//! The Review pop-up (`6`, `:review`): the findings of `domain::review`, grouped by severity
//! with counts. The selected finding's fix is previewed through the core (what it does, or the
//! rule that would refuse it); `f` applies the marked findings' fixes (or the selected one's)
//! as one undoable batch, and the refusals are listed here after it. Enter jumps to the record.

use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::review::{Finding, Settings, Severity};
use crate::domain::{RecordKind, Time};
use crate::store::user_templates;
use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
use crate::tui::panes::Target;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::workspace::{Workspace, review_workspace};

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
    /// Apply these findings' fixes as one batch; the review reopens at `cursor`.
    Fix {
        findings: Vec<Finding>,
        cursor: usize,
    },
}

impl ReviewPopup {
    /// The footer while the review is open: its keys, as the keymap binds them.
    pub fn hint(keymap: &Keymap) -> String {
        let key = |cmd| keymap.first_keys_label(cmd, 1);
        format!(
            " {}/{} move · {} mark · {} fix (one undo) · {} go to record · {} close",
            key(Cmd::ReviewDown),
            key(Cmd::ReviewUp),
            key(Cmd::ReviewMark),
            key(Cmd::ReviewFix),
            key(Cmd::ReviewOpen),
            key(Cmd::ReviewClose),
        )
    }

    /// The review opened again at row `cursor` (kept within the findings there are now).
    pub fn at(mut self, cursor: usize, ws: &Workspace, now: Time) -> ReviewPopup {
        self.cursor = cursor.min(self.findings.len().saturating_sub(1));
        self.preview(ws, now);
        self
    }

    pub fn new(ws: &Workspace, now: Time, notes: Vec<String>) -> ReviewPopup {
        let catalogue = &user_templates::catalogue().catalogue;
        let findings = review_workspace(ws, catalogue, &Settings::default(), now);
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
                let mut verdict =
                    format!("f: {} as {} — the core accepts it", fix.summary, fix.actor);
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

    pub fn handle(&mut self, cmd: Option<Cmd>, ws: &Workspace, now: Time) -> ReviewAnswer {
        let last = self.findings.len().saturating_sub(1);
        match cmd {
            Some(Cmd::ReviewClose) => return ReviewAnswer::Close,
            Some(Cmd::ReviewDown) => self.cursor = (self.cursor + 1).min(last),
            Some(Cmd::ReviewUp) => self.cursor = self.cursor.saturating_sub(1),
            Some(Cmd::ReviewPageDown) => self.cursor = (self.cursor + 10).min(last),
            Some(Cmd::ReviewPageUp) => self.cursor = self.cursor.saturating_sub(10),
            Some(Cmd::ReviewMark) if !self.findings.is_empty() => {
                if !self.marks.remove(&self.cursor) {
                    self.marks.insert(self.cursor);
                }
                self.cursor = (self.cursor + 1).min(last);
            }
            Some(Cmd::ReviewOpen) => {
                return match self.findings.get(self.cursor).and_then(|f| target(ws, f)) {
                    Some(t) => ReviewAnswer::Jump(t),
                    None => ReviewAnswer::Stay,
                };
            }
            Some(Cmd::ReviewFix) => {
                let chosen: Vec<Finding> = if self.marks.is_empty() {
                    self.findings
                        .get(self.cursor)
                        .cloned()
                        .into_iter()
                        .collect()
                } else {
                    self.marks
                        .iter()
                        .filter_map(|&i| self.findings.get(i).cloned())
                        .collect()
                };
                return ReviewAnswer::Fix {
                    findings: chosen,
                    cursor: self.cursor,
                };
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
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                format!(" Review · {} ", counts.join(" · ")),
                theme.heading(),
            ));
        if !self.marks.is_empty() {
            block = block.title_bottom(Span::styled(
                format!(" {} marked ", self.marks.len()),
                theme.key(),
            ));
        }
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        // The selected finding in full, the core's verdict on its fix and the last fix's notes
        // sit under the list, wrapped.
        let below = (4 + self.notes.len().min(6)) as u16;
        let list_height = inner.height.saturating_sub(below).max(1);
        let list_area = Rect {
            height: list_height,
            ..inner
        };
        let below_area = Rect {
            y: inner.y + list_height,
            height: inner.height.saturating_sub(list_height),
            ..inner
        };
        frame.render_widget(
            Paragraph::new(self.list_lines(usize::from(list_height), theme)),
            list_area,
        );
        let mut lines = Vec::new();
        if let Some(f) = self.findings.get(self.cursor) {
            lines.push(Line::from(Span::styled(
                crate::display::inert(&format!("{}: {}", f.id(), f.why)).into_owned(),
                theme.heading(),
            )));
        }
        lines.push(Line::from(Span::styled(
            crate::display::inert(&self.preview).into_owned(),
            theme.dim(),
        )));
        for note in self.notes.iter().take(6) {
            lines.push(Line::raw(crate::display::inert(note).into_owned()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), below_area);
    }

    /// The rows (severity headings with counts, then findings) in the window around the
    /// cursor: only what fits is made.
    fn list_lines(&self, room: usize, theme: Theme) -> Vec<Line<'static>> {
        if self.findings.is_empty() {
            return vec![Line::raw("nothing to review: no findings")];
        }
        let mut rows: Vec<(Option<usize>, Severity)> = Vec::new();
        let mut shown: Option<Severity> = None;
        for (i, f) in self.findings.iter().enumerate() {
            if shown != Some(f.severity) {
                shown = Some(f.severity);
                rows.push((None, f.severity));
            }
            rows.push((Some(i), f.severity));
        }
        let at = rows
            .iter()
            .position(|(i, _)| *i == Some(self.cursor))
            .unwrap_or(0);
        let start = at.saturating_sub(room.saturating_sub(1));
        rows.into_iter()
            .skip(start)
            .take(room)
            .map(|(i, severity)| match i {
                None => {
                    let n = self
                        .findings
                        .iter()
                        .filter(|g| g.severity == severity)
                        .count();
                    Line::from(Span::styled(
                        format!("{} ({n})", severity.label().to_uppercase()),
                        theme.heading(),
                    ))
                }
                Some(i) => {
                    let f = &self.findings[i];
                    let cursor = if i == self.cursor { "▶" } else { " " };
                    let mark = if self.marks.contains(&i) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    let fix = f.fix.as_ref().map_or("—", |x| x.summary.as_str());
                    let text = crate::display::inert(&format!(
                        "{cursor}{mark} {:<34} {:<28} {}",
                        f.id(),
                        fix,
                        f.why
                    ))
                    .into_owned();
                    let style = if i == self.cursor {
                        theme.selected()
                    } else {
                        ratatui::style::Style::default()
                    };
                    Line::from(Span::styled(text, style))
                }
            })
            .collect()
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
        RecordKind::Subscription | RecordKind::Conflict => return None,
    })
}
