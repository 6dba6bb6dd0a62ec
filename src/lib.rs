//! partnerdesk: browse and run Microsoft CSP multi-partner relationships from the keyboard.
//!
//! Layers point one way: `core` (domain, pure) ← `store` (files) ← `cli` and `tui` (faces).

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
