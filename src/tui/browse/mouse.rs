//! Clicks and the wheel on the main screen: a tab shows its pane, a row is selected, a linked
//! detail line gets the focus; the wheel scrolls the table (or the detail's links when the
//! detail has the focus). Where things are comes from the last frame's `ScreenLayout`.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::focus::Focus;
use super::state::Browse;
use crate::domain::Time;
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

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
                } else if inside(layout.table_rows) {
                    let row = (mouse.row - layout.table_rows.y) as usize + self.list(pane).offset();
                    self.focus_table();
                    self.lists_mut().get_mut(pane).select(row);
                } else if inside(layout.detail) {
                    let line = (mouse.row - layout.detail.y) as usize + layout.detail_offset;
                    let lines = self.detail_lines(ws, now, theme);
                    if lines.get(line).is_some_and(|l| l.target.is_some()) {
                        let link = lines[..line].iter().filter(|l| l.target.is_some()).count();
                        self.focus_link(link);
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                if inside(layout.detail) && self.focus() == Focus::Detail {
                    self.move_by(1, ws, now, theme);
                } else {
                    self.lists_mut().get_mut(pane).move_by(3);
                }
            }
            MouseEventKind::ScrollUp => {
                if inside(layout.detail) && self.focus() == Focus::Detail {
                    self.move_by(-1, ws, now, theme);
                } else {
                    self.lists_mut().get_mut(pane).move_by(-3);
                }
            }
            _ => {}
        }
    }
}
