//! Reading a workspace file from disk: checked to be a readable regular file, reported as it
//! goes, and parsed — a large file on every core while it is still being read (`stream_parse`).

use std::path::Path;

use super::fingerprint::{Fingerprint, fingerprint};
use super::parse_text::{LoadError, check_string_lengths, lines_are_short, parse_text_of};
use super::progress::Phase;
use super::stream_parse;
use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION, Kept, ParsedFile};

/// A file's records parsed, with every format problem said precisely; large files are parsed
/// while they are read.
/// Only the arrays `kept` names keep their records; the others are read for their syntax alone.
pub(super) fn read_file(
    path: &Path,
    progress: &dyn Fn(Phase),
    kept: Kept,
) -> Result<(Fingerprint, ParsedFile), LoadError> {
    let io = |err: std::io::Error| LoadError::io(path, err);
    readable_size(path)?;
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the open: check what was opened.
    let opened = file.metadata().map_err(io)?;
    not_a_regular_file(&opened).map_or(Ok(()), |what| {
        Err(LoadError::unreadable(
            path,
            format!("it is {what}, not a workspace file"),
        ))
    })?;
    let size = opened.len();
    crate::allocator::fit_pages_to_file(size);
    let mut reading = Reporting {
        inner: file,
        read: 0,
        reported: 0,
        total: size,
        progress,
    };
    progress(Phase::Reading {
        read: 0,
        total: size,
    });
    let file = if size < stream_parse::PARALLEL_FROM_BYTES {
        let mut bytes = Vec::with_capacity(size as usize);
        std::io::Read::read_to_end(&mut reading, &mut bytes).map_err(io)?;
        progress(Phase::Parsing);
        (
            fingerprint(&bytes),
            ParsedFile::from(parse_text_of(&bytes)?).keeping(kept),
        )
    } else {
        let vetted = |part: &[u8]| lines_are_short(part) || check_string_lengths(part, 0).is_ok();
        let read_done = || progress(Phase::Parsing);
        let (parsed, hash) =
            stream_parse::parse_while_reading(&mut reading, size, &vetted, &read_done, kept)
                .map_err(io)?;
        match parsed {
            Some(file) if file.format == FORMAT_NAME && file.version <= FORMAT_VERSION => {
                (hash, file)
            }
            // Something is off: the ordinary parse of the whole file says what, precisely.
            _ => {
                let bytes = std::fs::read(path).map_err(io)?;
                let file = parse_text_of(&bytes)?;
                (fingerprint(&bytes), ParsedFile::from(file).keeping(kept))
            }
        }
    };
    Ok(file)
}

/// A reader that says how much of the file is in, about every 8 MiB; `total` (the size when
/// opened) only sizes the report, the read goes on to the end whatever it is.
struct Reporting<'a> {
    inner: std::fs::File,
    read: u64,
    reported: u64,
    total: u64,
    progress: &'a dyn Fn(Phase),
}

impl std::io::Read for Reporting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read - self.reported >= 8 << 20 || (n == 0 && self.read > self.reported) {
            self.reported = self.read;
            (self.progress)(Phase::Reading {
                read: self.read,
                total: self.total.max(self.read),
            });
        }
        Ok(n)
    }
}

/// The size of the workspace file at `path`, or why it cannot be opened (missing, not a regular
/// file, no read permission): what a face can check at once, before it commits to a long load.
pub fn readable_size(path: &Path) -> Result<u64, LoadError> {
    let meta = std::fs::metadata(path).map_err(|err| LoadError::io(path, err))?;
    not_a_regular_file(&meta).map_or(Ok(()), |what| {
        Err(LoadError::unreadable(
            path,
            format!("it is {what}, not a workspace file"),
        ))
    })?;
    if let Some(mode) = mode_without(&meta, 0o444) {
        // Nobody may read it; the owner (or root) could, but a file marked so is not ours to open.
        let why = format!("it has no read permission (mode {mode:04o})");
        return Err(LoadError::unreadable(path, why));
    }
    Ok(meta.len())
}

/// The file's permission bits when none of `bits` is set (no read, or no write, for anyone).
/// Checked by mode rather than by trying, so it holds for root too.
pub(super) fn mode_without(meta: &std::fs::Metadata, bits: u32) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        (mode & bits == 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, bits);
        None
    }
}

pub(super) fn not_a_regular_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}
