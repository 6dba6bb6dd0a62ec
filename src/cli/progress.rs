//! Progress of long CLI work on standard error: a byte bar while a workspace is read, then a
//! spinner naming the phase (parsing, checking, writing…). Only for work big enough to wait for,
//! only when standard error is a terminal (indicatif draws nothing into a pipe or a file) and
//! never under `-q`: a script's output stays what it was.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::sink;
use crate::store::Phase;

/// Files from this size on show their loading: smaller ones load before a bar could be read.
pub const SHOW_FROM_BYTES: u64 = 2 << 20;

/// A progress line, or nothing when the work is small, output is not a terminal, or `-q`.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line for work worth waiting for (`big`), else one that shows nothing.
    pub fn new(big: bool) -> Progress {
        if !big || sink::quiet() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// A progress line for loading the file at `path`, shown when the file is large.
    pub fn loading(path: &std::path::Path) -> Progress {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        Progress::new(size >= SHOW_FROM_BYTES)
    }

    /// Says which phase of loading a workspace has begun; the store calls it.
    pub fn phase(&self, phase: Phase) {
        let Some(bar) = &self.bar else { return };
        match phase {
            Phase::Reading { read, total } => {
                if bar.length() != Some(total) {
                    bar.set_style(bytes_style());
                    bar.set_length(total);
                    bar.set_message("reading");
                }
                bar.set_position(read);
            }
            other => self.step(other.label()),
        }
    }

    /// Export pages read so far: a bar over their bytes (rate and time left), naming the pages
    /// and records read.
    pub fn pages(
        &self,
        read_bytes: u64,
        total_bytes: u64,
        pages: usize,
        total: usize,
        records: usize,
    ) {
        let Some(bar) = &self.bar else { return };
        if bar.length() != Some(total_bytes) {
            bar.set_style(pages_style());
            bar.set_length(total_bytes);
        }
        bar.set_position(read_bytes);
        bar.set_message(format!("page {pages}/{total}, {records} records"));
    }

    /// Says what the work is busy with now ("writing", "checking"…).
    pub fn step(&self, what: &str) {
        let Some(bar) = &self.bar else { return };
        bar.set_style(spinner_style());
        bar.set_message(what.to_string());
    }
}

impl Drop for Progress {
    /// The line goes when the work ends, whatever ends it, so results and errors follow cleanly.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn bytes_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn pages_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ({eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}
