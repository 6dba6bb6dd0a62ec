//! The open pop-up, drawn over the main area: each draws itself; the help is given its content
//! (which asks the app what can act now) and the pickers their size and hint.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::help;
use crate::tui::app::App;
use crate::tui::popups::Modal;
use crate::tui::widgets::area::centered;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    match app.modal() {
        Some(Modal::Help(popup)) => {
            popup.render(frame, area, theme, app.keymap(), &help::sections(app))
        }
        Some(Modal::Palette(p)) => p.render(
            frame,
            centered(area, 100, 24),
            theme,
            "type to search · enter run · esc close",
        ),
        Some(Modal::ActAs(p)) => p.render(
            frame,
            centered(area, 80, 24),
            theme,
            "type to search · ↑/↓ move · enter act as · esc close",
        ),
        Some(Modal::Invite(form)) => form.render(frame, area, app.workspace(), app.now(), theme),
        Some(Modal::Form(form)) => form.render(frame, area, app.workspace(), app.now(), theme),
        Some(Modal::Assign(form)) => form.render(frame, area, app.workspace(), app.now(), theme),
        Some(Modal::Confirm(c)) => c.render(frame, area, theme, app.keymap()),
        Some(Modal::Script(popup)) => popup.render(frame, area, theme, app.keymap()),
        Some(Modal::SaveAs(popup)) => popup.render(frame, area, theme),
        Some(Modal::ChangedOnDisk(popup)) => {
            popup.render(frame, area, theme, app.keymap(), app.unsaved_actions())
        }
        Some(Modal::PassTime(form)) => form.render(frame, area, app.now(), theme),
        Some(Modal::Import(form)) => form.render(frame, area, app.workspace(), theme),
        Some(Modal::ImportReport(popup)) => popup.render(frame, area, theme),
        Some(Modal::Review(popup)) => popup.render(frame, area, theme),
        Some(Modal::Conflicts(popup)) => popup.render(frame, area, app.workspace(), theme),
        Some(Modal::Export(form)) => form.render(frame, area, theme),
        Some(Modal::WriteFile(prompt)) => prompt.render(frame, area, theme),
        Some(Modal::Messages(log)) => log.render(frame, area, app.status_line(), theme),
        None => {}
    }
}
