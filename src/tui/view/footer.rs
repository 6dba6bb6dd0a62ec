//! The footer: the keys of the open pop-up (from the keymap where they are commands), or of the
//! filter being typed, or else the commands the table marks for the footer that can act right
//! now (from the command table) — as many as fit, always keeping help and quit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::availability::availability;
use crate::tui::commands::{COMMANDS, Cmd};
use crate::tui::popups::Modal;
use crate::tui::popups::changed_on_disk::ChangedOnDisk;
use crate::tui::popups::confirm::Confirm;
use crate::tui::popups::review::ReviewPopup;
use crate::tui::popups::script::ScriptPopup;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let hint = |text: &str| Line::styled(text.to_string(), theme.dim());
    let line = match app.modal() {
        Some(Modal::Help(help)) => hint(&help.hint(app.keymap())),
        Some(Modal::Palette(_)) | Some(Modal::ActAs(_)) => {
            hint(" type to search · ↑/↓ move · enter choose · esc close")
        }
        Some(Modal::Invite(form)) if form.picker.is_some() => {
            hint(" type to search · ↑/↓ move · tab tick · enter done · esc back")
        }
        Some(Modal::Invite(form)) if form.renewing.is_some() => {
            hint(" tab next field · ←/→ change · enter send the renewal · esc cancel")
        }
        Some(Modal::Invite(_)) => {
            hint(" tab next field · ←/→ change · type to search · enter invite · esc cancel")
        }
        Some(Modal::Form(form)) => hint(&format!(
            " tab next field · ←/→ change · type to edit · enter {} · esc cancel",
            form.name()
        )),
        Some(Modal::Assign(_)) => {
            hint(" tab next field · space tick a role · enter assign · esc cancel")
        }
        Some(Modal::Confirm(_)) => hint(&Confirm::hint(app.keymap())),
        Some(Modal::Script(_)) => hint(&ScriptPopup::hint(app.keymap())),
        Some(Modal::SaveAs(popup)) if popup.is_asking_overwrite() => {
            hint(" y overwrite the file · n/esc back to the path")
        }
        Some(Modal::SaveAs(_)) => hint(" enter save · esc cancel"),
        Some(Modal::ChangedOnDisk(popup)) if popup.noticed_save() => hint(&format!(
            " {} reload · {} keep the version on screen",
            app.keymap()
                .key_label(crate::tui::commands::Cmd::DiskReload),
            app.keymap()
                .key_label(crate::tui::commands::Cmd::DiskKeepEditing)
        )),
        Some(Modal::ChangedOnDisk(_)) => hint(&ChangedOnDisk::hint(app.keymap())),
        Some(Modal::PassTime(_)) => hint(" type days or a date · enter pass time · esc cancel"),
        Some(Modal::Import(_)) => hint(" tab next field · enter import · esc cancel"),
        Some(Modal::ImportReport(_)) => hint(" j/k scroll · any other key closes"),
        Some(Modal::Review(_)) => hint(&ReviewPopup::hint(app.keymap())),
        Some(Modal::Conflicts(_)) => hint(&crate::tui::popups::conflicts::ConflictsPopup::hint(
            app.keymap(),
        )),
        Some(Modal::Export(_)) => hint(" tab choose the table · enter write · esc cancel"),
        Some(Modal::WriteFile(_)) => hint(" enter write · esc cancel"),
        Some(Modal::Messages(_)) => hint(" j/k scroll · g/G first/last · esc close"),
        None if app.browse().filter_editing() => {
            hint(" type to filter · enter keep · esc clear · ↑/↓ move")
        }
        None => {
            let mut spans = Vec::new();
            if !app.marked().is_empty() {
                spans.push(Span::styled(
                    format!(" {} marked (esc clears) ·", app.marked().len()),
                    theme.key(),
                ));
            }
            let mut hints: Vec<(Cmd, String, String)> = COMMANDS
                .iter()
                .filter(|r| r.footer && availability(app, r.cmd).is_ok())
                .map(|r| {
                    let key = format!(" {}", app.keymap().key_label(r.cmd));
                    (r.cmd, key, format!(" {} ", r.name))
                })
                .collect();
            // Short of room, the other hints go from the end first: help and quit stay.
            let room = usize::from(area.width)
                .saturating_sub(spans.iter().map(|s| s.content.width()).sum());
            let width = |hints: &[(Cmd, String, String)]| -> usize {
                hints.iter().map(|(_, k, n)| k.width() + n.width()).sum()
            };
            while width(&hints) > room {
                let Some(last) = hints
                    .iter()
                    .rposition(|(cmd, _, _)| !matches!(cmd, Cmd::Help | Cmd::Quit))
                else {
                    break;
                };
                hints.remove(last);
            }
            for (_, key, name) in hints {
                spans.push(Span::styled(key, theme.key()));
                spans.push(Span::raw(name));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
}
