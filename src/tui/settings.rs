//! The app's settings beside keys.toml: `config.toml` in the config directory. One setting so
//! far — `mouse = false` starts the app with mouse capture off, so the terminal's own text
//! selection works (`M` switches it at any time). A bad file is reported and the defaults stay.

/// What config.toml sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Whether the app captures the mouse (clicks, wheel) from the start.
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { mouse: true }
    }
}

impl Settings {
    /// The settings a config.toml text gives, and what was wrong with it (each problem skipped).
    pub fn from_toml(text: &str) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let table: toml::Table = match text.parse() {
            Ok(table) => table,
            Err(err) => return (settings, vec![err.message().trim_end().to_string()]),
        };
        let mut problems = Vec::new();
        for (name, value) in &table {
            match (name.as_str(), value) {
                ("mouse", toml::Value::Boolean(on)) => settings.mouse = *on,
                ("mouse", _) => problems.push("mouse is true or false".to_string()),
                (other, _) => problems.push(format!("`{other}` is not a setting (mouse)")),
            }
        }
        (settings, problems)
    }

    /// The user's settings, and a message for the status line when config.toml has problems.
    pub fn load_user() -> (Settings, Option<String>) {
        let Some(path) = crate::store::app_dirs::config_dir().map(|d| d.join("config.toml")) else {
            return (Settings::default(), None);
        };
        match std::fs::read_to_string(&path) {
            Err(_) => (Settings::default(), None),
            Ok(text) => {
                let (settings, problems) = Settings::from_toml(&text);
                let note = (!problems.is_empty())
                    .then(|| format!("{}: {}", path.display(), problems.join("; ")));
                (settings, note)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mouse_false_turns_capture_off_and_a_bad_value_keeps_the_default() {
        assert!(!Settings::from_toml("mouse = false\n").0.mouse);
        let (settings, problems) = Settings::from_toml("mouse = \"no\"\ncolour = 1\n");
        assert!(settings.mouse);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
