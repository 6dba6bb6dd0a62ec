//! The pop-ups over the main screen, each with its own state, keys and drawing: help, the
//! command palette, act-as, the invite form (and its live preview), confirmations, the script
//! of a record, the access-assignment form, save-as, and the file-changed-on-disk choice. `Modal` is the one that is open.

pub mod act_as;
pub mod action_form;
pub mod assign_form;
mod assign_view;
pub mod buy_form;
pub mod changed_on_disk;
pub mod confirm;
pub mod conflicts;
pub mod export_form;
pub mod help;
pub mod import_form;
pub mod import_report;
pub mod invite_form;
pub mod invite_view;
pub mod json_action_form;
pub mod master_data_form;
pub mod messages;
mod modal;
pub mod palette;
pub mod pass_time;
pub mod review;
pub mod save_as;
pub mod script;
pub mod write_file;

pub use modal::Modal;
