//! The pass-time form (`T`, `:tick`): by N days or to a date, with the core's preview of what
//! would happen then — computed by applying `PassTime` at that moment to the workspace on
//! screen without keeping the result. Enter passes time through `apply_action` (journaled,
//! undoable), and the app's clock moves there.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::{Action, Actor, RecordKind, Time, apply};
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::text_input::{Edit, TextInput};
use crate::workspace::Workspace;

/// How far the form proposes to go when it opens.
const DEFAULT_DAYS: &str = "30";
/// A century: further is a typing mistake, not a demo.
const MAX_DAYS: i64 = 36_500;

pub struct PassTimeForm {
    /// Days or a date; the proposed 30 is selected, so typing replaces it.
    input: TextInput,
    /// The moment typed, or why the text is none.
    target: Result<Time, String>,
    /// What the core says would happen then (one line per change), or its refusal.
    preview: Result<Vec<String>, String>,
}

/// What a key did to the form.
pub enum PassTimeAnswer {
    Stay,
    Cancel,
    Pass(Time),
}

impl PassTimeForm {
    pub fn new(ws: &Workspace, now: Time) -> PassTimeForm {
        let mut form = PassTimeForm {
            input: TextInput::new(DEFAULT_DAYS).with_max(40),
            target: Err(String::new()),
            preview: Ok(Vec::new()),
        };
        form.input.focus();
        form.update(ws, now);
        form
    }

    /// Pasted text lands in the form's one field.
    pub fn paste(&mut self, ws: &Workspace, now: Time, text: &str) {
        if self.input.paste(text) {
            self.update(ws, now);
        }
    }

    /// The moment the form would pass time to.
    pub fn target(&self) -> Option<Time> {
        self.target.as_ref().ok().copied()
    }

    pub fn handle_key(&mut self, ws: &Workspace, now: Time, key: KeyEvent) -> PassTimeAnswer {
        match key.code {
            KeyCode::Esc => return PassTimeAnswer::Cancel,
            KeyCode::Enter => {
                // Counted from the clock at Enter (the wall clock moved since the last key).
                self.update(ws, now);
                return match (&self.target, &self.preview) {
                    (Ok(target), Ok(_)) => PassTimeAnswer::Pass(*target),
                    _ => PassTimeAnswer::Stay,
                };
            }
            _ => {
                if self.input.handle_key(&key) != Edit::Changed {
                    return PassTimeAnswer::Stay;
                }
            }
        }
        self.update(ws, now);
        PassTimeAnswer::Stay
    }

    fn update(&mut self, ws: &Workspace, now: Time) {
        self.target = parse_target(self.input.value(), now);
        self.preview = match &self.target {
            Ok(target) => preview(ws, *target),
            Err(_) => Ok(Vec::new()),
        };
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now: Time, theme: Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Pass time (as the operator) ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " enter pass time · ctrl-u clear · esc cancel · undo (u) goes back ",
                theme.dim(),
            ));
        let mut lines = vec![
            Line::from(
                vec![
                    Span::styled(
                        "by days, or to a date (YYYY-MM-DD or RFC 3339): ",
                        theme.dim(),
                    ),
                    Span::styled("> ", theme.key()),
                ]
                .into_iter()
                .chain(self.input.spans(true, 40, Style::new(), theme))
                .collect::<Vec<_>>(),
            ),
            Line::default(),
        ];
        match &self.target {
            Err(why) => lines.push(Line::styled(why.clone(), theme.error())),
            Ok(target) => {
                lines.push(Line::styled(
                    format!(
                        "to {} — {} day(s) after now ({})",
                        target.0.strftime("%Y-%m-%d %H:%M UTC"),
                        now.days_until(*target),
                        now.date()
                    ),
                    theme.heading(),
                ));
                match &self.preview {
                    Err(why) => lines.push(Line::styled(why.clone(), theme.error())),
                    Ok(changes) if changes.is_empty() => lines.push(Line::styled(
                        "nothing falls due by then: no invitation expires, no relationship ends",
                        theme.dim(),
                    )),
                    Ok(changes) => {
                        lines.push(Line::raw(format!("what would happen ({}):", changes.len())));
                        lines.extend(
                            changes
                                .iter()
                                .map(|c| Line::raw(format!("  {}", crate::display::inert(c)))),
                        );
                    }
                }
            }
        }
        // As tall as what it says (a long preview wraps and scrolls off), at most 24 rows.
        let height = u16::try_from(lines.len() + 4)
            .unwrap_or(u16::MAX)
            .clamp(8, 24);
        let popup = centered(area, 100, height);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}

/// "30" (days from now), "2027-01-01" (that date, at the time of day it is now) or an RFC 3339
/// moment; it must be later than now.
pub fn parse_target(text: &str, now: Time) -> Result<Time, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type a number of days, or a date".into());
    }
    let target = if text.chars().all(|c| c.is_ascii_digit()) {
        let days: i64 = text
            .parse()
            .map_err(|_| format!("{text} days is too far"))?;
        if days > MAX_DAYS {
            return Err(format!("{text} days is too far (at most {MAX_DAYS})"));
        }
        now.plus_days(days)
    } else if is_date(text) {
        let midnight = |date: &str| Time::parse(&format!("{date}T00:00:00Z"));
        let days = midnight(&now.date())?.days_until(midnight(text)?);
        now.plus_days(days)
    } else {
        Time::parse(text)?
    };
    if target <= now {
        return Err(format!(
            "{target} is not after now ({now}); time only passes forward"
        ));
    }
    Ok(target)
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

/// What passing time to `target` would do, by the core, one line per change; the result is
/// dropped.
pub fn preview(ws: &Workspace, target: Time) -> Result<Vec<String>, String> {
    let applied = apply(ws, &Actor::Operator, &Action::PassTime, target)
        .map_err(|refusal| format!("refused — {refusal}"))?;
    let after = &applied.workspace;
    Ok(applied
        .events
        .iter()
        .map(|event| {
            let name = match event.kind {
                RecordKind::Relationship => after
                    .relationship(&event.id)
                    .and_then(|r| r.gdap.as_ref())
                    .map(|g| format!(" ({})", g.display_name)),
                _ => None,
            }
            .unwrap_or_default();
            let end = match event.kind {
                RecordKind::Relationship => after
                    .relationship(&event.id)
                    .and_then(|r| r.end_date_time)
                    .map(|end| format!(" · end {}", end.date())),
                _ => None,
            }
            .unwrap_or_default();
            format!(
                "{} {}{name}: {}{end}",
                event.kind.label(),
                event.id,
                event.change
            )
        })
        .collect())
}
