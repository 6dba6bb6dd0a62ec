//! Overlays and bars: the invite form, the fuzzy picker, help, confirm, prompt and the
//! header/footer/status lines.

pub mod confirm;
pub mod help;
pub mod invite_form;
pub mod picker;
pub mod prompt;
pub mod status;
