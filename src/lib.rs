//! partnerdesk: browse and run Microsoft CSP multi-partner relationships from the keyboard.
//!
//! Layers point one way: `core` (domain, pure) ← `store` (files) ← `cli` and `tui` (faces).

// Outside tests a failure is an error value, never a shortcut panic (tests may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod allocator;
pub mod cli;
pub mod display;
pub mod domain;
pub mod interop;
pub mod launch;
pub mod store;
pub mod synth;
pub mod tables;
pub mod tui;
pub mod workspace;
