//! The detail as a scrolled window: its lines wrapped at the detail's width (by ratatui's own
//! wrapping, so the rows counted here are the rows drawn), which rows each line and each link
//! takes, and how the keys move the window and the selected link. A pager with links, as in a
//! text browser: `j`/`k` go to the next link when it is in view (or just below it) and scroll a
//! row otherwise, so every row and every link is reached; paging and the wheel scroll and keep
//! the selection on a link that is in view (or none).

use std::ops::Range;

use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::panes::DetailLine;

/// Where the detail's lines fall once wrapped at a width.
pub struct DetailLayout {
    /// The first row of each line; one more entry, the total, at the end.
    starts: Vec<usize>,
    /// The line of each link, in order.
    links: Vec<usize>,
}

/// The window on the detail: its first row, and the selected link (by its number among the
/// links), if one is in view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DetailView {
    pub top: usize,
    pub link: Option<usize>,
}

impl DetailLayout {
    /// Lays `lines` out at `width` columns; width 0 (never drawn) keeps each line on one row.
    pub fn new(lines: &[DetailLine], width: u16) -> Self {
        let mut starts = Vec::with_capacity(lines.len() + 1);
        let mut links = Vec::new();
        let mut row = 0;
        for (i, line) in lines.iter().enumerate() {
            starts.push(row);
            if line.target.is_some() {
                links.push(i);
            }
            row += if width == 0 {
                1
            } else {
                Paragraph::new(line.line.clone())
                    .wrap(Wrap { trim: false })
                    .line_count(width)
                    .max(1)
            };
        }
        starts.push(row);
        DetailLayout { starts, links }
    }

    /// How many rows the whole detail takes.
    pub fn rows(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn links(&self) -> usize {
        self.links.len()
    }

    /// The rows of line `line`.
    fn line_rows(&self, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = self.starts.get(line + 1).copied().unwrap_or(start);
        start..end
    }

    /// The rows of the `link`-th link.
    pub fn link_rows(&self, link: usize) -> Range<usize> {
        self.links
            .get(link)
            .map_or(0..0, |&line| self.line_rows(line))
    }

    /// The line drawn on `row`.
    pub fn line_at(&self, row: usize) -> Option<usize> {
        if row >= self.rows() {
            return None;
        }
        Some(self.starts.partition_point(|&start| start <= row) - 1)
    }

    /// The link drawn on `row`, by its number among the links.
    pub fn link_at(&self, row: usize) -> Option<usize> {
        let line = self.line_at(row)?;
        self.links.binary_search(&line).ok()
    }

    /// The last first row that still fills the window.
    pub fn max_top(&self, height: usize) -> usize {
        self.rows().saturating_sub(height)
    }

    /// Whether the `link`-th link starts inside the window.
    fn in_view(&self, link: usize, top: usize, height: usize) -> bool {
        let rows = self.link_rows(link);
        rows.start >= top && rows.start < top.saturating_add(height)
    }

    /// The window moved as little as possible to show the whole of the `link`-th link (its first
    /// row when it is taller than the window).
    fn showing(&self, link: usize, top: usize, height: usize) -> usize {
        let rows = self.link_rows(link);
        let top = if rows.end > top.saturating_add(height) {
            rows.end.saturating_sub(height)
        } else {
            top
        };
        top.min(rows.start).min(self.max_top(height))
    }

    /// `view` made consistent: the top clamped, and the selected link kept only when in view.
    pub fn settle(&self, view: DetailView, height: usize) -> DetailView {
        let top = view.top.min(self.max_top(height));
        let link = view.link.filter(|&l| self.in_view(l, top, height));
        DetailView { top, link }
    }

    /// The first link in the window.
    fn first_in_view(&self, top: usize, height: usize) -> Option<usize> {
        (0..self.links()).find(|&l| self.in_view(l, top, height))
    }

    fn last_in_view(&self, top: usize, height: usize) -> Option<usize> {
        (0..self.links())
            .rev()
            .find(|&l| self.in_view(l, top, height))
    }

    /// Entering the detail: the window stays, the first link in it is selected.
    pub fn enter(&self, top: usize, height: usize) -> DetailView {
        let top = top.min(self.max_top(height));
        DetailView {
            top,
            link: self.first_in_view(top, height),
        }
    }

    /// `j`: the next link when it starts in the window or on the row just below it; otherwise
    /// one row down.
    pub fn down(&self, view: DetailView, height: usize) -> DetailView {
        let view = self.settle(view, height);
        let next = match view.link {
            Some(link) => Some(link + 1).filter(|&l| l < self.links()),
            None => (0..self.links()).find(|&l| self.link_rows(l).start >= view.top),
        };
        if let Some(next) = next
            && self.link_rows(next).start <= view.top.saturating_add(height)
        {
            return DetailView {
                top: self.showing(next, view.top, height),
                link: Some(next),
            };
        }
        self.scroll(view, 1, height)
    }

    /// `k`: the previous link when it starts in the window or on the row just above it;
    /// otherwise one row up.
    pub fn up(&self, view: DetailView, height: usize) -> DetailView {
        let view = self.settle(view, height);
        let previous = match view.link {
            Some(link) => link.checked_sub(1),
            None => (0..self.links())
                .rev()
                .find(|&l| self.link_rows(l).start < view.top.saturating_add(height)),
        };
        if let Some(previous) = previous
            && self.link_rows(previous).start.saturating_add(1) >= view.top
        {
            return DetailView {
                top: self.showing(previous, view.top, height).min(view.top),
                link: Some(previous),
            };
        }
        self.scroll(view, -1, height)
    }

    /// The window moved by `delta` rows; a selected link that leaves it gives way to the first
    /// (scrolling down) or last (scrolling up) link still in view.
    pub fn scroll(&self, view: DetailView, delta: isize, height: usize) -> DetailView {
        let top = view
            .top
            .saturating_add_signed(delta)
            .min(self.max_top(height));
        let link = match view.link {
            Some(link) if self.in_view(link, top, height) => Some(link),
            _ if delta >= 0 => self.first_in_view(top, height),
            _ => self.last_in_view(top, height),
        };
        DetailView { top, link }
    }

    /// `g`: the first row, and the first link when it is in view.
    pub fn top(&self, height: usize) -> DetailView {
        DetailView {
            top: 0,
            link: self.first_in_view(0, height),
        }
    }

    /// `G`: the last row, and the last link when it is in view.
    pub fn bottom(&self, height: usize) -> DetailView {
        let top = self.max_top(height);
        DetailView {
            top,
            link: self.last_in_view(top, height),
        }
    }

    /// The window showing the selected link, for a link chosen without the window (a click, or a
    /// return from a jump).
    pub fn show_link(&self, view: DetailView, height: usize) -> DetailView {
        match view.link {
            Some(link) if link < self.links() => DetailView {
                top: self.showing(link, view.top, height),
                link: Some(link),
            },
            _ => self.settle(view, height),
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::text::Line;

    use super::*;
    use crate::domain::Id;
    use crate::tui::panes::Target;

    /// Lines named by a pattern: `L` a link, `.` plain text; each one row wide at width 80.
    fn layout(pattern: &str) -> DetailLayout {
        let lines: Vec<DetailLine> = pattern
            .chars()
            .enumerate()
            .map(|(i, c)| DetailLine {
                line: Line::raw(format!("line {i}")),
                target: (c == 'L').then(|| Target::Partner(Id::new(format!("p{i}")))),
            })
            .collect();
        DetailLayout::new(&lines, 80)
    }

    #[test]
    fn a_long_line_takes_the_rows_it_wraps_to() {
        let lines = vec![
            DetailLine {
                line: Line::raw("word ".repeat(10)),
                target: None,
            },
            DetailLine {
                line: Line::default(),
                target: None,
            },
        ];
        let layout = DetailLayout::new(&lines, 20);
        assert_eq!(layout.rows(), 3 + 1);
        assert_eq!(layout.line_at(2), Some(0));
        assert_eq!(layout.line_at(3), Some(1));
        assert_eq!(layout.line_at(4), None);
    }

    #[test]
    fn down_walks_links_in_view_then_scrolls_to_the_last_row() {
        // Links on lines 1 and 2, then text to line 9: a window of 4 rows.
        let layout = layout(".LL.......");
        let mut view = layout.enter(0, 4);
        assert_eq!(
            view,
            DetailView {
                top: 0,
                link: Some(0)
            }
        );
        view = layout.down(view, 4);
        assert_eq!(
            view,
            DetailView {
                top: 0,
                link: Some(1)
            }
        );
        for _ in 0..20 {
            view = layout.down(view, 4);
        }
        assert_eq!(view.top, layout.max_top(4));
        assert_eq!(view.top + 4, layout.rows(), "the last row is shown");
        assert_eq!(view.link, None, "no link is left in view");
        // Back up: the links come back into view and are selected again.
        for _ in 0..20 {
            view = layout.up(view, 4);
        }
        assert_eq!(
            view,
            DetailView {
                top: 0,
                link: Some(0)
            }
        );
    }

    #[test]
    fn down_selects_a_link_just_below_the_window_and_scrolls_to_it() {
        let layout = layout("L...L.....");
        let view = DetailView { top: 1, link: None };
        // Line 4 is just below the window of rows 1..4.
        assert_eq!(
            layout.down(view, 3),
            DetailView {
                top: 2,
                link: Some(1)
            }
        );
        // From the top, the far link is not taken: the window scrolls a row instead.
        let view = layout.enter(0, 3);
        assert_eq!(layout.down(view, 3), DetailView { top: 1, link: None });
    }

    #[test]
    fn paging_keeps_the_selection_in_view() {
        let layout = layout("L.L.L.L.L.L.L.L.");
        let view = layout.enter(0, 4);
        let paged = layout.scroll(view, 4, 4);
        assert_eq!(
            paged,
            DetailView {
                top: 4,
                link: Some(2)
            }
        );
        let back = layout.scroll(paged, -3, 4);
        assert_eq!(
            back,
            DetailView {
                top: 1,
                link: Some(2)
            },
            "still in view"
        );
        // Row 4 leaves the window: the last link still in view is selected.
        let back = layout.scroll(back, -1, 4);
        assert_eq!(
            back,
            DetailView {
                top: 0,
                link: Some(1)
            }
        );
        assert_eq!(
            layout.bottom(4),
            DetailView {
                top: 12,
                link: Some(7)
            }
        );
        assert_eq!(
            layout.top(4),
            DetailView {
                top: 0,
                link: Some(0)
            }
        );
    }

    #[test]
    fn a_window_taller_than_the_detail_never_scrolls() {
        let layout = layout("L.L");
        assert_eq!(layout.scroll(layout.enter(0, 10), 5, 10).top, 0);
        assert_eq!(
            layout.bottom(10),
            DetailView {
                top: 0,
                link: Some(1)
            }
        );
    }

    #[test]
    fn rows_map_back_to_links() {
        let layout = layout(".L.L");
        assert_eq!(layout.link_at(1), Some(0));
        assert_eq!(layout.link_at(2), None);
        assert_eq!(layout.link_at(3), Some(1));
    }
}
