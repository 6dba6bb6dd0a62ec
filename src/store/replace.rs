//! Replacing a small file whole (an export, a script, a man page, git's settings): the bytes go
//! to a temporary file beside it, are synced, and take its name in one rename, so a reader sees
//! the old file or the new one, never half of either.

use std::io::Write;
use std::path::Path;

use super::temp::create_beside;

/// Writes `bytes` to `path` atomically, as an ordinary new file (mode 0644 less the umask): an
/// export or a script is for others to read.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = create_beside(path, 0o644)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn replacing_a_file_leaves_only_the_new_bytes_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, b"old and longer").unwrap();
        replace_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");
    }

    #[test]
    fn a_missing_folder_is_an_error_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.txt");
        assert!(replace_file(&path, b"x").is_err());
        assert!(!dir.path().join("missing").exists());
    }
}
