//! The top-level help lists the commands in groups, as gh does. clap has no subcommand groups,
//! so this table says which group each command belongs to, and the listing is built when the
//! help is asked for from the commands clap knows (their names and one-line descriptions): a
//! renamed or reworded command shows as it is now. A command missing from the table is listed
//! under "Other commands" rather than hidden (a test keeps that group empty).

use std::fmt::Write as _;
use std::io::IsTerminal;

use clap::Command;
use unicode_width::UnicodeWidthStr;

/// Each group's heading and its commands' names.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Look at a workspace",
        &[
            "open",
            "list",
            "show",
            "history",
            "diff",
            "check",
            "review",
            "rules",
            "roles",
            "templates",
            "schema",
        ],
    ),
    (
        "Change it (each change an action the rules check first)",
        &[
            "invite",
            "accept",
            "decline",
            "revoke",
            "lock",
            "edit-draft",
            "reseller-approve",
            "reseller-reject",
            "remove-global-admin",
            "terminate",
            "offboard",
            "auto-extend",
            "assign",
            "unassign",
            "buy",
            "suspend",
            "reactivate",
            "tick",
            "add-customer",
            "add-partner",
            "apply",
        ],
    ),
    (
        "Exchange with Partner Center and Microsoft Graph",
        &["import", "export", "emit"],
    ),
    (
        "Maintain",
        &[
            "recover",
            "merge",
            "conflicts",
            "resolve",
            "git-setup",
            "demo",
            "gen",
            "paths",
            "completions",
            "man",
        ],
    ),
];

/// Where commands the table does not name are listed.
pub const OTHER: &str = "Other commands";

/// `cmd` with its top-level help showing the commands in groups; `--help` and `help` both
/// print it.
pub fn with_grouped_help(cmd: Command) -> Command {
    let listing = grouped_listing(&cmd, help_width());
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}{options}\n{{options}}{{after-help}}",
        options = heading(&cmd, "Options"),
    );
    cmd.help_template(template)
}

/// The visible commands in their groups, in the table's order: (heading, names). Commands the
/// table does not name come last under [`OTHER`]; empty groups are left out.
pub fn groups(cmd: &Command) -> Vec<(&'static str, Vec<String>)> {
    let visible: Vec<&Command> = cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
        .collect();
    let mut grouped: Vec<(&'static str, Vec<String>)> = GROUPS
        .iter()
        .map(|(title, names)| {
            let members = names
                .iter()
                .filter(|name| visible.iter().any(|sub| sub.get_name() == **name))
                .map(|name| name.to_string())
                .collect();
            (*title, members)
        })
        .collect();
    let others: Vec<String> = visible
        .iter()
        .map(|sub| sub.get_name())
        .filter(|name| !GROUPS.iter().any(|(_, names)| names.contains(name)))
        .map(str::to_string)
        .collect();
    grouped.push((OTHER, others));
    grouped.retain(|(_, members)| !members.is_empty());
    grouped
}

/// The groups as help text: a heading per group, then each command's name and description,
/// the descriptions aligned and wrapped to `width` columns.
fn grouped_listing(cmd: &Command, width: usize) -> String {
    let groups = groups(cmd);
    let name_width = groups
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::len))
        .max()
        .unwrap_or(0);
    let literal = cmd.get_styles().get_literal();
    let indent = 2 + name_width + 2;
    let mut text = String::new();
    for (title, names) in &groups {
        let _ = writeln!(text, "{}", heading(cmd, title));
        for name in names {
            let about = cmd
                .find_subcommand(name)
                .and_then(Command::get_about)
                .map(ToString::to_string)
                .unwrap_or_default();
            let pad = " ".repeat(name_width - name.len() + 2);
            let lines = wrap(&about, width.saturating_sub(indent).max(20));
            let mut lines = lines.iter();
            let first = lines.next().map(String::as_str).unwrap_or("");
            let _ = writeln!(text, "  {literal}{name}{literal:#}{pad}{first}");
            for line in lines {
                let _ = writeln!(text, "{}{line}", " ".repeat(indent));
            }
        }
        text.push('\n');
    }
    text
}

/// A heading in clap's own style ("Options:"), so the groups look like the rest of the help.
fn heading(cmd: &Command, title: &str) -> String {
    let style = cmd.get_styles().get_header();
    format!("{style}{title}:{style:#}")
}

/// The width clap wraps help to: the terminal's, at most 100 columns; 100 when not a terminal.
fn help_width() -> usize {
    const MAX: usize = 100;
    if !std::io::stdout().is_terminal() {
        return MAX;
    }
    crossterm::terminal::size().map_or(MAX, |(columns, _)| usize::from(columns).min(MAX))
}

/// `text` cut into lines of at most `width` columns at spaces (a longer word gets a line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_cuts_at_spaces_within_the_width() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
    }

    #[test]
    fn wrap_gives_a_long_word_its_own_line() {
        assert_eq!(wrap("a verylongword b", 4), vec!["a", "verylongword", "b"]);
    }
}
