//! Where a window is in what it shows, for tables, the detail and the help alike: the rows in
//! view as "12–30 of 58" and a scrollbar on the frame's right edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::tui::theme::Theme;

/// " 12–30 of 58 ": the first and last rows in a window of `height` from `top` (1-based).
pub fn label(top: usize, height: usize, total: usize) -> String {
    if total == 0 {
        return " 0 of 0 ".to_string();
    }
    let first = top.min(total - 1) + 1;
    let last = top.saturating_add(height).min(total);
    format!(" {first}–{last} of {total} ")
}

/// A scrollbar along `area`'s right column (the frame's right border, between its corners).
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    top: usize,
    height: usize,
    total: usize,
    theme: Theme,
) {
    let mut state = ScrollbarState::new(total.saturating_sub(height))
        .position(top)
        .viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_style(theme.border_focused())
            .track_style(theme.border()),
        area,
        &mut state,
    );
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn the_label_names_the_rows_in_view() {
        assert_eq!(label(11, 19, 58), " 12–30 of 58 ");
        assert_eq!(label(50, 19, 58), " 51–58 of 58 ");
        assert_eq!(label(0, 10, 3), " 1–3 of 3 ");
        assert_eq!(label(0, 10, 0), " 0 of 0 ");
    }
}
