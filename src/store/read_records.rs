//! Reading a file's records for a command that answers for something other than their
//! integrity (`review`): read and parsed exactly as `check` reads them, neither checked nor
//! indexed, so such a command costs what reading the file costs and no more.

use std::path::Path;

use super::load::{LoadError, parse_text_of, read_file};
use super::progress::Phase;
use crate::workspace::format::RecordsFile;

/// A file's records read exactly as `check_file` reads them, but neither checked nor indexed:
/// what `review` needs (its rules read records; integrity is `check`'s to answer for).
pub fn read_records_with_progress(
    path: &Path,
    progress: &dyn Fn(Phase),
) -> Result<RecordsFile, LoadError> {
    let (_, file) = read_file(path, progress)?;
    Ok(RecordsFile::of(file))
}

/// `read_records_with_progress` for a workspace already in memory (read from standard input).
pub fn read_records_of_bytes(bytes: &[u8]) -> Result<RecordsFile, LoadError> {
    crate::allocator::fit_pages_to_file(bytes.len() as u64);
    Ok(RecordsFile::of(parse_text_of(bytes)?))
}
