//! The message log (`m`): every status message of the session in full, newest last, with the
//! time it was said — the status line shows one line and fades; this keeps them. ↑/↓ (j/k),
//! PgUp/PgDn, g/G scroll; Esc, q or m close it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::status::StatusLine;

/// The log's first line shown; `None` follows the newest.
#[derive(Default)]
pub struct MessageLog {
    top: Option<usize>,
}

const PAGE: usize = 10;

impl MessageLog {
    /// A key; false when it closes the log. `count`: how many messages there are.
    pub fn handle_key(&mut self, key: KeyEvent, count: usize) -> bool {
        let last = count.saturating_sub(1);
        let top = self.top.unwrap_or(last);
        self.top = Some(
            match key.code {
                KeyCode::Esc | KeyCode::Char('q' | 'm') => return false,
                KeyCode::Down | KeyCode::Char('j') => top + 1,
                KeyCode::Up | KeyCode::Char('k') => top.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => top + PAGE,
                KeyCode::PageUp => top.saturating_sub(PAGE),
                KeyCode::Home | KeyCode::Char('g') => 0,
                KeyCode::End | KeyCode::Char('G') => last,
                _ => top,
            }
            .min(last),
        );
        true
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, status: &StatusLine, theme: Theme) {
        let popup = centered(area, 110, area.height.saturating_sub(2).max(8));
        frame.render_widget(Clear, popup);
        let log = status.log();
        let rows = popup.height.saturating_sub(2) as usize;
        // Following the newest: the last screenful; else from the line chosen.
        let start = match self.top {
            Some(top) => top,
            None => log.len().saturating_sub(rows),
        };
        let lines: Vec<Line> = if log.is_empty() {
            vec![Line::styled("no messages yet", theme.dim())]
        } else {
            log.iter()
                .skip(start)
                .map(|logged| {
                    let (mark, style) = if logged.status.error {
                        ("✗ ", theme.error())
                    } else {
                        ("• ", ratatui::style::Style::new())
                    };
                    Line::from(vec![
                        Span::styled(logged.at.0.strftime("%H:%M:%S ").to_string(), theme.dim()),
                        Span::styled(mark, style),
                        Span::styled(
                            crate::display::inert(&logged.status.text).into_owned(),
                            style,
                        ),
                    ])
                })
                .collect()
        };
        let shown_to = (start + rows).min(log.len());
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                format!(
                    " Messages {}–{} of {} ",
                    (start + 1).min(log.len()),
                    shown_to,
                    log.len()
                ),
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " ↑/↓ j/k scroll · pgup/pgdn page · g/G first/last · esc/q/m close ",
                theme.dim(),
            ));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
