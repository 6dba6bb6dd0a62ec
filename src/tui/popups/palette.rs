//! The `:` command palette: every command by name, with its keys and what it does, and why it
//! cannot act now when it cannot. Choosing one runs it as its keys would.

use crate::tui::commands::{COMMANDS, Cmd, Scope};
use crate::tui::keymap::Keymap;
use crate::tui::widgets::picker::{Item, Picker};

/// The palette's picker; `availability` says whether a command can act now, and why not.
pub fn palette(keymap: &Keymap, availability: impl Fn(Cmd) -> Result<(), String>) -> Picker<Cmd> {
    // A pop-up's commands act only in their pop-up: the palette runs the main screen's.
    let items = COMMANDS
        .iter()
        .filter(|row| row.group.scope() == Scope::Main)
        .map(|row| {
            let unavailable = availability(row.cmd)
                .err()
                .map(|why| format!("  (unavailable: {why})"))
                .unwrap_or_default();
            Item {
                label: row.name.to_string(),
                note: format!(
                    "{} — {}{unavailable}",
                    keymap.keys_label(row.cmd),
                    row.description
                ),
                value: row.cmd,
            }
        })
        .collect();
    Picker::new("Command palette", items)
}
