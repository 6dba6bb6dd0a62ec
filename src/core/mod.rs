//! The domain: records, actions, rules and their validation. Pure: no terminal, no file system,
//! no clock (every function that needs the time is given it).

pub mod action;
mod actions;
pub mod apply;
pub mod by_id;
mod check_all;
pub mod chunked;
pub mod diagnostics;
pub mod duration;
pub mod events;
mod exact_vec;
pub mod format;
pub mod ids;
pub mod imported;
pub mod integrity;
mod layered_set;
pub mod model;
mod owner_index;
pub mod roles;
pub mod rules;
mod table;
pub mod text;
pub mod workspace;

pub use action::{Action, Actor, GdapRequest};
pub use apply::{Applied, apply, check_action};
pub use check_all::check;
pub use diagnostics::Diagnostic;
pub use events::{Event, RecordKind};
pub use format::WorkspaceFile;
pub use ids::{Id, Time};
pub use model::*;
pub use rules::{CATALOGUE, Refusal, RuleId};
pub use text::Text;
pub use workspace::Workspace;
