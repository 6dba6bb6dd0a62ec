//! Reading and writing workspace files, safely: precise errors on load, atomic writes on save,
//! the writer's lock, the crash journal, a session that ties them together, and the embedded demo
//! workspace.

pub mod app_dirs;
mod demo;
pub mod fault;
mod fingerprint;
pub mod inputs;
pub mod journal;
mod load;
pub mod lock;
mod own_file;
mod parse_text;
mod progress;
mod read_file;
mod read_records;
mod replace;
mod save;
pub mod session;
mod stream_parse;
mod temp;
pub mod user_templates;

pub use demo::{DEMO_JSON, demo_workspace};
pub use fingerprint::{Fingerprint, FingerprintHasher, fingerprint, fingerprint_of_file};
pub use load::{
    Loaded, Unchecked, check_bytes, check_file, check_file_with_progress, load_bytes,
    load_bytes_unchecked, load_file, load_file_unchecked_with_progress, load_file_with_progress,
    parse_workspace,
};
pub use parse_text::{LoadError, MAX_STRING_BYTES};
pub use progress::Phase;
pub use read_file::readable_size;
pub use read_records::{read_records_of_bytes, read_records_with_progress};
pub use replace::replace_file;
pub use save::{Expect, SaveError, save_file, save_target, to_json};
pub use temp::TEMP_SUFFIX;
