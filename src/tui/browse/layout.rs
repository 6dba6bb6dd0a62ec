//! Where the last frame put the main screen's parts, for mouse clicks and the page size: written
//! by the renderer, read by the next key or click.

use ratatui::layout::Rect;

use crate::domain::renewal_outlook::Tile;
use crate::tui::panes::Pane;

#[derive(Clone, Debug, Default)]
pub struct ScreenLayout {
    pub tabs: Vec<(Rect, Pane)>,
    /// The Review's tab, after the panes' (it opens the review over the shown pane).
    pub review_tab: Rect,
    /// The Relationships pane's renewal tiles (a click chooses one as the filter).
    pub tiles: Vec<(Rect, Tile)>,
    pub table_rows: Rect,
    pub detail: Rect,
    pub detail_offset: usize,
    /// The last frame was the "terminal too small" message: keys other than quit do nothing.
    pub too_small: bool,
}
