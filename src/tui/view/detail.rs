//! The detail of the selected record, its linked lines marked and the selected link kept in
//! view when the detail has the focus. Where it is drawn goes to the layout, for clicks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::{App, Focus};
use crate::tui::browse::ScreenLayout;

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let focused = app.focus() == Focus::Detail && !app.has_modal();
    let hint = if focused {
        " enter jump · esc back "
    } else if app.pane() == crate::tui::panes::Pane::History {
        // Enter on an audit entry goes straight to the record it concerns.
        " enter jumps to the record · H its history "
    } else {
        " enter to browse links "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Span::styled(" Detail ", theme.heading()))
        .title_bottom(Span::styled(hint, theme.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    layout.detail = inner;
    let lines = app.detail_lines();
    let mut selected_line = None;
    let mut link = 0;
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for (i, l) in lines.into_iter().enumerate() {
        let mut line = l.line;
        if l.target.is_some() {
            if focused && link == app.browse().detail_link() {
                selected_line = Some(i);
                if let Some(first) = line.spans.first_mut() {
                    let marked =
                        first
                            .content
                            .replacen("  →", "▶ →", 1)
                            .replacen("      ↳", "    ▶ ↳", 1);
                    first.content = marked.into();
                }
                line = line.style(theme.selected());
            }
            link += 1;
        }
        out.push(line);
    }
    let height = inner.height as usize;
    let offset = selected_line.map_or(0, |line| (line + 1).saturating_sub(height));
    layout.detail_offset = offset;
    frame.render_widget(
        Paragraph::new(out).scroll((offset.min(u16::MAX as usize) as u16, 0)),
        inner,
    );
}
