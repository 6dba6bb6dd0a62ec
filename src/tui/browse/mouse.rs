//! Clicks and the wheel on the main screen: a tab shows its pane, a renewal tile filters the
//! Relationships pane (a second click shows all), a row is selected, a linked detail line gets
//! the focus; the wheel scrolls what it is over (the table's selection, or
//! the detail's window). Where things are comes from the last frame's `ScreenLayout`.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::state::Browse;
use crate::domain::Time;
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

/// How far one notch of the wheel scrolls.
const WHEEL_ROWS: isize = 3;

impl Browse {
    pub fn mouse(&mut self, mouse: MouseEvent, ws: &Workspace, now: Time, theme: Theme) {
        let layout = self.layout().borrow().clone();
        let inside = |r: Rect| {
            mouse.column >= r.x
                && mouse.column < r.x + r.width
                && mouse.row >= r.y
                && mouse.row < r.y + r.height
        };
        let pane = self.pane();
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((_, pane)) = layout.tabs.iter().find(|(r, _)| inside(*r)) {
                    self.show_pane(*pane);
                } else if let Some((_, tile)) = layout.tiles.iter().find(|(r, _)| inside(*r)) {
                    self.lists_mut().choose_tile(ws, *tile);
                    self.focus_table();
                } else if inside(layout.table_rows) {
                    let row = (mouse.row - layout.table_rows.y) as usize + self.list(pane).offset();
                    self.focus_table();
                    self.lists_mut().get_mut(pane).select(row);
                } else if inside(layout.detail) {
                    let row = (mouse.row - layout.detail.y) as usize + layout.detail_offset;
                    let (detail, _) = self.detail_layout(ws, now, theme);
                    if let Some(link) = detail.link_at(row) {
                        self.focus_link(link);
                    }
                }
            }
            // The wheel scrolls what it is over: the detail's window, or the table.
            MouseEventKind::ScrollDown if inside(layout.detail) => {
                self.scroll_detail(WHEEL_ROWS, ws, now, theme);
            }
            MouseEventKind::ScrollUp if inside(layout.detail) => {
                self.scroll_detail(-WHEEL_ROWS, ws, now, theme);
            }
            MouseEventKind::ScrollDown => self.lists_mut().get_mut(pane).move_by(WHEEL_ROWS),
            MouseEventKind::ScrollUp => self.lists_mut().get_mut(pane).move_by(-WHEEL_ROWS),
            _ => {}
        }
    }
}
