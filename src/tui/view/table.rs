//! The shown pane's table: its title (counts, the filter being typed, marks, the status
//! filter, a search under way) and only the rows of the visible window. Where the rows are
//! drawn goes to the layout, for clicks and paging.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::tui::app::{App, Focus};
use crate::tui::browse::ScreenLayout;
use crate::tui::panes::{Pane, customers};

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let pane = app.pane();
    let index = app.list(pane);
    let mut title = vec![
        Span::styled(format!(" {} ", pane.title()), theme.heading()),
        Span::raw(format!("{}/{} ", index.len(), index.total())),
    ];
    // A search still under way: what is shown is a lower bound, and how far it has got.
    if let Some(progress) = index.progress() {
        title[1] = Span::raw(format!("≥{}/{} ", index.len(), index.total()));
        title.push(Span::styled(
            format!("searching… {:.0}% ", progress * 100.0),
            theme.dim(),
        ));
    }
    if app.browse().filter_editing() {
        // The filter being typed, with its cursor (the text edits like every field).
        title.push(Span::styled("/", theme.key()));
        title.extend(
            app.browse()
                .filter_input()
                .spans(true, 40, theme.key(), theme),
        );
        title.push(Span::raw(" "));
    } else if !index.query().is_empty() {
        title.push(Span::styled(
            format!("/{} ", crate::display::inert(index.query())),
            theme.key(),
        ));
    }
    if pane == Pane::Customers && !app.marked().is_empty() {
        title.push(Span::styled(
            format!("{} marked ", app.marked().len()),
            theme.key(),
        ));
    }
    if let Some(tag) = index.tag_filter() {
        let label = pane
            .status_labels()
            .get(tag as usize)
            .copied()
            .unwrap_or("?");
        title.push(Span::styled(format!("status: {label} "), theme.key()));
    }
    let focused = app.focus() == Focus::Table && !app.has_modal();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows_area = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    layout.table_rows = rows_area;
    let (offset, ids) = index.window(rows_area.height as usize);
    if ids.is_empty() {
        let text = if index.total() == 0 {
            "nothing here yet"
        } else if index.searching() {
            "searching…"
        } else {
            "no row matches the filter (esc clears it)"
        };
        frame.render_widget(
            Paragraph::new(format!(" {}", pane.header_text())),
            Rect { height: 1, ..inner },
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), rows_area);
        return;
    }
    // Marked customers (Space) get a marker column while any is marked.
    let marking = pane == Pane::Customers && !app.marked().is_empty();
    let rows: Vec<Row> = ids
        .iter()
        .map(|id| {
            if marking {
                customers::marked_row(app.workspace(), id, app.marked().contains(*id))
            } else {
                pane.row(app.workspace(), app.now(), id)
            }
        })
        .collect();
    let (header, widths) = if marking {
        (customers::marked_header(), customers::marked_widths())
    } else {
        (pane.header(), pane.widths())
    };
    let table = Table::new(rows, widths)
        .header(header.style(theme.heading()))
        .column_spacing(1)
        .row_highlight_style(if focused {
            theme.selected()
        } else {
            theme.selected_unfocused()
        })
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always);
    let mut state =
        TableState::default().with_selected(Some(index.selected().saturating_sub(offset)));
    frame.render_stateful_widget(table, inner, &mut state);
}
