//! Whole screens: the lesson picker, the lesson itself, and the overlays drawn on top.

pub mod footer;
pub mod lesson;
pub mod overlay;
pub mod picker;
