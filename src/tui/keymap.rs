//! Keys are data: the command table's default keys, patched by the user's
//! `~/.config/partnerdesk/keys.toml` (found by `store::app_dirs`). A bad line never crashes the
//! app: it is skipped with a message naming the line, and the good lines still apply. Each key is
//! bound once per scope — the main screen, or one pop-up — so a pop-up's keys are rebound the
//! same way.
//!
//! ```toml
//! [keys]
//! accept = "ctrl-a"        # one key
//! quit = ["q", "ctrl-q"]   # or several
//! help-down = "n"          # a pop-up's key: only the help changes
//! ```

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::chord::Chord;
use super::commands::{COMMANDS, Cmd, Scope, by_name, scope};

/// Key → command where the key is pressed (the main screen or a pop-up), plus each command's
/// keys in display order.
#[derive(Clone, Debug)]
pub struct Keymap {
    by_chord: HashMap<(Scope, Chord), Cmd>,
    keys: HashMap<Cmd, Vec<Chord>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Keymap {
            by_chord: HashMap::new(),
            keys: HashMap::new(),
        };
        for row in COMMANDS.iter() {
            let chords = row
                .keys
                .iter()
                .filter_map(|k| Chord::parse(k).ok())
                .collect();
            map.bind(row.cmd, chords);
        }
        map
    }
}

impl Keymap {
    /// Binds `cmd` to exactly `chords`, taking them away from any other command where `cmd`'s
    /// keys act (the same key may do something else in another scope).
    fn bind(&mut self, cmd: Cmd, chords: Vec<Chord>) {
        let scope = scope(cmd);
        if let Some(old) = self.keys.remove(&cmd) {
            for chord in old {
                self.by_chord.remove(&(scope, chord));
            }
        }
        for chord in &chords {
            if let Some(previous) = self.by_chord.insert((scope, *chord), cmd)
                && let Some(list) = self.keys.get_mut(&previous)
            {
                list.retain(|c| c != chord);
            }
        }
        self.keys.insert(cmd, chords);
    }

    /// The command `key` runs on the main screen.
    pub fn command_for(&self, key: &KeyEvent) -> Option<Cmd> {
        self.by_chord
            .get(&(Scope::Main, Chord::from_event(key)))
            .copied()
    }

    /// The command `key` runs in the pop-up `scope`. Pop-ups read the key whatever ctrl or alt
    /// is held with it (as they always have), unless a binding names that very chord.
    pub fn popup_command(&self, scope: Scope, key: &KeyEvent) -> Option<Cmd> {
        let chord = Chord::from_event(key);
        let bare = Chord {
            ctrl: false,
            alt: false,
            ..chord
        };
        self.by_chord
            .get(&(scope, chord))
            .or_else(|| self.by_chord.get(&(scope, bare)))
            .copied()
    }

    pub fn keys_of(&self, cmd: Cmd) -> &[Chord] {
        self.keys.get(&cmd).map_or(&[], |v| v.as_slice())
    }

    /// The first key of a command, for the footer: `a`, or `-` when unbound.
    pub fn key_label(&self, cmd: Cmd) -> String {
        self.keys_of(cmd)
            .first()
            .map_or_else(|| "-".to_string(), Chord::label)
    }

    /// The first `n` keys of a command, for a hint: `n/esc`, or `-` when unbound.
    pub fn first_keys_label(&self, cmd: Cmd, n: usize) -> String {
        let labels: Vec<String> = self.keys_of(cmd).iter().take(n).map(Chord::label).collect();
        if labels.is_empty() {
            "-".into()
        } else {
            labels.join("/")
        }
    }

    /// Every key of a command: `s, ctrl-s`.
    pub fn keys_label(&self, cmd: Cmd) -> String {
        let labels: Vec<String> = self.keys_of(cmd).iter().map(Chord::label).collect();
        if labels.is_empty() {
            "(unbound)".into()
        } else {
            labels.join(", ")
        }
    }

    /// The defaults patched by a keys.toml text, all of it or nothing: the first problem,
    /// naming its line.
    pub fn from_toml(text: &str) -> Result<Keymap, String> {
        let (map, problems) = Keymap::from_toml_lenient(text);
        match problems.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(map),
        }
    }

    /// The defaults patched by every good line of a keys.toml text; each bad line is skipped
    /// and reported ("line 3: …"), so one typo does not drop the user's other keys.
    pub fn from_toml_lenient(text: &str) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        // A line TOML cannot read is reported and blanked, then the rest is read again (at most
        // once per line).
        let mut lines: Vec<&str> = text.lines().collect();
        let table = loop {
            let current = lines.join("\n");
            match current.parse::<toml::Table>() {
                Ok(table) => break table,
                Err(err) => {
                    let line = err
                        .span()
                        .map(|span| line_of(&current, span.start))
                        .unwrap_or(1);
                    problems.push(format!("line {line}: {}", err.message().trim_end()));
                    let tries_left = problems.len() <= lines.len();
                    match lines.get_mut(line - 1) {
                        Some(bad) if !bad.is_empty() && tries_left => *bad = "",
                        _ => break toml::Table::new(),
                    }
                }
            }
        };
        let current = lines.join("\n");
        let mut map = Keymap::default();
        for (section, value) in &table {
            let Some(keys) = value.as_table().filter(|_| section == "keys") else {
                let line = find_line(&current, section);
                problems.push(format!(
                    "line {line}: unknown section `{section}`; put bindings under [keys]"
                ));
                continue;
            };
            for (name, value) in keys {
                let line = find_line(&current, name);
                match binding(name, value, line) {
                    Ok((cmd, chords)) => map.bind(cmd, chords),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        problems.sort_by_key(|p| line_number(p));
        (map, problems)
    }

    /// The user's keymap: `keys.toml` in the config directory when it exists, with its good
    /// lines in force, and what was wrong with the others for the status line and the message
    /// log.
    pub fn load_user() -> (Keymap, Option<String>) {
        let Some(path) = crate::store::app_dirs::keys_file() else {
            return (Keymap::default(), None);
        };
        match std::fs::read_to_string(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (Keymap::default(), None),
            Err(err) => (
                Keymap::default(),
                Some(format!(
                    "cannot read {}: {err}; using default keys",
                    path.display()
                )),
            ),
            Ok(text) => {
                let (map, problems) = Keymap::from_toml_lenient(&text);
                (map, problems_note(&path, &problems))
            }
        }
    }
}

/// One message for a keys.toml's skipped lines, or none.
pub fn problems_note(path: &std::path::Path, problems: &[String]) -> Option<String> {
    if problems.is_empty() {
        return None;
    }
    Some(format!(
        "{}: {} line(s) skipped, the others apply — {}",
        path.display(),
        problems.len(),
        problems.join("; ")
    ))
}

/// What one `name = keys` line binds, or why it binds nothing.
fn binding(name: &str, value: &toml::Value, line: usize) -> Result<(Cmd, Vec<Chord>), String> {
    let row = by_name(name).ok_or_else(|| {
        format!("line {line}: `{name}` is not a command (see the names in the ? help)")
    })?;
    let texts: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("line {line}: keys are strings, like \"a\""))
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(format!(
                "line {line}: write {name} = \"key\" or {name} = [\"key\", ...]"
            ));
        }
    };
    let chords = texts
        .iter()
        .map(|t| Chord::parse(t).map_err(|e| format!("line {line}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((row.cmd, chords))
}

fn line_number(problem: &str) -> usize {
    problem
        .strip_prefix("line ")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The keys.toml example the help shows: it adds keys without taking any from another command,
/// so every command stays bound (a test checks it).
pub const EXAMPLE: &str = "[keys]  accept = [\"a\", \"ctrl-a\"]   quit = [\"q\", \"ctrl-q\"]";

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `name` is defined (a `name =` assignment or a `[name]` header).
fn find_line(text: &str, name: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let bare = line.trim_start_matches('[').trim_start_matches('"');
            bare.starts_with(name)
                && bare[name.len()..]
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with(['=', ']'])
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    #[test]
    fn defaults_bind_every_listed_key() {
        let map = Keymap::default();
        let key = KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT);
        assert_eq!(map.command_for(&key), Some(Cmd::ActAs));
        let key = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.command_for(&key), Some(Cmd::Redo));
    }

    #[test]
    fn a_user_binding_takes_the_key_from_its_old_command() {
        let map = Keymap::from_toml("[keys]\naccept = \"x\"\n").unwrap();
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(map.command_for(&x), Some(Cmd::Accept));
        assert_eq!(map.keys_label(Cmd::Revoke), "(unbound)");
    }

    #[test]
    fn a_bad_line_is_skipped_and_reported_while_the_good_lines_apply() {
        let text =
            "[keys]\naccept = \"ctrl-a\"\nfly = \"z\"\nrevoke = = \nquit = [\"q\", \"ctrl-q\"]\n";
        let (map, problems) = Keymap::from_toml_lenient(text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("line 3:"), "{problems:?}");
        assert!(problems[1].starts_with("line 4:"), "{problems:?}");
        assert_eq!(map.keys_label(Cmd::Accept), "ctrl-a");
        assert_eq!(map.keys_label(Cmd::Quit), "q, ctrl-q");
        // The skipped line binds nothing: revoke keeps its default.
        assert_eq!(map.keys_label(Cmd::Revoke), "x");
    }

    #[test]
    fn the_help_example_leaves_every_command_bound() {
        let example = EXAMPLE.replace("   ", "\n").replace("]  ", "]\n");
        let map = Keymap::from_toml(&example).unwrap();
        for row in COMMANDS.iter() {
            assert!(
                !map.keys_of(row.cmd).is_empty(),
                "the help's keys.toml example unbinds {}",
                row.name
            );
        }
        assert_ne!(
            map.keys_label(Cmd::Accept),
            Keymap::default().keys_label(Cmd::Accept)
        );
    }

    #[test]
    fn bad_configs_name_the_line() {
        let err = Keymap::from_toml("[keys]\n\nfly = \"z\"\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        let err = Keymap::from_toml("[keys]\naccept = \"ctrl-?\"\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        let err = Keymap::from_toml("[keys]\naccept = = \n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn a_key_is_bound_once_per_scope() {
        let map = Keymap::default();
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.command_for(&j), Some(Cmd::Down));
        assert_eq!(map.popup_command(Scope::Help, &j), Some(Cmd::HelpDown));
        assert_eq!(map.popup_command(Scope::Script, &j), Some(Cmd::ScriptDown));
        assert_eq!(map.popup_command(Scope::ChangedOnDisk, &j), None);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.command_for(&q), Some(Cmd::Quit));
        assert_eq!(map.popup_command(Scope::Script, &q), Some(Cmd::ScriptClose));
        assert_eq!(
            map.popup_command(Scope::ChangedOnDisk, &q),
            Some(Cmd::DiskKeepEditing)
        );
        // Pop-ups read the key whatever ctrl or alt is held with it, as they always have.
        let ctrl_j = key(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(map.popup_command(Scope::Help, &ctrl_j), Some(Cmd::HelpDown));
        let shift_tab = key(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(
            map.popup_command(Scope::Script, &shift_tab),
            Some(Cmd::ScriptFormat)
        );
    }

    #[test]
    fn a_pop_up_key_is_rebound_in_its_pop_up_only() {
        let map = Keymap::from_toml("[keys]\nhelp-down = \"n\"\n").unwrap();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.popup_command(Scope::Help, &n), Some(Cmd::HelpDown));
        assert_eq!(map.popup_command(Scope::Help, &j), None);
        assert_eq!(map.key_label(Cmd::HelpDown), "n");
        // The main screen and the other pop-ups keep their `j`.
        assert_eq!(map.command_for(&j), Some(Cmd::Down));
        assert_eq!(map.command_for(&n), None);
        assert_eq!(map.popup_command(Scope::Script, &j), Some(Cmd::ScriptDown));
        // A binding that names a chord with ctrl is that chord.
        let map = Keymap::from_toml("[keys]\nscript-close = \"ctrl-w\"\n").unwrap();
        let ctrl_w = key(KeyCode::Char('w'), KeyModifiers::CONTROL);
        let w = key(KeyCode::Char('w'), KeyModifiers::NONE);
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            map.popup_command(Scope::Script, &ctrl_w),
            Some(Cmd::ScriptClose)
        );
        // Plain `w` is not ctrl-w: it keeps its own command.
        assert_eq!(map.popup_command(Scope::Script, &w), Some(Cmd::ScriptWrite));
        assert_eq!(map.popup_command(Scope::Script, &esc), None);
    }
}
