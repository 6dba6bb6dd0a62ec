//! The screen's layout: header, tabs, the table beside or above the detail, footer and status
//! line, then the open pop-up over it. Below the minimum size a "terminal too small" message
//! replaces the layout.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use super::{detail, footer, header, popups, renewals, table, tabs};
use crate::tui::app::{App, Focus};
use crate::tui::browse::ScreenLayout;
use crate::tui::panes::Pane;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        // Nothing the user cannot see may act: the app ignores keys until the screen is bigger.
        app.browse().layout().borrow_mut().too_small = true;
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
    header::render(app, frame, header_area);
    tabs::render(app, frame, tabs_area, &mut layout);
    // The Relationships pane: the renewal tiles above its table.
    let relationships = app.pane() == Pane::Relationships;
    let panes_area = if relationships {
        let [tiles_area, rest] = Layout::vertical([
            Constraint::Length(renewals::tiles_height(main_area.height)),
            Constraint::Fill(1),
        ])
        .areas(main_area);
        renewals::tiles(app, frame, tiles_area, &mut layout);
        rest
    } else {
        main_area
    };
    // Pop-ups cover the whole main area, tiles included.
    let (popup_area, main_area) = (main_area, panes_area);
    let (table_area, detail_area) = if main_area.width >= 160 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(main_area);
        (a, b)
    } else {
        // The table takes what its rows need, up to 55%; the detail gets the rest — all but
        // the table's smallest size while the detail has the focus (it is being read).
        let rows = app.list(app.pane()).len() as u16;
        let most = (main_area.height.saturating_mul(55) / 100).max(1);
        let least = 6.min(most);
        let table_height = if app.focus() == Focus::Detail {
            least
        } else {
            rows.saturating_add(3).clamp(least, most)
        };
        let [a, b] = Layout::vertical([Constraint::Length(table_height), Constraint::Fill(1)])
            .areas(main_area);
        (a, b)
    };
    table::render(app, frame, table_area, &mut layout);
    if relationships && app.browse().lists().renewals().chart() {
        renewals::chart(app, frame, detail_area);
    } else {
        detail::render(app, frame, detail_area, &mut layout);
    }
    footer::render(app, frame, footer_area);
    app.status_line().render(frame, status_area, app.theme());
    *app.browse().layout().borrow_mut() = layout;
    popups::render(app, frame, popup_area);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small: {}×{}. partnerdesk needs at least {MIN_WIDTH}×{MIN_HEIGHT}; enlarge the window.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
