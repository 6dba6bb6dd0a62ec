//! Whether the app may write, why not, and where saving the demo goes. Read-only comes from the
//! command line (`--read-only`) or from the lock (another session writes the file); either way
//! nothing is changed, journaled or saved, and the keys that would write say why they cannot.

use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct Access {
    read_only: bool,
    /// Why the workspace is read-only, for the status line and disabled keys.
    reason: Option<String>,
    /// Who holds the lock, short, for the header.
    holder: Option<String>,
    /// Where saving the embedded demo writes (the user's data directory); without it, saving
    /// the demo asks for a path.
    demo_save_path: Option<PathBuf>,
}

impl Access {
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Why nothing can be changed here.
    pub fn reason(&self) -> &str {
        self.reason
            .as_deref()
            .unwrap_or("the workspace is open read-only (--read-only); nothing is written")
    }

    /// Who holds the lock when that is why the workspace is read-only.
    pub fn holder(&self) -> Option<&str> {
        self.holder.as_deref()
    }

    pub fn demo_save_path(&self) -> Option<&Path> {
        self.demo_save_path.as_deref()
    }

    pub fn set_read_only(&mut self, read_only: bool) {
        self.read_only = read_only;
    }

    /// Read-only from now on, for `reason`.
    pub fn set_reason(&mut self, reason: String) {
        self.read_only = true;
        self.reason = Some(reason);
    }

    pub fn set_holder(&mut self, holder: Option<String>) {
        self.holder = holder;
    }

    pub fn set_demo_save_path(&mut self, path: Option<PathBuf>) {
        self.demo_save_path = path;
    }
}
