//! Starting the terminal app: on the default workspace (the user's saved one, else the embedded
//! demo) or on a file.

use std::path::{Path, PathBuf};

use crate::cli::{Failure, Outcome};

/// Where a saved demo goes: the user's data directory, never `assets/`.
pub fn default_workspace_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "partnerdesk").map(|dirs| dirs.data_dir().join("workspace.json"))
}

pub fn open_default() -> Outcome {
    match default_workspace_path() {
        Some(path) if path.is_file() => open_file(&path, false),
        _ => Err(Failure::usage("the terminal app is not built yet")),
    }
}

pub fn open_file(path: &Path, _read_only: bool) -> Outcome {
    Err(Failure::usage(format!("the terminal app is not built yet (cannot open {})", path.display())))
}
