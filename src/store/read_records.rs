//! Reading a file's records for a command that answers for something other than their
//! integrity (`review`): read and parsed as `check` reads them, neither checked nor indexed,
//! and only the kinds the command reads built (`Kept`), so such a command costs what reading
//! the file costs and no more.

use std::path::Path;

use super::parse_text::{LoadError, parse_text_of};
use super::progress::Phase;
use super::read_file::read_file;
use crate::workspace::format::{Kept, ParsedFile, RecordsFile};

/// A file's records read as `check_file` reads them, but neither checked nor indexed, and only
/// the arrays `kept` names built: what `review` needs (its rules read records; integrity is
/// `check`'s to answer for).
pub fn read_records_with_progress(
    path: &Path,
    progress: &dyn Fn(Phase),
    kept: Kept,
) -> Result<RecordsFile, LoadError> {
    let (_, file) = read_file(path, progress, kept)?;
    Ok(RecordsFile::of(file))
}

/// `read_records_with_progress` for a workspace already in memory (read from standard input).
pub fn read_records_of_bytes(bytes: &[u8], kept: Kept) -> Result<RecordsFile, LoadError> {
    crate::allocator::fit_pages_to_file(bytes.len() as u64);
    Ok(RecordsFile::of(
        ParsedFile::from(parse_text_of(bytes)?).keeping(kept),
    ))
}
