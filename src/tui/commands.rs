//! THE one table of named commands: the main screen's and the pop-ups' (help, script, file
//! changed on disk, confirmation) alike. The keymap, the `?` help overlay, the footer and the
//! `:` palette are all generated from it, so they can never drift from what the keys do, and
//! keys.toml can rebind any of them. The rows (names, default keys, doc lines) are data in
//! `command_rows.rs` (main screen) and `popup_command_rows.rs`; this file joins them and looks
//! them up, so every part of the app may read it: whether a command can act right now is asked
//! of the app in `availability.rs`.

use std::sync::LazyLock;

pub use super::command_kinds::{Cmd, Command, Group, Scope};

/// Every command, the main screen's first (`command_rows.rs`), then the pop-ups'
/// (`popup_command_rows.rs`): one table, joined once.
pub static COMMANDS: LazyLock<Vec<Command>> = LazyLock::new(|| {
    super::command_rows::MAIN
        .iter()
        .chain(super::popup_command_rows::POPUPS)
        .copied()
        .collect()
});

pub fn command(cmd: Cmd) -> &'static Command {
    // Every Cmd has exactly one row; a test checks it.
    COMMANDS
        .iter()
        .find(|row| row.cmd == cmd)
        .unwrap_or(&COMMANDS[0])
}

/// Where `cmd`'s keys act.
pub fn scope(cmd: Cmd) -> Scope {
    command(cmd).group.scope()
}

pub fn by_name(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|row| row.name.eq_ignore_ascii_case(name.trim()))
}

/// The main-screen command the palette runs for a CLI subcommand's name (`tick`, `assign`…), if
/// the app has one: the parity test walks the CLI through this.
pub fn route(cli_name: &str) -> Option<&'static Command> {
    by_name(cli_name).filter(|row| row.group.scope() == Scope::Main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_one_row_and_a_unique_name() {
        for (i, row) in COMMANDS.iter().enumerate() {
            assert_eq!(
                COMMANDS.iter().filter(|r| r.cmd == row.cmd).count(),
                1,
                "{}",
                row.name
            );
            assert!(
                COMMANDS[..i].iter().all(|r| r.name != row.name),
                "{}",
                row.name
            );
        }
    }
}
