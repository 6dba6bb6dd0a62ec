//! The detail of the selected record, wrapped to the pane's width and scrolled to its window
//! (the selected link kept in view when the detail has the focus), with where the window is:
//! "12–30 of 58" in the frame and a scrollbar on its right edge when it does not all fit. Where
//! it is drawn goes to the layout, for clicks.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::tui::app::{App, Focus};
use crate::tui::browse::{DetailLayout, ScreenLayout};
use crate::tui::widgets::position;

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let focused = app.focus() == Focus::Detail && !app.has_modal();
    let lines = app.detail_lines();
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let height = usize::from(inner.height);
    let wrapped = DetailLayout::new(&lines, inner.width);
    let scrolls = wrapped.rows() > height;
    let hint = if focused {
        if scrolls {
            " j/k pgdn/pgup g/G · enter jump · esc back "
        } else {
            " j/k links · enter jump · esc back "
        }
    } else if app.pane() == crate::tui::panes::Pane::History {
        // Enter on an audit entry goes straight to the record it concerns.
        if scrolls {
            " enter jumps to the record · l scrolls · H its history "
        } else {
            " enter jumps to the record · H its history "
        }
    } else if scrolls {
        " enter to scroll and browse links "
    } else {
        " enter to browse links "
    };
    let mut view = app.browse().detail_view();
    if !focused {
        view.link = None;
    }
    // Keep the selected link in view when the size changed since the key that chose it.
    let view = wrapped.show_link(view, height);
    layout.detail = inner;
    layout.detail_offset = view.top;

    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Span::styled(" Detail ", theme.heading()))
        .title_bottom(Span::styled(hint, theme.dim()));
    if scrolls {
        block = block.title(
            Line::styled(
                position::label(view.top, height, wrapped.rows()),
                theme.dim(),
            )
            .right_aligned(),
        );
    }
    frame.render_widget(block, area);

    let mut link = 0;
    let out: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let mut line = l.line;
            if l.target.is_some() {
                if view.link == Some(link) {
                    if let Some(first) = line.spans.first_mut() {
                        let marked = first.content.replacen("  →", "▶ →", 1).replacen(
                            "      ↳",
                            "    ▶ ↳",
                            1,
                        );
                        first.content = marked.into();
                    }
                    line = line.style(theme.selected());
                }
                link += 1;
            }
            line
        })
        .collect();
    frame.render_widget(
        Paragraph::new(out)
            .wrap(Wrap { trim: false })
            .scroll((view.top.min(u16::MAX as usize) as u16, 0)),
        inner,
    );
    if scrolls {
        position::scrollbar(
            frame,
            area.inner(Margin::new(0, 1)),
            view.top,
            height,
            wrapped.rows(),
            theme,
        );
    }
}
