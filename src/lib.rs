//! partnerdesk: browse and run Microsoft CSP multi-partner relationships from the keyboard.
//!
//! Layers point one way: `tui` and `cli` (faces) → `interop` and `store` (files) → `workspace`
//! (records in tables, with indexes) → `domain` (the rulebook, pure); `tables` (generic
//! structures) sit under all of them.

pub mod allocator;
pub mod cli;
pub mod display;
pub mod domain;
pub mod interop;
pub mod store;
pub mod synth;
pub mod tables;
pub mod tui;
pub mod workspace;
