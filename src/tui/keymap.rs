//! Keys are data: the command table's default keys, patched by the user's
//! `~/.config/partnerdesk/keys.toml` (found with `directories`). A bad file never crashes the app:
//! it gets a message naming the line, and the defaults stay in force.
//!
//! ```toml
//! [keys]
//! accept = "y"             # one key
//! quit = ["q", "ctrl-q"]   # or several
//! ```

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::commands::{COMMANDS, Cmd, by_name};

/// A key with its modifiers, normalised so `A` and `shift-a` are the same chord.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Chord {
    pub fn from_event(key: &KeyEvent) -> Chord {
        let code = match key.code {
            KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Chord {
            code,
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Reads `a`, `A`, `ctrl-r`, `alt-x`, `enter`, `esc`, `tab`, `shift-tab`, `pgdn`, `f1`, `space`.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if rest.len() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(ch), None) if shift => KeyCode::Char(ch.to_ascii_uppercase()),
            (Some(ch), None) => KeyCode::Char(ch),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if shift => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => {
                    return Err(format!(
                        "`{text}` is not a key (try a, A, ctrl-r, enter, esc, tab, pgdn, f1)"
                    ));
                }
            },
        };
        if let KeyCode::Char(ch) = code
            && ctrl
            && !ch.is_ascii_alphanumeric()
        {
            return Err(format!("`{text}`: ctrl works with letters and digits only"));
        }
        Ok(Chord { code, ctrl, alt })
    }

    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "del".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("ctrl-");
        }
        if self.alt {
            out.push_str("alt-");
        }
        out.push_str(&key);
        out
    }
}

/// Key → command, plus each command's keys in display order.
#[derive(Clone, Debug)]
pub struct Keymap {
    by_chord: HashMap<Chord, Cmd>,
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
    /// Binds `cmd` to exactly `chords`, taking them away from any other command.
    fn bind(&mut self, cmd: Cmd, chords: Vec<Chord>) {
        if let Some(old) = self.keys.remove(&cmd) {
            for chord in old {
                self.by_chord.remove(&chord);
            }
        }
        for chord in &chords {
            if let Some(previous) = self.by_chord.insert(*chord, cmd)
                && let Some(list) = self.keys.get_mut(&previous)
            {
                list.retain(|c| c != chord);
            }
        }
        self.keys.insert(cmd, chords);
    }

    pub fn command_for(&self, key: &KeyEvent) -> Option<Cmd> {
        self.by_chord.get(&Chord::from_event(key)).copied()
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
        let Some(dirs) = directories::ProjectDirs::from("", "", "partnerdesk") else {
            return (Keymap::default(), None);
        };
        let path = dirs.config_dir().join("keys.toml");
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
}
