//! Where partnerdesk keeps its own files on this machine: the per-user folders the `directories`
//! crate names (on Linux `~/.config/partnerdesk` and `~/.local/share/partnerdesk`). One home for
//! them, so the terminal app, `open` and `partnerdesk paths` always name the same places.

use std::path::PathBuf;

use directories::ProjectDirs;

/// The per-user folders, or `None` where the system names no home directory.
fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "partnerdesk")
}

/// The directory holding `keys.toml`.
pub fn config_dir() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.config_dir().to_path_buf())
}

/// The directory holding the saved default workspace.
pub fn data_dir() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.data_dir().to_path_buf())
}

/// The user's key bindings, read by the terminal app when the file exists.
pub fn keys_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("keys.toml"))
}

/// The default workspace: where saving the demo writes, and what a bare `partnerdesk` opens
/// once it exists.
pub fn default_workspace() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("workspace.json"))
}
