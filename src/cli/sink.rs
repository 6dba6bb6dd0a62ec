//! Where the command line writes: data to standard output, status and errors to standard error.
//!
//! `println!` panics when the reader of a pipe has gone (`partnerdesk list … | head -1`) or the
//! disk is full (`> /dev/full`). Every CLI write goes through here instead: the first failure is
//! remembered and later writes are skipped, and `finish` turns it into the exit code — a closed
//! pipe ends the command quietly with the code of what it did (a saved change stays exit 0); any
//! other write failure is an error, exit 2.
//!
//! Human-readable lines (`outln!`, `status!`) are made inert here, once, so no caller can forget
//! it: a name holding an escape sequence never reaches the terminal as one. Data formats (JSON,
//! CSV, scripts) escape their own text and go out unchanged through `data`.

use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::display::inert;

/// Standard output, buffered: a long listing costs a few large writes, not one per line.
struct Stdout {
    writer: Option<BufWriter<io::Stdout>>,
    failure: Option<io::Error>,
}

static STDOUT: Mutex<Stdout> = Mutex::new(Stdout {
    writer: None,
    failure: None,
});

/// `-q`: status lines are not written.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences status lines (`-q`); data and errors are still written.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// True under `-q`.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

fn stdout() -> MutexGuard<'static, Stdout> {
    // A panic elsewhere while holding the lock leaves nothing half-done here worth refusing for.
    STDOUT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes `text` to standard output as it is: for data that escaped its own text (JSON, CSV,
/// scripts, the schema).
pub fn data(text: &str) {
    data_bytes(text.as_bytes());
}

/// `data` for bytes already known to be text cut anywhere (a JSON writer's pieces).
pub fn data_bytes(bytes: &[u8]) {
    let mut out = stdout();
    if out.failure.is_some() {
        return;
    }
    let writer = out
        .writer
        .get_or_insert_with(|| BufWriter::with_capacity(64 * 1024, io::stdout()));
    if let Err(err) = writer.write_all(bytes) {
        out.failure = Some(err);
    }
}

/// Writes `text` and a line break to standard output, every control character made visible.
pub fn line(text: &str) {
    let mut shown = inert_lines(text);
    shown.push('\n');
    data(&shown);
}

/// True once standard output can take nothing more (its reader went away, or it failed): long
/// listings stop early.
pub fn stdout_gone() -> bool {
    stdout().failure.is_some()
}

/// Writes a status line ("wrote FILE") to standard error unless `-q` silenced it.
pub fn status(text: &str) {
    if !quiet() {
        error(text);
    }
}

/// Writes a line to standard error, made inert. Never fails: with standard error gone, there is
/// nowhere left to say anything.
pub fn error(text: &str) {
    let mut shown = inert_lines(text);
    shown.push('\n');
    let _ = io::stderr().lock().write_all(shown.as_bytes());
}

/// `text` with each line made inert, the line breaks between them kept.
fn inert_lines(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            shown.push('\n');
        }
        shown.push_str(&inert(line));
    }
    shown
}

/// How writing to standard output ended.
#[derive(Debug)]
pub enum Finished {
    /// Everything was written.
    Written,
    /// The reader went away (a closed pipe): not an error of ours.
    ReaderGone,
    /// Writing failed (a full disk, an I/O error).
    Failed(io::Error),
}

/// Flushes standard output and says how writing it ended.
pub fn finish() -> Finished {
    let mut out = stdout();
    if out.failure.is_none()
        && let Some(writer) = out.writer.as_mut()
        && let Err(err) = writer.flush()
    {
        out.failure = Some(err);
    }
    // Nothing buffered is left to write when the process ends (a failed flush keeps its bytes).
    if let Some(writer) = out.writer.take() {
        let (_, _) = writer.into_parts();
    }
    match out.failure.take() {
        None => Finished::Written,
        Some(err) if err.kind() == io::ErrorKind::BrokenPipe => Finished::ReaderGone,
        Some(err) => Finished::Failed(err),
    }
}

/// `outln!("…", args)`: a human-readable line on standard output, made inert.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::sink::line(&format!($($arg)*))
    };
}

/// `status!("…", args)`: a status line on standard error, unless `-q`.
macro_rules! status {
    ($($arg:tt)*) => {
        $crate::cli::sink::status(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_made_inert_and_line_breaks_are_kept() {
        let shown = inert_lines("a\u{1b}]52;c;x\u{7}\nb\u{9b}");
        assert_eq!(shown.lines().count(), 2);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
    }
}
