//! The tabs under the header: each pane with its number and how many records it lists (the
//! shown one highlighted; the counts go when they would not fit). Where each tab is drawn goes
//! to the layout, for clicks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::browse::ScreenLayout;
use crate::tui::panes::Pane;

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let mut spans = Vec::new();
    let mut x = area.x;
    let full = |pane: Pane| {
        format!(
            " {} {} ({}) ",
            pane.number() + 1,
            pane.title(),
            app.list(pane).total()
        )
    };
    // When every tab with its count does not fit (80 columns), the counts go: each pane's
    // number and name still show.
    let needed: usize = Pane::ALL
        .iter()
        .map(|&pane| unicode_width::UnicodeWidthStr::width(full(pane).as_str()) + 1)
        .sum();
    let compact = needed > usize::from(area.width);
    for pane in Pane::ALL {
        let label = if compact {
            format!(" {} {} ", pane.number() + 1, pane.title())
        } else {
            full(pane)
        };
        let width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        let style = if pane == app.pane() {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        layout.tabs.push((
            Rect {
                x,
                y: area.y,
                width: width.min(area.right().saturating_sub(x)),
                height: 1,
            },
            pane,
        ));
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
        x = x.saturating_add(width + 1);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
