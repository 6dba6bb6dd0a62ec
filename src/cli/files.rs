//! What a command reads and writes besides opening a workspace: a file the user names (or `-`
//! for standard input), and a workspace the command loaded itself, saved under the writer's
//! lock. Shared by `import` and bulk `invite --customers-from`.

use std::path::Path;

use super::outcome::{Failure, Outcome};

pub use crate::store::inputs::{Holds, MAX_ACTION_BYTES, MAX_CSV_BYTES, MAX_WORKSPACE_BYTES};

/// The bytes of the file `name`, or of standard input for `-`, at most `max` of them
/// (`store::inputs::read_input`), refused as a usage error that names the input.
pub fn read_input(name: &str, max: u64, holds: Holds) -> Result<Vec<u8>, Failure> {
    crate::store::inputs::read_input(name, max, holds).map_err(Failure::from)
}

impl From<crate::store::inputs::InputError> for Failure {
    fn from(err: crate::store::inputs::InputError) -> Self {
        let failure = Failure::usage(err.message);
        match err.detail {
            Some(detail) => failure.with_detail(detail),
            None => failure,
        }
    }
}

/// Writes `bytes` to `path` as a workspace save does: into a temporary file beside it, flushed
/// to disk, then renamed over `path`. A full disk or a crash leaves `path` as it was (or absent),
/// never empty or half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Outcome {
    crate::store::replace_file(path, bytes).map_err(|err| {
        Failure::usage(format!("cannot write {}: {err}", path.display()))
            .with_detail("the file on disk was left as it was")
    })
}
