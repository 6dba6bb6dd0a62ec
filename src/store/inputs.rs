//! Reading what a command is given besides a workspace: a file the user names (or `-` for
//! standard input), read up to a cap so `/dev/zero` or a runaway pipe ends with a message
//! instead of exhausting memory; and export pages named one by one or by their folder.

use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Why an input could not be read: a sentence naming it, and what became of the command.
#[derive(Debug)]
pub struct InputError {
    pub message: String,
    pub detail: Option<&'static str>,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn refused(message: String, detail: &'static str) -> InputError {
    InputError {
        message,
        detail: Some(detail),
    }
}

/// The bytes of the file `name`, or of standard input for `-`, at most `max` of them.
pub fn read_input(name: &str, max: u64, holds: Holds) -> Result<Vec<u8>, InputError> {
    read_input_into(name, max, holds, Vec::with_capacity)
}

/// `read_input` into the buffer `buffer(room)` gives, `room` the bytes it will take if the
/// input is a file.
fn read_input_into(
    name: &str,
    max: u64,
    holds: Holds,
    buffer: impl FnOnce(usize) -> Vec<u8>,
) -> Result<Vec<u8>, InputError> {
    let shown = if name == "-" { "standard input" } else { name };
    let cannot = |err: std::io::Error| InputError {
        message: format!("cannot read {shown}: {err}"),
        detail: None,
    };
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
    let mut bytes = buffer(usize::try_from(size.min(max) + 1).unwrap_or(0));
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
            return Err(refused(
                format!(
                    "{shown} is not JSON: it starts with the byte 0x{first:02x}, not `{{` or `[`"
                ),
                "nothing was written",
            ));
        }
    }
    reader.read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(refused(
            format!(
                "{shown} is larger than the {} MiB partnerdesk reads from one input",
                max >> 20
            ),
            "nothing was written; split it into smaller files",
        ));
    }
    Ok(bytes)
}

/// One export page as named: the name shown (`(stdin)` for `-`) and what to read.
pub struct SourceName {
    pub shown: String,
    pub read: String,
}

impl SourceName {
    /// The page's bytes, up to `MAX_SOURCE_BYTES`, refused unless it starts as JSON does. They
    /// are read into a buffer a page read before left, when there is one.
    pub fn read(&self) -> Result<Vec<u8>, InputError> {
        read_input_into(
            &self.read,
            MAX_SOURCE_BYTES,
            Holds::Json,
            crate::interop::page_buffer,
        )
    }

    /// Its size when it is a file (for progress), else 0.
    pub fn size(&self) -> u64 {
        if self.read == "-" {
            return 0;
        }
        std::fs::metadata(&self.read).map_or(0, |m| m.len())
    }
}

/// The pages named: a folder stands for the `.json` files in it, in name order.
pub fn source_names(names: &[String]) -> Result<Vec<SourceName>, InputError> {
    let mut sources = Vec::new();
    for name in names {
        let path = Path::new(name);
        if name != "-" && path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|err| InputError {
                    message: format!("cannot read {name}: {err}"),
                    detail: None,
                })?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                })
                .collect();
            files.sort();
            for file in files {
                let shown = file.display().to_string();
                sources.push(SourceName {
                    read: shown.clone(),
                    shown,
                });
            }
        } else {
            sources.push(SourceName {
                shown: if name == "-" {
                    "(stdin)".into()
                } else {
                    name.clone()
                },
                read: name.clone(),
            });
        }
    }
    Ok(sources)
}
