//! What a command reads and writes besides opening a workspace: a file the user names (or `-`
//! for standard input), and a workspace the command loaded itself, saved under the writer's
//! lock. Shared by `import` and bulk `invite --customers-from`.

use std::io::Read;
use std::path::Path;

use super::outcome::{Failure, Outcome};

/// The most partnerdesk reads from one export page (Graph and Partner Center pages are a few
/// MB; a tenant's whole listing in one file is tens of MB).
pub const MAX_SOURCE_BYTES: u64 = 256 << 20;

/// The most partnerdesk reads from a CSV of customers to invite.
pub const MAX_CSV_BYTES: u64 = 64 << 20;

/// The most partnerdesk reads of a workspace on standard input (`check -`). A file is read at
/// its size; a pipe has none, and one that never ends (`/dev/zero`) must stop. 8 GiB is well
/// past the largest workspace measured (a million customers: 2.9 GB).
pub const MAX_WORKSPACE_BYTES: u64 = 8 << 30;

/// The most partnerdesk reads of an action on standard input (`apply FILE --as X -`): as much
/// as an export page, since an `import` action carries the records of its pages.
pub const MAX_ACTION_BYTES: u64 = MAX_SOURCE_BYTES;

/// What an input is expected to hold: JSON is checked at its first byte, so a stream of
/// something else (`/dev/zero`, a binary) is refused at once instead of read up to the cap.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Json,
    Text,
}

/// The bytes of the file `name`, or of standard input for `-`, at most `max` of them: reading
/// stops there, so `/dev/zero` or a runaway pipe ends with a message instead of exhausting memory.
pub fn read_input(name: &str, max: u64, holds: Holds) -> Result<Vec<u8>, Failure> {
    let shown = if name == "-" { "standard input" } else { name };
    let cannot = |err: std::io::Error| Failure::usage(format!("cannot read {shown}: {err}"));
    // A file's size says how much to make room for at once: growing as it reads would copy and
    // first-touch its bytes again at each doubling.
    let (reader, size): (Box<dyn Read>, u64) = if name == "-" {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let file = std::fs::File::open(name).map_err(cannot)?;
        let size = file.metadata().map_or(0, |m| m.len());
        (Box::new(file), size)
    };
    let mut reader = reader.take(max + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max) + 1).unwrap_or(0));
    if holds == Holds::Json {
        // The first bytes decide: JSON starts, after any byte-order mark and white space, with
        // `{` or `[`.
        (&mut reader)
            .take(64 << 10)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        if let Some(first) = text.iter().find(|b| !b.is_ascii_whitespace())
            && !matches!(first, b'{' | b'[')
        {
            return Err(Failure::usage(format!(
                "{shown} is not JSON: it starts with the byte 0x{first:02x}, not `{{` or `[`"
            ))
            .with_detail("nothing was written"));
        }
    }
    reader.read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(Failure::usage(format!(
            "{shown} is larger than the {} MiB partnerdesk reads from one input",
            max >> 20
        ))
        .with_detail("nothing was written; split it into smaller files"));
    }
    Ok(bytes)
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
