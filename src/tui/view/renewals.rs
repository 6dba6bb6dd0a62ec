//! The Relationships pane's renewals: the four tiles above its table (boxes when the screen is
//! tall, one line when it is not; the tile chosen as the filter is shown reversed) and, with `W`,
//! the chart of what ends each week for the next 26 weeks in the detail's place. Both draw the
//! counts the lists keep (`browse::Renewals`); nothing is counted here.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use crate::domain::renewal_outlook::{Tile, WEEKS};
use crate::tui::app::App;
use crate::tui::browse::ScreenLayout;

/// From this height of the main area on, the tiles are boxes (three rows); below it, one line.
const BOXES_FROM_HEIGHT: u16 = 30;

/// The rows the tiles take above the Relationships table.
pub fn tiles_height(main_height: u16) -> u16 {
    if main_height >= BOXES_FROM_HEIGHT {
        3
    } else {
        1
    }
}

fn short_label(tile: Tile) -> &'static str {
    match tile {
        Tile::Within30 => "≤30d",
        Tile::Within7 => "≤7d",
        Tile::Within1 => "≤1d",
        Tile::ExpiredLastYear => "expired 1y",
    }
}

/// Draws the tiles and notes where each is in `layout`, for a click.
pub fn tiles(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let renewals = app.browse().lists().renewals();
    let outlook = renewals.outlook();
    let chosen = renewals.tile();
    let style = |tile: Tile| {
        if chosen == Some(tile) {
            theme.selected()
        } else {
            Style::new()
        }
    };
    if area.height < 3 {
        let mut spans = vec![Span::styled(" Renewals ", theme.heading())];
        for (k, tile) in Tile::ALL.into_iter().enumerate() {
            if k > 0 {
                spans.push(Span::styled(" · ", theme.dim()));
            }
            let x: usize = spans.iter().map(Span::width).sum();
            let span = Span::styled(
                format!("{} {}", short_label(tile), outlook.tile(tile)),
                style(tile).add_modifier(Modifier::BOLD),
            );
            let place = Rect::new(
                area.x.saturating_add(x as u16),
                area.y,
                span.width() as u16,
                1,
            );
            layout.tiles.push((place.intersection(area), tile));
            spans.push(span);
        }
        spans.push(Span::styled("  w filter · W chart", theme.dim()));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let cells = Layout::horizontal([Constraint::Ratio(1, 4); 4]).split(area);
    for (tile, cell) in Tile::ALL.into_iter().zip(cells.iter()) {
        layout.tiles.push((*cell, tile));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if chosen == Some(tile) {
                theme.border_focused()
            } else {
                theme.border()
            })
            .title(Span::styled(format!(" {} ", tile.label()), theme.heading()));
        let count = Paragraph::new(Span::styled(
            outlook.tile(tile).to_string(),
            style(tile).add_modifier(Modifier::BOLD),
        ))
        .alignment(Alignment::Center)
        .block(block);
        frame.render_widget(count, *cell);
    }
}

/// The weekly chart: one bar a week, labelled with its first day where the bars are wide
/// enough (else its number), the busiest week and the total in the title.
pub fn chart(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let outlook = app.browse().lists().renewals().outlook();
    let total: usize = outlook.weeks.iter().sum();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(
            format!(
                " Ending per week from {} · {total} in {WEEKS} weeks ",
                outlook.now.date()
            ),
            theme.heading(),
        ))
        .title_bottom(Line::styled(" W hides the chart ", theme.dim()).right_aligned());
    let inner = block.inner(area);
    let gap = 1u16;
    let width = ((inner.width + gap) / WEEKS as u16)
        .saturating_sub(gap)
        .max(1);
    let bars: Vec<Bar> = outlook
        .weeks
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let date = outlook.week_start(k).date();
            // "MM-DD" where a bar is five wide, else the week's number from 1.
            let label = if width >= 5 {
                date.get(5..).unwrap_or(&date).to_string()
            } else {
                (k + 1).to_string()
            };
            Bar::default()
                .value(n as u64)
                .label(Line::from(label))
                .style(Style::new())
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .bar_width(width)
        .bar_gap(gap)
        .value_style(theme.selected())
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}
