//! The header bar: the workspace (or the demo and its dates), who you act as, and whether it is
//! saved, unsaved or read-only (and who holds the lock).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::source::Source;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let name = crate::display::inert(&app.workspace().meta().name).into_owned();
    let place = match app.source() {
        Source::Demo => format!("demo · its dates follow today ({})", app.now().date()),
        Source::File { path, .. } => {
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(
                "{} · {}",
                if name.is_empty() { "workspace" } else { &name },
                crate::display::inert(&file)
            )
        }
    };
    let locked;
    let saved = if let Some(holder) = app.read_only_holder() {
        locked = format!("read-only · locked by {holder}");
        locked.as_str()
    } else if app.read_only() {
        "read-only"
    } else if app.is_dirty() {
        "● unsaved"
    } else {
        "saved"
    };
    let brand = if area.width >= 100 {
        " partnerdesk │"
    } else {
        ""
    };
    let text = format!(
        "{brand} {place} │ acting as: {} │ {saved}",
        app.actor_label(app.actor())
    );
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.header_bar())).style(theme.header_bar()),
        area,
    );
}
