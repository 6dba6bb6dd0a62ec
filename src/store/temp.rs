//! Temporary files of saves (and of journal rewrites), named after the file they will replace:
//! `.NAME.XXXXXX.partnerdesk-tmp` beside it. A save killed before its rename leaves one behind —
//! up to the size of the workspace — so the writer that holds the lock, which proves no save of
//! that workspace is running, removes the ones it recognises by exactly that name.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Temporary files a save leaves behind when killed end in this.
pub const TEMP_SUFFIX: &str = ".partnerdesk-tmp";

/// How many random letters and digits name a temporary file apart from its siblings.
const RANDOM_CHARS: usize = 6;

/// The journal's temporary files are named after `NAME.journal`.
const JOURNAL: &[u8] = b"journal.";

/// Creates a new temporary file for replacing `target`, beside it, with `mode`. Never an existing
/// file and never through a symbolic link: the name is taken exclusively (`O_EXCL`), and
/// another name is tried when it is taken.
pub fn create_beside(target: &Path, mode: u32) -> std::io::Result<tempfile::NamedTempFile> {
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(RANDOM_CHARS);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(parent_dir(target))
}

/// True when `name` is exactly the name of a temporary file of a save of `file` (or of a rewrite
/// of its journal): not one of a workspace whose name merely starts the same.
pub fn is_temp_of(name: &OsStr, file: &OsStr) -> bool {
    let middle = name
        .as_encoded_bytes()
        .strip_prefix(b".")
        .and_then(|rest| rest.strip_prefix(file.as_encoded_bytes()))
        .and_then(|rest| rest.strip_prefix(b"."))
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX.as_bytes()));
    let Some(middle) = middle else {
        return false;
    };
    let random = middle.strip_prefix(JOURNAL).unwrap_or(middle);
    random.len() == RANDOM_CHARS && random.iter().all(u8::is_ascii_alphanumeric)
}

/// Removes the temporary files killed saves of `target` left beside it. Call only while holding
/// `target`'s lock. A symbolic link with such a name was planted, not left: it is neither
/// followed nor removed, and its path is returned for the save to refuse. Best effort otherwise:
/// a leftover that cannot be removed is only wasted space.
pub fn remove_leftovers(target: &Path) -> Result<(), PathBuf> {
    let Some(file) = target.file_name() else {
        return Ok(());
    };
    let Ok(entries) = std::fs::read_dir(parent_dir(target)) else {
        return Ok(());
    };
    let mut leftovers = Vec::new();
    for entry in entries.flatten() {
        if !is_temp_of(&entry.file_name(), file) {
            continue;
        }
        // `file_type` does not follow a link.
        match entry.file_type() {
            Ok(kind) if kind.is_symlink() => return Err(target.with_file_name(entry.file_name())),
            Ok(kind) if kind.is_file() => leftovers.push(entry.path()),
            _ => {}
        }
    }
    for leftover in leftovers {
        let _ = std::fs::remove_file(leftover);
    }
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_names_of_a_files_temporary_files_are_its_own() {
        let of = |name: &str| is_temp_of(OsStr::new(name), OsStr::new("w.json"));
        assert!(of(".w.json.Ab3xY9.partnerdesk-tmp"));
        assert!(of(".w.json.journal.Ab3xY9.partnerdesk-tmp"));
        // Another workspace whose name starts the same, or other lengths and characters.
        assert!(!of(".w.json.x.Ab3xY9.partnerdesk-tmp"));
        assert!(!of(".w.json2.Ab3xY9.partnerdesk-tmp"));
        assert!(!of(".w.json.Ab3xY.partnerdesk-tmp"));
        assert!(!of(".w.json.Ab3xY90.partnerdesk-tmp"));
        assert!(!of(".w.json.Ab-xY9.partnerdesk-tmp"));
        assert!(!of("w.json.Ab3xY9.partnerdesk-tmp"));
        assert!(!of(".w.json.Ab3xY9.partnerdesk-tmp.keep"));
        assert!(!of(".v.json.Ab3xY9.partnerdesk-tmp"));
    }

    #[test]
    fn a_created_temporary_file_is_recognised_as_its_targets() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("w.json");
        let temp = create_beside(&target, 0o600).unwrap();
        let name = temp.path().file_name().unwrap().to_owned();
        assert!(is_temp_of(&name, OsStr::new("w.json")), "{name:?}");
        let journal = create_beside(&dir.path().join("w.json.journal"), 0o600).unwrap();
        let name = journal.path().file_name().unwrap().to_owned();
        assert!(is_temp_of(&name, OsStr::new("w.json")), "{name:?}");
    }
}
