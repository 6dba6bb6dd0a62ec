//! `partnerdesk paths [--json]`: where partnerdesk keeps its files on this machine (the places
//! `store::app_dirs` names, which the terminal app uses), and the workspace PARTNERDESK_FILE
//! names when it is set.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::args::FILE_ENV;
use super::outcome::{Failure, Outcome};
use crate::store::app_dirs;

pub fn paths(as_json: bool) -> Outcome {
    let no_home = || Failure::usage("this system names no home directory for partnerdesk's files");
    let workspace = app_dirs::default_workspace().ok_or_else(no_home)?;
    let keys = app_dirs::keys_file().ok_or_else(no_home)?;
    let config = app_dirs::config_dir().ok_or_else(no_home)?;
    let data = app_dirs::data_dir().ok_or_else(no_home)?;
    let templates = crate::store::user_templates::templates_file().ok_or_else(no_home)?;
    let env_file = super::parse::env_file().map(PathBuf::from);
    // keys.toml's bad lines (skipped by the app, which applies the others).
    let key_problems = std::fs::read_to_string(&keys)
        .map(|text| crate::tui::keymap::Keymap::from_toml_lenient(&text).1)
        .unwrap_or_default();
    if as_json {
        let mut object = Map::new();
        let mut put = |key: &str, path: &Path| {
            object.insert(key.into(), Value::String(path.display().to_string()));
        };
        put("defaultWorkspace", &workspace);
        put("keysFile", &keys);
        put("configDir", &config);
        put("templatesFile", &templates);
        put("dataDir", &data);
        if let Some(file) = &env_file {
            put("partnerdeskFile", file);
        }
        if !key_problems.is_empty() {
            object.insert(
                "keysProblems".into(),
                Value::Array(key_problems.iter().cloned().map(Value::String).collect()),
            );
        }
        super::output::json(&Value::Object(object));
    } else {
        let mut rows = vec![
            ("default workspace", described(&workspace, "not saved yet")),
            ("keys.toml", described(&keys, "none: the default keys")),
        ];
        for problem in &key_problems {
            rows.push((
                "keys.toml skips",
                crate::display::inert(problem).into_owned(),
            ));
        }
        rows.extend([
            ("config directory", described(&config, "not created yet")),
            (
                "templates.toml",
                described(&templates, "none: the built-in templates"),
            ),
            ("data directory", described(&data, "not created yet")),
        ]);
        if let Some(file) = &env_file {
            rows.push((FILE_ENV, described(file, "no such file yet")));
        }
        let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
        for (label, value) in rows {
            outln!("{label:<width$}  {value}");
        }
    }
    Ok(())
}

/// The path, and a note when nothing is there yet.
fn described(path: &Path, missing: &str) -> String {
    let shown = path.display().to_string();
    if path.exists() {
        shown
    } else {
        format!("{shown} ({missing})")
    }
}
