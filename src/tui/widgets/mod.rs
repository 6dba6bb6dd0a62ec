//! Overlays and bars: the invite form, the fuzzy picker, help, confirm, prompt and the
//! header/footer/status lines.

pub mod confirm;
pub mod help;
pub mod invite_form;
pub mod invite_view;
pub mod picker;
pub mod prompt;
pub mod status;

use ratatui::layout::Rect;

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
