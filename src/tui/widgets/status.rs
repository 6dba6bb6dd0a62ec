//! The header (workspace, who you act as, saved state, read-only, demo dates), the footer (keys
//! that work right now, from the command table) and the status line (results and refusals).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Modal};
use crate::tui::availability::availability;
use crate::tui::commands::COMMANDS;
use crate::tui::source::Source;

pub fn header(app: &App, frame: &mut Frame, area: Rect) {
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

pub fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let hint = |text: &str| Line::styled(text.to_string(), theme.dim());
    let line = match &app.modal {
        Some(Modal::Help { .. }) => hint(" j/k scroll · esc close"),
        Some(Modal::Palette(_)) | Some(Modal::ActAs(_)) => {
            hint(" type to search · ↑/↓ move · enter choose · esc close")
        }
        Some(Modal::Invite(_)) => {
            hint(" tab next field · ←/→ change · type to search · enter invite · esc cancel")
        }
        Some(Modal::Confirm(_)) => hint(" y yes · n/esc cancel · ←/→ switch · enter choose"),
        Some(Modal::Script { .. }) => {
            hint(" j/k scroll · pgup/pgdn page · tab az ↔ pwsh · esc close")
        }
        Some(Modal::SaveAs { .. }) => hint(" enter save · esc cancel"),
        Some(Modal::ChangedOnDisk { .. }) => {
            hint(" r reload (drops unsaved actions) · a save as · esc keep editing")
        }
        None if app.filter_editing => hint(" type to filter · enter keep · esc clear · ↑/↓ move"),
        None => {
            let mut spans = Vec::new();
            if !app.marked().is_empty() {
                spans.push(Span::styled(
                    format!(" {} marked (esc clears) ·", app.marked().len()),
                    theme.key(),
                ));
            }
            for row in COMMANDS.iter().filter(|r| r.footer) {
                if availability(app, row.cmd).is_ok() {
                    spans.push(Span::styled(
                        format!(" {}", app.keymap().key_label(row.cmd)),
                        theme.key(),
                    ));
                    spans.push(Span::raw(format!(" {} ", row.name)));
                }
            }
            Line::from(spans)
        }
    };
    frame.render_widget(
        Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}

pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let Some(status) = app.status() else { return };
    let (prefix, style) = if status.error {
        ("✗ ", theme.error())
    } else {
        ("• ", ratatui::style::Style::new())
    };
    let line = Line::from(vec![
        Span::styled(prefix, style),
        Span::styled(status.text.clone(), style),
    ]);
    frame.render_widget(
        Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
