//! The role template catalogue this process uses: the built-in templates plus the user's own
//! from `templates.toml` in the config directory, read once at first use. A bad entry is left
//! out and reported (with its line); the good ones are kept.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::domain::templates::{Catalogue, TemplateProblem, built_in};

/// The user's templates file, whether or not it exists.
pub fn templates_file() -> Option<PathBuf> {
    super::app_dirs::config_dir().map(|dir| dir.join("templates.toml"))
}

/// The catalogue and what was wrong with the user's file (each problem names the file).
pub struct Loaded {
    pub catalogue: Catalogue,
    pub problems: Vec<String>,
}

/// Reads the built-in catalogue and the user's file (missing is fine).
pub fn load() -> Loaded {
    let Some(path) = templates_file() else {
        return Loaded {
            catalogue: built_in().clone(),
            problems: Vec::new(),
        };
    };
    match std::fs::read_to_string(&path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Loaded {
            catalogue: built_in().clone(),
            problems: Vec::new(),
        },
        Err(err) => Loaded {
            catalogue: built_in().clone(),
            problems: vec![format!(
                "cannot read {}: {err}; using the built-in templates",
                path.display()
            )],
        },
        Ok(text) => {
            let (catalogue, problems) = built_in().with_user(&text);
            let shown = path.display().to_string();
            Loaded {
                catalogue,
                problems: problems
                    .iter()
                    .map(|p: &TemplateProblem| format!("{shown}: {p}; left out"))
                    .collect(),
            }
        }
    }
}

/// The catalogue of this process (loaded at first use).
pub fn catalogue() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(load)
}
