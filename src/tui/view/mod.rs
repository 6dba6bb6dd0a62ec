//! Rendering: a pure function of `&App` onto a frame (`render`), one file per part of the
//! screen. Only the visible window of a table is turned into rows, so a frame costs the same for
//! 14 customers or 100,000.

mod columns;
mod detail;
mod footer;
mod header;
mod help;
mod popups;
mod renewals;
mod screen;
mod table;
mod tabs;

pub use screen::{MIN_HEIGHT, MIN_WIDTH, render};
