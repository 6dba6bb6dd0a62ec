//! What an import did, in a pop-up: the same summary as the CLI's `import --verbose`
//! (`interop::summary`) — files by kind and each file, counts by kind, the records left out
//! with their rules, plans linked, what a whole export no longer lists, findings, unknown
//! roles. Any key but the scroll keys closes it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::imported::{ImportMissing, ImportReport};
use crate::interop::Plan;
use crate::interop::summary::Summary;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;

pub struct ImportReportPopup {
    title: String,
    lines: Vec<String>,
    scroll: usize,
}

impl ImportReportPopup {
    /// The report of an import as `partner` (its name) of the files `plan` read, with the
    /// records a whole export no longer lists (`missing`).
    pub fn new(
        partner: &str,
        plan: &Plan,
        report: &ImportReport,
        missing: &[ImportMissing],
    ) -> ImportReportPopup {
        let summary = Summary {
            plan,
            report,
            missing,
            slowest: None,
        };
        // Every entry: the pop-up scrolls, so nothing needs cutting.
        let lines = summary.lines(true);
        ImportReportPopup {
            title: format!(
                " Imported as {partner} from {} file(s) · u undoes it ",
                plan.sources.len()
            ),
            lines,
            scroll: 0,
        }
    }

    /// True while the pop-up stays open.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let last = self.lines.len().saturating_sub(1);
        self.scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => (self.scroll + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => (self.scroll + 10).min(last),
            KeyCode::PageUp => self.scroll.saturating_sub(10),
            _ => return false,
        };
        true
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 110, 30);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                crate::display::inert(&self.title).into_owned(),
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                " j/k scroll · any other key closes ",
                theme.dim(),
            ));
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(self.scroll)
            .map(|l| Line::raw(crate::display::inert(l).into_owned()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
