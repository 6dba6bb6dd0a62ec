//! The terminal app: a ratatui face over the core. `run(launch)` owns the terminal (raw mode,
//! alternate screen, mouse capture) and restores it on quit, on error and on panic; everything
//! else — state, keys, rendering — is pure and tested without a terminal (`App`, `render`).
//! This file only names the parts; each lives in its own file.

mod access;
pub mod app;
mod apply_flow;
mod availability;
pub mod browse;
mod changes;
pub mod chord;
mod clipboard;
mod command_kinds;
mod command_rows;
pub mod commands;
mod conflict_flow;
mod dispatch;
mod effect;
mod file_actions;
mod history;
pub mod index;
mod input;
mod invite_flow;
pub mod keymap;
mod launch;
pub mod loading;
mod offboard_flow;
mod opening;
pub mod panes;
mod passing_time;
mod popup_command_rows;
mod popup_keys;
pub mod popups;
mod record_history;
mod relationship_actions;
mod review_flow;
mod run;
mod saving;
mod settings;
mod shell;
mod source;
mod subscription_flow;
mod targets;
mod terminal;
pub mod testing;
pub mod theme;
mod time_passing;
pub mod view;
pub mod widgets;

pub use app::App;
pub use effect::Effect;
pub use keymap::Keymap;
pub use launch::{Launch, demo_save_path};
pub use opening::{Ended, run_loading};
pub use run::run;
pub use shell::Shell;
pub use source::Source;
pub use view::render;
