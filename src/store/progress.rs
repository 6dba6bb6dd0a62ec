//! What opening a workspace file is busy with, for a face that shows progress. The store reports
//! each phase through a plain callback as it starts it; it knows nothing of threads or clocks,
//! and a caller that does not care passes `&|_| {}`.

/// One step of opening a file, in the order they happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// `read` bytes of the file's `total` are in memory (reported after each chunk).
    Reading { read: u64, total: u64 },
    /// The JSON text is being parsed into records.
    Parsing,
    /// The workspace's indexes are being built while its integrity is checked (every record
    /// against every rule): the two run side by side.
    Indexing,
    /// A crash journal is being replayed.
    Recovering,
}

impl Phase {
    /// A short name for a progress line: "reading", "parsing"…
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading { .. } => "reading",
            Phase::Parsing => "parsing",
            Phase::Indexing => "indexing and checking",
            Phase::Recovering => "replaying the crash journal",
        }
    }
}
