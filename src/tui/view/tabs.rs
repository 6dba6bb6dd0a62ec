//! The tabs under the header: each pane with its number and how many records it lists, then the
//! Review (the shown one highlighted; the counts, then the padding, go when they would not fit). Where each tab is drawn goes
//! to the layout, for clicks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::browse::ScreenLayout;
use crate::tui::panes::Pane;
use crate::tui::popups::Modal;
use unicode_width::UnicodeWidthStr;

/// The last tab: the review is drawn over the shown pane, but is reached like one.
const REVIEW: &str = "Review";

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut ScreenLayout) {
    let theme = app.theme();
    let review_open = matches!(app.modal(), Some(Modal::Review(_)));
    let counted = |pane: Pane| {
        format!(
            " {} {} ({}) ",
            pane.number() + 1,
            pane.title(),
            app.list(pane).total()
        )
    };
    let review_number = Pane::ALL.len() + 1;
    // The review's findings are counted when it opens, never per frame: its tab has no count.
    let review_counted = || format!(" {review_number} {REVIEW} ");
    // Three ways to fit, widest first: with each pane's count; without counts; without the
    // padding (80 columns). Every tab's number and name always show.
    let fits = [Fit::Counted, Fit::Named, Fit::Tight];
    let width = |fit: Fit| -> usize {
        let panes: usize = Pane::ALL
            .iter()
            .map(|&pane| label(fit, pane.number() + 1, pane.title(), || counted(pane)).width() + 1)
            .sum();
        panes + label(fit, review_number, REVIEW, review_counted).width()
    };
    let fit = fits
        .into_iter()
        .find(|&fit| width(fit) <= usize::from(area.width))
        .unwrap_or(Fit::Tight);
    let mut spans = Vec::new();
    let mut x = area.x;
    let mut place = |text: String, selected: bool, spans: &mut Vec<Span<'static>>| -> Rect {
        let width = text.width() as u16;
        let style = if selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let at = Rect {
            x,
            y: area.y,
            width: width.min(area.right().saturating_sub(x)),
            height: 1,
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
        x = x.saturating_add(width + 1);
        at
    };
    for pane in Pane::ALL {
        let text = label(fit, pane.number() + 1, pane.title(), || counted(pane));
        let at = place(text, pane == app.pane() && !review_open, &mut spans);
        layout.tabs.push((at, pane));
    }
    let text = label(fit, review_number, REVIEW, review_counted);
    layout.review_tab = place(text, review_open, &mut spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    Counted,
    Named,
    Tight,
}

/// One tab's text as `fit` has it; `counted` makes the widest form.
fn label(fit: Fit, number: usize, title: &str, counted: impl FnOnce() -> String) -> String {
    match fit {
        Fit::Counted => counted(),
        Fit::Named => format!(" {number} {title} "),
        Fit::Tight => format!("{number} {title}"),
    }
}
