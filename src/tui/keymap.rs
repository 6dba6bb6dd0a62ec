//! Keys are data: the command table's default keys, patched by the user's
//! `~/.config/partnerdesk/keys.toml` (found by `store::app_dirs`). A bad file never crashes the app:
//! it gets a message naming the line, and the defaults stay in force. Each key is bound once per
//! scope — the main screen, or one pop-up — so a pop-up's keys are rebound the same way.
//!
//! ```toml
//! [keys]
//! accept = "y"             # one key
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
        for row in COMMANDS {
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

    /// The defaults patched by a keys.toml text. Errors name the line.
    pub fn from_toml(text: &str) -> Result<Keymap, String> {
        let table: toml::Table = text.parse().map_err(|err: toml::de::Error| {
            let line = err
                .span()
                .map(|span| line_of(text, span.start))
                .unwrap_or(1);
            format!("line {line}: {}", err.message())
        })?;
        let mut map = Keymap::default();
        for (section, value) in &table {
            let Some(keys) = value.as_table().filter(|_| section == "keys") else {
                let line = find_line(text, section);
                return Err(format!(
                    "line {line}: unknown section `{section}`; put bindings under [keys]"
                ));
            };
            for (name, value) in keys {
                let line = find_line(text, name);
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
                map.bind(row.cmd, chords);
            }
        }
        Ok(map)
    }

    /// The user's keymap: `keys.toml` in the config directory when it exists. A problem gives the
    /// defaults plus a message for the status line.
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
            Ok(text) => match Keymap::from_toml(&text) {
                Ok(map) => (map, None),
                Err(err) => (
                    Keymap::default(),
                    Some(format!("{}: {err}; using default keys", path.display())),
                ),
            },
        }
    }
}

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
