//! What the `?` help lists, generated from the command table and the live keymap: every command
//! with its keys, what it does, and — like lazygit — whether it can act right now, with the
//! core's reason when it cannot (greyed); then the pop-ups' commands, under the pop-up they act
//! in. The pop-up itself (scrolling, frame) is `popups/help.rs`.

use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::availability::availability;
use crate::tui::commands::{COMMANDS, Group, Scope};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut lines = Vec::new();
    for group in Group::ALL {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(group.label().to_string(), theme.heading()));
        for row in COMMANDS.iter().filter(|r| r.group == group) {
            let keys = app.keymap().keys_label(row.cmd);
            // A pop-up's commands act whenever their pop-up is open: nothing to grey. Their
            // names are longer, so their column is wider.
            if group.scope() != Scope::Main {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), theme.key()),
                    Span::raw(format!("{:<20}", row.name)),
                    Span::raw(row.description.to_string()),
                ]));
                continue;
            }
            match availability(app, row.cmd) {
                Ok(()) => lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), theme.key()),
                    Span::raw(format!("{:<20}", row.name)),
                    Span::raw(row.description.to_string()),
                ])),
                Err(reason) => lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), theme.dim()),
                    Span::styled(format!("{:<20}", row.name), theme.dim()),
                    Span::styled(
                        format!("unavailable — {}", crate::display::inert(&reason)),
                        theme.dim(),
                    ),
                ])),
            }
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("In forms and pickers", theme.heading()));
    lines.push(Line::raw("  type to search · ↑/↓ move · tab next field · ←/→ change or move the cursor · enter choose · esc back"));
    lines.push(Line::raw("  text: home/end · ctrl-w word · ctrl-u line · paste lands whole · a pre-filled value is selected: typing replaces it"));
    lines.push(Line::raw("  multi-selects (roles, providers): space types a space · tab ticks/unticks · \"N selected\" counts them"));
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "Rebind any key in ~/.config/partnerdesk/keys.toml, e.g.  {}   (names as listed above)",
            crate::tui::keymap::EXAMPLE
        ),
        theme.dim(),
    ));
    lines
}
