//! partnerdesk: browse and run Microsoft CSP multi-partner relationships from the keyboard.
//!
//! Layers point one way: `core` (domain, pure) ← `store` (files) ← `cli` and `tui` (faces).

pub mod allocator;
pub mod cli;
pub mod core;
pub mod display;
pub mod interop;
pub mod launch;
pub mod store;
pub mod synth;
pub mod tui;
