//! Rendering: results and selections as text. Every cell's text comes from [`cells`], so a
//! column reads the same in every view; the other modules lay the cells out, one per view.

pub(crate) mod cells;
pub(crate) mod coverage;
mod fit;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod listing;
pub(crate) mod markdown;
pub(crate) mod matrix;
pub(crate) mod paint;
pub(crate) mod screen;
pub(crate) mod selftest;
pub(crate) mod table;
