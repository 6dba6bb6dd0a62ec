//! Reading and writing workspace files, safely: precise errors on load, atomic writes on save,
//! and the embedded demo workspace.

mod demo;
mod load;
mod save;

pub use demo::{DEMO_JSON, demo_workspace};
pub use load::{Fingerprint, LoadError, Loaded, fingerprint, load_file, parse_workspace};
pub use save::{SaveError, save_file, to_json};
