//! What the `?` help lists, generated from the command table and the live keymap: every command
//! with its keys, what it does, and — like lazygit — whether it can act right now, with the
//! core's reason when it cannot (greyed); then the pop-ups' commands, under the pop-up they act
//! in. The pop-up itself (layout at its width, search, scrolling, frame) is `popups/help.rs`.

use crate::tui::app::App;
use crate::tui::availability::availability;
use crate::tui::commands::{COMMANDS, Group, Scope};
use crate::tui::popups::help::{HelpEntry, HelpSection};

pub fn sections(app: &App) -> Vec<HelpSection> {
    let mut sections: Vec<HelpSection> = Group::ALL
        .iter()
        .map(|&group| HelpSection {
            heading: group.label().to_string(),
            entries: COMMANDS
                .iter()
                .filter(|r| r.group == group)
                .map(|row| {
                    let keys = app.keymap().keys_label(row.cmd);
                    // A pop-up's commands act whenever their pop-up is open: nothing to grey.
                    let unavailable = if group.scope() == Scope::Main {
                        availability(app, row.cmd).err()
                    } else {
                        None
                    };
                    match unavailable {
                        None => HelpEntry::command(keys, row.name, row.description.to_string()),
                        Some(reason) => HelpEntry::greyed(
                            keys,
                            row.name,
                            format!("unavailable — {}", crate::display::inert(&reason)),
                        ),
                    }
                })
                .collect(),
        })
        .collect();
    sections.push(HelpSection {
        heading: "In forms and pickers".to_string(),
        entries: vec![
            HelpEntry::text(
                "type to search · ↑/↓ move · tab next field · ←/→ change or move the cursor · enter choose · esc back",
            ),
            HelpEntry::text(
                "text: home/end · ctrl-w word · ctrl-u line · paste lands whole · a pre-filled value is selected: typing replaces it",
            ),
            HelpEntry::text(
                "multi-selects (roles, providers): space types a space · tab ticks/unticks · \"N selected\" counts them",
            ),
        ],
    });
    sections.push(HelpSection {
        heading: "Your keys".to_string(),
        entries: vec![HelpEntry::text(&format!(
            "Rebind any key in ~/.config/partnerdesk/keys.toml, e.g.  {}   (names as listed above)",
            crate::tui::keymap::EXAMPLE
        ))],
    });
    sections
}
