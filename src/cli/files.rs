//! What a command reads and writes besides opening a workspace: a file the user names (or `-`
//! for standard input), and a workspace the command loaded itself, saved under the writer's
//! lock. Shared by `import` and bulk `invite --customers-from`.

use std::io::Read;
use std::path::Path;

use super::outcome::{Failure, Outcome};
use super::resolve;
use crate::store::{Expect, Fingerprint, SaveError, save_file};
use crate::workspace::Workspace;

/// The bytes of the file `name`, or of standard input for `-`.
pub fn read_input(name: &str) -> Result<Vec<u8>, Failure> {
    if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|err| Failure::usage(format!("cannot read standard input: {err}")))?;
        return Ok(bytes);
    }
    std::fs::read(name).map_err(|err| Failure::usage(format!("cannot read {name}: {err}")))
}

/// Saves a workspace the command loaded itself (`expected`: the fingerprint it was loaded
/// with; `None` when it found no file and creates it), under the writer's lock.
pub fn save(path: &Path, ws: &Workspace, expected: Option<Fingerprint>) -> Outcome {
    // A write like any other: refused while the terminal app (or another command) holds the
    // file, or while a crash journal waits for `recover`; a change since loading is caught by
    // the fingerprint, and a file another command created since this one found none is kept.
    let lock = resolve::lock_to_write(path)?;
    save_file(
        &lock,
        path,
        ws,
        expected.map_or(Expect::Nothing, Expect::Loaded),
    )
    .map(|_| ())
    .map_err(|err| match err {
        SaveError::ChangedOnDisk { .. } => Failure::usage(err.to_string()),
        SaveError::Appeared { .. } => Failure::usage(err.to_string())
            .with_detail("nothing was written; run the command again to add to that file"),
        SaveError::Io { .. } => {
            Failure::usage(err.to_string()).with_detail("the file on disk was left as it was")
        }
    })
}
