//! Whole screens: the lesson picker, the lesson itself (with its header and footer), and the
//! overlays drawn on top.

pub mod footer;
pub mod header;
pub mod lesson;
pub mod overlay;
pub mod picker;
