//! The shown pane's table: its title (counts, the filter being typed, marks, the status
//! filter, a search under way, and which rows are in view) and only the rows of the visible
//! window, in columns fitted to them (`columns.rs`), with a scrollbar when they do not all fit.
//! Where the rows are drawn goes to the layout, for clicks and paging.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use super::columns;
use crate::tui::app::{App, Focus};
use crate::tui::browse::ScreenLayout;
use crate::tui::panes::{Cells, Column, Pane, customers};
use crate::tui::widgets::position;

/// The selection marker's width ("▶"), kept even when nothing is selected so rows do not shift.
const HIGHLIGHT_WIDTH: u16 = 1;
/// Blank columns between two columns.
const SPACING: u16 = 1;

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
        // A large pane's search text may still be on its way (just after opening).
        let how_far = if index.waiting_for_text() {
            "preparing the search text".to_string()
        } else {
            format!("{:.0}%", progress * 100.0)
        };
        title.push(Span::styled(format!("searching… {how_far} "), theme.dim()));
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
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Line::from(title));
    let inner = block.inner(area);
    let rows_area = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    layout.table_rows = rows_area;
    let height = usize::from(rows_area.height);
    let (offset, ids) = index.window(height);
    // Which rows are in view, when they do not all fit.
    let scrolls = index.len() > height;
    if scrolls {
        block = block.title(
            Line::styled(position::label(offset, height, index.len()), theme.dim()).right_aligned(),
        );
    }
    frame.render_widget(block, area);
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
    let mut columns: Vec<Column> = Vec::with_capacity(pane.columns().len() + 1);
    if marking {
        columns.push(customers::MARK);
    }
    columns.extend_from_slice(pane.columns());
    let rows: Vec<Cells> = ids
        .iter()
        .map(|id| {
            let mut cells = pane.cells(app.workspace(), app.now(), id);
            if marking {
                let mark = customers::mark_cell(app.marked().contains(*id));
                cells.texts.insert(0, mark);
            }
            cells
        })
        .collect();
    let texts: Vec<&[String]> = rows.iter().map(|r| r.texts.as_slice()).collect();
    let widths = columns::fit(
        &columns,
        &texts,
        inner.width.saturating_sub(HIGHLIGHT_WIDTH),
        SPACING,
    );
    let header = row_of(&columns, &widths, columns.iter().map(|c| c.title));
    let rows: Vec<Row> = rows
        .iter()
        .map(|cells| {
            let row = row_of(&columns, &widths, cells.texts.iter().map(String::as_str));
            // Soon-ending relationships are marked with text and bold, not colour alone.
            if cells.bold {
                row.style(Style::new().add_modifier(Modifier::BOLD))
            } else {
                row
            }
        })
        .collect();
    let constraints = widths.iter().map(|&w| Constraint::Length(w));
    let table = Table::new(rows, constraints)
        .header(header.style(theme.heading()))
        .column_spacing(SPACING)
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
    if scrolls {
        position::scrollbar(
            frame,
            Rect {
                y: rows_area.y,
                height: rows_area.height,
                ..area
            },
            offset,
            height,
            index.len(),
            theme,
        );
    }
}

/// One row of the table: each text cut to its column's width (with "…"), numbers right-aligned.
fn row_of<'a>(
    columns: &[Column],
    widths: &[u16],
    texts: impl Iterator<Item = &'a str>,
) -> Row<'static> {
    Row::new(
        texts
            .zip(columns.iter().zip(widths))
            .map(|(text, (column, &width))| {
                let line = Line::from(columns::ellipsize(text, width).into_owned());
                Cell::from(if column.right {
                    line.right_aligned()
                } else {
                    line
                })
            }),
    )
}
