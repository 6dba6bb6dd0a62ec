//! Overlays and bars: the invite form, the fuzzy picker, help, confirm, prompt and the
//! header/footer/status lines.

mod area;
pub mod confirm;
pub mod help;
pub mod invite_form;
pub mod invite_view;
pub mod picker;
pub mod prompt;
pub mod status;

pub use area::centered;
