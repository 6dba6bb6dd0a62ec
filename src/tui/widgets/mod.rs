//! Building blocks that know nothing of the app: where a pop-up goes, the fuzzy picker, the
//! one-line prompt and the status line. The pop-ups built from them are in `popups`.

pub mod area;
pub mod fields;
pub mod picker;
pub mod position;
pub mod prompt;
pub mod status;
pub mod text_input;
pub mod verdict;
