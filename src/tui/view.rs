//! Rendering: a pure function of `&App` onto a frame. Only the visible window of a table is turned
//! into rows, so a frame costs the same for 14 customers or 100,000. Below the minimum size a
//! "terminal too small" message replaces the layout.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

use super::app::{App, Focus, Modal, Pane, ScreenLayout};
use super::panes::customers;
use super::widgets::{help, status};
use crate::interop::emit::ScriptFormat;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [header_area, tabs_area, main_area, footer_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let mut layout = ScreenLayout::default();
    status::header(app, frame, header_area);
    tabs(app, frame, tabs_area, &mut layout);
    let (table_area, detail_area) = if main_area.width >= 160 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(main_area);
        (a, b)
    } else {
        // The table takes what its rows need, up to 55%; the detail gets the rest.
        let rows = app.list(app.pane()).len() as u16;
        let most = (main_area.height.saturating_mul(55) / 100).max(1);
        let table_height = rows.saturating_add(3).clamp(6.min(most), most);
        let [a, b] = Layout::vertical([Constraint::Length(table_height), Constraint::Fill(1)])
            .areas(main_area);
        (a, b)
    };
    table(app, frame, table_area, &mut layout);
    detail(app, frame, detail_area, &mut layout);
    status::footer(app, frame, footer_area);
    status::status(app, frame, status_area);
    *app.layout.borrow_mut() = layout;

    match &app.modal {
        Some(Modal::Help { scroll }) => help::render(app, frame, main_area, *scroll),
        Some(Modal::Palette(p)) => p.render(
            frame,
            centered(main_area, 100, 24),
            app.theme(),
            "type to search · enter run · esc close",
        ),
        Some(Modal::ActAs(p)) => p.render(
            frame,
            centered(main_area, 80, 24),
            app.theme(),
            "type to search · ↑/↓ move · enter act as · esc close",
        ),
        Some(Modal::Invite(form)) => {
            form.render(frame, main_area, app.workspace(), app.now(), app.theme())
        }
        Some(Modal::Confirm(c)) => c.render(frame, main_area, app.theme()),
        Some(Modal::Script {
            id,
            format,
            text,
            scroll,
        }) => script_popup(app, frame, main_area, id, *format, text, *scroll),
        Some(Modal::SaveAs { prompt, .. }) => prompt.render(frame, main_area, app.theme()),
        Some(Modal::ChangedOnDisk { path, .. }) => changed_on_disk(app, frame, main_area, path),
        None => {}
    }
}

/// Saving found the file changed on disk: never overwrite; reload, save as, or keep editing.
fn changed_on_disk(app: &App, frame: &mut Frame, area: Rect, path: &std::path::Path) {
    use ratatui::widgets::Clear;
    let theme = app.theme();
    let popup = centered(area, 76, 11);
    frame.render_widget(Clear, popup);
    let unsaved = app.unsaved_actions();
    let lines = vec![
        Line::raw(format!(
            "{} changed on disk since it was loaded. Nothing was overwritten.",
            crate::display::inert(&path.display().to_string())
        )),
        Line::default(),
        Line::from(vec![
            Span::styled("r", theme.key()),
            Span::raw(format!(
                "  reload it (drops {unsaved} unsaved action{})",
                if unsaved == 1 { "" } else { "s" }
            )),
        ]),
        Line::from(vec![
            Span::styled("a", theme.key()),
            Span::raw("  save as another file"),
        ]),
        Line::from(vec![
            Span::styled("esc", theme.key()),
            Span::raw("  keep editing (nothing is saved)"),
        ]),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused())
        .title(Span::styled(" File changed on disk ", theme.heading()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

/// `y`: the script for a relationship or invitation, scrollable; every line passes `inert`.
fn script_popup(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    id: &crate::domain::Id,
    format: ScriptFormat,
    text: &str,
    scroll: usize,
) {
    use ratatui::widgets::Clear;
    let theme = app.theme();
    let popup = centered(area, 116, 38);
    frame.render_widget(Clear, popup);
    let (label, other) = match format {
        ScriptFormat::Az => ("az rest (bash)", "pwsh"),
        ScriptFormat::Pwsh => ("Microsoft Graph PowerShell", "az"),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused())
        .title(Span::styled(
            format!(
                " Script for {} — {label} · partnerdesk never runs it ",
                crate::display::inert(id.as_str())
            ),
            theme.heading(),
        ))
        .title_bottom(Span::styled(
            format!(" j/k pgup/pgdn scroll · tab {other} · esc close "),
            theme.dim(),
        ));
    let lines: Vec<Line> = text
        .lines()
        .skip(scroll)
        .map(|l| Line::raw(crate::display::inert(l).into_owned()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    super::widgets::centered(area, w, h)
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small: {}×{}. partnerdesk needs at least {MIN_WIDTH}×{MIN_HEIGHT}; enlarge the window.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn tabs(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let mut spans = Vec::new();
    let mut x = area.x;
    for pane in Pane::ALL {
        let label = format!(
            " {} {} ({}) ",
            pane.number() + 1,
            pane.title(),
            app.list(pane).total()
        );
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

fn table(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
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
    if app.filter_editing || !index.query().is_empty() {
        let cursor = if app.filter_editing { "▏" } else { "" };
        title.push(Span::styled(
            format!("/{}{cursor} ", crate::display::inert(index.query())),
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

fn detail(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let focused = app.focus() == Focus::Detail && !app.has_modal();
    let hint = if focused {
        " enter jump · esc back "
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
            if focused && link == app.detail_link {
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
