//! partnerdesk's own files beside a workspace — `FILE.lock`, `FILE.journal`, `FILE.bak` and the
//! temporary files of saves — are opened without following a symbolic link and created with the
//! workspace's permissions. Anyone who can create a file in a shared folder can plant a link at
//! one of these names; followed, it would let a save truncate or chmod any file its user may write.
//! (The workspace file itself may be a link: a save replaces what it points to, on purpose.)

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Adds "do not follow a symbolic link at the last component" to `options` (where the system
/// has it; elsewhere links are not followed by partnerdesk's own files' names anyway).
pub fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Opens `path` to read it, refusing a symbolic link; a FIFO planted there does not block the
/// open (its kind is the caller's to check).
pub fn open_to_read(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Sets `mode` as the permissions a new file gets from `options`.
pub fn with_mode(options: &mut OpenOptions, mode: u32) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options
}

/// The permissions of the workspace at `workspace`, for the files partnerdesk keeps beside it:
/// without execute bits, and always its owner's to read and write (a lock or journal it cannot
/// reopen would stop the next writer); a workspace not written yet is its owner's only, as a
/// save makes it.
pub fn workspace_mode(workspace: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(workspace)
            .map_or(0o600, |meta| (meta.permissions().mode() & 0o666) | 0o600)
    }
    #[cfg(not(unix))]
    {
        let _ = workspace;
        0o600
    }
}

/// Gives an open file exactly `mode` (a new file's mode is cut by the umask). Best effort: a
/// file another user created keeps theirs.
pub fn set_mode(file: &File, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (file, mode);
}

/// True when `path` is a symbolic link (not followed).
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

/// What the user reads when a link sits where partnerdesk keeps one of its own files, after
/// "PATH is " or "it is ".
pub const LINK: &str =
    "a symbolic link, and partnerdesk never follows one where it keeps its own files";

/// True when `file` has more names than the one it was opened by (a hard link planted at one of
/// partnerdesk's names): writing it would change another file.
pub fn has_other_names(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata().is_ok_and(|meta| meta.nlink() > 1)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        false
    }
}
