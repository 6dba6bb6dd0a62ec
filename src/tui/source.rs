//! Where the workspace came from: the embedded demo or a file (with the fingerprint it had when
//! loaded), so saving knows where to go and whether the file changed underneath.

use std::path::PathBuf;

use crate::store::Fingerprint;

/// Where the workspace came from, so saving knows where to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The embedded demo: saving writes to the user's data directory, never into `assets/`.
    Demo,
    File {
        path: PathBuf,
        fingerprint: Fingerprint,
    },
}
