//! The main screen's state: the four panes' lists (rows, filters, selection), which pane is
//! shown, whether the table or the detail has the focus, the jumps to go back from and the
//! marked customers. It is changed by keys and clicks, and follows the workspace through
//! `Lists`; it never changes data.

mod detail_view;
mod focus;
mod layout;
mod lists;
mod mouse;
mod state;
mod text_job;

pub use detail_view::{DetailLayout, DetailView};
pub use focus::Focus;
pub use layout::ScreenLayout;
pub use lists::{Lists, changed_records};
pub use state::{Browse, Go};
